/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stacks a command draws or folds, from any of their forms: a
 * recording (sonde's or perf's), perf script text, or folded stacks,
 * told apart by their first bytes (or named), from a file or stdin.
 */
#ifndef SONDE_CLI_STACK_INPUT_H
#define SONDE_CLI_STACK_INPUT_H

#include "profile/collapse.h"
#include "profile/flame.h"

#include <stdbool.h>
#include <stddef.h>

enum input_format {
	INPUT_AUTO,
	INPUT_PERF_DATA,
	INPUT_PERF_SCRIPT,
	INPUT_FOLDED,
};

#define STACK_INPUT_HEAD 65536

struct stack_input {
	const char *path;
	const char *name; /* for messages: the path or "standard input" */
	int fd;
	enum input_format format;
	char *head; /* bytes read to tell the format; fed first */
	size_t head_len;
};

/* "auto", "perf-data", "perf-script", "folded": 0 or -EINVAL. */
int stack_input__parse_format(const char *s, enum input_format *format);
/* Opens and tells the format; prints one line and returns the exit code. */
int stack_input__open(struct stack_input *in, const char *path,
		      enum input_format want);
/*
 * A recording or perf script text into c; exit code.  Kernel frames of
 * a recording are named at the end unless defer_forbidden (c hands each
 * sample out as it comes).
 */
int stack_input__collapse(struct stack_input *in, struct collapser *c,
			  bool defer_forbidden);
/*
 * Any form into f's folded stacks (perf script folded as collapse does):
 * summed per stack, or each sample in input order (in_order).
 */
int stack_input__load(struct stack_input *in, const struct collapse_opts *o,
		      bool in_order, struct flame *f);
void stack_input__close(struct stack_input *in);

#endif
