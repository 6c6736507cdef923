// SPDX-License-Identifier: GPL-2.0
#include "bpf/loader.h"

#include <bpf/libbpf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static int print_debug_only(enum libbpf_print_level level, const char *fmt,
			    va_list ap)
{
	static int debug = -1;

	if (debug < 0)
		debug = getenv("SONDE_DEBUG") != NULL;
	if (!debug)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void bpf_loader__init(void)
{
	static bool done;
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };

	if (done)
		return;
	done = true;
	libbpf_set_print(print_debug_only);
	setrlimit(RLIMIT_MEMLOCK, &unlimited);
}
