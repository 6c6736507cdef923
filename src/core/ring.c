// SPDX-License-Identifier: GPL-2.0
#include "core/ring.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int ring__map(struct ring *r, int fd, size_t data_pages)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	void *base;

	if (!data_pages || (data_pages & (data_pages - 1)))
		return -EINVAL;
	base = mmap(NULL, (data_pages + 1) * page, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
	if (base == MAP_FAILED)
		return -errno;
	*r = (struct ring){
		.fd = fd,
		.base = base,
		.data_size = data_pages * page,
		.mmap_size = (data_pages + 1) * page,
	};
	return 0;
}

void ring__unmap(struct ring *r)
{
	if (r->base)
		munmap(r->base, r->mmap_size);
	r->base = NULL;
}

/* Counts one whole record for the progress and loss reports. */
static void account(const unsigned char *rec, struct ring_stats *stats)
{
	struct perf_event_header h;
	uint64_t lost;

	memcpy(&h, rec, sizeof(h));
	if (h.type == PERF_RECORD_SAMPLE) {
		stats->samples++;
	} else if (h.type == PERF_RECORD_LOST && h.size >= sizeof(h) + 16) {
		/* struct { header; u64 id; u64 lost; } */
		memcpy(&lost, rec + sizeof(h) + 8, sizeof(lost));
		stats->lost += lost;
	}
}

int ring__drain(struct ring *r,
		int (*sink)(const void *data, size_t size, void *ctx), void *ctx,
		struct ring_stats *stats)
{
	struct perf_event_mmap_page *ctl = r->base;
	unsigned char *data = (unsigned char *)r->base +
			      (r->mmap_size - r->data_size);
	uint64_t head = __atomic_load_n(&ctl->data_head, __ATOMIC_ACQUIRE);
	uint64_t tail = ctl->data_tail;
	size_t mask = r->data_size - 1;
	int err = 0;

	while (tail < head) {
		size_t off = tail & mask;
		size_t chunk = head - tail;
		struct perf_event_header h;

		/* Whole records only; a header may itself wrap. */
		if (off + sizeof(h) <= r->data_size) {
			memcpy(&h, data + off, sizeof(h));
		} else {
			size_t first = r->data_size - off;

			memcpy(&h, data + off, first);
			memcpy((char *)&h + first, data, sizeof(h) - first);
		}
		if (h.size < sizeof(h) || h.size > chunk)
			break;
		/* Hand out everything up to the ring's end in one piece. */
		if (off + chunk > r->data_size)
			chunk = r->data_size - off;
		if (chunk < h.size) {
			/* This record wraps: its two pieces go out in turn. */
			size_t rest = h.size - chunk;
			unsigned char tmp[65536];

			memcpy(tmp, data + off, chunk);
			memcpy(tmp + chunk, data, rest);
			account(tmp, stats);
			err = sink(tmp, h.size, ctx);
			chunk = h.size;
		} else {
			/* Only whole records: cut at the last one that fits. */
			size_t whole = 0;

			while (whole + sizeof(h) <= chunk) {
				struct perf_event_header p;

				memcpy(&p, data + off + whole, sizeof(p));
				if (p.size < sizeof(h) || whole + p.size > chunk)
					break;
				account(data + off + whole, stats);
				whole += p.size;
			}
			chunk = whole;
			err = sink(data + off, chunk, ctx);
		}
		if (err)
			break;
		stats->bytes += chunk;
		tail += chunk;
	}
	__atomic_store_n(&ctl->data_tail, tail, __ATOMIC_RELEASE);
	return err;
}
