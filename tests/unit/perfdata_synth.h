/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hand-made records for the perf.data tests: COMM, MMAP2, FORK/EXIT
 * and SAMPLE laid out as the kernel lays them out for an attr, with the
 * sample_id trailer when the attr asks for one.
 */
#ifndef SONDE_TESTS_PERFDATA_SYNTH_H
#define SONDE_TESTS_PERFDATA_SYNTH_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tbuf {
	unsigned char *p;
	size_t len, cap;
};

void tbuf__put(struct tbuf *b, const void *data, size_t size);
void tbuf__release(struct tbuf *b);

/* What the trailer or sample says beyond the record's own fields. */
struct tsample {
	uint32_t pid, tid;
	uint64_t time;
	uint64_t id;
	uint32_t cpu;
	uint64_t ip;
	uint64_t period;
	const uint64_t *callchain;
	uint64_t nr;
	uint16_t misc; /* cpumode */
};

void tsynth__comm(struct tbuf *b, const struct perf_event_attr *attr,
		  const struct tsample *s, const char *comm, bool exec);
void tsynth__mmap2(struct tbuf *b, const struct perf_event_attr *attr,
		   const struct tsample *s, uint64_t start, uint64_t len,
		   uint64_t pgoff, uint32_t prot, const char *filename);
/* MMAP, as perf writes the kernel's text (pid -1, misc KERNEL). */
void tsynth__mmap(struct tbuf *b, const struct perf_event_attr *attr,
		  const struct tsample *s, uint32_t pid, uint64_t start,
		  uint64_t len, uint64_t pgoff, uint16_t misc,
		  const char *filename);
/* type PERF_RECORD_FORK or PERF_RECORD_EXIT. */
void tsynth__fork(struct tbuf *b, const struct perf_event_attr *attr,
		  const struct tsample *s, uint32_t type, uint32_t pid,
		  uint32_t ppid, uint32_t tid, uint32_t ptid);
void tsynth__sample(struct tbuf *b, const struct perf_event_attr *attr,
		    const struct tsample *s);
/* A user record with no payload (FINISHED_ROUND) or any type. */
void tsynth__empty(struct tbuf *b, uint32_t type);

/* cpu-clock sampling as sonde/perf record open it. */
void tsynth__cpu_clock_attr(struct perf_event_attr *attr, uint64_t sample_type);

#endif
