// SPDX-License-Identifier: GPL-2.0
/*
 * sonde collapse: folded stacks from perf script text or a recording,
 * the same bytes as FlameGraph's stackcollapse-perf.pl gives.
 */
#include "cli/commands.h"
#include "cli/stack_input.h"
#include "profile/collapse.h"
#include "util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


struct collapse_cli {
	struct collapse_opts o;
	const char *input;
	enum input_format format;
	const char *output;
};

static int parse_args(int argc, char **argv, struct collapse_cli *cl)
{
	enum { OPT_PID = 256, OPT_TID, OPT_KERNEL, OPT_JIT, OPT_ALL, OPT_ADDRS,
	       OPT_EVENT, OPT_FORMAT, OPT_FIX };
	static const struct option longopts[] = {
		{ "pid", no_argument, NULL, OPT_PID },
		{ "tid", no_argument, NULL, OPT_TID },
		{ "kernel", no_argument, NULL, OPT_KERNEL },
		{ "jit", no_argument, NULL, OPT_JIT },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "addrs", no_argument, NULL, OPT_ADDRS },
		{ "event-filter", required_argument, NULL, OPT_EVENT },
		{ "input-format", required_argument, NULL, OPT_FORMAT },
		{ "fix-headers", no_argument, NULL, OPT_FIX },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_PID:
			cl->o.pid = true;
			break;
		case OPT_TID:
			cl->o.tid = true;
			break;
		case OPT_KERNEL:
			cl->o.kernel = true;
			break;
		case OPT_JIT:
			cl->o.jit = true;
			break;
		case OPT_ALL:
			cl->o.kernel = cl->o.jit = true;
			break;
		case OPT_ADDRS:
			cl->o.addrs = true;
			break;
		case OPT_EVENT:
			cl->o.event_filter = optarg;
			break;
		case OPT_FORMAT:
			if (stack_input__parse_format(optarg, &cl->format) ||
			    cl->format == INPUT_FOLDED)
				return commands__bad_usage(
					"collapse",
					"unknown input format '%s' (have: "
					"auto, perf-data, perf-script)",
					optarg);
			break;
		case OPT_FIX:
			cl->o.fix_headers = true;
			break;
		case 'o':
			cl->output = optarg;
			break;
		case 'h':
			commands__usage("collapse", stdout);
			exit(EXIT_OK);
		default:
			return commands__bad_usage("collapse",
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		cl->input = argv[optind++];
	if (optind < argc)
		return commands__bad_usage(
			"collapse", "unexpected argument '%s'", argv[optind]);
	return 0;
}

int cmd_collapse(int argc, char **argv)
{
	struct collapse_cli cl = { .input = "perf.data" };
	struct stack_input in;
	struct collapser *c = NULL;
	FILE *out = stdout;
	int ret;

	ret = parse_args(argc, argv, &cl);
	if (ret)
		return ret;
	ret = stack_input__open(&in, cl.input, cl.format);
	if (!ret && in.format == INPUT_FOLDED) {
		err_say("'%s' holds folded stacks already", in.name);
		ret = EXIT_FAIL;
	}
	if (!ret && collapser__new(&c, &cl.o)) {
		err_say("out of memory");
		ret = EXIT_FAIL;
	}
	if (!ret)
		ret = stack_input__collapse(&in, c, false);
	if (ret)
		goto out;
	/* The perl script warns too, naming the dropped type instead. */
	if (collapser__filtered_event(c))
		err_warn("several event types: folded '%s' only (choose with "
			 "--event-filter)",
			 collapser__filtered_event(c));
	if (cl.output) {
		out = fopen(cl.output, "w");
		if (!out) {
			err_say("cannot open '%s': %s", cl.output,
				strerror(errno));
			ret = EXIT_FAIL;
			goto out;
		}
	}
	if (collapser__write(c, out) || fflush(out)) {
		err_say("cannot write the folded stacks");
		ret = EXIT_FAIL;
	}
	if (out != stdout)
		fclose(out);
out:
	stack_input__close(&in);
	collapser__free(c);
	return ret;
}
