/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parser of sonde's tracing language: source text to the syntax tree
 * of lang/ast.h, in bpftrace's syntax:
 *
 *	[C preamble: '#' lines, struct/union/enum/typedef definitions]
 *	PROBE[, PROBE...] [/PREDICATE/] { STATEMENT; ... }
 *	...
 *
 * It stops at the first error and describes it in a struct lang_diag
 * (render it with lang_diag__print()).
 */
#ifndef SONDE_LANG_PARSER_H
#define SONDE_LANG_PARSER_H

#include "lang/ast.h"
#include "lang/diag.h"

#include <stddef.h>

/* Programs larger than this are refused. */
#define LANG_SOURCE_MAX (4u << 20)
/* Nesting of expressions and blocks deeper than this is refused. */
#define LANG_MAX_DEPTH 500

/*
 * Parses source[0..len) (it need not be NUL-terminated).  filename names
 * it in diagnostics (NULL: "stdin", as for -e programs).
 *
 * Returns 0 with *out set (free it with lang_program__free()), or
 * -EINVAL with diag filled (a syntax error, a malformed attach point, a
 * program too large), or -ENOMEM.  *out is NULL on failure.
 */
int lang__parse(const char *source, size_t len, const char *filename,
		struct lang_program **out, struct lang_diag *diag);

/*
 * Splits one attach point's text ("t:syscalls:sys_enter_*") into ap;
 * loc is where the text sits, for diagnostics.  Returns 0, -EINVAL with
 * diag set, or -ENOMEM.  On failure ap holds nothing to release.
 */
int lang_attach__parse(const char *text, size_t len, struct lang_loc loc,
		       const char *filename, struct lang_attach *ap,
		       struct lang_diag *diag);

#endif
