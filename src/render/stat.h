/* SPDX-License-Identifier: GPL-2.0 */
/* Counts as `perf stat` prints them: its text layout, -x CSV, or JSON. */
#ifndef SONDE_RENDER_STAT_H
#define SONDE_RENDER_STAT_H

#include "core/counter.h"
#include "core/events.h"

#include <stdbool.h>
#include <stdio.h>

enum stat_format {
	STAT_TEXT,
	STAT_CSV,
	STAT_JSON,
};

struct stat_view {
	enum stat_format format;
	const char *sep; /* CSV separator */
	const char *target; /* "'sleep 1'", "process id '42'", "'system wide'" */
	const struct event_list *events;
	const struct count_value *values; /* deltas for an interval */
	double elapsed_s; /* of what the values cover */
	double timestamp_s; /* interval: seconds since start; else < 0 */
	bool have_rusage; /* a started command: its user and sys time */
	double user_s, sys_s;
};

/* The totals at the end. */
void stat_render__totals(FILE *out, const struct stat_view *v);
/* One interval's counts; the text header comes with the first. */
void stat_render__interval(FILE *out, const struct stat_view *v, bool first);

#endif
