// SPDX-License-Identifier: GPL-2.0
#include "core/counter.h"

#include "bpf/syscall_counter.h"
#include "core/perf_event.h"
#include "util/err.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct event_fds {
	int *fds;
	size_t nr;
	bool supported;
	bool in_bpf; /* counted by the syscall counter */
};

struct counter_set {
	const struct event_list *events;
	struct event_fds *per_event;
	struct syscall_counter *syscalls;
};

/* Where perf events go: one task list, or every online CPU. */
struct placement {
	pid_t *tids; /* -1 for system-wide */
	int *cpus;
	size_t nr;
};

static int place_on_target(const struct target *t, struct placement *pl)
{
	size_t cap = 0;
	int err;

	memset(pl, 0, sizeof(*pl));
	if (t->system_wide) {
		err = perf_event__online_cpus(&pl->cpus, &pl->nr);
		if (err)
			return err;
		pl->tids = malloc(pl->nr * sizeof(pid_t));
		if (!pl->tids)
			return -ENOMEM;
		for (size_t i = 0; i < pl->nr; i++)
			pl->tids[i] = -1;
		return 0;
	}
	if (t->child) {
		pl->tids = malloc(sizeof(pid_t));
		pl->cpus = malloc(sizeof(int));
		if (!pl->tids || !pl->cpus)
			return -ENOMEM;
		pl->tids[0] = t->child;
		pl->cpus[0] = -1;
		pl->nr = 1;
		return 0;
	}
	for (size_t p = 0; p < t->nr_pids; p++) {
		pid_t *tids;
		size_t n;

		err = target__threads(t->pids[p], &tids, &n);
		if (err) {
			err_detail_set("process %d is gone", t->pids[p]);
			return err;
		}
		if (pl->nr + n > cap) {
			pid_t *gt;
			int *gc;

			cap = (pl->nr + n) * 2;
			gt = realloc(pl->tids, cap * sizeof(pid_t));
			if (gt)
				pl->tids = gt;
			gc = realloc(pl->cpus, cap * sizeof(int));
			if (gc)
				pl->cpus = gc;
			if (!gt || !gc) {
				free(tids);
				return -ENOMEM;
			}
		}
		for (size_t i = 0; i < n; i++) {
			pl->tids[pl->nr] = tids[i];
			pl->cpus[pl->nr++] = -1;
		}
		free(tids);
	}
	return 0;
}

static void placement_release(struct placement *pl)
{
	free(pl->tids);
	free(pl->cpus);
}

static bool is_unsupported(int err)
{
	return err == -ENOENT || err == -EOPNOTSUPP || err == -ENODEV ||
	       err == -EINVAL;
}

static void explain_denied(const struct target *t, const struct event *e)
{
	int paranoid = perf_event__paranoid();

	if (t->system_wide)
		err_detail_set("no permission to count '%s' system-wide: "
			       "kernel.perf_event_paranoid is %d (needs -1, "
			       "or CAP_PERFMON or root)",
			       e->name, paranoid);
	else if (e->kind == EVENT_TRACEPOINT)
		err_detail_set("no permission to count tracepoint '%s': "
			       "tracepoints need root or CAP_PERFMON "
			       "(kernel.perf_event_paranoid is %d)",
			       e->name, paranoid);
	else
		err_detail_set("no permission to count '%s': "
			       "kernel.perf_event_paranoid is %d (needs 1 or "
			       "lower for other users' processes, or "
			       "CAP_PERFMON or root)",
			       e->name, paranoid);
}

static int open_perf_event(struct counter_set *cs, size_t idx,
			   const struct target *t, const struct placement *pl)
{
	const struct event *e = &cs->events->items[idx];
	struct event_fds *ef = &cs->per_event[idx];
	struct perf_event_attr attr = {
		.size = sizeof(attr),
		.type = e->type,
		.config = e->config,
		.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			       PERF_FORMAT_TOTAL_TIME_RUNNING,
		.inherit = !t->system_wide,
		/* A held command counts from its exec, like perf stat; -a
		 * with a command counts the whole system from now. */
		.disabled = t->child && !t->system_wide,
		.enable_on_exec = t->child && !t->system_wide,
	};

	ef->fds = malloc(pl->nr * sizeof(int));
	if (!ef->fds)
		return -ENOMEM;
	for (size_t i = 0; i < pl->nr; i++) {
		int fd = perf_event__open(&attr, pl->tids[i], pl->cpus[i], -1,
					  0);

		if (fd >= 0) {
			ef->fds[ef->nr++] = fd;
			continue;
		}
		if (fd == -ESRCH && !t->system_wide && !t->child)
			continue; /* a thread that exited since the scan */
		if (fd == -EACCES || fd == -EPERM) {
			explain_denied(t, e);
			return fd;
		}
		if (fd == -EMFILE || fd == -ENFILE) {
			err_detail_set("too many events: out of file "
				       "descriptors opening '%s'",
				       e->name);
			return fd;
		}
		if (is_unsupported(fd) && e->kind == EVENT_HARDWARE)
			return 0; /* shown as <not supported> */
		err_detail_set("cannot count '%s': %s", e->name,
			       strerror(-fd));
		return fd;
	}
	ef->supported = true;
	if (!ef->nr && !t->system_wide && !t->child) {
		err_detail_set("every thread of the target is gone");
		return -ESRCH;
	}
	return 0;
}

static bool wants_bpf(const struct event *e)
{
	return e->kind == EVENT_TRACEPOINT && e->syscall_nr >= 0;
}

/*
 * Opens the BPF syscall counter when the list has syscall tracepoints.
 * Returns 0 when opened or when BPF is not allowed here (the perf path
 * takes those events then), else -errno.
 */
static int open_syscall_counter(struct counter_set *cs, const struct target *t)
{
	const struct event_list *ev = cs->events;
	bool any = false, want_exit = false;
	int err;

	for (size_t i = 0; i < ev->nr; i++) {
		if (wants_bpf(&ev->items[i])) {
			any = true;
			want_exit |= ev->items[i].syscall_exit;
		}
	}
	if (!any)
		return 0;
	err = syscall_counter__open(&cs->syscalls, !t->system_wide,
				    want_exit ? SYSCALL_WANT_EXIT : 0);
	if (err == -EPERM || err == -EACCES)
		return 0;
	if (err) {
		err_detail_set("cannot load the syscall counter: %s",
			       strerror(-err));
		return err;
	}
	err = syscall_counter__track_target(cs->syscalls, t);
	if (!err)
		err = syscall_counter__attach(cs->syscalls);
	if (err) {
		err_detail_set("cannot attach the syscall counter: %s",
			       strerror(-err));
		return err;
	}
	for (size_t i = 0; i < ev->nr; i++) {
		if (wants_bpf(&ev->items[i])) {
			cs->per_event[i].in_bpf = true;
			cs->per_event[i].supported = true;
		}
	}
	return 0;
}

int counter_set__open(struct counter_set **out, struct event_list *events,
		      const struct target *t)
{
	struct counter_set *cs = calloc(1, sizeof(*cs));
	struct placement pl = { 0 };
	size_t nr_perf = 0, limit;
	int err;

	if (!cs)
		return -ENOMEM;
	cs->events = events;
	cs->per_event = calloc(events->nr ? events->nr : 1,
			       sizeof(*cs->per_event));
	err = cs->per_event ? open_syscall_counter(cs, t) : -ENOMEM;
	if (err)
		goto fail;
	for (size_t i = 0; i < events->nr; i++)
		nr_perf += !cs->per_event[i].in_bpf;
	if (nr_perf) {
		err = events__resolve_ids(events);
		if (!err)
			err = place_on_target(t, &pl);
		if (err)
			goto fail;
		err = perf_event__reserve_fds(nr_perf * pl.nr, &limit);
		if (err) {
			err_detail_set("too many events: %zu counters need "
				       "%zu file descriptors, but the limit "
				       "is %zu (ulimit -n)",
				       nr_perf, nr_perf * pl.nr, limit);
			goto fail;
		}
	}
	for (size_t i = 0; i < events->nr; i++) {
		if (cs->per_event[i].in_bpf)
			continue;
		err = open_perf_event(cs, i, t, &pl);
		if (err)
			goto fail;
	}
	placement_release(&pl);
	*out = cs;
	return 0;
fail:
	placement_release(&pl);
	counter_set__free(cs);
	return err;
}

int counter_set__read(struct counter_set *cs, struct count_value *values)
{
	for (size_t i = 0; i < cs->events->nr; i++) {
		const struct event *e = &cs->events->items[i];
		struct event_fds *ef = &cs->per_event[i];
		struct count_value *v = &values[i];

		memset(v, 0, sizeof(*v));
		v->supported = ef->supported;
		if (ef->in_bpf) {
			int err = syscall_counter__read(cs->syscalls,
							e->syscall_nr,
							e->syscall_exit,
							&v->value);
			if (err)
				return err;
			continue;
		}
		for (size_t k = 0; k < ef->nr; k++) {
			uint64_t buf[3];

			if (read(ef->fds[k], buf, sizeof(buf)) !=
			    sizeof(buf))
				continue;
			/* Scale a multiplexed counter to its whole time. */
			if (buf[2] && buf[2] < buf[1])
				buf[0] = (uint64_t)((double)buf[0] * buf[1] /
						    buf[2]);
			v->value += buf[0];
			v->enabled_ns += buf[1];
			v->running_ns += buf[2];
		}
	}
	return 0;
}

bool counter_set__uses_bpf(const struct counter_set *cs)
{
	return cs->syscalls != NULL;
}

void counter_set__free(struct counter_set *cs)
{
	size_t total = 0;
	int *fds;

	if (!cs)
		return;
	for (size_t i = 0; cs->per_event && i < cs->events->nr; i++)
		total += cs->per_event[i].nr;
	fds = malloc((total ? total : 1) * sizeof(int));
	total = 0;
	for (size_t i = 0; cs->per_event && i < cs->events->nr; i++) {
		for (size_t k = 0; k < cs->per_event[i].nr; k++) {
			if (fds)
				fds[total++] = cs->per_event[i].fds[k];
			else
				close(cs->per_event[i].fds[k]);
		}
		free(cs->per_event[i].fds);
	}
	perf_event__close_all(fds, total);
	free(fds);
	free(cs->per_event);
	syscall_counter__free(cs->syscalls);
	free(cs);
}
