/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF maps printed as bpftrace 0.17 prints them, at exit and on
 * print(@m): pure user space, fed with values already read from the
 * kernel and symbolized.
 *
 * A map has a name ("@", "@bytes"), a value kind and entries.  Each
 * entry has a key (zero or more parts, each an integer, a string or a
 * symbolized stack) and a value whose shape follows the kind:
 *
 *   COUNT, SUM, MIN, MAX, INT   one integer (btmap__add_int)
 *   AVG, STATS                  a count and a total (btmap__add_avg)
 *   HIST, LHIST                 slot counts (btmap__add_slots), laid
 *                               out as hist_render__slots() and
 *                               hist_render__lslots() expect
 *   STR                         a string (btmap__add_str)
 *   TUPLE                       integer and string parts (btmap__add_tuple)
 *
 * The map copies what it is given.  btmap__print() sorts the entries
 * as bpftrace does and prints them; see btmap.c for the layout rules.
 */
#ifndef SONDE_RENDER_BTMAP_H
#define SONDE_RENDER_BTMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum btmap_kind {
	BTMAP_COUNT, /* count(): unsigned */
	BTMAP_SUM,   /* sum(): signed unless btmap__set_unsigned() */
	BTMAP_MIN,   /* min(): signed */
	BTMAP_MAX,   /* max(): printed and sorted unsigned, as bpftrace */
	BTMAP_AVG,   /* avg(): total / count, truncated */
	BTMAP_STATS, /* stats(): "count N, average N, total N" */
	BTMAP_HIST,  /* hist() */
	BTMAP_LHIST, /* lhist(min, max, step): btmap__set_lhist() */
	BTMAP_INT,   /* @m = expr: signed unless btmap__set_unsigned() */
	BTMAP_STR,   /* @m = "text" */
	BTMAP_TUPLE, /* @m = (1, "a") */
};

enum btmap_part_kind {
	BTMAP_PART_INT,	  /* signed integer */
	BTMAP_PART_UINT,  /* unsigned integer */
	BTMAP_PART_STR,	  /* text, printed as is (no quotes, no escapes) */
	BTMAP_PART_STACK, /* kstack/ustack: frames, one per line */
};

/*
 * One key part (or tuple element).  Integers keep their BPF width in
 * size (1, 2, 4 or 8 bytes; 0 means 8): bpftrace prints integer keys
 * as signed numbers of that width whatever their signedness (a u64
 * key of ~0 prints -1) and sorts them as unsigned ones.  Tuple
 * elements print signed or unsigned as their kind says.  A stack is
 * printed as bpftrace does inside a key: a newline, then each frame
 * indented by 4 and ended by a newline; s == NULL stands for a stack
 * that could not be read (printed empty).
 */
struct btmap_part {
	enum btmap_part_kind kind;
	unsigned int size;
	int64_t i;
	const char *s;
};

/* Bounds on what a map accepts (-E2BIG past them). */
#define BTMAP_MAX_PARTS 32
#define BTMAP_MAX_SLOTS 1002 /* bpftrace's lhist: 1000 buckets + 2 */
#define BTMAP_MAX_STR 65536

struct btmap;

/* A new empty map, or NULL (no memory, or name not starting with '@'). */
struct btmap *btmap__new(const char *name, enum btmap_kind kind);
void btmap__free(struct btmap *m);

const char *btmap__name(const struct btmap *m);
size_t btmap__nr_entries(const struct btmap *m);

/* lhist's bounds: labels and the slot count of each entry follow them. */
int btmap__set_lhist(struct btmap *m, int64_t min, int64_t max, int64_t step);
/* SUM and INT maps of an unsigned expression print and sort unsigned. */
int btmap__set_unsigned(struct btmap *m, bool is_unsigned);

/*
 * Add one entry; the map keeps copies.  Each returns 0, -EINVAL (the
 * value does not fit the map's kind, or a part is malformed), -E2BIG
 * or -ENOMEM.  Keys are not checked for duplicates.
 */
int btmap__add_int(struct btmap *m, const struct btmap_part *key, size_t nr_key,
		   int64_t value);
int btmap__add_avg(struct btmap *m, const struct btmap_part *key, size_t nr_key,
		   int64_t count, int64_t total);
int btmap__add_slots(struct btmap *m, const struct btmap_part *key,
		     size_t nr_key, const uint64_t *slots, size_t nr_slots);
int btmap__add_str(struct btmap *m, const struct btmap_part *key, size_t nr_key,
		   const char *value);
int btmap__add_tuple(struct btmap *m, const struct btmap_part *key,
		     size_t nr_key, const struct btmap_part *elems,
		     size_t nr_elems);

/*
 * print(@m, top, div): the entries sorted as bpftrace sorts them, only
 * the last top ones when top > 0 (bpftrace ignores top for stats()),
 * values divided by div (0 means 1; not for stats(), lhist() or
 * strings, as bpftrace).  Sorts the map's entries in place.  Returns 0
 * or -EIO when out fails.
 */
int btmap__print(FILE *out, struct btmap *m, uint32_t top, uint32_t div);

/*
 * What bpftrace prints at exit: two newlines, then every map, in the
 * order of their names (strcmp), each as btmap__print(out, m, 0, 0).
 * Returns 0, -ENOMEM or -EIO.
 */
int btmap__print_all(FILE *out, struct btmap *const *maps, size_t nr_maps);

#endif
