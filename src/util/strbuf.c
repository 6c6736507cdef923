// SPDX-License-Identifier: GPL-2.0
#include "util/strbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf__init(struct strbuf *sb, size_t max)
{
	memset(sb, 0, sizeof(*sb));
	sb->max = max;
}

static int reserve(struct strbuf *sb, size_t more)
{
	size_t want = sb->len + more + 1, cap;
	char *grown;

	if (want > sb->max)
		return -E2BIG;
	if (want <= sb->cap)
		return 0;
	cap = sb->cap ? sb->cap : 256;
	while (cap < want)
		cap *= 2;
	if (cap > sb->max)
		cap = sb->max;
	grown = realloc(sb->buf, cap);
	if (!grown)
		return -ENOMEM;
	sb->buf = grown;
	sb->cap = cap;
	return 0;
}

int strbuf__add(struct strbuf *sb, const char *data, size_t len)
{
	int err = reserve(sb, len);

	if (err)
		return err;
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf__addc(struct strbuf *sb, char c)
{
	return strbuf__add(sb, &c, 1);
}

int strbuf__addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	err = reserve(sb, (size_t)n);
	if (err)
		return err;
	va_start(ap, fmt);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
	return 0;
}

void strbuf__reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf__release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}
