// SPDX-License-Identifier: GPL-2.0
#include "sym/symtab.h"

#include "sym/demangle.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096ULL

/*
 * How far back a lookup that lands past its nearest symbol's end looks
 * for an enclosing one (a sized function holding a smaller symbol).
 * Real nesting is shallow; the bound keeps a miss cheap.
 */
#define ENCLOSING_SCAN 16

struct symtab_cand {
	uint64_t start;
	uint64_t size;
	uint32_t name;
	uint32_t mod;
	uint8_t bind;
	uint8_t kind;
	uint32_t order; /* position in the table read */
};

void symtab__init(struct symtab *t, enum symtab_flavour flavour)
{
	memset(t, 0, sizeof(*t));
	t->flavour = flavour;
}

void symtab__release(struct symtab *t)
{
	if (!t)
		return;
	if (t->demangled) {
		for (size_t i = 0; i < t->nr; i++)
			if (t->demangled[i] &&
			    t->demangled[i] != t->pool + t->ents[i].name)
				free(t->demangled[i]);
		free(t->demangled);
	}
	free(t->starts);
	free(t->ents);
	free(t->spans);
	free(t->pool);
	free(t->cands);
	memset(t, 0, sizeof(*t));
}

int symtab__intern(struct symtab *t, const char *s, size_t len, uint32_t *off)
{
	/* Offsets are 32-bit, and 0 in ent.mod means "none" (hence -2). */
	if (len > UINT32_MAX - 2 || t->pool_len > UINT32_MAX - 2 - len)
		return -E2BIG;
	if (t->pool_len + len + 1 > t->pool_cap) {
		size_t cap = t->pool_cap ? t->pool_cap : 4096;
		char *p;

		while (cap < t->pool_len + len + 1)
			cap *= 2;
		p = realloc(t->pool, cap);
		if (!p)
			return -ENOMEM;
		t->pool = p;
		t->pool_cap = cap;
	}
	memcpy(t->pool + t->pool_len, s, len);
	t->pool[t->pool_len + len] = '\0';
	*off = (uint32_t)t->pool_len;
	t->pool_len += len + 1;
	return 0;
}

int symtab__add(struct symtab *t, uint64_t start, uint64_t size, uint32_t name,
		uint32_t mod, enum symtab_bind bind, enum symtab_kind kind)
{
	if (t->nr_cands == t->cap_cands) {
		size_t cap = t->cap_cands ? t->cap_cands * 2 : 1024;
		struct symtab_cand *c = realloc(t->cands, cap * sizeof(*c));

		if (!c)
			return -ENOMEM;
		t->cands = c;
		t->cap_cands = cap;
	}
	t->cands[t->nr_cands] = (struct symtab_cand){
		.order = (uint32_t)t->nr_cands,
		.start = start,
		.size = size,
		.name = name,
		.mod = mod,
		.bind = (uint8_t)bind,
		.kind = (uint8_t)kind,
	};
	t->nr_cands++;
	return 0;
}

int symtab__add_name(struct symtab *t, uint64_t start, uint64_t size,
		     const char *name, size_t len, enum symtab_bind bind,
		     enum symtab_kind kind)
{
	uint32_t off;
	int err = symtab__intern(t, name, len, &off);

	return err ? err : symtab__add(t, start, size, off, 0, bind, kind);
}

static size_t leading_underscores(const char *s)
{
	size_t n = 0;

	while (s[n] == '_')
		n++;
	return n;
}

/*
 * Orders candidates by address, and at one address best first, so the
 * first of each run is the name kept.  Among aliases this follows perf's
 * choose_best_symbol(): a sized symbol over an unsized one, non-weak over
 * weak, global over local, fewer leading underscores ("malloc" over
 * "__libc_malloc"), then the longer name, then the first in the table.
 * One addition: a typed function beats an assembly label.
 */
static int cmp_cand(const void *pa, const void *pb, void *arg)
{
	const struct symtab_cand *a = pa, *b = pb;
	const char *pool = arg, *na, *nb;
	size_t ua, ub, la, lb;

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind == SYMTAB_FUNC ? -1 : 1;
	if (!a->size != !b->size)
		return a->size ? -1 : 1;
	/*
	 * Two unsized aliases (kallsyms has no sizes): perf gives each the
	 * extent up to the next symbol before choosing, so the first gets
	 * none and the last one in the table wins.
	 */
	if (!a->size)
		return a->order > b->order ? -1 : 1;
	if ((a->bind == SYMTAB_WEAK) != (b->bind == SYMTAB_WEAK))
		return a->bind == SYMTAB_WEAK ? 1 : -1;
	if ((a->bind == SYMTAB_GLOBAL) != (b->bind == SYMTAB_GLOBAL))
		return a->bind == SYMTAB_GLOBAL ? -1 : 1;
	na = pool + a->name;
	nb = pool + b->name;
	ua = leading_underscores(na);
	ub = leading_underscores(nb);
	if (ua != ub)
		return ua < ub ? -1 : 1;
	la = strlen(na);
	lb = strlen(nb);
	if (la != lb)
		return la > lb ? -1 : 1;
	/* Still equal: the first in the table, as perf keeps it. */
	return a->order < b->order ? -1 : a->order > b->order;
}

static uint64_t round_up_page(uint64_t x)
{
	return x > UINT64_MAX - (PAGE - 1) ? UINT64_MAX
					   : (x + PAGE - 1) & ~(PAGE - 1);
}

static uint64_t add_clamped(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static bool same_module(const struct symtab *t, size_t i, size_t j)
{
	const struct symtab_ent *a = &t->ents[i], *b = &t->ents[j];

	if (!a->mod || !b->mod)
		return a->mod == b->mod;
	return !strcmp(t->pool + a->mod, t->pool + b->mod);
}

/*
 * Symbols without a size end where the next begins, as in perf.  In
 * kallsyms the kernel proper and each module are separate ranges with
 * wide gaps between them: the last symbol of one gets a page, not the
 * gap.  The last symbol of all gets up to the end of its page plus one.
 */
static void fix_ends(struct symtab *t, const bool *unsized)
{
	for (size_t i = 0; i < t->nr; i++) {
		uint64_t start = t->starts[i];

		if (!unsized[i])
			continue;
		if (i + 1 == t->nr)
			t->ents[i].end =
				add_clamped(round_up_page(start), PAGE);
		else if (t->flavour == SYMTAB_KALLSYMS &&
			 !same_module(t, i, i + 1))
			t->ents[i].end =
				round_up_page(add_clamped(start, PAGE));
		else
			t->ents[i].end = t->starts[i + 1];
	}
}

static int alloc_final(struct symtab *t, size_t n)
{
	t->starts = malloc((n ? n : 1) * sizeof(*t->starts));
	t->ents = malloc((n ? n : 1) * sizeof(*t->ents));
	return t->starts && t->ents ? 0 : -ENOMEM;
}

/*
 * Candidates in cmp_cand order.  Tables that come sorted by address
 * (kallsyms, most .symtabs) only need their runs of aliases sorted, which
 * saves most of a full sort of 100,000+ entries.
 */
static void sort_cands(struct symtab *t)
{
	size_t i, run;

	for (i = 1; i < t->nr_cands; i++)
		if (t->cands[i - 1].start > t->cands[i].start)
			break;
	if (i < t->nr_cands) {
		qsort_r(t->cands, t->nr_cands, sizeof(*t->cands), cmp_cand,
			t->pool);
		return;
	}
	for (i = 0; i < t->nr_cands; i += run) {
		for (run = 1; i + run < t->nr_cands &&
			      t->cands[i + run].start == t->cands[i].start;
		     run++)
			;
		if (run > 1)
			qsort_r(&t->cands[i], run, sizeof(*t->cands), cmp_cand,
				t->pool);
	}
}

int symtab__finish(struct symtab *t)
{
	uint64_t cover_end = 0;
	bool *unsized = NULL;
	size_t n = 0;
	int err;

	if (t->flavour == SYMTAB_SPANS || t->starts)
		return 0;
	err = alloc_final(t, t->nr_cands);
	unsized = calloc(t->nr_cands ? t->nr_cands : 1, sizeof(*unsized));
	if (err || !unsized) {
		free(unsized);
		return -ENOMEM;
	}
	sort_cands(t);
	for (size_t i = 0; i < t->nr_cands; i++) {
		const struct symtab_cand *c = &t->cands[i];

		/* Aliases: the first at an address is the best. */
		if (n && t->starts[n - 1] == c->start)
			continue;
		/*
		 * A label inside a sized function is a jump target in it,
		 * not an entry point: it would cut the function in two.
		 */
		if (c->kind == SYMTAB_LABEL && c->start < cover_end)
			continue;
		t->starts[n] = c->start;
		t->ents[n] = (struct symtab_ent){
			.end = add_clamped(c->start, c->size),
			.name = c->name,
			.mod = c->mod,
		};
		unsized[n] = !c->size;
		if (c->kind == SYMTAB_FUNC && c->size &&
		    t->ents[n].end > cover_end)
			cover_end = t->ents[n].end;
		n++;
	}
	t->nr = n;
	fix_ends(t, unsized);
	free(unsized);
	free(t->cands);
	t->cands = NULL;
	t->nr_cands = t->cap_cands = 0;
	return 0;
}

int symtab__reserve_spans(struct symtab *t, size_t n)
{
	if (t->flavour != SYMTAB_SPANS || t->starts)
		return -EINVAL;
	t->spans = malloc((n ? n : 1) * sizeof(*t->spans));
	if (alloc_final(t, n) || !t->spans)
		return -ENOMEM;
	t->nr = 0;
	return 0;
}

long symtab__find(const struct symtab *t, uint64_t addr)
{
	size_t lo = 0, hi = t->nr, i;

	/* The last symbol starting at or before addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->starts[mid] <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return -1;
	i = lo - 1;
	if (addr < t->ents[i].end)
		return (long)i;
	/*
	 * Past its end: addr may still be inside an earlier, larger
	 * symbol.  Otherwise it falls in a gap between sized symbols,
	 * where perf names nothing either.
	 */
	for (size_t j = i; j-- > 0 && i - j <= ENCLOSING_SCAN;)
		if (addr < t->ents[j].end)
			return (long)j;
	return -1;
}

static bool maybe_mangled(const char *s)
{
	return s[0] == '_' && (s[1] == 'Z' || s[1] == 'R');
}

const char *symtab__name(struct symtab *t, size_t i)
{
	const char *raw = symtab__raw_name(t, i);
	char *d;

	if (!maybe_mangled(raw))
		return raw;
	if (!t->demangled) {
		t->demangled = calloc(t->nr, sizeof(*t->demangled));
		if (!t->demangled)
			return raw;
	}
	if (!t->demangled[i]) {
		d = demangle__name(raw, false);
		/* The raw name itself marks "tried, nothing better". */
		t->demangled[i] = d ? d : (char *)raw;
	}
	return t->demangled[i];
}
