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

/*
 * Loads the programs.  filter_tasks: count only tracked tasks (and what
 * they fork); otherwise the whole system.  want_exit attaches the
 * sys_exit counter too.  Returns 0 or -errno (-EPERM without privilege).
 */
int syscall_counter__open(struct syscall_counter **out, bool filter_tasks,
			  bool want_exit);
/* Tracks a task; pending_exec: it counts from its next exec on. */
int syscall_counter__track(struct syscall_counter *sc, pid_t tid,
			   bool pending_exec);
int syscall_counter__attach(struct syscall_counter *sc);
/* The count so far of syscall nr, at entry or at exit. */
int syscall_counter__read(struct syscall_counter *sc, int nr, bool at_exit,
			  uint64_t *count);
void syscall_counter__free(struct syscall_counter *sc);

#endif
