/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Call-by-call syscall events from bpf/syscall_trace.bpf.c: loads the
 * program with a capture plan per syscall, follows the target's tasks,
 * and hands each event of the ring buffer to a callback.
 */
#ifndef SONDE_BPF_SYSCALL_TRACER_H
#define SONDE_BPF_SYSCALL_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct syscall_plan;
struct syscall_tracer;
struct target;
struct trace_event;

struct syscall_tracer_opts {
	bool filter_tasks; /* only tracked tasks; otherwise the system */
	bool filter_syscalls; /* only syscalls chosen with __choose */
	bool only_failed; /* -Z: send only calls that fail */
};

/* Loads the program.  Returns 0 or -errno (-EPERM without privilege). */
int syscall_tracer__open(struct syscall_tracer **out,
			 const struct syscall_tracer_opts *o);
/* Before attach: what to read of syscall nr's memory. */
int syscall_tracer__set_plan(struct syscall_tracer *st, int nr,
			     const struct syscall_plan *plan);
/* With filter_syscalls, before attach: trace syscall nr. */
int syscall_tracer__choose(struct syscall_tracer *st, int nr);
int syscall_tracer__track_target(struct syscall_tracer *st,
				 const struct target *t);
int syscall_tracer__attach(struct syscall_tracer *st);

/* Called with each event; a negative return stops the consumption. */
typedef int (*syscall_tracer_fn)(void *ctx, const struct trace_event *e,
				 size_t size);
/* An fd that polls readable when the kernel asks for a drain. */
int syscall_tracer__fd(const struct syscall_tracer *st);
/* Hands every waiting event to fn; returns 0 or fn's/-errno error. */
int syscall_tracer__consume(struct syscall_tracer *st, syscall_tracer_fn fn,
			    void *ctx);
/*
 * Events dropped so far: the ring was full (the reader fell behind), or
 * the program could not run (another BPF program was running on the CPU).
 */
uint64_t syscall_tracer__lost(struct syscall_tracer *st);
void syscall_tracer__free(struct syscall_tracer *st);

#endif
