/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events by name: software and hardware events as perf names them, and
 * tracepoints ("category:name") from tracefs, with globs and close-name
 * suggestions for typos.
 */
#ifndef SONDE_CORE_EVENTS_H
#define SONDE_CORE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum event_kind {
	EVENT_SOFTWARE,
	EVENT_HARDWARE,
	EVENT_TRACEPOINT,
};

#define EVENT_NAME_MAX 128

struct event {
	char name[EVENT_NAME_MAX]; /* as printed: "task-clock", "sched:sched_switch" */
	enum event_kind kind;
	uint32_t type; /* PERF_TYPE_* */
	uint64_t config; /* perf config; the tracepoint id once resolved */
	const char *unit; /* "msec" for clocks, "" otherwise */
	/* Tracepoints: */
	char category[64];
	char tp_name[64];
	int syscall_nr; /* syscalls:sys_{enter,exit}_NAME: its number, else -1 */
	bool syscall_exit;
	bool from_glob; /* added by a glob, not named */
};

struct event_list {
	struct event *items;
	size_t nr;
	size_t cap;
};

/* A software or hardware event of the fixed tables. */
struct event_def {
	const char *name;
	const char *alias; /* perf's short name, or NULL */
	enum event_kind kind;
	uint64_t config;
	const char *desc;
};

const struct event_def *events__defs(size_t *nr);

/*
 * Adds the events a spec names: one name, or a glob over the fixed
 * events ("*-faults") or tracepoints ("syscalls:sys_enter_*").  Returns
 * 0, -ENOENT for an unknown name or a glob matching nothing (see
 * events__suggest), or -errno (tracefs unreadable).
 */
int events__add(struct event_list *list, const char *spec);
/* Adds perf stat's default set. */
int events__add_defaults(struct event_list *list);
/* Resolves tracepoint ids (config) of list entries: 0 or -errno. */
int events__resolve_ids(struct event_list *list);
void events__release(struct event_list *list);

/*
 * The name of an event from its perf type and config: "cpu-clock",
 * "sched:sched_switch", or "raw 0x..." when nothing better is known.
 */
const char *events__name_of(uint32_t type, uint64_t config, char *buf,
			    size_t size);

/*
 * Names close to an unknown spec, comma-separated and quoted, into buf
 * ("'syscalls:sys_enter_getppid', 'syscalls:sys_enter_getpid'"); empty
 * when nothing is close.
 */
void events__suggest(const char *spec, char *buf, size_t size);

#endif
