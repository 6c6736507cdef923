/* SPDX-License-Identifier: GPL-2.0 */
/* Symbol demangling: C++ (Itanium ABI) and Rust (legacy and v0). */
#ifndef SONDE_SYM_DEMANGLE_H
#define SONDE_SYM_DEMANGLE_H

#include <stdbool.h>

/*
 * The demangled form of mangled as a malloc'd string, or NULL when it
 * is not a mangled name (a C symbol), cannot be demangled, or mangled
 * is NULL.  With params, C++ names carry their parameter lists and
 * return types ("long ns::f<long>(long)"); without, only the qualified
 * name ("ns::f<long>"), as perf shows frames by default.  Rust legacy
 * names lose their "::h<16 hex>" hash, as in perf.
 */
char *demangle__name(const char *mangled, bool params);

#endif
