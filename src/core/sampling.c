// SPDX-License-Identifier: GPL-2.0
#include "core/sampling.h"

#include "core/perf_event.h"
#include "util/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

struct sampler {
	struct perf_event_attr attr;
	int *fds;
	uint64_t *ids;
	size_t nr_fds;
	struct ring *rings; /* one per CPU */
	int *ring_fds;
	size_t nr_rings;
};

/* The tasks to open the event on: -1 for the whole system. */
static int target_tasks(const struct target *t, pid_t **tasks, size_t *nr)
{
	pid_t *out = NULL;
	size_t n = 0;

	if (t->system_wide || t->child) {
		out = malloc(sizeof(*out));
		if (!out)
			return -ENOMEM;
		out[n++] = t->system_wide ? -1 : t->child;
	}
	for (size_t p = 0; p < t->nr_pids; p++) {
		pid_t *tids, *grown;
		size_t k;
		int err;

		if (t->threads_only) {
			tids = malloc(sizeof(*tids));
			if (!tids) {
				free(out);
				return -ENOMEM;
			}
			tids[0] = t->pids[p];
			k = 1;
		} else {
			err = target__threads(t->pids[p], &tids, &k);
			if (err) {
				free(out);
				err_detail_set("process %d is gone", t->pids[p]);
				return err;
			}
		}
		grown = realloc(out, (n + k) * sizeof(*out));
		if (!grown) {
			free(tids);
			free(out);
			return -ENOMEM;
		}
		out = grown;
		memcpy(out + n, tids, k * sizeof(*tids));
		n += k;
		free(tids);
	}
	*tasks = out;
	*nr = n;
	return 0;
}

static void setup_attr(struct perf_event_attr *a, const struct sampling_opts *o,
		       const struct target *t, size_t ring_bytes)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = o->event->type;
	a->config = o->event->config;
	if (o->period) {
		a->sample_period = o->period;
	} else if (o->event->kind == EVENT_TRACEPOINT && !o->freq) {
		a->sample_period = 1; /* every hit, as perf does */
	} else {
		a->freq = 1;
		a->sample_freq = o->freq;
	}
	a->sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			 PERF_SAMPLE_PERIOD | PERF_SAMPLE_CPU |
			 PERF_SAMPLE_IDENTIFIER;
	unwind__setup_attr(o->unwind, a);
	a->disabled = 1;
	/* A command alone starts at its exec; -a with one starts now. */
	a->enable_on_exec = t->child && !t->system_wide;
	a->inherit = o->inherit && !t->system_wide;
	/* Side-band: what every sample needs to be named later. */
	a->mmap = 1;
	a->mmap2 = 1;
	a->comm = 1;
	a->comm_exec = 1;
	a->task = 1;
	a->sample_id_all = 1;
	a->build_id = 1;
	a->watermark = 1;
	a->wakeup_watermark = (uint32_t)(ring_bytes / 4);
}

static void explain_open_error(int err, const struct target *t,
			       const struct event *e, pid_t tid)
{
	int paranoid = perf_event__paranoid();

	if (err == -EACCES || err == -EPERM) {
		if (t->system_wide)
			err_detail_set("no permission to sample system-wide: "
				       "kernel.perf_event_paranoid is %d "
				       "(needs -1, or CAP_PERFMON or root)",
				       paranoid);
		else
			err_detail_set("no permission to sample %s %d: "
				       "kernel.perf_event_paranoid is %d "
				       "(needs 1 or lower for other users' "
				       "processes, or CAP_PERFMON or root)",
				       t->child ? "command" : "process", tid,
				       paranoid);
	} else if (err == -EMFILE || err == -ENFILE) {
		err_detail_set("too many events: out of file descriptors");
	} else if (err == -ENOENT || err == -EOPNOTSUPP) {
		err_detail_set("cannot sample '%s': this kernel does not "
			       "support it%s",
			       e->name,
			       e->kind == EVENT_HARDWARE ?
				       " (no hardware PMU; use cpu-clock)" :
				       "");
	} else {
		err_detail_set("cannot sample '%s': %s", e->name,
			       strerror(-err));
	}
}

/* Opens one event; retries without MMAP2 build ids on old kernels. */
static int open_one(struct sampler *s, pid_t tid, int cpu)
{
	int fd = perf_event__open(&s->attr, tid, cpu, -1, 0);

	if (fd == -EINVAL && s->attr.build_id) {
		s->attr.build_id = 0;
		fd = perf_event__open(&s->attr, tid, cpu, -1, 0);
	}
	return fd;
}

int sampler__open(struct sampler **out, const struct sampling_opts *o,
		  const struct target *t)
{
	struct sampler *s = calloc(1, sizeof(*s));
	pid_t *tasks = NULL;
	int *cpus = NULL;
	size_t nr_tasks = 0, nr_cpus = 0, limit;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int err;

	if (!s)
		return -ENOMEM;
	err = target_tasks(t, &tasks, &nr_tasks);
	if (!err)
		err = perf_event__online_cpus(&cpus, &nr_cpus);
	if (err)
		goto fail;
	err = perf_event__reserve_fds(nr_tasks * nr_cpus, &limit);
	if (err) {
		err_detail_set("too many events: %zu threads on %zu CPUs need "
			       "%zu file descriptors, but the limit is %zu "
			       "(ulimit -n)",
			       nr_tasks, nr_cpus, nr_tasks * nr_cpus, limit);
		goto fail;
	}
	s->fds = malloc(nr_tasks * nr_cpus * sizeof(int));
	s->ids = malloc(nr_tasks * nr_cpus * sizeof(uint64_t));
	s->rings = calloc(nr_cpus, sizeof(*s->rings));
	s->ring_fds = malloc(nr_cpus * sizeof(int));
	if (!s->fds || !s->ids || !s->rings || !s->ring_fds) {
		err = -ENOMEM;
		goto fail;
	}
	setup_attr(&s->attr, o, t, o->ring_pages * page);
	for (size_t c = 0; c < nr_cpus; c++) {
		int ring_fd = -1;

		for (size_t k = 0; k < nr_tasks; k++) {
			int fd = open_one(s, tasks[k], cpus[c]);

			if (fd == -ESRCH && t->nr_pids)
				continue; /* a thread that exited since */
			if (fd < 0) {
				err = fd;
				explain_open_error(err, t, o->event, tasks[k]);
				goto fail;
			}
			s->fds[s->nr_fds++] = fd;
			if (ioctl(fd, PERF_EVENT_IOC_ID,
				  &s->ids[s->nr_fds - 1]) < 0) {
				err = -errno;
				goto fail;
			}
			if (ring_fd < 0) {
				err = ring__map(&s->rings[s->nr_rings], fd,
						o->ring_pages);
				if (err) {
					err_detail_set("cannot map a %zu KiB "
						       "ring buffer: %s",
						       o->ring_pages * page /
							       1024,
						       strerror(-err));
					goto fail;
				}
				s->ring_fds[s->nr_rings++] = fd;
				ring_fd = fd;
			} else if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT,
					 ring_fd) < 0) {
				err = -errno;
				goto fail;
			}
		}
	}
	if (!s->nr_fds) {
		err = -ESRCH;
		err_detail_set("every thread of the target is gone");
		goto fail;
	}
	/* A held command starts at its exec; the rest starts now. */
	if (!s->attr.enable_on_exec) {
		for (size_t i = 0; i < s->nr_fds; i++)
			ioctl(s->fds[i], PERF_EVENT_IOC_ENABLE, 0);
	}
	free(tasks);
	free(cpus);
	*out = s;
	return 0;
fail:
	free(tasks);
	free(cpus);
	sampler__free(s);
	return err;
}

const struct perf_event_attr *sampler__attr(const struct sampler *s)
{
	return &s->attr;
}

const uint64_t *sampler__ids(const struct sampler *s, size_t *nr)
{
	*nr = s->nr_fds;
	return s->ids;
}

const int *sampler__ring_fds(const struct sampler *s, size_t *nr)
{
	*nr = s->nr_rings;
	return s->ring_fds;
}

int sampler__drain(struct sampler *s,
		   int (*sink)(const void *data, size_t size, void *ctx),
		   void *ctx, struct ring_stats *stats)
{
	for (size_t i = 0; i < s->nr_rings; i++) {
		int err = ring__drain(&s->rings[i], sink, ctx, stats);

		if (err)
			return err;
	}
	return 0;
}

void sampler__disable(struct sampler *s)
{
	for (size_t i = 0; i < s->nr_fds; i++)
		ioctl(s->fds[i], PERF_EVENT_IOC_DISABLE, 0);
}

void sampler__free(struct sampler *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nr_rings; i++)
		ring__unmap(&s->rings[i]);
	perf_event__close_all(s->fds, s->nr_fds);
	free(s->fds);
	free(s->ids);
	free(s->rings);
	free(s->ring_fds);
	free(s);
}
