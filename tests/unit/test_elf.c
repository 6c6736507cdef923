// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "fixtures.h"
#include "core/procmaps.h"
#include "sym/elf.h"

#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#define PYTHON "/usr/bin/python3.11"

struct func {
	char name[64];
	uint64_t addr, size;
};

struct func_list {
	struct func items[1 << 16]; /* the ASan test binary alone has over 4096 */
	size_t nr;
	size_t total;
	int dup;
	int unsorted;
	int versioned;
};

static int collect(const char *name, uint64_t addr, uint64_t size, void *arg)
{
	struct func_list *l = arg;

	if (strchr(name, '@'))
		l->versioned++;
	if (l->nr) {
		struct func *prev = &l->items[l->nr - 1];

		if (addr < prev->addr)
			l->unsorted++;
		if (addr == prev->addr && !strcmp(name, prev->name))
			l->dup++;
	}
	l->total++;
	if (l->nr < sizeof(l->items) / sizeof(l->items[0])) {
		struct func *f = &l->items[l->nr++];

		snprintf(f->name, sizeof(f->name), "%s", name);
		f->addr = addr;
		f->size = size;
	}
	return 0;
}

static const struct func *find_func(const struct func_list *l, const char *name)
{
	for (size_t i = 0; i < l->nr; i++)
		if (!strcmp(l->items[i].name, name))
			return &l->items[i];
	return NULL;
}

static struct func_list *functions_of(const char *path)
{
	struct func_list *l = calloc(1, sizeof(*l));
	struct elf_file *ef;

	CHECK(l);
	CHECK_EQ_INT(elf_file__open(path, &ef), 0);
	CHECK_EQ_INT(elf_file__for_each_function(ef, collect, l), 0);
	elf_file__close(ef);
	return l;
}

/* "4666c5..." -> bytes; returns the length. */
static int unhex(const char *s, unsigned char *out, size_t size)
{
	size_t n = 0;
	unsigned int byte;

	while (n < size && sscanf(s + 2 * n, "%2x", &byte) == 1)
		out[n++] = (unsigned char)byte;
	return (int)n;
}

TEST(elf_open_errors)
{
	const char *dir = fixture__tmpdir();
	struct elf_file *ef = (struct elf_file *)1;
	unsigned char junk[4096];

	CHECK_EQ_INT(elf_file__open("/nonexistent/sonde", &ef), -ENOENT);
	CHECK(ef == NULL);
	CHECK_EQ_INT(elf_file__open(dir, &ef), -EISDIR);
	CHECK_EQ_INT(elf_file__open("/dev/null", &ef), -ENOEXEC);

	CHECK_EQ_INT(fixture__spit(fixture__path(dir, "empty"), "", 0), 0);
	CHECK_EQ_INT(elf_file__open(fixture__path(dir, "empty"), &ef),
		     -ENOEXEC);

	CHECK_EQ_INT(
		fixture__spit(fixture__path(dir, "text"), "#!/bin/sh\n", 10),
		0);
	CHECK_EQ_INT(elf_file__open(fixture__path(dir, "text"), &ef), -ENOEXEC);

	srand(1);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rand();
	CHECK_EQ_INT(
		fixture__spit(fixture__path(dir, "random"), junk, sizeof(junk)),
		0);
	CHECK_EQ_INT(elf_file__open(fixture__path(dir, "random"), &ef),
		     -ENOEXEC);

	/* Just the magic, nothing after it. */
	CHECK_EQ_INT(fixture__spit(fixture__path(dir, "magic"), "\177ELF", 4),
		     0);
	CHECK_EQ_INT(elf_file__open(fixture__path(dir, "magic"), &ef),
		     -ENOEXEC);

	if (geteuid() != 0) {
		CHECK_EQ_INT(chmod(fixture__path(dir, "text"), 0), 0);
		CHECK_EQ_INT(elf_file__open(fixture__path(dir, "text"), &ef),
			     -EACCES);
	}
	elf_file__close(NULL);
	fixture__rmtree(dir);
}

TEST(elf_workload_identity)
{
	struct elf_file *ef;
	struct elf_section sec;
	uint64_t bias;

	CHECK_EQ_INT(elf_file__open(fixture__workload(), &ef), 0);
	CHECK(elf_file__type(ef) == ET_DYN || elf_file__type(ef) == ET_EXEC);
#if defined(__x86_64__)
	CHECK_EQ_INT(elf_file__machine(ef), EM_X86_64);
#elif defined(__aarch64__)
	CHECK_EQ_INT(elf_file__machine(ef), EM_AARCH64);
#endif
	CHECK_EQ_INT(elf_file__word_size(ef), sizeof(void *));
	CHECK(!elf_file__big_endian(ef) ==
	      (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__));
	CHECK_EQ_INT(elf_file__load_bias(ef, &bias), 0);

	CHECK_EQ_INT(elf_file__section(ef, ".text", &sec), 0);
	CHECK_EQ_INT(sec.type, SHT_PROGBITS);
	CHECK(sec.flags & SHF_EXECINSTR);
	CHECK(sec.size > 0);
	/* .text sits in the executable segment: the bias maps it. */
	CHECK_EQ_INT(sec.addr - sec.offset, bias);
	CHECK_EQ_INT(elf_file__section(ef, ".no.such.section", &sec), -ENOENT);
	elf_file__close(ef);
}

TEST(elf_workload_functions)
{
	struct func_list *l = functions_of(fixture__workload());
	static const char *const names[] = {
		"do_getppid", "hot_inner", "hot_outer", "fire_usdt", "main",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const struct func *f = find_func(l, names[i]);

		if (!f)
			fprintf(stderr, "  missing %s\n", names[i]);
		CHECK(f);
		CHECK(f->addr != 0);
		CHECK(f->size > 0);
	}
	CHECK_EQ_INT(l->dup, 0);
	CHECK_EQ_INT(l->unsorted, 0);
	CHECK_EQ_INT(l->versioned, 0);
	/* Imports (puts, syscall, ...) are undefined: never listed. */
	CHECK(!find_func(l, "syscall"));
	CHECK(!find_func(l, "pthread_create"));
	free(l);
}

/* Cross-check one address against binutils' nm, when it is installed. */
TEST(elf_functions_match_nm)
{
	const char *path = fixture__workload();
	struct func_list *l;
	const struct func *f;
	char cmd[PATH_MAX + 64], line[256], name[128], type[8];
	unsigned long long addr;
	int matched = 0;
	FILE *p;

	if (!fixture__have_tool("nm"))
		harness__skip("nm not installed");
	l = functions_of(path);
	snprintf(cmd, sizeof(cmd), "nm -P --defined-only '%s'", path);
	p = popen(cmd, "r");
	CHECK(p);
	while (fgets(line, sizeof(line), p)) {
		if (sscanf(line, "%127s %7s %llx", name, type, &addr) != 3 ||
		    (strcmp(type, "T") && strcmp(type, "t")))
			continue;
		f = find_func(l, name);
		if (!f)
			fprintf(stderr, "  nm has %s, we do not\n", name);
		CHECK(f);
		CHECK_EQ_INT(f->addr, addr);
		matched++;
	}
	pclose(p);
	CHECK(matched >= 5);
	free(l);
}

static int stop_at_second(const char *name, uint64_t addr, uint64_t size,
			  void *arg)
{
	int *calls = arg;

	return ++*calls == 2 ? 42 : 0;
}

TEST(elf_function_walk_stops)
{
	struct elf_file *ef;
	int calls = 0;

	CHECK_EQ_INT(elf_file__open(fixture__workload(), &ef), 0);
	CHECK_EQ_INT(elf_file__for_each_function(ef, stop_at_second, &calls),
		     42);
	CHECK_EQ_INT(calls, 2);
	elf_file__close(ef);
}

TEST(elf_build_id)
{
	const char *path = fixture__workload();
	unsigned char id[64], small[4], want[64];
	char cmd[PATH_MAX + 64], line[256];
	struct elf_file *ef;
	int len, want_len = 0;
	FILE *p;

	CHECK_EQ_INT(elf_file__open(path, &ef), 0);
	len = elf_file__build_id(ef, id, sizeof(id));
	/* GCC and Clang on Linux default to a SHA-1 build-id. */
	CHECK_EQ_INT(len, 20);
	CHECK_EQ_INT(elf_file__build_id(ef, small, sizeof(small)), -ERANGE);
	elf_file__close(ef);

	if (!fixture__have_tool("readelf"))
		return;
	snprintf(cmd, sizeof(cmd), "readelf -n '%s'", path);
	p = popen(cmd, "r");
	CHECK(p);
	while (fgets(line, sizeof(line), p)) {
		char *s = strstr(line, "Build ID: ");

		if (s)
			want_len = unhex(s + 10, want, sizeof(want));
	}
	pclose(p);
	CHECK_EQ_INT(want_len, len);
	CHECK(!memcmp(id, want, (size_t)len));
}

struct note_seen {
	int gnu_build_id;
	int stapsdt;
	int total;
};

static int count_note(const struct elf_note *note, void *arg)
{
	struct note_seen *s = arg;

	s->total++;
	if (note->type == 3 && !strcmp(note->owner, "GNU"))
		s->gnu_build_id++;
	if (note->type == 3 && !strcmp(note->owner, "stapsdt"))
		s->stapsdt++;
	return 0;
}

TEST(elf_notes)
{
	struct note_seen all = { 0 }, sdt = { 0 };
	struct elf_file *ef;

	CHECK_EQ_INT(elf_file__open(fixture__workload(), &ef), 0);
	CHECK_EQ_INT(elf_file__for_each_note(ef, NULL, count_note, &all), 0);
	CHECK_EQ_INT(all.gnu_build_id, 1);
	CHECK_EQ_INT(all.stapsdt, 1);
	CHECK(all.total >= 2);
	CHECK_EQ_INT(
		elf_file__for_each_note(ef, ".note.stapsdt", count_note, &sdt),
		0);
	CHECK_EQ_INT(sdt.total, 1);
	CHECK_EQ_INT(sdt.stapsdt, 1);
	CHECK_EQ_INT(
		elf_file__for_each_note(ef, ".note.nothing", count_note, &sdt),
		-ENOENT);
	/* A section that is not a note section is refused. */
	CHECK_EQ_INT(elf_file__for_each_note(ef, ".text", count_note, &sdt),
		     -EINVAL);
	elf_file__close(ef);
}

TEST(elf_stripped_copy)
{
	const char *dir, *path = fixture__workload();
	unsigned char id[64], sid[64];
	char cmd[3 * PATH_MAX];
	struct func_list *l;
	struct elf_section sec;
	struct elf_file *ef;
	int len;

	if (!fixture__have_tool("strip"))
		harness__skip("strip not installed");
	dir = fixture__tmpdir();
	snprintf(cmd, sizeof(cmd), "strip -o '%s/stripped' '%s'", dir, path);
	CHECK_EQ_INT(system(cmd), 0);

	CHECK_EQ_INT(elf_file__open(path, &ef), 0);
	len = elf_file__build_id(ef, id, sizeof(id));
	elf_file__close(ef);

	path = fixture__path(dir, "stripped");
	CHECK_EQ_INT(elf_file__open(path, &ef), 0);
	CHECK_EQ_INT(elf_file__build_id(ef, sid, sizeof(sid)), len);
	CHECK(!memcmp(id, sid, (size_t)len));
	CHECK_EQ_INT(elf_file__section(ef, ".symtab", &sec), -ENOENT);
	elf_file__close(ef);

	/* Only .dynsym is left, and a PIE exports no functions there. */
	l = functions_of(path);
	CHECK(!find_func(l, "do_getppid"));
	CHECK(!find_func(l, "hot_inner"));
	free(l);
	fixture__rmtree(dir);
}

/*
 * A shared object with a symbol versioned twice: .symtab holds
 * "vers_fn@VERS_1" and "vers_fn@@VERS_2", which must come out as
 * "vers_fn".  Needs a C compiler at test time.
 */
TEST(elf_versioned_names)
{
	static const char src[] =
		"__asm__(\".symver vers_fn_1, vers_fn@VERS_1\");\n"
		"__asm__(\".symver vers_fn_2, vers_fn@@VERS_2\");\n"
		"int vers_fn_1(void) { return 1; }\n"
		"int vers_fn_2(void) { return 2; }\n"
		"int plain_fn(void) { return 3; }\n";
	static const char map[] = "VERS_1 { global: vers_fn; plain_fn; "
				  "local: *; };\n"
				  "VERS_2 { global: vers_fn; } VERS_1;\n";
	const char *dir, *cc = getenv("CC");
	char cmd[4 * PATH_MAX];
	struct func_list *l;
	int vers = 0;

	if (!cc || !*cc)
		cc = "cc";
	if (!fixture__have_tool(cc))
		harness__skip("no C compiler to build a versioned library");
	dir = fixture__tmpdir();
	CHECK_EQ_INT(fixture__spit(fixture__path(dir, "v.c"), src, strlen(src)),
		     0);
	CHECK_EQ_INT(
		fixture__spit(fixture__path(dir, "v.map"), map, strlen(map)),
		0);
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && %s -shared -fPIC -o v.so v.c "
		 "-Wl,--version-script=v.map 2>/dev/null",
		 dir, cc);
	if (system(cmd) != 0) {
		fixture__rmtree(dir);
		harness__skip("cannot build a versioned shared library");
	}
	l = functions_of(fixture__path(dir, "v.so"));
	CHECK_EQ_INT(l->versioned, 0);
	CHECK_EQ_INT(l->dup, 0);
	CHECK(find_func(l, "plain_fn"));
	for (size_t i = 0; i < l->nr; i++)
		vers += !strcmp(l->items[i].name, "vers_fn");
	/* Two definitions at two addresses: both kept, once each. */
	CHECK_EQ_INT(vers, 2);
	free(l);
	fixture__rmtree(dir);
}

/* Runs every entry point; the results do not matter, surviving does. */
static void poke(const char *path)
{
	struct elf_file *ef;
	struct func_list *l;
	struct note_seen seen = { 0 };
	struct elf_section sec;
	unsigned char id[64];
	uint64_t v;
	int err;

	err = elf_file__open(path, &ef);
	if (err) {
		CHECK(err == -ENOEXEC);
		return;
	}
	l = calloc(1, sizeof(*l));
	CHECK(l);
	elf_file__build_id(ef, id, sizeof(id));
	elf_file__for_each_function(ef, collect, l);
	elf_file__for_each_note(ef, NULL, count_note, &seen);
	elf_file__for_each_note(ef, ".note.stapsdt", count_note, &seen);
	elf_file__section(ef, ".text", &sec);
	elf_file__addr_to_offset(ef, 0x1000, &v);
	elf_file__load_bias(ef, &v);
	free(l);
	elf_file__close(ef);
}

TEST(elf_truncated_files)
{
	const char *dir = fixture__tmpdir();
	const char *path = fixture__path(dir, "cut");
	unsigned char *buf;
	size_t len;

	CHECK_EQ_INT(fixture__slurp(fixture__workload(), &buf, &len), 0);
	for (size_t cut = 0; cut < len; cut += cut < 256 ? 1 : 509) {
		CHECK_EQ_INT(fixture__spit(path, buf, cut), 0);
		poke(path);
	}
	free(buf);
	fixture__rmtree(dir);
}

/*
 * Random byte damage to a real file, with a fixed seed so a failure
 * repeats.  Most runs hit headers and tables, where parsers break.
 */
TEST(elf_corrupted_files)
{
	const char *dir = fixture__tmpdir();
	const char *path = fixture__path(dir, "bad");
	unsigned char *orig, *buf;
	size_t len;

	CHECK_EQ_INT(fixture__slurp(fixture__workload(), &orig, &len), 0);
	buf = malloc(len);
	CHECK(buf);
	srand(12345);
	for (int round = 0; round < 400; round++) {
		int flips = 1 + rand() % 8;

		memcpy(buf, orig, len);
		for (int i = 0; i < flips; i++) {
			/* Half the flips land in the first 4 KiB. */
			size_t at = (size_t)rand() % (rand() % 2 ? 4096 : len);

			buf[at % len] = (unsigned char)rand();
		}
		CHECK_EQ_INT(fixture__spit(path, buf, len), 0);
		poke(path);
	}
	free(buf);
	free(orig);
	fixture__rmtree(dir);
}

TEST(elf_python_dynsym)
{
	struct func_list *l;

	if (access(PYTHON, R_OK))
		harness__skip(PYTHON " not installed");
	l = functions_of(PYTHON);
	/* Exported for C extensions, so in .dynsym even when stripped. */
	CHECK(l->total > 1000);
	CHECK_EQ_INT(l->dup, 0);
	CHECK_EQ_INT(l->unsorted, 0);
	CHECK_EQ_INT(l->versioned, 0);
	free(l);
}

/*
 * The symbolizer's arithmetic on this very process: a function's
 * runtime address, through its mapping and the load bias, gives the
 * ELF address its symbol has, and addr_to_offset finds its bytes.
 */
TEST(elf_self_address_roundtrip)
{
	struct procmap *maps;
	const struct procmap *m;
	struct func_list *l;
	struct elf_file *ef;
	const struct func *f;
	uint64_t bias, off, runtime = (uint64_t)(uintptr_t)&elf_file__open;
	unsigned char file_bytes[16];
	size_t nr;
	FILE *fp;

	CHECK_EQ_INT(procmaps__read(0, &maps, &nr), 0);
	m = procmaps__find(maps, nr, runtime);
	CHECK(m);
	CHECK(m->perms[2] == 'x');
	CHECK_EQ_INT(elf_file__open(m->path, &ef), 0);
	CHECK_EQ_INT(elf_file__load_bias(ef, &bias), 0);
	l = functions_of(m->path);
	f = find_func(l, "elf_file__open");
	CHECK(f);
	CHECK_EQ_INT(runtime - m->start + m->pgoff + bias, f->addr);

	CHECK_EQ_INT(elf_file__addr_to_offset(ef, f->addr, &off), 0);
	fp = fopen(m->path, "rb");
	CHECK(fp);
	CHECK_EQ_INT(fseek(fp, (long)off, SEEK_SET), 0);
	CHECK_EQ_INT(fread(file_bytes, 1, sizeof(file_bytes), fp),
		     sizeof(file_bytes));
	fclose(fp);
	CHECK(!memcmp(file_bytes, (const void *)(uintptr_t)runtime,
		      sizeof(file_bytes)));
	free(l);
	elf_file__close(ef);
	procmaps__free(maps);
}

/* Files named as bpftrace names them: a path, a program, a library. */
TEST(elf_find_programs_and_libraries)
{
	char path[PATH_MAX];
	size_t n;

	CHECK_EQ_INT(elf_file__find("/no/such/file", path, sizeof(path)), 0);
	CHECK_EQ_STR(path, "/no/such/file");
	CHECK_EQ_INT(elf_file__find("sh", path, sizeof(path)), 0);
	CHECK(!access(path, X_OK) && strrchr(path, '/') &&
	      !strcmp(strrchr(path, '/'), "/sh"));
	/* libc.so is a linker script: the ELF file is libc.so.6. */
	CHECK_EQ_INT(elf_file__find("libc", path, sizeof(path)), 0);
	n = strlen(path);
	CHECK(n > 10 && !strcmp(path + n - 10, "/libc.so.6"));
	CHECK_EQ_INT(elf_file__find("libsonde_no_such_library", path,
				    sizeof(path)),
		     -ENOENT);
	CHECK_EQ_INT(elf_file__find("sh", path, 2), -ENAMETOOLONG);
}
