// SPDX-License-Identifier: GPL-2.0
#include "bpf/syscall_tracer.h"

#include "bpf/loader.h"
#include "bpf/syscall_trace.skel.h"
#include "bpf/tasks.h"
#include "syscall_trace.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * The ring buffer, read here rather than with libbpf's ring_buffer: that
 * one publishes its read position after every record, and the traced
 * task, writing on another CPU, reads that position for each event —
 * a cache line moving between the CPUs at every syscall.  Publishing it
 * once per batch keeps it still.
 */
struct ring {
	int fd;
	/*
	 * Edge-triggered: readable when the kernel side wakes us, not
	 * whenever a record waits (which would have us chase the writer).
	 */
	int epoll_fd;
	size_t page, size;		   /* data bytes, a power of two */
	unsigned long *consumer_pos;	   /* ours, written */
	const unsigned long *producer_pos; /* the kernel's */
	const unsigned char *data; /* mapped twice over: records never wrap */
};

/* The read position is published at least this often in a batch. */
#define RING_PUBLISH_BYTES (1u << 20)

struct syscall_tracer {
	struct syscall_trace_bpf *skel;
	struct ring ring;
	int nr_cpus;
	uint64_t *percpu;
};

int syscall_tracer__open(struct syscall_tracer **out,
			 const struct syscall_tracer_opts *o)
{
	struct syscall_tracer *st = calloc(1, sizeof(*st));
	int err;

	if (!st)
		return -ENOMEM;
	bpf_loader__init();
	st->nr_cpus = libbpf_num_possible_cpus();
	if (st->nr_cpus <= 0) {
		err = st->nr_cpus ? st->nr_cpus : -EINVAL;
		goto fail;
	}
	st->percpu = calloc((size_t)st->nr_cpus, sizeof(uint64_t));
	st->skel = syscall_trace_bpf__open();
	if (!st->percpu || !st->skel) {
		err = st->percpu ? -errno : -ENOMEM;
		goto fail;
	}
	st->skel->rodata->ignored_tgid = (uint32_t)getpid();
	st->skel->rodata->filter_tasks = o->filter_tasks;
	st->skel->rodata->filter_syscalls = o->filter_syscalls;
	st->skel->rodata->only_failed = o->only_failed;
	bpf_program__set_autoload(st->skel->progs.trace_fork, o->filter_tasks);
	/* A slot per CPU where events are built. */
	err = bpf_map__set_max_entries(st->skel->maps.scratch,
				       (uint32_t)st->nr_cpus);
	if (err)
		goto fail;
	err = syscall_trace_bpf__load(st->skel);
	if (err)
		goto fail;
	*out = st;
	return 0;
fail:
	syscall_tracer__free(st);
	return err < 0 ? err : -EINVAL;
}

int syscall_tracer__set_plan(struct syscall_tracer *st, int nr,
			     const struct syscall_plan *plan)
{
	uint32_t key = (uint32_t)nr;

	if (nr < 0 || nr >= SYSCALL_COUNT_MAX)
		return -EINVAL;
	if (bpf_map__update_elem(st->skel->maps.plans, &key, sizeof(key), plan,
				 sizeof(*plan), BPF_ANY))
		return -errno;
	return 0;
}

int syscall_tracer__choose(struct syscall_tracer *st, int nr)
{
	return bpf_tasks__want_syscall(st->skel->maps.syscall_wanted, nr);
}

int syscall_tracer__track_target(struct syscall_tracer *st,
				 const struct target *t)
{
	return bpf_tasks__track_target(st->skel->maps.tasks, t);
}

static int ring_open(struct ring *r, int fd, size_t size)
{
	void *p;

	struct epoll_event ev = {.events = EPOLLIN | EPOLLET};

	r->fd = fd;
	r->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
	if (r->epoll_fd < 0 || epoll_ctl(r->epoll_fd, EPOLL_CTL_ADD, fd, &ev))
		return -errno;
	r->page = (size_t)sysconf(_SC_PAGESIZE);
	r->size = size;
	p = mmap(NULL, r->page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -errno;
	r->consumer_pos = p;
	p = mmap(NULL, r->page + 2 * size, PROT_READ, MAP_SHARED, fd,
		 (off_t)r->page);
	if (p == MAP_FAILED) {
		munmap(r->consumer_pos, r->page);
		r->consumer_pos = NULL;
		return -errno;
	}
	r->producer_pos = p;
	r->data = (const unsigned char *)p + r->page;
	return 0;
}

static void ring_close(struct ring *r)
{
	if (r->epoll_fd > 0)
		close(r->epoll_fd);
	if (r->consumer_pos)
		munmap(r->consumer_pos, r->page);
	if (r->producer_pos)
		munmap((void *)r->producer_pos, r->page + 2 * r->size);
}

int syscall_tracer__attach(struct syscall_tracer *st)
{
	int err = syscall_trace_bpf__attach(st->skel);

	if (err < 0)
		return err;
	return ring_open(&st->ring, bpf_map__fd(st->skel->maps.events),
			 bpf_map__max_entries(st->skel->maps.events));
}

int syscall_tracer__fd(const struct syscall_tracer *st)
{
	return st->ring.epoll_fd;
}

int syscall_tracer__consume(struct syscall_tracer *st, syscall_tracer_fn fn,
			    void *ctx)
{
	struct ring *r = &st->ring;
	unsigned long cons = __atomic_load_n(r->consumer_pos, __ATOMIC_RELAXED);
	unsigned long published = cons, prod;
	struct epoll_event ev;
	int err = 0;

	/* Take the wake-up, if one came: the next needs a new edge. */
	epoll_wait(r->epoll_fd, &ev, 1, 0);
	prod = __atomic_load_n(r->producer_pos, __ATOMIC_ACQUIRE);
	while (!err && cons < prod) {
		const uint32_t *hdr =
			(const uint32_t *)(r->data + (cons & (r->size - 1)));
		uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);
		uint32_t bytes =
			len & ~(BPF_RINGBUF_BUSY_BIT | BPF_RINGBUF_DISCARD_BIT);

		if (len & BPF_RINGBUF_BUSY_BIT)
			break; /* still being written */
		if (!(len & BPF_RINGBUF_DISCARD_BIT) &&
		    bytes >= sizeof(struct trace_event))
			err = fn(ctx, (const void *)(hdr + 2), bytes);
		cons += (BPF_RINGBUF_HDR_SZ + bytes + 7) & ~7ul;
		if (cons - published >= RING_PUBLISH_BYTES) {
			__atomic_store_n(r->consumer_pos, cons,
					 __ATOMIC_RELEASE);
			published = cons;
		}
	}
	__atomic_store_n(r->consumer_pos, cons, __ATOMIC_RELEASE);
	return err;
}

/* Runs the kernel skipped because the program was already running. */
static uint64_t recursion_misses(const struct bpf_program *prog)
{
	struct bpf_prog_info info = {0};
	uint32_t len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len))
		return 0;
	return info.recursion_misses;
}

uint64_t syscall_tracer__lost(struct syscall_tracer *st)
{
	uint32_t key = 0;
	uint64_t sum = 0;

	if (!bpf_map__lookup_elem(st->skel->maps.lost, &key, sizeof(key),
				  st->percpu,
				  (size_t)st->nr_cpus * sizeof(uint64_t), 0))
		for (int cpu = 0; cpu < st->nr_cpus; cpu++)
			sum += st->percpu[cpu];
	return sum + recursion_misses(st->skel->progs.trace_enter) +
	       recursion_misses(st->skel->progs.trace_exit);
}

void syscall_tracer__free(struct syscall_tracer *st)
{
	if (!st)
		return;
	ring_close(&st->ring);
	syscall_trace_bpf__destroy(st->skel);
	free(st->percpu);
	free(st);
}
