/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Open-addressing hash tables for the hot paths of report, script and
 * flame graphs: u64 keys to u64 values, and interned strings.
 */
#ifndef SONDE_UTIL_HASHMAP_H
#define SONDE_UTIL_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys;
	uint64_t *values;
	bool *used;
	size_t cap; /* a power of two */
	size_t nr;
};

/* Finds key; NULL when absent. */
uint64_t *u64map__find(const struct u64map *m, uint64_t key);
/* Finds or inserts key (value 0): NULL only when out of memory. */
uint64_t *u64map__slot(struct u64map *m, uint64_t key, bool *inserted);
void u64map__release(struct u64map *m);

/* 64-bit mixing of several words, for composite keys. */
uint64_t hash__mix(uint64_t h, uint64_t v);
uint64_t hash__bytes(const void *data, size_t size);

/*
 * Interned strings: each distinct string stored once, with a dense id
 * (0, 1, 2, ...) in the order of first sight.
 */
struct strpool {
	char **strings; /* by id */
	size_t nr, cap;
	uint32_t *slots; /* open addressing over ids + 1; 0 is empty */
	size_t nr_slots; /* a power of two */
};

/* The id of s, adding it if new; -ENOMEM. */
int64_t strpool__intern(struct strpool *p, const char *s);
/* The id of s, or -1. */
int64_t strpool__find(const struct strpool *p, const char *s);
static inline const char *strpool__get(const struct strpool *p, uint32_t id)
{
	return p->strings[id];
}
void strpool__release(struct strpool *p);

#endif
