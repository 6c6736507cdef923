/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf formats of sonde run (bpftrace's specifiers: %d %i %u %x %X %o
 * %c %p %s and %r, with flags, width, precision and h/hh/l/ll/z/j): split
 * once, checked against argument types by the type checker, and filled
 * with the values a probe sent, in user space.
 */
#ifndef SONDE_LANG_FORMAT_H
#define SONDE_LANG_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* A run of plain text ("%%" already made "%"), or one specifier. */
struct lang_format_piece {
	bool is_spec;
	const char *text; /* into the format: the text, or the whole spec */
	size_t len;
	char conv;	      /* specs: 'd', 's', ..., 'r' */
	char flags[6];	      /* of "-+ #0", in order given */
	int width, precision; /* -1 when not given */
	/*
	 * The length modifier's integer width in bits: 8 (hh), 16 (h), 32
	 * (none), 64 (l, ll, z, j).  bpftrace passes its format to C's
	 * printf, so "%d" of a 64-bit value shows its low 32 bits.
	 */
	unsigned char bits;
};

/*
 * The piece at *pos of fmt (len bytes), advancing *pos; returns 1 for a
 * piece, 0 at the end, -EINVAL for a format ending inside a specifier
 * or an unknown conversion (*why says which; piece->text/len point at
 * the specifier).
 */
int lang_format__next(const char *fmt, size_t len, size_t *pos,
		      struct lang_format_piece *piece, const char **why);

/* One value for a specifier. */
struct lang_format_arg {
	bool is_str;
	bool is_signed;
	uint64_t value;
	const char *str; /* is_str: NUL-terminated */
};

/*
 * fmt filled with args as bpftrace's printf prints them; 0, -EINVAL
 * (a bad format, too few arguments) or the buffer's -E2BIG/-ENOMEM.
 */
int lang_format__render(struct strbuf *sb, const char *fmt, size_t len,
			const struct lang_format_arg *args, size_t nr);

#endif
