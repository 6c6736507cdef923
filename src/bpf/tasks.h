/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tracked-task map of the syscall programs (bpf/tasks.bpf.h), filled
 * from user space: what a target names, before the programs attach.
 */
#ifndef SONDE_BPF_TASKS_H
#define SONDE_BPF_TASKS_H

#include <stdbool.h>
#include <sys/types.h>

struct bpf_map;
struct target;

/* Tracks a task; pending_exec: it is followed from its next exec on. */
int bpf_tasks__track(struct bpf_map *tasks, pid_t tid, bool pending_exec);
/*
 * Tracks what the target names: its held command (from its exec), or
 * every thread of its -p processes; nothing for -a.
 */
int bpf_tasks__track_target(struct bpf_map *tasks, const struct target *t);

/* With filter_syscalls: syscall nr is followed (the syscall_wanted map). */
int bpf_tasks__want_syscall(struct bpf_map *wanted, int nr);

#endif
