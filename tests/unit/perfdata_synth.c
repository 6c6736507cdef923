// SPDX-License-Identifier: GPL-2.0
#include "perfdata_synth.h"

#include "perfdata/format.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tbuf__put(struct tbuf *b, const void *data, size_t size)
{
	if (b->len + size > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < b->len + size)
			cap *= 2;
		b->p = realloc(b->p, cap);
		if (!b->p) {
			fprintf(stderr, "  out of memory\n");
			exit(1);
		}
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, size);
	b->len += size;
}

void tbuf__release(struct tbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

static void put_u64(struct tbuf *b, uint64_t v)
{
	tbuf__put(b, &v, 8);
}

static void put_u32x2(struct tbuf *b, uint32_t a, uint32_t c)
{
	tbuf__put(b, &a, 4);
	tbuf__put(b, &c, 4);
}

static void put_trailer(struct tbuf *b, const struct perf_event_attr *attr,
			const struct tsample *s)
{
	uint64_t t = attr->sample_type;

	if (!attr->sample_id_all)
		return;
	if (t & PERF_SAMPLE_TID)
		put_u32x2(b, s->pid, s->tid);
	if (t & PERF_SAMPLE_TIME)
		put_u64(b, s->time);
	if (t & PERF_SAMPLE_ID)
		put_u64(b, s->id);
	if (t & PERF_SAMPLE_STREAM_ID)
		put_u64(b, s->id);
	if (t & PERF_SAMPLE_CPU)
		put_u32x2(b, s->cpu, 0);
	if (t & PERF_SAMPLE_IDENTIFIER)
		put_u64(b, s->id);
}

static size_t trailer_size(const struct perf_event_attr *attr)
{
	struct tbuf b = {0};
	struct tsample s = {0};
	size_t n;

	put_trailer(&b, attr, &s);
	n = b.len;
	tbuf__release(&b);
	return n;
}

/* A NUL-terminated string padded with zeros to a multiple of 8. */
static size_t padded(const char *s)
{
	return (strlen(s) + 1 + 7) & ~(size_t)7;
}

static void put_padded(struct tbuf *b, const char *s)
{
	static const char zeros[8];
	size_t n = strlen(s) + 1;

	tbuf__put(b, s, n);
	tbuf__put(b, zeros, padded(s) - n);
}

void tsynth__comm(struct tbuf *b, const struct perf_event_attr *attr,
		  const struct tsample *s, const char *comm, bool exec)
{
	struct perf_record_comm c = {0};

	c.header.type = PERF_RECORD_COMM;
	c.header.misc = exec ? PERF_RECORD_MISC_COMM_EXEC : 0;
	c.header.size =
		(uint16_t)(sizeof(c) + padded(comm) + trailer_size(attr));
	c.pid = s->pid;
	c.tid = s->tid;
	tbuf__put(b, &c, sizeof(c));
	put_padded(b, comm);
	put_trailer(b, attr, s);
}

void tsynth__mmap2(struct tbuf *b, const struct perf_event_attr *attr,
		   const struct tsample *s, uint64_t start, uint64_t len,
		   uint64_t pgoff, uint32_t prot, const char *filename)
{
	struct perf_record_mmap2 m;

	memset(&m, 0, sizeof(m));
	m.header.type = PERF_RECORD_MMAP2;
	m.header.misc = PERF_RECORD_MISC_USER;
	m.header.size =
		(uint16_t)(sizeof(m) + padded(filename) + trailer_size(attr));
	m.pid = s->pid;
	m.tid = s->tid;
	m.start = start;
	m.len = len;
	m.pgoff = pgoff;
	m.maj = 8;
	m.min = 1;
	m.ino = 1234;
	m.prot = prot;
	m.flags = 2; /* MAP_PRIVATE */
	tbuf__put(b, &m, sizeof(m));
	put_padded(b, filename);
	put_trailer(b, attr, s);
}

void tsynth__mmap(struct tbuf *b, const struct perf_event_attr *attr,
		  const struct tsample *s, uint32_t pid, uint64_t start,
		  uint64_t len, uint64_t pgoff, uint16_t misc,
		  const char *filename)
{
	struct perf_record_mmap m;

	memset(&m, 0, sizeof(m));
	m.header.type = PERF_RECORD_MMAP;
	m.header.misc = misc;
	m.header.size =
		(uint16_t)(sizeof(m) + padded(filename) + trailer_size(attr));
	m.pid = pid;
	m.tid = pid == (uint32_t)-1 ? 0 : pid;
	m.start = start;
	m.len = len;
	m.pgoff = pgoff;
	tbuf__put(b, &m, sizeof(m));
	put_padded(b, filename);
	put_trailer(b, attr, s);
}

void tsynth__fork(struct tbuf *b, const struct perf_event_attr *attr,
		  const struct tsample *s, uint32_t type, uint32_t pid,
		  uint32_t ppid, uint32_t tid, uint32_t ptid)
{
	struct perf_record_fork f;

	memset(&f, 0, sizeof(f));
	f.header.type = type;
	f.header.size = (uint16_t)(sizeof(f) + trailer_size(attr));
	f.pid = pid;
	f.ppid = ppid;
	f.tid = tid;
	f.ptid = ptid;
	f.time = s->time;
	tbuf__put(b, &f, sizeof(f));
	put_trailer(b, attr, s);
}

void tsynth__sample(struct tbuf *b, const struct perf_event_attr *attr,
		    const struct tsample *s)
{
	struct perf_event_header h = {PERF_RECORD_SAMPLE, s->misc, 0};
	uint64_t t = attr->sample_type;
	size_t start = b->len;

	tbuf__put(b, &h, sizeof(h));
	if (t & PERF_SAMPLE_IDENTIFIER)
		put_u64(b, s->id);
	if (t & PERF_SAMPLE_IP)
		put_u64(b, s->ip);
	if (t & PERF_SAMPLE_TID)
		put_u32x2(b, s->pid, s->tid);
	if (t & PERF_SAMPLE_TIME)
		put_u64(b, s->time);
	if (t & PERF_SAMPLE_ADDR)
		put_u64(b, 0);
	if (t & PERF_SAMPLE_ID)
		put_u64(b, s->id);
	if (t & PERF_SAMPLE_STREAM_ID)
		put_u64(b, s->id);
	if (t & PERF_SAMPLE_CPU)
		put_u32x2(b, s->cpu, 0);
	if (t & PERF_SAMPLE_PERIOD)
		put_u64(b, s->period);
	if (t & PERF_SAMPLE_CALLCHAIN) {
		put_u64(b, s->nr);
		tbuf__put(b, s->callchain, s->nr * 8);
	}
	h.size = (uint16_t)(b->len - start);
	memcpy(b->p + start, &h, sizeof(h));
}

void tsynth__empty(struct tbuf *b, uint32_t type)
{
	struct perf_event_header h = {type, 0, sizeof(h)};

	tbuf__put(b, &h, sizeof(h));
}

void tsynth__cpu_clock_attr(struct perf_event_attr *attr, uint64_t sample_type)
{
	memset(attr, 0, sizeof(*attr));
	attr->type = PERF_TYPE_SOFTWARE;
	attr->config = PERF_COUNT_SW_CPU_CLOCK;
	attr->size = sizeof(*attr);
	attr->sample_freq = 999;
	attr->freq = 1;
	attr->sample_type = sample_type;
	attr->sample_id_all = 1;
	attr->mmap = 1;
	attr->mmap2 = 1;
	attr->comm = 1;
	attr->comm_exec = 1;
	attr->task = 1;
	attr->disabled = 1;
	attr->inherit = 1;
	attr->enable_on_exec = 1;
	attr->exclude_guest = 1;
}
