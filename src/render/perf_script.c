// SPDX-License-Identifier: GPL-2.0
#include "render/perf_script.h"

#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdio.h>

static int format_frame(struct strbuf *sb, const struct resolved_frame *f,
			uint64_t addr)
{
	int err = strbuf__addf(sb, "%16" PRIx64 " ", addr);

	if (!err && f->sym)
		err = strbuf__addf(sb, "%s+0x%" PRIx64, f->sym, f->offset);
	else if (!err)
		err = strbuf__add(sb, "[unknown]", 9);
	return err ? err : strbuf__addf(sb, " (%s)\n", f->dso);
}

int perf_script__format(struct strbuf *sb, const struct session_sample *ss,
			const char *event_name)
{
	const struct perf_sample *s = ss->sample;
	char comm[32];
	int err;

	if (ss->comm[0] == ':')
		snprintf(comm, sizeof(comm), ":%d", ss->tid);
	/* perf aligns the command only when frames follow on their own lines. */
	err = strbuf__addf(sb, ss->callchain ? "%s " : "%16s ",
			   ss->comm[0] == ':' ? comm : ss->comm);
	if (!err)
		err = strbuf__addf(sb, "%5d ", ss->tid);
	if (!err && (s->type & PERF_SAMPLE_CPU))
		err = strbuf__addf(sb, "[%03u] ", s->cpu);
	if (!err && (s->type & PERF_SAMPLE_TIME))
		err = strbuf__addf(sb, "%5" PRIu64 ".%06" PRIu64 ": ",
				   s->time / 1000000000,
				   s->time % 1000000000 / 1000);
	/* perf leaves the period out for tracepoints: it is always 1. */
	if (!err && (s->type & PERF_SAMPLE_PERIOD) &&
	    !(ss->event && ss->event->attr.type == PERF_TYPE_TRACEPOINT))
		err = strbuf__addf(sb, "%10" PRIu64 " ", s->period);
	if (!err)
		err = strbuf__addf(sb, "%s: ", event_name);
	if (err)
		return err;
	if (!ss->callchain) {
		/* The ip on the same line, as an absolute address. */
		err = strbuf__addc(sb, ' ');
		if (!err && ss->nr_frames)
			err = format_frame(sb, &ss->frames[0],
					   ss->frames[0].ip);
		else if (!err)
			err = strbuf__addc(sb, '\n');
		return err;
	}
	err = strbuf__addc(sb, '\n');
	/* In a callchain perf prints addresses relative to their object. */
	for (size_t i = 0; !err && i < ss->nr_frames; i++) {
		err = strbuf__addc(sb, '\t');
		if (!err)
			err = format_frame(sb, &ss->frames[i],
					   ss->frames[i].addr);
	}
	return err ? err : strbuf__addc(sb, '\n');
}
