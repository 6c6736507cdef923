// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: ELF files through the symbol, note and USDT readers. */
#include "sym/elf.h"
#include "sym/usdt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count_function(const char *name, uint64_t addr, uint64_t size,
			  void *ctx)
{
	(*(size_t *)ctx)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/sonde-fuzz-elf.XXXXXX";
	int fd = mkstemp(path);
	struct elf_file *ef;
	struct usdt_probe *probes;
	unsigned char id[64];
	size_t nr, functions = 0;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size &&
	    elf_file__open(path, &ef) == 0) {
		elf_file__build_id(ef, id, sizeof(id));
		elf_file__for_each_function(ef, count_function, &functions);
		if (usdt__read_elf(ef, &probes, &nr) == 0)
			usdt__free(probes);
		elf_file__close(ef);
	}
	close(fd);
	unlink(path);
	return 0;
}
