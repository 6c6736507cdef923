/* SPDX-License-Identifier: GPL-2.0 */
/* perf report --stdio's table and call graphs, or the same as JSON. */
#ifndef SONDE_RENDER_REPORT_H
#define SONDE_RENDER_REPORT_H

#include "profile/report.h"

#include <stdbool.h>
#include <stdio.h>

struct report_view {
	const char *event; /* the event's name */
	uint64_t samples;
	uint64_t lost;
	double percent_limit; /* entries below are not shown */
	bool graph; /* -g: the call graph under each entry */
	bool json;
};

/* One event's section; JSON gives one object per line. */
void report_render__event(FILE *out, const struct report *r,
			  const struct report_view *v);

#endif
