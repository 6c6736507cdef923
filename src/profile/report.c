// SPDX-License-Identifier: GPL-2.0
#include "profile/report.h"

#include "util/err.h"
#include "util/hashmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int report__parse_keys(struct report *r, const char *spec)
{
	static const struct {
		const char *name;
		enum report_key key;
	} names[] = {
		{ "comm", REPORT_KEY_COMM },
		{ "pid", REPORT_KEY_PID },
		{ "dso", REPORT_KEY_DSO },
		{ "sym", REPORT_KEY_SYM },
	};
	const char *p = spec;

	r->nr_keys = 0;
	r->key_mask = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i].name) == len &&
			    !strncmp(names[i].name, p, len))
				break;
		if (i == sizeof(names) / sizeof(names[0])) {
			err_detail_set("unknown sort key '%.*s' (have: comm, "
				       "pid, dso, sym)",
				       (int)len, p);
			return -EINVAL;
		}
		if (!(r->key_mask & names[i].key)) {
			if (r->nr_keys == REPORT_MAX_KEYS)
				return -EINVAL;
			r->keys[r->nr_keys++] = names[i].key;
			r->key_mask |= names[i].key;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	if (!r->nr_keys) {
		err_detail_set("no sort keys in '%s'", spec);
		return -EINVAL;
	}
	return 0;
}

/* What an entry is keyed on: the fields of its keys, others zeroed. */
static void key_of(const struct report *r, const struct profile_stack *s,
		   uint32_t frame, struct report_entry *k)
{
	memset(k, 0, sizeof(*k));
	if (r->key_mask & REPORT_KEY_COMM)
		k->comm = s->comm;
	if (r->key_mask & REPORT_KEY_PID) {
		k->pid = s->pid;
		k->comm = s->comm; /* perf shows the pid with its comm */
	}
	/* Keyed by dso only, an entry shows the dso of its first frame. */
	if (r->key_mask & (REPORT_KEY_SYM | REPORT_KEY_DSO))
		k->frame = frame;
}

static uint64_t hash_key(const struct report *r, const struct report_entry *k)
{
	uint64_t h = hash__mix(k->comm, (uint64_t)(uint32_t)k->pid);

	if (r->key_mask & REPORT_KEY_SYM)
		return hash__mix(h, k->frame);
	if (r->key_mask & REPORT_KEY_DSO)
		return hash__mix(h, r->profile->frames[k->frame].dso);
	return h;
}

static bool same_key(const struct report *r, const struct report_entry *a,
		     const struct report_entry *b)
{
	if (a->comm != b->comm || a->pid != b->pid)
		return false;
	if (r->key_mask & REPORT_KEY_SYM)
		return a->frame == b->frame;
	if (r->key_mask & REPORT_KEY_DSO)
		return r->profile->frames[a->frame].dso ==
		       r->profile->frames[b->frame].dso;
	return true;
}

struct entry_index {
	struct u64map heads; /* hash -> first entry + 1 */
	uint32_t *next; /* chain per entry: index + 1 */
	size_t cap;
};

static struct report_entry *find_or_add(struct report *r,
					struct entry_index *ix,
					const struct report_entry *k)
{
	bool inserted;
	uint64_t *head = u64map__slot(&ix->heads, hash_key(r, k), &inserted);

	if (!head)
		return NULL;
	for (uint32_t i = (uint32_t)*head; i; i = ix->next[i - 1])
		if (same_key(r, &r->entries[i - 1], k))
			return &r->entries[i - 1];
	if (r->nr_entries == ix->cap) {
		size_t cap = ix->cap ? ix->cap * 2 : 1024;
		struct report_entry *e =
			realloc(r->entries, cap * sizeof(*e));
		uint32_t *n;

		if (!e)
			return NULL;
		r->entries = e;
		n = realloc(ix->next, cap * sizeof(*n));
		if (!n)
			return NULL;
		ix->next = n;
		ix->cap = cap;
	}
	r->entries[r->nr_entries] = *k;
	ix->next[r->nr_entries] = (uint32_t)*head;
	*head = ++r->nr_entries;
	return &r->entries[r->nr_entries - 1];
}

static const struct report *sort_report;

static int cmp_entries(const void *pa, const void *pb)
{
	const struct report *r = sort_report;
	const struct report_entry *a = pa, *b = pb;
	uint64_t va = r->children ? a->children : a->self;
	uint64_t vb = r->children ? b->children : b->self;
	const struct profile *p = r->profile;
	int c;

	if (va != vb)
		return va > vb ? -1 : 1;
	if (r->children && a->self != b->self)
		return a->self > b->self ? -1 : 1;
	/* Ties in name order, so the output does not depend on hashing. */
	c = strcmp(profile__string(p, a->comm), profile__string(p, b->comm));
	if (c)
		return c;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	c = strcmp(profile__string(p, p->frames[a->frame].dso),
		   profile__string(p, p->frames[b->frame].dso));
	if (c)
		return c;
	return strcmp(profile__string(p, p->frames[a->frame].name),
		      profile__string(p, p->frames[b->frame].name));
}

/* The entry of a key, by index: entries move as the array grows. */
static int entry_index_of(struct report *r, struct entry_index *ix,
			  const struct profile_stack *s, uint32_t frame,
			  size_t *idx)
{
	struct report_entry k, *e;

	key_of(r, s, frame, &k);
	e = find_or_add(r, ix, &k);
	if (!e)
		return -ENOMEM;
	*idx = (size_t)(e - r->entries);
	return 0;
}

int report__build(struct report *r, const struct profile *p, bool children)
{
	struct entry_index ix = { 0 };
	/* Per entry, the last stack that counted it: once per stack. */
	size_t *seen_in = NULL, cap_seen = 0;
	int err = 0;

	r->profile = p;
	r->children = children;
	for (size_t i = 0; i < p->nr_stacks && !err; i++) {
		const struct profile_stack *s = &p->stacks[i];
		const uint32_t *frames = profile__stack_frames(p, s);
		size_t idx;

		if (!s->depth)
			continue;
		err = entry_index_of(r, &ix, s, frames[0], &idx);
		if (err)
			break;
		r->entries[idx].self += s->period;
		if (!children)
			continue;
		for (uint32_t d = 0; d < s->depth && !err; d++) {
			err = entry_index_of(r, &ix, s, frames[d], &idx);
			if (!err && idx >= cap_seen) {
				size_t n = cap_seen ? cap_seen * 2 : 1024;
				size_t *grown;

				while (n <= idx)
					n *= 2;
				grown = realloc(seen_in, n * sizeof(*grown));
				if (!grown) {
					err = -ENOMEM;
					break;
				}
				/* i + 1: 0 means counted by no stack yet. */
				memset(grown + cap_seen, 0,
				       (n - cap_seen) * sizeof(*grown));
				seen_in = grown;
				cap_seen = n;
			}
			if (err || seen_in[idx] == i + 1)
				continue;
			seen_in[idx] = i + 1;
			r->entries[idx].children += s->period;
		}
	}
	free(seen_in);
	u64map__release(&ix.heads);
	free(ix.next);
	if (err)
		return err;
	sort_report = r;
	if (r->nr_entries > 1)
		qsort(r->entries, r->nr_entries, sizeof(*r->entries),
		      cmp_entries);
	return 0;
}

void report__release(struct report *r)
{
	free(r->entries);
	r->entries = NULL;
	r->nr_entries = 0;
}

static struct report_node *child_of(struct report_node *n, uint32_t frame)
{
	for (size_t i = 0; i < n->nr_children; i++)
		if (n->children[i].frame == frame)
			return &n->children[i];
	if (n->nr_children == n->cap_children) {
		size_t cap = n->cap_children ? n->cap_children * 2 : 4;
		struct report_node *grown =
			realloc(n->children, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		n->children = grown;
		n->cap_children = cap;
	}
	n->children[n->nr_children] = (struct report_node){ .frame = frame };
	return &n->children[n->nr_children++];
}

/* Adds a chain of frames, in the order given, with its period. */
static int insert_chain(struct report_node *root, const uint32_t *frames,
			size_t n, int step, uint64_t period)
{
	struct report_node *node = root;

	root->period += period;
	for (size_t i = 0; i < n; i++) {
		node = child_of(node, frames[step > 0 ? i : n - 1 - i]);
		if (!node)
			return -ENOMEM;
		node->period += period;
	}
	return 0;
}

static int cmp_nodes(const void *pa, const void *pb)
{
	const struct report_node *a = pa, *b = pb;

	if (a->period != b->period)
		return a->period > b->period ? -1 : 1;
	return a->frame < b->frame ? -1 : a->frame > b->frame;
}

static void sort_graph(struct report_node *n)
{
	if (n->nr_children > 1)
		qsort(n->children, n->nr_children, sizeof(*n->children),
		      cmp_nodes);
	for (size_t i = 0; i < n->nr_children; i++)
		sort_graph(&n->children[i]);
}

int report__graph(const struct report *r, const struct report_entry *e,
		  struct report_node *root)
{
	const struct profile *p = r->profile;
	int err = 0;

	memset(root, 0, sizeof(*root));
	for (size_t i = 0; i < p->nr_stacks && !err; i++) {
		const struct profile_stack *s = &p->stacks[i];
		const uint32_t *frames = profile__stack_frames(p, s);
		struct report_entry k;
		uint32_t d;

		for (d = 0; d < s->depth; d++) {
			key_of(r, s, frames[d], &k);
			if (same_key(r, &k, e))
				break;
		}
		if (d == s->depth || (!r->children && d))
			continue;
		if (!d) /* its own samples: from the outermost caller */
			err = insert_chain(root, frames, s->depth, -1,
					   s->period);
		else /* time spent below it: from it to the leaf */
			err = insert_chain(root, frames, d + 1, -1, s->period);
	}
	if (err) {
		report__free_graph(root);
		return err;
	}
	sort_graph(root);
	return 0;
}

void report__free_graph(struct report_node *root)
{
	for (size_t i = 0; i < root->nr_children; i++)
		report__free_graph(&root->children[i]);
	free(root->children);
	root->children = NULL;
	root->nr_children = root->cap_children = 0;
}
