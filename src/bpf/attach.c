// SPDX-License-Identifier: GPL-2.0
#include "bpf/attach.h"

#include "core/perf_event.h"
#include "core/tracefs.h"
#include "util/fileio.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define PMU_DIR "/sys/bus/event_source/devices/"

static int keep(struct bpf_attachments *a, int fd)
{
	if (a->nr == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16;
		int *fds = realloc(a->fds, cap * sizeof(*fds));

		if (!fds) {
			close(fd);
			return -ENOMEM;
		}
		a->fds = fds;
		a->cap = cap;
	}
	a->fds[a->nr++] = fd;
	return 0;
}

int bpf_attach__perf_event(struct bpf_attachments *a, int prog_fd,
			   struct perf_event_attr *attr, pid_t pid, int cpu)
{
	int fd, err;

	attr->disabled = 1;
	fd = perf_event__open(attr, pid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return fd;
	if (ioctl(fd, PERF_EVENT_IOC_SET_BPF, prog_fd) ||
	    ioctl(fd, PERF_EVENT_IOC_ENABLE, 0)) {
		err = -errno;
		close(fd);
		return err;
	}
	return keep(a, fd);
}

int bpf_attach__tracepoint(struct bpf_attachments *a, int prog_fd,
			   const char *category, const char *name)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_TRACEPOINT,
		.sample_period = 1,
	};
	int id = tracefs__event_id(category, name);

	if (id < 0)
		return id;
	attr.config = (uint64_t)id;
	/* One event is enough: the program runs wherever the tracepoint fires.
	 */
	return bpf_attach__perf_event(a, prog_fd, &attr, -1, 0);
}

int bpf_attach__raw_tracepoint(struct bpf_attachments *a, int prog_fd,
			       const char *name)
{
	int fd = bpf_raw_tracepoint_open(name, prog_fd);

	return fd < 0 ? fd : keep(a, fd);
}

int bpf_attach__tracing(struct bpf_attachments *a, int prog_fd)
{
	int fd = bpf_raw_tracepoint_open(NULL, prog_fd);

	return fd < 0 ? fd : keep(a, fd);
}

int bpf_attach__btf_func(const char *name, uint32_t *id, uint32_t *nr_args)
{
	struct btf *btf = btf__load_vmlinux_btf();
	const struct btf_type *func, *proto;
	int found;

	if (!btf)
		return -EOPNOTSUPP;
	found = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (found <= 0) {
		btf__free(btf);
		return -ENOENT;
	}
	func = btf__type_by_id(btf, (uint32_t)found);
	proto = btf__type_by_id(btf, func->type);
	*id = (uint32_t)found;
	*nr_args = proto ? btf_vlen(proto) : 0;
	btf__free(btf);
	return 0;
}

/* The probe PMU's type and its "retprobe" bit, from sysfs. */
static int probe_pmu(const char *pmu, int *type, int *retprobe_bit)
{
	char path[128];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), PMU_DIR "%s/type", pmu);
	err = file__read_int(path, type);
	if (err)
		return err;
	snprintf(path, sizeof(path), PMU_DIR "%s/format/retprobe", pmu);
	/* "config:0": the bit of attr.config that makes it a return probe. */
	*retprobe_bit = 0;
	f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "config:%d", retprobe_bit) != 1)
			*retprobe_bit = 0;
		fclose(f);
	}
	return 0;
}

static int attach_probe(struct bpf_attachments *a, int prog_fd, const char *pmu,
			uint64_t config1, uint64_t config2, bool ret,
			uint64_t ref_ctr_offset, pid_t pid)
{
	struct perf_event_attr attr = {.sample_period = 1};
	int type, bit, err = probe_pmu(pmu, &type, &bit);

	if (err)
		return err;
	attr.type = (uint32_t)type;
	attr.config1 = config1;
	attr.config2 = config2;
	if (ret)
		attr.config |= 1ull << bit;
	/* The semaphore's offset goes in config's upper 32 bits. */
	attr.config |= ref_ctr_offset << 32;
	return bpf_attach__perf_event(a, prog_fd, &attr, pid,
				      pid >= 0 ? -1 : 0);
}

int bpf_attach__uprobe(struct bpf_attachments *a, int prog_fd, const char *path,
		       uint64_t offset, bool ret, uint64_t ref_ctr_offset,
		       pid_t pid)
{
	return attach_probe(a, prog_fd, "uprobe", (uint64_t)(uintptr_t)path,
			    offset, ret, ref_ctr_offset, pid);
}

int bpf_attach__kprobe(struct bpf_attachments *a, int prog_fd, const char *func,
		       uint64_t offset, bool ret)
{
	return attach_probe(a, prog_fd, "kprobe", (uint64_t)(uintptr_t)func,
			    offset, ret, 0, -1);
}

int bpf_attach__sampling(struct bpf_attachments *a, int prog_fd, uint32_t type,
			 uint64_t config, uint64_t period, bool freq, pid_t pid)
{
	struct perf_event_attr attr = {
		.type = type,
		.config = config,
		.sample_period = period,
		.freq = freq,
	};
	int *cpus, err;
	size_t nr;

	if (pid >= 0)
		return bpf_attach__perf_event(a, prog_fd, &attr, pid, -1);
	err = perf_event__online_cpus(&cpus, &nr);
	if (err)
		return err;
	for (size_t i = 0; !err && i < nr; i++)
		err = bpf_attach__perf_event(a, prog_fd, &attr, -1, cpus[i]);
	free(cpus);
	return err;
}

int bpf_attach__run_once(int prog_fd)
{
	/* A raw tracepoint program takes its arguments as u64s: none. */
	uint64_t args[1] = {0};
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args,
		    .ctx_size_in = sizeof(args));
	int err = bpf_prog_test_run_opts(prog_fd, &opts);

	return err ? err : (int)opts.retval;
}

void bpf_attach__release(struct bpf_attachments *a)
{
	perf_event__close_all(a->fds, a->nr);
	free(a->fds);
	*a = (struct bpf_attachments){0};
}
