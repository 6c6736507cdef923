// SPDX-License-Identifier: GPL-2.0
/*
 * Perf maps (/tmp/perf-PID.map), written by JITs: "START SIZE name" per
 * line, hex.  Entries overlap when a JIT frees code and reuses its
 * memory; the newest line describes what is there now.  Resolving that
 * once at load, by cutting the address space into pieces each owned by
 * the newest entry covering it, leaves lookups a plain binary search.
 */
#include "sym/sources.h"
#include "sym/symtab.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct pm_entry {
	uint64_t start;
	uint64_t end; /* exclusive */
	uint32_t name;
	uint32_t seq; /* line order: larger is newer */
};

struct pm_list {
	struct pm_entry *items;
	size_t nr, cap;
};

static int parse_line(struct symtab *t, struct pm_list *l, const char *p,
		      const char *end)
{
	uint64_t start, size;
	const char *name;
	uint32_t off;
	int err;

	while (p < end && sources__is_blank(*p))
		p++;
	if (!sources__parse_hex(&p, end, true, &start) || p == end ||
	    !sources__is_blank(*p))
		return 0;
	while (p < end && sources__is_blank(*p))
		p++;
	if (!sources__parse_hex(&p, end, true, &size) || p == end ||
	    !sources__is_blank(*p))
		return 0;
	while (p < end && sources__is_blank(*p))
		p++;
	name = p;
	while (end > name && (sources__is_blank(end[-1]) || end[-1] == '\r'))
		end--;
	if (end == name || !size || l->nr >= UINT32_MAX)
		return 0;
	if (l->nr == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct pm_entry *n = realloc(l->items, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		l->items = n;
		l->cap = cap;
	}
	err = symtab__intern(t, name, (size_t)(end - name), &off);
	if (err)
		return err;
	l->items[l->nr] = (struct pm_entry){
		.start = start,
		.end = start > UINT64_MAX - size ? UINT64_MAX : start + size,
		.name = off,
		.seq = (uint32_t)l->nr,
	};
	l->nr++;
	return 0;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

static int cmp_entry_start(const void *pa, const void *pb)
{
	const struct pm_entry *a = pa, *b = pb;

	return a->start < b->start ? -1 : a->start > b->start;
}

/* A max-heap of entry indices ordered by seq: the newest on top. */
struct pm_heap {
	uint32_t *items;
	size_t nr;
};

static void heap_push(struct pm_heap *h, const struct pm_entry *e, uint32_t idx)
{
	size_t i = h->nr++;

	while (i) {
		size_t parent = (i - 1) / 2;

		if (e[h->items[parent]].seq >= e[idx].seq)
			break;
		h->items[i] = h->items[parent];
		i = parent;
	}
	h->items[i] = idx;
}

static void heap_pop(struct pm_heap *h, const struct pm_entry *e)
{
	uint32_t last = h->items[--h->nr];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= h->nr)
			break;
		if (c + 1 < h->nr &&
		    e[h->items[c + 1]].seq > e[h->items[c]].seq)
			c++;
		if (e[last].seq >= e[h->items[c]].seq)
			break;
		h->items[i] = h->items[c];
		i = c;
	}
	if (h->nr)
		h->items[i] = last;
}

/*
 * Sweeps the distinct boundaries in order: between two of them the
 * owner is the newest entry that has started and not yet ended.  Ended
 * entries leave the heap lazily, when they reach its top; an entry
 * that has ended never covers a later point, so that is safe.
 */
static int paint(struct symtab *t, struct pm_list *l)
{
	struct pm_entry *e = l->items;
	struct pm_heap heap = {0};
	uint64_t *bounds;
	size_t nb = 0, next = 0;
	int err;

	err = symtab__reserve_spans(t, l->nr * 2);
	if (err)
		return err;
	if (!l->nr)
		return 0;
	bounds = malloc(l->nr * 2 * sizeof(*bounds));
	heap.items = malloc(l->nr * sizeof(*heap.items));
	if (!bounds || !heap.items) {
		free(bounds);
		free(heap.items);
		return -ENOMEM;
	}
	for (size_t i = 0; i < l->nr; i++) {
		bounds[nb++] = e[i].start;
		bounds[nb++] = e[i].end;
	}
	qsort(bounds, nb, sizeof(*bounds), cmp_u64);
	qsort(e, l->nr, sizeof(*e), cmp_entry_start);
	for (size_t k = 0; k + 1 < nb; k++) {
		uint64_t lo = bounds[k], hi = bounds[k + 1];
		const struct pm_entry *w;
		size_t n = t->nr;

		if (lo == hi)
			continue;
		while (next < l->nr && e[next].start <= lo) {
			heap_push(&heap, e, (uint32_t)next);
			next++;
		}
		while (heap.nr && e[heap.items[0]].end <= lo)
			heap_pop(&heap, e);
		if (!heap.nr)
			continue;
		w = &e[heap.items[0]];
		/* The same owner on both sides of a boundary: one piece. */
		if (n && t->ents[n - 1].end == lo &&
		    t->spans[n - 1].start == w->start &&
		    t->spans[n - 1].size == w->end - w->start &&
		    t->ents[n - 1].name == w->name) {
			t->ents[n - 1].end = hi;
			continue;
		}
		t->starts[n] = lo;
		t->ents[n] = (struct symtab_ent){.end = hi, .name = w->name};
		t->spans[n] = (struct symtab_span){
			.start = w->start,
			.size = w->end - w->start,
		};
		t->nr++;
	}
	free(bounds);
	free(heap.items);
	return 0;
}

int perfmap__parse(struct symtab *t, const char *text, size_t size)
{
	const char *p = text, *end = text + size;
	struct pm_list l = {0};
	int err = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;

		err = parse_line(t, &l, p, eol);
		if (err)
			goto out;
		p = nl ? nl + 1 : end;
	}
	err = paint(t, &l);
out:
	free(l.items);
	return err;
}
