/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records describing what existed before sampling started, so every
 * sample can be named later: the kernel's text mapping, and the threads
 * (COMM) and executable mappings (MMAP2) of running processes, read
 * from /proc, in the layout the kernel itself uses.
 */
#ifndef SONDE_PERFDATA_SYNTHESIZE_H
#define SONDE_PERFDATA_SYNTHESIZE_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct synth {
	const struct perf_event_attr *attr; /* for the sample_id trailer */
	uint64_t id; /* an id of the event, for the trailer */
	int (*sink)(const void *data, size_t size, void *ctx);
	void *ctx;
};

/* The kernel text as one MMAP ("[kernel.kallsyms]_text"), as perf does. */
int synthesize__kernel(const struct synth *sy);
/* COMM of each thread of pid, and MMAP2 of its executable mappings. */
int synthesize__process(const struct synth *sy, pid_t pid);
/* synthesize__process for every process in /proc. */
int synthesize__all(const struct synth *sy);

#endif
