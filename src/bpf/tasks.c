// SPDX-License-Identifier: GPL-2.0
#include "bpf/tasks.h"

#include "core/target.h"
#include "syscall_count.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int bpf_tasks__track(struct bpf_map *tasks, pid_t tid, bool pending_exec)
{
	uint32_t key = (uint32_t)tid;
	uint8_t state = pending_exec ? TASK_PENDING_EXEC : TASK_ACTIVE;

	if (bpf_map__update_elem(tasks, &key, sizeof(key), &state,
				 sizeof(state), BPF_ANY))
		return -errno;
	return 0;
}

int bpf_tasks__track_target(struct bpf_map *tasks, const struct target *t)
{
	int err = 0;

	if (t->system_wide)
		return 0;
	if (t->child)
		return bpf_tasks__track(tasks, t->child, true);
	for (size_t p = 0; !err && p < t->nr_pids; p++) {
		pid_t *tids;
		size_t n;

		if (target__threads(t->pids[p], &tids, &n))
			continue;
		for (size_t i = 0; !err && i < n; i++)
			err = bpf_tasks__track(tasks, tids[i], false);
		free(tids);
	}
	return err;
}

int bpf_tasks__want_syscall(struct bpf_map *wanted, int nr)
{
	uint32_t key = (uint32_t)nr;
	uint8_t on = 1;

	if (nr < 0 || nr >= SYSCALL_COUNT_MAX)
		return -EINVAL;
	if (bpf_map__update_elem(wanted, &key, sizeof(key), &on, sizeof(on),
				 BPF_ANY))
		return -errno;
	return 0;
}
