// SPDX-License-Identifier: GPL-2.0
/*
 * The symbolizer on ELF objects: the workloads against nm, stripped
 * copies with debug files found by build-id and by .gnu_debuglink,
 * MiniDebugInfo, C++ names, libc through a live mapping, aliases,
 * replaced and deleted files, and damaged files.
 */
#include "harness.h"
#include "fixtures.h"
#include "core/procmaps.h"
#include "sym/elf.h"
#include "sym/symbolizer.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const workload_funcs[] = {
	"do_getppid", "hot_inner", "hot_outer", "fire_usdt", "main",
};

#define NR_FUNCS (sizeof(workload_funcs) / sizeof(workload_funcs[0]))

/* Runs a shell command built from fmt; its exit status. */
static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
	char cmd[8 * PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	CHECK(n > 0 && (size_t)n < sizeof(cmd));
	return system(cmd);
}

static void need_tools(const char *const *tools)
{
	static char reason[128];

	for (; *tools; tools++)
		if (!fixture__have_tool(*tools)) {
			snprintf(reason, sizeof(reason), "%s not installed",
				 *tools);
			harness__skip(reason);
		}
}

/* A symbol's address and size as nm sees them (dynamic: nm -D). */
static int nm_symbol(const char *path, const char *name, bool dynamic,
		     uint64_t *addr, uint64_t *size)
{
	char cmd[PATH_MAX + 64], line[1024], n[512], type[8];
	unsigned long long a, sz;
	FILE *p;
	int found = 0;

	snprintf(cmd, sizeof(cmd), "nm -P --defined-only %s '%s' 2>/dev/null",
		 dynamic ? "-D" : "", path);
	p = popen(cmd, "r");
	CHECK(p);
	while (fgets(line, sizeof(line), p)) {
		int got = sscanf(line, "%511s %7s %llx %llx", n, type, &a, &sz);

		if (got < 3 || strcmp(n, name))
			continue;
		*addr = a;
		if (size)
			*size = got == 4 ? sz : 0;
		found = 1;
		break;
	}
	pclose(p);
	return found;
}

static uint64_t must_nm(const char *path, const char *name, uint64_t *size)
{
	uint64_t addr = 0;

	if (!nm_symbol(path, name, false, &addr, size))
		fprintf(stderr, "  nm: no %s in %s\n", name, path);
	CHECK(addr);
	return addr;
}

/* "build/workloads/cxxwork", next to the workload. */
static const char *cxxwork_path(void)
{
	static char path[PATH_MAX];
	const char *w = fixture__workload();
	const char *slash = strrchr(w, '/');

	snprintf(path, sizeof(path), "%.*s/cxxwork",
		 slash ? (int)(slash - w) : 1, slash ? w : ".");
	if (access(path, X_OK))
		harness__skip("no cxxwork binary (make workloads)");
	return path;
}

static int build_id_of(const char *path, uint8_t *id, size_t size)
{
	struct elf_file *ef;
	int n;

	CHECK_EQ_INT(elf_file__open(path, &ef), 0);
	n = elf_file__build_id(ef, id, size);
	elf_file__close(ef);
	CHECK(n > 0);
	return n;
}

static void hex(const uint8_t *id, int len, char *out)
{
	for (int i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", id[i]);
}

/* vaddr - file offset of the executable segment. */
static uint64_t text_bias(const char *path)
{
	struct elf_file *ef;
	uint64_t bias = 0;

	CHECK_EQ_INT(elf_file__open(path, &ef), 0);
	CHECK_EQ_INT(elf_file__load_bias(ef, &bias), 0);
	elf_file__close(ef);
	return bias;
}

static void expect(struct symbolizer *s, struct sym_dso *dso, uint64_t addr,
		   const char *name, uint64_t offset)
{
	struct sym_result r;
	int err = symbolizer__lookup_vaddr(s, dso, addr, &r);

	if (strcmp(r.name, name) || r.offset != offset)
		fprintf(stderr, "  %s @%#llx: got %s+%#llx, want %s+%#llx\n",
			sym_dso__name(dso), (unsigned long long)addr, r.name,
			(unsigned long long)r.offset, name,
			(unsigned long long)offset);
	CHECK_EQ_STR(r.name, name);
	CHECK_EQ_INT(r.offset, offset);
	CHECK_EQ_INT(err, strcmp(name, "[unknown]") ? 0 : -ENOENT);
	CHECK_EQ_INT(r.found, !err);
}

/* The workload's functions resolve by address, by offset and by range. */
static void expect_workload_names(struct symbolizer *s, struct sym_dso *dso,
				  const char *orig)
{
	for (size_t i = 0; i < NR_FUNCS; i++) {
		uint64_t size, addr = must_nm(orig, workload_funcs[i], &size);

		CHECK(size > 1);
		expect(s, dso, addr, workload_funcs[i], 0);
		expect(s, dso, addr + 1, workload_funcs[i], 1);
		expect(s, dso, addr + size - 1, workload_funcs[i], size - 1);
	}
}

TEST(symbolizer_workload_matches_nm)
{
	const char *path = fixture__workload();
	struct symbolizer *s;
	struct sym_dso *dso;
	struct sym_result r;
	uint64_t bias;

	need_tools((const char *[]){"nm", NULL});
	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso(s, path, NULL, NULL, 0);
	CHECK(dso);
	CHECK(symbolizer__dso(s, path, NULL, NULL, 0) == dso);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	CHECK_EQ_STR(sym_dso__symbol_source(dso), ".symtab");
	CHECK(!sym_dso__debug_file(dso));
	expect_workload_names(s, dso, path);

	/* A sample's file offset goes through the program headers. */
	bias = text_bias(path);
	for (size_t i = 0; i < NR_FUNCS; i++) {
		uint64_t size, addr = must_nm(path, workload_funcs[i], &size);
		uint64_t vaddr;

		CHECK_EQ_INT(symbolizer__lookup_file_offset(
				     s, dso, addr + 3 - bias, &r),
			     0);
		CHECK_EQ_STR(r.name, workload_funcs[i]);
		CHECK_EQ_INT(r.offset, 3);
		CHECK_EQ_INT(r.sym_start, addr);
		CHECK_EQ_INT(r.sym_size, size);
		CHECK_EQ_INT(r.addr, addr + 3);
		CHECK_EQ_STR(r.dso_name, path);
		CHECK_EQ_INT(symbolizer__offset_to_vaddr(s, dso, addr - bias,
							 &vaddr),
			     0);
		CHECK_EQ_INT(vaddr, addr);
	}
	/* Nothing below the first symbol, nothing far past the last. */
	expect(s, dso, 0, "[unknown]", 0);
	expect(s, dso, 0x7fffffff0000ULL, "[unknown]", 0x7fffffff0000ULL);
	CHECK_EQ_INT(symbolizer__lookup_file_offset(s, dso, 1ULL << 40, &r),
		     -ENOENT);
	CHECK(!r.found);
	symbolizer__free(s);
}

/*
 * perf's rule for sizes: a sized symbol ends at start + size, and the
 * bytes after it (alignment padding) belong to no one; a symbol without
 * a size runs to the next one.
 */
TEST(symbolizer_symbol_ends_follow_perf)
{
	const char *path = fixture__workload();
	char cmd[PATH_MAX + 64], line[512], name[256], type[8];
	char prev_name[256] = "";
	unsigned long long addr, size, prev_addr = 0, prev_size = 0;
	int gaps = 0, unsized = 0, got;
	struct symbolizer *s;
	struct sym_dso *dso;
	FILE *p;

	need_tools((const char *[]){"nm", NULL});
	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso(s, path, NULL, NULL, 0);
	snprintf(cmd, sizeof(cmd), "nm -P -n --defined-only '%s'", path);
	p = popen(cmd, "r");
	CHECK(p);
	while (fgets(line, sizeof(line), p)) {
		got = sscanf(line, "%255s %7s %llx %llx", name, type, &addr,
			     &size);
		if (got < 3 || (strcmp(type, "T") && strcmp(type, "t")))
			continue;
		if (got == 3)
			size = 0;
		if (prev_name[0] && addr > prev_addr) {
			if (prev_size && prev_addr + prev_size < addr) {
				expect(s, dso, prev_addr + prev_size,
				       "[unknown]", prev_addr + prev_size);
				gaps++;
			} else if (!prev_size && strcmp(prev_name, "_init")) {
				/* (_init ends where the PLT stubs start.) */
				expect(s, dso, addr - 1, prev_name,
				       addr - 1 - prev_addr);
				unsized++;
			}
		}
		snprintf(prev_name, sizeof(prev_name), "%s", name);
		prev_addr = addr;
		prev_size = size;
	}
	pclose(p);
	/* _start is sized and padded; crt's helpers have no size. */
	CHECK(gaps >= 1);
	CHECK(unsized >= 1);
	symbolizer__free(s);
}

TEST(symbolizer_cxx_names_demangled)
{
	const char *path = cxxwork_path();
	uint64_t area, acc, size;
	struct symbolizer *s;
	struct sym_dso *dso;
	struct sym_result r;

	need_tools((const char *[]){"nm", NULL});
	area = must_nm(path, "_ZNK10sonde_test5Shape4areaEi", &size);
	acc = must_nm(path, "_ZN10sonde_test10accumulateIlEET_S1_", NULL);
	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso(s, path, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, dso, area + 4, &r), 0);
	/* Without parameters, as perf shows frames. */
	CHECK_EQ_STR(r.name, "sonde_test::Shape::area");
	CHECK_EQ_STR(r.raw_name, "_ZNK10sonde_test5Shape4areaEi");
	CHECK_EQ_INT(r.offset, 4);
	CHECK_EQ_INT(r.sym_size, size);
	/* Demangled once: the same string again. */
	{
		const char *first = r.name;

		CHECK_EQ_INT(symbolizer__lookup_vaddr(s, dso, area, &r), 0);
		CHECK(r.name == first);
	}
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, dso, acc, &r), 0);
	CHECK_EQ_STR(r.name, "sonde_test::accumulate<long>");
	expect(s, dso, must_nm(path, "main", NULL), "main", 0);
	symbolizer__free(s);
}

/* "dir/sub" made, with parents. */
static void mkdirs(const char *dir)
{
	CHECK_EQ_INT(run("mkdir -p '%s'", dir), 0);
}

/* strip a copy of src to dst: .dynsym and a build-id are left. */
static void strip_to(const char *src, const char *dst)
{
	CHECK_EQ_INT(run("strip --strip-all -o '%s' '%s'", dst, src), 0);
}

TEST(symbolizer_stripped_workload_is_unknown)
{
	const char *dir, *path = fixture__workload();
	char stripped[PATH_MAX];
	struct symbolizer *s;
	struct sym_dso *dso;

	need_tools((const char *[]){"nm", "strip", NULL});
	dir = fixture__tmpdir();
	snprintf(stripped, sizeof(stripped), "%s/workload", dir);
	strip_to(path, stripped);
	s = fixture__symbolizer();
	CHECK(s);
	/* No debug directories: nothing but what the file has. */
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(s, NULL), 0);
	dso = symbolizer__dso(s, stripped, NULL, NULL, 0);
	/* A PIE exports nothing: only its PLT stubs have names. */
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	for (size_t i = 0; i < NR_FUNCS; i++) {
		uint64_t addr = must_nm(path, workload_funcs[i], NULL);

		expect(s, dso, addr + 1, "[unknown]", addr + 1);
	}
	symbolizer__free(s);
	fixture__rmtree(dir);
}

/*
 * perf's cache keeps the object as it first saw it: an unstripped copy
 * there names a stripped object with the same build-id, as perf does.
 */
TEST(symbolizer_stripped_named_from_perf_cache)
{
	const char *dir, *path = fixture__workload();
	char stripped[PATH_MAX], cache[PATH_MAX], entry[PATH_MAX], idhex[41];
	uint8_t id[20];
	struct symbolizer *s;
	struct sym_dso *dso;
	int len;

	need_tools((const char *[]){"nm", "strip", NULL});
	dir = fixture__tmpdir();
	snprintf(stripped, sizeof(stripped), "%s/workload", dir);
	strip_to(path, stripped);
	len = build_id_of(path, id, sizeof(id));
	CHECK(len > 1);
	hex(id, len, idhex);
	snprintf(cache, sizeof(cache), "%s/cache", dir);
	snprintf(entry, sizeof(entry), "%s/.build-id/%.2s/%s", cache, idhex,
		 idhex + 2);
	mkdirs(entry);
	CHECK_EQ_INT(run("cp '%s' '%s/elf'", path, entry), 0);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(s, cache), 0);
	dso = symbolizer__dso(s, stripped, NULL, id, (size_t)len);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	CHECK_EQ_STR(sym_dso__symbol_source(dso), "perf's build-id cache");
	expect_workload_names(s, dso, path);
	symbolizer__free(s);
	fixture__rmtree(dir);
}

/* A stripped copy under root, its debug file by build-id under root. */
TEST(symbolizer_debug_file_by_build_id)
{
	const char *root, *path = fixture__workload();
	char bin[PATH_MAX], dbg[PATH_MAX], dbgdir[PATH_MAX], idhex[130];
	uint8_t id[64];
	struct symbolizer *s;
	struct sym_dso *dso;
	int len;

	need_tools((const char *[]){"nm", "strip", "objcopy", NULL});
	root = fixture__tmpdir();
	len = build_id_of(path, id, sizeof(id));
	hex(id, len, idhex);
	snprintf(bin, sizeof(bin), "%s/opt/app", root);
	mkdirs(bin);
	snprintf(bin, sizeof(bin), "%s/opt/app/workload", root);
	strip_to(path, bin);
	snprintf(dbgdir, sizeof(dbgdir), "%s/usr/lib/debug/.build-id/%.2s",
		 root, idhex);
	mkdirs(dbgdir);
	snprintf(dbg, sizeof(dbg), "%s/%s.debug", dbgdir, idhex + 2);
	CHECK_EQ_INT(run("objcopy --only-keep-debug '%s' '%s'", path, dbg), 0);

	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso(s, "/opt/app/workload", root, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	CHECK_EQ_STR(sym_dso__symbol_source(dso), "debug file");
	CHECK_EQ_STR(sym_dso__debug_file(dso), dbg);
	expect_workload_names(s, dso, path);
	/* Offsets still go through the stripped object's own headers. */
	{
		uint64_t addr = must_nm(path, "hot_inner", NULL);
		struct sym_result r;

		CHECK_EQ_INT(symbolizer__lookup_file_offset(
				     s, dso, addr + 2 - text_bias(path), &r),
			     0);
		CHECK_EQ_STR(r.name, "hot_inner");
		CHECK_EQ_INT(r.offset, 2);
	}
	symbolizer__free(s);

	/* With the build-id given and the object gone: the debug file. */
	CHECK_EQ_INT(unlink(bin), 0);
	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso(s, "/opt/app/workload", root, id, (size_t)len);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	expect_workload_names(s, dso, path);
	symbolizer__free(s);
	fixture__rmtree(root);
}

/*
 * .gnu_debuglink: next to the object, in .debug/, and under a debug
 * directory + the object's directory; a file with the right name but
 * another build-id is refused.
 */
TEST(symbolizer_debug_file_by_debuglink)
{
	const char *dir, *path = fixture__workload();
	char bin[PATH_MAX], dbg[PATH_MAX], where[PATH_MAX], dbgroot[PATH_MAX];
	struct symbolizer *s;
	struct sym_dso *dso;

	need_tools((const char *[]){"nm", "strip", "objcopy", NULL});
	dir = fixture__tmpdir();
	snprintf(dbg, sizeof(dbg), "%s/workload.debug", dir);
	snprintf(bin, sizeof(bin), "%s/bin/workload", dir);
	snprintf(where, sizeof(where), "%s/bin/.debug", dir);
	mkdirs(where);
	CHECK_EQ_INT(run("objcopy --only-keep-debug '%s' '%s'", path, dbg), 0);
	strip_to(path, bin);
	CHECK_EQ_INT(
		run("cd '%s' && objcopy --add-gnu-debuglink=workload.debug "
		    "'%s'",
		    dir, bin),
		0);

	/* 1. The object's directory. */
	CHECK_EQ_INT(run("cp '%s' '%s/bin/'", dbg, dir), 0);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	snprintf(where, sizeof(where), "%s/bin/workload.debug", dir);
	CHECK_EQ_STR(sym_dso__debug_file(dso), where);
	expect_workload_names(s, dso, path);
	symbolizer__free(s);

	/* 2. Its .debug/ subdirectory. */
	CHECK_EQ_INT(
		run("mv '%s/bin/workload.debug' '%s/bin/.debug/'", dir, dir),
		0);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	snprintf(where, sizeof(where), "%s/bin/.debug/workload.debug", dir);
	CHECK_EQ_STR(sym_dso__debug_file(dso), where);
	expect_workload_names(s, dso, path);
	symbolizer__free(s);

	/* 3. A debug directory + the object's directory. */
	snprintf(dbgroot, sizeof(dbgroot), "%s/dbg", dir);
	snprintf(where, sizeof(where), "%s%s/bin", dbgroot, dir);
	mkdirs(where);
	CHECK_EQ_INT(run("mv '%s/bin/.debug/workload.debug' '%s/'", dir, where),
		     0);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, dbgroot), 0);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	snprintf(where, sizeof(where), "%s%s/bin/workload.debug", dbgroot, dir);
	CHECK_EQ_STR(sym_dso__debug_file(dso), where);
	expect_workload_names(s, dso, path);
	symbolizer__free(s);

	/* 4. The right name on another program's debug file: refused. */
	CHECK_EQ_INT(
		run("objcopy --only-keep-debug '%s' '%s/bin/workload.debug'",
		    cxxwork_path(), dir),
		0);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0); /* its PLT stubs alone */
	CHECK(!sym_dso__debug_file(dso));
	expect(s, dso, must_nm(path, "main", NULL), "[unknown]",
	       must_nm(path, "main", NULL));
	symbolizer__free(s);

	/* 5. No build-ids anywhere: the link's CRC decides. */
	CHECK_EQ_INT(
		run("cd '%s' && "
		    "objcopy --remove-section .note.gnu.build-id '%s' nobid && "
		    "objcopy --only-keep-debug nobid bin/nobid.debug "
		    "2>/dev/null && "
		    "strip --strip-all -o bin/nobid nobid && "
		    "cd bin && objcopy --add-gnu-debuglink=nobid.debug nobid "
		    "2>/dev/null",
		    dir, path),
		0);
	snprintf(bin, sizeof(bin), "%s/bin/nobid", dir);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	expect_workload_names(s, dso, path);
	symbolizer__free(s);
	/* One more byte in the debug file: another CRC, refused. */
	CHECK_EQ_INT(run("printf x >> '%s/bin/nobid.debug'", dir), 0);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0); /* its PLT stubs alone */
	CHECK_EQ_STR(sym_dso__symbol_source(dso), "PLT stubs");
	symbolizer__free(s);
	fixture__rmtree(dir);
}

/*
 * MiniDebugInfo, made as Fedora's find-debuginfo.sh and gdb's manual
 * do: the function symbols .dynsym lacks, kept in a debug-only copy
 * without DWARF, xz'd into .gnu_debugdata of the stripped binary.
 */
TEST(symbolizer_minidebuginfo)
{
	const char *dir, *path = fixture__workload();
	struct symbolizer *s;
	struct sym_dso *dso;
	char bin[PATH_MAX];

	need_tools((const char *[]){"nm", "strip", "objcopy", "xz", "comm",
				    "awk", "sort", NULL});
	dir = fixture__tmpdir();
	CHECK_EQ_INT(
		run("cd '%s' && cp '%s' app && "
		    "nm -D app --format=posix --defined-only | "
		    "awk '{ print $1 }' | sort > dynsyms && "
		    "nm app --format=posix --defined-only | "
		    "awk '{ if ($2 == \"T\" || $2 == \"t\" || $2 == \"D\") "
		    "print $1 }' | sort > funcsyms && "
		    "comm -13 dynsyms funcsyms > keep_symbols && "
		    "objcopy --only-keep-debug app debug && "
		    "objcopy -S --remove-section .gdb_index "
		    "--remove-section .comment --keep-symbols=keep_symbols "
		    "debug mini_debuginfo && "
		    "strip --strip-all -R .comment app && "
		    "xz mini_debuginfo && "
		    "objcopy --add-section .gnu_debugdata=mini_debuginfo.xz "
		    "app",
		    dir, path),
		0);
	snprintf(bin, sizeof(bin), "%s/app", dir);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	CHECK_EQ_STR(sym_dso__symbol_source(dso), ".gnu_debugdata");
	expect_workload_names(s, dso, path);
	symbolizer__free(s);

	/* A damaged .gnu_debugdata: no names, no crash. */
	CHECK_EQ_INT(run("cd '%s' && head -c 100 mini_debuginfo.xz > cut.xz && "
			 "objcopy --remove-section .gnu_debugdata "
			 "--add-section .gnu_debugdata=cut.xz app app.cut && "
			 "head -c 3000 /dev/urandom > junk && "
			 "objcopy --remove-section .gnu_debugdata "
			 "--add-section .gnu_debugdata=junk app app.junk",
			 dir),
		     0);
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	/* A damaged .gnu_debugdata adds nothing: the PLT stubs stay. */
	snprintf(bin, sizeof(bin), "%s/app.cut", dir);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	snprintf(bin, sizeof(bin), "%s/app.junk", dir);
	dso = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	symbolizer__free(s);
	fixture__rmtree(dir);
}

/*
 * A shared object built here: exported functions stay named in .dynsym
 * after strip, static ones need the debug file; aliases get perf's
 * preferred name; an assembly function without .size runs to the next.
 */
TEST(symbolizer_shared_object_dynsym_and_aliases)
{
	static const char src[] =
		"__attribute__((noinline)) static int internal_fn(int x)\n"
		"{ return x * 3 + 1; }\n"
		"int exported_fn(int x) { return internal_fn(x) + 2; }\n"
		"extern int __exported_impl(int) "
		"__attribute__((alias(\"exported_fn\")));\n"
		"extern int exported_weak(int) "
		"__attribute__((weak, alias(\"exported_fn\")));\n"
		"__asm__(\".text\\n.globl asm_nosize\\n"
		".type asm_nosize,@function\\nasm_nosize:\\n"
		"nop\\nnop\\nnop\\nret\\n\");\n"
		"int after_asm(int x) { return x - 1; }\n";
	const char *dir, *cc = getenv("CC");
	char so[PATH_MAX], full[PATH_MAX];
	uint64_t exported, internal, asm_fn, after;
	struct symbolizer *s;
	struct sym_dso *dso;

	if (!cc || !*cc)
		cc = "cc";
	need_tools((const char *[]){"nm", "strip", "objcopy", cc, NULL});
	dir = fixture__tmpdir();
	CHECK_EQ_INT(
		fixture__spit(fixture__path(dir, "lib.c"), src, strlen(src)),
		0);
	if (run("cd '%s' && %s -O1 -g -shared -fPIC -o lib.so lib.c "
		"-Wl,--build-id 2>/dev/null",
		dir, cc)) {
		fixture__rmtree(dir);
		harness__skip("cannot build a shared object");
	}
	snprintf(full, sizeof(full), "%s/lib.so", dir);
	snprintf(so, sizeof(so), "%s/stripped.so", dir);
	strip_to(full, so);
	exported = must_nm(full, "exported_fn", NULL);
	internal = must_nm(full, "internal_fn", NULL);
	asm_fn = must_nm(full, "asm_nosize", NULL);
	after = must_nm(full, "after_asm", NULL);

	/* The full object: aliases resolved the way perf does. */
	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso(s, full, NULL, NULL, 0);
	expect(s, dso, exported + 1, "exported_fn", 1);
	expect(s, dso, internal, "internal_fn", 0);
	/* Unsized: its last byte (the ret) is still asm_nosize's. */
	expect(s, dso, asm_fn + 3, "asm_nosize", 3);
	expect(s, dso, after, "after_asm", 0);
	symbolizer__free(s);

	/* Stripped, no debug file: exports only. */
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	dso = symbolizer__dso(s, so, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	CHECK_EQ_STR(sym_dso__symbol_source(dso), ".dynsym");
	expect(s, dso, exported + 1, "exported_fn", 1);
	expect(s, dso, asm_fn + 1, "asm_nosize", 1);
	/*
	 * internal_fn's name is gone.  Its bytes belong to nothing, or,
	 * as in perf, to an unsized symbol before it that now runs up to
	 * the next known one (the assembler function, here usually).
	 */
	if (asm_fn < internal && internal < exported)
		expect(s, dso, internal + 1, "asm_nosize",
		       internal + 1 - asm_fn);
	else
		expect(s, dso, internal + 1, "[unknown]", internal + 1);
	symbolizer__free(s);

	/* Stripped, its debug file in a debug directory by build-id. */
	{
		char idhex[130], dbg[PATH_MAX];
		uint8_t id[64];
		int len = build_id_of(full, id, sizeof(id));

		hex(id, len, idhex);
		snprintf(dbg, sizeof(dbg), "%s/dbg/.build-id/%.2s", dir, idhex);
		mkdirs(dbg);
		CHECK_EQ_INT(run("objcopy --only-keep-debug '%s' '%s/%s.debug'",
				 full, dbg, idhex + 2),
			     0);
		snprintf(dbg, sizeof(dbg), "/nonexistent:%s/dbg", dir);
		s = fixture__symbolizer();
		CHECK(s);
		CHECK_EQ_INT(symbolizer__set_debug_dirs(s, dbg), 0);
		dso = symbolizer__dso(s, so, NULL, NULL, 0);
		CHECK_EQ_INT(symbolizer__load(s, dso), 0);
		CHECK_EQ_STR(sym_dso__symbol_source(dso), "debug file");
		expect(s, dso, internal + 1, "internal_fn", 1);
		expect(s, dso, exported, "exported_fn", 0);
		symbolizer__free(s);
	}
	fixture__rmtree(dir);
}

/* libc's malloc: through .dynsym (and libc6-dbg's file when installed). */
TEST(symbolizer_libc_malloc_live)
{
	void *libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	const struct procmap *m;
	struct procmap *maps;
	struct symbolizer *s;
	struct sym_dso *dso;
	struct sym_result r;
	uint64_t ip;
	size_t nr;

	if (!libc)
		harness__skip("libc.so.6 is not loaded");
	/* libc's own malloc, not a sanitizer's interposed one. */
	ip = (uint64_t)(uintptr_t)dlsym(libc, "malloc");
	dlclose(libc);
	CHECK(ip);
	CHECK_EQ_INT(procmaps__read(0, &maps, &nr), 0);
	m = procmaps__find(maps, nr, ip);
	CHECK(m);
	CHECK(strstr(m->path, "libc"));
	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso(s, m->path, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__lookup_file_offset(
			     s, dso, ip - m->start + m->pgoff, &r),
		     0);
	/* Aliases (__libc_malloc, __malloc): perf's choice is malloc. */
	CHECK_EQ_STR(r.name, "malloc");
	CHECK_EQ_INT(r.offset, 0);
	CHECK_EQ_INT(symbolizer__lookup_file_offset(
			     s, dso, ip + 5 - m->start + m->pgoff, &r),
		     0);
	CHECK_EQ_STR(r.name, "malloc");
	CHECK_EQ_INT(r.offset, 5);
	symbolizer__free(s);

	/* As if libc6-dbg were not installed: .dynsym alone names it. */
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(s, NULL), 0);
	dso = symbolizer__dso(s, m->path, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__lookup_file_offset(
			     s, dso, ip + 7 - m->start + m->pgoff, &r),
		     0);
	CHECK_EQ_STR(sym_dso__symbol_source(dso), ".dynsym");
	CHECK_EQ_STR(r.name, "malloc");
	CHECK_EQ_INT(r.offset, 7);
	symbolizer__free(s);
	procmaps__free(maps);
}

/* One object under two paths is loaded once: names are shared. */
TEST(symbolizer_shares_objects)
{
	const char *dir, *path = fixture__workload();
	char copy[PATH_MAX];
	struct symbolizer *s;
	struct sym_dso *a, *b;
	struct sym_result ra, rb;
	uint64_t addr;

	need_tools((const char *[]){"nm", NULL});
	dir = fixture__tmpdir();
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	CHECK_EQ_INT(fixture__copy(path, copy, SIZE_MAX), 0);
	addr = must_nm(path, "hot_outer", NULL);
	s = fixture__symbolizer();
	CHECK(s);
	a = symbolizer__dso(s, path, NULL, NULL, 0);
	b = symbolizer__dso(s, copy, NULL, NULL, 0);
	CHECK(a && b && a != b);
	CHECK(symbolizer__dso(s, copy, "/", NULL, 0) == b);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, a, addr, &ra), 0);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, b, addr, &rb), 0);
	CHECK(ra.name == rb.name);
	CHECK_EQ_STR(ra.dso_name, path);
	CHECK_EQ_STR(rb.dso_name, copy);
	symbolizer__free(s);
	fixture__rmtree(dir);
}

/*
 * A path whose file was replaced (upgrade) or deleted: the build-id
 * recorded with the samples still finds the right symbols, from the
 * earlier load or a debug file, and never the new file's.
 */
TEST(symbolizer_replaced_file_matched_by_build_id)
{
	const char *dir, *path = fixture__workload();
	char bin[PATH_MAX], dbgdir[PATH_MAX], idhex[130];
	uint64_t hot = 0;
	uint8_t id[64];
	struct symbolizer *s, *fresh;
	struct sym_dso *old, *now, *pinned;
	struct sym_result r;
	int len;

	need_tools((const char *[]){"nm", "objcopy", NULL});
	dir = fixture__tmpdir();
	snprintf(bin, sizeof(bin), "%s/prog", dir);
	CHECK_EQ_INT(fixture__copy(path, bin, SIZE_MAX), 0);
	len = build_id_of(path, id, sizeof(id));
	hot = must_nm(path, "hot_inner", NULL);

	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(s, NULL), 0);
	old = symbolizer__dso(s, bin, NULL, id, (size_t)len);
	expect(s, old, hot, "hot_inner", 0);

	/* Replace the file with another program. */
	CHECK_EQ_INT(unlink(bin), 0);
	CHECK_EQ_INT(fixture__copy(cxxwork_path(), bin, SIZE_MAX), 0);
	pinned = symbolizer__dso(s, bin, NULL, id, (size_t)len);
	CHECK(pinned == old);
	expect(s, pinned, hot + 1, "hot_inner", 1);
	/* Without a build-id the path means the file there now. */
	now = symbolizer__dso(s, bin, NULL, NULL, 0);
	CHECK(now != old);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(
			     s, now, must_nm(cxxwork_path(), "main", NULL), &r),
		     0);
	CHECK_EQ_STR(r.name, "main");

	/* A fresh symbolizer: the replaced file is refused... */
	fresh = fixture__symbolizer();
	CHECK(fresh);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(fresh, ""), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(fresh, NULL), 0);
	pinned = symbolizer__dso(fresh, bin, NULL, id, (size_t)len);
	CHECK_EQ_INT(symbolizer__load(fresh, pinned), -ESTALE);
	expect(fresh, pinned, hot, "[unknown]", hot);
	symbolizer__free(fresh);

	/* ...and a debug file with the build-id is found instead. */
	hex(id, len, idhex);
	snprintf(dbgdir, sizeof(dbgdir), "%s/dbg/.build-id/%.2s", dir, idhex);
	mkdirs(dbgdir);
	CHECK_EQ_INT(run("objcopy --only-keep-debug '%s' '%s/%s.debug'", path,
			 dbgdir, idhex + 2),
		     0);
	snprintf(dbgdir, sizeof(dbgdir), "%s/dbg", dir);
	fresh = fixture__symbolizer();
	CHECK(fresh);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(fresh, dbgdir), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(fresh, NULL), 0);
	pinned = symbolizer__dso(fresh, bin, NULL, id, (size_t)len);
	CHECK_EQ_INT(symbolizer__load(fresh, pinned), 0);
	expect(fresh, pinned, hot + 2, "hot_inner", 2);
	symbolizer__free(fresh);

	/* Deleted outright, but kept in perf's build-id cache. */
	CHECK_EQ_INT(unlink(bin), 0);
	snprintf(dbgdir, sizeof(dbgdir), "%s/cache/.build-id/%.2s/%s", dir,
		 idhex, idhex + 2);
	mkdirs(dbgdir);
	CHECK_EQ_INT(run("cp '%s' '%s/elf'", path, dbgdir), 0);
	snprintf(dbgdir, sizeof(dbgdir), "%s/cache", dir);
	fresh = fixture__symbolizer();
	CHECK(fresh);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(fresh, ""), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(fresh, dbgdir), 0);
	pinned = symbolizer__dso(fresh, bin, NULL, id, (size_t)len);
	CHECK_EQ_INT(symbolizer__lookup_file_offset(
			     fresh, pinned, hot + 3 - text_bias(path), &r),
		     0);
	CHECK_EQ_STR(r.name, "hot_inner");
	CHECK_EQ_INT(r.offset, 3);
	symbolizer__free(fresh);

	/* Deleted and nowhere else: nothing, quietly. */
	fresh = fixture__symbolizer();
	CHECK(fresh);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(fresh, ""), 0);
	CHECK_EQ_INT(symbolizer__set_buildid_cache(fresh, NULL), 0);
	pinned = symbolizer__dso(fresh, bin, NULL, id, (size_t)len);
	CHECK_EQ_INT(symbolizer__load(fresh, pinned), -ENOENT);
	expect(fresh, pinned, hot, "[unknown]", hot);
	symbolizer__free(fresh);

	/* The first symbolizer's results are still good. */
	expect(s, old, hot, "hot_inner", 0);
	symbolizer__free(s);
	fixture__rmtree(dir);
}

/* Damaged files: lookups find nothing and nothing crashes. */
TEST(symbolizer_garbage_files)
{
	static const size_t cuts[] = {0,   4,	 16,   63,   64,   65,
				      200, 1000, 4096, 8192, 12000};
	const char *dir, *path = fixture__workload();
	unsigned char junk[8192], *elf;
	struct symbolizer *s;
	struct sym_result r;
	char name[PATH_MAX];
	size_t len;

	dir = fixture__tmpdir();
	s = fixture__symbolizer();
	CHECK(s);
	CHECK_EQ_INT(symbolizer__set_debug_dirs(s, ""), 0);
	/* Truncated copies of a good file, each a new file. */
	CHECK_EQ_INT(fixture__slurp(path, &elf, &len), 0);
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		struct sym_dso *d;

		snprintf(name, sizeof(name), "%s/cut%zu", dir, cuts[i]);
		CHECK_EQ_INT(
			fixture__spit(name, elf, cuts[i] < len ? cuts[i] : len),
			0);
		d = symbolizer__dso(s, name, NULL, NULL, 0);
		CHECK(d);
		symbolizer__load(s, d);
		for (uint64_t a = 0; a < 0x3000; a += 0x101)
			symbolizer__lookup_vaddr(s, d, a, &r);
		symbolizer__lookup_file_offset(s, d, 0x1100, &r);
	}
	/* Random bytes, and random bytes behind a real ELF header. */
	srand(7);
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (unsigned char)rand();
	snprintf(name, sizeof(name), "%s/junk", dir);
	CHECK_EQ_INT(fixture__spit(name, junk, sizeof(junk)), 0);
	CHECK_EQ_INT(
		symbolizer__load(s, symbolizer__dso(s, name, NULL, NULL, 0)),
		-ENOEXEC);
	memcpy(junk, elf, 64);
	snprintf(name, sizeof(name), "%s/header", dir);
	CHECK_EQ_INT(fixture__spit(name, junk, sizeof(junk)), 0);
	symbolizer__load(s, symbolizer__dso(s, name, NULL, NULL, 0));
	/* The section headers of a good file pointed into garbage. */
	for (size_t off = 0x40; off < len && off < 0x4000; off += 0x333) {
		unsigned char *bad = malloc(len);

		CHECK(bad);
		memcpy(bad, elf, len);
		for (size_t j = 0; j < 64 && off + j < len; j++)
			bad[off + j] ^= (unsigned char)rand();
		snprintf(name, sizeof(name), "%s/flip%zu", dir, off);
		CHECK_EQ_INT(fixture__spit(name, bad, len), 0);
		free(bad);
		symbolizer__lookup_vaddr(
			s, symbolizer__dso(s, name, NULL, NULL, 0), 0x1250, &r);
	}
	/* Not files at all. */
	CHECK_EQ_INT(
		symbolizer__load(s, symbolizer__dso(s, dir, NULL, NULL, 0)),
		-ENOENT);
	CHECK_EQ_INT(symbolizer__load(s, symbolizer__dso(s, "/nonexistent/x",
							 NULL, NULL, 0)),
		     -ENOENT);
	CHECK_EQ_INT(symbolizer__load(
			     s, symbolizer__dso(s, "[heap]", NULL, NULL, 0)),
		     -ENOENT);
	CHECK(!symbolizer__dso(s, NULL, NULL, NULL, 0));
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, NULL, 1, &r), -EINVAL);
	CHECK_EQ_STR(r.name, "[unknown]");
	free(elf);
	symbolizer__free(s);
	symbolizer__free(NULL);
	fixture__rmtree(dir);
}

/* The vDSO, from memory: its .dynsym, perf's pick among aliases. */
TEST(symbolizer_vdso_from_memory)
{
	unsigned long base = getauxval(AT_SYSINFO_EHDR);
	const struct procmap *m;
	struct procmap *maps;
	struct symbolizer *s;
	struct sym_dso *dso;
	struct elf_file *ef;
	struct sym_result r;
	size_t nr, size;
	void *copy;
	uint64_t addr = 0;

	if (!base)
		harness__skip("no vDSO");
	CHECK_EQ_INT(procmaps__read(0, &maps, &nr), 0);
	m = procmaps__find(maps, nr, base);
	CHECK(m);
	size = m->end - m->start;
	procmaps__free(maps);
	copy = malloc(size);
	CHECK(copy);
	memcpy(copy, (const void *)base, size);

	/* Where clock_gettime is, by libelf directly. */
	CHECK_EQ_INT(elf_file__open_memory(copy, size, &ef), 0);
	{
		struct elf_section sec;

		CHECK_EQ_INT(elf_file__section(ef, ".dynsym", &sec), 0);
	}
	elf_file__close(ef);
	s = fixture__symbolizer();
	CHECK(s);
	dso = symbolizer__dso_memory(s, "[vdso]", copy, size);
	CHECK(dso);
	CHECK(symbolizer__dso_memory(s, "[vdso]", copy, size) == dso);
	free(copy);
	CHECK_EQ_INT(symbolizer__load(s, dso), 0);
	CHECK(sym_dso__nr_symbols(dso) >= 2);
	{
		void *h = dlopen("linux-vdso.so.1", RTLD_NOW | RTLD_NOLOAD);
		void *fn = h ? dlsym(h, "__vdso_clock_gettime") : NULL;

		if (h)
			dlclose(h);
		if (fn)
			addr = (uint64_t)((uintptr_t)fn - base);
	}
	if (addr) {
		/* Text of an ET_DYN vDSO sits at file offset == vaddr. */
		CHECK_EQ_INT(symbolizer__lookup_vaddr(s, dso, addr, &r), 0);
		/* clock_gettime is its weak alias: the global name wins. */
		CHECK_EQ_STR(r.name, "__vdso_clock_gettime");
		CHECK_EQ_STR(r.dso_name, "[vdso]");
	}
	symbolizer__free(s);
}

/* Calls through the PLT land in "func@plt" stubs, named as perf names them. */
TEST(symbolizer_plt_stubs)
{
	const char *path = fixture__workload();
	char cmd[PATH_MAX + 64], line[256];
	unsigned long long addr = 0;
	struct symbolizer *s;
	struct sym_dso *dso;
	struct sym_result r;
	FILE *p;

	need_tools((const char *[]){"objdump", NULL});
	snprintf(cmd, sizeof(cmd), "objdump -d '%s'", path);
	p = popen(cmd, "r");
	CHECK(p);
	while (fgets(line, sizeof(line), p))
		if (strstr(line, "<syscall@plt>:"))
			addr = strtoull(line, NULL, 16);
	pclose(p);
	CHECK(addr);
	s = fixture__symbolizer();
	dso = symbolizer__dso(s, path, NULL, NULL, 0);
	CHECK_EQ_INT(symbolizer__lookup_vaddr(s, dso, addr + 4, &r), 0);
	CHECK_EQ_STR(r.name, "syscall@plt");
	CHECK_EQ_INT(r.offset, 4);
	symbolizer__free(s);
}
