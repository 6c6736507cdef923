// SPDX-License-Identifier: GPL-2.0
/* sonde doctor: what this kernel, and these privileges, let sonde do. */
#include "cli/commands.h"
#include "core/features.h"
#include "jvm/attach.h"
#include "render/json.h"
#include "util/err.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct doctor_opts {
	bool json;
	pid_t pid;
};

/* What doctor -p finds out about one process. */
struct process_check {
	pid_t pid;
	bool jvm;
	int frame_pointers; /* 1, 0, or -errno when the JVM did not say */
};

#define NO_FRAME_POINTERS_LOSS                                               \
	"stacks stop one frame deep in compiled Java code (the caller "      \
	"chain is lost); restart the JVM with -XX:+PreserveFramePointer, "    \
	"which costs a few percent of CPU at most"

static void check_process(pid_t pid, struct process_check *pc)
{
	pc->pid = pid;
	pc->jvm = jvm__is_hotspot(pid);
	pc->frame_pointers = pc->jvm ? jvm__preserves_frame_pointers(pid) : 0;
}

static void print_process_plain(const struct process_check *pc)
{
	printf("\nprocess %d: ", pc->pid);
	if (!pc->jvm) {
		printf("not a HotSpot JVM; nothing more to check\n");
		return;
	}
	printf("a HotSpot JVM\n");
	if (pc->frame_pointers > 0)
		printf("%-8s %-20s %s\n", "OK", "java frame pointers",
		       "-XX:+PreserveFramePointer is on");
	else if (pc->frame_pointers == 0)
		printf("%-8s %-20s %s: %s\n", "missing", "java frame pointers",
		       "-XX:+PreserveFramePointer is off",
		       NO_FRAME_POINTERS_LOSS);
	else
		printf("%-8s %-20s cannot ask the JVM: %s\n", "unknown",
		       "java frame pointers", jvm__strerror(pc->frame_pointers));
}

static void print_plain(const struct feature_result res[FEATURE__COUNT])
{
	int missing = 0;

	for (int f = 0; f < FEATURE__COUNT; f++) {
		const struct feature_result *r = &res[f];

		if (r->ok) {
			printf("%-8s %-20s %s\n", "OK", features__name(f),
			       r->detail);
			continue;
		}
		missing++;
		printf("%-8s %-20s %s: %s\n", "missing", features__name(f),
		       r->detail, features__loss(f));
	}
	if (!missing) {
		printf("\nall %d features available\n", FEATURE__COUNT);
		return;
	}
	printf("\n%d of %d features available; missing:",
	       FEATURE__COUNT - missing, FEATURE__COUNT);
	for (int f = 0, n = 0; f < FEATURE__COUNT; f++)
		if (!res[f].ok)
			printf("%s %s", n++ ? "," : "", features__name(f));
	putchar('\n');
}

static void print_json(const struct feature_result res[FEATURE__COUNT],
		       const struct process_check *pc)
{
	struct json j;

	json__init(&j, stdout, false);
	json__begin_object(&j);
	json__key(&j, "features");
	json__begin_array(&j);
	for (int f = 0; f < FEATURE__COUNT; f++) {
		json__begin_object(&j);
		json__kv_string(&j, "id", features__id(f));
		json__kv_string(&j, "name", features__name(f));
		json__kv_bool(&j, "ok", res[f].ok);
		json__kv_string(&j, "detail", res[f].detail);
		/* What the user loses now: null when nothing is lost. */
		json__key(&j, "loss");
		if (res[f].ok)
			json__null(&j);
		else
			json__string(&j, features__loss(f));
		json__end_object(&j);
	}
	json__end_array(&j);
	if (pc) {
		json__key(&j, "process");
		json__begin_object(&j);
		json__kv_int(&j, "pid", pc->pid);
		json__kv_bool(&j, "jvm", pc->jvm);
		/* null: not a JVM, or it did not answer */
		json__key(&j, "java_frame_pointers");
		if (pc->jvm && pc->frame_pointers >= 0)
			json__bool(&j, pc->frame_pointers > 0);
		else
			json__null(&j);
		json__end_object(&j);
	}
	json__end_object(&j);
	json__end_line(&j);
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pid", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct feature_result res[FEATURE__COUNT];
	struct doctor_opts opts = { 0 };
	struct process_check pc;
	char *end;
	long pid;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+hp:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'p':
			errno = 0;
			pid = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || pid <= 0 ||
			    pid > INT32_MAX)
				return commands__bad_usage(
					"doctor", "bad process id '%s'", optarg);
			opts.pid = (pid_t)pid;
			break;
		case 'h':
			commands__usage("doctor", stdout);
			return EXIT_OK;
		default:
			return commands__bad_usage("doctor",
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return commands__bad_usage("doctor", "unexpected argument '%s'",
					   argv[optind]);

	if (opts.pid && kill(opts.pid, 0) && errno == ESRCH) {
		err_say("no such process: %d", opts.pid);
		return EXIT_FAIL;
	}
	features__probe_all(res);
	if (opts.pid)
		check_process(opts.pid, &pc);
	if (opts.json) {
		print_json(res, opts.pid ? &pc : NULL);
	} else {
		print_plain(res);
		if (opts.pid)
			print_process_plain(&pc);
	}
	if (fflush(stdout) || ferror(stdout)) {
		err_say("cannot write the report");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
