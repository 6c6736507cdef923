// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: JIT map files as HotSpot writes them. */
#include "jvm/attach.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/sonde-fuzz-jvm-map.XXXXXX";
	int fd = mkstemp(path);
	char *text;
	size_t len;

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size &&
	    jvm__read_perf_map(path, &text, &len) == 0)
		free(text);
	close(fd);
	unlink(path);
	return 0;
}
