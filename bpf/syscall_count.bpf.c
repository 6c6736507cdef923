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
#include "tasks.bpf.h"

/* Count calls at entry and exit, per syscall (stat's tracepoints). */
const volatile bool counting = true;
/* Also time each call and count its errors (trace -s). */
const volatile bool timing = false;
/* Only calls that fail count (trace -Z). */
const volatile bool only_failed = false;
/* And keep a log2 histogram of each syscall's latency (trace --hist). */
const volatile bool latency_hist = false;
/* And calls, errors and time per process (trace --per-pid). */
const volatile bool per_pid = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SYSCALL_COUNT_MAX_PIDS * 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct syscall_pid_key);
	__type(value, struct syscall_pid_stats);
} pid_stats SEC(".maps");

/* The command name of each process counted per pid, as of its exec. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SYSCALL_COUNT_MAX_PIDS);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, __u32);
	__type(value, char[16]);
} pid_comms SEC(".maps");

static __always_inline void remember_comm(__u32 pid, __u64 flags)
{
	char comm[16];

	bpf_get_current_comm(comm, sizeof(comm));
	bpf_map_update_elem(&pid_comms, &pid, comm, flags);
}

static __always_inline void add_per_pid(__u32 nr, __u64 ns, bool failed)
{
	struct syscall_pid_key key = {
		.pid = bpf_get_current_pid_tgid() >> 32,
		.nr = nr,
	};
	struct syscall_pid_stats *st = bpf_map_lookup_elem(&pid_stats, &key);
	struct syscall_pid_stats first = { 1, failed, ns };

	if (st) {
		__sync_fetch_and_add(&st->calls, 1);
		__sync_fetch_and_add(&st->ns, ns);
		if (failed)
			__sync_fetch_and_add(&st->errors, 1);
		return;
	}
	/* A new (process, syscall): rare, and where its name is kept. */
	bpf_map_update_elem(&pid_stats, &key, &first, BPF_NOEXIST);
	remember_comm(key.pid, BPF_NOEXIST);
}

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

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct call_start);
} starts SEC(".maps");

/* Calls (counted as they return), errors and time per syscall. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, struct syscall_pid_stats);
} exit_stats SEC(".maps");

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

static __always_inline bool add(void *map, __u32 key, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(map, &key);

	if (!slot)
		return false;
	*slot += v;
	return true;
}

/* sys_enter(struct pt_regs *regs, long id) */
SEC("raw_tracepoint/sys_enter")
int count_enter(struct bpf_raw_tracepoint_args *ctx)
{
	long nr = (long)ctx->args[1];
	struct call_start *start;

	if (!syscall_followed(nr))
		return 0;
	if (counting)
		add(&enter_counts, (__u32)nr, 1);
	if (timing && (start = current_storage(&starts, true))) {
		start->ns = bpf_ktime_get_ns();
		start->nr = (__u32)nr;
	}
	return 0;
}

/* sys_exit(struct pt_regs *regs, long ret): the number is in regs. */
SEC("raw_tracepoint/sys_exit")
int count_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	long ret = (long)ctx->args[1];
	struct call_start *start;
	bool failed;
	long nr;

	if (!timing) {
		nr = syscall_nr_of(regs);
		if (syscall_followed(nr))
			add(&exit_counts, (__u32)nr, 1);
		return 0;
	}
	/*
	 * Only calls seen entering count, as strace counts them: not a fork
	 * child's return from clone, nor a call begun before tracking.  A
	 * call seen entering is of a followed task and syscall, and its
	 * number is known (only the held command's execve needs the
	 * registers).
	 */
	start = current_storage(&starts, false);
	if (!start || start->nr == NO_CALL)
		return 0;
	nr = start->nr;
	if (start->nr == CALL_STARTED_AT_EXEC) {
		nr = syscall_nr_of(regs);
		if (nr < 0 || nr >= SYSCALL_COUNT_MAX || !wanted(nr))
			goto done;
	}
	/* -4095..-1 are errors; other "negative" values, addresses. */
	failed = ret < 0 && ret >= -4095;
	if (failed || !only_failed) {
		__u64 ns = bpf_ktime_get_ns() - start->ns;
		__u32 key = (__u32)nr;
		struct syscall_pid_stats *st =
			bpf_map_lookup_elem(&exit_stats, &key);

		if (st) {
			st->calls++;
			st->ns += ns;
			st->errors += failed;
		}
		if (latency_hist)
			add_latency((__u32)nr, ns);
		if (per_pid)
			add_per_pid((__u32)nr, ns, failed);
	}
done:
	start->nr = NO_CALL;
	return 0;
}

/* sched_process_fork(struct task_struct *parent, struct task_struct *child) */
SEC("raw_tracepoint/sched_process_fork")
int track_fork(struct bpf_raw_tracepoint_args *ctx)
{
	track_child((struct task_struct *)ctx->args[1]);
	return 0;
}

SEC("raw_tracepoint/sched_process_exec")
int track_exec(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct call_start *start;

	/* A counted process's new name (BPF_EXIST: only those). */
	if (per_pid)
		remember_comm(bpf_get_current_pid_tgid() >> 32, BPF_EXIST);
	if (!track_held_exec(tid))
		return 0;
	if (timing && (start = current_storage(&starts, true))) {
		start->ns = bpf_ktime_get_ns();
		start->nr = CALL_STARTED_AT_EXEC;
	}
	return 0;
}

SEC("raw_tracepoint/sched_process_exit")
int track_exit(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();

	bpf_map_delete_elem(&tasks, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
