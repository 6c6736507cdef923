/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the commands that observe processes share: -p/-t lists, -a and a
 * command turned into a target, with one line for each bad input.
 */
#ifndef SONDE_CLI_TARGET_ARGS_H
#define SONDE_CLI_TARGET_ARGS_H

#include "core/target.h"

#include <stdbool.h>

struct target_args {
	const char *pids; /* -p, or with threads -t */
	bool threads;
	bool system_wide;
	char **argv; /* a command to start, held before exec */
};

/*
 * Fills t: adds the pids and spawns the command (held).  0, or the exit
 * code after one line: no such process, a bad list, a failed fork.
 */
int target_args__open(const char *command, const struct target_args *a,
		      struct target *t);

#endif
