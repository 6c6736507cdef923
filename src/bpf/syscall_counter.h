/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-syscall counts kept in the kernel by bpf/syscall_count.bpf.c: the
 * fast path for counting syscalls:sys_{enter,exit}_* tracepoints.
 */
#ifndef SONDE_BPF_SYSCALL_COUNTER_H
#define SONDE_BPF_SYSCALL_COUNTER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct syscall_counter;
struct target;

/* What to keep besides counts at entry. */
enum syscall_counter_want {
	SYSCALL_WANT_EXIT = 1, /* counts at exit */
	SYSCALL_WANT_TIMING = 2, /* calls, errors and time, as strace -c */
	SYSCALL_WANT_HIST = 4, /* and a latency histogram per syscall */
	SYSCALL_WANT_CHOSEN = 8, /* only syscalls chosen with __choose */
	SYSCALL_WANT_FAILED = 16, /* only calls that fail */
	SYSCALL_WANT_PER_PID = 32, /* with TIMING: also per process */
	SYSCALL_WANT_NOT_SELF = 64, /* system-wide: leave sonde's out */
};

/*
 * Loads the programs.  filter_tasks: count only tracked tasks (and what
 * they fork); otherwise the whole system.  want: SYSCALL_WANT_* bits.
 * Returns 0 or -errno (-EPERM without privilege).
 */
int syscall_counter__open(struct syscall_counter **out, bool filter_tasks,
			  unsigned int want);
/* With SYSCALL_WANT_CHOSEN, before attach: count syscall nr. */
int syscall_counter__choose(struct syscall_counter *sc, int nr);
/*
 * Tracks what the target names: its held command (from its exec), or
 * every thread of its -p processes; nothing for -a.
 */
int syscall_counter__track_target(struct syscall_counter *sc,
				  const struct target *t);
/* Tracks a task; pending_exec: it counts from its next exec on. */
int syscall_counter__track(struct syscall_counter *sc, pid_t tid,
			   bool pending_exec);
int syscall_counter__attach(struct syscall_counter *sc);
/* The count so far of syscall nr, at entry or at exit. */
int syscall_counter__read(struct syscall_counter *sc, int nr, bool at_exit,
			  uint64_t *count);
/*
 * With timing: a syscall's calls (returned), failed calls and time in it
 * so far.
 */
struct syscall_stats {
	uint64_t calls, errors, ns;
};
int syscall_counter__read_stats(struct syscall_counter *sc, int nr,
				struct syscall_stats *st);
/*
 * A syscall's latency histogram: slots[0] calls of 0 ns, slots[1] of 1,
 * slots[k] of [2^(k-1), 2^k) ns; nr_slots is SYSCALL_HIST_SLOTS (65).
 */
int syscall_counter__read_hist(struct syscall_counter *sc, int nr,
			       uint64_t *slots, size_t nr_slots);
/* With SYSCALL_WANT_PER_PID: a process's calls of one syscall. */
struct syscall_pid_row {
	pid_t pid;
	int nr;
	struct syscall_stats st;
};
/*
 * Every (process, syscall) counted so far, sorted by pid then number;
 * the caller frees *rows.
 */
int syscall_counter__read_per_pid(struct syscall_counter *sc,
				  struct syscall_pid_row **rows, size_t *nr);
/* The command name of a process counted per pid: 0 or -ENOENT. */
int syscall_counter__pid_comm(struct syscall_counter *sc, pid_t pid,
			      char comm[16]);
void syscall_counter__free(struct syscall_counter *sc);

#endif
