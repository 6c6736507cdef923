// SPDX-License-Identifier: GPL-2.0
/*
 * A recursive-descent parser.  Expressions use precedence climbing over
 * C's binary operator table; every parse function returns the new node,
 * or NULL with p->err set (the first error is the one reported).
 */
#include "lang/parser.h"
#include "lang/lexer.h"
#include "util/strutil.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct parser {
	struct lang_lexer lx;
	struct lang_token tok;	/* the current token */
	struct lang_token prev; /* the last one consumed */
	const char *file;
	struct lang_diag *diag;
	int err; /* 0, -EINVAL or -ENOMEM */
	unsigned int depth;
	bool in_pred; /* a '/' before '{' closes the predicate */
	unsigned int nr_exprs;
};

/* ---- errors ---- */

static void *fail(struct parser *p, struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void *fail(struct parser *p, struct lang_loc loc, const char *fmt, ...)
{
	char msg[LANG_DIAG_MSG_MAX];
	va_list ap;

	if (!p->err) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		lang_diag__error(p->diag, p->file, loc, "%s", msg);
		p->err = -EINVAL;
	}
	return NULL;
}

static void *oom(struct parser *p)
{
	if (!p->err) {
		lang_diag__error(p->diag, p->file, p->tok.loc, "out of memory");
		p->err = -ENOMEM;
	}
	return NULL;
}

/* "syntax error: expected WHAT, found <the current token>". */
static void *expected(struct parser *p, const char *what)
{
	char found[64];

	return fail(p, p->tok.loc, "syntax error: expected %s, found %s", what,
		    lang_token__describe(&p->tok, found, sizeof(found)));
}

/* ---- tokens ---- */

static void advance_mode(struct parser *p, enum lang_lex_mode mode)
{
	p->prev = p->tok;
	lang_lexer__next(&p->lx, &p->tok, mode);
	if (p->tok.kind == LANG_TOK_ERROR && !p->err)
		p->err = -EINVAL;
}

static void advance(struct parser *p)
{
	advance_mode(p, LANG_LEX_CODE);
}

static bool at(const struct parser *p, enum lang_tok_kind kind)
{
	return p->tok.kind == kind;
}

/* Consumes the current token if it is kind. */
static bool accept(struct parser *p, enum lang_tok_kind kind)
{
	if (!at(p, kind))
		return false;
	advance(p);
	return true;
}

/* From the start of a to the end of b. */
static struct lang_loc join(struct lang_loc a, struct lang_loc b)
{
	a.end_line = b.end_line;
	a.end_col = b.end_col;
	return a;
}

/* From start to the end of the last token consumed. */
static struct lang_loc upto_prev(const struct parser *p, struct lang_loc start)
{
	return join(start, p->prev.loc);
}

static bool enter(struct parser *p)
{
	if (p->depth >= LANG_MAX_DEPTH) {
		fail(p, p->tok.loc,
		     "syntax error: nesting is too deep (more than %d levels)",
		     LANG_MAX_DEPTH);
		return false;
	}
	p->depth++;
	return true;
}

/* ---- allocation ---- */

static char *dup_text(struct parser *p, const char *s, size_t len)
{
	char *copy = strndup(s, len);

	if (!copy)
		oom(p);
	return copy;
}

/*
 * Room for one more element in an array of nr: arrays grow to the next
 * power of two, so the capacity follows from nr.  Returns the array,
 * maybe moved, or NULL (the old one is still valid then).
 */
static void *grow(void *items, size_t nr, size_t elem)
{
	if (nr && (nr & (nr - 1)))
		return items;
	return realloc(items, (nr ? nr * 2 : 1) * elem);
}

static bool expr_list_push(struct parser *p, struct lang_expr_list *list,
			   struct lang_expr *e)
{
	struct lang_expr **items;

	items = grow(list->items, list->nr, sizeof(*items));
	if (!items)
		return oom(p), false;
	list->items = items;
	list->items[list->nr++] = e;
	return true;
}

static bool block_push(struct parser *p, struct lang_block *block,
		       struct lang_stmt *s)
{
	struct lang_stmt **items;

	items = grow(block->items, block->nr, sizeof(*items));
	if (!items)
		return oom(p), false;
	block->items = items;
	block->items[block->nr++] = s;
	return true;
}

static struct lang_expr *new_expr(struct parser *p, enum lang_expr_kind kind,
				  struct lang_loc loc)
{
	struct lang_expr *e = calloc(1, sizeof(*e));

	if (!e)
		return oom(p);
	e->kind = kind;
	e->loc = loc;
	e->id = p->nr_exprs++;
	return e;
}

static struct lang_stmt *new_stmt(struct parser *p, enum lang_stmt_kind kind,
				  struct lang_loc loc)
{
	struct lang_stmt *s = calloc(1, sizeof(*s));

	if (!s)
		return oom(p);
	s->kind = kind;
	s->loc = loc;
	return s;
}

/* ---- attach points ---- */

static const struct probe_spec {
	const char *name;
	const char *alias;
	const char *alias2;
	enum lang_probe_type type;
	/* how many ':'-separated parts may follow the type */
	unsigned int min_args;
	unsigned int max_args;
	const char *usage;
} probe_specs[] = {
	{"BEGIN", NULL, NULL, LANG_PROBE_BEGIN, 0, 0, "BEGIN"},
	{"END", NULL, NULL, LANG_PROBE_END, 0, 0, "END"},
	{"kprobe", "k", NULL, LANG_PROBE_KPROBE, 1, 2,
	 "kprobe:[MODULE:]FUNCTION[+OFFSET]"},
	{"kretprobe", "kr", NULL, LANG_PROBE_KRETPROBE, 1, 2,
	 "kretprobe:[MODULE:]FUNCTION"},
	{"uprobe", "u", NULL, LANG_PROBE_UPROBE, 2, 2,
	 "uprobe:PATH:FUNCTION[+OFFSET]"},
	{"uretprobe", "ur", NULL, LANG_PROBE_URETPROBE, 2, 2,
	 "uretprobe:PATH:FUNCTION"},
	{"usdt", "U", NULL, LANG_PROBE_USDT, 2, 3, "usdt:PATH:[PROVIDER:]NAME"},
	{"tracepoint", "t", NULL, LANG_PROBE_TRACEPOINT, 2, 2,
	 "tracepoint:CATEGORY:NAME"},
	{"rawtracepoint", "rt", NULL, LANG_PROBE_RAWTRACEPOINT, 1, 1,
	 "rawtracepoint:NAME"},
	{"profile", "p", NULL, LANG_PROBE_PROFILE, 2, 2,
	 "profile:{hz|s|ms|us}:N"},
	{"interval", "i", NULL, LANG_PROBE_INTERVAL, 2, 2,
	 "interval:{hz|s|ms|us}:N"},
	{"software", "s", NULL, LANG_PROBE_SOFTWARE, 1, 2,
	 "software:EVENT[:COUNT]"},
	{"hardware", "h", NULL, LANG_PROBE_HARDWARE, 1, 2,
	 "hardware:EVENT[:COUNT]"},
	{"fentry", "f", "kfunc", LANG_PROBE_FENTRY, 1, 2,
	 "fentry:[MODULE:]FUNCTION"},
	{"fexit", "fr", "kretfunc", LANG_PROBE_FEXIT, 1, 2,
	 "fexit:[MODULE:]FUNCTION"},
};

#define NR_PROBE_SPECS (sizeof(probe_specs) / sizeof(probe_specs[0]))
/* Enough for the longest form (usdt:PATH:PROVIDER:NAME) and one more. */
#define ATTACH_MAX_PARTS 5

/* One ':'-separated part of an attach point's text. */
struct attach_part {
	size_t off; /* in the text */
	size_t len;
};

struct attach_ctx {
	const char *text;
	size_t len;
	struct lang_loc loc;
	const char *file;
	struct lang_diag *diag;
	struct attach_part parts[ATTACH_MAX_PARTS];
	unsigned int nr_parts;
};

static struct lang_loc part_loc(const struct attach_ctx *c, size_t off,
				size_t len)
{
	struct lang_loc loc = c->loc;

	loc.col += (unsigned int)off;
	loc.end_line = loc.line;
	loc.end_col = loc.col + (unsigned int)(len ? len : 1);
	return loc;
}

static int attach_fail(const struct attach_ctx *c, struct lang_loc loc,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int attach_fail(const struct attach_ctx *c, struct lang_loc loc,
		       const char *fmt, ...)
{
	char msg[LANG_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lang_diag__error(c->diag, c->file, loc,
				"malformed attach point '%.*s': %s",
				(int)c->len, c->text, msg);
}

/* A copy of text[off, off + len) without its quotes; NULL: no memory. */
static char *part_dup(const struct attach_ctx *c, size_t off, size_t len)
{
	char *out = malloc(len + 1);
	size_t i, n = 0;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++)
		if (c->text[off + i] != '"')
			out[n++] = c->text[off + i];
	out[n] = '\0';
	return out;
}

/*
 * The copy of part i into *out; an empty part is an error naming what
 * should be there ("expected a function name after 'kprobe:'").
 */
static int take_part(const struct attach_ctx *c, unsigned int i,
		     const char *what, char **out)
{
	const struct attach_part *part = &c->parts[i];

	if (!part->len)
		return attach_fail(c, part_loc(c, part->off, 1),
				   "expected %s after '%.*s'", what,
				   (int)part->off, c->text);
	*out = part_dup(c, part->off, part->len);
	return *out ? 0 : -ENOMEM;
}

/* A decimal or 0x hex number filling text[off, off + len). */
static int part_number(const struct attach_ctx *c, size_t off, size_t len,
		       const char *what, uint64_t *out)
{
	unsigned long long v;
	char buf[32];

	if (!len)
		return attach_fail(c, part_loc(c, off, 1),
				   "expected %s after '%.*s'", what, (int)off,
				   c->text);
	if (len >= sizeof(buf))
		return attach_fail(c, part_loc(c, off, len),
				   "'%.*s' is not a number", (int)len,
				   c->text + off);
	memcpy(buf, c->text + off, len);
	buf[len] = '\0';
	if (str_to_u64(buf, &v))
		return attach_fail(c, part_loc(c, off, len),
				   "'%.*s' is not a number", (int)len,
				   c->text + off);
	*out = v;
	return 0;
}

/*
 * The function part i, with "+OFFSET" split off where the type takes
 * one (kprobe, uprobe) and refused where it does not.
 */
static int take_function(const struct attach_ctx *c, unsigned int i,
			 struct lang_attach *ap)
{
	const struct attach_part *part = &c->parts[i];
	const char *plus = memchr(c->text + part->off, '+', part->len);
	size_t name_len, off;
	int err;

	if (!plus)
		return take_part(c, i, "a function name", &ap->name);
	off = (size_t)(plus - c->text);
	name_len = off - part->off;
	if (ap->type != LANG_PROBE_KPROBE && ap->type != LANG_PROBE_UPROBE)
		return attach_fail(
			c, part_loc(c, off, part->off + part->len - off),
			"%s takes no offset", lang_probe_type__name(ap->type));
	if (!name_len)
		return attach_fail(c, part_loc(c, part->off, 1),
				   "expected a function name after '%.*s'",
				   (int)part->off, c->text);
	err = part_number(c, off + 1, part->off + part->len - off - 1,
			  "an offset", &ap->offset);
	if (err)
		return err;
	ap->has_offset = true;
	ap->name = part_dup(c, part->off, name_len);
	return ap->name ? 0 : -ENOMEM;
}

static int take_rate(const struct attach_ctx *c, struct lang_attach *ap)
{
	static const struct {
		const char *name;
		enum lang_time_unit unit;
	} units[] = {
		{"hz", LANG_UNIT_HZ},
		{"s", LANG_UNIT_S},
		{"ms", LANG_UNIT_MS},
		{"us", LANG_UNIT_US},
	};
	const struct attach_part *u = &c->parts[1], *n = &c->parts[2];
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strlen(units[i].name) == u->len &&
		    !memcmp(units[i].name, c->text + u->off, u->len))
			ap->unit = units[i].unit;
	}
	if (ap->unit == LANG_UNIT_NONE) {
		if (!u->len)
			return attach_fail(c, part_loc(c, u->off, 1),
					   "expected a unit (hz, s, ms or us) "
					   "after '%.*s'",
					   (int)u->off, c->text);
		return attach_fail(
			c, part_loc(c, u->off, u->len),
			"unknown unit '%.*s', expected hz, s, ms or us",
			(int)u->len, c->text + u->off);
	}
	ap->has_count = true;
	return part_number(c, n->off, n->len, "a number", &ap->count);
}

static const struct probe_spec *find_spec(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < NR_PROBE_SPECS; i++) {
		const struct probe_spec *spec = &probe_specs[i];
		const char *names[] = {spec->name, spec->alias, spec->alias2};
		size_t j;

		for (j = 0; j < 3; j++)
			if (names[j] && strlen(names[j]) == len &&
			    !memcmp(names[j], name, len))
				return spec;
	}
	return NULL;
}

/* bpftrace's probe types that sonde does not offer (yet). */
static bool unsupported_type(const char *name, size_t len)
{
	static const char *const names[] = {
		"watchpoint", "w", "asyncwatchpoint", "aw", "iter", "it",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == len && !memcmp(names[i], name, len))
			return true;
	return false;
}

static int unknown_type(const struct attach_ctx *c)
{
	const struct attach_part *type = &c->parts[0];
	const char *names[NR_PROBE_SPECS], *close = NULL;
	struct lang_loc loc = part_loc(c, type->off, type->len);
	char name[64];
	size_t i;

	if (unsupported_type(c->text + type->off, type->len))
		return lang_diag__error(c->diag, c->file, loc,
					"probe type '%.*s' is not supported",
					(int)type->len, c->text + type->off);
	snprintf(name, sizeof(name), "%.*s", (int)type->len,
		 c->text + type->off);
	for (i = 0; i < NR_PROBE_SPECS; i++) {
		names[i] = probe_specs[i].name;
		if (!strcasecmp(name, names[i]))
			close = names[i]; /* "begin" for "BEGIN" */
	}
	if (!close && type->len < sizeof(name))
		str_suggest(name, names, NR_PROBE_SPECS, &close, 1);
	if (close)
		return lang_diag__error(
			c->diag, c->file, loc,
			"unknown probe type '%.*s'; did you mean '%s'?",
			(int)type->len, c->text + type->off, close);
	return lang_diag__error(c->diag, c->file, loc,
				"unknown probe type '%.*s'", (int)type->len,
				c->text + type->off);
}

static int split_attach(struct attach_ctx *c, struct lang_attach *ap)
{
	const struct probe_spec *spec;
	unsigned int nargs;
	int err = 0;

	spec = find_spec(c->text + c->parts[0].off, c->parts[0].len);
	if (!spec)
		return unknown_type(c);
	ap->type = spec->type;
	nargs = c->nr_parts - 1;
	if (nargs < spec->min_args || nargs > spec->max_args)
		return attach_fail(c, c->loc, "expected %s", spec->usage);
	switch (spec->type) {
	case LANG_PROBE_BEGIN:
	case LANG_PROBE_END:
		break;
	case LANG_PROBE_KPROBE:
	case LANG_PROBE_KRETPROBE:
	case LANG_PROBE_FENTRY:
	case LANG_PROBE_FEXIT:
		if (nargs == 2)
			err = take_part(c, 1, "a module name", &ap->target);
		if (!err)
			err = take_function(c, nargs, ap);
		break;
	case LANG_PROBE_UPROBE:
	case LANG_PROBE_URETPROBE:
		err = take_part(c, 1, "a path", &ap->target);
		if (!err)
			err = take_function(c, 2, ap);
		break;
	case LANG_PROBE_USDT:
		err = take_part(c, 1, "a path", &ap->target);
		if (!err && nargs == 3)
			err = take_part(c, 2, "a provider", &ap->category);
		if (!err)
			err = take_part(c, nargs, "a probe name", &ap->name);
		break;
	case LANG_PROBE_TRACEPOINT:
		err = take_part(c, 1, "a category", &ap->category);
		if (!err)
			err = take_part(c, 2, "a tracepoint name", &ap->name);
		break;
	case LANG_PROBE_RAWTRACEPOINT:
		err = take_part(c, 1, "a tracepoint name", &ap->name);
		break;
	case LANG_PROBE_PROFILE:
	case LANG_PROBE_INTERVAL:
		err = take_rate(c, ap);
		break;
	case LANG_PROBE_SOFTWARE:
	case LANG_PROBE_HARDWARE:
		err = take_part(c, 1, "an event name", &ap->name);
		if (!err && nargs == 2) {
			ap->has_count = true;
			err = part_number(c, c->parts[2].off, c->parts[2].len,
					  "a count", &ap->count);
		}
		break;
	case LANG_PROBE__COUNT:
		break;
	}
	return err;
}

int lang_attach__parse(const char *text, size_t len, struct lang_loc loc,
		       const char *filename, struct lang_attach *ap,
		       struct lang_diag *diag)
{
	struct attach_ctx c = {.text = text,
			       .len = len,
			       .loc = loc,
			       .file = filename,
			       .diag = diag};
	bool quoted = false;
	size_t i, start = 0;
	int err;

	memset(ap, 0, sizeof(*ap));
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] == '"')
			quoted = !quoted;
		if (i < len && (quoted || text[i] != ':'))
			continue;
		if (c.nr_parts == ATTACH_MAX_PARTS) {
			c.nr_parts++; /* too many for any type */
			break;
		}
		c.parts[c.nr_parts].off = start;
		c.parts[c.nr_parts].len = i - start;
		c.nr_parts++;
		start = i + 1;
	}
	if (c.nr_parts > ATTACH_MAX_PARTS) {
		const struct probe_spec *spec =
			find_spec(text + c.parts[0].off, c.parts[0].len);

		if (!spec)
			return unknown_type(&c);
		return attach_fail(&c, loc, "expected %s", spec->usage);
	}
	ap->loc = loc;
	ap->raw = strndup(text, len);
	err = ap->raw ? split_attach(&c, ap) : -ENOMEM;
	if (err) {
		lang_attach__release(ap);
		if (err == -ENOMEM)
			lang_diag__error(diag, filename, loc, "out of memory");
		return err;
	}
	ap->wildcard = (ap->target && str_is_glob(ap->target)) ||
		       (ap->category && str_is_glob(ap->category)) ||
		       (ap->name && str_is_glob(ap->name));
	return 0;
}

/* ---- expressions ---- */

static struct lang_expr *parse_expr(struct parser *p);
static struct lang_expr *parse_unary(struct parser *p);

static char *tok_dup(struct parser *p, size_t skip)
{
	return dup_text(p, p->tok.text + skip, p->tok.len - skip);
}

static bool is_int_type(const struct lang_token *t)
{
	static const char *const names[] = {"int8",   "int16", "int32",
					    "int64",  "uint8", "uint16",
					    "uint32", "uint64"};
	size_t i;

	if (t->kind != LANG_TOK_IDENT)
		return false;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == t->len &&
		    !memcmp(names[i], t->text, t->len))
			return true;
	return false;
}

/*
 * At '(': does a type follow, so this is a cast?  "(uint32)", "(struct
 * x *)" and "(name *...*)" are; "(name)" is a parenthesised name.  Reads
 * ahead on a copy of the lexer.
 */
static bool looks_like_cast(const struct parser *p)
{
	struct lang_lexer lx = p->lx;
	struct lang_diag scratch;
	struct lang_token t;

	lang_diag__init(&scratch);
	lx.diag = &scratch;
	lang_lexer__next(&lx, &t, LANG_LEX_CODE);
	if (t.kind == LANG_TOK_STRUCT || t.kind == LANG_TOK_UNION ||
	    t.kind == LANG_TOK_ENUM || is_int_type(&t))
		return true;
	if (t.kind != LANG_TOK_IDENT)
		return false;
	lang_lexer__next(&lx, &t, LANG_LEX_CODE);
	if (t.kind != LANG_TOK_STAR)
		return false;
	while (t.kind == LANG_TOK_STAR)
		lang_lexer__next(&lx, &t, LANG_LEX_CODE);
	return t.kind == LANG_TOK_RPAREN;
}

/*
 * After '(' of a cast or sizeof: TYPE ['*'...] ['[' N ']'] ')'.  close:
 * the message when ')' is missing.
 */
static bool parse_type_name(struct parser *p, struct lang_type_name *type,
			    const char *close)
{
	const char *tag = NULL;
	char *name;

	if (at(p, LANG_TOK_STRUCT))
		tag = "struct";
	else if (at(p, LANG_TOK_UNION))
		tag = "union";
	else if (at(p, LANG_TOK_ENUM))
		tag = "enum";
	if (tag) {
		advance(p);
		if (!at(p, LANG_TOK_IDENT))
			return expected(p, "a type name"), false;
		if (asprintf(&name, "%s %.*s", tag, (int)p->tok.len,
			     p->tok.text) < 0)
			return oom(p), false;
	} else {
		name = tok_dup(p, 0);
		if (!name)
			return false;
	}
	type->name = name;
	advance(p);
	while (accept(p, LANG_TOK_STAR))
		type->ptr++;
	if (accept(p, LANG_TOK_LBRACKET)) {
		if (!at(p, LANG_TOK_INT) || !p->tok.num)
			return expected(p, "an array length"), false;
		type->array_len = p->tok.num;
		advance(p);
		if (!accept(p, LANG_TOK_RBRACKET))
			return expected(p, "']' after the array length"), false;
	}
	if (!accept(p, LANG_TOK_RPAREN))
		return expected(p, close), false;
	return true;
}

static struct lang_expr *parse_cast(struct parser *p)
{
	struct lang_loc start = p->tok.loc;
	struct lang_expr *e = new_expr(p, LANG_EXPR_CAST, start);

	if (!e)
		return NULL;
	advance(p); /* ( */
	if (!parse_type_name(p, &e->cast.type, "')' to close the cast"))
		goto fail;
	e->cast.operand = parse_unary(p);
	if (!e->cast.operand)
		goto fail;
	e->loc = join(start, e->cast.operand->loc);
	return e;
fail:
	lang_expr__free(e);
	return NULL;
}

/* sizeof(TYPE) or sizeof(expr), at "sizeof" before '('. */
static struct lang_expr *parse_sizeof(struct parser *p)
{
	struct lang_loc start = p->tok.loc;
	struct lang_expr *e = new_expr(p, LANG_EXPR_SIZEOF, start);

	if (!e)
		return NULL;
	advance(p); /* sizeof */
	if (looks_like_cast(p)) {
		advance(p); /* ( */
		if (!parse_type_name(p, &e->size_of.type,
				     "')' to close sizeof"))
			goto fail;
	} else {
		advance(p); /* ( */
		e->size_of.operand = parse_expr(p);
		if (!e->size_of.operand)
			goto fail;
		if (!accept(p, LANG_TOK_RPAREN)) {
			expected(p, "')' to close sizeof");
			goto fail;
		}
	}
	e->loc = upto_prev(p, start);
	return e;
fail:
	lang_expr__free(e);
	return NULL;
}

/*
 * Comma-separated expressions up to close; the open token is consumed.
 * what names the closing for the message ("')' to close the call to
 * 'printf'").
 */
static bool parse_list(struct parser *p, struct lang_expr_list *list,
		       enum lang_tok_kind close, const char *what)
{
	if (accept(p, close))
		return true;
	for (;;) {
		struct lang_expr *e = parse_expr(p);

		if (!e)
			return false;
		if (!expr_list_push(p, list, e)) {
			lang_expr__free(e);
			return false;
		}
		if (accept(p, close))
			return true;
		if (!accept(p, LANG_TOK_COMMA))
			return expected(p, what), false;
	}
}

static struct lang_expr *parse_call(struct parser *p)
{
	struct lang_loc start = p->tok.loc;
	struct lang_expr *e = new_expr(p, LANG_EXPR_CALL, start);
	char what[96];

	if (!e)
		return NULL;
	e->call.name = tok_dup(p, 0);
	if (!e->call.name)
		goto fail;
	advance(p); /* name */
	advance(p); /* ( */
	snprintf(what, sizeof(what), "')' to close the call to '%s'",
		 e->call.name);
	if (!parse_list(p, &e->call.args, LANG_TOK_RPAREN, what))
		goto fail;
	e->loc = upto_prev(p, start);
	return e;
fail:
	lang_expr__free(e);
	return NULL;
}

static struct lang_expr *parse_map(struct parser *p)
{
	struct lang_loc start = p->tok.loc;
	struct lang_expr *e = new_expr(p, LANG_EXPR_MAP, start);

	if (!e)
		return NULL;
	e->map.name = tok_dup(p, 1);
	if (!e->map.name)
		goto fail;
	advance(p);
	if (accept(p, LANG_TOK_LBRACKET)) {
		if (at(p, LANG_TOK_RBRACKET)) {
			expected(p, "a map key");
			goto fail;
		}
		if (!parse_list(p, &e->map.keys, LANG_TOK_RBRACKET,
				"']' to close the map key"))
			goto fail;
		e->loc = upto_prev(p, start);
	}
	return e;
fail:
	lang_expr__free(e);
	return NULL;
}

/* '(' expr ')' or a tuple '(' expr, expr... ')'. */
static struct lang_expr *parse_paren(struct parser *p)
{
	struct lang_loc start = p->tok.loc;
	struct lang_expr *first, *e;

	advance(p); /* ( */
	first = parse_expr(p);
	if (!first)
		return NULL;
	if (accept(p, LANG_TOK_RPAREN))
		return first; /* the span stays the inner expression's */
	if (!at(p, LANG_TOK_COMMA)) {
		lang_expr__free(first);
		return expected(p, "')' to close '('");
	}
	e = new_expr(p, LANG_EXPR_TUPLE, start);
	if (!e || !expr_list_push(p, &e->tuple, first)) {
		lang_expr__free(first);
		lang_expr__free(e);
		return NULL;
	}
	advance(p); /* , */
	if (!parse_list(p, &e->tuple, LANG_TOK_RPAREN,
			"')' to close the tuple")) {
		lang_expr__free(e);
		return NULL;
	}
	e->loc = upto_prev(p, start);
	return e;
}

static struct lang_expr *parse_primary(struct parser *p)
{
	struct lang_loc loc = p->tok.loc;
	struct lang_expr *e;

	switch (p->tok.kind) {
	case LANG_TOK_INT:
		e = new_expr(p, LANG_EXPR_INT, loc);
		if (e)
			e->integer = p->tok.num;
		break;
	case LANG_TOK_STRING:
		e = new_expr(p, LANG_EXPR_STR, loc);
		if (e &&
		    lang_lexer__unescape(&p->tok, &e->str.data, &e->str.len)) {
			lang_expr__free(e);
			return oom(p);
		}
		break;
	case LANG_TOK_IDENT: {
		struct lang_lexer lx = p->lx;
		struct lang_diag scratch;
		struct lang_token next;

		/* name '(' is a call; the lexer copy reads ahead */
		lang_diag__init(&scratch);
		lx.diag = &scratch;
		lang_lexer__next(&lx, &next, LANG_LEX_CODE);
		if (next.kind == LANG_TOK_LPAREN && p->tok.len == 6 &&
		    !memcmp(p->tok.text, "sizeof", 6))
			return parse_sizeof(p);
		if (next.kind == LANG_TOK_LPAREN)
			return parse_call(p);
		e = new_expr(p, LANG_EXPR_BUILTIN, loc);
		if (e) {
			e->name = tok_dup(p, 0);
			if (!e->name) {
				lang_expr__free(e);
				return NULL;
			}
		}
		break;
	}
	case LANG_TOK_VAR:
		e = new_expr(p, LANG_EXPR_VAR, loc);
		if (e) {
			e->name = tok_dup(p, 1);
			if (!e->name) {
				lang_expr__free(e);
				return NULL;
			}
		}
		break;
	case LANG_TOK_POSITIONAL:
		e = new_expr(p,
			     p->tok.num ? LANG_EXPR_POSITIONAL
					: LANG_EXPR_POSITIONAL_COUNT,
			     loc);
		if (e)
			e->integer = p->tok.num;
		break;
	case LANG_TOK_MAP:
		return parse_map(p);
	case LANG_TOK_LPAREN:
		if (looks_like_cast(p))
			return parse_cast(p);
		return parse_paren(p);
	default:
		return expected(p, "an expression");
	}
	if (e)
		advance(p);
	return e;
}

static bool is_lvalue(const struct lang_expr *e)
{
	return e->kind == LANG_EXPR_VAR || e->kind == LANG_EXPR_MAP;
}

static struct lang_expr *new_incdec(struct parser *p, enum lang_op op,
				    struct lang_expr *operand,
				    struct lang_loc loc)
{
	struct lang_expr *e;

	if (!is_lvalue(operand)) {
		fail(p, operand->loc,
		     "syntax error: '%s' needs a $variable or an @map",
		     lang_op__str(op));
		lang_expr__free(operand);
		return NULL;
	}
	e = new_expr(p, LANG_EXPR_INCDEC, loc);
	if (!e) {
		lang_expr__free(operand);
		return NULL;
	}
	e->unary.op = op;
	e->unary.operand = operand;
	return e;
}

/* Field access, indexing and x++ / x-- after a primary expression. */
static struct lang_expr *parse_postfix(struct parser *p)
{
	struct lang_expr *base = parse_primary(p), *e;
	unsigned int levels = 0;

	while (base) {
		struct lang_loc start = base->loc;

		if (at(p, LANG_TOK_DOT) || at(p, LANG_TOK_ARROW)) {
			bool arrow = at(p, LANG_TOK_ARROW);

			advance(p);
			/* "$t.0" names a tuple element */
			if (!at(p, LANG_TOK_IDENT) && !at(p, LANG_TOK_INT) &&
			    (p->tok.kind < LANG_TOK_IF ||
			     p->tok.kind > LANG_TOK_ENUM)) {
				expected(p, arrow ? "a field name after '->'"
						  : "a field name after '.'");
				break;
			}
			e = new_expr(p, LANG_EXPR_FIELD, start);
			if (!e)
				break;
			e->field.base = base;
			e->field.arrow = arrow;
			base = e;
			e->field.name = tok_dup(p, 0);
			if (!e->field.name)
				break;
			advance(p);
		} else if (at(p, LANG_TOK_LBRACKET)) {
			advance(p);
			e = new_expr(p, LANG_EXPR_INDEX, start);
			if (!e)
				break;
			e->index.base = base;
			base = e;
			e->index.index = parse_expr(p);
			if (!e->index.index)
				break;
			if (!accept(p, LANG_TOK_RBRACKET)) {
				expected(p, "']' to close the index");
				break;
			}
		} else if (at(p, LANG_TOK_INC) || at(p, LANG_TOK_DEC)) {
			enum lang_op op = at(p, LANG_TOK_INC)
						  ? LANG_OP_POST_INC
						  : LANG_OP_POST_DEC;

			advance(p);
			base = new_incdec(p, op, base, upto_prev(p, start));
			if (!base)
				break;
		} else {
			break;
		}
		base->loc = upto_prev(p, start);
		if (!enter(p))
			break;
		levels++;
	}
	p->depth -= levels;
	if (p->err) {
		lang_expr__free(base);
		return NULL;
	}
	return base;
}

static struct lang_expr *parse_unary(struct parser *p)
{
	struct lang_loc start = p->tok.loc;
	struct lang_expr *operand, *e = NULL;
	enum lang_op op;

	if (!enter(p))
		return NULL;
	switch (p->tok.kind) {
	case LANG_TOK_NOT:
		op = LANG_OP_NOT;
		break;
	case LANG_TOK_TILDE:
		op = LANG_OP_BNOT;
		break;
	case LANG_TOK_MINUS:
		op = LANG_OP_NEG;
		break;
	case LANG_TOK_STAR:
		op = LANG_OP_DEREF;
		break;
	case LANG_TOK_INC:
		op = LANG_OP_PRE_INC;
		break;
	case LANG_TOK_DEC:
		op = LANG_OP_PRE_DEC;
		break;
	default:
		e = parse_postfix(p);
		p->depth--;
		return e;
	}
	advance(p);
	operand = parse_unary(p);
	if (operand) {
		struct lang_loc loc = join(start, operand->loc);

		if (op == LANG_OP_PRE_INC || op == LANG_OP_PRE_DEC) {
			e = new_incdec(p, op, operand, loc);
		} else {
			e = new_expr(p, LANG_EXPR_UNARY, loc);
			if (e) {
				e->unary.op = op;
				e->unary.operand = operand;
			} else {
				lang_expr__free(operand);
			}
		}
	}
	p->depth--;
	return e;
}

/* C's binary operators: higher binds tighter; all associate left. */
static const struct {
	enum lang_tok_kind tok;
	enum lang_op op;
	int prec;
} binops[] = {
	{LANG_TOK_OR, LANG_OP_LOR, 1},	   {LANG_TOK_AND, LANG_OP_LAND, 2},
	{LANG_TOK_PIPE, LANG_OP_BOR, 3},   {LANG_TOK_CARET, LANG_OP_BXOR, 4},
	{LANG_TOK_AMP, LANG_OP_BAND, 5},   {LANG_TOK_EQ, LANG_OP_EQ, 6},
	{LANG_TOK_NE, LANG_OP_NE, 6},	   {LANG_TOK_LT, LANG_OP_LT, 7},
	{LANG_TOK_LE, LANG_OP_LE, 7},	   {LANG_TOK_GT, LANG_OP_GT, 7},
	{LANG_TOK_GE, LANG_OP_GE, 7},	   {LANG_TOK_SHL, LANG_OP_SHL, 8},
	{LANG_TOK_SHR, LANG_OP_SHR, 8},	   {LANG_TOK_PLUS, LANG_OP_ADD, 9},
	{LANG_TOK_MINUS, LANG_OP_SUB, 9},  {LANG_TOK_STAR, LANG_OP_MUL, 10},
	{LANG_TOK_SLASH, LANG_OP_DIV, 10}, {LANG_TOK_PERCENT, LANG_OP_MOD, 10},
};

/* The precedence of the current token as a binary operator, or 0. */
static int binop_prec(const struct parser *p, enum lang_op *op)
{
	size_t i;

	if (p->in_pred && at(p, LANG_TOK_SLASH) && p->tok.pred_end)
		return 0;
	for (i = 0; i < sizeof(binops) / sizeof(binops[0]); i++) {
		if (binops[i].tok == p->tok.kind) {
			*op = binops[i].op;
			return binops[i].prec;
		}
	}
	return 0;
}

static struct lang_expr *parse_binary(struct parser *p, int min_prec)
{
	struct lang_expr *left = parse_unary(p), *right, *e;
	unsigned int levels = 0;
	enum lang_op op;
	int prec;

	while (left && (prec = binop_prec(p, &op)) >= min_prec && prec) {
		advance(p);
		right = parse_binary(p, prec + 1);
		if (!right)
			break;
		e = new_expr(p, LANG_EXPR_BINARY, join(left->loc, right->loc));
		if (!e) {
			lang_expr__free(right);
			break;
		}
		e->binary.op = op;
		e->binary.left = left;
		e->binary.right = right;
		left = e;
		if (!enter(p))
			break;
		levels++;
	}
	p->depth -= levels;
	if (p->err) {
		lang_expr__free(left);
		return NULL;
	}
	return left;
}

/* cond ? a : b, right-associative, below every binary operator. */
static struct lang_expr *parse_expr(struct parser *p)
{
	struct lang_expr *cond = parse_binary(p, 1), *e;

	if (!cond || !at(p, LANG_TOK_QUESTION))
		return cond;
	e = new_expr(p, LANG_EXPR_TERNARY, cond->loc);
	if (!e) {
		lang_expr__free(cond);
		return NULL;
	}
	e->ternary.cond = cond;
	if (!enter(p)) {
		lang_expr__free(e);
		return NULL;
	}
	advance(p); /* ? */
	e->ternary.then = parse_expr(p);
	if (e->ternary.then && !accept(p, LANG_TOK_COLON))
		expected(p, "':' in the conditional expression");
	if (!p->err)
		e->ternary.otherwise = parse_expr(p);
	p->depth--;
	if (p->err) {
		lang_expr__free(e);
		return NULL;
	}
	e->loc = join(cond->loc, e->ternary.otherwise->loc);
	return e;
}

/* ---- statements ---- */

static bool parse_block(struct parser *p, struct lang_block *block,
			const char *what, enum lang_lex_mode after);

static enum lang_op assign_op(enum lang_tok_kind kind, bool *is_assign)
{
	*is_assign = true;
	switch (kind) {
	case LANG_TOK_ASSIGN:
		return LANG_OP_NONE;
	case LANG_TOK_ADD_ASSIGN:
		return LANG_OP_ADD;
	case LANG_TOK_SUB_ASSIGN:
		return LANG_OP_SUB;
	case LANG_TOK_MUL_ASSIGN:
		return LANG_OP_MUL;
	case LANG_TOK_DIV_ASSIGN:
		return LANG_OP_DIV;
	case LANG_TOK_MOD_ASSIGN:
		return LANG_OP_MOD;
	case LANG_TOK_SHL_ASSIGN:
		return LANG_OP_SHL;
	case LANG_TOK_SHR_ASSIGN:
		return LANG_OP_SHR;
	case LANG_TOK_AND_ASSIGN:
		return LANG_OP_BAND;
	case LANG_TOK_XOR_ASSIGN:
		return LANG_OP_BXOR;
	case LANG_TOK_OR_ASSIGN:
		return LANG_OP_BOR;
	default:
		*is_assign = false;
		return LANG_OP_NONE;
	}
}

/* An expression, or an assignment when '=' or "op=" follows it. */
static struct lang_stmt *parse_simple(struct parser *p)
{
	struct lang_expr *target = parse_expr(p), *value;
	struct lang_stmt *s;
	bool is_assign;
	enum lang_op op;

	if (!target)
		return NULL;
	op = assign_op(p->tok.kind, &is_assign);
	if (!is_assign) {
		s = new_stmt(p, LANG_STMT_EXPR, target->loc);
		if (!s) {
			lang_expr__free(target);
			return NULL;
		}
		s->expr = target;
		return s;
	}
	if (!is_lvalue(target)) {
		fail(p, target->loc,
		     "syntax error: cannot assign to this expression, only to "
		     "a $variable or an @map");
		lang_expr__free(target);
		return NULL;
	}
	advance(p);
	value = parse_expr(p);
	s = value ? new_stmt(p, LANG_STMT_ASSIGN, join(target->loc, value->loc))
		  : NULL;
	if (!s) {
		lang_expr__free(target);
		lang_expr__free(value);
		return NULL;
	}
	s->assign.op = op;
	s->assign.target = target;
	s->assign.value = value;
	return s;
}

/* '(' expr ')' after if or while. */
static struct lang_expr *parse_cond(struct parser *p, const char *keyword)
{
	struct lang_expr *cond;
	char what[64];

	snprintf(what, sizeof(what), "'(' after '%s'", keyword);
	if (!accept(p, LANG_TOK_LPAREN))
		return expected(p, what);
	cond = parse_expr(p);
	if (!cond)
		return NULL;
	snprintf(what, sizeof(what), "')' after the %s condition", keyword);
	if (!accept(p, LANG_TOK_RPAREN)) {
		lang_expr__free(cond);
		return expected(p, what);
	}
	return cond;
}

static struct lang_stmt *parse_if(struct parser *p)
{
	struct lang_stmt *s = new_stmt(p, LANG_STMT_IF, p->tok.loc), *inner;

	if (!s)
		return NULL;
	advance(p); /* if */
	s->if_stmt.cond = parse_cond(p, "if");
	if (!s->if_stmt.cond ||
	    !parse_block(p, &s->if_stmt.then, "'{' after the if condition",
			 LANG_LEX_CODE))
		goto fail;
	if (accept(p, LANG_TOK_ELSE)) {
		s->if_stmt.has_else = true;
		if (at(p, LANG_TOK_IF)) {
			if (!enter(p))
				goto fail;
			inner = parse_if(p);
			p->depth--;
			if (!inner)
				goto fail;
			s->if_stmt.otherwise.loc = inner->loc;
			if (!block_push(p, &s->if_stmt.otherwise, inner)) {
				lang_stmt__free(inner);
				goto fail;
			}
		} else if (!parse_block(p, &s->if_stmt.otherwise,
					"'{' or 'if' after 'else'",
					LANG_LEX_CODE)) {
			goto fail;
		}
	}
	s->loc = upto_prev(p, s->loc);
	return s;
fail:
	lang_stmt__free(s);
	return NULL;
}

static struct lang_stmt *parse_unroll(struct parser *p)
{
	struct lang_stmt *s = new_stmt(p, LANG_STMT_UNROLL, p->tok.loc);

	if (!s)
		return NULL;
	advance(p); /* unroll */
	if (!accept(p, LANG_TOK_LPAREN)) {
		expected(p, "'(' after 'unroll'");
		goto fail;
	}
	if (!at(p, LANG_TOK_INT)) {
		expected(p, "an integer count in unroll(N)");
		goto fail;
	}
	s->unroll.count = p->tok.num;
	s->unroll.count_loc = p->tok.loc;
	advance(p);
	if (!accept(p, LANG_TOK_RPAREN)) {
		expected(p, "')' after the unroll count");
		goto fail;
	}
	if (!parse_block(p, &s->unroll.body, "'{' after unroll(N)",
			 LANG_LEX_CODE))
		goto fail;
	s->loc = upto_prev(p, s->loc);
	return s;
fail:
	lang_stmt__free(s);
	return NULL;
}

static struct lang_stmt *parse_while(struct parser *p)
{
	struct lang_stmt *s = new_stmt(p, LANG_STMT_WHILE, p->tok.loc);

	if (!s)
		return NULL;
	advance(p); /* while */
	s->while_stmt.cond = parse_cond(p, "while");
	if (!s->while_stmt.cond ||
	    !parse_block(p, &s->while_stmt.body,
			 "'{' after the while condition", LANG_LEX_CODE)) {
		lang_stmt__free(s);
		return NULL;
	}
	s->loc = upto_prev(p, s->loc);
	return s;
}

static struct lang_stmt *parse_stmt(struct parser *p)
{
	struct lang_loc loc = p->tok.loc;
	struct lang_stmt *s;

	switch (p->tok.kind) {
	case LANG_TOK_IF:
		return parse_if(p);
	case LANG_TOK_UNROLL:
		return parse_unroll(p);
	case LANG_TOK_WHILE:
		return parse_while(p);
	case LANG_TOK_BREAK:
	case LANG_TOK_CONTINUE:
		s = new_stmt(p,
			     at(p, LANG_TOK_BREAK) ? LANG_STMT_BREAK
						   : LANG_STMT_CONTINUE,
			     loc);
		if (s)
			advance(p);
		return s;
	case LANG_TOK_RETURN:
		s = new_stmt(p, LANG_STMT_RETURN, loc);
		if (!s)
			return NULL;
		advance(p);
		if (!at(p, LANG_TOK_SEMI) && !at(p, LANG_TOK_RBRACE)) {
			s->expr = parse_expr(p);
			if (!s->expr) {
				lang_stmt__free(s);
				return NULL;
			}
		}
		s->loc = upto_prev(p, loc);
		return s;
	case LANG_TOK_LBRACE:
		return expected(p, "a statement");
	default:
		return parse_simple(p);
	}
}

static bool is_compound(const struct lang_stmt *s)
{
	return s->kind == LANG_STMT_IF || s->kind == LANG_STMT_UNROLL ||
	       s->kind == LANG_STMT_WHILE;
}

/*
 * '{' statements '}'.  Statements end with ';' (optional before '}');
 * if, unroll and while end with their block.  what: the message when
 * '{' is missing; after: how to read the token after '}' (an attach
 * point comes after a probe's body).
 */
static bool parse_block(struct parser *p, struct lang_block *block,
			const char *what, enum lang_lex_mode after)
{
	struct lang_loc start = p->tok.loc;
	bool ok = false;

	if (!at(p, LANG_TOK_LBRACE))
		return expected(p, what), false;
	if (!enter(p))
		return false;
	advance(p);
	while (!p->err) {
		struct lang_stmt *s;

		if (at(p, LANG_TOK_RBRACE)) {
			block->loc = join(start, p->tok.loc);
			advance_mode(p, after);
			ok = !p->err;
			break;
		}
		if (at(p, LANG_TOK_EOF)) {
			expected(p, "'}' at the end of the block");
			break;
		}
		if (accept(p, LANG_TOK_SEMI))
			continue;
		s = parse_stmt(p);
		if (!s)
			break;
		if (!block_push(p, block, s)) {
			lang_stmt__free(s);
			break;
		}
		if (is_compound(s) || at(p, LANG_TOK_RBRACE) ||
		    accept(p, LANG_TOK_SEMI))
			continue;
		if (at(p, LANG_TOK_EOF))
			expected(p, "'}' at the end of the block");
		else
			expected(p, "';' or '}' after the statement");
	}
	p->depth--;
	return ok;
}

/* ---- probes ---- */

static bool attach_push(struct parser *p, struct lang_probe *probe)
{
	struct lang_attach *items;
	int err;

	items = grow(probe->attach, probe->nr_attach, sizeof(*items));
	if (!items)
		return oom(p), false;
	probe->attach = items;
	err = lang_attach__parse(p->tok.text, p->tok.len, p->tok.loc, p->file,
				 &probe->attach[probe->nr_attach], p->diag);
	if (err) {
		p->err = err;
		return false;
	}
	probe->nr_attach++;
	return true;
}

/* The message for a missing '{' after the attach points or predicate. */
static void *no_body(struct parser *p, const char *what)
{
	if (at(p, LANG_TOK_EOF))
		return fail(
			p, p->tok.loc,
			"syntax error: the probe has no body, expected '{'");
	return expected(p, what);
}

static struct lang_probe *parse_probe(struct parser *p)
{
	struct lang_loc start = p->tok.loc;
	struct lang_probe *probe;

	if (!at(p, LANG_TOK_ATTACH))
		return expected(p, "a probe such as BEGIN or kprobe:FUNCTION");
	probe = calloc(1, sizeof(*probe));
	if (!probe)
		return oom(p);
	for (;;) {
		if (!attach_push(p, probe))
			goto fail;
		advance(p);
		if (!at(p, LANG_TOK_COMMA))
			break;
		advance_mode(p, LANG_LEX_ATTACH);
		if (!at(p, LANG_TOK_ATTACH)) {
			expected(p, "an attach point after ','");
			goto fail;
		}
	}
	if (at(p, LANG_TOK_SLASH)) {
		p->in_pred = true;
		advance(p);
		probe->pred = parse_expr(p);
		p->in_pred = false;
		if (!probe->pred)
			goto fail;
		if (!accept(p, LANG_TOK_SLASH)) {
			expected(p, "'/' to close the predicate");
			goto fail;
		}
		if (!at(p, LANG_TOK_LBRACE)) {
			no_body(p, "'{' after the predicate");
			goto fail;
		}
	} else if (!at(p, LANG_TOK_LBRACE)) {
		no_body(p, "'{', ',' or a /predicate/ after the attach point");
		goto fail;
	}
	if (!parse_block(p, &probe->body, "'{'", LANG_LEX_ATTACH))
		goto fail;
	probe->loc = join(start, probe->body.loc);
	return probe;
fail:
	lang_probe__free(probe);
	return NULL;
}

/* A piece of C before the probes. */
static bool cdef_push(struct parser *p, struct lang_program *prog)
{
	struct lang_cdef *items, *cdef;

	if (prog->nr_probes) {
		fail(p, p->tok.loc,
		     "C definitions and preprocessor lines must come before "
		     "the first probe");
		return false;
	}
	items = grow(prog->cdefs, prog->nr_cdefs, sizeof(*items));
	if (!items)
		return oom(p), false;
	prog->cdefs = items;
	cdef = &prog->cdefs[prog->nr_cdefs];
	cdef->text = tok_dup(p, 0);
	if (!cdef->text)
		return false;
	cdef->preprocessor = p->tok.text[0] == '#';
	cdef->loc = p->tok.loc;
	prog->nr_cdefs++;
	advance_mode(p, LANG_LEX_ATTACH);
	return true;
}

static bool program_push(struct parser *p, struct lang_program *prog,
			 struct lang_probe *probe)
{
	struct lang_probe **items;

	items = grow(prog->probes, prog->nr_probes, sizeof(*items));
	if (!items)
		return oom(p), false;
	prog->probes = items;
	prog->probes[prog->nr_probes++] = probe;
	return true;
}

int lang__parse(const char *source, size_t len, const char *filename,
		struct lang_program **out, struct lang_diag *diag)
{
	struct parser p = {.file = filename, .diag = diag};
	struct lang_program *prog;

	*out = NULL;
	if (len > LANG_SOURCE_MAX)
		return lang_diag__error(
			diag, filename, (struct lang_loc){0},
			"the program is too large (more than %u bytes)",
			LANG_SOURCE_MAX);
	prog = calloc(1, sizeof(*prog));
	if (!prog)
		return lang_diag__error(diag, filename, (struct lang_loc){0},
					"out of memory"),
		       -ENOMEM;
	lang_lexer__init(&p.lx, source, len, filename, diag);
	advance_mode(&p, LANG_LEX_ATTACH);
	while (!p.err && !at(&p, LANG_TOK_EOF)) {
		struct lang_probe *probe;

		if (at(&p, LANG_TOK_CDEF)) {
			cdef_push(&p, prog);
			continue;
		}
		probe = parse_probe(&p);
		if (probe && !program_push(&p, prog, probe))
			lang_probe__free(probe);
	}
	if (!p.err && !prog->nr_probes)
		fail(&p, p.tok.loc, "syntax error: the program has no probes");
	if (p.err) {
		lang_program__free(prog);
		return p.err;
	}
	prog->nr_exprs = p.nr_exprs;
	*out = prog;
	return 0;
}
