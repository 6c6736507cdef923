/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by bpf/syscall_count.bpf.c and src/bpf/syscall_counter.c. */
#ifndef SONDE_BPF_SYSCALL_COUNT_H
#define SONDE_BPF_SYSCALL_COUNT_H

/* Syscall numbers counted: x86_64 and aarch64 stay below 512. */
#define SYSCALL_COUNT_MAX 1024
#define SYSCALL_COUNT_MAX_TASKS 65536

/* States of a tracked task. */
#define TASK_PENDING_EXEC 1 /* sonde's held command: counts from its exec */
#define TASK_ACTIVE 2

/* A slot of a syscall's latency histogram (log2 of nanoseconds). */
struct syscall_hist_key {
	unsigned int nr;
	unsigned int slot;
};
#define SYSCALL_HIST_SLOTS 65

/* A syscall's calls, failed calls and time in it (trace -s). */
struct syscall_pid_stats {
	unsigned long long calls, errors, ns;
};
/* trace -s --per-pid: a process's calls of one syscall. */
struct syscall_pid_key {
	unsigned int pid; /* tgid */
	unsigned int nr;
};
#define SYSCALL_COUNT_MAX_PIDS 16384

#endif
