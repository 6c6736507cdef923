/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sampling an event on a target into per-CPU rings: one event per CPU
 * (and per thread for -p/-t), each CPU's events sharing that CPU's ring.
 * Inherited by new threads and children for commands and -p.
 */
#ifndef SONDE_CORE_SAMPLING_H
#define SONDE_CORE_SAMPLING_H

#include "core/events.h"
#include "core/ring.h"
#include "core/target.h"
#include "unwind/unwind.h"

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sampling_opts {
	const struct event *event;
	uint64_t freq; /* samples per second, or */
	uint64_t period; /* one sample every period events */
	enum unwind_mode unwind;
	bool inherit; /* follow new threads and children */
	size_t ring_pages; /* per CPU, a power of two */
};

struct sampler;

/*
 * Opens and maps everything; for a held command, sampling starts at its
 * exec, otherwise at once.  0 or -errno; err_detail says what failed.
 */
int sampler__open(struct sampler **out, const struct sampling_opts *o,
		  const struct target *t);
/* The attr as opened (for the perf.data header) and every event id. */
const struct perf_event_attr *sampler__attr(const struct sampler *s);
const uint64_t *sampler__ids(const struct sampler *s, size_t *nr);
/* The ring fds, to poll for data. */
const int *sampler__ring_fds(const struct sampler *s, size_t *nr);
/* Drains every ring into sink (see ring__drain). */
int sampler__drain(struct sampler *s,
		   int (*sink)(const void *data, size_t size, void *ctx),
		   void *ctx, struct ring_stats *stats);
/* Stops sampling (before the last drain). */
void sampler__disable(struct sampler *s);
void sampler__free(struct sampler *s);

#endif
