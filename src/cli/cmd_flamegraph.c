// SPDX-License-Identifier: GPL-2.0
/*
 * sonde flamegraph: one self-contained SVG from a recording, perf script
 * text or folded stacks, or from a recording made here and now (-p, -a,
 * or a command); --diff draws how one profile differs from another.
 */
#include "cli/commands.h"
#include "cli/stack_input.h"
#include "profile/flame.h"
#include "render/flame.h"
#include "util/err.h"
#include "util/strutil.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct flame_cli {
	struct flame_view v;
	struct collapse_opts co;
	enum input_format format;
	const char *input;
	const char *output;
	const char *diff_before, *diff_after;
	bool normalize;
	bool html;
	bool reverse;
	bool flamechart;
	/* Record first: these go to sonde record. */
	const char *pids, *freq, *duration;
	bool system_wide;
	char **argv;
};

static int parse_min_width(const char *s, struct flame_view *v)
{
	char *end;

	v->min_width = strtod(s, &end);
	v->min_width_percent = *end == '%';
	if (end == s || (*end && strcmp(end, "%")) || v->min_width < 0)
		return -EINVAL;
	return 0;
}

static int parse_args(int argc, char **argv, struct flame_cli *cl)
{
	enum { OPT_TITLE = 256, OPT_SUBTITLE, OPT_WIDTH, OPT_HEIGHT, OPT_MIN,
	       OPT_COUNTNAME, OPT_REVERSE, OPT_INVERTED, OPT_CHART, OPT_COLORS,
	       OPT_HASH, OPT_PALETTE, OPT_DIFF, OPT_NORMALIZE, OPT_NEGATE,
	       OPT_FORMAT, OPT_INPUT_FORMAT, OPT_DURATION };
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "height", required_argument, NULL, OPT_HEIGHT },
		{ "minwidth", required_argument, NULL, OPT_MIN },
		{ "countname", required_argument, NULL, OPT_COUNTNAME },
		{ "reverse", no_argument, NULL, OPT_REVERSE },
		{ "inverted", no_argument, NULL, OPT_INVERTED },
		{ "flamechart", no_argument, NULL, OPT_CHART },
		{ "colors", required_argument, NULL, OPT_COLORS },
		{ "hash", no_argument, NULL, OPT_HASH },
		{ "palette-file", required_argument, NULL, OPT_PALETTE },
		{ "diff", no_argument, NULL, OPT_DIFF },
		{ "normalize", no_argument, NULL, OPT_NORMALIZE },
		{ "negate", no_argument, NULL, OPT_NEGATE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT },
		{ "output", required_argument, NULL, 'o' },
		{ "pid", required_argument, NULL, 'p' },
		{ "all-cpus", no_argument, NULL, 'a' },
		{ "freq", required_argument, NULL, 'F' },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long n;
	bool diff = false;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:p:aF:h", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case OPT_TITLE:
			cl->v.title = optarg;
			break;
		case OPT_SUBTITLE:
			cl->v.subtitle = optarg;
			break;
		case OPT_WIDTH:
		case OPT_HEIGHT:
			if (str_to_u64(optarg, &n) || n < 10 || n > 100000)
				return commands__bad_usage(
					"flamegraph", "bad %s '%s'",
					c == OPT_WIDTH ? "width" : "height",
					optarg);
			if (c == OPT_WIDTH)
				cl->v.width = (unsigned int)n;
			else
				cl->v.frame_height = (unsigned int)n;
			break;
		case OPT_MIN:
			if (parse_min_width(optarg, &cl->v))
				return commands__bad_usage(
					"flamegraph",
					"bad minimum width '%s': pixels, or "
					"percent with %%",
					optarg);
			break;
		case OPT_COUNTNAME:
			cl->v.countname = optarg;
			break;
		case OPT_REVERSE:
			cl->reverse = true;
			break;
		case OPT_INVERTED:
			cl->v.inverted = true;
			break;
		case OPT_CHART:
			cl->flamechart = true;
			break;
		case OPT_COLORS:
			if (!flame_render__palette_known(optarg))
				return commands__bad_usage(
					"flamegraph", "unknown palette '%s'",
					optarg);
			cl->v.colors = optarg;
			break;
		case OPT_HASH:
			cl->v.hash = true;
			break;
		case OPT_PALETTE:
			cl->v.palette_file = optarg;
			break;
		case OPT_DIFF:
			diff = true;
			break;
		case OPT_NORMALIZE:
			cl->normalize = true;
			break;
		case OPT_NEGATE:
			cl->v.negate = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "svg") && strcmp(optarg, "html"))
				return commands__bad_usage(
					"flamegraph",
					"unknown format '%s' (have: svg, html)",
					optarg);
			cl->html = !strcmp(optarg, "html");
			break;
		case OPT_INPUT_FORMAT:
			if (stack_input__parse_format(optarg, &cl->format))
				return commands__bad_usage(
					"flamegraph",
					"unknown input format '%s'", optarg);
			break;
		case 'o':
			cl->output = optarg;
			break;
		case 'p':
			cl->pids = optarg;
			break;
		case 'a':
			cl->system_wide = true;
			break;
		case 'F':
			cl->freq = optarg;
			break;
		case OPT_DURATION:
			cl->duration = optarg;
			break;
		case 'h':
			commands__usage("flamegraph", stdout);
			exit(EXIT_OK);
		default:
			return commands__bad_usage("flamegraph",
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (diff) {
		if (argc - optind != 2)
			return commands__bad_usage(
				"flamegraph", "--diff takes two inputs: BEFORE AFTER");
		cl->diff_before = argv[optind];
		cl->diff_after = argv[optind + 1];
		return 0;
	}
	if (cl->pids || cl->system_wide) {
		if (optind < argc)
			cl->argv = argv + optind;
		return 0;
	}
	if (optind < argc && !strcmp(argv[optind - 1], "--")) {
		cl->argv = argv + optind;
		return 0;
	}
	if (optind < argc)
		cl->input = argv[optind++];
	if (optind < argc)
		return commands__bad_usage("flamegraph",
					   "unexpected argument '%s'",
					   argv[optind]);
	return 0;
}

static int load(const struct flame_cli *cl, const char *path,
		struct flame *f)
{
	struct stack_input in;
	int ret = stack_input__open(&in, path, cl->format);

	if (!ret)
		ret = stack_input__load(&in, &cl->co, cl->flamechart, f);
	stack_input__close(&in);
	return ret;
}

/* BEFORE and AFTER into one flame with two counts per stack. */
static int load_diff(const struct flame_cli *cl, struct flame *f)
{
	struct flame a, b;
	uint64_t ta = 0, tb = 0;
	int ret;

	flame__init(&a);
	flame__init(&b);
	ret = load(cl, cl->diff_before, &a);
	if (!ret)
		ret = load(cl, cl->diff_after, &b);
	for (size_t i = 0; !ret && i < a.nr_stacks; i++)
		ta += a.counts[i];
	for (size_t i = 0; !ret && i < b.nr_stacks; i++)
		tb += b.counts[i];
	/* Stacks of both, each with its before and after counts. */
	for (size_t i = 0; !ret && i < a.nr_stacks; i++) {
		uint64_t before = a.counts[i];

		if (cl->normalize && ta && ta != tb)
			before = (uint64_t)((double)before * tb / ta);
		if (flame__add(f, flame__name(&a, a.stacks[i]), before, 0))
			ret = EXIT_FAIL;
	}
	for (size_t i = 0; !ret && i < b.nr_stacks; i++)
		if (flame__add(f, flame__name(&b, b.stacks[i]), 0,
			       b.counts[i]))
			ret = EXIT_FAIL;
	f->diff = true;
	flame__release(&a);
	flame__release(&b);
	return ret;
}

/* -p, -a or a command: record now, into a file that goes away. */
static int record_now(const struct flame_cli *cl, char *path, size_t size)
{
	char *args[64];
	int n = 0, fd;

	snprintf(path, size, "/tmp/sonde-flamegraph.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0) {
		err_say("cannot make a temporary file: %s", strerror(errno));
		return EXIT_FAIL;
	}
	close(fd);
	args[n++] = "record";
	args[n++] = "-g";
	args[n++] = "-o";
	args[n++] = path;
	if (cl->freq) {
		args[n++] = "-F";
		args[n++] = (char *)cl->freq;
	}
	if (cl->duration) {
		args[n++] = "--duration";
		args[n++] = (char *)cl->duration;
	}
	if (cl->pids) {
		args[n++] = "-p";
		args[n++] = (char *)cl->pids;
	}
	if (cl->system_wide)
		args[n++] = "-a";
	if (cl->argv) {
		args[n++] = "--";
		for (char **a = cl->argv; *a && n < 63; a++)
			args[n++] = *a;
	}
	args[n] = NULL;
	optind = 0;
	return cmd_record(n, args);
}

/*
 * JIT frames are marked _[j] (as stackcollapse-perf.pl --jit does) and,
 * unless colours were asked for, pick the palette made for them: js for
 * a JavaScript engine's maps, java otherwise.
 */
static const char *jit_palette(const struct flame *f)
{
	const char *palette = NULL;

	for (size_t i = 0; i < f->strings.nr; i++) {
		const char *name = flame__name(f, (uint32_t)i);

		if (!str_has_suffix(name, "_[j]"))
			continue;
		if (strstr(name, ".js"))
			return "js";
		palette = "java";
	}
	return palette;
}

int cmd_flamegraph(int argc, char **argv)
{
	struct flame_cli cl = {
		.v = { .width = 1200, .frame_height = 16, .min_width = 0.1 },
		.input = "perf.data",
		.co = { .jit = true },
	};
	char recorded[64] = "";
	struct flame f;
	FILE *out = stdout;
	int ret;

	ret = parse_args(argc, argv, &cl);
	if (ret)
		return ret;
	flame__init(&f);
	if (cl.pids || cl.system_wide || cl.argv) {
		ret = record_now(&cl, recorded, sizeof(recorded));
		cl.input = recorded;
		/* The command's own exit status is not a failure to draw. */
		if (ret && access(recorded, R_OK))
			goto out;
		ret = 0;
	}
	ret = cl.diff_before ? load_diff(&cl, &f) : load(&cl, cl.input, &f);
	if (ret)
		goto out;
	if (!cl.v.colors)
		cl.v.colors = jit_palette(&f);
	if (flame__layout(&f, cl.flamechart, cl.reverse)) {
		err_say("out of memory");
		ret = EXIT_FAIL;
		goto out;
	}
	if (cl.output) {
		out = fopen(cl.output, "w");
		if (!out) {
			err_say("cannot open '%s': %s", cl.output,
				strerror(errno));
			ret = EXIT_FAIL;
			goto out;
		}
	}
	if ((cl.html ? flame_render__html(out, &f, &cl.v) :
		       flame_render__svg(out, &f, &cl.v)) ||
	    fflush(out)) {
		err_say("cannot write the flame graph");
		ret = EXIT_FAIL;
	}
	if (out != stdout)
		fclose(out);
out:
	if (recorded[0]) {
		unlink(recorded);
		strncat(recorded, ".old", sizeof(recorded) - strlen(recorded) - 1);
		unlink(recorded);
	}
	flame__release(&f);
	return ret;
}
