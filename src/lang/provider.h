/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe providers of sonde run, one file each (provider_*.c): how an
 * attach point of the program becomes concrete targets — wildcards
 * expanded against the tracepoints, an ELF's functions or its USDT notes
 * — what BPF program type runs there, and how it attaches (through
 * bpf/attach.c, fds that die with sonde).
 */
#ifndef SONDE_LANG_PROVIDER_H
#define SONDE_LANG_PROVIDER_H

#include "lang/ast.h"
#include "lang/diag.h"

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct bpf_attachments;

/* One place a probe's program attaches. */
struct lang_target {
	enum lang_probe_type type;
	char *probe; /* the `probe` builtin:
			"tracepoint:syscalls:sys_enter_read" */
	/* tracepoint, rawtracepoint: */
	char *category, *name;
	/* uprobe, uretprobe, usdt, kprobe, kretprobe: */
	char *path;	 /* the file (uprobes) or the function (kprobes) */
	uint64_t offset; /* file offset (uprobes), offset in the function */
	uint64_t ref_ctr_offset; /* a USDT semaphore */
	/* fentry, fexit: the function's BTF id and argument count */
	uint32_t btf_id, nr_args;
	char *usdt_args;	 /* the note's argument spec */
	/* profile, interval, software, hardware: */
	uint32_t perf_type;
	uint64_t perf_config;
	uint64_t period; /* events or ns between runs, or Hz with freq */
	bool freq;
	bool one_cpu; /* interval: one timer, not one per CPU */
};

struct lang_targets {
	struct lang_target *items;
	size_t nr, cap;
};

struct lang_provider {
	enum bpf_prog_type prog_type;
	/*
	 * Programs that the kernel binds to one target when loading
	 * (fentry/fexit): their attach type, else 0.
	 */
	enum bpf_attach_type (*attach_type)(const struct lang_target *t);
	/*
	 * Adds the targets ap names.  Errors fill diag (at ap->loc in file):
	 * an attach point matching nothing, a kernel without the feature.
	 */
	int (*expand)(const struct lang_attach *ap, const char *file,
		      struct lang_targets *out, struct lang_diag *diag);
	/* Attaches prog_fd there; pid >= 0 narrows uprobes to a process. */
	int (*attach)(const struct lang_target *t, int prog_fd, pid_t pid,
		      struct bpf_attachments *a);
};

const struct lang_provider *lang_provider__of(enum lang_probe_type type);

/* The targets' list: a new target with its probe name, or NULL (-ENOMEM). */
struct lang_target *lang_targets__add(struct lang_targets *ts,
				      enum lang_probe_type type,
				      const char *probe);
void lang_targets__release(struct lang_targets *ts);

extern const struct lang_provider lang_provider_special;
extern const struct lang_provider lang_provider_tracepoint;
extern const struct lang_provider lang_provider_rawtracepoint;
extern const struct lang_provider lang_provider_uprobe;
extern const struct lang_provider lang_provider_usdt;
extern const struct lang_provider lang_provider_timer;
extern const struct lang_provider lang_provider_event;
extern const struct lang_provider lang_provider_kernel;
extern const struct lang_provider lang_provider_tracing;

#endif
