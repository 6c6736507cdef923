// SPDX-License-Identifier: GPL-2.0
/*
 * Counts syscalls per number, in the kernel, with one program on the
 * sys_enter raw tracepoint (and one on sys_exit when asked): one attach
 * instead of one perf event per syscall tracepoint per task.  With
 * filter_tasks set, only tracked tasks count; tasks they fork are
 * tracked too, and a held command starts counting at its exec, as perf's
 * enable_on_exec does.
 *
 * Raw tracepoints, not perf tracepoint events: detaching a perf
 * tracepoint event waits for an RCU grace period (~40 ms here), a raw
 * tracepoint's detach does not.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <stdbool.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "syscall_count.h"

const volatile bool filter_tasks = false;
/* Also time each call and count its errors (trace -s). */
const volatile bool timing = false;
/* Only calls that fail count (trace -Z). */
const volatile bool only_failed = false;
/* Only the syscalls marked in syscall_wanted (trace -e trace=). */
const volatile bool filter_syscalls = false;
/* And keep a log2 histogram of each syscall's latency (trace --hist). */
const volatile bool latency_hist = false;

/* The kernel fields read here, relocated by CO-RE from the kernel's BTF. */
struct task_struct {
	int pid;
} __attribute__((preserve_access_index));

struct pt_regs {
#if defined(__TARGET_ARCH_arm64)
	long long syscallno;
#else
	unsigned long orig_ax;
#endif
} __attribute__((preserve_access_index));

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

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} enter_counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} exit_counts SEC(".maps");


/* The call a task is in: when it entered, and which it is. */
struct call_start {
	__u64 ns;
	__u32 nr;
};

/* A held command's execve, entered before it was tracked. */
#define CALL_STARTED_AT_EXEC 0xffffffffu

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SYSCALL_COUNT_MAX_TASKS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32); /* tid */
	__type(value, struct call_start);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} exit_errors SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} exit_calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} exit_ns SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, SYSCALL_COUNT_MAX * 8);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct syscall_hist_key);
	__type(value, __u64);
} latency SEC(".maps");

/* 0 for 0, 1 for 1, k+1 for [2^k, 2^(k+1)): bpftrace's hist() slots. */
static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 slot = 0;

	if (!v)
		return 0;
	if (v >> 32) {
		v >>= 32;
		slot += 32;
	}
	if (v >> 16) {
		v >>= 16;
		slot += 16;
	}
	if (v >> 8) {
		v >>= 8;
		slot += 8;
	}
	if (v >> 4) {
		v >>= 4;
		slot += 4;
	}
	if (v >> 2) {
		v >>= 2;
		slot += 2;
	}
	if (v >> 1)
		slot += 1;
	return slot + 1;
}

static __always_inline void add_latency(__u32 nr, __u64 ns)
{
	struct syscall_hist_key key = { .nr = nr, .slot = log2_slot(ns) };
	__u64 one = 1, *count = bpf_map_lookup_elem(&latency, &key);

	if (count)
		(*count)++;
	else
		bpf_map_update_elem(&latency, &key, &one, BPF_NOEXIST);
}

static __always_inline bool current_tracked(void)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, tgid = id >> 32;
	__u8 active = TASK_ACTIVE;
	__u8 *state;

	if (!filter_tasks)
		return true;
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

static __always_inline bool add(void *map, __u32 key, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(map, &key);

	if (!slot)
		return false;
	*slot += v;
	return true;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, __u8);
} syscall_wanted SEC(".maps");

static __always_inline bool wanted(long nr)
{
	__u32 key = (__u32)nr;
	__u8 *on;

	if (!filter_syscalls)
		return true;
	on = bpf_map_lookup_elem(&syscall_wanted, &key);
	return on && *on;
}

static __always_inline bool counted(long nr)
{
	return nr >= 0 && nr < SYSCALL_COUNT_MAX && wanted(nr) &&
	       current_tracked();
}

/* sys_enter(struct pt_regs *regs, long id) */
SEC("raw_tracepoint/sys_enter")
int count_enter(struct bpf_raw_tracepoint_args *ctx)
{
	long nr = (long)ctx->args[1];
	struct call_start start;
	__u32 tid;

	if (!counted(nr))
		return 0;
	add(&enter_counts, (__u32)nr, 1);
	if (timing) {
		tid = (__u32)bpf_get_current_pid_tgid();
		start.ns = bpf_ktime_get_ns();
		start.nr = (__u32)nr;
		bpf_map_update_elem(&starts, &tid, &start, BPF_ANY);
	}
	return 0;
}

/* sys_exit(struct pt_regs *regs, long ret): the number is in regs. */
SEC("raw_tracepoint/sys_exit")
int count_exit(struct bpf_raw_tracepoint_args *ctx)
{
	long nr = syscall_nr_of((struct pt_regs *)ctx->args[0]);
	long ret = (long)ctx->args[1];
	struct call_start *start;
	bool failed;
	__u32 tid;

	if (!counted(nr))
		return 0;
	add(&exit_counts, (__u32)nr, 1);
	if (!timing)
		return 0;
	/*
	 * Only calls seen entering count, as strace counts them: not a fork
	 * child's return from clone, nor a call begun before tracking.
	 */
	tid = (__u32)bpf_get_current_pid_tgid();
	start = bpf_map_lookup_elem(&starts, &tid);
	if (!start)
		return 0;
	/* -4095..-1 are errors; other "negative" values, addresses. */
	failed = ret < 0 && ret >= -4095;
	if ((start->nr == (__u32)nr || start->nr == CALL_STARTED_AT_EXEC) &&
	    (failed || !only_failed)) {
		__u64 ns = bpf_ktime_get_ns() - start->ns;

		add(&exit_calls, (__u32)nr, 1);
		add(&exit_ns, (__u32)nr, ns);
		if (latency_hist)
			add_latency((__u32)nr, ns);
		if (failed)
			add(&exit_errors, (__u32)nr, 1);
	}
	bpf_map_delete_elem(&starts, &tid);
	return 0;
}

/* sched_process_fork(struct task_struct *parent, struct task_struct *child) */
SEC("raw_tracepoint/sched_process_fork")
int track_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	__u8 active = TASK_ACTIVE;
	__u32 tid;

	if (!filter_tasks || !current_tracked())
		return 0;
	tid = (__u32)BPF_CORE_READ(child, pid);
	bpf_map_update_elem(&tasks, &tid, &active, BPF_ANY);
	return 0;
}

SEC("raw_tracepoint/sched_process_exec")
int track_exec(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u8 *state = bpf_map_lookup_elem(&tasks, &tid);
	struct call_start start;

	if (!state || *state != TASK_PENDING_EXEC)
		return 0;
	*state = TASK_ACTIVE;
	if (timing) {
		start.ns = bpf_ktime_get_ns();
		start.nr = CALL_STARTED_AT_EXEC;
		bpf_map_update_elem(&starts, &tid, &start, BPF_ANY);
	}
	return 0;
}

SEC("raw_tracepoint/sched_process_exit")
int track_exit(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&tasks, &tid);
	if (timing)
		bpf_map_delete_elem(&starts, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
