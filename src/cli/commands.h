/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command table: one entry per `sonde NAME`, each a thin file in
 * src/cli/ that parses argv into options, calls the core, renders, and
 * maps errors to an exit code.
 */
#ifndef SONDE_CLI_COMMANDS_H
#define SONDE_CLI_COMMANDS_H

#include <stdio.h>

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage; /* full --help text, after the "usage:" line */
};

int cmd_list(int argc, char **argv);
int cmd_stat(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_script(int argc, char **argv);
int cmd_collapse(int argc, char **argv);
int cmd_flamegraph(int argc, char **argv);
int cmd_trace(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_doctor(int argc, char **argv);

const struct command *commands__find(const char *name);
/* Prints "usage: sonde NAME ..." and the option text of NAME. */
void commands__usage(const char *name, FILE *out);
/* For a bad option: one line naming it, then a pointer to --help; exit 2. */
int commands__bad_usage(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* --duration S: seconds, more than none.  0, or bad usage said. */
int commands__parse_duration(const char *name, const char *arg,
			     unsigned long long *ns);
/* -I MS: milliseconds, 10 to a day, as nanoseconds.  0, or bad usage. */
int commands__parse_interval(const char *name, const char *arg,
			     unsigned long long *ns);

#endif
