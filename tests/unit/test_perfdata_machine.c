// SPDX-License-Identifier: GPL-2.0
/* The machine state: threads, comms over time, fork, exec, mmap cuts. */
#include "harness.h"
#include "perfdata_synth.h"
#include "perfdata/format.h"
#include "perfdata/machine.h"
#include "perfdata/reader.h"

#include <errno.h>
#include <stdint.h>
#include <sys/mman.h>

#define ST (PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME)

static struct perf_data_event the_event;

/* Feeds the records of b (one at a time, parsed as the reader does). */
static void feed(struct machine *m, struct tbuf *b)
{
	size_t pos = 0;

	while (pos < b->len) {
		const struct perf_event_header *h = (const void *)(b->p + pos);
		struct perf_data_record rec = {
			.header = h,
			.type = h->type,
			.misc = h->misc,
			.size = h->size,
			.event = &the_event,
		};

		if (h->type == PERF_RECORD_SAMPLE)
			rec.has_sample =
				!perf_sample__parse(&rec.sample, &the_event, h);
		else
			rec.has_sample = !perf_sample__parse_id(&rec.sample,
								&the_event, h);
		CHECK_EQ_INT(machine__process(m, &rec), 0);
		pos += h->size;
	}
	b->len = 0;
}

static struct machine *setup(void)
{
	struct machine *m;

	tsynth__cpu_clock_attr(&the_event.attr, ST);
	perf_data_event__init(&the_event);
	CHECK_EQ_INT(machine__new(&m), 0);
	return m;
}

static const char *file_at(struct machine *m, int32_t pid, uint64_t addr)
{
	const struct machine_map *mp = machine__find_map(m, pid, addr, false);

	return mp ? mp->filename : NULL;
}

TEST(machine_comm_fork_exec_exit)
{
	struct machine *m = setup();
	struct tbuf b = {0};
	const struct machine_thread *t;
	struct tsample s = {.pid = 10, .tid = 10, .time = 100};

	tsynth__comm(&b, &the_event.attr, &s, "bash", false);
	tsynth__mmap2(&b, &the_event.attr, &s, 0x1000, 0x1000, 0, PROT_EXEC,
		      "/bin/bash");
	feed(m, &b);
	t = machine__thread(m, 10);
	CHECK(t);
	CHECK_EQ_INT(t->pid, 10);
	CHECK_EQ_STR(t->comm, "bash");
	CHECK(machine__thread(m, 11) == NULL);

	/* A thread of the same process shares its maps. */
	s.time = 200;
	tsynth__fork(&b, &the_event.attr, &s, PERF_RECORD_FORK, 10, 10, 11, 10);
	/* A child process gets a copy of them. */
	s.time = 300;
	tsynth__fork(&b, &the_event.attr, &s, PERF_RECORD_FORK, 20, 10, 20, 10);
	feed(m, &b);
	t = machine__thread(m, 11);
	CHECK_EQ_INT(t->pid, 10);
	CHECK_EQ_STR(t->comm, "bash");
	CHECK_EQ_STR(machine__thread(m, 20)->comm, "bash");
	CHECK_EQ_INT(machine__thread(m, 20)->pid, 20);
	CHECK_EQ_STR(file_at(m, 20, 0x1800), "/bin/bash");

	/* The child maps more; the parent does not see it. */
	s = (struct tsample){.pid = 20, .tid = 20, .time = 400};
	tsynth__mmap2(&b, &the_event.attr, &s, 0x8000, 0x1000, 0, PROT_EXEC,
		      "/lib/libc.so.6");
	feed(m, &b);
	CHECK_EQ_STR(file_at(m, 20, 0x8000), "/lib/libc.so.6");
	CHECK(file_at(m, 10, 0x8000) == NULL);

	/*
	 * exec: new comm; the old maps stay until new ones cover them, as
	 * perf keeps them (samples inside execve still name the old code).
	 */
	s.time = 500;
	tsynth__comm(&b, &the_event.attr, &s, "ls", true);
	feed(m, &b);
	CHECK_EQ_STR(machine__thread(m, 20)->comm, "ls");
	CHECK_EQ_STR(file_at(m, 20, 0x1800), "/bin/bash");
	CHECK_EQ_STR(file_at(m, 20, 0x8000), "/lib/libc.so.6");
	CHECK_EQ_STR(file_at(m, 10, 0x1800), "/bin/bash");
	s.time = 510;
	tsynth__mmap2(&b, &the_event.attr, &s, 0x1000, 0x3000, 0, PROT_EXEC,
		      "/bin/ls");
	feed(m, &b);
	CHECK_EQ_STR(file_at(m, 20, 0x1800), "/bin/ls");

	/* Comm over time: samples before the exec keep the old name. */
	CHECK_EQ_STR(machine__comm_at(m, 20, 350), "bash");
	CHECK_EQ_STR(machine__comm_at(m, 20, 500), "ls");
	CHECK_EQ_STR(machine__comm_at(m, 20, 10), "bash");
	CHECK(machine__comm_at(m, 99, 10) == NULL);

	/* Exit keeps the thread for the samples still to come. */
	s.time = 600;
	tsynth__fork(&b, &the_event.attr, &s, PERF_RECORD_EXIT, 20, 10, 20, 10);
	feed(m, &b);
	CHECK(machine__thread(m, 20)->exited);
	CHECK_EQ_STR(machine__thread(m, 20)->comm, "ls");

	/* tid reuse: a new process 20 starts clean. */
	s = (struct tsample){.pid = 10, .tid = 10, .time = 700};
	tsynth__fork(&b, &the_event.attr, &s, PERF_RECORD_FORK, 20, 10, 20, 10);
	feed(m, &b);
	CHECK(!machine__thread(m, 20)->exited);
	CHECK_EQ_STR(file_at(m, 20, 0x1800), "/bin/bash");

	machine__free(m);
	tbuf__release(&b);
}

TEST(machine_sample_makes_thread)
{
	struct machine *m = setup();
	struct tbuf b = {0};
	struct tsample s = {.pid = 30, .tid = 31, .ip = 0x10};

	tsynth__sample(&b, &the_event.attr, &s);
	feed(m, &b);
	CHECK(machine__thread(m, 31));
	CHECK_EQ_INT(machine__thread(m, 31)->pid, 30);
	CHECK(machine__thread(m, 31)->comm == NULL);
	machine__free(m);
	tbuf__release(&b);
}

struct want_map {
	uint64_t start, end, pgoff;
	const char *file;
};

static void expect_maps(struct machine *m, int32_t pid,
			const struct want_map *want, size_t nr)
{
	const struct machine_map *maps;
	size_t n = machine__maps(m, pid, &maps);

	if (n != nr) {
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  %llx-%llx %llx %s\n",
				(unsigned long long)maps[i].start,
				(unsigned long long)maps[i].end,
				(unsigned long long)maps[i].pgoff,
				maps[i].filename);
	}
	CHECK_EQ_INT(n, nr);
	for (size_t i = 0; i < nr; i++) {
		CHECK_EQ_INT(maps[i].start, want[i].start);
		CHECK_EQ_INT(maps[i].end, want[i].end);
		CHECK_EQ_INT(maps[i].pgoff, want[i].pgoff);
		CHECK_EQ_STR(maps[i].filename, want[i].file);
	}
}

static void add(struct machine *m, uint64_t start, uint64_t end, uint64_t pgoff,
		const char *file)
{
	struct machine_map mp = {.start = start,
				 .end = end,
				 .pgoff = pgoff,
				 .filename = file,
				 .prot = PROT_READ};

	CHECK_EQ_INT(machine__insert_map(m, 5, &mp), 0);
}

TEST(machine_mmap_overlaps)
{
	struct machine *m = setup();

	add(m, 0x1000, 0x5000, 0, "a");
	add(m, 0x8000, 0x9000, 0, "b");
	add(m, 0x6000, 0x7000, 0, "c");
	{
		const struct want_map w[] = {{0x1000, 0x5000, 0, "a"},
					     {0x6000, 0x7000, 0, "c"},
					     {0x8000, 0x9000, 0, "b"}};

		expect_maps(m, 5, w, 3);
	}
	/* In the middle of a: a splits, the right part's offset moves. */
	add(m, 0x2000, 0x3000, 0x10000, "d");
	{
		const struct want_map w[] = {{0x1000, 0x2000, 0, "a"},
					     {0x2000, 0x3000, 0x10000, "d"},
					     {0x3000, 0x5000, 0x2000, "a"},
					     {0x6000, 0x7000, 0, "c"},
					     {0x8000, 0x9000, 0, "b"}};

		expect_maps(m, 5, w, 5);
	}
	/* Over the tail of a, all of c and the head of b. */
	add(m, 0x4000, 0x8800, 0, "e");
	{
		const struct want_map w[] = {{0x1000, 0x2000, 0, "a"},
					     {0x2000, 0x3000, 0x10000, "d"},
					     {0x3000, 0x4000, 0x2000, "a"},
					     {0x4000, 0x8800, 0, "e"},
					     {0x8800, 0x9000, 0x800, "b"}};

		expect_maps(m, 5, w, 5);
	}
	/* Exactly one map: replaced. Everything: one map left. */
	add(m, 0x2000, 0x3000, 0, "f");
	CHECK_EQ_STR(file_at(m, 5, 0x2fff), "f");
	CHECK_EQ_STR(file_at(m, 5, 0x3000), "a");
	CHECK(file_at(m, 5, 0x9000) == NULL);
	CHECK(file_at(m, 5, 0xfff) == NULL);
	add(m, 0, 0x10000, 0, "g");
	{
		const struct want_map w[] = {{0, 0x10000, 0, "g"}};

		expect_maps(m, 5, w, 1);
	}
	/* Empty and wrapped mappings are ignored. */
	add(m, 0x20000, 0x20000, 0, "h");
	expect_maps(m, 5, (const struct want_map[]){{0, 0x10000, 0, "g"}}, 1);
	machine__free(m);
}

TEST(machine_many_maps)
{
	struct machine *m = setup();
	char name[32];

	/* Reverse order and then a sweep: the array stays sorted. */
	for (int i = 999; i >= 0; i--) {
		snprintf(name, sizeof(name), "lib%d.so", i);
		add(m, 0x100000 + (uint64_t)i * 0x2000,
		    0x100000 + (uint64_t)i * 0x2000 + 0x1000, 0, name);
	}
	for (int i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "lib%d.so", i);
		CHECK_EQ_STR(file_at(m, 5, 0x100000 + (uint64_t)i * 0x2000 + 8),
			     name);
		CHECK(file_at(m, 5, 0x101000 + (uint64_t)i * 0x2000) == NULL);
	}
	add(m, 0x100800, 0x100000 + 500 * 0x2000 + 0x800, 0, "big");
	CHECK_EQ_STR(file_at(m, 5, 0x100000), "lib0.so");
	CHECK_EQ_STR(file_at(m, 5, 0x100000 + 250 * 0x2000), "big");
	CHECK_EQ_STR(file_at(m, 5, 0x100000 + 500 * 0x2000 + 0x800),
		     "lib500.so");
	machine__free(m);
}

TEST(machine_kernel_maps)
{
	struct machine *m = setup();
	struct tbuf b = {0};
	struct tsample s = {0};
	const struct machine_map *mp;
	const uint64_t text = 0xffffffff81000000ULL;

	tsynth__mmap(&b, &the_event.attr, &s, (uint32_t)-1, text, 0x1200000,
		     text, PERF_RECORD_MISC_KERNEL, "[kernel.kallsyms]_text");
	tsynth__mmap(&b, &the_event.attr, &s, (uint32_t)-1,
		     0xffffffffc0000000ULL, 0x5000, 0, PERF_RECORD_MISC_KERNEL,
		     "/lib/modules/6.1/kernel/fs/ext4.ko");
	/* A user process's map of the same address is another space. */
	s.pid = s.tid = 40;
	tsynth__mmap2(&b, &the_event.attr, &s, text, 0x1000, 0, PROT_EXEC,
		      "/odd");
	feed(m, &b);
	mp = machine__find_map(m, 40, text + 0x100, true);
	CHECK(mp);
	CHECK(mp->kernel);
	CHECK_EQ_STR(mp->filename, "[kernel.kallsyms]_text");
	CHECK_EQ_INT(mp->pgoff, text);
	CHECK_EQ_STR(machine__find_map(m, 40, text + 0x100, false)->filename,
		     "/odd");
	CHECK_EQ_STR(
		machine__find_map(m, 0, 0xffffffffc0001000ULL, true)->filename,
		"/lib/modules/6.1/kernel/fs/ext4.ko");
	/* Past the text's MMAP, below the first module: still the kernel. */
	CHECK_EQ_STR(machine__find_map(m, 0, text + 0x2000000, true)->filename,
		     "[kernel.kallsyms]_text");
	/* Past a module's end: nobody's. */
	CHECK(machine__find_map(m, 0, 0xffffffffc0006000ULL, true) == NULL);
	CHECK(machine__find_map(m, 0, 0x1000, true) == NULL);
	machine__free(m);
	tbuf__release(&b);
}

TEST(machine_ksymbol)
{
	struct machine *m = setup();
	uint64_t buf[6] = {0}; /* the record and its name, aligned */
	struct perf_record_ksymbol *k = (void *)buf;
	struct perf_data_record rec = {0};

	k->header.type = PERF_RECORD_KSYMBOL;
	k->header.size = sizeof(buf);
	k->addr = 0xffffffffa0001000ULL;
	k->len = 0x80;
	k->ksym_type = PERF_RECORD_KSYMBOL_TYPE_BPF;
	strcpy(k->name, "bpf_prog_1234_handler");
	rec.header = &k->header;
	rec.type = PERF_RECORD_KSYMBOL;
	rec.size = sizeof(buf);
	CHECK_EQ_INT(machine__process(m, &rec), 0);
	CHECK_EQ_STR(
		machine__find_map(m, 0, 0xffffffffa0001010ULL, true)->filename,
		"bpf_prog_1234_handler");
	CHECK(machine__find_map(m, 0, 0xffffffffa0001010ULL, true)->ksymbol);
	k->flags = PERF_RECORD_KSYMBOL_FLAGS_UNREGISTER;
	CHECK_EQ_INT(machine__process(m, &rec), 0);
	CHECK(machine__find_map(m, 0, 0xffffffffa0001010ULL, true) == NULL);
	machine__free(m);
}

/* Records shorter than their type: ignored, not read past. */
TEST(machine_short_records)
{
	struct machine *m = setup();
	static const uint32_t types[] = {
		PERF_RECORD_COMM, PERF_RECORD_FORK,  PERF_RECORD_EXIT,
		PERF_RECORD_MMAP, PERF_RECORD_MMAP2, PERF_RECORD_KSYMBOL};

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		for (uint16_t size = 8; size < 96; size += 8) {
			unsigned char *p = calloc(1, size);
			struct perf_event_header h = {types[i], 0, size};
			struct perf_data_record rec = {.header = (void *)p,
						       .type = types[i],
						       .size = size};

			memcpy(p, &h, sizeof(h));
			memset(p + 8, 'x', size - 8); /* no NUL anywhere */
			CHECK_EQ_INT(machine__process(m, &rec), 0);
			free(p);
		}
	}
	machine__free(m);
	machine__free(NULL);
}
