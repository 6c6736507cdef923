/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics of the language front end and its later passes: a source
 * location, one message, and a renderer in bpftrace's layout:
 *
 *	stdin:1:9-17: ERROR: unexpected character '#'
 *	BEGIN { # }
 *	        ^
 *
 * A range prints as LINE:COL-END with '~' under it; a single column
 * prints as LINE:COL with a '^'.  END is exclusive, as bpftrace's is.
 */
#ifndef SONDE_LANG_DIAG_H
#define SONDE_LANG_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct strbuf;

/*
 * A span of source text.  Lines and columns count from 1; columns count
 * bytes (a tab is one column).  end_col is one past the last character
 * on end_line, so a one-character span has end_col == col + 1.  A span
 * that is all zero means "no location".
 */
struct lang_loc {
	unsigned int line;
	unsigned int col;
	unsigned int end_line;
	unsigned int end_col;
};

enum lang_diag_level {
	LANG_DIAG_ERROR,
	LANG_DIAG_WARNING,
};

#define LANG_DIAG_FILE_MAX 256
#define LANG_DIAG_MSG_MAX 512

/* One diagnostic.  Plain data: no release needed. */
struct lang_diag {
	bool set; /* false until a message was recorded */
	enum lang_diag_level level;
	char file[LANG_DIAG_FILE_MAX]; /* "stdin" for -e programs */
	struct lang_loc loc;
	char msg[LANG_DIAG_MSG_MAX]; /* one sentence, lowercase, no full stop */
};

void lang_diag__init(struct lang_diag *diag);

/*
 * Records an error at loc unless one is already recorded (the first
 * error is the one worth reading).  file may be NULL ("stdin").
 * Returns -EINVAL so callers can 'return lang_diag__error(...)'.
 */
int lang_diag__error(struct lang_diag *diag, const char *file,
		     struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* As lang_diag__error(), at any level; returns -EINVAL too. */
int lang_diag__set(struct lang_diag *diag, enum lang_diag_level level,
		   const char *file, struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Appends the diagnostic in its three-line layout to sb: the header
 * line, the source line of loc.line and the marker line.  The source
 * lines are left out when source is NULL or loc.line is out of range.
 * Returns 0 or -E2BIG/-ENOMEM from the buffer.
 */
int lang_diag__render(struct strbuf *sb, const struct lang_diag *diag,
		      const char *source, size_t len);

/* Renders to out; source is NUL-terminated or NULL.  Nothing when unset. */
void lang_diag__print(FILE *out, const struct lang_diag *diag,
		      const char *source);

/* "ERROR" or "WARNING". */
const char *lang_diag_level__name(enum lang_diag_level level);

#endif
