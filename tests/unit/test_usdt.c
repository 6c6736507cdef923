// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "fixtures.h"
#include "sym/elf.h"
#include "sym/usdt.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3.11"

/* The byte at offset in path, or -1. */
static int byte_at(const char *path, uint64_t offset)
{
	FILE *f = fopen(path, "rb");
	int c = -1;

	if (!f)
		return -1;
	if (!fseek(f, (long)offset, SEEK_SET))
		c = fgetc(f);
	fclose(f);
	return c;
}

/* Each probe site is a one-byte nop on x86: pc_offset must land on it. */
static void check_nop(const char *path, const struct usdt_probe *p)
{
#if defined(__x86_64__) || defined(__i386__)
	CHECK_EQ_INT(byte_at(path, p->pc_offset), 0x90);
#endif
}

TEST(usdt_workload_probe)
{
	const char *path = fixture__workload();
	struct usdt_probe *probes;
	const struct usdt_probe *p;
	size_t nr;

	CHECK_EQ_INT(usdt__read(path, &probes, &nr), 0);
	CHECK_EQ_INT(nr, 1);
	p = usdt__find(probes, nr, "sonde_test", "tick");
	CHECK(p);
	CHECK_EQ_STR(p->provider, "sonde_test");
	CHECK_EQ_STR(p->name, "tick");
	CHECK(p->pc != 0);
	CHECK_EQ_INT(p->semaphore, 0);
	CHECK_EQ_INT(p->semaphore_offset, 0);
	/* DTRACE_PROBE2: two "size@location" operands. */
	CHECK(strchr(p->args, '@'));
	CHECK(strchr(p->args, ' '));
	CHECK(!strchr(strchr(p->args, ' ') + 1, ' '));
	check_nop(path, p);
	CHECK(!usdt__find(probes, nr, "sonde_test", "tock"));
	usdt__free(probes);
	usdt__free(NULL);
}

/* The probe lies inside fire_usdt, as the source says. */
struct range {
	const char *name;
	uint64_t start, end;
};

static int find_range(const char *name, uint64_t addr, uint64_t size, void *arg)
{
	struct range *r = arg;

	if (!strcmp(name, r->name)) {
		r->start = addr;
		r->end = addr + size;
	}
	return 0;
}

TEST(usdt_probe_inside_function)
{
	struct range r = { .name = "fire_usdt" };
	struct usdt_probe *probes;
	struct elf_file *ef;
	size_t nr;

	CHECK_EQ_INT(elf_file__open(fixture__workload(), &ef), 0);
	CHECK_EQ_INT(elf_file__for_each_function(ef, find_range, &r), 0);
	CHECK(r.end > r.start);
	CHECK_EQ_INT(usdt__read_elf(ef, &probes, &nr), 0);
	CHECK_EQ_INT(nr, 1);
	CHECK(probes[0].pc >= r.start && probes[0].pc < r.end);
	usdt__free(probes);
	elf_file__close(ef);
}

TEST(usdt_survives_strip)
{
	const char *dir, *path;
	struct usdt_probe *probes;
	char cmd[3 * PATH_MAX];
	size_t nr;

	if (!fixture__have_tool("strip"))
		harness__skip("strip not installed");
	dir = fixture__tmpdir();
	snprintf(cmd, sizeof(cmd), "strip -o '%s/stripped' '%s'", dir,
		 fixture__workload());
	CHECK_EQ_INT(system(cmd), 0);
	path = fixture__path(dir, "stripped");
	CHECK_EQ_INT(usdt__read(path, &probes, &nr), 0);
	CHECK_EQ_INT(nr, 1);
	CHECK_EQ_STR(probes[0].name, "tick");
	check_nop(path, &probes[0]);
	usdt__free(probes);
	fixture__rmtree(dir);
}

/*
 * Moving .stapsdt.base (as prelink would) moves every probe by as much;
 * objcopy can do that to a copy.  The pc then points elsewhere in the
 * file, so only the arithmetic is checked.
 */
TEST(usdt_base_adjustment)
{
	const char *dir;
	struct usdt_probe *before, *after;
	struct elf_section base;
	struct elf_file *ef;
	char cmd[3 * PATH_MAX];
	size_t nr;

	if (!fixture__have_tool("objcopy"))
		harness__skip("objcopy not installed");
	dir = fixture__tmpdir();
	snprintf(cmd, sizeof(cmd),
		 "objcopy --change-section-address .stapsdt.base+16 "
		 "'%s' '%s/moved' 2>/dev/null",
		 fixture__workload(), dir);
	if (system(cmd) != 0) {
		fixture__rmtree(dir);
		harness__skip("objcopy cannot move .stapsdt.base");
	}
	CHECK_EQ_INT(usdt__read(fixture__workload(), &before, &nr), 0);
	CHECK_EQ_INT(nr, 1);
	CHECK_EQ_INT(elf_file__open(fixture__path(dir, "moved"), &ef), 0);
	CHECK_EQ_INT(elf_file__section(ef, ".stapsdt.base", &base), 0);
	CHECK_EQ_INT(usdt__read_elf(ef, &after, &nr), 0);
	CHECK_EQ_INT(nr, 1);
	CHECK_EQ_INT(after[0].pc, before[0].pc + 16);
	elf_file__close(ef);
	usdt__free(before);
	usdt__free(after);
	fixture__rmtree(dir);
}

TEST(usdt_no_probes)
{
	struct usdt_probe *probes = (struct usdt_probe *)1;
	size_t nr = 99;
	const char *dir;
	char cmd[3 * PATH_MAX];

	if (!fixture__have_tool("objcopy"))
		harness__skip("objcopy not installed");
	dir = fixture__tmpdir();
	snprintf(cmd, sizeof(cmd),
		 "objcopy --remove-section .note.stapsdt '%s' '%s/plain'",
		 fixture__workload(), dir);
	CHECK_EQ_INT(system(cmd), 0);
	CHECK_EQ_INT(usdt__read(fixture__path(dir, "plain"), &probes, &nr), 0);
	CHECK_EQ_INT(nr, 0);
	CHECK(probes == NULL);
	usdt__free(probes);
	fixture__rmtree(dir);
}

TEST(usdt_errors)
{
	struct usdt_probe *probes;
	size_t nr;

	CHECK_EQ_INT(usdt__read("/nonexistent/sonde", &probes, &nr), -ENOENT);
	CHECK(probes == NULL);
	CHECK_EQ_INT(nr, 0);
	CHECK_EQ_INT(usdt__read("/dev/null", &probes, &nr), -ENOEXEC);
}

/* Cut and damaged copies: errors or fewer probes, never a crash. */
TEST(usdt_damaged_files)
{
	const char *dir = fixture__tmpdir();
	const char *path = fixture__path(dir, "bad");
	struct usdt_probe *probes;
	unsigned char *orig, *buf;
	size_t len, nr;

	CHECK_EQ_INT(fixture__slurp(fixture__workload(), &orig, &len), 0);
	for (size_t cut = 0; cut < len; cut += 97) {
		CHECK_EQ_INT(fixture__spit(path, orig, cut), 0);
		if (!usdt__read(path, &probes, &nr))
			usdt__free(probes);
	}
	buf = malloc(len);
	CHECK(buf);
	srand(777);
	for (int round = 0; round < 300; round++) {
		memcpy(buf, orig, len);
		for (int i = 0; i < 4; i++)
			buf[(size_t)rand() % len] = (unsigned char)rand();
		CHECK_EQ_INT(fixture__spit(path, buf, len), 0);
		if (!usdt__read(path, &probes, &nr)) {
			for (size_t k = 0; k < nr; k++) {
				CHECK(strlen(probes[k].provider) <
				      sizeof(probes[k].provider));
				CHECK(probes[k].name[0]);
			}
			usdt__free(probes);
		}
	}
	free(buf);
	free(orig);
	fixture__rmtree(dir);
}

TEST(usdt_python_semaphores)
{
	struct usdt_probe *probes;
	const struct usdt_probe *p;
	struct elf_section probes_sec;
	struct elf_file *ef;
	size_t nr;

	if (access(PYTHON, R_OK))
		harness__skip(PYTHON " not installed");
	CHECK_EQ_INT(usdt__read(PYTHON, &probes, &nr), 0);
	if (!nr) {
		usdt__free(probes);
		harness__skip(PYTHON " built without USDT probes");
	}
	p = usdt__find(probes, nr, "python", "function__entry");
	CHECK(p);
	CHECK(usdt__find(probes, nr, "python", "function__return"));
	CHECK(p->semaphore != 0);
	CHECK(p->semaphore_offset != 0);
	check_nop(PYTHON, p);

	/* Semaphores live in .probes; the offset is within its bytes. */
	CHECK_EQ_INT(elf_file__open(PYTHON, &ef), 0);
	CHECK_EQ_INT(elf_file__section(ef, ".probes", &probes_sec), 0);
	for (size_t i = 0; i < nr; i++) {
		const struct usdt_probe *q = &probes[i];

		CHECK_EQ_STR(q->provider, "python");
		if (!q->semaphore)
			continue;
		CHECK(q->semaphore >= probes_sec.addr &&
		      q->semaphore < probes_sec.addr + probes_sec.size);
		CHECK_EQ_INT(q->semaphore_offset, q->semaphore -
							  probes_sec.addr +
							  probes_sec.offset);
		/* An unused semaphore is zero in the file. */
		CHECK_EQ_INT(byte_at(PYTHON, q->semaphore_offset), 0);
		check_nop(PYTHON, q);
	}
	elf_file__close(ef);
	usdt__free(probes);
}
