// SPDX-License-Identifier: GPL-2.0
#include "bpf/syscall_counter.h"

#include "bpf/loader.h"
#include "bpf/syscall_count.skel.h"
#include "core/target.h"
#include "syscall_count.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct syscall_counter {
	struct syscall_count_bpf *skel;
	int nr_cpus;
	uint64_t *percpu; /* one read buffer, nr_cpus slots */
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
	sc->skel = syscall_count_bpf__open();
	if (!sc->percpu || !sc->skel) {
		err = sc->percpu ? -errno : -ENOMEM;
		goto fail;
	}
	sc->skel->rodata->filter_tasks = filter_tasks;
	sc->skel->rodata->timing = timing;
	sc->skel->rodata->latency_hist = want & SYSCALL_WANT_HIST;
	sc->skel->rodata->filter_syscalls = want & SYSCALL_WANT_CHOSEN;
	sc->skel->rodata->only_failed = want & SYSCALL_WANT_FAILED;
	bpf_program__set_autoload(sc->skel->progs.count_exit,
				  want_exit || timing);
	bpf_program__set_autoload(sc->skel->progs.track_fork, filter_tasks);
	bpf_program__set_autoload(sc->skel->progs.track_exec, filter_tasks);
	/* It also drops an exited task's unfinished call. */
	bpf_program__set_autoload(sc->skel->progs.track_exit,
				  filter_tasks || timing);
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
	uint32_t key = (uint32_t)tid;
	uint8_t state = pending_exec ? TASK_PENDING_EXEC : TASK_ACTIVE;

	if (bpf_map__update_elem(sc->skel->maps.tasks, &key, sizeof(key),
				 &state, sizeof(state), BPF_ANY))
		return -errno;
	return 0;
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
	int err = read_sum(sc, sc->skel->maps.exit_calls, nr, &st->calls);

	if (!err)
		err = read_sum(sc, sc->skel->maps.exit_errors, nr, &st->errors);
	if (!err)
		err = read_sum(sc, sc->skel->maps.exit_ns, nr, &st->ns);
	return err;
}

int syscall_counter__choose(struct syscall_counter *sc, int nr)
{
	uint32_t key = (uint32_t)nr;
	uint8_t on = 1;

	if (nr < 0 || nr >= SYSCALL_COUNT_MAX)
		return -EINVAL;
	if (bpf_map__update_elem(sc->skel->maps.syscall_wanted, &key,
				 sizeof(key), &on, sizeof(on), BPF_ANY))
		return -errno;
	return 0;
}

int syscall_counter__track_target(struct syscall_counter *sc,
				  const struct target *t)
{
	int err = 0;

	if (t->system_wide)
		return 0;
	if (t->child)
		return syscall_counter__track(sc, t->child, true);
	for (size_t p = 0; !err && p < t->nr_pids; p++) {
		pid_t *tids;
		size_t n;

		if (target__threads(t->pids[p], &tids, &n))
			continue;
		for (size_t i = 0; !err && i < n; i++)
			err = syscall_counter__track(sc, tids[i], false);
		free(tids);
	}
	return err;
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

void syscall_counter__free(struct syscall_counter *sc)
{
	if (!sc)
		return;
	syscall_count_bpf__destroy(sc->skel);
	free(sc->percpu);
	free(sc);
}
