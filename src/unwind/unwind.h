/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How call stacks are taken.  Frame pointers now: the kernel walks them
 * and hands over the callchain.  DWARF later: the kernel hands over a
 * copy of the user stack and registers, and the unwinder walks them in
 * user space.  Record and run ask this piece, not the kernel directly.
 */
#ifndef SONDE_UNWIND_UNWIND_H
#define SONDE_UNWIND_UNWIND_H

#include <linux/perf_event.h>

enum unwind_mode {
	UNWIND_NONE, /* the sampled ip only */
	UNWIND_FP, /* frame pointers, walked by the kernel */
};

/* Sets what the sampling event must carry for the mode. */
void unwind__setup_attr(enum unwind_mode mode, struct perf_event_attr *attr);
/* "fp", "none": 0 or -EINVAL (e.g. "dwarf", not built yet). */
int unwind__parse_mode(const char *name, enum unwind_mode *mode);

#endif
