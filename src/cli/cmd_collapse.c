// SPDX-License-Identifier: GPL-2.0
/*
 * sonde collapse: folded stacks from perf script text or a recording,
 * the same bytes as FlameGraph's stackcollapse-perf.pl gives.
 */
#include "cli/commands.h"
#include "cli/recording.h"
#include "profile/collapse.h"
#include "render/perf_script.h"
#include "util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHUNK (1 << 20)
#define SAMPLE_TEXT_MAX (1 << 20)

struct collapse_cli {
	struct collapse_opts o;
	const char *input;
	const char *format; /* auto, perf-data, perf-script */
	const char *output;
};

struct from_recording {
	struct collapser *c;
	struct strbuf text;
	char name[128];
};

static int feed_sample(const struct session_sample *ss, void *ctx)
{
	struct from_recording *fr = ctx;
	int err;

	strbuf__reset(&fr->text);
	err = perf_script__format(&fr->text, ss,
				  recording__event_name(ss->event, fr->name,
							sizeof(fr->name)));
	return err ? err : collapser__feed(fr->c, fr->text.buf, fr->text.len);
}

static int collapse_recording(struct collapser *c, const char *path)
{
	struct from_recording fr = { .c = c };
	struct session *s;
	int err = recording__open(path, true, &s);

	if (err)
		return err;
	strbuf__init(&fr.text, SAMPLE_TEXT_MAX);
	err = session__run(s, feed_sample, &fr);
	err = recording__finish(s, path, err);
	strbuf__release(&fr.text);
	session__free(s);
	return err;
}

/* Streams text; what came first (the sniffed bytes) goes in first. */
static int collapse_text(struct collapser *c, int fd, const char *head,
			 size_t head_len, const char *name)
{
	char *buf = malloc(CHUNK);
	ssize_t n;
	int err = collapser__feed(c, head, head_len);

	if (!buf)
		return err_say("out of memory"), EXIT_FAIL;
	while (!err && (n = read(fd, buf, CHUNK)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_say("cannot read '%s': %s", name, strerror(errno));
			free(buf);
			return EXIT_FAIL;
		}
		err = collapser__feed(c, buf, (size_t)n);
	}
	free(buf);
	if (!err)
		err = collapser__end(c);
	if (err) {
		err_say("cannot collapse '%s': %s", name,
			err == -E2BIG ? "a line or stack is too long" :
					strerror(-err));
		return EXIT_FAIL;
	}
	return 0;
}

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
			if (strcmp(optarg, "auto") && strcmp(optarg, "perf-data") &&
			    strcmp(optarg, "perf-script"))
				return commands__bad_usage(
					"collapse",
					"unknown input format '%s' (have: "
					"auto, perf-data, perf-script)",
					optarg);
			cl->format = optarg;
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
	struct collapse_cli cl = { .input = "perf.data", .format = "auto" };
	struct collapser *c = NULL;
	char head[8];
	ssize_t got = 0;
	int fd = -1, ret;
	bool stdin_input;
	FILE *out = stdout;

	ret = parse_args(argc, argv, &cl);
	if (ret)
		return ret;
	stdin_input = !strcmp(cl.input, "-");
	if (collapser__new(&c, &cl.o)) {
		err_say("out of memory");
		return EXIT_FAIL;
	}
	if (strcmp(cl.format, "perf-data")) {
		fd = stdin_input ? STDIN_FILENO :
				   open(cl.input, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			err_say("cannot open '%s': %s", cl.input,
				strerror(errno));
			ret = EXIT_FAIL;
			goto out;
		}
		while (got < (ssize_t)sizeof(head)) {
			ssize_t n = read(fd, head + got, sizeof(head) - got);

			if (n <= 0)
				break;
			got += n;
		}
	}
	if (!strcmp(cl.format, "perf-data") ||
	    (!strcmp(cl.format, "auto") && got == 8 &&
	     !memcmp(head, "PERFILE2", 8))) {
		if (stdin_input) {
			err_say("a recording cannot come on standard input "
				"here; give its path");
			ret = EXIT_USAGE;
			goto out;
		}
		ret = collapse_recording(c, cl.input);
	} else {
		ret = collapse_text(c, fd, head, (size_t)got,
				    stdin_input ? "standard input" : cl.input);
	}
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
	if (fd > STDIN_FILENO)
		close(fd);
	collapser__free(c);
	return ret;
}
