// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the tracefs format parser. */
#include "core/tracefs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct tracefs_format fmt;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	tracefs__parse_format(text, &fmt);
	free(text);
	return 0;
}
