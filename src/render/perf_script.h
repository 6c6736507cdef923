/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One sample in perf script's default text layout.  sonde script prints
 * it; collapse reads the same text, so folded stacks from a recording
 * match what stackcollapse-perf.pl makes of perf script's output.
 */
#ifndef SONDE_RENDER_PERF_SCRIPT_H
#define SONDE_RENDER_PERF_SCRIPT_H

#include "profile/session.h"
#include "util/strbuf.h"

/* Appends the sample's first line alone, without its newline. */
int perf_script__format_header(struct strbuf *sb,
			       const struct session_sample *ss,
			       const char *event_name);
/* Appends the sample's lines (and the blank line after a stack). */
int perf_script__format(struct strbuf *sb, const struct session_sample *ss,
			const char *event_name);

#endif
