// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the /proc/PID/maps line parser. */
#include "core/procmaps.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	char path[256];
	struct procmap m;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	procmaps__parse_line(line, &m, path, sizeof(path));
	free(line);
	return 0;
}
