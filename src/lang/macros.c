// SPDX-License-Identifier: GPL-2.0
#include "lang/macros.h"

#include "util/strutil.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds: headers include each other deeply; values alias each other. */
#define MAX_INCLUDE_DEPTH 12
#define MAX_ALIASES 16
#define MAX_CONDITIONALS 32

struct macro {
	char *name;
	char *value;
};

struct lang_macros {
	struct macro *items;
	size_t nr, cap;
	struct strlist read; /* headers already read */
	const char *const *dirs;
	int err;
};

static const struct macro *find(const struct lang_macros *m, const char *name)
{
	for (size_t i = 0; i < m->nr; i++)
		if (!strcmp(m->items[i].name, name))
			return &m->items[i];
	return NULL;
}

/* NAME and VALUE of "define NAME VALUE" (after the '#'); first one wins. */
static void define(struct lang_macros *m, const char *p)
{
	const char *name, *end;
	char *value;
	size_t len;

	while (isspace((unsigned char)*p))
		p++;
	name = p;
	while (isalnum((unsigned char)*p) || *p == '_')
		p++;
	if (p == name || *p == '(') /* function-like macros: not values */
		return;
	len = (size_t)(p - name);
	for (size_t i = 0; i < m->nr; i++)
		if (!strncmp(m->items[i].name, name, len) &&
		    !m->items[i].name[len])
			return; /* the first definition stays */
	while (isspace((unsigned char)*p))
		p++;
	/* The value up to a comment or the line's end. */
	end = p + strcspn(p, "\n");
	for (const char *c = p; c + 1 < end; c++)
		if (c[0] == '/' && (c[1] == '*' || c[1] == '/')) {
			end = c;
			break;
		}
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (m->nr == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct macro *items = realloc(m->items, cap * sizeof(*items));

		if (!items) {
			m->err = -ENOMEM;
			return;
		}
		m->items = items;
		m->cap = cap;
	}
	m->items[m->nr].name = strndup(name, len);
	value = strndup(p, (size_t)(end - p));
	if (!m->items[m->nr].name || !value) {
		free(m->items[m->nr].name);
		free(value);
		m->err = -ENOMEM;
		return;
	}
	m->items[m->nr++].value = value;
}

static void read_header(struct lang_macros *m, const char *name, int depth);

/* A preprocessor line's directive ("define", "include"), past '#'. */
static const char *directive(const char *line, const char *word)
{
	size_t len = strlen(word);

	while (isspace((unsigned char)*line))
		line++;
	if (*line++ != '#')
		return NULL;
	while (isspace((unsigned char)*line))
		line++;
	if (strncmp(line, word, len) ||
	    (line[len] && !isspace((unsigned char)line[len]) &&
	     line[len] != '<' && line[len] != '"'))
		return NULL;
	return line + len;
}

/* "#include <x.h>" or "#include "x.h"": x.h, read from the directories. */
static void include(struct lang_macros *m, const char *p, int depth)
{
	char name[PATH_MAX];
	const char *end;

	while (isspace((unsigned char)*p))
		p++;
	if (*p != '<' && *p != '"')
		return;
	end = strchr(p + 1, *p == '<' ? '>' : '"');
	if (!end || (size_t)(end - p - 1) >= sizeof(name))
		return;
	snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
	read_header(m, name, depth + 1);
}

static void read_header(struct lang_macros *m, const char *name, int depth)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	FILE *f = NULL;

	if (!m->dirs || depth > MAX_INCLUDE_DEPTH)
		return;
	for (size_t i = 0; i < m->read.nr; i++)
		if (!strcmp(m->read.items[i], name))
			return;
	if (strlist__push(&m->read, name)) {
		m->err = -ENOMEM;
		return;
	}
	for (size_t i = 0; !f && m->dirs[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", m->dirs[i], name);
		f = fopen(path, "re");
	}
	if (!f)
		return;
	while (!m->err && getline(&line, &cap, f) > 0) {
		const char *p;

		if ((p = directive(line, "define")))
			define(m, p);
		else if ((p = directive(line, "include")))
			include(m, p, depth);
	}
	free(line);
	fclose(f);
}

static bool is_defined(const struct lang_macros *m, const char *p)
{
	char name[128];
	size_t len;

	while (isspace((unsigned char)*p))
		p++;
	len = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			"0123456789_");
	snprintf(name, sizeof(name), "%.*s", (int)len, p);
	return find(m, name) != NULL;
}

int lang_macros__read(const struct lang_program *prog, bool have_btf,
		      const char *const *include_dirs, struct lang_macros **out)
{
	struct lang_macros *m = calloc(1, sizeof(*m));
	bool active[MAX_CONDITIONALS + 1] = {true};
	size_t depth = 0;
	const char *p;
	int err;

	*out = NULL;
	if (!m)
		return -ENOMEM;
	m->dirs = include_dirs;
	if (have_btf)
		define(m, "BPFTRACE_HAVE_BTF 1");
	for (size_t i = 0; !m->err && i < prog->nr_cdefs; i++) {
		const char *text = prog->cdefs[i].text;
		bool on = active[depth];

		if (!prog->cdefs[i].preprocessor)
			continue;
		if ((p = directive(text, "ifdef")) ||
		    (p = directive(text, "ifndef"))) {
			bool yes =
				is_defined(m, p) == !!directive(text, "ifdef");

			if (depth < MAX_CONDITIONALS)
				active[++depth] = on && yes;
		} else if (directive(text, "if")) {
			if (depth < MAX_CONDITIONALS)
				active[++depth] = on; /* not evaluated */
		} else if (directive(text, "else")) {
			if (depth)
				active[depth] =
					active[depth - 1] && !active[depth];
		} else if (directive(text, "endif")) {
			if (depth)
				depth--;
		} else if (on && (p = directive(text, "define"))) {
			define(m, p);
		} else if (on && (p = directive(text, "include"))) {
			include(m, p, 0);
		}
	}
	err = m->err;
	if (err) {
		lang_macros__free(m);
		return err;
	}
	*out = m;
	return 0;
}

void lang_macros__free(struct lang_macros *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nr; i++) {
		free(m->items[i].name);
		free(m->items[i].value);
	}
	free(m->items);
	strlist__release(&m->read);
	free(m);
}

/* An integer literal, with C's suffixes (u, l, ul, ull...). */
static bool literal(const char *s, int64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	*v = (int64_t)strtoull(s, &end, 0);
	while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
		end++;
	return !*end;
}

static int evaluate(const struct lang_macros *m, const char *text, int depth,
		    int64_t *v)
{
	char buf[128];
	size_t len = strlen(text);
	const struct macro *alias;
	bool neg = false;
	int err;

	while (len && isspace((unsigned char)*text)) {
		text++;
		len--;
	}
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	/* Outer parentheses: (2), (-1) */
	while (len >= 2 && text[0] == '(' && text[len - 1] == ')') {
		text++;
		len -= 2;
	}
	if (len && *text == '-') {
		neg = true;
		text++;
		len--;
	}
	if (!len || len >= sizeof(buf) || depth > MAX_ALIASES)
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%.*s", (int)len, text);
	if (literal(buf, v)) {
		err = 0;
	} else {
		alias = find(m, buf);
		err = alias ? evaluate(m, alias->value, depth + 1, v) : -EINVAL;
	}
	if (!err && neg)
		*v = -*v;
	return err;
}

int lang_macros__value(const struct lang_macros *m, const char *name,
		       int64_t *value)
{
	const struct macro *macro = m ? find(m, name) : NULL;

	if (!macro)
		return -ENOENT;
	return evaluate(m, macro->value, 0, value);
}
