// SPDX-License-Identifier: GPL-2.0
/*
 * The type checker: bpftrace's semantics over the syntax tree.
 *
 * The program is walked twice.  The first walk is lenient: a map read
 * before any assignment to it (a BEGIN probe printing what a later probe
 * fills) gets an unknown type, and whatever depends on it is not
 * checked; it only learns the value types of maps.  The second walk
 * knows them and checks everything; its result is the one returned.
 */
#include "lang/sema.h"

#include "core/tracefs.h"
#include "lang/format.h"
#include "lang/ktypes.h"
#include "lang/macros.h"
#include "sym/elf.h"
#include "sym/usdt.h"
#include "sym/usdt_args.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Internal: a type not known yet (first walk only). */
#define TYPE_UNKNOWN ((enum lang_type_kind)100)

struct lang_sema {
	struct lang_type *types; /* [nr_types], by expression id */
	unsigned int nr_types;
	struct lang_sema_map *maps;
	size_t nr_maps, cap_maps;
	struct lang_sema_var *vars;
	size_t nr_vars, cap_vars;
	struct lang_macros *macros; /* the preamble's #defines */
};

struct tp_format {
	char category[64];
	char name[128];
	bool syscalls; /* pointers in the record are user pointers */
	struct tracefs_format fmt;
};

struct checker {
	const struct lang_program *prog;
	const struct lang_sema_env *env;
	struct lang_macros *macros;
	struct lang_sema *s;
	const struct lang_sema *hints; /* the first walk's maps, or NULL */
	struct lang_diag *diag;
	const char *file;
	bool lenient;
	unsigned int str_max;
	/* the probe being checked */
	size_t probe_idx;
	const struct lang_probe *probe;
	unsigned int loops;
	/* the probe's tracepoint formats, wildcards expanded */
	struct tp_format *fmts;
	size_t nr_fmts, cap_fmts;
	bool fmts_loaded;
	int fmt_err;
};

/* ---- types ---- */

static struct lang_type type_int(unsigned int size, bool is_signed)
{
	struct lang_type t = {
		.kind = LANG_TYPE_INT, .size = size, .is_signed = is_signed};
	return t;
}

static struct lang_type type_of_kind(enum lang_type_kind kind)
{
	struct lang_type t = {.kind = kind};
	return t;
}

static struct lang_type type_str(unsigned int size)
{
	struct lang_type t = {.kind = LANG_TYPE_STR, .size = size};
	return t;
}

static struct lang_type type_stack(enum lang_type_kind kind, unsigned int depth)
{
	struct lang_type t = {.kind = kind, .depth = depth};
	return t;
}

const char *lang_agg__name(enum lang_agg agg)
{
	static const char *const names[] = {
		[LANG_AGG_NONE] = "none",   [LANG_AGG_COUNT] = "count",
		[LANG_AGG_SUM] = "sum",	    [LANG_AGG_MIN] = "min",
		[LANG_AGG_MAX] = "max",	    [LANG_AGG_AVG] = "avg",
		[LANG_AGG_STATS] = "stats", [LANG_AGG_HIST] = "hist",
		[LANG_AGG_LHIST] = "lhist",
	};

	if ((unsigned int)agg >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[agg];
}

char *lang_type__name(const struct lang_type *t, char *buf, size_t len)
{
	if (!len)
		return buf;
	buf[0] = '\0';
	switch ((int)t->kind) {
	case LANG_TYPE_NONE:
		snprintf(buf, len, "void");
		break;
	case LANG_TYPE_INT:
		snprintf(buf, len, "%sint%u", t->is_signed ? "" : "u",
			 t->size * 8);
		break;
	case LANG_TYPE_STR:
		snprintf(buf, len, "string[%u]%s", t->size,
			 t->data_loc ? " data_loc" : "");
		break;
	case LANG_TYPE_BUF:
		snprintf(buf, len, "buf[%u]", t->size);
		break;
	case LANG_TYPE_PTR:
		snprintf(buf, len, "ptr(%s, %s)", t->pointee,
			 t->user ? "user" : "kernel");
		break;
	case LANG_TYPE_ARRAY:
		snprintf(buf, len, "%sint%u[%u]", t->is_signed ? "" : "u",
			 t->size * 8, t->nr);
		break;
	case LANG_TYPE_CTX:
		snprintf(buf, len, "args");
		break;
	case LANG_TYPE_KSTACK:
	case LANG_TYPE_USTACK:
		snprintf(buf, len, "%cstack(%s%u)",
			 t->kind == LANG_TYPE_KSTACK ? 'k' : 'u',
			 t->stack_mode == LANG_STACK_PERF  ? "perf, "
			 : t->stack_mode == LANG_STACK_RAW ? "raw, "
							   : "",
			 t->depth);
		break;
	case LANG_TYPE_KSYM:
		snprintf(buf, len, "ksym");
		break;
	case LANG_TYPE_USYM:
		snprintf(buf, len, "usym");
		break;
	case LANG_TYPE_RECORD:
		snprintf(buf, len, "%s", t->pointee);
		break;
	case LANG_TYPE_INET:
		snprintf(buf, len, "inet");
		break;
	case LANG_TYPE_USERNAME:
		snprintf(buf, len, "username");
		break;
	case LANG_TYPE_PROBE:
		snprintf(buf, len, "probe");
		break;
	case LANG_TYPE_TUPLE:
		/* the items' types are those of t->tuple's items */
		snprintf(buf, len, "tuple(%u)", t->nr);
		break;
	case LANG_TYPE_AGG:
		if (t->agg == LANG_AGG_LHIST)
			snprintf(buf, len,
				 "lhist(%" PRId64 ",%" PRId64 ",%" PRId64 ")",
				 t->lhist_min, t->lhist_max, t->lhist_step);
		else
			snprintf(buf, len, "%s", lang_agg__name(t->agg));
		break;
	default:
		snprintf(buf, len, "unknown");
		break;
	}
	return buf;
}

char *lang_type__describe(const struct lang_type *t, char *buf, size_t len)
{
	switch ((int)t->kind) {
	case LANG_TYPE_NONE:
		snprintf(buf, len, "no value");
		break;
	case LANG_TYPE_INT:
		snprintf(buf, len, "%s%u-bit integer",
			 t->is_signed ? "a " : "an unsigned ", t->size * 8);
		break;
	case LANG_TYPE_STR:
		snprintf(buf, len, "a string");
		break;
	case LANG_TYPE_BUF:
		snprintf(buf, len, "a buffer");
		break;
	case LANG_TYPE_PTR:
		snprintf(buf, len, "a pointer");
		break;
	case LANG_TYPE_ARRAY:
		snprintf(buf, len, "an array");
		break;
	case LANG_TYPE_CTX:
		snprintf(buf, len, "the tracepoint's args");
		break;
	case LANG_TYPE_KSTACK:
		snprintf(buf, len, "a kernel stack");
		break;
	case LANG_TYPE_USTACK:
		snprintf(buf, len, "a user stack");
		break;
	case LANG_TYPE_KSYM:
		snprintf(buf, len, "a kernel symbol");
		break;
	case LANG_TYPE_USYM:
		snprintf(buf, len, "a user symbol");
		break;
	case LANG_TYPE_USERNAME:
		snprintf(buf, len, "a user name");
		break;
	case LANG_TYPE_PROBE:
		snprintf(buf, len, "a probe name");
		break;
	case LANG_TYPE_TUPLE:
		snprintf(buf, len, "a tuple");
		break;
	case LANG_TYPE_AGG:
		snprintf(buf, len, "%s()", lang_agg__name(t->agg));
		break;
	default:
		snprintf(buf, len, "an unknown type");
		break;
	}
	return buf;
}

/* ---- the result ---- */

void lang_sema__free(struct lang_sema *s)
{
	if (!s)
		return;
	free(s->types);
	free(s->maps);
	free(s->vars);
	lang_macros__free(s->macros);
	free(s);
}

const struct lang_type *lang_sema__type(const struct lang_sema *s,
					unsigned int id)
{
	if (!s || id >= s->nr_types)
		return NULL;
	return &s->types[id];
}

size_t lang_sema__nr_maps(const struct lang_sema *s)
{
	return s ? s->nr_maps : 0;
}

const struct lang_sema_map *lang_sema__map(const struct lang_sema *s, size_t i)
{
	return s && i < s->nr_maps ? &s->maps[i] : NULL;
}

const struct lang_sema_map *lang_sema__find_map(const struct lang_sema *s,
						const char *name)
{
	size_t i;

	for (i = 0; s && i < s->nr_maps; i++)
		if (!strcmp(s->maps[i].name, name))
			return &s->maps[i];
	return NULL;
}

int lang_sema__macro(const struct lang_sema *s, const char *name,
		     int64_t *value)
{
	return lang_macros__value(s->macros, name, value);
}

size_t lang_sema__nr_vars(const struct lang_sema *s)
{
	return s ? s->nr_vars : 0;
}

const struct lang_sema_var *lang_sema__var(const struct lang_sema *s, size_t i)
{
	return s && i < s->nr_vars ? &s->vars[i] : NULL;
}

/* ---- helpers ---- */

__attribute__((format(printf, 3, 4))) static int
error_at(struct checker *c, struct lang_loc loc, const char *fmt, ...)
{
	va_list ap;
	char msg[LANG_DIAG_MSG_MAX];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lang_diag__error(c->diag, c->file, loc, "%s", msg);
}

static struct lang_type *T(struct checker *c, const struct lang_expr *e)
{
	return &c->s->types[e->id];
}

static bool is_unknown(const struct lang_type *t)
{
	return t->kind == TYPE_UNKNOWN;
}

static const char *describe(const struct lang_type *t, char *buf, size_t len)
{
	return lang_type__describe(t, buf, len);
}

static unsigned int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	unsigned int row[64], prev, tmp;

	if (la >= 64 || lb >= 64)
		return 100;
	for (j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned int)i;
		for (j = 1; j <= lb; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
		}
	}
	return row[lb];
}

/* The closest of names[] to name, when close enough, or NULL. */
static const char *closest(const char *name, const char *const *names,
			   size_t nr)
{
	const char *best = NULL;
	unsigned int best_d = 3, d;
	size_t i;

	for (i = 0; i < nr; i++) {
		d = edit_distance(name, names[i]);
		if (d < best_d && d < strlen(names[i])) {
			best_d = d;
			best = names[i];
		}
	}
	return best;
}

static bool probe_has(const struct checker *c, unsigned int mask)
{
	size_t i;

	for (i = 0; i < c->probe->nr_attach; i++)
		if (!(mask & (1u << c->probe->attach[i].type)))
			return false;
	return true;
}

#define P(x) (1u << LANG_PROBE_##x)
#define USER_PROBES (P(UPROBE) | P(URETPROBE) | P(USDT))

static bool probe_is_user(const struct checker *c)
{
	size_t i;

	for (i = 0; i < c->probe->nr_attach; i++)
		if (USER_PROBES & (1u << c->probe->attach[i].type))
			return true;
	return false;
}

/* Integer types by name, for casts, sizeof and pointees. */
static bool int_type_by_name(const char *name, struct lang_type *t)
{
	static const struct {
		const char *name;
		unsigned int size;
		bool is_signed;
	} ints[] = {
		{"int8", 1, true},
		{"int16", 2, true},
		{"int32", 4, true},
		{"int64", 8, true},
		{"uint8", 1, false},
		{"uint16", 2, false},
		{"uint32", 4, false},
		{"uint64", 8, false},
		{"s8", 1, true},
		{"s16", 2, true},
		{"s32", 4, true},
		{"s64", 8, true},
		{"u8", 1, false},
		{"u16", 2, false},
		{"u32", 4, false},
		{"u64", 8, false},
		{"__s8", 1, true},
		{"__s16", 2, true},
		{"__s32", 4, true},
		{"__s64", 8, true},
		{"__u8", 1, false},
		{"__u16", 2, false},
		{"__u32", 4, false},
		{"__u64", 8, false},
		{"char", 1, true},
		{"signed char", 1, true},
		{"unsigned char", 1, false},
		{"short", 2, true},
		{"unsigned short", 2, false},
		{"int", 4, true},
		{"unsigned int", 4, false},
		{"unsigned", 4, false},
		{"long", 8, true},
		{"unsigned long", 8, false},
		{"long long", 8, true},
		{"unsigned long long", 8, false},
		{"bool", 1, false},
		{"_Bool", 1, false},
		{"size_t", 8, false},
		{"ssize_t", 8, true},
		{"pid_t", 4, true},
		{"uid_t", 4, false},
		{"gid_t", 4, false},
		{"umode_t", 2, false},
		{"loff_t", 8, true},
		{"off_t", 8, true},
	};
	char buf[96];
	const char *n = name;
	size_t i, len;

	/* drop qualifiers */
	for (;;) {
		if (!strncmp(n, "const ", 6))
			n += 6;
		else if (!strncmp(n, "volatile ", 9))
			n += 9;
		else
			break;
	}
	len = strlen(n);
	while (len && n[len - 1] == ' ')
		len--;
	if (len >= sizeof(buf))
		return false;
	memcpy(buf, n, len);
	buf[len] = '\0';
	for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		if (!strcmp(buf, ints[i].name)) {
			*t = type_int(ints[i].size, ints[i].is_signed);
			return true;
		}
	}
	return false;
}

/* The type a pointer to pointee points at; -EINVAL when not known. */
/*
 * The length of C type text without trailing blanks and a trailing
 * "const" ("char *const": the const belongs to the pointer).
 */
bool lang_type__int_by_name(const char *name, struct lang_type *t)
{
	return int_type_by_name(name, t);
}

static size_t trim_type(const char *s, size_t len)
{
	while (len && s[len - 1] == ' ')
		len--;
	if (len >= 6 && !strncmp(s + len - 6, " const", 6))
		len -= 6;
	else if (len >= 6 && !strncmp(s + len - 6, "*const", 6))
		len -= 5;
	while (len && s[len - 1] == ' ')
		len--;
	return len;
}

static int pointee_type(const struct lang_type *ptr, struct lang_type *t)
{
	char buf[sizeof(ptr->pointee)];
	size_t len = trim_type(ptr->pointee, strlen(ptr->pointee));

	if (len && ptr->pointee[len - 1] == '*') {
		len = trim_type(ptr->pointee, len - 1);
		memcpy(buf, ptr->pointee, len);
		buf[len] = '\0';
		*t = type_of_kind(LANG_TYPE_PTR);
		snprintf(t->pointee, sizeof(t->pointee), "%s", buf);
		t->user = ptr->user;
		return 0;
	}
	if (int_type_by_name(ptr->pointee, t))
		return 0;
	return -EINVAL;
}

/* Integer-like: usable in arithmetic and conditions. */
static bool is_scalar(const struct lang_type *t)
{
	return t->kind == LANG_TYPE_INT || t->kind == LANG_TYPE_PTR;
}

/* Can be stored in a variable, a map key or a map value. */
static bool is_storable(const struct lang_type *t)
{
	switch ((int)t->kind) {
	case LANG_TYPE_INT:
	case LANG_TYPE_STR:
	case LANG_TYPE_BUF:
	case LANG_TYPE_PTR:
	case LANG_TYPE_KSTACK:
	case LANG_TYPE_USTACK:
	case LANG_TYPE_KSYM:
	case LANG_TYPE_USYM:
	case LANG_TYPE_USERNAME:
	case LANG_TYPE_PROBE:
	case LANG_TYPE_TUPLE:
	case LANG_TYPE_INET:
		return true;
	default:
		return false;
	}
}

/*
 * Whether b can go where a went (a variable, a key, a value); on
 * success *a widens (strings to the longer).  Integers of any width
 * agree: keys and values are stored 64 bits wide.
 */
static bool types_agree(struct checker *c, struct lang_type *a,
			const struct lang_type *b)
{
	unsigned int i;

	if (is_unknown(a)) {
		*a = *b;
		return true;
	}
	if (is_unknown(b))
		return true;
	if (a->kind != b->kind)
		return false;
	switch ((int)a->kind) {
	case LANG_TYPE_STR:
	case LANG_TYPE_BUF:
		if (b->size > a->size)
			a->size = b->size;
		return true;
	case LANG_TYPE_KSTACK:
	case LANG_TYPE_USTACK:
		return a->depth == b->depth && a->stack_mode == b->stack_mode;
	case LANG_TYPE_AGG:
		return a->agg == b->agg && a->lhist_min == b->lhist_min &&
		       a->lhist_max == b->lhist_max &&
		       a->lhist_step == b->lhist_step;
	case LANG_TYPE_TUPLE:
		if (a->nr != b->nr)
			return false;
		for (i = 0; i < a->nr; i++) {
			struct lang_type x = *T(c, a->tuple->tuple.items[i]);

			if (!types_agree(c, &x, T(c, b->tuple->tuple.items[i])))
				return false;
		}
		return true;
	default:
		return true;
	}
}

/* ---- tracepoint args ---- */

/* Adds the format of category:name to the probe's list. */
static int add_format(struct checker *c, const struct lang_expr *e,
		      const char *category, const char *name)
{
	struct tp_format *f;
	int err;

	if (c->nr_fmts == c->cap_fmts) {
		size_t cap = c->cap_fmts ? 2 * c->cap_fmts : 4;
		void *n;

		if (cap > LANG_SEMA_MAX_TRACEPOINTS)
			return error_at(c, e->loc,
					"args: the probe matches more than %d "
					"tracepoints",
					LANG_SEMA_MAX_TRACEPOINTS);
		n = realloc(c->fmts, cap * sizeof(*c->fmts));
		if (!n)
			return -ENOMEM;
		c->fmts = n;
		c->cap_fmts = cap;
	}
	f = &c->fmts[c->nr_fmts];
	snprintf(f->category, sizeof(f->category), "%s", category);
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->syscalls = !strcmp(category, "syscalls");
	err = c->env->tracepoint_format(c->env->ctx, category, name, &f->fmt);
	if (err)
		return error_at(
			c, e->loc,
			"cannot read the format of tracepoint %s:%s: %s",
			category, name, strerror(err < 0 ? -err : err));
	c->nr_fmts++;
	return 0;
}

struct glob_ctx {
	struct checker *c;
	const struct lang_expr *e;
	int err;
};

static int glob_cb(void *arg, const char *category, const char *name)
{
	struct glob_ctx *g = arg;

	g->err = add_format(g->c, g->e, category, name);
	return g->err;
}

static int load_formats(struct checker *c, const struct lang_expr *e)
{
	const struct lang_probe *p = c->probe;
	const struct lang_attach *ap;
	struct glob_ctx g = {c, e, 0};
	size_t i, before;
	int err;

	if (c->fmts_loaded)
		return c->fmt_err;
	c->fmts_loaded = true;
	if (!c->env || !c->env->tracepoint_format) {
		c->fmt_err =
			error_at(c, e->loc, "no format for tracepoint %s:%s",
				 p->attach[0].category, p->attach[0].name);
		return c->fmt_err;
	}
	for (i = 0; i < p->nr_attach; i++) {
		ap = &p->attach[i];
		if (!ap->wildcard) {
			err = add_format(c, e, ap->category, ap->name);
		} else if (!c->env->tracepoint_glob) {
			err = error_at(c, e->loc,
				       "args in a probe with a wildcard (%s) "
				       "needs the list of tracepoints",
				       ap->raw);
		} else {
			before = c->nr_fmts;
			err = c->env->tracepoint_glob(c->env->ctx, ap->category,
						      ap->name, glob_cb, &g);
			if (g.err)
				err = g.err;
			else if (!err && c->nr_fmts == before)
				err = error_at(c, e->loc,
					       "no tracepoint matches %s",
					       ap->raw);
			else if (err)
				err = error_at(c, e->loc,
					       "cannot list the tracepoints of "
					       "%s: %s",
					       ap->raw,
					       strerror(err < 0 ? -err : err));
		}
		if (err) {
			c->fmt_err = err;
			return err;
		}
	}
	return 0;
}

static bool is_char_type(const char *type)
{
	return !strcmp(type, "char") || !strcmp(type, "const char") ||
	       !strcmp(type, "unsigned char") || !strcmp(type, "signed char");
}

static int field_type(struct checker *c, bool syscalls,
		      const struct tracefs_field *f, struct lang_type *t)
{
	struct lang_type named;
	size_t len;

	if (strstr(f->type, "__data_loc")) {
		*t = type_str(c->str_max);
		t->data_loc = true;
		return 0;
	}
	if (f->array_len) {
		if (is_char_type(f->type)) {
			*t = type_str(f->array_len);
			return 0;
		}
		*t = type_of_kind(LANG_TYPE_ARRAY);
		t->nr = f->array_len;
		t->size = f->size / f->array_len;
		t->is_signed = f->is_signed;
		if (int_type_by_name(f->type, &named))
			t->is_signed = named.is_signed;
		return 0;
	}
	if (strchr(f->type, '*')) {
		*t = type_of_kind(LANG_TYPE_PTR);
		len = trim_type(f->type, strlen(f->type));
		if (len && f->type[len - 1] == '*')
			len = trim_type(f->type, len - 1);
		if (len >= sizeof(t->pointee))
			len = sizeof(t->pointee) - 1;
		memcpy(t->pointee, f->type, len);
		t->pointee[len] = '\0';
		t->user = syscalls;
		return 0;
	}
	if (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8)
		return -EINVAL;
	/*
	 * The record's width, the C type's signedness: syscall arguments
	 * ("int dfd", 8 bytes, "signed:0") are stored as longs.
	 */
	*t = type_int(f->size, f->is_signed);
	if (int_type_by_name(f->type, &named))
		t->is_signed = named.is_signed;
	return 0;
}

static int check_args_field(struct checker *c, const struct lang_expr *e)
{
	const char *name = e->field.name;
	struct lang_type t = {0}, u;
	char x[64], y[64];
	size_t i, j;
	int err;

	err = load_formats(c, e->field.base);
	if (err)
		return err;
	for (i = 0; i < c->nr_fmts; i++) {
		const struct tp_format *tp = &c->fmts[i];
		const struct tracefs_field *f = NULL;
		const char *names[TRACEFS_MAX_FIELDS];
		const char *hint;

		for (j = 0; j < tp->fmt.nr_fields && j < TRACEFS_MAX_FIELDS;
		     j++) {
			names[j] = tp->fmt.fields[j].name;
			if (!strcmp(tp->fmt.fields[j].name, name))
				f = &tp->fmt.fields[j];
		}
		if (!f) {
			hint = closest(name, names, j);
			return error_at(
				c, e->loc,
				"tracepoint %s:%s has no field '%s'%s%s%s",
				tp->category, tp->name, name,
				hint ? "; did you mean '" : "",
				hint ? hint : "", hint ? "'?" : "");
		}
		if (field_type(c, tp->syscalls, f, &u))
			return error_at(
				c, e->loc,
				"field '%s' of tracepoint %s:%s has a "
				"size of %u bytes, which sonde cannot read",
				name, tp->category, tp->name, f->size);
		if (i == 0) {
			t = u;
		} else if (t.kind != u.kind ||
			   (t.kind == LANG_TYPE_INT && t.size != u.size)) {
			return error_at(c, e->loc,
					"args.%s is %s in tracepoint %s:%s and "
					"%s in %s:%s",
					name, describe(&t, x, sizeof(x)),
					c->fmts[0].category, c->fmts[0].name,
					describe(&u, y, sizeof(y)),
					tp->category, tp->name);
		} else if (t.kind == LANG_TYPE_STR && u.size > t.size) {
			t.size = u.size;
		}
	}
	*T(c, e) = t;
	return 0;
}

/* ---- maps and variables ---- */

static struct lang_sema_map *find_map(struct lang_sema *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nr_maps; i++)
		if (!strcmp(s->maps[i].name, name))
			return &s->maps[i];
	return NULL;
}

/* The map of e, created at its first use; keys checked against it. */
static int use_map(struct checker *c, const struct lang_expr *e,
		   struct lang_sema_map **out)
{
	struct lang_sema *s = c->s;
	const struct lang_expr_list *keys = &e->map.keys;
	struct lang_sema_map *m = find_map(s, e->map.name);
	char a[64], b[64];
	size_t i;

	if (keys->nr > LANG_SEMA_MAX_KEYS)
		return error_at(c, e->loc, "map @%s has more than %d keys",
				e->map.name, LANG_SEMA_MAX_KEYS);
	if (!m) {
		if (s->nr_maps == s->cap_maps) {
			size_t cap = s->cap_maps ? 2 * s->cap_maps : 8;
			void *n = realloc(s->maps, cap * sizeof(*s->maps));

			if (!n)
				return -ENOMEM;
			s->maps = n;
			s->cap_maps = cap;
		}
		m = &s->maps[s->nr_maps++];
		memset(m, 0, sizeof(*m));
		m->name = e->map.name;
		m->nr_keys = keys->nr;
		m->loc = e->loc;
		for (i = 0; i < keys->nr; i++)
			m->keys[i].kind = TYPE_UNKNOWN;
	} else if (m->nr_keys != keys->nr) {
		if (keys->nr)
			snprintf(a, sizeof(a), "%zu key%s", keys->nr,
				 keys->nr == 1 ? "" : "s");
		else
			snprintf(a, sizeof(a), "no keys");
		if (m->nr_keys)
			snprintf(b, sizeof(b), "%zu key%s", m->nr_keys,
				 m->nr_keys == 1 ? "" : "s");
		else
			snprintf(b, sizeof(b), "no keys");
		return error_at(c, e->loc,
				"map @%s is used with %s here and %s elsewhere",
				e->map.name, a, b);
	}
	for (i = 0; i < keys->nr; i++) {
		struct lang_type kt = *T(c, keys->items[i]);

		if (!is_unknown(&kt) && !is_storable(&kt))
			return error_at(c, keys->items[i]->loc,
					"%s cannot be a map key",
					describe(&kt, a, sizeof(a)));
		if (kt.kind == LANG_TYPE_PTR || kt.kind == LANG_TYPE_INT)
			kt = type_int(8,
				      kt.kind == LANG_TYPE_INT && kt.is_signed);
		if (kt.kind == LANG_TYPE_STR)
			kt.literal = kt.data_loc = false;
		if (!types_agree(c, &m->keys[i], &kt)) {
			describe(&kt, a, sizeof(a));
			describe(&m->keys[i], b, sizeof(b));
			if (!strcmp(a, b)) {
				/* kstack(3) and kstack(127) */
				lang_type__name(&kt, a, sizeof(a));
				lang_type__name(&m->keys[i], b, sizeof(b));
			}
			if (keys->nr == 1)
				return error_at(c, keys->items[i]->loc,
						"map @%s has a key of %s here "
						"and of %s elsewhere",
						e->map.name, a, b);
			return error_at(c, keys->items[i]->loc,
					"map @%s: key %zu is %s here and %s "
					"elsewhere",
					e->map.name, i + 1, a, b);
		}
	}
	*out = m;
	return 0;
}

/* Records v as the value of map m, assigned at loc. */
static int map_value(struct checker *c, struct lang_sema_map *m,
		     struct lang_type v, struct lang_loc loc)
{
	char a[64], b[64];

	if (v.kind == LANG_TYPE_INT || v.kind == LANG_TYPE_PTR)
		v = type_int(8, v.kind == LANG_TYPE_INT && v.is_signed);
	if (v.kind == LANG_TYPE_STR)
		v.literal = v.data_loc = false;
	if (!m->has_value) {
		m->value = v;
		m->has_value = true;
		return 0;
	}
	if (m->value.kind == LANG_TYPE_INT && v.kind == LANG_TYPE_INT)
		return 0;
	if (types_agree(c, &m->value, &v))
		return 0;
	if (v.kind == LANG_TYPE_AGG || m->value.kind == LANG_TYPE_AGG)
		return error_at(c, loc,
				"map @%s is assigned %s here and %s elsewhere",
				m->name, describe(&v, a, sizeof(a)),
				describe(&m->value, b, sizeof(b)));
	return error_at(c, loc, "map @%s holds %s here and %s elsewhere",
			m->name, describe(&v, a, sizeof(a)),
			describe(&m->value, b, sizeof(b)));
}

static struct lang_sema_var *find_var(struct checker *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->s->nr_vars; i++)
		if (c->s->vars[i].probe == c->probe_idx &&
		    !strcmp(c->s->vars[i].name, name))
			return &c->s->vars[i];
	return NULL;
}

static int add_var(struct checker *c, const struct lang_expr *e,
		   const struct lang_type *t, struct lang_sema_var **out)
{
	struct lang_sema *s = c->s;
	struct lang_sema_var *v;

	if (s->nr_vars == s->cap_vars) {
		size_t cap = s->cap_vars ? 2 * s->cap_vars : 8;
		void *n = realloc(s->vars, cap * sizeof(*s->vars));

		if (!n)
			return -ENOMEM;
		s->vars = n;
		s->cap_vars = cap;
	}
	v = &s->vars[s->nr_vars++];
	memset(v, 0, sizeof(*v));
	v->probe = c->probe_idx;
	v->name = e->name;
	v->type = *t;
	v->type.literal = false;
	v->loc = e->loc;
	*out = v;
	return 0;
}

/* ---- expressions ---- */

static int check_expr(struct checker *c, const struct lang_expr *e);

/* What a value that is not one is, for messages. */
static int not_a_value(struct checker *c, const struct lang_expr *e)
{
	const struct lang_type *t = T(c, e);

	if (t->kind == LANG_TYPE_AGG)
		return error_at(c, e->loc,
				"%s() must be assigned directly to a map: "
				"@m = %s(...)",
				lang_agg__name(t->agg), lang_agg__name(t->agg));
	if (t->kind == LANG_TYPE_CTX)
		return error_at(c, e->loc,
				"args can only be used as args.FIELD");
	if (e->kind == LANG_EXPR_CALL)
		return error_at(c, e->loc, "%s() has no value", e->call.name);
	return error_at(c, e->loc, "this expression has no value");
}

/* Checks e, which must give a value. */
static int check_value(struct checker *c, const struct lang_expr *e)
{
	const struct lang_type *t;
	int err = check_expr(c, e);

	if (err)
		return err;
	t = T(c, e);
	if (t->kind == LANG_TYPE_NONE || t->kind == LANG_TYPE_AGG ||
	    t->kind == LANG_TYPE_CTX)
		return not_a_value(c, e);
	return 0;
}

/* Checks e, which must give an integer (or a pointer, as a truth). */
static int check_scalar(struct checker *c, const struct lang_expr *e,
			const char *what)
{
	char d[64];
	int err = check_value(c, e);

	if (err)
		return err;
	if (is_unknown(T(c, e)) || is_scalar(T(c, e)))
		return 0;
	return error_at(c, e->loc, "%s must be an integer, got %s", what,
			describe(T(c, e), d, sizeof(d)));
}

static const char *const builtin_names[] = {
	"pid",	  "tid",      "uid",	 "gid",	  "nsecs",   "elapsed",
	"cpu",	  "comm",     "func",	 "probe", "cgroup",  "kstack",
	"ustack", "username", "curtask", "rand",  "retval",  "args",
	"arg0",	  "arg1",     "arg2",	 "arg3",  "arg4",    "arg5",
	"arg6",	  "arg7",     "arg8",	 "arg9",  "jiffies", "numaid",
	"cpid",
};

static int check_builtin(struct checker *c, const struct lang_expr *e)
{
	const char *n = e->name;
	struct lang_type *t = T(c, e);
	const struct lang_attach *ap = &c->probe->attach[0];
	const char *hint;

	if (!strcmp(n, "pid") || !strcmp(n, "tid") || !strcmp(n, "uid") ||
	    !strcmp(n, "gid") || !strcmp(n, "cpu") || !strcmp(n, "rand") ||
	    !strcmp(n, "numaid") || !strcmp(n, "cpid")) {
		*t = type_int(4, false);
	} else if (!strcmp(n, "nsecs") || !strcmp(n, "elapsed") ||
		   !strcmp(n, "cgroup") || !strcmp(n, "curtask") ||
		   !strcmp(n, "jiffies")) {
		*t = type_int(8, false);
	} else if (!strcmp(n, "comm")) {
		*t = type_str(LANG_COMM_LEN);
	} else if (!strcmp(n, "username")) {
		*t = type_of_kind(LANG_TYPE_USERNAME);
	} else if (!strcmp(n, "probe")) {
		*t = type_of_kind(LANG_TYPE_PROBE);
	} else if (!strcmp(n, "kstack")) {
		*t = type_stack(LANG_TYPE_KSTACK, LANG_STACK_DEPTH_DEFAULT);
	} else if (!strcmp(n, "ustack")) {
		*t = type_stack(LANG_TYPE_USTACK, LANG_STACK_DEPTH_DEFAULT);
	} else if (!strcmp(n, "func")) {
		if (!probe_has(c, P(KPROBE) | P(KRETPROBE) | P(UPROBE) |
					  P(URETPROBE) | P(FENTRY) | P(FEXIT) |
					  P(USDT)))
			return error_at(c, e->loc,
					"func is only available in kprobe, "
					"uprobe, fentry and usdt probes and "
					"their return probes");
		*t = type_of_kind(probe_is_user(c) ? LANG_TYPE_USYM
						   : LANG_TYPE_KSYM);
	} else if (!strcmp(n, "retval")) {
		if (!probe_has(c, P(KRETPROBE) | P(URETPROBE) | P(FEXIT)))
			return error_at(
				c, e->loc,
				"retval is only available in kretprobe, "
				"uretprobe and fexit probes");
		*t = type_int(8, false);
	} else if (!strcmp(n, "args")) {
		if (!probe_has(c, P(TRACEPOINT)))
			return error_at(c, e->loc,
					"args is only available in tracepoint "
					"probes");
		*t = type_of_kind(LANG_TYPE_CTX);
	} else if (!strncmp(n, "arg", 3) && isdigit((unsigned char)n[3]) &&
		   !n[4]) {
		unsigned int idx = (unsigned int)(n[3] - '0');
		size_t i;

		if (!probe_has(c, P(KPROBE) | P(UPROBE) | P(USDT) |
					  P(RAWTRACEPOINT) | P(FENTRY) |
					  P(FEXIT)))
			return error_at(
				c, e->loc,
				"%s is only available in kprobe, uprobe, "
				"usdt, rawtracepoint and fentry probes",
				n);
		for (i = 0; i < c->probe->nr_attach; i++) {
			unsigned int nr;

			ap = &c->probe->attach[i];
			if (ap->type != LANG_PROBE_USDT || ap->wildcard ||
			    !c->env || !c->env->usdt_nr_args)
				continue;
			if (c->env->usdt_nr_args(c->env->ctx, ap->target,
						 ap->category, ap->name, &nr))
				continue; /* the attach stage will say why */
			if (idx >= nr)
				return error_at(
					c, e->loc,
					"usdt probe %s%s%s has %u "
					"argument%s; %s is out of range",
					ap->category ? ap->category : "",
					ap->category ? ":" : "", ap->name, nr,
					nr == 1 ? "" : "s", n);
		}
		*t = type_int(8, false);
	} else if (!lang_macros__value(c->macros, n, &(int64_t){0}) ||
		   (c->env && c->env->enum_value &&
		    !c->env->enum_value(c->env->ctx, n, &(int64_t){0}))) {
		*t = type_int(8, true); /* a macro's or a kernel enum's value */
	} else {
		hint = closest(n, builtin_names,
			       sizeof(builtin_names) /
				       sizeof(builtin_names[0]));
		if (hint)
			return error_at(c, e->loc,
					"unknown identifier '%s'; did you mean "
					"'%s'?",
					n, hint);
		return error_at(c, e->loc, "unknown identifier '%s'", n);
	}
	(void)ap;
	return 0;
}

static int check_map_read(struct checker *c, const struct lang_expr *e)
{
	const struct lang_sema_map *h;
	struct lang_sema_map *m;
	size_t i;
	int err;

	for (i = 0; i < e->map.keys.nr; i++) {
		err = check_value(c, e->map.keys.items[i]);
		if (err)
			return err;
	}
	err = use_map(c, e, &m);
	if (err)
		return err;
	h = m->has_value ? m : lang_sema__find_map(c->hints, e->map.name);
	if (!h || !h->has_value) {
		if (c->lenient) {
			T(c, e)->kind = TYPE_UNKNOWN;
			return 0;
		}
		return error_at(c, e->loc, "map @%s is read but never assigned",
				e->map.name);
	}
	if (h->value.kind == LANG_TYPE_AGG)
		return error_at(c, e->loc,
				"map @%s holds %s() and cannot be read as a "
				"value",
				e->map.name, lang_agg__name(h->value.agg));
	*T(c, e) = h->value;
	return 0;
}

static int check_unary(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr *o = e->unary.operand;
	struct lang_type *t = T(c, e);
	char d[64];
	int err;

	if (e->unary.op == LANG_OP_DEREF) {
		err = check_value(c, o);
		if (err)
			return err;
		if (is_unknown(T(c, o))) {
			t->kind = TYPE_UNKNOWN;
		} else if (T(c, o)->kind == LANG_TYPE_INT) {
			*t = type_int(8, false);
		} else if (T(c, o)->kind == LANG_TYPE_PTR) {
			if (pointee_type(T(c, o), t))
				return error_at(
					c, e->loc,
					"cannot dereference a pointer to "
					"'%s' without its type "
					"information",
					T(c, o)->pointee);
		} else {
			return error_at(c, e->loc, "cannot dereference %s",
					describe(T(c, o), d, sizeof(d)));
		}
		return 0;
	}
	err = check_scalar(c, o,
			   e->unary.op == LANG_OP_NOT	? "the operand of '!'"
			   : e->unary.op == LANG_OP_NEG ? "the operand of '-'"
							: "the operand of '~'");
	if (err)
		return err;
	if (e->unary.op != LANG_OP_NOT && T(c, o)->kind == LANG_TYPE_PTR)
		return error_at(c, o->loc,
				"the operand of '%s' must be an "
				"integer, got a pointer",
				lang_op__str(e->unary.op));
	if (e->unary.op == LANG_OP_BNOT && T(c, o)->kind == LANG_TYPE_INT)
		*t = type_int(8, T(c, o)->is_signed);
	else
		*t = type_int(8, true);
	return 0;
}

static int check_incdec(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr *o = e->unary.operand;
	struct lang_sema_map *m;
	struct lang_sema_var *v;
	char d[64];
	size_t i;
	int err;

	if (o->kind == LANG_EXPR_VAR) {
		v = find_var(c, o->name);
		if (!v)
			return error_at(c, o->loc,
					"$%s is used before it is assigned",
					o->name);
		if (!is_unknown(&v->type) && v->type.kind != LANG_TYPE_INT)
			return error_at(c, e->loc,
					"%s needs an integer, $%s holds %s",
					lang_op__str(e->unary.op), o->name,
					describe(&v->type, d, sizeof(d)));
		*T(c, o) = v->type;
	} else if (o->kind == LANG_EXPR_MAP) {
		for (i = 0; i < o->map.keys.nr; i++) {
			err = check_value(c, o->map.keys.items[i]);
			if (err)
				return err;
		}
		err = use_map(c, o, &m);
		if (err)
			return err;
		if (m->has_value && m->value.kind != LANG_TYPE_INT)
			return error_at(c, e->loc,
					"%s needs an integer, map @%s holds %s",
					lang_op__str(e->unary.op), o->map.name,
					describe(&m->value, d, sizeof(d)));
		err = map_value(c, m, type_int(8, true), e->loc);
		if (err)
			return err;
		*T(c, o) = m->value;
	} else {
		return error_at(c, e->loc, "%s needs a variable or a map",
				lang_op__str(e->unary.op));
	}
	*T(c, e) = type_int(8, true);
	return 0;
}

static bool is_stringy(const struct lang_type *t)
{
	return t->kind == LANG_TYPE_STR;
}

static int check_binary(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr *l = e->binary.left, *r = e->binary.right;
	enum lang_op op = e->binary.op;
	const struct lang_type *lt, *rt;
	struct lang_type *t = T(c, e);
	char a[64], b[64];
	int err;

	err = check_value(c, l);
	if (!err)
		err = check_value(c, r);
	if (err)
		return err;
	lt = T(c, l);
	rt = T(c, r);
	if (is_unknown(lt) || is_unknown(rt)) {
		*t = type_int(8, true);
		return 0;
	}
	switch (op) {
	case LANG_OP_LAND:
	case LANG_OP_LOR:
		if (!is_scalar(lt))
			return error_at(
				c, l->loc,
				"the operands of '%s' must be integers, "
				"got %s",
				lang_op__str(op), describe(lt, a, sizeof(a)));
		if (!is_scalar(rt))
			return error_at(
				c, r->loc,
				"the operands of '%s' must be integers, "
				"got %s",
				lang_op__str(op), describe(rt, a, sizeof(a)));
		*t = type_int(8, true);
		return 0;
	case LANG_OP_EQ:
	case LANG_OP_NE:
	case LANG_OP_LT:
	case LANG_OP_LE:
	case LANG_OP_GT:
	case LANG_OP_GE:
		if (is_stringy(lt) && is_stringy(rt)) {
			if (op != LANG_OP_EQ && op != LANG_OP_NE)
				return error_at(c, e->loc,
						"strings can only be compared "
						"with == and !=");
		} else if (!is_scalar(lt) || !is_scalar(rt)) {
			return error_at(c, e->loc, "cannot compare %s with %s",
					describe(lt, a, sizeof(a)),
					describe(rt, b, sizeof(b)));
		}
		*t = type_int(8, true);
		return 0;
	default:
		break;
	}
	/* arithmetic and bits */
	if (!is_scalar(lt) || !is_scalar(rt)) {
		const struct lang_expr *bad = is_scalar(lt) ? r : l;

		return error_at(c, bad->loc,
				"the operands of '%s' must be integers, got %s",
				lang_op__str(op),
				describe(T(c, bad), a, sizeof(a)));
	}
	if (lt->kind == LANG_TYPE_PTR && rt->kind == LANG_TYPE_PTR) {
		if (op != LANG_OP_SUB)
			return error_at(c, e->loc,
					"pointers can only be subtracted from "
					"each other");
		*t = type_int(8, true);
		return 0;
	}
	if (lt->kind == LANG_TYPE_PTR || rt->kind == LANG_TYPE_PTR) {
		const struct lang_type *p = lt->kind == LANG_TYPE_PTR ? lt : rt;

		if (op != LANG_OP_ADD &&
		    !(op == LANG_OP_SUB && lt->kind == LANG_TYPE_PTR)) {
			*t = type_int(8, false);
			return 0;
		}
		*t = *p;
		return 0;
	}
	*t = type_int(8, lt->is_signed && rt->is_signed);
	return 0;
}

static int check_ternary(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr *a = e->ternary.then, *b = e->ternary.otherwise;
	struct lang_type *t = T(c, e);
	char x[64], y[64];
	int err;

	err = check_scalar(c, e->ternary.cond, "a condition");
	if (!err)
		err = check_value(c, a);
	if (!err)
		err = check_value(c, b);
	if (err)
		return err;
	if (is_unknown(T(c, a)) || is_unknown(T(c, b))) {
		*t = is_unknown(T(c, a)) ? *T(c, b) : *T(c, a);
		return 0;
	}
	if (T(c, a)->kind == LANG_TYPE_INT && T(c, b)->kind == LANG_TYPE_INT) {
		*t = type_int(8, T(c, a)->is_signed && T(c, b)->is_signed);
		return 0;
	}
	*t = *T(c, a);
	t->literal = false;
	if (!types_agree(c, t, T(c, b)))
		return error_at(c, e->loc,
				"the branches of ?: have different types: %s "
				"and %s",
				describe(T(c, a), x, sizeof(x)),
				describe(T(c, b), y, sizeof(y)));
	return 0;
}

/*
 * p->member of a pointer to a kernel struct, r.member of a struct member
 * that is itself one: typed from the kernel's BTF.
 */
static int check_member(struct checker *c, const struct lang_expr *e,
			const struct lang_type *bt)
{
	const struct lang_sema_env *env = c->env;
	bool ptr = bt->kind == LANG_TYPE_PTR;
	char record[sizeof(bt->pointee)];
	struct lang_type t;
	uint32_t off;
	int err;

	snprintf(record, sizeof(record), "%.*s",
		 (int)trim_type(bt->pointee, strlen(bt->pointee)), bt->pointee);
	if (ptr != e->field.arrow)
		return error_at(c, e->loc,
				ptr ? "'%s *' is a pointer: read its field "
				      "with '->%s'"
				    : "'%s' is not a pointer: read its field "
				      "with '.%s'",
				record, e->field.name);
	if (!env || !env->record_member)
		return error_at(c, e->loc,
				"cannot read field '%s' of '%s': struct types "
				"are not supported yet",
				e->field.name, record);
	err = env->record_member(env->ctx, record, bt->btf_id, e->field.name,
				 &t, &off);
	if (err == -ESRCH)
		return error_at(c, e->loc, "%s has no field '%s'", record,
				e->field.name);
	if (err == -ENOENT)
		return error_at(c, e->loc, "unknown type '%s'", record);
	if (err == -ENODATA)
		return error_at(c, e->loc,
				"cannot read field '%s' of '%s': the kernel "
				"has no BTF to describe it",
				e->field.name, record);
	if (err)
		return error_at(
			c, e->loc,
			"field '%s' of '%s' cannot be read (a bitfield, "
			"or a type sonde does not read yet)",
			e->field.name, record);
	t.user = bt->user;
	t.member_offset = off;
	*T(c, e) = t;
	return 0;
}

static int check_field(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr *base = e->field.base;
	const struct lang_type *bt;
	char d[64];
	char *end;
	unsigned long idx;
	int err;

	err = check_expr(c, base);
	if (err)
		return err;
	bt = T(c, base);
	if (is_unknown(bt)) {
		T(c, e)->kind = TYPE_UNKNOWN;
		return 0;
	}
	if (bt->kind == LANG_TYPE_CTX)
		return check_args_field(c, e);
	if (bt->kind == LANG_TYPE_TUPLE) {
		idx = strtoul(e->field.name, &end, 10);
		if (!isdigit((unsigned char)e->field.name[0]) || *end)
			return error_at(c, e->loc,
					"a tuple's items are named by number: "
					".0, .1, ...");
		if (idx >= bt->nr)
			return error_at(
				c, e->loc,
				"the tuple has %u items; .%lu is out of "
				"range",
				bt->nr, idx);
		*T(c, e) = *T(c, bt->tuple->tuple.items[idx]);
		return 0;
	}
	if (bt->kind == LANG_TYPE_NONE || bt->kind == LANG_TYPE_AGG)
		return not_a_value(c, base);
	if (bt->kind == LANG_TYPE_PTR || bt->kind == LANG_TYPE_RECORD)
		return check_member(c, e, bt);
	return error_at(c, e->loc, "%s has no field '%s'",
			describe(bt, d, sizeof(d)), e->field.name);
}

static int check_index(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr *base = e->index.base;
	const struct lang_type *bt;
	struct lang_type *t = T(c, e);
	char d[64];
	int64_t v;
	int err;

	err = check_value(c, base);
	if (!err)
		err = check_scalar(c, e->index.index, "an index");
	if (err)
		return err;
	bt = T(c, base);
	if (is_unknown(bt)) {
		t->kind = TYPE_UNKNOWN;
		return 0;
	}
	if (bt->kind == LANG_TYPE_ARRAY) {
		if (lang_expr__const_int(e->index.index, &v) &&
		    (v < 0 || (uint64_t)v >= bt->nr))
			return error_at(c, e->index.index->loc,
					"index %" PRId64 " is out of range: "
					"the array has %u elements",
					v, bt->nr);
		*t = type_int(bt->size, bt->is_signed);
		return 0;
	}
	if (bt->kind == LANG_TYPE_PTR) {
		if (pointee_type(bt, t))
			return error_at(
				c, e->loc,
				"cannot index a pointer to '%s' without "
				"its type information",
				bt->pointee);
		return 0;
	}
	return error_at(c, base->loc, "cannot index %s",
			describe(bt, d, sizeof(d)));
}

/* curtask and kaddr() are kernel addresses, even in user probes. */
static bool is_kernel_address(const struct lang_expr *e)
{
	return (e->kind == LANG_EXPR_BUILTIN && !strcmp(e->name, "curtask")) ||
	       (e->kind == LANG_EXPR_CALL && !strcmp(e->call.name, "kaddr"));
}

static int check_cast(struct checker *c, const struct lang_expr *e)
{
	const struct lang_type_name *tn = &e->cast.type;
	const struct lang_expr *o = e->cast.operand;
	struct lang_type *t = T(c, e);
	char d[64];
	unsigned int i;
	size_t n;
	int err;

	err = check_value(c, o);
	if (err)
		return err;
	if (tn->array_len)
		return error_at(c, e->loc,
				"casts to arrays are not supported "
				"yet");
	if (!is_unknown(T(c, o)) && !is_scalar(T(c, o)))
		return error_at(c, o->loc, "cannot cast %s to '%s%s'",
				describe(T(c, o), d, sizeof(d)), tn->name,
				tn->ptr ? " *" : "");
	if (tn->ptr) {
		*t = type_of_kind(LANG_TYPE_PTR);
		n = (size_t)snprintf(t->pointee, sizeof(t->pointee), "%s",
				     tn->name);
		for (i = 1; i < tn->ptr && n + 2 < sizeof(t->pointee); i++)
			n += (size_t)snprintf(t->pointee + n,
					      sizeof(t->pointee) - n, " *");
		t->user = T(c, o)->kind == LANG_TYPE_PTR ? T(c, o)->user
			  : is_kernel_address(o)	 ? false
							 : probe_is_user(c);
		return 0;
	}
	if (!int_type_by_name(tn->name, t))
		return error_at(c, e->loc, "cannot cast to '%s'", tn->name);
	return 0;
}

static int check_sizeof(struct checker *c, const struct lang_expr *e)
{
	const struct lang_type_name *tn = &e->size_of.type;
	struct lang_type t;
	char d[64];
	int err;

	/* sizeof(u8): a type name the parser could not tell from a name */
	if (e->size_of.operand &&
	    e->size_of.operand->kind == LANG_EXPR_BUILTIN &&
	    int_type_by_name(e->size_of.operand->name, &t)) {
		*T(c, e->size_of.operand) = t;
		*T(c, e) = type_int(8, false);
		return 0;
	}
	if (e->size_of.operand) {
		err = check_value(c, e->size_of.operand);
		if (err)
			return err;
		t = *T(c, e->size_of.operand);
		switch ((int)t.kind) {
		case LANG_TYPE_INT:
		case LANG_TYPE_STR:
		case LANG_TYPE_BUF:
		case TYPE_UNKNOWN:
			break;
		case LANG_TYPE_PTR:
			break;
		case LANG_TYPE_ARRAY:
			break;
		default:
			return error_at(c, e->loc, "sizeof cannot measure %s",
					describe(&t, d, sizeof(d)));
		}
	} else if (!tn->ptr && !int_type_by_name(tn->name, &t)) {
		return error_at(
			c, e->loc,
			"sizeof(%s): struct types are not supported yet",
			tn->name);
	}
	*T(c, e) = type_int(8, false);
	return 0;
}

static int check_tuple(struct checker *c, const struct lang_expr *e)
{
	struct lang_type *t = T(c, e);
	char d[64];
	size_t i;
	int err;

	if (e->tuple.nr > LANG_SEMA_MAX_KEYS)
		return error_at(c, e->loc, "a tuple has at most %d items",
				LANG_SEMA_MAX_KEYS);
	for (i = 0; i < e->tuple.nr; i++) {
		const struct lang_expr *it = e->tuple.items[i];

		err = check_value(c, it);
		if (err)
			return err;
		if (!is_unknown(T(c, it)) && !is_storable(T(c, it)))
			return error_at(c, it->loc,
					"%s cannot be part of a tuple",
					describe(T(c, it), d, sizeof(d)));
	}
	*t = type_of_kind(LANG_TYPE_TUPLE);
	t->nr = (unsigned int)e->tuple.nr;
	t->tuple = e;
	return 0;
}

static int check_positional(struct checker *c, const struct lang_expr *e)
{
	const struct lang_sema_env *env = c->env;
	const char *v;
	char *end;
	size_t len;

	if (e->kind == LANG_EXPR_POSITIONAL_COUNT || !env ||
	    e->integer > env->nr_positional || !env->positional) {
		*T(c, e) = type_int(8, true);
		return 0;
	}
	v = env->positional[e->integer - 1];
	if (*v) {
		errno = 0;
		strtoll(v, &end, 0);
		if (!*end && !errno) {
			*T(c, e) = type_int(8, true);
			return 0;
		}
	}
	len = strlen(v) + 1;
	*T(c, e) = type_str(len > c->str_max ? c->str_max : (unsigned int)len);
	T(c, e)->literal = true;
	return 0;
}

/* ---- calls ---- */

static int check_call(struct checker *c, const struct lang_expr *e);

static int check_expr(struct checker *c, const struct lang_expr *e)
{
	struct lang_sema_var *v;

	switch (e->kind) {
	case LANG_EXPR_INT:
		/* int64, as bpftrace's; what int64 cannot hold is uint64 */
		*T(c, e) = type_int(8, e->integer <= INT64_MAX);
		return 0;
	case LANG_EXPR_STR:
		*T(c, e) = type_str((unsigned int)(e->str.len + 1 > c->str_max
							   ? c->str_max
							   : e->str.len + 1));
		T(c, e)->literal = true;
		return 0;
	case LANG_EXPR_BUILTIN:
		return check_builtin(c, e);
	case LANG_EXPR_VAR:
		v = find_var(c, e->name);
		if (!v)
			return error_at(c, e->loc,
					"$%s is used before it is assigned",
					e->name);
		*T(c, e) = v->type;
		return 0;
	case LANG_EXPR_POSITIONAL:
	case LANG_EXPR_POSITIONAL_COUNT:
		return check_positional(c, e);
	case LANG_EXPR_MAP:
		return check_map_read(c, e);
	case LANG_EXPR_CALL:
		return check_call(c, e);
	case LANG_EXPR_UNARY:
		return check_unary(c, e);
	case LANG_EXPR_INCDEC:
		return check_incdec(c, e);
	case LANG_EXPR_BINARY:
		return check_binary(c, e);
	case LANG_EXPR_TERNARY:
		return check_ternary(c, e);
	case LANG_EXPR_FIELD:
		return check_field(c, e);
	case LANG_EXPR_INDEX:
		return check_index(c, e);
	case LANG_EXPR_CAST:
		return check_cast(c, e);
	case LANG_EXPR_TUPLE:
		return check_tuple(c, e);
	case LANG_EXPR_SIZEOF:
		return check_sizeof(c, e);
	}
	return error_at(c, e->loc, "unknown expression");
}

static const char *const call_names[] = {
	"printf", "print", "clear",   "zero",  "delete", "exit",   "time",
	"str",	  "buf",   "ksym",    "usym",  "kstack", "ustack", "count",
	"sum",	  "min",   "max",     "avg",   "stats",	 "hist",   "lhist",
	"signal", "join",  "strncmp", "kaddr", "uaddr",	 "reg",	   "cgroupid",
	"ntop",	  "bswap", "cat",
};

static bool spec_accepts(char conv, const struct lang_type *t)
{
	switch (conv) {
	case 's':
		switch ((int)t->kind) {
		case LANG_TYPE_STR:
		case LANG_TYPE_KSYM:
		case LANG_TYPE_USYM:
		case LANG_TYPE_USERNAME:
		case LANG_TYPE_PROBE:
		case LANG_TYPE_KSTACK:
		case LANG_TYPE_USTACK:
		case LANG_TYPE_INET:
			return true;
		default:
			return false;
		}
	case 'r':
		return t->kind == LANG_TYPE_BUF || t->kind == LANG_TYPE_STR;
	default:
		return is_scalar(t);
	}
}

static const char *spec_wants(char conv)
{
	switch (conv) {
	case 's':
		return "a string";
	case 'r':
		return "a buffer";
	case 'p':
		return "a pointer or an integer";
	default:
		return "an integer";
	}
}

static int check_printf(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr_list *args = &e->call.args;
	const char *fn = e->call.name;
	const struct lang_expr *fmt;
	struct lang_format_piece piece;
	const char *why;
	size_t nr_specs = 0, i, pos = 0;
	char spec[32], d[64];
	int err, r;

	if (!args->nr)
		return error_at(c, e->loc, "%s() needs a format string", fn);
	fmt = args->items[0];
	if (fmt->kind != LANG_EXPR_STR)
		return error_at(c, fmt->loc,
				"%s: the format must be a string literal", fn);
	err = check_expr(c, fmt);
	if (err)
		return err;
	for (i = 1; i < args->nr; i++) {
		err = check_value(c, args->items[i]);
		if (err)
			return err;
	}
	while ((r = lang_format__next(fmt->str.data, fmt->str.len, &pos, &piece,
				      &why)) != 0) {
		if (r < 0 && piece.conv)
			return error_at(c, fmt->loc, "%s: %s '%.*s'", fn, why,
					(int)piece.len, piece.text);
		if (r < 0)
			return error_at(c, fmt->loc,
					"%s: the format ends inside the "
					"specifier '%.*s'",
					fn, (int)piece.len, piece.text);
		if (!piece.is_spec)
			continue;
		snprintf(spec, sizeof(spec), "%.*s", (int)piece.len,
			 piece.text);
		nr_specs++;
		if (nr_specs < args->nr) {
			const struct lang_expr *a = args->items[nr_specs];

			if (!is_unknown(T(c, a)) &&
			    !spec_accepts(piece.conv, T(c, a)))
				return error_at(
					c, a->loc, "%s: %s expects %s, got %s",
					fn, spec, spec_wants(piece.conv),
					describe(T(c, a), d, sizeof(d)));
		}
	}
	if (nr_specs != args->nr - 1)
		return error_at(c, e->loc,
				"%s: the format has %zu specifier%s but "
				"%zu argument%s given",
				fn, nr_specs, nr_specs == 1 ? "" : "s",
				args->nr - 1,
				args->nr - 1 == 1 ? " is" : "s are");
	*T(c, e) = type_of_kind(LANG_TYPE_NONE);
	return 0;
}

static int nargs(struct checker *c, const struct lang_expr *e, size_t min,
		 size_t max, const char *usage)
{
	size_t nr = e->call.args.nr;

	if (nr >= min && nr <= max)
		return 0;
	return error_at(c, e->loc, "%s", usage);
}

/* Checks a map argument of print/clear/zero/delete. */
static int check_map_arg(struct checker *c, const struct lang_expr *call,
			 const struct lang_expr *m, bool keys)
{
	struct lang_sema_map *map;
	size_t i;
	int err;

	if (m->kind != LANG_EXPR_MAP)
		return error_at(c, m->loc, "%s() takes a map", call->call.name);
	if (!keys && m->map.keys.nr)
		return error_at(c, m->loc,
				"%s() takes a whole map: @%s, without keys",
				call->call.name, m->map.name);
	if (!keys) {
		/* a whole map: its keys are whatever its other uses say */
		const struct lang_sema_map *h = find_map(c->s, m->map.name);

		if (!h || !h->has_value)
			h = lang_sema__find_map(c->hints, m->map.name);
		if (!h || !h->has_value) {
			if (c->lenient) {
				T(c, m)->kind = TYPE_UNKNOWN;
				return 0;
			}
			return error_at(c, m->loc, "map @%s is never assigned",
					m->map.name);
		}
		*T(c, m) = h->value;
		return 0;
	}
	for (i = 0; i < m->map.keys.nr; i++) {
		err = check_value(c, m->map.keys.items[i]);
		if (err)
			return err;
	}
	err = use_map(c, m, &map);
	if (err)
		return err;
	*T(c, m) = map->has_value ? map->value : type_of_kind(LANG_TYPE_NONE);
	return 0;
}

static int check_const_arg(struct checker *c, const struct lang_expr *a,
			   const char *what, int64_t *v)
{
	int err = check_value(c, a);

	if (err)
		return err;
	if (!lang_expr__const_int(a, v))
		return error_at(c, a->loc, "%s must be a constant", what);
	return 0;
}

static int check_stack_call(struct checker *c, const struct lang_expr *e,
			    enum lang_type_kind kind)
{
	const struct lang_expr_list *args = &e->call.args;
	const char *fn = e->call.name;
	unsigned int depth = LANG_STACK_DEPTH_DEFAULT;
	enum lang_stack_mode mode = LANG_STACK_BPFTRACE;
	size_t i = 0;
	int64_t v;

	if (args->nr > 2)
		return error_at(c, e->loc,
				"%s() takes at most a mode and a "
				"depth",
				fn);
	if (i < args->nr && args->items[i]->kind == LANG_EXPR_BUILTIN) {
		const char *m = args->items[i]->name;

		if (strcmp(m, "bpftrace") && strcmp(m, "perf") &&
		    strcmp(m, "raw"))
			return error_at(c, args->items[i]->loc,
					"%s: unknown mode '%s' (bpftrace, perf "
					"or raw)",
					fn, m);
		T(c, args->items[i])->kind = LANG_TYPE_NONE;
		if (!strcmp(m, "perf"))
			mode = LANG_STACK_PERF;
		else if (!strcmp(m, "raw"))
			mode = LANG_STACK_RAW;
		i++;
	}
	if (i < args->nr) {
		if (!lang_expr__const_int(args->items[i], &v) || v < 1 ||
		    v > LANG_STACK_DEPTH_MAX)
			return error_at(
				c, args->items[i]->loc,
				"%s: the depth must be a constant from 1 "
				"to %d",
				fn, LANG_STACK_DEPTH_MAX);
		*T(c, args->items[i]) = type_int(8, true);
		depth = (unsigned int)v;
		i++;
	}
	if (i < args->nr)
		return error_at(c, args->items[i]->loc,
				"%s: the mode comes before the depth", fn);
	*T(c, e) = type_stack(kind, depth);
	T(c, e)->stack_mode = mode;
	return 0;
}

static int check_agg(struct checker *c, const struct lang_expr *e,
		     enum lang_agg agg)
{
	const struct lang_expr_list *args = &e->call.args;
	const char *fn = e->call.name;
	struct lang_type *t = T(c, e);
	int64_t lo, hi, step;
	char usage[96];
	int err;

	*t = type_of_kind(LANG_TYPE_AGG);
	t->agg = agg;
	switch (agg) {
	case LANG_AGG_COUNT:
		return nargs(c, e, 0, 0, "count() takes no arguments");
	case LANG_AGG_HIST:
		err = nargs(c, e, 1, 1, "hist() takes one integer argument");
		if (err)
			return err;
		break;
	case LANG_AGG_LHIST:
		err = nargs(c, e, 4, 4,
			    "lhist() takes a value, a minimum, a "
			    "maximum and a step");
		if (err)
			return err;
		break;
	default:
		snprintf(usage, sizeof(usage),
			 "%s() takes one integer argument", fn);
		err = nargs(c, e, 1, 1, usage);
		if (err)
			return err;
		break;
	}
	snprintf(usage, sizeof(usage), "%s: the value", fn);
	err = check_scalar(c, args->items[0], usage);
	if (err)
		return err;
	/* sum() and the like print signed when their values are. */
	t->is_signed = T(c, args->items[0])->is_signed;
	if (agg == LANG_AGG_LHIST) {
		err = check_const_arg(c, args->items[1], "lhist: the minimum",
				      &lo);
		if (!err)
			err = check_const_arg(c, args->items[2],
					      "lhist: the maximum", &hi);
		if (err)
			return err;
		err = check_value(c, args->items[3]);
		if (err)
			return err;
		if (!lang_expr__const_int(args->items[3], &step) || step <= 0)
			return error_at(c, args->items[3]->loc,
					"lhist: the step must be a positive "
					"constant");
		if (hi <= lo)
			return error_at(c, args->items[2]->loc,
					"lhist: the maximum must be greater "
					"than the minimum");
		if ((hi - lo) / step > 1000)
			return error_at(c, args->items[3]->loc,
					"lhist: more than 1000 buckets");
		t->lhist_min = lo;
		t->lhist_max = hi;
		t->lhist_step = step;
	}
	return 0;
}

static int check_call(struct checker *c, const struct lang_expr *e)
{
	const struct lang_expr_list *args = &e->call.args;
	const char *fn = e->call.name;
	struct lang_type *t = T(c, e);
	const struct lang_type *at;
	const char *hint;
	char d[64];
	int64_t v;
	size_t i;
	int err;

	*t = type_of_kind(LANG_TYPE_NONE);
	if (!strcmp(fn, "printf") || !strcmp(fn, "cat"))
		return check_printf(c, e);
	if (!strcmp(fn, "count"))
		return check_agg(c, e, LANG_AGG_COUNT);
	if (!strcmp(fn, "sum"))
		return check_agg(c, e, LANG_AGG_SUM);
	if (!strcmp(fn, "min"))
		return check_agg(c, e, LANG_AGG_MIN);
	if (!strcmp(fn, "max"))
		return check_agg(c, e, LANG_AGG_MAX);
	if (!strcmp(fn, "avg"))
		return check_agg(c, e, LANG_AGG_AVG);
	if (!strcmp(fn, "stats"))
		return check_agg(c, e, LANG_AGG_STATS);
	if (!strcmp(fn, "hist"))
		return check_agg(c, e, LANG_AGG_HIST);
	if (!strcmp(fn, "lhist"))
		return check_agg(c, e, LANG_AGG_LHIST);
	if (!strcmp(fn, "kstack"))
		return check_stack_call(c, e, LANG_TYPE_KSTACK);
	if (!strcmp(fn, "ustack"))
		return check_stack_call(c, e, LANG_TYPE_USTACK);
	if (!strcmp(fn, "print")) {
		err = nargs(c, e, 1, 3,
			    "print() takes a map and an optional "
			    "top and divisor, or one value");
		if (err)
			return err;
		if (args->items[0]->kind == LANG_EXPR_MAP &&
		    !args->items[0]->map.keys.nr) {
			err = check_map_arg(c, e, args->items[0], false);
		} else {
			if (args->nr > 1)
				return error_at(c, e->loc,
						"print() of a value takes no "
						"other argument");
			err = check_value(c, args->items[0]);
		}
		for (i = 1; !err && i < args->nr; i++) {
			err = check_value(c, args->items[i]);
			if (!err && !lang_expr__const_int(args->items[i], &v))
				err = error_at(
					c, args->items[i]->loc,
					"print: the top and divisor must "
					"be constants");
		}
		return err;
	}
	if (!strcmp(fn, "clear") || !strcmp(fn, "zero")) {
		err = nargs(c, e, 1, 1,
			    !strcmp(fn, "clear")
				    ? "clear() takes one map: clear(@m)"
				    : "zero() takes one map: zero(@m)");
		return err ? err : check_map_arg(c, e, args->items[0], false);
	}
	if (!strcmp(fn, "delete")) {
		err = nargs(c, e, 1, 1,
			    "delete() takes one map element: "
			    "delete(@m[key])");
		return err ? err : check_map_arg(c, e, args->items[0], true);
	}
	if (!strcmp(fn, "exit")) {
		err = nargs(c, e, 0, 1, "exit() takes at most an exit code");
		if (!err && args->nr)
			err = check_scalar(c, args->items[0], "exit: the code");
		return err;
	}
	if (!strcmp(fn, "time")) {
		err = nargs(c, e, 0, 1, "time() takes at most a format");
		if (!err && args->nr && args->items[0]->kind != LANG_EXPR_STR)
			return error_at(c, args->items[0]->loc,
					"time: the format must be a string "
					"literal");
		return err || !args->nr ? err : check_expr(c, args->items[0]);
	}
	if (!strcmp(fn, "signal")) {
		err = nargs(c, e, 1, 1, "signal() takes one signal");
		if (err)
			return err;
		if (args->items[0]->kind == LANG_EXPR_STR)
			return check_expr(c, args->items[0]);
		return check_scalar(c, args->items[0], "signal: the signal");
	}
	if (!strcmp(fn, "str")) {
		err = nargs(c, e, 1, 2,
			    "str() takes a pointer and an optional "
			    "length");
		if (!err)
			err = check_value(c, args->items[0]);
		if (err)
			return err;
		at = T(c, args->items[0]);
		if (!is_unknown(at) && !is_scalar(at) && !is_stringy(at))
			return error_at(c, args->items[0]->loc,
					"str: the argument must be a pointer, "
					"got %s",
					describe(at, d, sizeof(d)));
		*t = type_str(c->str_max);
		if (args->nr == 2) {
			err = check_scalar(c, args->items[1],
					   "str: the length");
			if (err)
				return err;
			if (lang_expr__const_int(args->items[1], &v)) {
				if (v < 1)
					return error_at(
						c, args->items[1]->loc,
						"str: the length must be "
						"positive");
				if ((uint64_t)v < c->str_max)
					t->size = (unsigned int)v;
			}
		}
		return 0;
	}
	if (!strcmp(fn, "buf")) {
		err = nargs(c, e, 1, 2, "buf() takes a pointer and a length");
		if (!err)
			err = check_value(c, args->items[0]);
		if (err)
			return err;
		at = T(c, args->items[0]);
		*t = type_of_kind(LANG_TYPE_BUF);
		t->size = c->str_max;
		if (args->nr == 1) {
			if (at->kind == LANG_TYPE_ARRAY) {
				t->size = at->nr * at->size;
				if (t->size > c->str_max)
					t->size = c->str_max;
				return 0;
			}
			return error_at(c, e->loc,
					"buf: the length is needed unless the "
					"data is an array");
		}
		if (!is_unknown(at) && !is_scalar(at) &&
		    at->kind != LANG_TYPE_ARRAY)
			return error_at(c, args->items[0]->loc,
					"buf: the data must be a pointer or an "
					"array, got %s",
					describe(at, d, sizeof(d)));
		err = check_scalar(c, args->items[1], "buf: the length");
		if (err)
			return err;
		if (lang_expr__const_int(args->items[1], &v)) {
			if (v < 1)
				return error_at(c, args->items[1]->loc,
						"buf: the length must be "
						"positive");
			if ((uint64_t)v < c->str_max)
				t->size = (unsigned int)v;
		}
		return 0;
	}
	if (!strcmp(fn, "ksym") || !strcmp(fn, "usym")) {
		err = nargs(c, e, 1, 1,
			    !strcmp(fn, "ksym") ? "ksym() takes one address"
						: "usym() takes one address");
		if (!err)
			err = check_scalar(c, args->items[0], "the address");
		if (err)
			return err;
		*t = type_of_kind(fn[0] == 'k' ? LANG_TYPE_KSYM
					       : LANG_TYPE_USYM);
		return 0;
	}
	if (!strcmp(fn, "ntop")) {
		err = nargs(c, e, 1, 2,
			    "ntop() takes an address, or a family and an "
			    "address");
		for (i = 0; !err && i < args->nr; i++)
			err = check_value(c, args->items[i]);
		if (err)
			return err;
		at = T(c, args->items[args->nr - 1]);
		if (!is_unknown(at) && at->kind != LANG_TYPE_INT &&
		    !(at->kind == LANG_TYPE_ARRAY && at->size == 1 &&
		      (at->nr == 4 || at->nr == 16)) &&
		    !(at->kind == LANG_TYPE_STR && !at->literal &&
		      (at->size == 4 || at->size == 16)))
			return error_at(c, args->items[args->nr - 1]->loc,
					"ntop: the address must be an integer "
					"or 4 or 16 bytes, got %s",
					describe(at, d, sizeof(d)));
		if (args->nr == 2) {
			err = check_scalar(c, args->items[0],
					   "ntop: the address family");
			if (err)
				return err;
		}
		*t = type_of_kind(LANG_TYPE_INET);
		return 0;
	}
	if (!strcmp(fn, "bswap")) {
		err = nargs(c, e, 1, 1, "bswap() takes one integer");
		if (!err)
			err = check_scalar(c, args->items[0],
					   "bswap: the value");
		if (err)
			return err;
		*t = *T(c, args->items[0]);
		if (t->kind != LANG_TYPE_INT)
			*t = type_int(8, false);
		return 0;
	}
	if (!strcmp(fn, "join")) {
		err = nargs(c, e, 1, 2,
			    "join() takes an array of strings and "
			    "an optional delimiter");
		if (!err)
			err = check_scalar(c, args->items[0],
					   "join: the array");
		if (err)
			return err;
		if (args->nr == 2) {
			if (args->items[1]->kind != LANG_EXPR_STR)
				return error_at(c, args->items[1]->loc,
						"join: the delimiter must be a "
						"string literal");
			return check_expr(c, args->items[1]);
		}
		return 0;
	}
	if (!strcmp(fn, "kaddr") || !strcmp(fn, "uaddr") ||
	    !strcmp(fn, "reg") || !strcmp(fn, "cgroupid")) {
		/* one name as a string literal, an address or id out */
		if (args->nr != 1 || args->items[0]->kind != LANG_EXPR_STR)
			return error_at(
				c, e->loc,
				"%s() takes one name as a string literal", fn);
		err = check_expr(c, args->items[0]);
		if (err)
			return err;
		if (!strcmp(fn, "uaddr") && !probe_has(c, USER_PROBES))
			return error_at(c, e->loc,
					"uaddr() is only available in uprobe "
					"and usdt probes");
		*t = type_int(8, false);
		return 0;
	}
	if (!strcmp(fn, "strncmp")) {
		err = nargs(c, e, 3, 3,
			    "strncmp() takes two strings and a "
			    "length");
		for (i = 0; !err && i < 2; i++) {
			err = check_value(c, args->items[i]);
			if (!err && !is_unknown(T(c, args->items[i])) &&
			    !is_stringy(T(c, args->items[i])))
				err = error_at(c, args->items[i]->loc,
					       "strncmp: expects a string, got "
					       "%s",
					       describe(T(c, args->items[i]), d,
							sizeof(d)));
		}
		if (!err)
			err = check_const_arg(c, args->items[2],
					      "strncmp: the length", &v);
		if (err)
			return err;
		*t = type_int(8, true);
		return 0;
	}
	hint = closest(fn, call_names,
		       sizeof(call_names) / sizeof(call_names[0]));
	if (hint)
		return error_at(c, e->loc,
				"unknown function '%s'; did you mean '%s'?", fn,
				hint);
	return error_at(c, e->loc, "unknown function '%s'", fn);
}

/* ---- statements ---- */

static int check_block(struct checker *c, const struct lang_block *b);

static int check_assign(struct checker *c, const struct lang_stmt *s)
{
	const struct lang_expr *target = s->assign.target;
	const struct lang_expr *value = s->assign.value;
	struct lang_sema_map *m;
	struct lang_sema_var *v;
	struct lang_type vt;
	char a[64], b[64];
	size_t i;
	int err;

	err = check_expr(c, value);
	if (err)
		return err;
	vt = *T(c, value);
	if (vt.kind == LANG_TYPE_AGG &&
	    (target->kind != LANG_EXPR_MAP || s->assign.op != LANG_OP_NONE))
		return error_at(
			c, value->loc,
			"%s() can only be assigned to a map: @m = %s(...)",
			lang_agg__name(vt.agg), lang_agg__name(vt.agg));
	if (vt.kind == LANG_TYPE_NONE || vt.kind == LANG_TYPE_CTX)
		return not_a_value(c, value);
	if (vt.kind == LANG_TYPE_ARRAY)
		return error_at(c, value->loc,
				"an array cannot be stored; index it or read "
				"it with buf()");
	if (vt.kind != LANG_TYPE_AGG && !is_unknown(&vt) && !is_storable(&vt))
		return error_at(c, value->loc, "%s cannot be stored",
				describe(&vt, a, sizeof(a)));
	if (s->assign.op != LANG_OP_NONE && !is_unknown(&vt) && !is_scalar(&vt))
		return error_at(c, value->loc, "%s= needs an integer, got %s",
				lang_op__str(s->assign.op),
				describe(&vt, a, sizeof(a)));

	if (target->kind == LANG_EXPR_VAR) {
		v = find_var(c, target->name);
		if (s->assign.op != LANG_OP_NONE) {
			if (!v)
				return error_at(c, target->loc,
						"$%s is used before it is "
						"assigned",
						target->name);
			if (!is_unknown(&v->type) &&
			    v->type.kind != LANG_TYPE_INT)
				return error_at(
					c, target->loc,
					"%s= needs an integer, $%s "
					"holds %s",
					lang_op__str(s->assign.op),
					target->name,
					describe(&v->type, a, sizeof(a)));
		} else if (!v) {
			err = add_var(c, target, &vt, &v);
			if (err)
				return err;
		} else if (!(v->type.kind == LANG_TYPE_INT &&
			     vt.kind == LANG_TYPE_INT) &&
			   !types_agree(c, &v->type, &vt)) {
			return error_at(
				c, value->loc,
				"$%s holds %s and cannot be assigned %s",
				target->name, describe(&v->type, a, sizeof(a)),
				describe(&vt, b, sizeof(b)));
		}
		*T(c, target) = v->type;
		return 0;
	}
	if (target->kind != LANG_EXPR_MAP)
		return error_at(c, target->loc,
				"only a variable or a map can be assigned");
	for (i = 0; i < target->map.keys.nr; i++) {
		err = check_value(c, target->map.keys.items[i]);
		if (err)
			return err;
	}
	err = use_map(c, target, &m);
	if (err)
		return err;
	if (s->assign.op != LANG_OP_NONE) {
		if (m->has_value && m->value.kind != LANG_TYPE_INT)
			return error_at(
				c, target->loc,
				"%s= needs an integer, map @%s holds %s",
				lang_op__str(s->assign.op), target->map.name,
				describe(&m->value, a, sizeof(a)));
		vt = type_int(8, true);
	}
	if (is_unknown(&vt)) {
		*T(c, target) = vt;
		return 0;
	}
	err = map_value(c, m, vt, value->loc);
	if (err)
		return err;
	*T(c, target) = m->value;
	return 0;
}

static int check_stmt(struct checker *c, const struct lang_stmt *s)
{
	int err;

	switch (s->kind) {
	case LANG_STMT_EXPR:
		err = check_expr(c, s->expr);
		if (!err && T(c, s->expr)->kind == LANG_TYPE_AGG)
			return not_a_value(c, s->expr);
		return err;
	case LANG_STMT_ASSIGN:
		return check_assign(c, s);
	case LANG_STMT_IF:
		err = check_scalar(c, s->if_stmt.cond, "a condition");
		if (!err)
			err = check_block(c, &s->if_stmt.then);
		if (!err && s->if_stmt.has_else)
			err = check_block(c, &s->if_stmt.otherwise);
		return err;
	case LANG_STMT_UNROLL:
		if (s->unroll.count < 1 || s->unroll.count > LANG_UNROLL_MAX)
			return error_at(
				c, s->unroll.count_loc,
				"unroll: the count must be from 1 to %d",
				LANG_UNROLL_MAX);
		return check_block(c, &s->unroll.body);
	case LANG_STMT_WHILE:
		err = check_scalar(c, s->while_stmt.cond, "a condition");
		if (err)
			return err;
		c->loops++;
		err = check_block(c, &s->while_stmt.body);
		c->loops--;
		return err;
	case LANG_STMT_RETURN:
		return s->expr ? check_value(c, s->expr) : 0;
	case LANG_STMT_BREAK:
	case LANG_STMT_CONTINUE:
		if (!c->loops)
			return error_at(c, s->loc, "%s outside a loop",
					s->kind == LANG_STMT_BREAK
						? "break"
						: "continue");
		return 0;
	}
	return 0;
}

static int check_block(struct checker *c, const struct lang_block *b)
{
	size_t i;
	int err;

	for (i = 0; i < b->nr; i++) {
		err = check_stmt(c, b->items[i]);
		/* the first walk goes on: later maps are worth learning */
		if (err && (!c->lenient || err == -ENOMEM))
			return err;
	}
	return 0;
}

static int check_probe(struct checker *c, size_t idx)
{
	int err = 0;

	c->probe_idx = idx;
	c->probe = c->prog->probes[idx];
	c->loops = 0;
	c->fmts = NULL;
	c->nr_fmts = c->cap_fmts = 0;
	c->fmts_loaded = false;
	c->fmt_err = 0;
	if (c->probe->pred)
		err = check_scalar(c, c->probe->pred, "a predicate");
	if (!err || (c->lenient && err != -ENOMEM))
		err = check_block(c, &c->probe->body);
	free(c->fmts);
	c->fmts = NULL;
	return err;
}

static struct lang_sema *sema_new(const struct lang_program *prog)
{
	struct lang_sema *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->nr_types = prog->nr_exprs;
	s->types =
		calloc(prog->nr_exprs ? prog->nr_exprs : 1, sizeof(*s->types));
	if (!s->types) {
		free(s);
		return NULL;
	}
	return s;
}

static int walk(struct checker *c)
{
	size_t i;
	int err;

	for (i = 0; i < c->prog->nr_probes; i++) {
		err = check_probe(c, i);
		if (err && (!c->lenient || err == -ENOMEM))
			return err;
	}
	return 0;
}

int lang_sema__check(const struct lang_program *prog,
		     const struct lang_sema_env *env, struct lang_sema **out,
		     struct lang_diag *diag)
{
	struct lang_sema *first = NULL, *s = NULL;
	struct lang_diag scratch;
	struct checker c;
	char file[LANG_DIAG_FILE_MAX];
	int err;

	*out = NULL;
	/* keep a file name the caller (or the parser) put in diag */
	snprintf(file, sizeof(file), "%s",
		 env && env->filename ? env->filename : diag->file);
	memset(&c, 0, sizeof(c));
	c.prog = prog;
	c.env = env;
	c.file = file[0] ? file : NULL;
	c.str_max = env && env->str_max ? env->str_max : LANG_STR_MAX_DEFAULT;

	err = lang_macros__read(prog, env && env->have_btf,
				env ? env->include_dirs : NULL, &c.macros);
	if (err)
		return err;
	/* first walk: learn map value types */
	first = sema_new(prog);
	if (!first) {
		lang_macros__free(c.macros);
		return -ENOMEM;
	}
	lang_diag__init(&scratch);
	c.s = first;
	c.diag = &scratch;
	c.lenient = true;
	err = walk(&c);
	if (err == -ENOMEM)
		goto out;

	s = sema_new(prog);
	if (!s) {
		err = -ENOMEM;
		goto out;
	}
	c.s = s;
	c.hints = first;
	c.diag = diag;
	c.lenient = false;
	err = walk(&c);
	if (!err) {
		s->macros = c.macros;
		c.macros = NULL;
		*out = s;
	} else {
		lang_sema__free(s);
	}
out:
	lang_macros__free(c.macros);
	lang_sema__free(first);
	return err;
}

/* ---- the system's environment ---- */

static int system_tracepoint_format(void *ctx, const char *category,
				    const char *name,
				    struct tracefs_format *fmt)
{
	return tracefs__read_format(category, name, fmt);
}

static int system_usdt_nr_args(void *ctx, const char *path,
			       const char *provider, const char *name,
			       unsigned int *nr)
{
	struct usdt_arg args[USDT_MAX_ARGS];
	const struct usdt_probe *p = NULL;
	struct usdt_probe *probes = NULL;
	size_t n = 0, i, nr_args = 0, bad;
	char file[PATH_MAX];
	int err;

	if (!path)
		return -EINVAL;
	err = elf_file__find(path, file, sizeof(file));
	if (!err)
		err = usdt__read(file, &probes, &n);
	if (err)
		return err;
	for (i = 0; i < n && !p; i++)
		if (!strcmp(probes[i].name, name) &&
		    (!provider || !strcmp(probes[i].provider, provider)))
			p = &probes[i];
	if (!p) {
		err = -ENOENT;
	} else {
		err = usdt_args__parse(p->args, args, &nr_args, &bad);
		if (!err)
			*nr = (unsigned int)nr_args;
	}
	usdt__free(probes);
	return err;
}

struct system_glob {
	const char *category, *name;
	int (*cb)(void *arg, const char *category, const char *name);
	void *arg;
};

static int system_glob_cb(const char *category, const char *name, void *ctx)
{
	struct system_glob *g = ctx;

	if (fnmatch(g->category, category, 0) || fnmatch(g->name, name, 0))
		return 0;
	return g->cb(g->arg, category, name);
}

static int system_tracepoint_glob(
	void *ctx, const char *category, const char *name,
	int (*cb)(void *arg, const char *category, const char *name), void *arg)
{
	struct system_glob g = {category, name, cb, arg};

	return tracefs__for_each_event(system_glob_cb, &g);
}

static int system_record_member(void *ctx, const char *record, uint32_t btf_id,
				const char *member, struct lang_type *type,
				uint32_t *offset)
{
	return ktypes__member(record, btf_id, member, type, offset);
}

static int system_enum_value(void *ctx, const char *name, int64_t *value)
{
	return ktypes__enum_value(name, value);
}

void lang_sema_env__init_system(struct lang_sema_env *env)
{
	memset(env, 0, sizeof(*env));
	env->tracepoint_format = system_tracepoint_format;
	env->tracepoint_glob = system_tracepoint_glob;
	env->usdt_nr_args = system_usdt_nr_args;
	static const char *const include_dirs[] = {
#if defined(__x86_64__)
		"/usr/include/x86_64-linux-gnu",
#elif defined(__aarch64__)
		"/usr/include/aarch64-linux-gnu",
#endif
		"/usr/local/include",
		"/usr/include",
		NULL,
	};

	env->record_member = system_record_member;
	env->enum_value = system_enum_value;
	env->include_dirs = include_dirs;
	env->have_btf = !access("/sys/kernel/btf/vmlinux", R_OK);
}

/* ---- dump ---- */

static int dump_expr(struct strbuf *sb, const struct lang_sema *s,
		     const struct lang_expr *e);

static int dump_list(struct strbuf *sb, const struct lang_sema *s,
		     const struct lang_expr_list *l)
{
	size_t i;
	int err;

	for (i = 0; i < l->nr; i++) {
		err = dump_expr(sb, s, l->items[i]);
		if (err)
			return err;
	}
	return 0;
}

static int dump_expr(struct strbuf *sb, const struct lang_sema *s,
		     const struct lang_expr *e)
{
	char name[160];
	int err;

	if (!e)
		return 0;
	err = strbuf__addf(sb, "  %u:%u %s", e->loc.line, e->loc.col,
			   lang_expr_kind__name(e->kind));
	switch (e->kind) {
	case LANG_EXPR_INT:
		if (!err)
			err = strbuf__addf(sb, " %" PRIu64, e->integer);
		break;
	case LANG_EXPR_BUILTIN:
		if (!err)
			err = strbuf__addf(sb, " %s", e->name);
		break;
	case LANG_EXPR_VAR:
		if (!err)
			err = strbuf__addf(sb, " $%s", e->name);
		break;
	case LANG_EXPR_POSITIONAL:
		if (!err)
			err = strbuf__addf(sb, " $%" PRIu64, e->integer);
		break;
	case LANG_EXPR_MAP:
		if (!err)
			err = strbuf__addf(sb, " @%s", e->map.name);
		break;
	case LANG_EXPR_CALL:
		if (!err)
			err = strbuf__addf(sb, " %s", e->call.name);
		break;
	case LANG_EXPR_UNARY:
	case LANG_EXPR_INCDEC:
		if (!err)
			err = strbuf__addf(sb, " %s",
					   lang_op__str(e->unary.op));
		break;
	case LANG_EXPR_BINARY:
		if (!err)
			err = strbuf__addf(sb, " %s",
					   lang_op__str(e->binary.op));
		break;
	case LANG_EXPR_FIELD:
		if (!err)
			err = strbuf__addf(sb, " %s%s",
					   e->field.arrow ? "->" : ".",
					   e->field.name);
		break;
	default:
		break;
	}
	if (!err)
		err = strbuf__addf(sb, ": %s\n",
				   lang_type__name(lang_sema__type(s, e->id),
						   name, sizeof(name)));
	if (err)
		return err;
	switch (e->kind) {
	case LANG_EXPR_MAP:
		return dump_list(sb, s, &e->map.keys);
	case LANG_EXPR_CALL:
		return dump_list(sb, s, &e->call.args);
	case LANG_EXPR_UNARY:
	case LANG_EXPR_INCDEC:
		return dump_expr(sb, s, e->unary.operand);
	case LANG_EXPR_BINARY:
		err = dump_expr(sb, s, e->binary.left);
		return err ? err : dump_expr(sb, s, e->binary.right);
	case LANG_EXPR_TERNARY:
		err = dump_expr(sb, s, e->ternary.cond);
		if (!err)
			err = dump_expr(sb, s, e->ternary.then);
		return err ? err : dump_expr(sb, s, e->ternary.otherwise);
	case LANG_EXPR_FIELD:
		return dump_expr(sb, s, e->field.base);
	case LANG_EXPR_INDEX:
		err = dump_expr(sb, s, e->index.base);
		return err ? err : dump_expr(sb, s, e->index.index);
	case LANG_EXPR_CAST:
		return dump_expr(sb, s, e->cast.operand);
	case LANG_EXPR_TUPLE:
		return dump_list(sb, s, &e->tuple);
	case LANG_EXPR_SIZEOF:
		return dump_expr(sb, s, e->size_of.operand);
	default:
		return 0;
	}
}

static int dump_block(struct strbuf *sb, const struct lang_sema *s,
		      const struct lang_block *b)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < b->nr; i++) {
		const struct lang_stmt *st = b->items[i];

		switch (st->kind) {
		case LANG_STMT_EXPR:
		case LANG_STMT_RETURN:
			err = dump_expr(sb, s, st->expr);
			break;
		case LANG_STMT_ASSIGN:
			err = dump_expr(sb, s, st->assign.target);
			if (!err)
				err = dump_expr(sb, s, st->assign.value);
			break;
		case LANG_STMT_IF:
			err = dump_expr(sb, s, st->if_stmt.cond);
			if (!err)
				err = dump_block(sb, s, &st->if_stmt.then);
			if (!err)
				err = dump_block(sb, s, &st->if_stmt.otherwise);
			break;
		case LANG_STMT_UNROLL:
			err = dump_block(sb, s, &st->unroll.body);
			break;
		case LANG_STMT_WHILE:
			err = dump_expr(sb, s, st->while_stmt.cond);
			if (!err)
				err = dump_block(sb, s, &st->while_stmt.body);
			break;
		default:
			break;
		}
	}
	return err;
}

int lang_sema__dump(struct strbuf *sb, const struct lang_program *prog,
		    const struct lang_sema *s)
{
	char name[160];
	size_t i, k;
	int err;

	err = strbuf__addf(sb, "types\n");
	for (i = 0; !err && i < prog->nr_probes; i++) {
		err = dump_expr(sb, s, prog->probes[i]->pred);
		if (!err)
			err = dump_block(sb, s, &prog->probes[i]->body);
	}
	if (!err && s->nr_maps)
		err = strbuf__addf(sb, "maps\n");
	for (i = 0; !err && i < s->nr_maps; i++) {
		const struct lang_sema_map *m = &s->maps[i];

		err = strbuf__addf(sb, "  @%s", m->name);
		for (k = 0; !err && k < m->nr_keys; k++)
			err = strbuf__addf(sb, "%s%s", k ? ", " : "[",
					   lang_type__name(&m->keys[k], name,
							   sizeof(name)));
		if (!err && m->nr_keys)
			err = strbuf__addc(sb, ']');
		if (!err)
			err = strbuf__addf(
				sb, ": %s\n",
				m->has_value ? lang_type__name(&m->value, name,
							       sizeof(name))
					     : "(no value)");
	}
	if (!err && s->nr_vars)
		err = strbuf__addf(sb, "vars\n");
	for (i = 0; !err && i < s->nr_vars; i++)
		err = strbuf__addf(
			sb, "  probe %zu $%s: %s\n", s->vars[i].probe,
			s->vars[i].name,
			lang_type__name(&s->vars[i].type, name, sizeof(name)));
	return err;
}
