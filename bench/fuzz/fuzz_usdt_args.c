// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: USDT argument specs from stapsdt notes. */
#include "sym/usdt_args.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct usdt_arg args[USDT_MAX_ARGS];
	char *spec = malloc(size + 1);
	size_t nr, bad;

	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	usdt_args__parse(spec, args, &nr, &bad);
	free(spec);
	return 0;
}
