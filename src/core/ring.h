/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A perf event ring buffer, mmapped: records are handed out as the
 * kernel wrote them (in at most two pieces when they wrap), never
 * re-encoded.
 */
#ifndef SONDE_CORE_RING_H
#define SONDE_CORE_RING_H

#include <stddef.h>
#include <stdint.h>

struct ring {
	int fd;
	void *base; /* the control page, then the data pages */
	size_t data_size; /* a power of two */
	size_t mmap_size;
};

/* What a drain saw, for progress and loss reports. */
struct ring_stats {
	uint64_t samples;
	uint64_t lost; /* samples the kernel dropped (PERF_RECORD_LOST) */
	uint64_t bytes;
};

/* Maps data_pages (a power of two) pages of fd's ring: 0 or -errno. */
int ring__map(struct ring *r, int fd, size_t data_pages);
void ring__unmap(struct ring *r);

/*
 * Hands every complete record now in the ring to sink, in one or two
 * contiguous pieces, then frees that space for the kernel.  sink's
 * negative return stops the drain and is returned.
 */
int ring__drain(struct ring *r,
		int (*sink)(const void *data, size_t size, void *ctx), void *ctx,
		struct ring_stats *stats);

#endif
