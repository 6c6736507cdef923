/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names the frames of samples: a sample's pid and address go through the
 * machine's maps of that moment to an object, and through the
 * symbolizer to a function.  Results are cached per (map, address), so
 * a hot address costs one hash lookup.
 */
#ifndef SONDE_PROFILE_RESOLVE_H
#define SONDE_PROFILE_RESOLVE_H

#include "profile/profile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct machine;
struct perf_data_reader;
struct symbolizer;

struct resolved_frame {
	uint64_t ip; /* the runtime address */
	uint64_t addr; /* as perf script prints it: ip - map start + pgoff */
	const char *sym; /* NULL when unknown */
	uint64_t offset; /* ip's distance from the symbol's start */
	const char *dso; /* the object's path, "[kernel.kallsyms]", "[unknown]" */
	enum frame_kind kind;
	bool deferred; /* a kernel frame left to name later: sym not looked up */
	/*
	 * The same for every sample that hits this (map, address): a dense
	 * number from 1 that callers may index arrays with; 0 when the
	 * frame could not be cached.
	 */
	uint32_t id;
};

struct resolver;

/*
 * reader, when given, supplies the recording's build-id table: objects
 * replaced since the recording are then found by build-id (perf's
 * ~/.debug cache, debug directories) instead of misnamed.
 */
int resolver__new(struct resolver **out, struct machine *m,
		  const struct perf_data_reader *reader);
void resolver__free(struct resolver *rs);
/* Starts reading kernel symbols in the background (samples have them). */
void resolver__preload_kernel(struct resolver *rs);
/*
 * While on, kernel frames come back deferred (unnamed), so a caller that
 * aggregates can go on while the kernel's symbols load, and name them
 * at the end with resolver__frame (after turning this off).
 */
void resolver__defer_kernel(struct resolver *rs, bool defer);
/* A process's JIT symbol map, as the recording carried it. */
int resolver__add_jit_map(struct resolver *rs, pid_t pid, const char *text,
			  size_t size);
/* The frame at ip in process pid; kernel: ip is a kernel address. */
int resolver__frame(struct resolver *rs, pid_t pid, uint64_t ip, bool kernel,
		    struct resolved_frame *out);
/*
 * The frames of a callchain, leaf first, the kernel's context markers
 * (PERF_CONTEXT_KERNEL, _USER) dropped; without a callchain, the sample
 * ip alone.  Returns the number of frames written (at most max).
 */
size_t resolver__stack(struct resolver *rs, pid_t pid, uint64_t ip,
		       bool ip_in_kernel, const uint64_t *callchain,
		       size_t nr_callchain, struct resolved_frame *frames,
		       size_t max);

#endif
