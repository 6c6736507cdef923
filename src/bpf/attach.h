/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Attaching programs sonde builds itself (sonde run's) to the kernel's
 * event sources: tracepoints, raw tracepoints, uprobes and kprobes (the
 * kernel's probe PMUs), and sampling events per CPU.  Every attachment
 * is an fd that dies with sonde, so nothing outlives it; they are kept
 * together and closed together.
 */
#ifndef SONDE_BPF_ATTACH_H
#define SONDE_BPF_ATTACH_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct bpf_attachments {
	int *fds;
	size_t nr, cap;
};

/* A perf event opened, given the program and enabled; 0 or -errno. */
int bpf_attach__perf_event(struct bpf_attachments *a, int prog_fd,
			   struct perf_event_attr *attr, pid_t pid, int cpu);
/*
 * A tracepoint program (BPF_PROG_TYPE_TRACEPOINT) on CATEGORY:NAME.  The
 * program runs for every task on every CPU (it hangs on the tracepoint
 * itself): filter in the program.  -ENOENT for an unknown tracepoint.
 */
int bpf_attach__tracepoint(struct bpf_attachments *a, int prog_fd,
			   const char *category, const char *name);
/* A raw tracepoint program on NAME (sys_enter, sched_switch, ...). */
int bpf_attach__raw_tracepoint(struct bpf_attachments *a, int prog_fd,
			       const char *name);
/*
 * A uprobe (or uretprobe) program on the instruction at file offset
 * `offset` of `path`, in process pid or in every process (-1);
 * ref_ctr_offset: a USDT semaphore's file offset, which the kernel
 * counts up while the probe is attached (0: none).
 */
int bpf_attach__uprobe(struct bpf_attachments *a, int prog_fd, const char *path,
		       uint64_t offset, bool ret, uint64_t ref_ctr_offset,
		       pid_t pid);
/*
 * A tracing program (fentry/fexit), loaded with the function's BTF id,
 * attached to it.
 */
int bpf_attach__tracing(struct bpf_attachments *a, int prog_fd);
/*
 * The kernel function name in the kernel's BTF: its id and its number of
 * arguments.  0, -ENOENT (no such function), -EOPNOTSUPP (no BTF).
 */
int bpf_attach__btf_func(const char *name, uint32_t *id, uint32_t *nr_args);
/* A kprobe (or kretprobe) on function+offset: -ENOENT without the PMU. */
int bpf_attach__kprobe(struct bpf_attachments *a, int prog_fd, const char *func,
		       uint64_t offset, bool ret);
/*
 * A perf event program on a sampling event (type, config) on every
 * online CPU, every `period` events, or `period` times a second when
 * freq; for pid only when pid >= 0.
 */
int bpf_attach__sampling(struct bpf_attachments *a, int prog_fd, uint32_t type,
			 uint64_t config, uint64_t period, bool freq,
			 pid_t pid);
/*
 * Runs a raw tracepoint program once, now, in sonde's own task: BEGIN
 * and END blocks.  Returns the program's return value or -errno.
 */
int bpf_attach__run_once(int prog_fd);
/* Closes every attachment. */
void bpf_attach__release(struct bpf_attachments *a);

#endif
