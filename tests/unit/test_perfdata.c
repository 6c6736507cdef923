// SPDX-License-Identifier: GPL-2.0
/* perf.data writer and reader on hand-made records: round trips, damage. */
#include "harness.h"
#include "fixtures.h"
#include "perfdata_synth.h"
#include "perfdata/format.h"
#include "perfdata/reader.h"
#include "perfdata/writer.h"

#include <errno.h>
#include <stdint.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <zstd.h>

#define ST_ALL                                                       \
	(PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP | PERF_SAMPLE_TID | \
	 PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD |   \
	 PERF_SAMPLE_CALLCHAIN)

static const uint64_t ids_a[] = {11, 12};
static const uint64_t ids_b[] = {21, 22};
static const uint64_t chain[] = {PERF_CONTEXT_USER, 0x401234, 0x401100,
				 0x7f0000001000};

/* What one walk saw, kept past the callback. */
struct seen {
	int nr;
	uint32_t types[64];
	uint64_t offsets[64];
	struct perf_sample samples[64];
	const struct perf_data_event *events[64];
	bool has_sample[64];
	uint64_t chains[64][8];
	char comm[64][16];
};

static int collect(const struct perf_data_record *rec, void *ctx)
{
	struct seen *s = ctx;
	int i = s->nr;

	if (i >= 64)
		return 0;
	s->types[i] = rec->type;
	s->offsets[i] = rec->file_offset;
	s->samples[i] = rec->sample;
	s->events[i] = rec->event;
	s->has_sample[i] = rec->has_sample;
	if (rec->type == PERF_RECORD_SAMPLE && rec->has_sample) {
		for (uint64_t j = 0; j < rec->sample.callchain_nr && j < 8; j++)
			s->chains[i][j] = rec->sample.callchain[j];
	}
	if (rec->type == PERF_RECORD_COMM) {
		const struct perf_record_comm *c = (const void *)rec->header;

		snprintf(s->comm[i], sizeof(s->comm[i]), "%s", c->comm);
	}
	s->nr++;
	return 0;
}

/* The records of the round-trip file, in order. */
static void build_records(struct tbuf *b, const struct perf_event_attr *attr)
{
	struct tsample s = {
		.pid = 100, .tid = 100, .time = 1000, .id = 11, .cpu = 1};

	tsynth__comm(b, attr, &s, "victim", true);
	s.time = 1100;
	tsynth__mmap2(b, attr, &s, 0x400000, 0x2000, 0, 5, "/usr/bin/victim");
	s.time = 2000;
	s.ip = 0x401234;
	s.period = 1000000;
	s.callchain = chain;
	s.nr = 4;
	s.misc = PERF_RECORD_MISC_USER;
	tsynth__sample(b, attr, &s);
	tsynth__empty(b, PERF_RECORD_FINISHED_ROUND);
	s.time = 3000;
	s.id = 21;
	s.tid = 101;
	s.cpu = 0;
	tsynth__sample(b, attr, &s);
	tsynth__empty(b, 60); /* a kernel type sonde does not know */
	s.time = 1500;	      /* earlier, from another CPU */
	s.id = 12;
	tsynth__sample(b, attr, &s);
	s.time = 4000;
	s.id = 11;
	tsynth__fork(b, attr, &s, PERF_RECORD_EXIT, 100, 1, 100, 1);
}

static const char *write_file(const char *dir, const struct tbuf *recs,
			      bool finish)
{
	static char path[512];
	struct perf_data_writer *w;
	struct perf_event_attr a, b;
	static const uint8_t bid[20] = {0xde, 0xad, 0xbe, 0xef, 1, 2, 3};
	char *argv[] = {"sonde", "record", "-g", "--", "victim"};
	const char jit[] = "7f0000 10 java_method\n";

	snprintf(path, sizeof(path), "%s", fixture__path(dir, "rt.data"));
	tsynth__cpu_clock_attr(&a, ST_ALL);
	b = a;
	b.config = PERF_COUNT_SW_TASK_CLOCK;
	CHECK_EQ_INT(perf_data_writer__create(&w, path), 0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &a, ids_a, 2, "cpu-clock"),
		     0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &b, ids_b, 2, "task-clock"),
		     0);
	/* In pieces, one split inside a record header, one inside a record. */
	CHECK_EQ_INT(perf_data_writer__write(w, recs->p, 3), 0);
	CHECK_EQ_INT(perf_data_writer__write(w, recs->p + 3, 50), 0);
	CHECK_EQ_INT(perf_data_writer__write(w, recs->p + 53, recs->len - 53),
		     0);
	CHECK_EQ_INT(perf_data_writer__data_size(w), recs->len);
	CHECK_EQ_INT(perf_data_writer__set_cmdline(w, 5, argv), 0);
	CHECK_EQ_INT(perf_data_writer__add_build_id(w, -1,
						    PERF_RECORD_MISC_USER, bid,
						    20, "/usr/bin/victim"),
		     0);
	CHECK_EQ_INT(
		perf_data_writer__add_build_id(w, -1, PERF_RECORD_MISC_KERNEL,
					       bid, 7, "[kernel.kallsyms]"),
		0);
	CHECK_EQ_INT(
		perf_data_writer__add_jit_map(w, 100, jit, sizeof(jit) - 1), 0);
	CHECK_EQ_INT(perf_data_writer__add_build_id(w, -1, 0, bid, 21, "x"),
		     -EINVAL);
	if (finish) {
		CHECK_EQ_INT(perf_data_writer__finish(w), 0);
		CHECK_EQ_INT(perf_data_writer__write(w, recs->p, 8), -EINVAL);
	}
	perf_data_writer__free(w);
	return path;
}

TEST(perfdata_round_trip)
{
	const char *dir = fixture__tmpdir();
	struct perf_event_attr a;
	struct tbuf recs = {0};
	struct perf_data_reader *r;
	const struct perf_data_event *ev;
	const struct perf_data_build_id *bid;
	const char *const *argv;
	const void *text;
	struct utsname uts;
	struct seen *s = calloc(1, sizeof(*s));
	uint64_t first, last;
	uint32_t online, avail;
	size_t size;

	tsynth__cpu_clock_attr(&a, ST_ALL);
	build_records(&recs, &a);
	CHECK_EQ_INT(perf_data_reader__open(&r, write_file(dir, &recs, true)),
		     0);

	CHECK(!perf_data_reader__is_pipe(r));
	CHECK(!perf_data_reader__is_unfinished(r));
	CHECK_EQ_INT(perf_data_reader__data_size(r), recs.len);
	CHECK_EQ_INT(perf_data_reader__nr_events(r), 2);
	ev = perf_data_reader__event(r, 0);
	CHECK_EQ_STR(ev->name, "cpu-clock");
	CHECK_EQ_INT(ev->attr.config, PERF_COUNT_SW_CPU_CLOCK);
	CHECK_EQ_INT(ev->attr.sample_type, ST_ALL);
	CHECK_EQ_INT(ev->nr_ids, 2);
	CHECK_EQ_INT(ev->ids[1], 12);
	CHECK_EQ_INT(ev->id_hdr_size, 4 * 8);
	ev = perf_data_reader__event(r, 1);
	CHECK_EQ_STR(ev->name, "task-clock");
	CHECK_EQ_INT(ev->attr.config, PERF_COUNT_SW_TASK_CLOCK);
	CHECK(perf_data_reader__event_by_id(r, 22) == ev);
	CHECK(perf_data_reader__event_by_id(r, 23) == NULL);

	uname(&uts);
	CHECK_EQ_STR(perf_data_reader__hostname(r), uts.nodename);
	CHECK_EQ_STR(perf_data_reader__osrelease(r), uts.release);
	CHECK_EQ_STR(perf_data_reader__arch(r), uts.machine);
	CHECK(!strncmp(perf_data_reader__version(r), "sonde ", 6));
	CHECK_EQ_INT(perf_data_reader__nr_cpus(r, &online, &avail), 0);
	CHECK_EQ_INT(online, sysconf(_SC_NPROCESSORS_ONLN));
	CHECK(avail >= online);
	CHECK(perf_data_reader__total_mem(r) > 0);
	CHECK_EQ_INT(perf_data_reader__cmdline(r, &argv), 5);
	CHECK_EQ_STR(argv[0], "sonde");
	CHECK_EQ_STR(argv[4], "victim");
	CHECK_EQ_INT(perf_data_reader__sample_time(r, &first, &last), 0);
	CHECK_EQ_INT(first, 1500);
	CHECK_EQ_INT(last, 3000);
	CHECK_EQ_INT(perf_data_reader__nr_build_ids(r), 2);
	bid = perf_data_reader__build_id(r, 0);
	CHECK_EQ_STR(bid->path, "/usr/bin/victim");
	CHECK_EQ_INT(bid->pid, -1);
	CHECK_EQ_INT(bid->misc, PERF_RECORD_MISC_USER);
	CHECK_EQ_INT(bid->size, 20);
	CHECK_EQ_INT(bid->id[3], 0xef);
	bid = perf_data_reader__find_build_id(r, "[kernel.kallsyms]");
	CHECK(bid);
	CHECK_EQ_INT(bid->size, 7);
	CHECK_EQ_INT(bid->misc, PERF_RECORD_MISC_KERNEL);
	CHECK_EQ_INT(perf_data_reader__jit_map(r, 100, &text, &size), 0);
	CHECK_EQ_INT(size, 22);
	CHECK(!memcmp(text, "7f0000 10 java_method\n", 22));
	CHECK_EQ_INT(perf_data_reader__jit_map(r, 101, &text, &size), -ENOENT);
	CHECK(perf_data_reader__has_feature(r, HEADER_EVENT_DESC));
	CHECK(!perf_data_reader__has_feature(r, HEADER_COMPRESSED));

	CHECK_EQ_INT(perf_data_reader__for_each(r, collect, s), 0);
	CHECK_EQ_INT(perf_data_reader__stop_offset(r),
		     perf_data_reader__data_offset(r) + recs.len);
	CHECK_EQ_INT(s->nr, 7);
	CHECK_EQ_INT(s->types[0], PERF_RECORD_COMM);
	CHECK_EQ_STR(s->comm[0], "victim");
	CHECK(s->has_sample[0]);
	CHECK_EQ_INT(s->samples[0].time, 1000);
	CHECK_EQ_INT(s->samples[0].pid, 100);
	CHECK_EQ_INT(s->samples[0].cpu, 1);
	CHECK_EQ_INT(s->offsets[0], perf_data_reader__data_offset(r));
	CHECK_EQ_INT(s->types[1], PERF_RECORD_MMAP2);
	CHECK_EQ_INT(s->samples[1].time, 1100);
	CHECK_EQ_INT(s->types[2], PERF_RECORD_SAMPLE);
	CHECK(s->events[2] == perf_data_reader__event(r, 0));
	CHECK_EQ_INT(s->samples[2].ip, 0x401234);
	CHECK_EQ_INT(s->samples[2].tid, 100);
	CHECK_EQ_INT(s->samples[2].time, 2000);
	CHECK_EQ_INT(s->samples[2].period, 1000000);
	CHECK_EQ_INT(s->samples[2].callchain_nr, 4);
	CHECK_EQ_INT(s->samples[2].cpumode, PERF_RECORD_MISC_USER);
	CHECK(!memcmp(s->chains[2], chain, sizeof(chain)));
	CHECK_EQ_INT(s->types[3], PERF_RECORD_FINISHED_ROUND);
	CHECK(s->events[3] == NULL);
	CHECK_EQ_INT(s->types[4], PERF_RECORD_SAMPLE);
	CHECK(s->events[4] == perf_data_reader__event(r, 1));
	CHECK_EQ_INT(s->samples[4].tid, 101);
	CHECK_EQ_INT(s->samples[4].cpu, 0);
	CHECK_EQ_INT(s->types[5], PERF_RECORD_SAMPLE);
	CHECK(s->events[5] == perf_data_reader__event(r, 0));
	CHECK_EQ_INT(s->types[6], PERF_RECORD_EXIT);
	CHECK_EQ_INT(s->samples[6].time, 4000);
	CHECK_EQ_INT(perf_data_reader__stats(r)->samples, 3);
	CHECK_EQ_INT(perf_data_reader__stats(r)->unknown, 1);
	CHECK_EQ_INT(perf_data_reader__stats(r)->records, 7);

	/* A second walk sees the same. */
	s->nr = 0;
	CHECK_EQ_INT(perf_data_reader__for_each(r, collect, s), 0);
	CHECK_EQ_INT(s->nr, 7);
	perf_data_reader__free(r);
	tbuf__release(&recs);
	free(s);
}

TEST(perfdata_ordered)
{
	struct perf_event_attr a;
	struct tbuf recs = {0};
	struct perf_data_reader *r;
	struct seen *s = calloc(1, sizeof(*s));
	static const uint64_t want[] = {1000, 1100, 1500, 2000, 3000, 4000};

	tsynth__cpu_clock_attr(&a, ST_ALL);
	build_records(&recs, &a);
	CHECK_EQ_INT(perf_data_reader__open(
			     &r, write_file(fixture__tmpdir(), &recs, true)),
		     0);
	perf_data_reader__set_ordered(r, true);
	CHECK_EQ_INT(perf_data_reader__for_each(r, collect, s), 0);
	CHECK_EQ_INT(s->nr, 6); /* FINISHED_ROUND is not handed over */
	for (int i = 0; i < 6; i++)
		CHECK_EQ_INT(s->samples[i].time, want[i]);
	CHECK_EQ_INT(s->types[0], PERF_RECORD_COMM);
	CHECK_EQ_INT(s->types[5], PERF_RECORD_EXIT);
	CHECK(s->events[2] == perf_data_reader__event(r, 0));
	CHECK_EQ_INT(s->samples[2].tid, 101);
	CHECK_EQ_INT(perf_data_reader__stats(r)->samples, 3);
	CHECK_EQ_INT(perf_data_reader__stats(r)->unknown, 1);
	perf_data_reader__free(r);
	tbuf__release(&recs);
	free(s);
}

static int stop_at_second(const struct perf_data_record *rec, void *ctx)
{
	return ++*(int *)ctx == 2 ? 42 : 0;
}

TEST(perfdata_callback_stops_walk)
{
	struct perf_event_attr a;
	struct tbuf recs = {0};
	struct perf_data_reader *r;
	int n = 0;

	tsynth__cpu_clock_attr(&a, ST_ALL);
	build_records(&recs, &a);
	CHECK_EQ_INT(perf_data_reader__open(
			     &r, write_file(fixture__tmpdir(), &recs, true)),
		     0);
	CHECK_EQ_INT(perf_data_reader__for_each(r, stop_at_second, &n), 42);
	CHECK_EQ_INT(n, 2);
	perf_data_reader__free(r);
	tbuf__release(&recs);
}

/* An interrupted recording: no finish(), yet attrs and records read. */
TEST(perfdata_unfinished_file)
{
	struct perf_event_attr a;
	struct tbuf recs = {0};
	struct perf_data_reader *r;
	struct seen *s = calloc(1, sizeof(*s));

	tsynth__cpu_clock_attr(&a, ST_ALL);
	build_records(&recs, &a);
	CHECK_EQ_INT(perf_data_reader__open(
			     &r, write_file(fixture__tmpdir(), &recs, false)),
		     0);
	CHECK(perf_data_reader__is_unfinished(r));
	CHECK_EQ_INT(perf_data_reader__nr_events(r), 2);
	CHECK(perf_data_reader__hostname(r) == NULL);
	CHECK_EQ_INT(perf_data_reader__for_each(r, collect, s), 0);
	CHECK_EQ_INT(s->nr, 7);
	CHECK(s->events[4] == perf_data_reader__event(r, 1));
	perf_data_reader__free(r);
	tbuf__release(&recs);
	free(s);
}

/* Events added once data was written still reach the attrs. */
TEST(perfdata_event_added_late)
{
	const char *path = fixture__path(fixture__tmpdir(), "late.data");
	struct perf_data_writer *w;
	struct perf_data_reader *r;
	struct perf_event_attr a;
	struct tbuf recs = {0};
	struct seen *s = calloc(1, sizeof(*s));

	tsynth__cpu_clock_attr(&a, ST_ALL);
	build_records(&recs, &a);
	CHECK_EQ_INT(perf_data_writer__create(&w, path), 0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &a, ids_a, 2, NULL), 0);
	CHECK_EQ_INT(perf_data_writer__write(w, recs.p, recs.len), 0);
	CHECK_EQ_INT(perf_data_writer__finish(w), 0); /* flushes */
	perf_data_writer__free(w);
	CHECK_EQ_INT(perf_data_reader__open(&r, path), 0);
	CHECK_EQ_INT(perf_data_reader__nr_events(r), 1);
	CHECK(perf_data_reader__event(r, 0)->name == NULL);
	perf_data_reader__free(r);

	CHECK_EQ_INT(perf_data_writer__create(&w, path), 0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &a, ids_a, 2, "a"), 0);
	/* More than the buffer holds, so the data starts before b exists. */
	for (int i = 0; i < 5000; i++)
		CHECK_EQ_INT(perf_data_writer__write(w, recs.p, recs.len), 0);
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	CHECK_EQ_INT(perf_data_writer__add_event(w, &a, ids_b, 2, "b"), 0);
	CHECK_EQ_INT(perf_data_writer__finish(w), 0);
	perf_data_writer__free(w);
	CHECK_EQ_INT(perf_data_reader__open(&r, path), 0);
	CHECK_EQ_INT(perf_data_reader__nr_events(r), 2);
	CHECK_EQ_STR(perf_data_reader__event(r, 1)->name, "b");
	CHECK_EQ_INT(perf_data_reader__for_each(r, collect, s), 0);
	CHECK_EQ_INT(perf_data_reader__stats(r)->samples, 3 * 5000);
	CHECK(s->events[4] == perf_data_reader__event(r, 1));
	perf_data_reader__free(r);
	tbuf__release(&recs);
	free(s);
}

/*
 * Appends records compressed as perf -z does, the input cut into chunks
 * of step bytes.  perf 6.1 writes COMPRESSED records unpadded (what
 * follows is misaligned); newer perf pads COMPRESSED2 records.
 */
static void compress_records(struct tbuf *out, const struct tbuf *in,
			     size_t step, size_t max_payload, bool v2)
{
	ZSTD_CStream *zcs = ZSTD_createCStream();
	unsigned char *buf = malloc(max_payload);

	ZSTD_initCStream(zcs, 1);
	for (size_t off = 0; off < in->len; off += step) {
		ZSTD_inBuffer zin = {
			in->p + off,
			in->len - off < step ? in->len - off : step, 0};
		size_t left;

		do {
			ZSTD_outBuffer zout = {buf, max_payload, 0};
			struct perf_event_header h = {PERF_RECORD_COMPRESSED, 0,
						      0};
			static const char zeros[8];
			uint64_t data_size;
			size_t pad;

			left = ZSTD_compressStream2(zcs, &zout, &zin,
						    ZSTD_e_end);
			CHECK(!ZSTD_isError(left));
			data_size = zout.pos;
			if (v2) {
				pad = (8 - zout.pos % 8) % 8;
				h.type = PERF_RECORD_COMPRESSED2;
				h.size = (uint16_t)(sizeof(h) + 8 + zout.pos +
						    pad);
				tbuf__put(out, &h, sizeof(h));
				tbuf__put(out, &data_size, 8);
				tbuf__put(out, buf, zout.pos);
				tbuf__put(out, zeros, pad);
			} else {
				h.size = (uint16_t)(sizeof(h) + zout.pos);
				tbuf__put(out, &h, sizeof(h));
				tbuf__put(out, buf, zout.pos);
			}
		} while (left);
	}
	ZSTD_freeCStream(zcs);
	free(buf);
}

TEST(perfdata_compressed_records)
{
	const char *path = fixture__path(fixture__tmpdir(), "z.data");
	struct perf_event_attr a;
	struct tbuf recs = {0}, many = {0}, z = {0};
	struct perf_data_writer *w;
	struct perf_data_reader *r;
	struct seen *s = calloc(1, sizeof(*s));

	tsynth__cpu_clock_attr(&a, ST_ALL);
	build_records(&recs, &a);
	for (int i = 0; i < 400; i++)
		tbuf__put(&many, recs.p, recs.len);
	/* Chunks that end inside records; payloads that span records. */
	tsynth__comm(&z, &a, &(struct tsample){.pid = 7, .tid = 7}, "plain",
		     false);
	compress_records(&z, &many, 1000, 300, false);
	tsynth__empty(&z, PERF_RECORD_FINISHED_ROUND); /* misaligned */
	compress_records(&z, &recs, 1000, 300, true);
	CHECK_EQ_INT(perf_data_writer__create(&w, path), 0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &a, ids_a, 2, "a"), 0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &a, ids_b, 2, "b"), 0);
	CHECK_EQ_INT(perf_data_writer__write(w, z.p, z.len), 0);
	CHECK_EQ_INT(perf_data_writer__finish(w), 0);
	perf_data_writer__free(w);

	CHECK_EQ_INT(perf_data_reader__open(&r, path), 0);
	CHECK_EQ_INT(perf_data_reader__for_each(r, collect, s), 0);
	CHECK_EQ_INT(perf_data_reader__stats(r)->samples, 3 * 401);
	CHECK_EQ_INT(perf_data_reader__stats(r)->records, 1 + 7 * 400 + 1 + 7);
	CHECK(perf_data_reader__stats(r)->compressed > 10);
	CHECK_EQ_INT(perf_data_reader__stats(r)->decompressed_bytes,
		     many.len + recs.len);
	CHECK_EQ_STR(s->comm[0], "plain");
	CHECK(!s->samples[0].time);
	CHECK_EQ_STR(s->comm[1], "victim");
	CHECK(s->offsets[1] > perf_data_reader__data_offset(r));
	CHECK_EQ_INT(s->types[3], PERF_RECORD_SAMPLE);
	CHECK(!memcmp(s->chains[3], chain, sizeof(chain)));
	CHECK(s->events[5] == perf_data_reader__event(r, 1));
	CHECK_EQ_INT(s->types[63], PERF_RECORD_EXIT);
	perf_data_reader__free(r);

	/* Damaged compressed bytes: a clean error where the record starts. */
	for (size_t i = 200; i < z.len; i += 97)
		z.p[i] ^= 0x5a;
	CHECK_EQ_INT(perf_data_writer__create(&w, path), 0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &a, ids_a, 2, "a"), 0);
	CHECK_EQ_INT(perf_data_writer__write(w, z.p, z.len), 0);
	CHECK_EQ_INT(perf_data_writer__finish(w), 0);
	perf_data_writer__free(w);
	CHECK_EQ_INT(perf_data_reader__open(&r, path), 0);
	CHECK_EQ_INT(perf_data_reader__for_each(r, collect, s), -EBADMSG);
	CHECK(perf_data_reader__stop_offset(r) <
	      perf_data_reader__data_offset(r) + z.len);
	perf_data_reader__free(r);
	tbuf__release(&recs);
	tbuf__release(&many);
	tbuf__release(&z);
	free(s);
}

static int count_only(const struct perf_data_record *rec, void *ctx)
{
	(*(uint64_t *)ctx)++;
	return 0;
}

/*
 * Every prefix of a file: opens or fails cleanly, reads what the prefix
 * holds, and stops where the first incomplete record starts.  The
 * prefix is an exact-size heap copy so ASan sees any read past it.
 */
static void check_prefixes(const unsigned char *file, size_t len,
			   uint64_t data_off, uint64_t data_end,
			   uint64_t full_samples, size_t step)
{
	for (size_t cut = 0; cut <= len;
	     cut += (cut < data_off + 64 || cut > data_end - 64) ? 1 : step) {
		unsigned char *copy = malloc(cut ? cut : 1);
		struct perf_data_reader *r;
		uint64_t n = 0;
		int err;

		memcpy(copy, file, cut);
		err = perf_data_reader__open_mem(&r, copy, cut);
		if (err) {
			CHECK(err == -ENODATA || err == -EBADMSG);
			/* Header and attrs come first: later cuts must open. */
			CHECK(cut < data_off);
			free(copy);
			continue;
		}
		err = perf_data_reader__for_each(r, count_only, &n);
		if (cut >= data_end) {
			CHECK_EQ_INT(err, 0);
			CHECK_EQ_INT(perf_data_reader__stats(r)->samples,
				     full_samples);
		} else {
			CHECK_EQ_INT(err, -ENODATA);
			CHECK(perf_data_reader__stop_offset(r) <= cut);
			CHECK(perf_data_reader__stop_offset(r) + 65536 > cut);
			CHECK(perf_data_reader__stats(r)->samples <=
			      full_samples);
		}
		perf_data_reader__free(r);
		free(copy);
	}
}

TEST(perfdata_truncated_sonde_file)
{
	struct perf_event_attr a;
	struct tbuf recs = {0};
	struct perf_data_reader *r;
	unsigned char *file;
	size_t len;
	uint64_t data_off, data_end, samples = 0;

	tsynth__cpu_clock_attr(&a, ST_ALL);
	for (int i = 0; i < 20; i++)
		build_records(&recs, &a);
	CHECK_EQ_INT(fixture__slurp(write_file(fixture__tmpdir(), &recs, true),
				    &file, &len),
		     0);
	CHECK_EQ_INT(perf_data_reader__open_mem(&r, file, len), 0);
	CHECK_EQ_INT(perf_data_reader__for_each(r, count_only, &samples), 0);
	data_off = perf_data_reader__data_offset(r);
	data_end = data_off + perf_data_reader__data_size(r);
	samples = perf_data_reader__stats(r)->samples;
	CHECK_EQ_INT(samples, 60);
	perf_data_reader__free(r);
	check_prefixes(file, len, data_off, data_end, samples, 7);
	tbuf__release(&recs);
	free(file);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void read_all(const unsigned char *data, size_t len)
{
	unsigned char *copy = malloc(len ? len : 1);
	struct perf_data_reader *r;
	uint64_t n = 0;

	memcpy(copy, data, len);
	if (perf_data_reader__open_mem(&r, copy, len) == 0) {
		int err = perf_data_reader__for_each(r, count_only, &n);

		CHECK(err == 0 || err == -ENODATA || err == -EBADMSG);
		CHECK(perf_data_reader__stop_offset(r) <= len);
		perf_data_reader__free(r);
	}
	free(copy);
}

TEST(perfdata_garbage)
{
	struct perf_event_attr a;
	struct tbuf recs = {0};
	unsigned char *file, buf[4096];
	size_t len;

	/* Random bytes, with and without a valid magic. */
	for (int i = 0; i < 2000; i++) {
		size_t n = rng() % sizeof(buf);

		for (size_t j = 0; j < n; j++)
			buf[j] = (unsigned char)rng();
		if (i & 1 && n >= 16) {
			uint64_t magic = PERF_FILE_MAGIC, hs = i & 2 ? 16 : 104;

			memcpy(buf, &magic, 8);
			memcpy(buf + 8, &hs, 8);
		}
		read_all(buf, n);
	}
	/* A valid file with bytes changed here and there. */
	tsynth__cpu_clock_attr(&a, ST_ALL | PERF_SAMPLE_RAW | PERF_SAMPLE_READ);
	a.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID;
	for (int i = 0; i < 5; i++)
		build_records(&recs, &a);
	CHECK_EQ_INT(fixture__slurp(write_file(fixture__tmpdir(), &recs, true),
				    &file, &len),
		     0);
	for (int i = 0; i < 3000; i++) {
		unsigned char *m = malloc(len);
		int flips = 1 + (int)(rng() % 8);

		memcpy(m, file, len);
		while (flips--) {
			size_t at = rng() % len;

			m[at] = (unsigned char)(rng() % 4 ? rng()
							  : (m[at] ^ 0x80));
		}
		read_all(m, len);
		free(m);
	}
	tbuf__release(&recs);
	free(file);
}

TEST(perfdata_open_errors)
{
	const char *dir = fixture__tmpdir();
	struct perf_data_reader *r;
	uint64_t swapped = PERF_FILE_MAGIC_SWAPPED;

	CHECK_EQ_INT(perf_data_reader__open(&r, fixture__path(dir, "none")),
		     -ENOENT);
	CHECK_EQ_INT(perf_data_reader__open(&r, dir), -EISDIR);
	fixture__spit(fixture__path(dir, "empty"), "", 0);
	CHECK_EQ_INT(perf_data_reader__open(&r, fixture__path(dir, "empty")),
		     -ENODATA);
	fixture__spit(fixture__path(dir, "text"), "hello world, not perf", 21);
	CHECK_EQ_INT(perf_data_reader__open(&r, fixture__path(dir, "text")),
		     -EINVAL);
	CHECK_EQ_INT(perf_data_reader__open_mem(&r, &swapped, 8),
		     -EPROTONOSUPPORT);
	CHECK_EQ_INT(perf_data_reader__open_mem(&r, "PERFFILE", 8),
		     -EPROTONOSUPPORT);
	CHECK(r == NULL);
}
