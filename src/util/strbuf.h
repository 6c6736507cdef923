/* SPDX-License-Identifier: GPL-2.0 */
/* A growable text buffer with a ceiling, as curl's dynbuf. */
#ifndef SONDE_UTIL_STRBUF_H
#define SONDE_UTIL_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf; /* NUL-terminated when len > 0 */
	size_t len;
	size_t cap;
	size_t max; /* appends past it fail with -E2BIG */
};

void strbuf__init(struct strbuf *sb, size_t max);
int strbuf__add(struct strbuf *sb, const char *data, size_t len);
int strbuf__addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int strbuf__addc(struct strbuf *sb, char c);
void strbuf__reset(struct strbuf *sb);
void strbuf__release(struct strbuf *sb);

#endif
