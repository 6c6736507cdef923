// SPDX-License-Identifier: GPL-2.0
#include "profile/flame.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 4096

void flame__init(struct flame *f)
{
	memset(f, 0, sizeof(*f));
}

void flame__release(struct flame *f)
{
	strpool__release(&f->strings);
	free(f->stacks);
	free(f->counts);
	free(f->counts_before);
	free(f->frames);
	memset(f, 0, sizeof(*f));
}

int flame__add(struct flame *f, const char *stack, uint64_t before,
	       uint64_t count)
{
	int64_t id = strpool__intern(&f->strings, stack);

	if (id < 0)
		return (int)id;
	if (f->nr_stacks == f->cap_stacks) {
		size_t cap = f->cap_stacks ? f->cap_stacks * 2 : 1024;
		uint32_t *s = realloc(f->stacks, cap * sizeof(*s));
		uint64_t *c, *b;

		if (!s)
			return -ENOMEM;
		f->stacks = s;
		c = realloc(f->counts, cap * sizeof(*c));
		if (!c)
			return -ENOMEM;
		f->counts = c;
		b = realloc(f->counts_before, cap * sizeof(*b));
		if (!b)
			return -ENOMEM;
		f->counts_before = b;
		f->cap_stacks = cap;
	}
	f->stacks[f->nr_stacks] = (uint32_t)id;
	f->counts[f->nr_stacks] = count;
	f->counts_before[f->nr_stacks] = before;
	f->nr_stacks++;
	return 0;
}

/* A count: digits, as folded files have them ("12", or "12.0"). */
static int parse_count(const char *p, size_t len, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;

	if (!len)
		return -EINVAL;
	for (; i < len && p[i] >= '0' && p[i] <= '9'; i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -ERANGE;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	if (!i)
		return -EINVAL;
	if (i < len && p[i] == '.') /* a fraction is dropped */
		for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++)
			;
	if (i != len)
		return -EINVAL;
	*out = v;
	return 0;
}

/* The last space-separated token of [0, *len): its start, and *len cut. */
static const char *last_token(const char *line, size_t *len)
{
	size_t e = *len, s;

	while (e > 0 && (line[e - 1] == ' ' || line[e - 1] == '\r'))
		e--;
	s = e;
	while (s > 0 && line[s - 1] != ' ')
		s--;
	*len = s;
	return line + s;
}

int flame__add_line(struct flame *f, const char *line, size_t len)
{
	size_t rest = len, tok_len;
	const char *tok = last_token(line, &rest);
	uint64_t count, before = 0;
	char *stack;
	int err;

	tok_len = len - rest;
	while (tok_len && (tok[tok_len - 1] == ' ' || tok[tok_len - 1] == '\r'))
		tok_len--;
	err = parse_count(tok, tok_len, &count);
	if (err || !rest)
		return -EINVAL;
	while (rest && line[rest - 1] == ' ')
		rest--;
	/* Two counts: a differential profile, "stack before after". */
	{
		size_t r2 = rest, t2_len;
		const char *t2 = last_token(line, &r2);

		t2_len = rest - r2;
		if (r2 && !parse_count(t2, t2_len, &before)) {
			f->diff = true;
			rest = r2;
			while (rest && line[rest - 1] == ' ')
				rest--;
		} else {
			before = 0;
		}
	}
	if (!rest)
		return -EINVAL;
	stack = strndup(line, rest);
	if (!stack)
		return -ENOMEM;
	err = flame__add(f, stack, before, count);
	free(stack);
	return err;
}

static const struct flame *sort_flame;

static int cmp_stacks(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(flame__name(sort_flame, sort_flame->stacks[i]),
		       flame__name(sort_flame, sort_flame->stacks[j]));

	return c ? c : (i < j ? -1 : i > j);
}

static int push_frame(struct flame *f, uint32_t name, uint32_t depth,
		      uint64_t start, uint64_t end, uint64_t before)
{
	if (end == start && !before)
		return 0; /* nothing under it */
	if (f->nr_frames == f->cap_frames) {
		size_t cap = f->cap_frames ? f->cap_frames * 2 : 1024;
		struct flame_frame *grown =
			realloc(f->frames, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		f->frames = grown;
		f->cap_frames = cap;
	}
	f->frames[f->nr_frames++] =
		(struct flame_frame){ name, depth, start, end, before };
	if (depth > f->max_depth)
		f->max_depth = depth;
	return 0;
}

struct open_frame {
	uint32_t name;
	uint64_t start;
	uint64_t before;
};

/* Splits a stack into its names' ids, root first (or leaf first). */
static int split_stack(struct flame *f, const char *stack, bool reverse,
		       uint32_t *ids, size_t *n)
{
	const char *p = stack;
	char buf[4096];
	size_t k = 0;

	while (k < MAX_DEPTH) {
		const char *semi = strchr(p, ';');
		size_t len = semi ? (size_t)(semi - p) : strlen(p);
		int64_t id;

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, p, len);
		buf[len] = '\0';
		id = strpool__intern(&f->strings, buf);
		if (id < 0)
			return (int)id;
		ids[k++] = (uint32_t)id;
		if (!semi)
			break;
		p = semi + 1;
	}
	if (reverse)
		for (size_t i = 0; i < k / 2; i++) {
			uint32_t t = ids[i];

			ids[i] = ids[k - 1 - i];
			ids[k - 1 - i] = t;
		}
	*n = k;
	return 0;
}

int flame__layout(struct flame *f, bool in_input_order, bool reverse_stacks)
{
	size_t *order = malloc((f->nr_stacks ? f->nr_stacks : 1) * sizeof(*order));
	struct open_frame *open = calloc(MAX_DEPTH + 1, sizeof(*open));
	uint32_t *ids = malloc(MAX_DEPTH * sizeof(*ids));
	uint32_t *last = malloc(MAX_DEPTH * sizeof(*last));
	size_t nlast = 0;
	uint64_t time = 0, before = 0;
	int64_t root = strpool__intern(&f->strings, "all");
	int err = 0;

	if (!order || !open || !ids || !last || root < 0) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < f->nr_stacks; i++)
		order[i] = i;
	sort_flame = f;
	if (!in_input_order && f->nr_stacks > 1)
		qsort(order, f->nr_stacks, sizeof(*order), cmp_stacks);
	f->nr_frames = 0;
	f->max_depth = 0;
	for (size_t o = 0; o < f->nr_stacks && !err; o++) {
		size_t i = order[o], n, same = 0;

		err = split_stack(f, flame__name(f, f->stacks[i]),
				  reverse_stacks, ids, &n);
		if (err)
			break;
		while (same < n && same < nlast && ids[same] == last[same])
			same++;
		/* Close what this stack leaves, deepest first. */
		for (size_t d = nlast; d-- > same;)
			err = err ? err :
				    push_frame(f, open[d + 1].name,
					       (uint32_t)(d + 1),
					       open[d + 1].start, time,
					       before - open[d + 1].before);
		for (size_t d = same; d < n; d++)
			open[d + 1] = (struct open_frame){ ids[d], time,
							   before };
		time += f->counts[i];
		before += f->counts_before[i];
		memcpy(last, ids, n * sizeof(*ids));
		nlast = n;
	}
	for (size_t d = nlast; !err && d-- > 0;)
		err = push_frame(f, open[d + 1].name, (uint32_t)(d + 1),
				 open[d + 1].start, time,
				 before - open[d + 1].before);
	if (!err)
		err = push_frame(f, (uint32_t)root, 0, 0, time, before);
	f->total = time;
	f->total_before = before;
out:
	free(order);
	free(open);
	free(ids);
	free(last);
	return err;
}
