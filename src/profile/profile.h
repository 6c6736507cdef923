/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one in-memory profile model: callchains become interned frames,
 * and identical (thread, frames) stacks are aggregated into counts and
 * periods.  report, collapse, flame graphs and run's stack maps read it.
 */
#ifndef SONDE_PROFILE_PROFILE_H
#define SONDE_PROFILE_PROFILE_H

#include "util/hashmap.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum frame_kind {
	FRAME_USER,
	FRAME_KERNEL,
	FRAME_JIT,
	FRAME_INLINE,
};

struct profile_frame {
	uint32_t name; /* string id: "hot_inner", "[unknown]" */
	uint32_t dso; /* string id: "/usr/bin/x", "[kernel.kallsyms]" */
	enum frame_kind kind;
};

struct profile_stack {
	uint32_t comm; /* string id */
	pid_t pid, tid;
	uint32_t first; /* into profile.stack_frames, leaf first */
	uint32_t depth;
	uint64_t samples;
	uint64_t period;
	uint32_t next; /* same-hash chain: index + 1, 0 ends it */
};

struct profile {
	struct strpool strings;
	struct profile_frame *frames;
	size_t nr_frames, cap_frames;
	struct u64map frame_ids; /* (name, dso, kind) -> frame id */
	struct u64map frame_ptrs; /* hash of string pointers -> frame id + 1 */
	const char **frame_name_ptrs, **frame_dso_ptrs; /* by frame id */
	uint32_t *stack_frames;
	size_t nr_stack_frames, cap_stack_frames;
	struct profile_stack *stacks;
	size_t nr_stacks, cap_stacks;
	struct u64map stack_ids; /* hash -> stack index + 1 */
	const char *last_comm; /* the comm pointer last added, and its id */
	uint32_t last_comm_id;
	uint64_t total_samples;
	uint64_t total_period;
	struct u64map deferred_ids; /* ip -> frame id + 1 */
	struct profile_deferred {
		uint32_t frame;
		uint64_t ip;
	} *deferred;
	size_t nr_deferred, cap_deferred;
};

void profile__init(struct profile *p);
void profile__release(struct profile *p);

/*
 * The name of code no symbol covers: its address as perf report prints
 * it ("%#.16llx": 0x and 16 digits, but 16 zeros for a null address).
 */
void profile__unknown_name(uint64_t ip, char *buf, size_t size);
/* The id of a frame, interning it: >= 0, or -ENOMEM. */
int64_t profile__frame(struct profile *p, const char *name, const char *dso,
		       enum frame_kind kind);
/*
 * The same, for names whose storage outlives the profile's input (the
 * symbolizer's and machine's strings): a repeat of the same pointers
 * costs one hash lookup instead of hashing the strings.
 */
int64_t profile__frame_stable(struct profile *p, const char *name,
			      const char *dso, enum frame_kind kind);
/*
 * A frame whose name is not known yet (kernel symbols still loading),
 * one per ip; profile__name_deferred names them all at the end.
 */
int64_t profile__frame_deferred(struct profile *p, uint64_t ip,
				const char *dso, enum frame_kind kind);
/*
 * Names the deferred frames: name_of gives an ip's symbol, or NULL for
 * unknown code (then its address names it).  Frames and stacks that
 * become equal are merged.
 */
int profile__name_deferred(struct profile *p,
			   const char *(*name_of)(uint64_t ip, void *ctx),
			   void *ctx);
/* Adds one sample's stack (frame ids, leaf first). */
int profile__add(struct profile *p, const char *comm, pid_t pid, pid_t tid,
		 const uint32_t *frames, size_t depth, uint64_t period);

static inline const char *profile__string(const struct profile *p,
					  uint32_t id)
{
	return strpool__get(&p->strings, id);
}

static inline const uint32_t *profile__stack_frames(const struct profile *p,
						    const struct profile_stack *s)
{
	return &p->stack_frames[s->first];
}

#endif
