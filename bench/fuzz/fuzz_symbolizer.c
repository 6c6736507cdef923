// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the same bytes as an ELF file, an ELF image in
 * memory, a perf map and a kallsyms file, each loaded by the symbolizer
 * and looked up at a spread of addresses.
 */
#include "sym/symbolizer.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void poke(struct symbolizer *s, struct sym_dso *dso)
{
	struct sym_result r;
	uint64_t vaddr;

	if (!dso)
		return;
	symbolizer__load(s, dso);
	for (uint64_t a = 0; a < 0x10000; a += 0x777) {
		symbolizer__lookup_vaddr(s, dso, a, &r);
		symbolizer__lookup_file_offset(s, dso, a, &r);
		symbolizer__offset_to_vaddr(s, dso, a, &vaddr);
	}
	symbolizer__lookup_vaddr(s, dso, UINT64_MAX, &r);
	symbolizer__lookup_vaddr(s, dso, 0xffffffff81000000ULL, &r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/sonde-fuzz-sym.XXXXXX";
	struct symbolizer *s = symbolizer__new();
	int fd = mkstemp(path);

	if (!s || fd < 0)
		goto out;
	if (write(fd, data, size) != (ssize_t)size)
		goto out;
	symbolizer__set_debug_dirs(s, "");
	symbolizer__set_buildid_cache(s, NULL);
	poke(s, symbolizer__dso(s, path, NULL, NULL, 0));
	poke(s, symbolizer__dso_memory(s, "[mem]", data, size));
	poke(s, symbolizer__perf_map(s, 1, (const char *)data, size));
	poke(s, symbolizer__kernel(s, path));
out:
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	symbolizer__free(s);
	return 0;
}
