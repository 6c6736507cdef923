// SPDX-License-Identifier: GPL-2.0
#include "util/hashmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

uint64_t hash__mix(uint64_t h, uint64_t v)
{
	/* One round of a 64-bit multiplicative mixer (splitmix64's). */
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

uint64_t hash__bytes(const void *data, size_t size)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ size, w;
	size_t i = 0;

	/* Eight bytes a step: stack strings are long and hashed per sample. */
	for (; i + 8 <= size; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	w = 0;
	if (i < size)
		memcpy(&w, p + i, size - i);
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return hash__mix(h, size);
}

uint64_t *u64map__find(const struct u64map *m, uint64_t key)
{
	size_t mask = m->cap - 1;

	if (!m->cap)
		return NULL;
	for (size_t i = hash__mix(0, key) & mask;; i = (i + 1) & mask) {
		if (!m->used[i])
			return NULL;
		if (m->keys[i] == key)
			return &m->values[i];
	}
}

static int grow(struct u64map *m)
{
	struct u64map bigger = { .cap = m->cap ? m->cap * 2 : 1024 };

	bigger.keys = malloc(bigger.cap * sizeof(uint64_t));
	bigger.values = malloc(bigger.cap * sizeof(uint64_t));
	bigger.used = calloc(bigger.cap, sizeof(bool));
	if (!bigger.keys || !bigger.values || !bigger.used) {
		u64map__release(&bigger);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m->cap; i++) {
		bool inserted;

		if (m->used[i])
			*u64map__slot(&bigger, m->keys[i], &inserted) =
				m->values[i];
	}
	u64map__release(m);
	*m = bigger;
	return 0;
}

uint64_t *u64map__slot(struct u64map *m, uint64_t key, bool *inserted)
{
	size_t mask;

	*inserted = false;
	/* Kept at most half full, so probes stay short. */
	if ((m->nr + 1) * 2 > m->cap && grow(m))
		return NULL;
	mask = m->cap - 1;
	for (size_t i = hash__mix(0, key) & mask;; i = (i + 1) & mask) {
		if (!m->used[i]) {
			m->used[i] = true;
			m->keys[i] = key;
			m->values[i] = 0;
			m->nr++;
			*inserted = true;
			return &m->values[i];
		}
		if (m->keys[i] == key)
			return &m->values[i];
	}
}

void u64map__release(struct u64map *m)
{
	free(m->keys);
	free(m->values);
	free(m->used);
	memset(m, 0, sizeof(*m));
}

static size_t slot_of(const struct strpool *p, const char *s, bool *found)
{
	size_t mask = p->nr_slots - 1;

	for (size_t i = hash__bytes(s, strlen(s)) & mask;; i = (i + 1) & mask) {
		uint32_t id = p->slots[i];

		if (!id) {
			*found = false;
			return i;
		}
		if (!strcmp(p->strings[id - 1], s)) {
			*found = true;
			return i;
		}
	}
}

int64_t strpool__find(const struct strpool *p, const char *s)
{
	bool found;
	size_t i;

	if (!p->nr_slots)
		return -1;
	i = slot_of(p, s, &found);
	return found ? (int64_t)p->slots[i] - 1 : -1;
}

static int rehash(struct strpool *p)
{
	size_t n = p->nr_slots ? p->nr_slots * 2 : 1024;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -ENOMEM;
	free(p->slots);
	p->slots = slots;
	p->nr_slots = n;
	for (size_t id = 0; id < p->nr; id++) {
		bool found;

		p->slots[slot_of(p, p->strings[id], &found)] =
			(uint32_t)id + 1;
	}
	return 0;
}

int64_t strpool__intern(struct strpool *p, const char *s)
{
	bool found;
	size_t i;

	if ((p->nr + 1) * 2 > p->nr_slots && rehash(p))
		return -ENOMEM;
	i = slot_of(p, s, &found);
	if (found)
		return (int64_t)p->slots[i] - 1;
	if (p->nr == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 256;
		char **grown = realloc(p->strings, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		p->strings = grown;
		p->cap = cap;
	}
	p->strings[p->nr] = strdup(s);
	if (!p->strings[p->nr])
		return -ENOMEM;
	p->slots[i] = (uint32_t)++p->nr;
	return (int64_t)p->nr - 1;
}

void strpool__release(struct strpool *p)
{
	for (size_t i = 0; i < p->nr; i++)
		free(p->strings[i]);
	free(p->strings);
	free(p->slots);
	memset(p, 0, sizeof(*p));
}
