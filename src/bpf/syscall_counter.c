// SPDX-License-Identifier: GPL-2.0
#include "bpf/syscall_counter.h"

#include "bpf/loader.h"
#include "bpf/syscall_count.skel.h"
#include "bpf/tasks.h"
#include "core/target.h"
#include "syscall_count.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct syscall_counter {
	struct syscall_count_bpf *skel;
	int nr_cpus;
	uint64_t *percpu; /* one read buffer, nr_cpus slots */
	struct syscall_pid_stats *percpu_stats; /* the same for exit_stats */
};

int syscall_counter__open(struct syscall_counter **out, bool filter_tasks,
			  unsigned int want)
{
	struct syscall_counter *sc = calloc(1, sizeof(*sc));
	bool timing = want & (SYSCALL_WANT_TIMING | SYSCALL_WANT_HIST);
	bool want_exit = want & SYSCALL_WANT_EXIT;
	int err;

	if (!sc)
		return -ENOMEM;
	bpf_loader__init();
	sc->nr_cpus = libbpf_num_possible_cpus();
	if (sc->nr_cpus <= 0) {
		err = sc->nr_cpus ? sc->nr_cpus : -EINVAL;
		goto fail;
	}
	sc->percpu = calloc((size_t)sc->nr_cpus, sizeof(uint64_t));
	sc->percpu_stats =
		calloc((size_t)sc->nr_cpus, sizeof(*sc->percpu_stats));
	sc->skel = syscall_count_bpf__open();
	if (!sc->percpu || !sc->percpu_stats || !sc->skel) {
		err = sc->percpu && sc->percpu_stats ? -errno : -ENOMEM;
		goto fail;
	}
	if (want & SYSCALL_WANT_NOT_SELF)
		sc->skel->rodata->ignored_tgid = (uint32_t)getpid();
	sc->skel->rodata->filter_tasks = filter_tasks;
	sc->skel->rodata->timing = timing;
	/* trace -s reads calls from the timing maps, stat these counts. */
	sc->skel->rodata->counting = !timing;
	sc->skel->rodata->latency_hist = want & SYSCALL_WANT_HIST;
	sc->skel->rodata->filter_syscalls = want & SYSCALL_WANT_CHOSEN;
	sc->skel->rodata->only_failed = want & SYSCALL_WANT_FAILED;
	sc->skel->rodata->per_pid = want & SYSCALL_WANT_PER_PID;
	bpf_program__set_autoload(sc->skel->progs.count_exit,
				  want_exit || timing);
	bpf_program__set_autoload(sc->skel->progs.track_fork, filter_tasks);
	bpf_program__set_autoload(sc->skel->progs.track_exec,
				  filter_tasks || (want & SYSCALL_WANT_PER_PID));
	bpf_program__set_autoload(sc->skel->progs.track_exit, filter_tasks);
	err = syscall_count_bpf__load(sc->skel);
	if (err)
		goto fail;
	*out = sc;
	return 0;
fail:
	syscall_counter__free(sc);
	return err < 0 ? err : -EINVAL;
}

int syscall_counter__track(struct syscall_counter *sc, pid_t tid,
			   bool pending_exec)
{
	return bpf_tasks__track(sc->skel->maps.tasks, tid, pending_exec);
}

int syscall_counter__attach(struct syscall_counter *sc)
{
	int err = syscall_count_bpf__attach(sc->skel);

	return err < 0 ? err : 0;
}

static int read_sum(struct syscall_counter *sc, struct bpf_map *map, int nr,
		    uint64_t *sum)
{
	uint32_t key = (uint32_t)nr;

	if (nr < 0 || nr >= SYSCALL_COUNT_MAX)
		return -EINVAL;
	if (bpf_map__lookup_elem(map, &key, sizeof(key), sc->percpu,
				 (size_t)sc->nr_cpus * sizeof(uint64_t), 0))
		return -errno;
	*sum = 0;
	for (int cpu = 0; cpu < sc->nr_cpus; cpu++)
		*sum += sc->percpu[cpu];
	return 0;
}

int syscall_counter__read(struct syscall_counter *sc, int nr, bool at_exit,
			  uint64_t *count)
{
	return read_sum(sc,
			at_exit ? sc->skel->maps.exit_counts
				: sc->skel->maps.enter_counts,
			nr, count);
}

int syscall_counter__read_stats(struct syscall_counter *sc, int nr,
				struct syscall_stats *st)
{
	/* Counted as they return, as strace does: exit_group never does. */
	uint32_t key = (uint32_t)nr;

	if (nr < 0 || nr >= SYSCALL_COUNT_MAX)
		return -EINVAL;
	if (bpf_map__lookup_elem(sc->skel->maps.exit_stats, &key, sizeof(key),
				 sc->percpu_stats,
				 (size_t)sc->nr_cpus * sizeof(*sc->percpu_stats),
				 0))
		return -errno;
	*st = (struct syscall_stats){ 0 };
	for (int cpu = 0; cpu < sc->nr_cpus; cpu++) {
		st->calls += sc->percpu_stats[cpu].calls;
		st->errors += sc->percpu_stats[cpu].errors;
		st->ns += sc->percpu_stats[cpu].ns;
	}
	return 0;
}

int syscall_counter__choose(struct syscall_counter *sc, int nr)
{
	return bpf_tasks__want_syscall(sc->skel->maps.syscall_wanted, nr);
}

int syscall_counter__track_target(struct syscall_counter *sc,
				  const struct target *t)
{
	return bpf_tasks__track_target(sc->skel->maps.tasks, t);
}

int syscall_counter__read_hist(struct syscall_counter *sc, int nr,
			       uint64_t *slots, size_t nr_slots)
{
	for (size_t i = 0; i < nr_slots; i++) {
		struct syscall_hist_key key = { (unsigned int)nr,
						(unsigned int)i };

		slots[i] = 0;
		if (bpf_map__lookup_elem(sc->skel->maps.latency, &key,
					 sizeof(key), sc->percpu,
					 (size_t)sc->nr_cpus * sizeof(uint64_t),
					 0)) {
			if (errno == ENOENT)
				continue;
			return -errno;
		}
		for (int cpu = 0; cpu < sc->nr_cpus; cpu++)
			slots[i] += sc->percpu[cpu];
	}
	return 0;
}

static int by_pid_then_nr(const void *a, const void *b)
{
	const struct syscall_pid_row *x = a, *y = b;

	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	return (x->nr > y->nr) - (x->nr < y->nr);
}

int syscall_counter__read_per_pid(struct syscall_counter *sc,
				  struct syscall_pid_row **rows, size_t *nr)
{
	struct bpf_map *map = sc->skel->maps.pid_stats;
	struct syscall_pid_key key, next;
	struct syscall_pid_stats value;
	size_t n = 0, cap = bpf_map__max_entries(map);
	struct syscall_pid_row *out = calloc(cap, sizeof(*out));
	void *prev = NULL;

	if (!out)
		return -ENOMEM;
	while (n < cap && !bpf_map__get_next_key(map, prev, &next, sizeof(next))) {
		key = next;
		prev = &key;
		if (bpf_map__lookup_elem(map, &key, sizeof(key), &value,
					 sizeof(value), 0))
			continue; /* gone meanwhile */
		out[n++] = (struct syscall_pid_row){
			(pid_t)key.pid, (int)key.nr,
			{ value.calls, value.errors, value.ns }
		};
	}
	qsort(out, n, sizeof(*out), by_pid_then_nr);
	*rows = out;
	*nr = n;
	return 0;
}

int syscall_counter__pid_comm(struct syscall_counter *sc, pid_t pid,
			      char comm[16])
{
	uint32_t key = (uint32_t)pid;

	if (bpf_map__lookup_elem(sc->skel->maps.pid_comms, &key, sizeof(key),
				 comm, 16, 0))
		return -errno;
	comm[15] = '\0';
	return 0;
}

void syscall_counter__free(struct syscall_counter *sc)
{
	if (!sc)
		return;
	syscall_count_bpf__destroy(sc->skel);
	free(sc->percpu);
	free(sc->percpu_stats);
	free(sc);
}
