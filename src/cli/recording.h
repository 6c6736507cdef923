/* SPDX-License-Identifier: GPL-2.0 */
/* What the commands that read a recording share: opening it, and saying
 * how far it could be read. */
#ifndef SONDE_CLI_RECORDING_H
#define SONDE_CLI_RECORDING_H

#include "profile/session.h"

#include <stddef.h>

/* Opens path; on failure prints one line and returns the exit code. */
int recording__open(const char *path, bool time_ordered, struct session **out);
/*
 * After session__run returned err: says where a truncated or damaged
 * file stopped and what was read.  Returns the exit code.
 */
int recording__finish(struct session *s, const char *path, int err);
/* The event's name: from the file, or derived from its attr. */
const char *recording__event_name(const struct perf_data_event *ev, char *buf,
				  size_t size);

#endif
