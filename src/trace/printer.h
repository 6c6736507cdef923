/* SPDX-License-Identifier: GPL-2.0 */
/*
 * strace's output, line by line, from the kernel side's events: a call
 * per line, `<unfinished ...>` and `<... read resumed>` when threads
 * interleave, pid prefixes once several tasks run, -t/-tt/-ttt
 * timestamps, -T durations, `+++ exited with N +++`, and a line where
 * events were lost.
 */
#ifndef SONDE_TRACE_PRINTER_H
#define SONDE_TRACE_PRINTER_H

#include "trace/decode.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct trace_event;

enum trace_prefix {
	TRACE_PREFIX_TASKS, /* "[pid  N] " while several tasks are traced */
	TRACE_PREFIX_PID, /* "N  " on every line (strace -f -o FILE) */
	TRACE_PREFIX_COMM, /* "comm/N " on every line (system-wide) */
};

enum trace_time {
	TRACE_TIME_NONE,
	TRACE_TIME_SECONDS, /* -t: 14:03:07 */
	TRACE_TIME_MICROS, /* -tt: 14:03:07.123456 */
	TRACE_TIME_EPOCH, /* -ttt: 1795705387.123456 */
};

struct trace_printer_opts {
	FILE *out;
	struct decode_opts decode;
	bool only_failed; /* -Z */
	bool durations; /* -T */
	bool fd_paths; /* -y: decode.fd_path is set here */
	/*
	 * When set, only calls whose number it marks print; the others
	 * came for -y's table (the filter lets descriptor calls through).
	 */
	const bool *shown;
	size_t nr_shown;
	bool json; /* a JSON document per call instead of strace's lines */
	enum trace_time time;
	enum trace_prefix prefix;
	/*
	 * The held command: the kernel side sees its execve only return.
	 * sonde's child calls execvp(path, exec_argv) with exec_envp, at the
	 * addresses they have in sonde (the child is a fork).
	 */
	const char *exec_path;
	char *const *exec_argv;
	char *const *exec_envp;
};

struct trace_printer;

int trace_printer__new(struct trace_printer **out,
		       const struct trace_printer_opts *o);
/* A task traced from the start (-p's threads, the command). */
int trace_printer__add_task(struct trace_printer *p, pid_t tid);
/* Prints what one event completes; 0 or -errno. */
int trace_printer__event(struct trace_printer *p, const struct trace_event *e,
			 size_t size);
/* "N events lost" in the stream, where the loss was noticed. */
void trace_printer__lost(struct trace_printer *p, uint64_t n);
/* At the end: calls still in progress print as unfinished. */
int trace_printer__finish(struct trace_printer *p);
void trace_printer__free(struct trace_printer *p);

#endif
