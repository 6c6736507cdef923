// SPDX-License-Identifier: GPL-2.0
/*
 * sonde script: every sample in perf script's default text layout, so
 * the tools that read perf script (stackcollapse-perf.pl, speedscope,
 * Firefox Profiler) read sonde's output unchanged.
 */
#include "cli/commands.h"
#include "cli/recording.h"
#include "profile/session.h"
#include "util/err.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct script_state {
	FILE *out;
	char name_buf[128];
};

static void print_frame(FILE *out, const struct resolved_frame *f,
			uint64_t addr)
{
	fprintf(out, "%16" PRIx64 " ", addr);
	if (f->sym)
		fprintf(out, "%s+0x%" PRIx64, f->sym, f->offset);
	else
		fputs("[unknown]", out);
	fprintf(out, " (%s)\n", f->dso);
}

static int print_sample(const struct session_sample *ss, void *ctx)
{
	struct script_state *st = ctx;
	const struct perf_sample *s = ss->sample;
	FILE *out = st->out;
	char comm[32];

	if (ss->comm[0] == ':')
		snprintf(comm, sizeof(comm), ":%d", ss->tid);
	/* perf aligns the command only when frames follow on their own lines. */
	fprintf(out, ss->callchain ? "%s " : "%16s ",
		ss->comm[0] == ':' ? comm : ss->comm);
	fprintf(out, "%5d ", ss->tid);
	if (s->type & PERF_SAMPLE_CPU)
		fprintf(out, "[%03u] ", s->cpu);
	if (s->type & PERF_SAMPLE_TIME)
		fprintf(out, "%5" PRIu64 ".%06" PRIu64 ": ",
			s->time / 1000000000, s->time % 1000000000 / 1000);
	/* perf leaves the period out for tracepoints: it is always 1. */
	if ((s->type & PERF_SAMPLE_PERIOD) &&
	    !(ss->event && ss->event->attr.type == PERF_TYPE_TRACEPOINT))
		fprintf(out, "%10" PRIu64 " ", s->period);
	fprintf(out, "%s: ",
		recording__event_name(ss->event, st->name_buf,
				      sizeof(st->name_buf)));
	if (!ss->callchain) {
		/* The ip on the same line, as an absolute address. */
		fputc(' ', out);
		if (ss->nr_frames)
			print_frame(out, &ss->frames[0], ss->frames[0].ip);
		else
			fputc('\n', out);
		return ferror(out) ? -EIO : 0;
	}
	fputc('\n', out);
	/* In a callchain perf prints addresses relative to their object. */
	for (size_t i = 0; i < ss->nr_frames; i++) {
		fputc('\t', out);
		print_frame(out, &ss->frames[i], ss->frames[i].addr);
	}
	fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}

int cmd_script(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct script_state st = { .out = stdout };
	const char *path = "perf.data";
	struct session *s;
	int c, err;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			path = optarg;
			break;
		case 'h':
			commands__usage("script", stdout);
			return EXIT_OK;
		default:
			return commands__bad_usage("script",
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return commands__bad_usage("script", "unexpected argument '%s'",
					   argv[optind]);
	err = recording__open(path, true, &s);
	if (err)
		return err;
	err = session__run(s, print_sample, &st);
	fflush(stdout);
	err = recording__finish(s, path, err);
	session__free(s);
	return err;
}
