// SPDX-License-Identifier: GPL-2.0
/* The ELF reader's entry points for the symbolizer. */
#include "harness.h"
#include "fixtures.h"
#include "sym/elf.h"

#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>

struct seen {
	int hot_inner, labels, objects, versioned;
	uint64_t hot_addr, hot_size;
};

static int see(const struct elf_symbol *sym, void *arg)
{
	struct seen *s = arg;

	if (!strcmp(sym->name, "hot_inner")) {
		s->hot_inner++;
		CHECK_EQ_INT(sym->type, STT_FUNC);
		CHECK_EQ_INT(sym->bind, STB_GLOBAL);
		CHECK(sym->exec);
		s->hot_addr = sym->addr;
		s->hot_size = sym->size;
	}
	if (!strcmp(sym->name, "sink")) {
		s->objects++;
		CHECK_EQ_INT(sym->type, STT_OBJECT);
		CHECK(!sym->exec);
	}
	if (strchr(sym->name, '@'))
		s->versioned++;
	return 0;
}

static int stop(const struct elf_symbol *sym, void *arg)
{
	return ++*(int *)arg == 3 ? 7 : 0;
}

TEST(elf_symbols_segments_sections)
{
	struct elf_segment segs[16];
	struct elf_section text;
	struct seen seen = {0};
	struct elf_file *ef;
	const void *data;
	size_t size;
	int n, calls = 0, exec = 0;
	char name[64];
	uint32_t crc;

	CHECK_EQ_INT(elf_file__open(fixture__workload(), &ef), 0);
	CHECK_EQ_INT(elf_file__for_each_symbol(ef, SHT_SYMTAB, see, &seen), 0);
	CHECK_EQ_INT(seen.hot_inner, 1);
	CHECK_EQ_INT(seen.objects, 1);
	CHECK(seen.hot_size > 0);
	/* .dynsym of a PIE: imports only, which are not "defined". */
	memset(&seen, 0, sizeof(seen));
	CHECK_EQ_INT(elf_file__for_each_symbol(ef, SHT_DYNSYM, see, &seen), 0);
	CHECK_EQ_INT(seen.hot_inner, 0);
	CHECK_EQ_INT(elf_file__for_each_symbol(ef, SHT_SYMTAB, stop, &calls),
		     7);
	CHECK_EQ_INT(calls, 3);

	n = elf_file__load_segments(ef, segs, 16);
	CHECK(n >= 2 && n <= 16);
	CHECK_EQ_INT(elf_file__load_segments(ef, segs, 1), n);
	CHECK_EQ_INT(elf_file__section(ef, ".text", &text), 0);
	for (int i = 0; i < n; i++)
		if (segs[i].flags & PF_X) {
			exec++;
			/* .text lies in the executable segment. */
			CHECK(text.addr >= segs[i].vaddr);
			CHECK(text.addr + text.size <=
			      segs[i].vaddr + segs[i].memsz);
			CHECK_EQ_INT(text.addr - segs[i].vaddr,
				     text.offset - segs[i].offset);
		}
	CHECK_EQ_INT(exec, 1);

	CHECK_EQ_INT(elf_file__section_data(ef, ".text", &data, &size), 0);
	CHECK_EQ_INT(size, text.size);
	CHECK(data);
	CHECK_EQ_INT(elf_file__section_data(ef, ".bss", &data, &size),
		     -ENODATA);
	CHECK_EQ_INT(elf_file__section_data(ef, ".nope", &data, &size),
		     -ENOENT);
	CHECK_EQ_INT(elf_file__debuglink(ef, name, sizeof(name), &crc),
		     -ENOENT);
	elf_file__close(ef);
}

TEST(elf_debuglink_and_memory)
{
	const char *dir, *path = fixture__workload();
	char cmd[4 * PATH_MAX], name[64], small[4];
	unsigned char *buf;
	struct seen seen = {0};
	struct elf_file *ef;
	size_t len;
	uint32_t crc;

	if (!fixture__have_tool("objcopy"))
		harness__skip("objcopy not installed");
	dir = fixture__tmpdir();
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && objcopy --only-keep-debug '%s' w.debug && "
		 "objcopy --strip-all --add-gnu-debuglink=w.debug '%s' w",
		 dir, path, path);
	CHECK_EQ_INT(system(cmd), 0);
	CHECK_EQ_INT(elf_file__open(fixture__path(dir, "w"), &ef), 0);
	CHECK_EQ_INT(elf_file__debuglink(ef, name, sizeof(name), &crc), 0);
	CHECK_EQ_STR(name, "w.debug");
	CHECK(crc != 0);
	CHECK_EQ_INT(elf_file__debuglink(ef, small, sizeof(small), &crc),
		     -ERANGE);
	elf_file__close(ef);

	/* The debug file: a .symtab, but .text has no bytes. */
	CHECK_EQ_INT(elf_file__open(fixture__path(dir, "w.debug"), &ef), 0);
	{
		const void *data;
		size_t size;

		CHECK_EQ_INT(elf_file__section_data(ef, ".text", &data, &size),
			     -ENODATA);
	}
	CHECK_EQ_INT(elf_file__for_each_symbol(ef, SHT_SYMTAB, see, &seen), 0);
	CHECK_EQ_INT(seen.hot_inner, 1);
	CHECK_EQ_INT(elf_file__for_each_symbol(ef, SHT_DYNSYM, see, &seen),
		     -ENOENT);
	elf_file__close(ef);

	/* The whole program from memory reads the same. */
	CHECK_EQ_INT(fixture__slurp(path, &buf, &len), 0);
	CHECK_EQ_INT(elf_file__open_memory(buf, len, &ef), 0);
	memset(&seen, 0, sizeof(seen));
	CHECK_EQ_INT(elf_file__for_each_symbol(ef, SHT_SYMTAB, see, &seen), 0);
	CHECK_EQ_INT(seen.hot_inner, 1);
	elf_file__close(ef);
	CHECK_EQ_INT(elf_file__open_memory(buf, 10, &ef), -ENOEXEC);
	CHECK(!ef);
	free(buf);
	fixture__rmtree(dir);
}
