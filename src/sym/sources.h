/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of the symbolizer's non-ELF sources, and MiniDebugInfo
 * decompression.  Internal to src/sym/; see sym/symbolizer.h.
 */
#ifndef SONDE_SYM_SOURCES_H
#define SONDE_SYM_SOURCES_H

#include "util/strutil.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct symtab;


/*
 * Parses 1-16 hex digits at *p (after "0x" when allow_0x), advancing
 * *p past them.  False when there are none or too many.
 */
static inline bool sources__parse_hex(const char **p, const char *end,
				      bool allow_0x, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int digits = 0, d;

	if (allow_0x && end - s > 2 && s[0] == '0' &&
	    (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	while (s < end && (d = str_hex_digit(*s)) >= 0) {
		if (++digits > 16)
			return false;
		v = v << 4 | (uint64_t)d;
		s++;
	}
	*p = s;
	*out = v;
	return digits > 0;
}

static inline bool sources__is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Adds the text symbols (t, T, w, W) of /proc/kallsyms-formatted text to
 * a SYMTAB_KALLSYMS table, with their "[module]".  Lines at address 0
 * (hidden by kptr_restrict) are counted in *hidden, not added.
 * Malformed lines are skipped.  0 or -ENOMEM.
 */
int kallsyms__parse(struct symtab *t, const char *text, size_t size,
		    size_t *hidden);

/*
 * Fills a SYMTAB_SPANS table from perf map text ("START SIZE name" per
 * line, hex with or without 0x).  Entries may come in any order and
 * overlap: where they do, the later line wins, since a JIT writes a new
 * line when it reuses memory for new code.  Entries of size 0 and
 * malformed lines are skipped.  0 or -ENOMEM.
 */
int perfmap__parse(struct symtab *t, const char *text, size_t size);

/*
 * Decompresses an xz stream (the contents of .gnu_debugdata) into a
 * malloc'd buffer of at most max bytes.  -EINVAL for corrupt or
 * truncated data, -EFBIG past max, -ENOMEM.
 */
int minidebug__decompress(const void *xz, size_t size, size_t max, void **out,
			  size_t *out_size);

#endif
