/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A streaming JSON writer: every --json printer goes through it, so
 * escaping and commas live in one place.  Nesting is bounded.
 */
#ifndef SONDE_RENDER_JSON_H
#define SONDE_RENDER_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
	FILE *out;
	bool pretty;
	int depth;
	bool has_items[JSON_MAX_DEPTH];
	bool after_key;
};

void json__init(struct json *j, FILE *out, bool pretty);
void json__begin_object(struct json *j);
void json__end_object(struct json *j);
void json__begin_array(struct json *j);
void json__end_array(struct json *j);
void json__key(struct json *j, const char *key);
void json__string(struct json *j, const char *s);
void json__uint(struct json *j, uint64_t v);
void json__int(struct json *j, int64_t v);
void json__double(struct json *j, double v);
void json__bool(struct json *j, bool v);
void json__null(struct json *j);
/* Ends a top-level value with a newline (one document per line). */
void json__end_line(struct json *j);

void json__kv_string(struct json *j, const char *key, const char *s);
void json__kv_uint(struct json *j, const char *key, uint64_t v);
void json__kv_int(struct json *j, const char *key, int64_t v);
void json__kv_double(struct json *j, const char *key, double v);
void json__kv_bool(struct json *j, const char *key, bool v);

/* Writes s as a JSON string literal (quotes included) to out. */
void json__quote(FILE *out, const char *s);

#endif
