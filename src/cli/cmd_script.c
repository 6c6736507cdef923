// SPDX-License-Identifier: GPL-2.0
/*
 * sonde script: every sample in perf script's default text layout, so
 * the tools that read perf script (stackcollapse-perf.pl, speedscope,
 * Firefox Profiler) read sonde's output unchanged.
 */
#include "cli/commands.h"
#include "cli/recording.h"
#include "profile/session.h"
#include "render/perf_script.h"
#include "util/err.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>

#define SAMPLE_TEXT_MAX (1 << 20)

struct script_state {
	struct strbuf text;
	char name_buf[128];
};

static int print_sample(const struct session_sample *ss, void *ctx)
{
	struct script_state *st = ctx;
	int err;

	strbuf__reset(&st->text);
	err = perf_script__format(&st->text, ss,
				  recording__event_name(ss->event, st->name_buf,
							sizeof(st->name_buf)));
	if (err)
		return err;
	if (fwrite(st->text.buf, 1, st->text.len, stdout) != st->text.len)
		return -EIO;
	return 0;
}

int cmd_script(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct script_state st;
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
	strbuf__init(&st.text, SAMPLE_TEXT_MAX);
	err = session__run(s, print_sample, &st);
	if (fflush(stdout) && !err)
		err = -EIO;
	err = recording__finish(s, path, err);
	strbuf__release(&st.text);
	session__free(s);
	return err;
}
