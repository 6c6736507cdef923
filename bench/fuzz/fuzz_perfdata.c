// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: perf.data files through the reader (header, attrs,
 * features, records, zstd, samples) and the machine state built from
 * them, touching every pointer a record hands out.
 */
#include "perfdata/machine.h"
#include "perfdata/reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Keeps the sums, and so the reads, from being optimized out. */
volatile uint64_t fuzz_perfdata_sink;

struct fuzz_ctx {
	struct machine *m;
	uint64_t sum;
};

static uint64_t sum_u64(const uint64_t *p, uint64_t n)
{
	uint64_t s = 0;

	for (uint64_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static uint64_t sum_bytes(const void *p, uint64_t n)
{
	const unsigned char *b = p;
	uint64_t s = 0;

	for (uint64_t i = 0; i < n; i++)
		s += b[i];
	return s;
}

static int visit(const struct perf_data_record *rec, void *ctx)
{
	struct fuzz_ctx *f = ctx;
	const struct perf_sample *s = &rec->sample;

	f->sum += sum_bytes(rec->header, rec->size);
	if (rec->type == PERF_RECORD_SAMPLE && rec->has_sample) {
		f->sum += sum_u64(s->callchain, s->callchain_nr);
		f->sum += sum_u64(s->read, s->read_nr);
		f->sum += sum_bytes(s->raw, s->raw_size);
		f->sum += sum_bytes(s->branches,
				    s->branch_nr * sizeof(*s->branches));
		if (s->branch_counters)
			f->sum += sum_u64(s->branch_counters, s->branch_nr);
		f->sum += sum_bytes(s->user_stack, s->user_stack_size);
		f->sum += sum_bytes(s->aux, s->aux_size);
		if (s->user_regs.regs)
			f->sum += sum_u64(s->user_regs.regs,
					  (uint64_t)__builtin_popcountll(
						  s->user_regs.mask));
		if (s->intr_regs.regs)
			f->sum += sum_u64(s->intr_regs.regs,
					  (uint64_t)__builtin_popcountll(
						  s->intr_regs.mask));
		for (uint64_t i = 0; i < s->callchain_nr && i < 16; i++) {
			const struct machine_map *mp = machine__find_map(
				f->m, s->pid, s->callchain[i], i & 1);

			if (mp)
				f->sum += strlen(mp->filename);
		}
		if (machine__comm_at(f->m, s->tid, s->time))
			f->sum++;
	}
	machine__process(f->m, rec);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct perf_data_reader *r;
	struct fuzz_ctx f = {0};
	const char *const *argv;
	size_t n;

	if (perf_data_reader__open_mem(&r, data, size))
		return 0;
	if (machine__new(&f.m)) {
		perf_data_reader__free(r);
		return 0;
	}
	n = perf_data_reader__cmdline(r, &argv);
	for (size_t i = 0; i < n; i++)
		f.sum += strlen(argv[i]);
	for (size_t i = 0; i < perf_data_reader__nr_build_ids(r); i++)
		f.sum += strlen(perf_data_reader__build_id(r, i)->path);
	for (size_t i = 0; i < perf_data_reader__nr_blobs(r); i++) {
		const struct perf_data_blob *b = perf_data_reader__blob(r, i);

		f.sum += strlen(b->name) + sum_bytes(b->data, b->size);
	}
	for (size_t i = 0; i < perf_data_reader__nr_events(r); i++) {
		const struct perf_data_event *ev =
			perf_data_reader__event(r, i);

		f.sum += sum_u64(ev->ids, ev->nr_ids);
		if (ev->name)
			f.sum += strlen(ev->name);
	}
	/* Both orders: the held-back records of ordered mode too. */
	perf_data_reader__set_ordered(r, size & 1);
	perf_data_reader__for_each(r, visit, &f);
	machine__free(f.m);
	perf_data_reader__free(r);
	fuzz_perfdata_sink = f.sum;
	return 0;
}
