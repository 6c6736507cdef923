// SPDX-License-Identifier: GPL-2.0
#include "render/perf_script.h"

#include <inttypes.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>

/*
 * printf's "%*llx", "%*llu" and "%0*u", without printf: this is the hot
 * path of script, collapse and flame graphs.
 */
static int add_padded(struct strbuf *sb, uint64_t v, unsigned int base,
		      size_t width, char pad)
{
	char digits[24], out[48];
	size_t n = 0, o = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (o + n < width && o < sizeof(out) - sizeof(digits))
		out[o++] = pad;
	while (n)
		out[o++] = digits[--n];
	return strbuf__add(sb, out, o);
}

static int add_number(struct strbuf *sb, uint64_t v, unsigned int base,
		      size_t width)
{
	return add_padded(sb, v, base, width, ' ');
}

static int add_str(struct strbuf *sb, const char *s)
{
	return strbuf__add(sb, s, strlen(s));
}

static int format_frame(struct strbuf *sb, const struct resolved_frame *f,
			uint64_t addr)
{
	int err = add_number(sb, addr, 16, 16);

	if (!err)
		err = strbuf__addc(sb, ' ');
	if (!err && f->sym) {
		err = add_str(sb, f->sym);
		if (!err)
			err = strbuf__add(sb, "+0x", 3);
		if (!err)
			err = add_number(sb, f->offset, 16, 0);
	} else if (!err) {
		err = strbuf__add(sb, "[unknown]", 9);
	}
	if (!err)
		err = strbuf__add(sb, " (", 2);
	if (!err)
		err = add_str(sb, f->dso);
	return err ? err : strbuf__add(sb, ")\n", 2);
}

int perf_script__format_header(struct strbuf *sb,
			       const struct session_sample *ss,
			       const char *event_name)
{
	const struct perf_sample *s = ss->sample;
	const char *name = ss->comm;
	char comm[32];
	size_t len;
	int err = 0;

	if (ss->comm[0] == ':') {
		snprintf(comm, sizeof(comm), ":%d", ss->tid);
		name = comm;
	}
	/* perf aligns the command only when frames follow on their own lines. */
	len = strlen(name);
	for (size_t i = len; !ss->callchain && !err && i < 16; i++)
		err = strbuf__addc(sb, ' ');
	if (!err)
		err = strbuf__add(sb, name, len) ?: strbuf__addc(sb, ' ');
	/* "%5d " */
	if (!err && ss->tid < 0)
		err = strbuf__addf(sb, "%5d ", ss->tid);
	else if (!err)
		err = add_number(sb, (uint64_t)ss->tid, 10, 5) ?:
		      strbuf__addc(sb, ' ');
	if (!err && (s->type & PERF_SAMPLE_CPU))
		err = strbuf__addc(sb, '[') ?:
		      add_padded(sb, s->cpu, 10, 3, '0') ?:
		      strbuf__add(sb, "] ", 2);
	if (!err && (s->type & PERF_SAMPLE_TIME))
		err = add_number(sb, s->time / 1000000000, 10, 5) ?:
		      strbuf__addc(sb, '.') ?:
		      add_padded(sb, s->time % 1000000000 / 1000, 10, 6, '0') ?:
		      strbuf__add(sb, ": ", 2);
	/* perf leaves the period out for tracepoints: it is always 1. */
	if (!err && (s->type & PERF_SAMPLE_PERIOD) &&
	    !(ss->event && ss->event->attr.type == PERF_TYPE_TRACEPOINT))
		err = add_number(sb, s->period, 10, 10) ?:
		      strbuf__addc(sb, ' ');
	if (!err)
		err = add_str(sb, event_name) ?: strbuf__add(sb, ": ", 2);
	return err;
}

int perf_script__format(struct strbuf *sb, const struct session_sample *ss,
			const char *event_name)
{
	int err = perf_script__format_header(sb, ss, event_name);

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
