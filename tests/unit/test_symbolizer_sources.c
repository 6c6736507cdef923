// SPDX-License-Identifier: GPL-2.0
/* The symbolizer's other sources: kallsyms and perf maps. */
#include "harness.h"
#include "fixtures.h"
#include "sym/symbolizer.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

static void expect_at(struct symbolizer *s, struct sym_dso *dso, uint64_t addr,
		      const char *name, uint64_t offset)
{
	struct sym_result r;
	int err = symbolizer__lookup_vaddr(s, dso, addr, &r);

	if (strcmp(r.name, name) || r.offset != offset)
		fprintf(stderr, "  @%#llx: got %s+%#llx, want %s+%#llx\n",
			(unsigned long long)addr, r.name,
			(unsigned long long)r.offset, name,
			(unsigned long long)offset);
	CHECK_EQ_STR(r.name, name);
	CHECK_EQ_INT(r.offset, offset);
	CHECK_EQ_INT(err, strcmp(name, "[unknown]") ? 0 : -ENOENT);
}

/* A kallsyms text written to a file, read through the path option. */
static struct sym_dso *kallsyms_from(struct symbolizer *s, const char *dir,
				     const char *text)
{
	const char *path = fixture__path(dir, "kallsyms");

	CHECK_EQ_INT(fixture__spit(path, text, strlen(text)), 0);
	return symbolizer__kernel(s, path);
}

TEST(symbolizer_kallsyms_rules)
{
	static const char text[] =
		"ffffffff81000000 T _text\n"
		"ffffffff81000000 T startup_64\n"
		"ffffffff81001000 t local_fn\n"
		"ffffffff81001000 W weak_alias\n"
		"ffffffff81002000 D some_data\n"
		"ffffffff81002000 T data_neighbour\n"
		"garbage line\n"
		"ffffffff81003000 T last_kernel_fn\n"
		"ffffffffc0001000 t mod_fn\t[mymod]\n"
		"ffffffffc0001800 T mod_fn2\t[mymod]\n"
		"ffffffffc0100000 t other_fn\t[othermod]\n"
		"ffffffffc0200000 t bpf_prog_0123_handler\t[bpf]";
	struct symbolizer *s = fixture__symbolizer();
	const char *dir = fixture__tmpdir();
	struct sym_dso *k;
	struct sym_result r;

	CHECK(s);
	k = kallsyms_from(s, dir, text);
	CHECK(k);
	CHECK_EQ_INT(symbolizer__load(s, k), 0);
	CHECK_EQ_STR(sym_dso__name(k), "[kernel.kallsyms]");
	/*
	 * Unsized aliases (all of kallsyms): the last one listed wins, as in
	 * perf, which extends each symbol to the next before choosing.
	 */
	expect_at(s, k, 0xffffffff81000010ULL, "startup_64", 0x10);
	expect_at(s, k, 0xffffffff81001004ULL, "weak_alias", 4);
	/* Data symbols are not code: ignored, not aliases. */
	expect_at(s, k, 0xffffffff81002000ULL, "data_neighbour", 0);
	/* The last kernel symbol ends a page on, not at the module. */
	expect_at(s, k, 0xffffffff81003fffULL, "last_kernel_fn", 0xfff);
	expect_at(s, k, 0xffffffff81005000ULL, "[unknown]",
		  0xffffffff81005000ULL);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, k, 0xffffffffc0001004ULL, &r),
		     0);
	CHECK_EQ_STR(r.name, "mod_fn");
	CHECK_EQ_STR(r.dso_name, "[mymod]");
	CHECK_EQ_INT(r.sym_size, 0x800);
	expect_at(s, k, 0xffffffffc0001900ULL, "mod_fn2", 0x100);
	/* A module's last symbol does not swallow the gap to the next. */
	expect_at(s, k, 0xffffffffc0050000ULL, "[unknown]",
		  0xffffffffc0050000ULL);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, k, 0xffffffffc0100010ULL, &r),
		     0);
	CHECK_EQ_STR(r.dso_name, "[othermod]");
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, k, 0xffffffffc0200020ULL, &r),
		     0);
	CHECK_EQ_STR(r.name, "bpf_prog_0123_handler");
	CHECK_EQ_STR(r.dso_name, "[bpf]");
	/* Kernel addresses are absolute: an "offset" is the address. */
	CHECK_EQ_INT(
		symbolizer__lookup_file_offset(s, k, 0xffffffff81001008ULL, &r),
		0);
	CHECK_EQ_STR(r.name, "weak_alias");
	/* The same path gives the same dso. */
	CHECK(symbolizer__kernel(s, fixture__path(dir, "kallsyms")) == k);
	symbolizer__free(s);

	/* kptr_restrict hides addresses: every line reads 0. */
	s = fixture__symbolizer();
	CHECK(s);
	k = kallsyms_from(s, dir,
			  "0000000000000000 T _text\n"
			  "0000000000000000 T schedule\n");
	CHECK_EQ_INT(symbolizer__load(s, k), -EPERM);
	expect_at(s, k, 0xffffffff81000000ULL, "[unknown]",
		  0xffffffff81000000ULL);
	symbolizer__free(s);
	fixture__rmtree(dir);
}

/* The running kernel: a text symbol's address names it. */
TEST(symbolizer_kernel_live)
{
	static const char *const candidates[] = {
		"vfs_read", "ksys_read", "do_sys_openat2",
		"schedule", "do_exit",	 NULL,
	};
	char line[512], name[256], type[4], mod[128];
	unsigned long long addr, want = 0;
	const char *picked = NULL;
	struct symbolizer *s;
	struct sym_dso *k;
	struct sym_result r;
	int same_addr;
	FILE *f;

	if (geteuid() != 0)
		harness__skip("kernel addresses need root");
	for (const char *const *c = candidates; *c && !want; c++) {
		f = fopen("/proc/kallsyms", "r");
		if (!f)
			harness__skip("no /proc/kallsyms");
		want = 0;
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%llx %3s %255s", &addr, type, name) ==
				    3 &&
			    !strcmp(name, *c) && (*type == 'T' || *type == 't'))
				want = addr;
		fclose(f);
		if (!want)
			continue;
		/* It must be alone at its address to be the name chosen. */
		same_addr = 0;
		f = fopen("/proc/kallsyms", "r");
		CHECK(f);
		while (fgets(line, sizeof(line), f))
			if (sscanf(line, "%llx %3s", &addr, type) == 2 &&
			    addr == want && strchr("TtWw", *type))
				same_addr++;
		fclose(f);
		if (same_addr == 1)
			picked = *c;
		else
			want = 0;
	}
	if (!picked)
		harness__skip("no lone known text symbol (kptr_restrict?)");
	s = fixture__symbolizer();
	CHECK(s);
	k = symbolizer__kernel(s, NULL);
	CHECK(k);
	CHECK(symbolizer__kernel(s, NULL) == k);
	CHECK_EQ_INT(symbolizer__load(s, k), 0);
	CHECK(sym_dso__nr_symbols(k) > 1000);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, k, want + 1, &r), 0);
	CHECK_EQ_STR(r.name, picked);
	CHECK_EQ_INT(r.offset, 1);
	CHECK_EQ_STR(r.dso_name, "[kernel.kallsyms]");

	/* A module symbol, when modules are loaded, names its module. */
	f = fopen("/proc/kallsyms", "r");
	CHECK(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %3s %255s %127s", &addr, type, name,
			   mod) != 4 ||
		    (*type != 't' && *type != 'T') || mod[0] != '[' ||
		    !strcmp(mod, "[bpf]"))
			continue;
		CHECK_EQ_INT(symbolizer__lookup_vaddr(s, k, addr, &r), 0);
		CHECK_EQ_STR(r.dso_name, mod);
		break;
	}
	fclose(f);
	symbolizer__free(s);
}

TEST(symbolizer_perf_map_text)
{
	/* Unsorted, overlapping, with junk; later lines win overlaps. */
	static const char text[] =
		"3000 100 c_third\n"
		"1000 100 a_first\n"
		"1050 100 b_overlaps_a\n"
		"2000 0 zero_size\n"
		"this is not a line\n"
		"\n"
		"0x4000 10 LJava/lang/String;::hashCode with spaces\r\n"
		"1000 20 a_newest\n"
		"5000 10 same_again\n"
		"5000 10 same_again\n"
		"6000 ffffffffffffffff huge\n"
		"8000";
	struct symbolizer *s = fixture__symbolizer();
	struct sym_dso *m;
	struct sym_result r;

	CHECK(s);
	m = symbolizer__perf_map(s, 4242, text, strlen(text));
	CHECK(m);
	CHECK(symbolizer__perf_map(s, 4242, text, strlen(text)) == m);
	CHECK_EQ_STR(sym_dso__name(m), "/tmp/perf-4242.map");
	CHECK_EQ_INT(symbolizer__load(s, m), 0);
	expect_at(s, m, 0xfff, "[unknown]", 0xfff);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, m, 0x1010, &r), 0);
	CHECK_EQ_STR(r.name, "a_newest");
	CHECK_EQ_INT(r.sym_start, 0x1000);
	CHECK_EQ_INT(r.sym_size, 0x20);
	/* What a_newest did not cover is still a_first's, whole. */
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, m, 0x1030, &r), 0);
	CHECK_EQ_STR(r.name, "a_first");
	CHECK_EQ_INT(r.offset, 0x30);
	CHECK_EQ_INT(r.sym_start, 0x1000);
	CHECK_EQ_INT(r.sym_size, 0x100);
	expect_at(s, m, 0x1050, "b_overlaps_a", 0);
	expect_at(s, m, 0x1120, "b_overlaps_a", 0xd0);
	expect_at(s, m, 0x1150, "[unknown]", 0x1150);
	expect_at(s, m, 0x2000, "[unknown]", 0x2000);
	expect_at(s, m, 0x30ff, "c_third", 0xff);
	expect_at(s, m, 0x3100, "[unknown]", 0x3100);
	expect_at(s, m, 0x4005, "LJava/lang/String;::hashCode with spaces", 5);
	expect_at(s, m, 0x400f, "LJava/lang/String;::hashCode with spaces",
		  0xf);
	expect_at(s, m, 0x4010, "[unknown]", 0x4010);
	expect_at(s, m, 0x5009, "same_again", 9);
	expect_at(s, m, 0xffffffffffff0000ULL, "huge",
		  0xffffffffffff0000ULL - 0x6000);
	/* Other text for the same pid is another map. */
	CHECK(symbolizer__perf_map(s, 4242, "1 2 x\n", 6) != m);
	/* Empty and all-junk texts: nothing, no crash. */
	m = symbolizer__perf_map(s, 1, "", 0);
	CHECK_EQ_INT(symbolizer__load(s, m), -ENODATA);
	expect_at(s, m, 0, "[unknown]", 0);
	m = symbolizer__perf_map(s, 2, "zz yy\n\n\n 12 \n", 14);
	CHECK_EQ_INT(symbolizer__load(s, m), -ENODATA);
	symbolizer__free(s);
}

/* /tmp/perf-PID.map, read again once the JIT has written more. */
TEST(symbolizer_perf_map_file_grows)
{
	char path[64];
	const char *first = "a000 100 jit_one\n";
	const char *more = "a000 100 jit_one\nb000 80 jit_two\n";
	struct symbolizer *s = fixture__symbolizer();
	struct sym_dso *m, *again;
	struct sym_result r;
	const char *old_name;
	pid_t pid = getpid();

	CHECK(s);
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)pid);
	m = symbolizer__perf_map(s, pid, NULL, 0);
	CHECK(m);
	/* No file yet. */
	unlink(path);
	CHECK_EQ_INT(symbolizer__load(s, m), -ENOENT);

	CHECK_EQ_INT(fixture__spit(path, first, strlen(first)), 0);
	again = symbolizer__perf_map(s, pid, NULL, 0);
	CHECK(again == m);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, m, 0xa010, &r), 0);
	CHECK_EQ_STR(r.name, "jit_one");
	old_name = r.name;
	expect_at(s, m, 0xb010, "[unknown]", 0xb010);

	CHECK_EQ_INT(fixture__spit(path, more, strlen(more)), 0);
	CHECK(symbolizer__perf_map(s, pid, NULL, 0) == m);
	expect_at(s, m, 0xb010, "jit_two", 0x10);
	/* A name handed out before the reload is still readable. */
	CHECK_EQ_STR(old_name, "jit_one");
	unlink(path);
	symbolizer__free(s);
}
