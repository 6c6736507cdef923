/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf report's model over a profile: entries keyed by the sort keys
 * (comm, pid, dso, sym), with self and children (self plus everything
 * called from it) overheads, and the call graph under an entry.
 */
#ifndef SONDE_PROFILE_REPORT_H
#define SONDE_PROFILE_REPORT_H

#include "profile/profile.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum report_key {
	REPORT_KEY_COMM = 1 << 0,
	REPORT_KEY_PID = 1 << 1,
	REPORT_KEY_DSO = 1 << 2,
	REPORT_KEY_SYM = 1 << 3,
};

#define REPORT_MAX_KEYS 4

struct report_entry {
	uint32_t comm; /* string id */
	pid_t pid;
	uint32_t frame; /* the frame giving dso and sym */
	uint64_t self;
	uint64_t children;
};

struct report {
	const struct profile *profile;
	enum report_key keys[REPORT_MAX_KEYS]; /* in display order */
	size_t nr_keys;
	unsigned int key_mask;
	bool children; /* sort and show by children */
	struct report_entry *entries;
	size_t nr_entries;
};

/* Parses "comm,dso,sym": 0 or -EINVAL (err_detail names the bad key). */
int report__parse_keys(struct report *r, const char *spec);
/* Builds the sorted entries of p. */
int report__build(struct report *r, const struct profile *p, bool children);
void report__release(struct report *r);

/* A node of an entry's call graph: a function, and what led to it. */
struct report_node {
	uint32_t frame;
	uint64_t period;
	struct report_node *children; /* sorted by period, largest first */
	size_t nr_children, cap_children;
};

/*
 * The call graph under entry e, as perf report -g prints it (caller
 * order): the chains of e's own samples from their outermost caller,
 * and in children mode also the callees below e, from e down.  The
 * root's children are the chains' first frames.
 */
int report__graph(const struct report *r, const struct report_entry *e,
		  struct report_node *root);
void report__free_graph(struct report_node *root);

#endif
