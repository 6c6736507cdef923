/* SPDX-License-Identifier: GPL-2.0 */
/* strace -c's table of syscalls: time, calls and errors per syscall. */
#ifndef SONDE_RENDER_SYSCALL_SUMMARY_H
#define SONDE_RENDER_SYSCALL_SUMMARY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct syscall_summary_row {
	const char *name;
	uint64_t calls, errors, ns;
	int nr; /* the syscall's number, for the caller */
};

enum syscall_summary_sort {
	SUMMARY_SORT_TIME, /* strace's default */
	SUMMARY_SORT_CALLS,
	SUMMARY_SORT_ERRORS,
	SUMMARY_SORT_NAME,
};

/* "time", "calls", "errors", "name" (strace -S): 0 or -EINVAL. */
int syscall_summary__parse_sort(const char *s, enum syscall_summary_sort *out);
/* Sorts rows in place and prints the table with its total line. */
void syscall_summary__render(FILE *out, struct syscall_summary_row *rows,
			     size_t nr, enum syscall_summary_sort sort);
struct json;
/*
 * The same rows as keys of the JSON object being written: "syscalls" (an
 * array, sorted) and "total".
 */
void syscall_summary__render_json(struct json *j,
				  struct syscall_summary_row *rows, size_t nr,
				  enum syscall_summary_sort sort);

#endif
