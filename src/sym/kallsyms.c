// SPDX-License-Identifier: GPL-2.0
/* /proc/kallsyms: "ffffffff81000000 T _text" and "... t fn\t[module]". */
#include "sym/kallsyms.h"
#include "sym/sources.h"
#include "sym/symtab.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct kallsyms_state {
	struct symtab *t;
	/* Lines come grouped by module: intern each name once per run. */
	const char *last_mod;
	size_t last_mod_len;
	uint32_t last_mod_off;
};

static int parse_line(struct kallsyms_state *st, const char *p, const char *end,
		      size_t *hidden)
{
	const char *name, *mod = NULL;
	size_t name_len, mod_len = 0;
	enum symtab_bind bind;
	uint32_t name_off, mod_off = 0;
	uint64_t addr;
	char type;
	int err;

	if (!sources__parse_hex(&p, end, false, &addr) || p == end ||
	    !sources__is_blank(*p))
		return 0;
	while (p < end && sources__is_blank(*p))
		p++;
	if (p + 1 >= end || !sources__is_blank(p[1]))
		return 0;
	type = *p;
	p += 2;
	switch (type) {
	case 'T':
		bind = SYMTAB_GLOBAL;
		break;
	case 't':
		bind = SYMTAB_LOCAL;
		break;
	case 'W':
	case 'w':
		bind = SYMTAB_WEAK;
		break;
	default:
		return 0; /* data, absolute and the like: never an ip */
	}
	while (p < end && sources__is_blank(*p))
		p++;
	name = p;
	while (p < end && !sources__is_blank(*p))
		p++;
	name_len = (size_t)(p - name);
	if (!name_len)
		return 0;
	while (p < end && sources__is_blank(*p))
		p++;
	if (p < end && *p == '[') {
		const char *close = memchr(p, ']', (size_t)(end - p));

		if (close) {
			mod = p;
			mod_len = (size_t)(close - p) + 1;
		}
	}
	if (!addr) {
		(*hidden)++;
		return 0;
	}
	if (mod) {
		if (!st->last_mod || st->last_mod_len != mod_len ||
		    memcmp(st->last_mod, mod, mod_len)) {
			err = symtab__intern(st->t, mod, mod_len,
					     &st->last_mod_off);
			if (err)
				return err;
			st->last_mod = mod;
			st->last_mod_len = mod_len;
		}
		mod_off = st->last_mod_off + 1;
	}
	err = symtab__intern(st->t, name, name_len, &name_off);
	if (err)
		return err;
	return symtab__add(st->t, addr, 0, name_off, mod_off, bind,
			   SYMTAB_FUNC);
}

int kallsyms__parse(struct symtab *t, const char *text, size_t size,
		    size_t *hidden)
{
	struct kallsyms_state st = {.t = t};
	const char *p = text, *end = text + size;
	int err;

	*hidden = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		err = parse_line(&st, p, eol, hidden);
		if (err)
			return err;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int kallsyms__address(const char *path, const char *name, uint64_t *addr)
{
	FILE *f = fopen(path ? path : "/proc/kallsyms", "re");
	char *line = NULL, sym[512];
	size_t cap = 0;
	int err = -ENOENT;

	if (!f)
		return -errno;
	while (err == -ENOENT && getline(&line, &cap, f) > 0) {
		uint64_t a;
		char type;

		if (sscanf(line, "%" SCNx64 " %c %511s", &a, &type, sym) == 3 &&
		    !strcmp(sym, name)) {
			*addr = a;
			err = a ? 0 : -EPERM;
		}
	}
	free(line);
	fclose(f);
	return err;
}
