// SPDX-License-Identifier: GPL-2.0
#include "util/strutil.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int strlist__push_owned(struct strlist *list, char *s)
{
	if (!s)
		return -ENOMEM;
	if (list->nr == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		char **items = realloc(list->items, cap * sizeof(*items));

		if (!items) {
			free(s);
			return -ENOMEM;
		}
		list->items = items;
		list->cap = cap;
	}
	list->items[list->nr++] = s;
	return 0;
}

int strlist__push(struct strlist *list, const char *s)
{
	return strlist__push_owned(list, strdup(s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist__sort(struct strlist *list)
{
	if (list->nr)
		qsort(list->items, list->nr, sizeof(*list->items), cmp_str);
}

void strlist__uniq(struct strlist *list)
{
	size_t out = 0;

	strlist__sort(list);
	for (size_t i = 0; i < list->nr; i++) {
		if (out && !strcmp(list->items[out - 1], list->items[i])) {
			free(list->items[i]);
			continue;
		}
		list->items[out++] = list->items[i];
	}
	list->nr = out;
}

bool strlist__contains(const struct strlist *list, const char *s)
{
	for (size_t i = 0; i < list->nr; i++)
		if (!strcmp(list->items[i], s))
			return true;
	return false;
}

void strlist__release(struct strlist *list)
{
	for (size_t i = 0; i < list->nr; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->nr = list->cap = 0;
}

int strlist__split(struct strlist *list, const char *s, char sep)
{
	while (*s) {
		const char *end = strchr(s, sep);
		size_t len = end ? (size_t)(end - s) : strlen(s);
		int err;

		if (len) {
			err = strlist__push_owned(list, strndup(s, len));
			if (err)
				return err;
		}
		if (!end)
			break;
		s = end + 1;
	}
	return 0;
}

bool str_is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

bool str_glob_match(const char *pattern, const char *s)
{
	return fnmatch(pattern, s, 0) == 0;
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool str_has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

int str_to_u64(const char *s, unsigned long long *out)
{
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno)
		return -ERANGE;
	return *end ? -EINVAL : 0;
}

int str_to_seconds_ns(const char *s, unsigned long long *out_ns)
{
	unsigned long long whole = 0, frac = 0, scale = 1000000000ULL;
	const char *p = s;

	if (!*p || (*p == '.' && !p[1]))
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > ULLONG_MAX / 10 / 1000000000ULL)
			return -ERANGE;
		whole = whole * 10 + (unsigned)(*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (scale > 1) {
				scale /= 10;
				frac += (unsigned)(*p - '0') * scale;
			}
		}
	}
	if (*p)
		return -EINVAL;
	*out_ns = whole * 1000000000ULL + frac;
	return 0;
}

size_t str_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[256], best;

	/* Names longer than the row are compared on their prefixes. */
	if (lb >= sizeof(row) / sizeof(row[0]))
		lb = sizeof(row) / sizeof(row[0]) - 1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];

			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

struct scored {
	const char *name;
	size_t score;
};

static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return strcmp(x->name, y->name);
}

size_t str_suggest(const char *name, const char *const *candidates, size_t nr,
		   const char **out, size_t max)
{
	struct scored best[16];
	size_t nbest = 0, len = strlen(name);
	size_t limit = len < 4 ? 1 : len / 3 + 1;

	if (max > 16)
		max = 16;
	for (size_t i = 0; i < nr; i++) {
		size_t d = str_edit_distance(name, candidates[i]);

		/* A name typed without its category still counts as close. */
		if (d > limit && len >= 4 && strstr(candidates[i], name))
			d = limit;
		if (d > limit)
			continue;
		if (nbest < max) {
			best[nbest++] = (struct scored){ candidates[i], d };
		} else {
			size_t worst = 0;

			for (size_t k = 1; k < nbest; k++)
				if (cmp_scored(&best[k], &best[worst]) > 0)
					worst = k;
			struct scored cand = { candidates[i], d };
			if (cmp_scored(&cand, &best[worst]) < 0)
				best[worst] = cand;
		}
	}
	qsort(best, nbest, sizeof(best[0]), cmp_scored);
	/* Only the closest ones: "stst" suggests "stat", not also "list". */
	for (size_t i = 0; i < nbest; i++) {
		if (best[i].score > best[0].score)
			return i;
		out[i] = best[i].name;
	}
	return nbest;
}

const char *str_thousands(unsigned long long n, char *buf, size_t size)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%llu", n);
	size_t o = 0;

	for (int i = 0; i < len && o + 1 < size; i++) {
		if (i && (len - i) % 3 == 0 && o + 2 < size)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}
