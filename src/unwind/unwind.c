// SPDX-License-Identifier: GPL-2.0
#include "unwind/unwind.h"

#include <errno.h>
#include <string.h>

/* Frames the kernel walks per stack, as perf's default. */
#define MAX_STACK_FRAMES 127

void unwind__setup_attr(enum unwind_mode mode, struct perf_event_attr *attr)
{
	if (mode != UNWIND_FP)
		return;
	attr->sample_type |= PERF_SAMPLE_CALLCHAIN;
	attr->sample_max_stack = MAX_STACK_FRAMES;
}

int unwind__parse_mode(const char *name, enum unwind_mode *mode)
{
	if (!strcmp(name, "fp")) {
		*mode = UNWIND_FP;
		return 0;
	}
	if (!strcmp(name, "none")) {
		*mode = UNWIND_NONE;
		return 0;
	}
	return -EINVAL;
}
