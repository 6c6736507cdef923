// SPDX-License-Identifier: GPL-2.0
#include "util/err.h"

#include <errno.h>
#include <stdio.h>

static char detail[512];

void err_vsay(const char *fmt, va_list ap)
{
	fputs("sonde: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int err_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vsay(fmt, ap);
	va_end(ap);
	return -1;
}

void err_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("sonde: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void err_detail_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
}

const char *err_detail_get(void)
{
	return detail[0] ? detail : NULL;
}

void err_detail_clear(void)
{
	detail[0] = '\0';
}

int err_exit_code(int neg_errno)
{
	switch (-neg_errno) {
	case EPERM:
	case EACCES:
	case EOPNOTSUPP:
	case ENOSYS:
		return EXIT_NOPERM;
	default:
		return EXIT_FAIL;
	}
}
