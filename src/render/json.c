// SPDX-License-Identifier: GPL-2.0
#include "render/json.h"

#include <math.h>
#include <inttypes.h>

void json__init(struct json *j, FILE *out, bool pretty)
{
	*j = (struct json){ .out = out, .pretty = pretty };
}

static void indent(struct json *j)
{
	if (!j->pretty)
		return;
	fputc('\n', j->out);
	for (int i = 0; i < j->depth; i++)
		fputs("  ", j->out);
}

/* Separator and indentation before a value or key at the current level. */
static void before_item(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->depth > 0) {
		if (j->has_items[j->depth])
			fputc(',', j->out);
		j->has_items[j->depth] = true;
		indent(j);
	}
}

static void open_scope(struct json *j, char c)
{
	before_item(j);
	fputc(c, j->out);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->has_items[j->depth] = false;
}

static void close_scope(struct json *j, char c)
{
	bool had = j->has_items[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (had)
		indent(j);
	fputc(c, j->out);
}

void json__begin_object(struct json *j)
{
	open_scope(j, '{');
}

void json__end_object(struct json *j)
{
	close_scope(j, '}');
}

void json__begin_array(struct json *j)
{
	open_scope(j, '[');
}

void json__end_array(struct json *j)
{
	close_scope(j, ']');
}

void json__quote(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

void json__key(struct json *j, const char *key)
{
	before_item(j);
	json__quote(j->out, key);
	fputs(j->pretty ? ": " : ":", j->out);
	j->after_key = true;
}

void json__string(struct json *j, const char *s)
{
	before_item(j);
	if (s)
		json__quote(j->out, s);
	else
		fputs("null", j->out);
}

void json__uint(struct json *j, uint64_t v)
{
	before_item(j);
	fprintf(j->out, "%" PRIu64, v);
}

void json__int(struct json *j, int64_t v)
{
	before_item(j);
	fprintf(j->out, "%" PRId64, v);
}

void json__double(struct json *j, double v)
{
	before_item(j);
	if (isfinite(v))
		fprintf(j->out, "%.9g", v);
	else
		fputs("null", j->out);
}

void json__bool(struct json *j, bool v)
{
	before_item(j);
	fputs(v ? "true" : "false", j->out);
}

void json__null(struct json *j)
{
	before_item(j);
	fputs("null", j->out);
}

void json__end_line(struct json *j)
{
	fputc('\n', j->out);
	fflush(j->out);
}

void json__kv_string(struct json *j, const char *key, const char *s)
{
	json__key(j, key);
	json__string(j, s);
}

void json__kv_uint(struct json *j, const char *key, uint64_t v)
{
	json__key(j, key);
	json__uint(j, v);
}

void json__kv_int(struct json *j, const char *key, int64_t v)
{
	json__key(j, key);
	json__int(j, v);
}

void json__kv_double(struct json *j, const char *key, double v)
{
	json__key(j, key);
	json__double(j, v);
}

void json__kv_bool(struct json *j, const char *key, bool v)
{
	json__key(j, key);
	json__bool(j, v);
}
