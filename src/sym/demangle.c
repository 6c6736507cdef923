// SPDX-License-Identifier: GPL-2.0
#include "sym/demangle.h"

#include <libiberty/demangle.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/*
 * libiberty's demangler keeps arrays proportional to the name's length
 * on the stack; refusing absurd lengths keeps a corrupt or hostile
 * symbol table from overflowing a thread's stack.  Real names, even
 * deep template instantiations, stay well below this.
 */
#define DEMANGLE_MAX_LEN 16384

#define RUST_HASH_LEN 16 /* hex digits after the "h" */

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* A Rust legacy name ends its path with "17h<16 hex>E". */
static bool is_rust_legacy(const char *mangled, size_t len)
{
	const char *tail;

	if (len < 5 + 3 + RUST_HASH_LEN || strncmp(mangled, "_ZN", 3))
		return false;
	tail = mangled + len - (3 + RUST_HASH_LEN + 1);
	return !strncmp(tail, "17h", 3) && is_hex(tail + 3, RUST_HASH_LEN) &&
	       tail[3 + RUST_HASH_LEN] == 'E';
}

/*
 * Newer libiberty already drops the hash; older versions (and any built
 * with verbose output) leave "::h0123456789abcdef" at the end.
 */
static void drop_rust_hash(char *name)
{
	size_t len = strlen(name);
	char *tail;

	if (len < 3 + RUST_HASH_LEN)
		return;
	tail = name + len - (3 + RUST_HASH_LEN);
	if (!strncmp(tail, "::h", 3) && is_hex(tail + 3, RUST_HASH_LEN))
		*tail = '\0';
}

static char *demangle_whole(const char *mangled, bool params);

/*
 * A PLT stub's name ("_ZN...E@plt", made by the ELF reader): the
 * demangler would drop the suffix, so demangle the symbol and put it
 * back, as perf names the stub.
 */
char *demangle__name(const char *mangled, bool params)
{
	static const char plt[] = "@plt";
	size_t len = mangled ? strnlen(mangled, DEMANGLE_MAX_LEN + 1) : 0;
	char *base, *out, *with;

	if (len <= sizeof(plt) - 1 || len > DEMANGLE_MAX_LEN ||
	    strcmp(mangled + len - (sizeof(plt) - 1), plt))
		return demangle_whole(mangled, params);
	base = strndup(mangled, len - (sizeof(plt) - 1));
	out = base ? demangle_whole(base, params) : NULL;
	free(base);
	if (!out)
		return NULL;
	with = malloc(strlen(out) + sizeof(plt));
	if (with) {
		strcpy(with, out);
		strcat(with, plt);
	}
	free(out);
	return with;
}

static char *demangle_whole(const char *mangled, bool params)
{
	size_t len;
	char *out;

	if (!mangled)
		return NULL;
	/* Itanium C++ and Rust legacy use _Z, Rust v0 uses _R. */
	if (strncmp(mangled, "_Z", 2) && strncmp(mangled, "_R", 2))
		return NULL;
	len = strnlen(mangled, DEMANGLE_MAX_LEN + 1);
	if (len > DEMANGLE_MAX_LEN)
		return NULL;
	out = cplus_demangle(mangled, params ? DMGL_PARAMS | DMGL_ANSI : DMGL_NO_OPTS);
	if (out && is_rust_legacy(mangled, len))
		drop_rust_hash(out);
	return out;
}
