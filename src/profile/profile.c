// SPDX-License-Identifier: GPL-2.0
#include "profile/profile.h"

#include <errno.h>
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
	if (reserve((void **)&p->frames, &p->cap_frames, p->nr_frames, 1,
		    sizeof(*p->frames)))
		return -ENOMEM;
	p->frames[p->nr_frames] = (struct profile_frame){
		(uint32_t)n, (uint32_t)d, kind
	};
	*slot = p->nr_frames;
	return (int64_t)p->nr_frames++;
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
	int64_t c = strpool__intern(&p->strings, comm);
	struct profile_stack *s;
	uint64_t *head;
	uint32_t idx;
	bool inserted;

	if (c < 0)
		return -ENOMEM;
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
