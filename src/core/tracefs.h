/* SPDX-License-Identifier: GPL-2.0 */
/* tracefs: where it is (mounting it when missing), events, formats. */
#ifndef SONDE_CORE_TRACEFS_H
#define SONDE_CORE_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The tracefs root ("/sys/kernel/tracing"), found in /proc/mounts or
 * mounted there when absent.  NULL when neither works; then
 * tracefs__error() says why (-errno).
 */
const char *tracefs__root(void);
int tracefs__error(void);
/* True when sonde mounted tracefs itself (doctor reports it). */
bool tracefs__mounted_by_us(void);

/* The numeric id of tracepoint CATEGORY:NAME, or -ENOENT/-errno. */
int tracefs__event_id(const char *category, const char *name);

/* Calls cb for each "category:name" tracepoint, in directory order. */
int tracefs__for_each_event(int (*cb)(const char *category, const char *name,
				      void *ctx),
			    void *ctx);

struct tracefs_field {
	char decl[128]; /* "unsigned long args[6]" */
	char name[64]; /* "args" */
	char type[96]; /* "unsigned long" ("__data_loc char[]" kept whole) */
	unsigned int offset;
	unsigned int size;
	bool is_signed;
	unsigned int array_len; /* 0 when not an array */
	bool common; /* one of the common_* fields */
};

#define TRACEFS_MAX_FIELDS 64

struct tracefs_format {
	int id;
	size_t nr_fields;
	struct tracefs_field fields[TRACEFS_MAX_FIELDS];
};

/* Parses the text of a format file (unit-tested on its own). */
int tracefs__parse_format(const char *text, struct tracefs_format *fmt);
/* Reads and parses events/CATEGORY/NAME/format. */
int tracefs__read_format(const char *category, const char *name,
			 struct tracefs_format *fmt);

#endif
