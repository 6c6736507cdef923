// SPDX-License-Identifier: GPL-2.0
#include "perfdata/reader.h"

#include "perfdata/format.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

/* A record's size is a u16, so no whole record is larger. */
#define RECORD_MAX 65536
/* Window for decompressed records; several records' worth, at least. */
#define DECOMP_BUF_SIZE (1u << 20)
/*
 * Output allowed from one compressed record.  perf compresses one ring
 * buffer chunk per record, far below this; more means a crafted file.
 */
#define DECOMP_MAX_PER_RECORD (256ull << 20)
/* Bounds on counts read from the file, against absurd allocations. */
#define ATTRS_MAX 65536
#define CMDLINE_MAX 65536

struct rd_event {
	struct perf_data_event pub; /* first: pointers convert both ways */
	char *name;
	uint64_t *ids;
};

struct id_entry {
	uint64_t id;
	size_t idx;
};

/* A record held back in ordered mode. */
struct pending {
	uint64_t time;
	uint64_t seq; /* file order among equal times */
	uint64_t file_offset;
	const unsigned char *rec;
	bool compressed;
	bool owned; /* rec is a malloc'd copy */
};

struct perf_data_reader {
	const unsigned char *base;
	size_t size;
	void *map;   /* mmap'd file, or NULL */
	void *owned; /* malloc'd copy of a pipe, or NULL */

	bool pipe;
	bool unfinished;
	uint64_t data_offset;
	uint64_t data_end; /* what the file holds of the data section */
	bool data_cut;	   /* the file ends before the declared data end */

	struct rd_event *events;
	size_t nr_events;
	struct id_entry *ids;
	size_t nr_ids;
	/* Where ids sit, by the first event's layout (perf wants all alike). */
	int sample_id_pos;  /* u64s after the header; -1: none */
	int trailer_id_pos; /* u64s before the end; -1: none */

	uint64_t features[HEADER_FEAT_BITS / 64];
	char *hostname, *osrelease, *version, *arch, *cpudesc, *cpuid;
	uint32_t nr_cpus_online, nr_cpus_avail;
	uint64_t total_mem;
	char **cmdline;
	size_t cmdline_nr;
	uint64_t first_time, last_time;
	struct perf_feat_compressed comp;
	struct perf_data_build_id *build_ids;
	size_t nr_build_ids;
	struct perf_data_blob *blobs;
	size_t nr_blobs;

	/* State of one for_each. */
	bool ordered;
	struct pending *pending;
	size_t nr_pending, cap_pending;
	uint64_t seq, max_time, round_limit, prev_time;
	struct perf_data_stats stats;
	uint64_t stop_offset;
	unsigned char *bounce; /* aligned copy of a misaligned record */
	ZSTD_DStream *zds;
	unsigned char *dbuf;
	size_t dlen;
	uint64_t dskip; /* bytes after a decompressed record to drop */
	uint64_t last_id;
	const struct perf_data_event *last_event;
};

static uint64_t rd64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint32_t rd32(const void *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static struct perf_event_header rdhdr(const void *p)
{
	struct perf_event_header h;

	memcpy(&h, p, sizeof(h));
	return h;
}

static bool feat_test(const uint64_t *bits, unsigned int feat)
{
	return feat < HEADER_FEAT_BITS && (bits[feat / 64] >> (feat % 64)) & 1;
}

static void feat_set(uint64_t *bits, unsigned int feat, bool on)
{
	if (feat >= HEADER_FEAT_BITS)
		return;
	if (on)
		bits[feat / 64] |= 1ULL << (feat % 64);
	else
		bits[feat / 64] &= ~(1ULL << (feat % 64));
}

/* ---- events and samples ------------------------------------------- */

void perf_data_event__init(struct perf_data_event *ev)
{
	uint64_t t = ev->attr.sample_type;
	uint32_t n = 0;

	if (ev->attr.sample_id_all) {
		n += !!(t & PERF_SAMPLE_TID) + !!(t & PERF_SAMPLE_TIME) +
		     !!(t & PERF_SAMPLE_ID) + !!(t & PERF_SAMPLE_STREAM_ID) +
		     !!(t & PERF_SAMPLE_CPU) + !!(t & PERF_SAMPLE_IDENTIFIER);
	}
	ev->id_hdr_size = n * 8;
}

static const struct perf_sample sample_defaults = {
	.pid = -1,
	.tid = -1,
	.cpu = UINT32_MAX,
};

static int parse_regs(struct perf_sample_regs *regs, uint64_t mask,
		      const unsigned char **pp, const unsigned char *end)
{
	const unsigned char *p = *pp;
	size_t n;

	if (end - p < 8)
		return -EBADMSG;
	regs->abi = rd64(p);
	p += 8;
	if (regs->abi != PERF_SAMPLE_REGS_ABI_NONE) {
		n = (size_t)__builtin_popcountll(mask) * 8;
		if ((size_t)(end - p) < n)
			return -EBADMSG;
		regs->mask = mask;
		regs->regs = (const uint64_t *)p;
		p += n;
	}
	*pp = p;
	return 0;
}

/*
 * Takes count u64s of variable data; fails when the record has fewer.
 * count comes from the file, so the check is by division, not product.
 */
static int take_u64s(const unsigned char **pp, const unsigned char *end,
		     uint64_t count)
{
	if (count > (uint64_t)(end - *pp) / 8)
		return -EBADMSG;
	*pp += count * 8;
	return 0;
}

int perf_sample__parse(struct perf_sample *s, const struct perf_data_event *ev,
		       const struct perf_event_header *rec)
{
	const unsigned char *p = (const unsigned char *)rec + sizeof(*rec);
	const unsigned char *end = (const unsigned char *)rec + rec->size;
	uint64_t t = ev->attr.sample_type;
	uint64_t v;

	*s = sample_defaults;
	s->type = t;
	s->cpumode = rec->misc & PERF_RECORD_MISC_CPUMODE_MASK;
	if (rec->size < sizeof(*rec))
		return -EBADMSG;

/* A fixed u64 field: present in the record or the record is short. */
#define FIXED(bit, stmt)                         \
	do {                                     \
		if (t & (bit)) {                 \
			if (end - p < 8)         \
				return -EBADMSG; \
			stmt;                    \
			p += 8;                  \
		}                                \
	} while (0)

	FIXED(PERF_SAMPLE_IDENTIFIER, s->id = rd64(p));
	FIXED(PERF_SAMPLE_IP, s->ip = rd64(p));
	FIXED(PERF_SAMPLE_TID,
	      (s->pid = (int32_t)rd32(p), s->tid = (int32_t)rd32(p + 4)));
	FIXED(PERF_SAMPLE_TIME, s->time = rd64(p));
	FIXED(PERF_SAMPLE_ADDR, s->addr = rd64(p));
	FIXED(PERF_SAMPLE_ID, s->id = rd64(p));
	FIXED(PERF_SAMPLE_STREAM_ID, s->stream_id = rd64(p));
	FIXED(PERF_SAMPLE_CPU, s->cpu = rd32(p));
	FIXED(PERF_SAMPLE_PERIOD, s->period = rd64(p));

	if (t & PERF_SAMPLE_READ) {
		uint64_t rf = ev->attr.read_format;
		uint64_t per =
			1 + !!(rf & PERF_FORMAT_ID) + !!(rf & PERF_FORMAT_LOST);
		uint64_t fixed = !!(rf & PERF_FORMAT_TOTAL_TIME_ENABLED) +
				 !!(rf & PERF_FORMAT_TOTAL_TIME_RUNNING);
		uint64_t n;

		if (rf & PERF_FORMAT_GROUP) {
			if (end - p < 8)
				return -EBADMSG;
			v = rd64(p);
			if (v > (uint64_t)(end - p) / 8 / per)
				return -EBADMSG;
			n = 1 + fixed + v * per;
		} else {
			n = per + fixed;
		}
		s->read = (const uint64_t *)p;
		s->read_nr = (uint32_t)n;
		if (take_u64s(&p, end, n))
			return -EBADMSG;
	}
	if (t & PERF_SAMPLE_CALLCHAIN) {
		if (end - p < 8)
			return -EBADMSG;
		v = rd64(p);
		p += 8;
		s->callchain_nr = v;
		s->callchain = (const uint64_t *)p;
		if (take_u64s(&p, end, v))
			return -EBADMSG;
	}
	if (t & PERF_SAMPLE_RAW) {
		uint32_t n;

		if (end - p < 4)
			return -EBADMSG;
		n = rd32(p);
		p += 4;
		if ((size_t)(end - p) < n)
			return -EBADMSG;
		s->raw_size = n;
		s->raw = p;
		p += n;
		/*
		 * The kernel pads RAW so what follows stays 8-byte aligned;
		 * a record where it does not is not one the kernel wrote.
		 */
		if (((uintptr_t)p & 7) && p != end)
			return -EBADMSG;
	}
	if (t & PERF_SAMPLE_BRANCH_STACK) {
		uint64_t bst = ev->attr.branch_sample_type;

		if (end - p < 8)
			return -EBADMSG;
		v = rd64(p);
		p += 8;
		if (bst & PERF_SAMPLE_BRANCH_HW_INDEX) {
			if (end - p < 8)
				return -EBADMSG;
			s->branch_hw_idx = rd64(p);
			p += 8;
		}
		if (v > (uint64_t)(end - p) / sizeof(struct perf_branch_entry))
			return -EBADMSG;
		s->branch_nr = v;
		s->branches = (const struct perf_branch_entry *)p;
		p += v * sizeof(struct perf_branch_entry);
		if (bst & SONDE_SAMPLE_BRANCH_COUNTERS) {
			s->branch_counters = (const uint64_t *)p;
			if (take_u64s(&p, end, v))
				return -EBADMSG;
		}
	}
	if ((t & PERF_SAMPLE_REGS_USER) &&
	    parse_regs(&s->user_regs, ev->attr.sample_regs_user, &p, end))
		return -EBADMSG;
	if (t & PERF_SAMPLE_STACK_USER) {
		if (end - p < 8)
			return -EBADMSG;
		v = rd64(p);
		p += 8;
		if (v > (uint64_t)(end - p))
			return -EBADMSG;
		s->user_stack_size = v;
		s->user_stack = p;
		p += v;
		if (v) {
			/* dyn_size follows a non-empty stack only. */
			if (end - p < 8 || ((uintptr_t)p & 7))
				return -EBADMSG;
			s->user_stack_dyn_size = rd64(p);
			p += 8;
			if (s->user_stack_dyn_size > v)
				s->user_stack_dyn_size = v;
		}
	}
	FIXED(PERF_SAMPLE_WEIGHT | PERF_SAMPLE_WEIGHT_STRUCT,
	      s->weight = rd64(p));
	FIXED(PERF_SAMPLE_DATA_SRC, s->data_src = rd64(p));
	FIXED(PERF_SAMPLE_TRANSACTION, s->transaction = rd64(p));
	if ((t & PERF_SAMPLE_REGS_INTR) &&
	    parse_regs(&s->intr_regs, ev->attr.sample_regs_intr, &p, end))
		return -EBADMSG;
	FIXED(PERF_SAMPLE_PHYS_ADDR, s->phys_addr = rd64(p));
	FIXED(PERF_SAMPLE_CGROUP, s->cgroup = rd64(p));
	FIXED(PERF_SAMPLE_DATA_PAGE_SIZE, s->data_page_size = rd64(p));
	FIXED(PERF_SAMPLE_CODE_PAGE_SIZE, s->code_page_size = rd64(p));
	if (t & PERF_SAMPLE_AUX) {
		if (end - p < 8)
			return -EBADMSG;
		v = rd64(p);
		p += 8;
		if (v > (uint64_t)(end - p))
			return -EBADMSG;
		s->aux_size = v;
		s->aux = p;
	}
#undef FIXED
	return 0;
}

int perf_sample__parse_id(struct perf_sample *s,
			  const struct perf_data_event *ev,
			  const struct perf_event_header *rec)
{
	const unsigned char *start = (const unsigned char *)rec;
	const unsigned char *p = start + rec->size;
	uint64_t t = ev->attr.sample_type;

	*s = sample_defaults;
	s->cpumode = rec->misc & PERF_RECORD_MISC_CPUMODE_MASK;
	if (!ev->attr.sample_id_all || !ev->id_hdr_size)
		return -ENOENT;
	if (rec->size < sizeof(*rec) + ev->id_hdr_size)
		return -EBADMSG;
	s->type = t & (PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID |
		       PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CPU |
		       PERF_SAMPLE_IDENTIFIER);
	/* The trailer is read backwards from the end of the record. */
	if (t & PERF_SAMPLE_IDENTIFIER) {
		p -= 8;
		s->id = rd64(p);
	}
	if (t & PERF_SAMPLE_CPU) {
		p -= 8;
		s->cpu = rd32(p);
	}
	if (t & PERF_SAMPLE_STREAM_ID) {
		p -= 8;
		s->stream_id = rd64(p);
	}
	if (t & PERF_SAMPLE_ID) {
		p -= 8;
		s->id = rd64(p);
	}
	if (t & PERF_SAMPLE_TIME) {
		p -= 8;
		s->time = rd64(p);
	}
	if (t & PERF_SAMPLE_TID) {
		p -= 8;
		s->pid = (int32_t)rd32(p);
		s->tid = (int32_t)rd32(p + 4);
	}
	return 0;
}

static int cmp_id(const void *a, const void *b)
{
	const struct id_entry *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

const struct perf_data_event *
perf_data_reader__event_by_id(const struct perf_data_reader *r, uint64_t id)
{
	size_t lo = 0, hi = r->nr_ids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (r->ids[mid].id == id)
			return &r->events[r->ids[mid].idx].pub;
		if (r->ids[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Sorted ids and the id positions, once the events are all known. */
static int index_events(struct perf_data_reader *r)
{
	size_t n = 0;
	uint64_t t;

	for (size_t i = 0; i < r->nr_events; i++) {
		r->events[i].pub.idx = i;
		r->events[i].pub.ids = r->events[i].ids;
		perf_data_event__init(&r->events[i].pub);
		n += r->events[i].pub.nr_ids;
	}
	free(r->ids);
	r->ids = NULL;
	r->nr_ids = 0;
	if (n) {
		r->ids = malloc(n * sizeof(*r->ids));
		if (!r->ids)
			return -ENOMEM;
		for (size_t i = 0; i < r->nr_events; i++) {
			for (size_t j = 0; j < r->events[i].pub.nr_ids; j++) {
				r->ids[r->nr_ids].id = r->events[i].ids[j];
				r->ids[r->nr_ids].idx = i;
				r->nr_ids++;
			}
		}
		if (r->nr_ids > 1)
			qsort(r->ids, r->nr_ids, sizeof(*r->ids), cmp_id);
	}
	r->sample_id_pos = -1;
	r->trailer_id_pos = -1;
	if (!r->nr_events)
		return 0;
	t = r->events[0].pub.attr.sample_type;
	if (t & PERF_SAMPLE_IDENTIFIER) {
		r->sample_id_pos = 0;
		r->trailer_id_pos = 1;
	} else if (t & PERF_SAMPLE_ID) {
		r->sample_id_pos =
			!!(t & PERF_SAMPLE_IP) + !!(t & PERF_SAMPLE_TID) +
			!!(t & PERF_SAMPLE_TIME) + !!(t & PERF_SAMPLE_ADDR);
		r->trailer_id_pos = 1 + !!(t & PERF_SAMPLE_STREAM_ID) +
				    !!(t & PERF_SAMPLE_CPU);
	}
	return 0;
}

static const struct perf_data_event *lookup_id(struct perf_data_reader *r,
					       uint64_t id)
{
	if (r->last_event && r->last_id == id)
		return r->last_event;
	r->last_event = perf_data_reader__event_by_id(r, id);
	r->last_id = id;
	return r->last_event;
}

/* The event a record belongs to, by its sample id when there are several. */
static const struct perf_data_event *
record_event(struct perf_data_reader *r, const struct perf_event_header *h)
{
	const unsigned char *p = (const unsigned char *)h;
	size_t off;

	if (r->nr_events == 1)
		return &r->events[0].pub;
	if (!r->nr_events)
		return NULL;
	if (h->type == PERF_RECORD_SAMPLE) {
		if (r->sample_id_pos < 0)
			return &r->events[0].pub;
		off = sizeof(*h) + 8 * (size_t)r->sample_id_pos;
		if (off + 8 > h->size)
			return NULL;
		return lookup_id(r, rd64(p + off));
	}
	if (r->trailer_id_pos < 0 || !r->events[0].pub.attr.sample_id_all)
		return &r->events[0].pub;
	off = 8 * (size_t)r->trailer_id_pos;
	if (off + sizeof(*h) > h->size)
		return NULL;
	return lookup_id(r, rd64(p + h->size - off));
}

/* ---- records ------------------------------------------------------- */

typedef int (*record_cb)(const struct perf_data_record *rec, void *ctx);

static bool known_type(uint32_t type)
{
	if (type >= 1 && type < PERF_RECORD_MAX)
		return true;
	return type >= PERF_RECORD_USER_TYPE_START &&
	       type <= PERF_RECORD_BPF_METADATA;
}

/*
 * Bytes that follow a record without being counted in its size: the
 * trace data of AUXTRACE and HEADER_TRACING_DATA.
 */
static uint64_t trailing_bytes(const unsigned char *rec,
			       const struct perf_event_header *h)
{
	if (h->type == PERF_RECORD_AUXTRACE &&
	    h->size >= sizeof(struct perf_record_auxtrace))
		return rd64(rec + offsetof(struct perf_record_auxtrace, size));
	if (h->type == PERF_RECORD_HEADER_TRACING_DATA &&
	    h->size >= sizeof(struct perf_record_header_tracing_data)) {
		uint64_t n = rd32(
			rec +
			offsetof(struct perf_record_header_tracing_data, size));

		return (n + 7) & ~7ull;
	}
	return 0;
}

/* Parses and hands one whole record (type not COMPRESSED) to cb. */
static int deliver(struct perf_data_reader *r, const unsigned char *rec,
		   uint64_t file_offset, bool compressed, record_cb cb,
		   void *ctx)
{
	struct perf_event_header h = rdhdr(rec);
	struct perf_data_record pr;
	const struct perf_event_header *hp;

	if (!known_type(h.type)) {
		r->stats.unknown++;
		return 0;
	}
	/* Pointers into the record must be aligned for their readers. */
	if ((uintptr_t)rec & 7) {
		memcpy(r->bounce, rec, h.size);
		rec = r->bounce;
	}
	hp = (const struct perf_event_header *)rec;
	pr.header = hp;
	pr.type = h.type;
	pr.misc = h.misc;
	pr.size = h.size;
	pr.file_offset = file_offset;
	pr.compressed = compressed;
	pr.event = NULL;
	pr.has_sample = false;

	if (h.type == PERF_RECORD_SAMPLE) {
		pr.event = record_event(r, hp);
		if (!pr.event) {
			r->stats.unknown_ids++;
			pr.sample = sample_defaults;
			pr.sample.cpumode =
				h.misc & PERF_RECORD_MISC_CPUMODE_MASK;
		} else if (perf_sample__parse(&pr.sample, pr.event, hp)) {
			r->stats.bad_samples++;
			return 0;
		} else {
			pr.has_sample = true;
		}
		r->stats.samples++;
	} else if (h.type < PERF_RECORD_USER_TYPE_START) {
		pr.event = record_event(r, hp);
		if (pr.event)
			pr.has_sample = !perf_sample__parse_id(&pr.sample,
							       pr.event, hp);
		else
			pr.sample = sample_defaults;
		if (h.type == PERF_RECORD_LOST &&
		    h.size >= sizeof(struct perf_record_lost))
			r->stats.lost += rd64(
				rec + offsetof(struct perf_record_lost, lost));
		if (h.type == PERF_RECORD_LOST_SAMPLES &&
		    h.size >= sizeof(struct perf_record_lost_samples))
			r->stats.lost_samples += rd64(
				rec + offsetof(struct perf_record_lost_samples,
					       lost));
	} else {
		pr.sample = sample_defaults;
	}
	r->stats.records++;
	return cb(&pr, ctx);
}

/* ---- time order ---------------------------------------------------- */

/* The time a record carries, if its event records time. */
static bool record_time(struct perf_data_reader *r,
			const struct perf_event_header *h, uint64_t *time)
{
	const struct perf_data_event *ev;
	struct perf_sample s;

	if (h->type >= PERF_RECORD_USER_TYPE_START)
		return false;
	ev = record_event(r, h);
	if (!ev || !(ev->attr.sample_type & PERF_SAMPLE_TIME))
		return false;
	if (h->type == PERF_RECORD_SAMPLE ? perf_sample__parse(&s, ev, h)
					  : perf_sample__parse_id(&s, ev, h))
		return false;
	*time = s.time;
	return true;
}

static int cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Hands over, in time order, the held records up to limit. */
static int flush_pending(struct perf_data_reader *r, uint64_t limit,
			 record_cb cb, void *ctx)
{
	size_t n = 0;
	int err = 0;

	if (r->nr_pending > 1)
		qsort(r->pending, r->nr_pending, sizeof(*r->pending),
		      cmp_pending);
	while (n < r->nr_pending && r->pending[n].time <= limit) {
		struct pending *p = &r->pending[n++];

		err = deliver(r, p->rec, p->file_offset, p->compressed, cb,
			      ctx);
		if (p->owned)
			free((void *)p->rec);
		if (err)
			break;
	}
	memmove(r->pending, r->pending + n,
		(r->nr_pending - n) * sizeof(*r->pending));
	r->nr_pending -= n;
	return err;
}

static void drop_pending(struct perf_data_reader *r)
{
	for (size_t i = 0; i < r->nr_pending; i++)
		if (r->pending[i].owned)
			free((void *)r->pending[i].rec);
	r->nr_pending = 0;
}

/*
 * Holds a record until the end of the round after its own, as perf
 * does: perf record reads every ring buffer once per round, so a record
 * older than the last round's newest can still arrive in this round,
 * but none older than that.
 */
static int queue(struct perf_data_reader *r, const unsigned char *rec,
		 uint64_t file_offset, bool compressed, record_cb cb, void *ctx)
{
	struct perf_event_header h = rdhdr(rec);
	struct pending *p;
	uint64_t t;
	int err;

	if (h.type == PERF_RECORD_FINISHED_ROUND) {
		err = flush_pending(r, r->round_limit, cb, ctx);
		r->round_limit = r->max_time;
		return err;
	}
	if (!known_type(h.type)) {
		r->stats.unknown++;
		return 0;
	}
	if (r->nr_pending == r->cap_pending) {
		size_t cap = r->cap_pending ? r->cap_pending * 2 : 4096;
		struct pending *np = realloc(r->pending, cap * sizeof(*np));

		if (!np)
			return -ENOMEM;
		r->pending = np;
		r->cap_pending = cap;
	}
	p = &r->pending[r->nr_pending];
	p->file_offset = file_offset;
	p->compressed = compressed;
	/* Records of the mapping stay put; decompressed ones are reused. */
	p->owned = compressed || ((uintptr_t)rec & 7);
	if (p->owned) {
		unsigned char *copy = malloc(h.size);

		if (!copy)
			return -ENOMEM;
		memcpy(copy, rec, h.size);
		rec = copy;
	}
	p->rec = rec;
	p->seq = r->seq++;
	/* Records without a time stay where they are among their neighbours. */
	if (!record_time(r, (const struct perf_event_header *)rec, &t))
		t = r->prev_time;
	r->prev_time = t;
	p->time = t;
	if (t > r->max_time)
		r->max_time = t;
	r->nr_pending++;
	return 0;
}

static int emit(struct perf_data_reader *r, const unsigned char *rec,
		uint64_t file_offset, bool compressed, record_cb cb, void *ctx)
{
	if (r->ordered)
		return queue(r, rec, file_offset, compressed, cb, ctx);
	return deliver(r, rec, file_offset, compressed, cb, ctx);
}

void perf_data_reader__set_ordered(struct perf_data_reader *r, bool ordered)
{
	r->ordered = ordered;
}

/* Hands the whole records of the decompressed window to cb. */
static int drain(struct perf_data_reader *r, uint64_t file_offset, record_cb cb,
		 void *ctx)
{
	size_t pos = 0;
	int err = 0;

	while (pos < r->dlen) {
		struct perf_event_header h;

		if (r->dskip) {
			size_t k = r->dlen - pos;

			if (r->dskip < k)
				k = (size_t)r->dskip;
			pos += k;
			r->dskip -= k;
			continue;
		}
		if (r->dlen - pos < sizeof(h))
			break;
		h = rdhdr(r->dbuf + pos);
		if (h.size < sizeof(h)) {
			err = -EBADMSG;
			break;
		}
		if (h.size > r->dlen - pos)
			break;
		if (h.type == PERF_RECORD_COMPRESSED ||
		    h.type == PERF_RECORD_COMPRESSED2) {
			r->stats.unknown++; /* nested: not something perf writes
					     */
		} else {
			err = emit(r, r->dbuf + pos, file_offset, true, cb,
				   ctx);
			if (err)
				break;
			r->dskip = trailing_bytes(r->dbuf + pos, &h);
		}
		pos += h.size;
	}
	if (pos) {
		memmove(r->dbuf, r->dbuf + pos, r->dlen - pos);
		r->dlen -= pos;
	}
	return err;
}

/* Feeds one compressed record's payload through the stream. */
static int decompress(struct perf_data_reader *r, const unsigned char *src,
		      size_t n, uint64_t file_offset, record_cb cb, void *ctx)
{
	ZSTD_inBuffer in = {src, n, 0};
	uint64_t produced = 0;
	int err;

	if (!r->zds) {
		r->zds = ZSTD_createDStream();
		r->dbuf = malloc(DECOMP_BUF_SIZE);
		if (!r->zds || !r->dbuf)
			return -ENOMEM;
		/*
		 * zstd's default window limit (128 MB) is what perf -z 22
		 * needs at most, and keeps crafted frames from asking more.
		 */
		ZSTD_initDStream(r->zds);
	}
	r->stats.compressed++;
	for (;;) {
		ZSTD_outBuffer out = {r->dbuf, DECOMP_BUF_SIZE, r->dlen};
		size_t ret = ZSTD_decompressStream(r->zds, &out, &in);

		if (ZSTD_isError(ret))
			return -EBADMSG;
		produced += out.pos - r->dlen;
		r->stats.decompressed_bytes += out.pos - r->dlen;
		if (produced > DECOMP_MAX_PER_RECORD)
			return -EBADMSG;
		r->dlen = out.pos;
		err = drain(r, file_offset, cb, ctx);
		if (err)
			return err;
		/* Done when the input is used up and zstd holds nothing back.
		 */
		if (in.pos == in.size && out.pos < out.size)
			break;
	}
	return 0;
}

/*
 * Walks the records in [begin, end) of the file.  A record cut off at
 * end means truncation when end is the end of the file (eof), damage
 * when it is the declared end of the data.  cut: the file stops short
 * of the declared end, so even a clean end is truncation.
 */
static int walk(struct perf_data_reader *r, uint64_t begin, uint64_t end,
		bool eof, bool cut, record_cb cb, void *ctx)
{
	const int trunc = eof ? -ENODATA : -EBADMSG;
	uint64_t pos = begin;
	int err = 0;

	while (pos < end) {
		const unsigned char *rec = r->base + pos;
		struct perf_event_header h;
		uint64_t extra;

		if (end - pos < sizeof(h)) {
			err = trunc;
			break;
		}
		h = rdhdr(rec);
		if (h.size < sizeof(h)) {
			err = -EBADMSG;
			break;
		}
		if (h.size > end - pos) {
			err = trunc;
			break;
		}
		if (h.type == PERF_RECORD_COMPRESSED ||
		    h.type == PERF_RECORD_COMPRESSED2) {
			size_t off = sizeof(h), n = h.size - sizeof(h);

			if (h.type == PERF_RECORD_COMPRESSED2) {
				uint64_t ds;

				if (h.size <
				    sizeof(struct perf_record_compressed2)) {
					err = -EBADMSG;
					break;
				}
				ds = rd64(rec + sizeof(h));
				off = sizeof(struct perf_record_compressed2);
				if (ds > h.size - off) {
					err = -EBADMSG;
					break;
				}
				n = (size_t)ds;
			}
			err = decompress(r, rec + off, n, pos, cb, ctx);
			if (err)
				break;
			pos += h.size;
			continue;
		}
		extra = trailing_bytes(rec, &h);
		if (extra > end - pos - h.size) {
			err = trunc;
			break;
		}
		err = emit(r, rec, pos, false, cb, ctx);
		if (err)
			break;
		pos += h.size + extra;
	}
	/* A data offset past the end of a cut file: stop at its end. */
	r->stop_offset = pos < r->size ? pos : r->size;
	if (!err && pos >= end && cut)
		err = -ENODATA;
	/* A compressed stream that ends inside a record lost its tail. */
	if (!err && (r->dlen || r->dskip))
		err = trunc;
	return err;
}

int perf_data_reader__for_each(struct perf_data_reader *r,
			       int (*cb)(const struct perf_data_record *rec,
					 void *ctx),
			       void *ctx)
{
	int err;

	memset(&r->stats, 0, sizeof(r->stats));
	r->dlen = 0;
	r->dskip = 0;
	r->last_event = NULL;
	if (r->zds)
		ZSTD_initDStream(r->zds);
	if (!r->bounce) {
		r->bounce = aligned_alloc(8, RECORD_MAX);
		if (!r->bounce)
			return -ENOMEM;
	}
	r->seq = r->max_time = r->round_limit = r->prev_time = 0;
	err = walk(r, r->data_offset, r->data_end,
		   r->data_cut || r->unfinished || r->pipe, r->data_cut, cb,
		   ctx);
	/* What was read is handed over even when the file ends badly. */
	if (r->ordered && (!err || err == -ENODATA || err == -EBADMSG)) {
		int ferr = flush_pending(r, UINT64_MAX, cb, ctx);

		if (ferr)
			err = ferr;
	}
	drop_pending(r);
	return err;
}

uint64_t perf_data_reader__stop_offset(const struct perf_data_reader *r)
{
	return r->stop_offset;
}

const struct perf_data_stats *
perf_data_reader__stats(const struct perf_data_reader *r)
{
	return &r->stats;
}

/* ---- feature sections ---------------------------------------------- */

/* A bounded view of a section. */
struct cursor {
	const unsigned char *p;
	size_t left;
	bool bad;
};

/* n bytes from the cursor, or NULL (and the cursor marked bad). */
static const unsigned char *cur_bytes(struct cursor *c, uint64_t n)
{
	const unsigned char *p = c->p;

	if (n > c->left) {
		c->bad = true;
		c->left = 0;
		return NULL;
	}
	c->p += n;
	c->left -= n;
	return p;
}

static uint32_t cur_u32(struct cursor *c)
{
	const unsigned char *p = cur_bytes(c, 4);

	return p ? rd32(p) : 0;
}

static uint64_t cur_u64(struct cursor *c)
{
	const unsigned char *p = cur_bytes(c, 8);

	return p ? rd64(p) : 0;
}

/* A NUL-terminated copy of n bytes (cut at the first NUL). */
static char *dup_bytes(const unsigned char *p, size_t n)
{
	const unsigned char *nul = memchr(p, '\0', n);
	size_t len = nul ? (size_t)(nul - p) : n;
	char *s = malloc(len + 1);

	if (!s)
		return NULL;
	memcpy(s, p, len);
	s[len] = '\0';
	return s;
}

/* perf's string: u32 padded length, then the bytes. */
static char *cur_string(struct cursor *c)
{
	uint32_t len = cur_u32(c);
	const unsigned char *p = cur_bytes(c, len);

	if (!p)
		return NULL;
	return dup_bytes(p, len);
}

static int set_string(char **dst, struct cursor *c)
{
	char *s = cur_string(c);

	if (!s)
		return c->bad ? -EBADMSG : -ENOMEM;
	free(*dst);
	*dst = s;
	return 0;
}

static void set_event_name(struct rd_event *ev, const char *name)
{
	char *s;

	if (ev->name || !name || !*name)
		return;
	s = strdup(name);
	if (!s)
		return;
	ev->name = s;
	ev->pub.name = s;
}

static int parse_event_desc(struct perf_data_reader *r, struct cursor *c)
{
	uint32_t nr = cur_u32(c), attr_size = cur_u32(c);

	if (c->bad || attr_size < PERF_ATTR_SIZE_VER0)
		return -EBADMSG;
	for (uint32_t i = 0; i < nr && !c->bad; i++) {
		const struct perf_data_event *ev = NULL;
		uint32_t nr_ids;
		char *name;
		const unsigned char *ids;

		if (!cur_bytes(c, attr_size))
			break;
		nr_ids = cur_u32(c);
		name = cur_string(c);
		if (!name)
			return c->bad ? -EBADMSG : -ENOMEM;
		ids = cur_bytes(c, (uint64_t)nr_ids * 8);
		/* perf matches by the first id; one event needs no id. */
		if (ids && nr_ids)
			ev = perf_data_reader__event_by_id(r, rd64(ids));
		if (!ev && r->nr_events == 1)
			ev = &r->events[0].pub;
		if (ev && !c->bad)
			set_event_name((struct rd_event *)ev, name);
		free(name);
	}
	return c->bad ? -EBADMSG : 0;
}

static int parse_build_ids(struct perf_data_reader *r, struct cursor *c)
{
	while (c->left >= sizeof(struct perf_record_header_build_id)) {
		struct perf_record_header_build_id e;
		struct perf_data_build_id *b, *all;
		const unsigned char *p;

		memcpy(&e, c->p, sizeof(e));
		if (e.header.size < sizeof(e) || e.header.size > c->left)
			return -EBADMSG;
		p = cur_bytes(c, e.header.size);
		all = realloc(r->build_ids,
			      (r->nr_build_ids + 1) * sizeof(*all));
		if (!all)
			return -ENOMEM;
		r->build_ids = all;
		b = &all[r->nr_build_ids];
		memset(b, 0, sizeof(*b));
		b->path = dup_bytes(p + sizeof(e), e.header.size - sizeof(e));
		if (!b->path)
			return -ENOMEM;
		b->pid = e.pid;
		b->misc = e.header.misc & ~PERF_RECORD_MISC_BUILD_ID_SIZE;
		/* Old perf: 20 bytes, no size; trailing zeros are padding. */
		if ((e.header.misc & PERF_RECORD_MISC_BUILD_ID_SIZE) &&
		    e.size <= PERF_BUILD_ID_MAX)
			b->size = e.size;
		else
			b->size = PERF_BUILD_ID_MAX;
		memcpy(b->id, e.data, PERF_BUILD_ID_MAX);
		r->nr_build_ids++;
	}
	return 0;
}

static int parse_blobs(struct perf_data_reader *r, struct cursor *c)
{
	uint32_t version = cur_u32(c), nr = cur_u32(c);

	if (c->bad || version != SONDE_BLOBS_VERSION)
		return -EBADMSG;
	for (uint32_t i = 0; i < nr; i++) {
		struct sonde_blob_header h;
		const unsigned char *hp = cur_bytes(c, sizeof(h)), *name, *data;
		struct perf_data_blob *b, *all;
		uint64_t pad;

		if (!hp)
			return -EBADMSG;
		memcpy(&h, hp, sizeof(h));
		name = cur_bytes(c, h.name_size);
		data = cur_bytes(c, h.size);
		if (!name || !data || !h.name_size)
			return -EBADMSG;
		/* The last blob's padding may be cut off: harmless. */
		pad = ((h.size + 7) & ~7ull) - h.size;
		cur_bytes(c, pad < c->left ? pad : c->left);
		all = realloc(r->blobs, (r->nr_blobs + 1) * sizeof(*all));
		if (!all)
			return -ENOMEM;
		r->blobs = all;
		b = &all[r->nr_blobs];
		b->name = dup_bytes(name, h.name_size);
		if (!b->name)
			return -ENOMEM;
		b->pid = h.pid;
		b->data = data;
		b->size = (size_t)h.size;
		r->nr_blobs++;
	}
	return 0;
}

static int parse_feature(struct perf_data_reader *r, unsigned int feat,
			 const unsigned char *p, size_t size)
{
	struct cursor c = {p, size, false};

	switch (feat) {
	case HEADER_HOSTNAME:
		return set_string(&r->hostname, &c);
	case HEADER_OSRELEASE:
		return set_string(&r->osrelease, &c);
	case HEADER_VERSION:
		return set_string(&r->version, &c);
	case HEADER_ARCH:
		return set_string(&r->arch, &c);
	case HEADER_CPUDESC:
		return set_string(&r->cpudesc, &c);
	case HEADER_CPUID:
		return set_string(&r->cpuid, &c);
	case HEADER_NRCPUS:
		r->nr_cpus_avail = cur_u32(&c);
		r->nr_cpus_online = cur_u32(&c);
		return c.bad ? -EBADMSG : 0;
	case HEADER_TOTAL_MEM:
		r->total_mem = cur_u64(&c);
		return c.bad ? -EBADMSG : 0;
	case HEADER_SAMPLE_TIME:
		r->first_time = cur_u64(&c);
		r->last_time = cur_u64(&c);
		return c.bad ? -EBADMSG : 0;
	case HEADER_COMPRESSED:
		r->comp.version = cur_u32(&c);
		r->comp.type = cur_u32(&c);
		r->comp.level = cur_u32(&c);
		r->comp.ratio = cur_u32(&c);
		r->comp.mmap_len = cur_u32(&c);
		return c.bad ? -EBADMSG : 0;
	case HEADER_CMDLINE: {
		uint32_t nr = cur_u32(&c);
		char **argv;

		/* Each string takes at least its u32 length. */
		if (c.bad || nr > CMDLINE_MAX || nr > c.left / 4)
			return -EBADMSG;
		argv = calloc(nr + 1, sizeof(*argv));
		if (!argv)
			return -ENOMEM;
		for (uint32_t i = 0; i < nr; i++) {
			argv[i] = cur_string(&c);
			if (!argv[i]) {
				for (uint32_t j = 0; j < i; j++)
					free(argv[j]);
				free(argv);
				return c.bad ? -EBADMSG : -ENOMEM;
			}
		}
		for (size_t i = 0; i < r->cmdline_nr; i++)
			free(r->cmdline[i]);
		free(r->cmdline);
		r->cmdline = argv;
		r->cmdline_nr = nr;
		return 0;
	}
	case HEADER_EVENT_DESC:
		return parse_event_desc(r, &c);
	case HEADER_BUILD_ID:
		return parse_build_ids(r, &c);
	case HEADER_SONDE_BLOBS:
		return parse_blobs(r, &c);
	}
	return 0; /* kept as present, contents not needed */
}

/* The feature table follows the data section: one entry per set bit. */
static void read_features(struct perf_data_reader *r, const uint64_t *bits,
			  uint64_t table)
{
	size_t nr = 0, i = 0;

	for (unsigned int f = 0; f < HEADER_FEAT_BITS; f++)
		nr += feat_test(bits, f);
	if (!nr || table > r->size || nr > (r->size - table) / 16)
		return;
	for (unsigned int f = 0; f < HEADER_FEAT_BITS; f++) {
		struct perf_file_section sec;

		if (!feat_test(bits, f))
			continue;
		memcpy(&sec, r->base + table + 16 * i++, sizeof(sec));
		if (sec.offset > r->size || sec.size > r->size - sec.offset)
			continue;
		if (parse_feature(r, f, r->base + sec.offset, (size_t)sec.size))
			continue;
		feat_set(r->features, f, true);
	}
}

/* ---- opening ------------------------------------------------------- */

static int add_event(struct perf_data_reader *r, const unsigned char *attr,
		     size_t attr_bytes, const unsigned char *ids, size_t nr_ids)
{
	struct rd_event *all, *ev;
	uint32_t sz;

	if (r->nr_events >= ATTRS_MAX)
		return -EBADMSG;
	all = realloc(r->events, (r->nr_events + 1) * sizeof(*all));
	if (!all)
		return -ENOMEM;
	r->events = all;
	ev = &all[r->nr_events];
	memset(ev, 0, sizeof(*ev));
	/* Older attrs are shorter, newer longer: keep what both know. */
	sz = attr_bytes < sizeof(ev->pub.attr) ? (uint32_t)attr_bytes
					       : (uint32_t)sizeof(ev->pub.attr);
	memcpy(&ev->pub.attr, attr, sz);
	ev->pub.attr.size = sizeof(ev->pub.attr);
	if (nr_ids) {
		ev->ids = malloc(nr_ids * sizeof(uint64_t));
		if (!ev->ids)
			return -ENOMEM;
		memcpy(ev->ids, ids, nr_ids * sizeof(uint64_t));
	}
	ev->pub.nr_ids = nr_ids;
	r->nr_events++;
	return 0;
}

static int read_attrs(struct perf_data_reader *r,
		      const struct perf_file_header *h)
{
	uint64_t nr, stride = h->attr_size;

	if (!h->attrs.size)
		return 0;
	if (stride < PERF_ATTR_SIZE_VER0 + sizeof(struct perf_file_section) ||
	    stride > RECORD_MAX)
		return -EBADMSG;
	if (h->attrs.offset > r->size ||
	    h->attrs.size > r->size - h->attrs.offset)
		return -ENODATA;
	nr = h->attrs.size / stride;
	if (nr > ATTRS_MAX)
		return -EBADMSG;
	for (uint64_t i = 0; i < nr; i++) {
		const unsigned char *a = r->base + h->attrs.offset + i * stride;
		struct perf_file_section ids;
		size_t attr_bytes = stride - sizeof(ids);
		int err;

		memcpy(&ids, a + attr_bytes, sizeof(ids));
		if (ids.offset > r->size || ids.size > r->size - ids.offset)
			return -ENODATA;
		err = add_event(r, a, attr_bytes, r->base + ids.offset,
				(size_t)(ids.size / 8));
		if (err)
			return err;
	}
	return 0;
}

static int open_file_mode(struct perf_data_reader *r)
{
	struct perf_file_header h;
	uint64_t declared_end;
	int err;

	memset(&h, 0, sizeof(h));
	if (r->size < offsetof(struct perf_file_header, adds_features))
		return -ENODATA;
	memcpy(&h, r->base, r->size < sizeof(h) ? r->size : sizeof(h));
	/* Headers of before features end at the bitmap. */
	if (h.size == offsetof(struct perf_file_header, adds_features))
		memset(h.adds_features, 0, sizeof(h.adds_features));
	else if (h.size != sizeof(h))
		return -EBADMSG;
	else if (r->size < sizeof(h))
		return -ENODATA;
	err = read_attrs(r, &h);
	if (err)
		return err;
	err = index_events(r);
	if (err)
		return err;

	r->data_offset = h.data.offset;
	if (r->data_offset < h.size || r->data_offset > UINT64_MAX / 2 ||
	    h.data.size > UINT64_MAX / 2)
		return -EBADMSG;
	if (h.data.size == 0) {
		/* Recorder did not finish: data runs to the end, no features.
		 */
		r->unfinished = true;
		r->data_end =
			r->size > r->data_offset ? r->size : r->data_offset;
		return 0;
	}
	declared_end = r->data_offset + h.data.size;
	if (declared_end > r->size) {
		r->data_cut = true;
		r->data_end =
			r->size > r->data_offset ? r->size : r->data_offset;
	} else {
		r->data_end = declared_end;
	}
	read_features(r, h.adds_features, declared_end);
	return 0;
}

/*
 * Pipe mode: the attrs and features are records at the start of the
 * stream.  They are collected here, before any sample is parsed; a
 * damaged stream stops the scan and leaves the rest to for_each.
 */
static int open_pipe_mode(struct perf_data_reader *r)
{
	uint64_t pos = sizeof(struct perf_pipe_file_header);
	int err;

	r->pipe = true;
	r->data_offset = pos;
	r->data_end = r->size;
	for (int pass = 0; pass < 2; pass++) {
		for (pos = r->data_offset; r->size - pos >= 8;) {
			const unsigned char *rec = r->base + pos;
			struct perf_event_header hd = rdhdr(rec);
			uint64_t extra;

			if (hd.size < sizeof(hd) || hd.size > r->size - pos)
				break;
			extra = trailing_bytes(rec, &hd);
			if (pass == 0 && hd.type == PERF_RECORD_HEADER_ATTR &&
			    hd.size >= sizeof(hd) + PERF_ATTR_SIZE_VER0) {
				uint32_t asz = rd32(
					rec + sizeof(hd) +
					offsetof(struct perf_event_attr, size));
				size_t left = hd.size - sizeof(hd);

				if (asz == 0)
					asz = PERF_ATTR_SIZE_VER0;
				if (asz <= left) {
					err = add_event(r, rec + sizeof(hd),
							asz,
							rec + sizeof(hd) + asz,
							(left - asz) / 8);
					if (err)
						return err;
				}
			}
			if (pass == 1 &&
			    hd.type == PERF_RECORD_HEADER_FEATURE &&
			    hd.size >=
				    sizeof(struct perf_record_header_feature)) {
				uint64_t feat = rd64(rec + sizeof(hd));
				size_t off = sizeof(
					struct perf_record_header_feature);

				if (feat < HEADER_FEAT_BITS &&
				    !parse_feature(r, (unsigned int)feat,
						   rec + off, hd.size - off))
					feat_set(r->features,
						 (unsigned int)feat, true);
			}
			/* Pipe mode has build ids as records, not a section. */
			if (pass == 1 && hd.type == PERF_RECORD_HEADER_BUILD_ID) {
				struct cursor c = { rec, hd.size, false };

				err = parse_build_ids(r, &c);
				if (err == -ENOMEM)
					return err;
				if (r->nr_build_ids)
					feat_set(r->features, HEADER_BUILD_ID, true);
			}
			if (extra > r->size - pos - hd.size)
				break;
			pos += hd.size + extra;
		}
		if (pass == 0) {
			err = index_events(r);
			if (err)
				return err;
		}
	}
	return 0;
}

static int open_common(struct perf_data_reader *r)
{
	uint64_t magic;

	/* Too short for the magic: a cut perf.data file, or not one at all. */
	if (r->size < sizeof(magic))
		return !r->size || !memcmp(r->base, "PERFILE2", r->size) ?
			       -ENODATA :
			       -EINVAL;
	magic = rd64(r->base);
	if (magic == PERF_FILE_MAGIC_SWAPPED || !memcmp(r->base, "PERFFILE", 8))
		return -EPROTONOSUPPORT;
	if (magic != PERF_FILE_MAGIC)
		return -EINVAL;
	if (r->size < 16)
		return -ENODATA;
	if (rd64(r->base + 8) == sizeof(struct perf_pipe_file_header))
		return open_pipe_mode(r);
	return open_file_mode(r);
}

static struct perf_data_reader *reader_new(void)
{
	struct perf_data_reader *r = calloc(1, sizeof(*r));

	if (r) {
		r->sample_id_pos = -1;
		r->trailer_id_pos = -1;
	}
	return r;
}

int perf_data_reader__open_mem(struct perf_data_reader **out, const void *data,
			       size_t size)
{
	struct perf_data_reader *r = reader_new();
	int err;

	*out = NULL;
	if (!r)
		return -ENOMEM;
	r->base = data;
	r->size = size;
	err = open_common(r);
	if (err) {
		perf_data_reader__free(r);
		return err;
	}
	*out = r;
	return 0;
}

/* A pipe or FIFO cannot be mapped: read it whole. */
static int slurp_fd(int fd, void **buf, size_t *size)
{
	size_t cap = 1 << 20, len = 0;
	unsigned char *p = malloc(cap), *np;

	if (!p)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (cap > SIZE_MAX / 2) {
				free(p);
				return -EFBIG;
			}
			np = realloc(p, cap * 2);
			if (!np) {
				free(p);
				return -ENOMEM;
			}
			p = np;
			cap *= 2;
		}
		n = read(fd, p + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			free(p);
			return (int)n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	*buf = p;
	*size = len;
	return 0;
}

int perf_data_reader__open(struct perf_data_reader **out, const char *path)
{
	struct perf_data_reader *r;
	struct stat st;
	int fd, err;

	*out = NULL;
	r = reader_new();
	if (!r)
		return -ENOMEM;
	if (!strcmp(path, "-"))
		fd = dup(STDIN_FILENO);
	else
		fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		free(r);
		return err;
	}
	if (fstat(fd, &st)) {
		err = -errno;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		err = -EISDIR;
		goto fail;
	}
	if (S_ISREG(st.st_mode)) {
		if (st.st_size == 0) {
			err = -ENODATA;
			goto fail;
		}
		if ((uint64_t)st.st_size > SIZE_MAX) {
			err = -EFBIG;
			goto fail;
		}
		r->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
			      fd, 0);
		if (r->map == MAP_FAILED) {
			r->map = NULL;
			err = -errno;
			goto fail;
		}
		r->size = (size_t)st.st_size;
		r->base = r->map;
		/* One pass front to back: let the kernel read ahead. */
		madvise(r->map, r->size, MADV_SEQUENTIAL);
	} else {
		err = slurp_fd(fd, &r->owned, &r->size);
		if (err)
			goto fail;
		r->base = r->owned;
	}
	close(fd);
	fd = -1;
	err = open_common(r);
	if (err)
		goto fail;
	*out = r;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	perf_data_reader__free(r);
	return err;
}

void perf_data_reader__free(struct perf_data_reader *r)
{
	if (!r)
		return;
	if (r->map)
		munmap(r->map, r->size);
	free(r->owned);
	for (size_t i = 0; i < r->nr_events; i++) {
		free(r->events[i].name);
		free(r->events[i].ids);
	}
	free(r->events);
	free(r->ids);
	free(r->hostname);
	free(r->osrelease);
	free(r->version);
	free(r->arch);
	free(r->cpudesc);
	free(r->cpuid);
	for (size_t i = 0; i < r->cmdline_nr; i++)
		free(r->cmdline[i]);
	free(r->cmdline);
	for (size_t i = 0; i < r->nr_build_ids; i++)
		free((char *)r->build_ids[i].path);
	free(r->build_ids);
	for (size_t i = 0; i < r->nr_blobs; i++)
		free((char *)r->blobs[i].name);
	free(r->blobs);
	drop_pending(r);
	free(r->pending);
	free(r->bounce);
	ZSTD_freeDStream(r->zds);
	free(r->dbuf);
	free(r);
}

/* ---- accessors ----------------------------------------------------- */

size_t perf_data_reader__nr_events(const struct perf_data_reader *r)
{
	return r->nr_events;
}

const struct perf_data_event *
perf_data_reader__event(const struct perf_data_reader *r, size_t idx)
{
	return idx < r->nr_events ? &r->events[idx].pub : NULL;
}

bool perf_data_reader__is_pipe(const struct perf_data_reader *r)
{
	return r->pipe;
}

bool perf_data_reader__is_unfinished(const struct perf_data_reader *r)
{
	return r->unfinished;
}

uint64_t perf_data_reader__data_offset(const struct perf_data_reader *r)
{
	return r->data_offset;
}

uint64_t perf_data_reader__data_size(const struct perf_data_reader *r)
{
	return r->data_end > r->data_offset ? r->data_end - r->data_offset : 0;
}

bool perf_data_reader__has_feature(const struct perf_data_reader *r, int feat)
{
	return feat >= 0 && feat_test(r->features, (unsigned int)feat);
}

const char *perf_data_reader__hostname(const struct perf_data_reader *r)
{
	return r->hostname;
}

const char *perf_data_reader__osrelease(const struct perf_data_reader *r)
{
	return r->osrelease;
}

const char *perf_data_reader__version(const struct perf_data_reader *r)
{
	return r->version;
}

const char *perf_data_reader__arch(const struct perf_data_reader *r)
{
	return r->arch;
}

const char *perf_data_reader__cpudesc(const struct perf_data_reader *r)
{
	return r->cpudesc;
}

const char *perf_data_reader__cpuid(const struct perf_data_reader *r)
{
	return r->cpuid;
}

int perf_data_reader__nr_cpus(const struct perf_data_reader *r,
			      uint32_t *online, uint32_t *avail)
{
	if (!feat_test(r->features, HEADER_NRCPUS))
		return -ENOENT;
	*online = r->nr_cpus_online;
	*avail = r->nr_cpus_avail;
	return 0;
}

uint64_t perf_data_reader__total_mem(const struct perf_data_reader *r)
{
	return r->total_mem;
}

size_t perf_data_reader__cmdline(const struct perf_data_reader *r,
				 const char *const **argv)
{
	*argv = (const char *const *)r->cmdline;
	return r->cmdline_nr;
}

int perf_data_reader__sample_time(const struct perf_data_reader *r,
				  uint64_t *first, uint64_t *last)
{
	if (!feat_test(r->features, HEADER_SAMPLE_TIME))
		return -ENOENT;
	*first = r->first_time;
	*last = r->last_time;
	return 0;
}

int perf_data_reader__compression(const struct perf_data_reader *r,
				  uint32_t *type, uint32_t *level)
{
	if (!feat_test(r->features, HEADER_COMPRESSED))
		return -ENOENT;
	*type = r->comp.type;
	*level = r->comp.level;
	return 0;
}

size_t perf_data_reader__nr_build_ids(const struct perf_data_reader *r)
{
	return r->nr_build_ids;
}

const struct perf_data_build_id *
perf_data_reader__build_id(const struct perf_data_reader *r, size_t idx)
{
	return idx < r->nr_build_ids ? &r->build_ids[idx] : NULL;
}

const struct perf_data_build_id *
perf_data_reader__find_build_id(const struct perf_data_reader *r,
				const char *path)
{
	for (size_t i = 0; i < r->nr_build_ids; i++)
		if (!strcmp(r->build_ids[i].path, path))
			return &r->build_ids[i];
	return NULL;
}

size_t perf_data_reader__nr_blobs(const struct perf_data_reader *r)
{
	return r->nr_blobs;
}

const struct perf_data_blob *
perf_data_reader__blob(const struct perf_data_reader *r, size_t idx)
{
	return idx < r->nr_blobs ? &r->blobs[idx] : NULL;
}

int perf_data_reader__jit_map(const struct perf_data_reader *r, int32_t pid,
			      const void **text, size_t *size)
{
	for (size_t i = 0; i < r->nr_blobs; i++) {
		if (r->blobs[i].pid == pid &&
		    !strcmp(r->blobs[i].name, SONDE_BLOB_JIT_MAP)) {
			*text = r->blobs[i].data;
			*size = r->blobs[i].size;
			return 0;
		}
	}
	return -ENOENT;
}
