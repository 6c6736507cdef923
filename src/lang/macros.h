/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The integer macros a script's C preamble makes visible, as bpftrace
 * scripts use them (AF_INET after `#include <sys/socket.h>`, a script's
 * own `#define`): `#define NAME VALUE` lines of the preamble and of the
 * headers it includes, found in the system's include directories.
 *
 * Not a C preprocessor: the preamble's #ifdef/#ifndef/#else/#endif are
 * followed (BPFTRACE_HAVE_BTF is defined when the kernel has BTF), the
 * headers' conditionals are not (the first definition of a name wins),
 * and a value is an integer, a name of another macro, or either in
 * parentheses, negated, with integer suffixes.
 */
#ifndef SONDE_LANG_MACROS_H
#define SONDE_LANG_MACROS_H

#include "lang/ast.h"

#include <stdbool.h>
#include <stdint.h>

struct lang_macros;

/*
 * Reads prog's preamble and the headers it includes from include_dirs
 * (NULL-terminated; NULL: headers are not read).  0 or -ENOMEM; headers
 * that cannot be found are skipped.
 */
int lang_macros__read(const struct lang_program *prog, bool have_btf,
		      const char *const *include_dirs,
		      struct lang_macros **out);
void lang_macros__free(struct lang_macros *m);

/* The integer macro name stands for: 0, -ENOENT or -EINVAL (not one). */
int lang_macros__value(const struct lang_macros *m, const char *name,
		       int64_t *value);

#endif
