// SPDX-License-Identifier: GPL-2.0
/* sonde doctor: what this kernel, and these privileges, let sonde do. */
#include "cli/commands.h"
#include "core/features.h"
#include "render/json.h"
#include "util/err.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

struct doctor_opts {
	bool json;
};

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

static void print_json(const struct feature_result res[FEATURE__COUNT])
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
	json__end_object(&j);
	json__end_line(&j);
}

int cmd_doctor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct feature_result res[FEATURE__COUNT];
	struct doctor_opts opts = { 0 };
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
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

	features__probe_all(res);
	if (opts.json)
		print_json(res);
	else
		print_plain(res);
	if (fflush(stdout) || ferror(stdout)) {
		err_say("cannot write the report");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
