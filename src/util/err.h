/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error reporting at the edge.  The core returns 0 or -errno and never
 * prints to stdout; the CLI reports each failure once, as one line on
 * stderr, and maps it to an exit code.
 */
#ifndef SONDE_UTIL_ERR_H
#define SONDE_UTIL_ERR_H

#include <stdarg.h>

enum sonde_exit {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_NOPERM = 3, /* missing privilege or kernel feature */
	EXIT_NOTFOUND = 127, /* command not found, as a shell says */
};

/* "sonde: <message>\n" on stderr; returns -1 so callers can 'return err()'. */
int err_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void err_vsay(const char *fmt, va_list ap);

/* "sonde: warning: <message>\n" on stderr. */
void err_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A detail the core can attach to a -errno so the edge prints one
 * precise line ("cannot open 'x': ...") instead of a bare strerror.
 * The last failing call wins; err_detail_take() clears it.
 */
void err_detail_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *err_detail_get(void);
void err_detail_clear(void);

/* Exit code for a -errno: privilege/feature errors give EXIT_NOPERM. */
int err_exit_code(int neg_errno);

#endif
