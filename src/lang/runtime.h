/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-space side of a running program (sonde run): creates the BPF
 * maps a compiled program needs (lang/compile.h), reads the events its
 * probes send through the ring buffer and prints them as bpftrace does
 * (printf, time, print, clear, zero, exit), and at the end reads every
 * map and prints it in bpftrace's layout (render/btmap.h), stacks and
 * symbols named by sonde's symbolizer.
 */
#ifndef SONDE_LANG_RUNTIME_H
#define SONDE_LANG_RUNTIME_H

#include "lang/compile.h"

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/*
 * Creates c's maps, stack maps (those a part refers to) and ring buffer;
 * sets their fds in c.  0 or -errno (-EPERM without the privilege).
 */
int lang_runtime__create_maps(struct lang_compiled *c);

struct lang_runtime;

/* Reads c's ring buffer and prints to out; c must outlive it. */
int lang_runtime__new(const struct lang_compiled *c, FILE *out,
		      struct lang_runtime **rt);
void lang_runtime__free(struct lang_runtime *rt);

/* The ring buffer's fd, to poll. */
int lang_runtime__fd(const struct lang_runtime *rt);

/*
 * Handles the events waiting, in order.  Returns 1 once an exit event
 * was read (the rest of the ring is still handled), 0, or -errno.
 */
int lang_runtime__drain(struct lang_runtime *rt);

/*
 * The probes are detached: drops what they sent after exit() and prints
 * events again (END's).  0 or -errno.
 */
int lang_runtime__end(struct lang_runtime *rt);

/* One event record, as the ring gives it (for tests); as __drain. */
int lang_runtime__handle(struct lang_runtime *rt, const void *data,
			 size_t size);

/*
 * Prints every map as bpftrace does at exit: "\n\n" first, then the
 * maps in name order (empty ones too, as a blank line or "@a: 0"), each
 * sorted by value.
 */
int lang_runtime__print_maps(struct lang_runtime *rt);

#endif
