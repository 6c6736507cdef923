/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which tasks a syscall program follows, shared by the syscall programs:
 * a map of tracked tasks filled by user space (the -p threads, or the
 * held command pending its exec) and by the programs themselves (forks
 * of tracked tasks, threads born before the attach).
 */
#ifndef SONDE_BPF_TASKS_BPF_H
#define SONDE_BPF_TASKS_BPF_H

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "syscall_count.h"

const volatile bool filter_tasks = false;
/* System-wide, sonde itself is left out: its own output would feed it. */
const volatile __u32 ignored_tgid = 0;

/* The kernel fields read here, relocated by CO-RE from the kernel's BTF. */
struct task_struct {
	int pid;
	int tgid;
	int exit_code;
} __attribute__((preserve_access_index));

struct pt_regs {
#if defined(__TARGET_ARCH_arm64)
	long long syscallno;
#else
	unsigned long orig_ax;
#endif
} __attribute__((preserve_access_index));

/* At sys_exit the number is in the saved registers. */
static __always_inline long syscall_nr_of(struct pt_regs *regs)
{
#if defined(__TARGET_ARCH_arm64)
	return BPF_CORE_READ(regs, syscallno);
#else
	return (long)BPF_CORE_READ(regs, orig_ax);
#endif
}

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SYSCALL_COUNT_MAX_TASKS);
	/* Allocated as tasks come: preallocating 64k entries costs ms. */
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32); /* tid */
	__type(value, __u8); /* TASK_* */
} tasks SEC(".maps");

static __always_inline bool current_tracked(void)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, tgid = id >> 32;
	__u8 active = TASK_ACTIVE;
	__u8 *state;

	if (!filter_tasks)
		return tgid != ignored_tgid;
	state = bpf_map_lookup_elem(&tasks, &tid);
	if (state)
		return *state == TASK_ACTIVE;
	/* A thread born between sonde's /proc scan and the attach. */
	state = bpf_map_lookup_elem(&tasks, &tgid);
	if (!state || *state != TASK_ACTIVE)
		return false;
	bpf_map_update_elem(&tasks, &tid, &active, BPF_ANY);
	return true;
}

/* sched_process_fork: a tracked task's child is tracked from birth. */
static __always_inline void track_child(struct task_struct *child)
{
	__u8 active = TASK_ACTIVE;
	__u32 tid;

	if (!filter_tasks || !current_tracked())
		return;
	tid = (__u32)BPF_CORE_READ(child, pid);
	bpf_map_update_elem(&tasks, &tid, &active, BPF_ANY);
}

/*
 * sched_process_exec: true when the task is the held command, which
 * becomes tracked now.
 */
static __always_inline bool track_held_exec(__u32 tid)
{
	__u8 *state = bpf_map_lookup_elem(&tasks, &tid);

	if (!state || *state != TASK_PENDING_EXEC)
		return false;
	*state = TASK_ACTIVE;
	return true;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, __u8);
} syscall_wanted SEC(".maps");

/* Only the syscalls marked in syscall_wanted (trace -e trace=). */
const volatile bool filter_syscalls = false;

static __always_inline bool wanted(long nr)
{
	__u32 key = (__u32)nr;
	__u8 *on;

	if (!filter_syscalls)
		return true;
	on = bpf_map_lookup_elem(&syscall_wanted, &key);
	return on && *on;
}

/* A syscall of a tracked task that the filter lets through. */
static __always_inline bool syscall_followed(long nr)
{
	return nr >= 0 && nr < SYSCALL_COUNT_MAX && wanted(nr) &&
	       current_tracked();
}

/* The call a task is in: when it entered, and which it is. */
struct call_start {
	__u64 ns;
	__u32 nr;
};

/* A held command's execve, entered before it was tracked. */
#define CALL_STARTED_AT_EXEC 0xffffffffu
/* The task is in no call followed. */
#define NO_CALL 0xfffffffeu

/*
 * The current task's entry in a BPF_MAP_TYPE_TASK_STORAGE map (where the
 * call a task is in is kept: cheaper than a hash update and delete per
 * call, and freed with the task).
 */
static __always_inline void *current_storage(void *map, bool create)
{
	return bpf_task_storage_get(map, bpf_get_current_task_btf(), NULL,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE
					   : 0);
}

#endif
