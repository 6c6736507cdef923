/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Folded stacks to the frames of a flame graph: each function on a
 * path becomes a box at its depth, as wide as the samples under it.
 * Siblings come in name order (a flame graph), or in input order
 * (--flamechart, where the input is in time order).  With two counts
 * per stack (a differential profile), boxes carry both.
 */
#ifndef SONDE_PROFILE_FLAME_H
#define SONDE_PROFILE_FLAME_H

#include "util/hashmap.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct flame_frame {
	uint32_t name; /* string id; the root is "all" */
	uint32_t depth;
	uint64_t start, end; /* in samples of the second count */
	uint64_t before; /* diff: the first count under this frame */
};

struct flame {
	struct strpool strings;
	/* Folded input, in the order given. */
	uint32_t *stacks; /* string ids */
	uint64_t *counts, *counts_before;
	size_t nr_stacks, cap_stacks;
	bool diff; /* lines carried two counts */
	/* Laid out by flame__layout. */
	struct flame_frame *frames;
	size_t nr_frames, cap_frames;
	uint64_t total, total_before;
	uint32_t max_depth;
};

void flame__init(struct flame *f);
void flame__release(struct flame *f);
/*
 * Adds one folded line ("a;b;c 12" or "a;b;c 10 12"), without newline.
 * -EINVAL for a line that is not folded (no count, a non-number).
 */
int flame__add_line(struct flame *f, const char *line, size_t len);
int flame__add(struct flame *f, const char *stack, uint64_t before,
	       uint64_t count);
/*
 * Lays the frames out: sorted by stack (flame graph) or in input order
 * (flame chart); inverted puts callees at the root (an icicle of callers
 * is drawn by the renderer).
 */
int flame__layout(struct flame *f, bool in_input_order, bool reverse_stacks);
static inline const char *flame__name(const struct flame *f, uint32_t id)
{
	return strpool__get(&f->strings, id);
}

#endif
