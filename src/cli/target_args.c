// SPDX-License-Identifier: GPL-2.0
#include "cli/target_args.h"

#include "cli/commands.h"
#include "util/err.h"

#include <errno.h>
#include <string.h>

int target_args__open(const char *command, const struct target_args *a,
		      struct target *t)
{
	int err;

	t->system_wide = a->system_wide;
	t->threads_only = a->threads;
	if (a->pids) {
		err = target__add_pids(t, a->pids);
		if (err == -ESRCH) {
			err_say("no such %s: '%s'",
				a->threads ? "thread" : "process", a->pids);
			return EXIT_FAIL;
		}
		if (err)
			return commands__bad_usage(command, "bad %s list '%s'",
						   a->threads ? "thread id"
							      : "process id",
						   a->pids);
	}
	if (a->argv) {
		err = target__spawn(t, a->argv);
		if (err) {
			err_say("cannot start '%s': %s", a->argv[0],
				strerror(-err));
			return EXIT_FAIL;
		}
	}
	return 0;
}
