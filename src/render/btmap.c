// SPDX-License-Identifier: GPL-2.0
/*
 * bpftrace 0.17's map layout, as observed and as its documentation
 * and sources describe it:
 *
 * - an entry is "@name[k1, k2]: value"; a map without keys has no
 *   brackets; hist and lhist entries are "@name[k]: " (trailing space)
 *   and a newline, then their rows.
 * - a map prints its entries separated by a newline, then a newline:
 *   integer and string maps end on their last line; hist/lhist rows
 *   end with a newline already, so those maps end with a blank line;
 *   avg and stats maps get one more newline, a blank line.  An empty
 *   map therefore still prints a newline (two for avg/stats): a blank
 *   line of its own between its neighbours at exit.
 * - order: count, sum, int, min and max maps by value, ascending;
 *   avg and stats by the average; hist and lhist by the sum of their
 *   slots; string and tuple maps by key (integers as unsigned, strings
 *   as strcmp).  bpftrace leaves the order of equal values to the
 *   kernel's hash order; here ties fall back on the key, as bpftrace's
 *   own sort would order keys (numeric for count-like maps, the raw
 *   little-endian key bytes for hist/avg/stats, which bpftrace keeps
 *   in a std::map of key bytes).
 */
#include "render/btmap.h"
#include "render/hist.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct btmap_entry {
	struct btmap_part *key;
	size_t nr_key;
	int64_t n;     /* the integer, or avg/stats count */
	int64_t total; /* avg/stats */
	char *str;
	uint64_t *slots;
	size_t nr_slots;
	struct btmap_part *elems;
	size_t nr_elems;
};

struct btmap {
	char *name;
	enum btmap_kind kind;
	bool is_unsigned;
	int64_t lmin, lmax, lstep;
	struct btmap_entry *entries;
	size_t nr, cap;
};

struct btmap *btmap__new(const char *name, enum btmap_kind kind)
{
	struct btmap *m;

	if (!name || name[0] != '@' || kind < BTMAP_COUNT ||
	    kind > BTMAP_TUPLE || strlen(name) > BTMAP_MAX_STR)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->name = strdup(name);
	if (!m->name) {
		free(m);
		return NULL;
	}
	m->kind = kind;
	m->is_unsigned = kind == BTMAP_COUNT || kind == BTMAP_MAX;
	m->lmax = 1;
	m->lstep = 1;
	return m;
}

static void parts__free(struct btmap_part *parts, size_t nr)
{
	for (size_t i = 0; parts && i < nr; i++)
		free((char *)parts[i].s);
	free(parts);
}

static void entry__release(struct btmap_entry *e)
{
	parts__free(e->key, e->nr_key);
	parts__free(e->elems, e->nr_elems);
	free(e->str);
	free(e->slots);
}

void btmap__free(struct btmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nr; i++)
		entry__release(&m->entries[i]);
	free(m->entries);
	free(m->name);
	free(m);
}

const char *btmap__name(const struct btmap *m)
{
	return m->name;
}

size_t btmap__nr_entries(const struct btmap *m)
{
	return m->nr;
}

int btmap__set_lhist(struct btmap *m, int64_t min, int64_t max, int64_t step)
{
	/* bpftrace keeps lhist bounds in an int; so do the labels here */
	if (m->kind != BTMAP_LHIST || step <= 0 || max <= min ||
	    min < INT32_MIN || max > INT32_MAX || step > INT32_MAX)
		return -EINVAL;
	m->lmin = min;
	m->lmax = max;
	m->lstep = step;
	return 0;
}

int btmap__set_unsigned(struct btmap *m, bool is_unsigned)
{
	if (m->kind != BTMAP_SUM && m->kind != BTMAP_INT)
		return -EINVAL;
	m->is_unsigned = is_unsigned;
	return 0;
}

static int parts__copy(const struct btmap_part *src, size_t nr,
		       struct btmap_part **dst)
{
	struct btmap_part *parts;

	*dst = NULL;
	if (nr > BTMAP_MAX_PARTS)
		return -E2BIG;
	if (!nr)
		return 0;
	if (!src)
		return -EINVAL;
	for (size_t i = 0; i < nr; i++) {
		switch (src[i].kind) {
		case BTMAP_PART_INT:
		case BTMAP_PART_UINT:
			if (src[i].size > 8 ||
			    (src[i].size & (src[i].size - 1)))
				return -EINVAL;
			break;
		case BTMAP_PART_STR:
			if (!src[i].s)
				return -EINVAL;
			/* fall through */
		case BTMAP_PART_STACK:
			if (src[i].s && strnlen(src[i].s, BTMAP_MAX_STR + 1) >
						BTMAP_MAX_STR)
				return -E2BIG;
			break;
		default:
			return -EINVAL;
		}
	}
	parts = calloc(nr, sizeof(*parts));
	if (!parts)
		return -ENOMEM;
	for (size_t i = 0; i < nr; i++) {
		parts[i] = src[i];
		parts[i].s = NULL;
		if (!parts[i].size)
			parts[i].size = 8;
		if (src[i].s) {
			parts[i].s = strdup(src[i].s);
			if (!parts[i].s) {
				parts__free(parts, i);
				return -ENOMEM;
			}
		}
	}
	*dst = parts;
	return 0;
}

/* A new entry with a copy of key, or NULL with *err set. */
static struct btmap_entry *entry__add(struct btmap *m,
				      const struct btmap_part *key,
				      size_t nr_key, int *err)
{
	struct btmap_entry *e;

	if (m->nr == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 16;
		struct btmap_entry *n =
			reallocarray(m->entries, cap, sizeof(*n));

		if (!n) {
			*err = -ENOMEM;
			return NULL;
		}
		m->entries = n;
		m->cap = cap;
	}
	e = &m->entries[m->nr];
	memset(e, 0, sizeof(*e));
	*err = parts__copy(key, nr_key, &e->key);
	if (*err)
		return NULL;
	e->nr_key = nr_key;
	m->nr++;
	return e;
}

/* Drops the last entry, added by entry__add(), when its value failed. */
static void entry__drop_last(struct btmap *m)
{
	entry__release(&m->entries[--m->nr]);
}

int btmap__add_int(struct btmap *m, const struct btmap_part *key, size_t nr_key,
		   int64_t value)
{
	struct btmap_entry *e;
	int err;

	if (m->kind != BTMAP_COUNT && m->kind != BTMAP_SUM &&
	    m->kind != BTMAP_MIN && m->kind != BTMAP_MAX &&
	    m->kind != BTMAP_INT)
		return -EINVAL;
	e = entry__add(m, key, nr_key, &err);
	if (!e)
		return err;
	e->n = value;
	return 0;
}

int btmap__add_avg(struct btmap *m, const struct btmap_part *key, size_t nr_key,
		   int64_t count, int64_t total)
{
	struct btmap_entry *e;
	int err;

	if (m->kind != BTMAP_AVG && m->kind != BTMAP_STATS)
		return -EINVAL;
	e = entry__add(m, key, nr_key, &err);
	if (!e)
		return err;
	e->n = count;
	e->total = total;
	return 0;
}

int btmap__add_slots(struct btmap *m, const struct btmap_part *key,
		     size_t nr_key, const uint64_t *slots, size_t nr_slots)
{
	struct btmap_entry *e;
	int err;

	if (m->kind != BTMAP_HIST && m->kind != BTMAP_LHIST)
		return -EINVAL;
	if (nr_slots > BTMAP_MAX_SLOTS)
		return -E2BIG;
	if (nr_slots && !slots)
		return -EINVAL;
	e = entry__add(m, key, nr_key, &err);
	if (!e)
		return err;
	if (nr_slots) {
		e->slots = malloc(nr_slots * sizeof(*slots));
		if (!e->slots) {
			entry__drop_last(m);
			return -ENOMEM;
		}
		memcpy(e->slots, slots, nr_slots * sizeof(*slots));
	}
	e->nr_slots = nr_slots;
	return 0;
}

int btmap__add_str(struct btmap *m, const struct btmap_part *key, size_t nr_key,
		   const char *value)
{
	struct btmap_entry *e;
	int err;

	if (m->kind != BTMAP_STR || !value)
		return -EINVAL;
	if (strnlen(value, BTMAP_MAX_STR + 1) > BTMAP_MAX_STR)
		return -E2BIG;
	e = entry__add(m, key, nr_key, &err);
	if (!e)
		return err;
	e->str = strdup(value);
	if (!e->str) {
		entry__drop_last(m);
		return -ENOMEM;
	}
	return 0;
}

int btmap__add_tuple(struct btmap *m, const struct btmap_part *key,
		     size_t nr_key, const struct btmap_part *elems,
		     size_t nr_elems)
{
	struct btmap_entry *e;
	int err;

	if (m->kind != BTMAP_TUPLE || !nr_elems)
		return -EINVAL;
	for (size_t i = 0; elems && i < nr_elems; i++)
		if (elems[i].kind == BTMAP_PART_STACK)
			return -EINVAL;
	e = entry__add(m, key, nr_key, &err);
	if (!e)
		return err;
	err = parts__copy(elems, nr_elems, &e->elems);
	if (err) {
		entry__drop_last(m);
		return err;
	}
	e->nr_elems = nr_elems;
	return 0;
}

/* An integer part as the signed number of its width. */
static int64_t part__signed(const struct btmap_part *p)
{
	switch (p->size) {
	case 1:
		return (int8_t)p->i;
	case 2:
		return (int16_t)p->i;
	case 4:
		return (int32_t)p->i;
	default:
		return p->i;
	}
}

static uint64_t part__unsigned(const struct btmap_part *p)
{
	if (p->size >= 8)
		return (uint64_t)p->i;
	return (uint64_t)p->i & ((1ULL << (p->size * 8)) - 1);
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_s64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return !a - !b;
	return strcmp(a, b);
}

/*
 * Keys compared part by part: integers as unsigned numbers (bpftrace's
 * sort by key) or, with raw, as their little-endian bytes (bpftrace's
 * std::map of key bytes); strings and stacks as text.
 */
static int key_cmp(const struct btmap_entry *a, const struct btmap_entry *b,
		   bool raw)
{
	size_t nr = a->nr_key < b->nr_key ? a->nr_key : b->nr_key;

	for (size_t i = 0; i < nr; i++) {
		const struct btmap_part *pa = &a->key[i], *pb = &b->key[i];
		bool ia = pa->kind <= BTMAP_PART_UINT;
		bool ib = pb->kind <= BTMAP_PART_UINT;
		uint64_t ua, ub;
		int c = 0;

		if (ia != ib)
			return ia ? -1 : 1;
		if (!ia) {
			c = cmp_str(pa->s, pb->s);
		} else if (!raw) {
			c = cmp_u64(part__unsigned(pa), part__unsigned(pb));
		} else {
			ua = part__unsigned(pa);
			ub = part__unsigned(pb);
			for (unsigned int k = 0; !c && k < pa->size; k++)
				c = cmp_u64((ua >> (8 * k)) & 0xff,
					    (ub >> (8 * k)) & 0xff);
		}
		if (c)
			return c;
	}
	return cmp_u64(a->nr_key, b->nr_key);
}

static int64_t entry__average(const struct btmap_entry *e)
{
	if (!e->n || (e->n == -1 && e->total == INT64_MIN))
		return e->n ? e->total : 0;
	return e->total / e->n;
}

static uint64_t entry__slot_sum(const struct btmap_entry *e)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < e->nr_slots; i++)
		sum += e->slots[i];
	return sum;
}

static int entry_cmp(const void *pa, const void *pb, void *arg)
{
	const struct btmap *m = arg;
	const struct btmap_entry *a = pa, *b = pb;
	int c;

	switch (m->kind) {
	case BTMAP_COUNT:
	case BTMAP_SUM:
	case BTMAP_INT:
	case BTMAP_MIN:
	case BTMAP_MAX:
		if (m->is_unsigned)
			c = cmp_u64((uint64_t)a->n, (uint64_t)b->n);
		else
			c = cmp_s64(a->n, b->n);
		return c ? c : key_cmp(a, b, false);
	case BTMAP_AVG:
	case BTMAP_STATS:
		c = cmp_s64(entry__average(a), entry__average(b));
		return c ? c : key_cmp(a, b, true);
	case BTMAP_HIST:
	case BTMAP_LHIST:
		c = cmp_u64(entry__slot_sum(a), entry__slot_sum(b));
		return c ? c : key_cmp(a, b, true);
	default:
		return key_cmp(a, b, false);
	}
}

/* A stack inside a key: newline, then "    frame\n" per frame. */
static void print_stack(FILE *out, const char *frames)
{
	const char *p = frames;

	if (!frames)
		return;
	fputc('\n', out);
	while (*p) {
		size_t len = strcspn(p, "\n");

		fprintf(out, "    %.*s\n", (int)len, p);
		p += len;
		if (*p)
			p++;
	}
}

static void print_part(FILE *out, const struct btmap_part *p, bool as_key)
{
	switch (p->kind) {
	case BTMAP_PART_INT:
		fprintf(out, "%" PRId64, part__signed(p));
		break;
	case BTMAP_PART_UINT:
		if (as_key)
			fprintf(out, "%" PRId64, part__signed(p));
		else
			fprintf(out, "%" PRIu64, part__unsigned(p));
		break;
	case BTMAP_PART_STR:
		fputs(p->s, out);
		break;
	case BTMAP_PART_STACK:
		print_stack(out, p->s);
		break;
	}
}

static void print_key(FILE *out, const struct btmap *m,
		      const struct btmap_entry *e)
{
	fputs(m->name, out);
	if (!e->nr_key)
		return;
	fputc('[', out);
	for (size_t i = 0; i < e->nr_key; i++) {
		if (i)
			fputs(", ", out);
		print_part(out, &e->key[i], true);
	}
	fputc(']', out);
}

static void print_value(FILE *out, const struct btmap *m,
			const struct btmap_entry *e, uint32_t div)
{
	switch (m->kind) {
	case BTMAP_COUNT:
	case BTMAP_MAX:
		fprintf(out, "%" PRIu64, (uint64_t)e->n / div);
		break;
	case BTMAP_SUM:
	case BTMAP_INT:
	case BTMAP_MIN:
		if (m->is_unsigned)
			fprintf(out, "%" PRIu64, (uint64_t)e->n / div);
		else if (div == 1)
			fprintf(out, "%" PRId64, e->n);
		else
			fprintf(out, "%" PRId64, e->n / (int64_t)div);
		break;
	case BTMAP_AVG:
		if (div == 1)
			fprintf(out, "%" PRId64, entry__average(e));
		else
			fprintf(out, "%" PRId64,
				entry__average(e) / (int64_t)div);
		break;
	case BTMAP_STATS:
		fprintf(out,
			"count %" PRId64 ", average %" PRId64
			", total %" PRId64,
			e->n, entry__average(e), e->total);
		break;
	case BTMAP_HIST:
		fputc('\n', out);
		hist_render__slots(out, e->slots, e->nr_slots, div);
		break;
	case BTMAP_LHIST:
		fputc('\n', out);
		hist_render__lslots(out, e->slots, e->nr_slots, m->lmin,
				    m->lmax, m->lstep);
		break;
	case BTMAP_STR:
		fputs(e->str, out);
		break;
	case BTMAP_TUPLE:
		fputc('(', out);
		for (size_t i = 0; i < e->nr_elems; i++) {
			if (i)
				fputs(", ", out);
			print_part(out, &e->elems[i], false);
		}
		fputc(')', out);
		break;
	}
}

int btmap__print(FILE *out, struct btmap *m, uint32_t top, uint32_t div)
{
	size_t first = 0;

	if (m->nr > 1)
		qsort_r(m->entries, m->nr, sizeof(*m->entries), entry_cmp, m);
	if (!div)
		div = 1;
	/* bpftrace ignores print()'s top and div for stats() maps */
	if (m->kind == BTMAP_STATS)
		top = 0;
	if (top && m->nr > top)
		first = m->nr - top;
	for (size_t i = first; i < m->nr; i++) {
		if (i > first)
			fputc('\n', out);
		print_key(out, m, &m->entries[i]);
		fputs(": ", out);
		print_value(out, m, &m->entries[i], div);
	}
	fputc('\n', out);
	if (m->kind == BTMAP_AVG || m->kind == BTMAP_STATS)
		fputc('\n', out);
	return ferror(out) ? -EIO : 0;
}

static int map_name_cmp(const void *a, const void *b)
{
	const struct btmap *ma = *(struct btmap *const *)a;
	const struct btmap *mb = *(struct btmap *const *)b;

	return strcmp(ma->name, mb->name);
}

int btmap__print_all(FILE *out, struct btmap *const *maps, size_t nr_maps)
{
	struct btmap **sorted = NULL;
	int err = 0;

	if (nr_maps) {
		sorted = calloc(nr_maps, sizeof(*sorted));
		if (!sorted)
			return -ENOMEM;
		memcpy(sorted, maps, nr_maps * sizeof(*sorted));
		qsort(sorted, nr_maps, sizeof(*sorted), map_name_cmp);
	}
	fputs("\n\n", out);
	for (size_t i = 0; !err && i < nr_maps; i++)
		err = btmap__print(out, sorted[i], 0, 0);
	free(sorted);
	if (!err && ferror(out))
		err = -EIO;
	return err;
}
