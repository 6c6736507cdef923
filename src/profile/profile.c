// SPDX-License-Identifier: GPL-2.0
#include "profile/profile.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void profile__init(struct profile *p)
{
	memset(p, 0, sizeof(*p));
}

void profile__release(struct profile *p)
{
	strpool__release(&p->strings);
	u64map__release(&p->frame_ids);
	u64map__release(&p->frame_ptrs);
	free(p->frame_name_ptrs);
	free(p->frame_dso_ptrs);
	u64map__release(&p->deferred_ids);
	free(p->deferred);
	u64map__release(&p->stack_ids);
	free(p->frames);
	free(p->stack_frames);
	free(p->stacks);
	memset(p, 0, sizeof(*p));
}

/* Grows *items to hold one more (or `more`) element of `size` bytes. */
static int reserve(void **items, size_t *cap, size_t nr, size_t more,
		   size_t size)
{
	size_t want = nr + more, n = *cap ? *cap : 256;
	void *grown;

	if (want <= *cap)
		return 0;
	while (n < want)
		n *= 2;
	grown = realloc(*items, n * size);
	if (!grown)
		return -ENOMEM;
	*items = grown;
	*cap = n;
	return 0;
}

int64_t profile__frame(struct profile *p, const char *name, const char *dso,
		       enum frame_kind kind)
{
	int64_t n = strpool__intern(&p->strings, name);
	int64_t d = strpool__intern(&p->strings, dso);
	uint64_t key, *slot;
	bool inserted;

	if (n < 0 || d < 0)
		return -ENOMEM;
	key = ((uint64_t)n << 34) | ((uint64_t)d << 2) | (uint64_t)kind;
	slot = u64map__slot(&p->frame_ids, key, &inserted);
	if (!slot)
		return -ENOMEM;
	if (!inserted)
		return (int64_t)*slot;
	if (p->nr_frames == p->cap_frames) {
		size_t cap = p->cap_frames;
		const char **names, **dsos;

		if (reserve((void **)&p->frames, &cap, p->nr_frames, 1,
			    sizeof(*p->frames)))
			return -ENOMEM;
		names = realloc(p->frame_name_ptrs, cap * sizeof(*names));
		if (names)
			p->frame_name_ptrs = names;
		dsos = realloc(p->frame_dso_ptrs, cap * sizeof(*dsos));
		if (dsos)
			p->frame_dso_ptrs = dsos;
		if (!names || !dsos)
			return -ENOMEM;
		p->cap_frames = cap;
	}
	p->frame_name_ptrs[p->nr_frames] = NULL;
	p->frame_dso_ptrs[p->nr_frames] = NULL;
	p->frames[p->nr_frames] = (struct profile_frame){
		(uint32_t)n, (uint32_t)d, kind
	};
	*slot = p->nr_frames;
	return (int64_t)p->nr_frames++;
}

int64_t profile__frame_stable(struct profile *p, const char *name,
			      const char *dso, enum frame_kind kind)
{
	uint64_t key = hash__mix(hash__mix((uintptr_t)name, (uintptr_t)dso),
				 (uint64_t)kind);
	uint64_t *slot;
	int64_t id;
	bool inserted;

	slot = u64map__slot(&p->frame_ptrs, key, &inserted);
	if (!slot)
		return -ENOMEM;
	if (!inserted) {
		id = (int64_t)*slot - 1;
		if (p->frame_name_ptrs[id] == name &&
		    p->frame_dso_ptrs[id] == dso && p->frames[id].kind == kind)
			return id;
	}
	id = profile__frame(p, name, dso, kind);
	if (id < 0)
		return id;
	/* On a hash collision the slot keeps its first owner. */
	if (inserted) {
		*slot = (uint64_t)id + 1;
		p->frame_name_ptrs[id] = name;
		p->frame_dso_ptrs[id] = dso;
	}
	return id;
}

static uint64_t stack_hash(uint32_t comm, pid_t pid, pid_t tid,
			   const uint32_t *frames, size_t depth)
{
	uint64_t h = hash__mix(comm, ((uint64_t)(uint32_t)pid << 32) |
					     (uint32_t)tid);

	return hash__mix(h, hash__bytes(frames, depth * sizeof(*frames)));
}

static bool same_stack(const struct profile *p, const struct profile_stack *s,
		       uint32_t comm, pid_t pid, pid_t tid,
		       const uint32_t *frames, size_t depth)
{
	return s->comm == comm && s->pid == pid && s->tid == tid &&
	       s->depth == depth &&
	       !memcmp(&p->stack_frames[s->first], frames,
		       depth * sizeof(*frames));
}

int profile__add(struct profile *p, const char *comm, pid_t pid, pid_t tid,
		 const uint32_t *frames, size_t depth, uint64_t period)
{
	/* Samples in a row mostly share their comm's storage. */
	int64_t c = comm == p->last_comm ? p->last_comm_id :
					   strpool__intern(&p->strings, comm);
	struct profile_stack *s;
	uint64_t *head;
	uint32_t idx;
	bool inserted;

	if (c < 0)
		return -ENOMEM;
	p->last_comm = comm;
	p->last_comm_id = (uint32_t)c;
	head = u64map__slot(&p->stack_ids,
			    stack_hash((uint32_t)c, pid, tid, frames, depth),
			    &inserted);
	if (!head)
		return -ENOMEM;
	for (idx = (uint32_t)*head; idx; idx = p->stacks[idx - 1].next) {
		s = &p->stacks[idx - 1];
		if (same_stack(p, s, (uint32_t)c, pid, tid, frames, depth))
			goto found;
	}
	if (reserve((void **)&p->stacks, &p->cap_stacks, p->nr_stacks, 1,
		    sizeof(*p->stacks)) ||
	    reserve((void **)&p->stack_frames, &p->cap_stack_frames,
		    p->nr_stack_frames, depth, sizeof(*p->stack_frames)))
		return -ENOMEM;
	s = &p->stacks[p->nr_stacks];
	*s = (struct profile_stack){
		.comm = (uint32_t)c,
		.pid = pid,
		.tid = tid,
		.first = (uint32_t)p->nr_stack_frames,
		.depth = (uint32_t)depth,
		.next = (uint32_t)*head,
	};
	memcpy(&p->stack_frames[p->nr_stack_frames], frames,
	       depth * sizeof(*frames));
	p->nr_stack_frames += depth;
	*head = ++p->nr_stacks;
found:
	s->samples++;
	s->period += period;
	p->total_samples++;
	p->total_period += period;
	return 0;
}

int64_t profile__frame_deferred(struct profile *p, uint64_t ip,
				const char *dso, enum frame_kind kind)
{
	char placeholder[32];
	uint64_t *slot;
	bool inserted;
	int64_t id;

	slot = u64map__slot(&p->deferred_ids, ip, &inserted);
	if (!slot)
		return -ENOMEM;
	if (!inserted)
		return (int64_t)*slot - 1;
	/* A name no symbol has, unique to the ip, until the real one. */
	snprintf(placeholder, sizeof(placeholder), "\001%" PRIx64, ip);
	id = profile__frame(p, placeholder, dso, kind);
	if (id < 0 || reserve((void **)&p->deferred, &p->cap_deferred,
			      p->nr_deferred, 1, sizeof(*p->deferred)))
		return -ENOMEM;
	p->deferred[p->nr_deferred++] =
		(struct profile_deferred){ (uint32_t)id, ip };
	*slot = (uint64_t)id + 1;
	return id;
}

/* Rebuilds the stack index after frames were renamed, merging equals. */
static int remerge_stacks(struct profile *p)
{
	struct profile_stack *old = p->stacks;
	size_t nr = p->nr_stacks;

	p->stacks = NULL;
	p->nr_stacks = p->cap_stacks = 0;
	u64map__release(&p->stack_ids);
	for (size_t i = 0; i < nr; i++) {
		const struct profile_stack *s = &old[i];
		const uint32_t *frames = &p->stack_frames[s->first];
		uint64_t *head;
		uint32_t idx;
		bool inserted;

		head = u64map__slot(&p->stack_ids,
				    stack_hash(s->comm, s->pid, s->tid, frames,
					       s->depth),
				    &inserted);
		if (!head)
			goto nomem;
		for (idx = (uint32_t)*head; idx; idx = p->stacks[idx - 1].next)
			if (same_stack(p, &p->stacks[idx - 1], s->comm, s->pid,
				       s->tid, frames, s->depth))
				break;
		if (idx) {
			p->stacks[idx - 1].samples += s->samples;
			p->stacks[idx - 1].period += s->period;
			continue;
		}
		if (reserve((void **)&p->stacks, &p->cap_stacks, p->nr_stacks,
			    1, sizeof(*p->stacks)))
			goto nomem;
		p->stacks[p->nr_stacks] = *s;
		p->stacks[p->nr_stacks].next = (uint32_t)*head;
		*head = ++p->nr_stacks;
	}
	free(old);
	return 0;
nomem:
	free(old);
	return -ENOMEM;
}

int profile__name_deferred(struct profile *p,
			   const char *(*name_of)(uint64_t ip, void *ctx),
			   void *ctx)
{
	uint32_t *remap;
	size_t nr_frames = p->nr_frames;
	char unknown[32];
	int err;

	if (!p->nr_deferred)
		return 0;
	remap = malloc(nr_frames * sizeof(*remap));
	if (!remap)
		return -ENOMEM;
	for (size_t i = 0; i < nr_frames; i++)
		remap[i] = (uint32_t)i;
	for (size_t i = 0; i < p->nr_deferred; i++) {
		const struct profile_deferred *d = &p->deferred[i];
		const struct profile_frame f = p->frames[d->frame];
		const char *name = name_of(d->ip, ctx);
		int64_t id;

		if (!name) {
			profile__unknown_name(d->ip, unknown, sizeof(unknown));
			name = unknown;
		}
		id = profile__frame(p, name, profile__string(p, f.dso), f.kind);
		if (id < 0) {
			free(remap);
			return (int)id;
		}
		remap[d->frame] = (uint32_t)id;
	}
	for (size_t i = 0; i < p->nr_stack_frames; i++)
		p->stack_frames[i] = remap[p->stack_frames[i]];
	free(remap);
	p->nr_deferred = 0;
	u64map__release(&p->deferred_ids);
	err = remerge_stacks(p);
	return err;
}

void profile__unknown_name(uint64_t ip, char *buf, size_t size)
{
	snprintf(buf, size, "%#.16" PRIx64, ip);
}
