// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "render/hist.h"

#include <stdlib.h>

/* bpftrace's hist() layout: the label in 16, the count in 8, a 52 bar. */
TEST(hist_log2_bpftrace_layout)
{
	uint64_t slots[65] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	slots[1] = 2; /* [1] */
	slots[8] = 4; /* [128, 256) */
	slots[11] = 1; /* [1K, 2K) */
	hist_render__log2(out, "read", slots, 65);
	fclose(out);
	CHECK_EQ_STR(text,
		     "@[read]: \n"
		     "[1]                    2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		     "[2, 4)                 0 |                                                    |\n"
		     "[4, 8)                 0 |                                                    |\n"
		     "[8, 16)                0 |                                                    |\n"
		     "[16, 32)               0 |                                                    |\n"
		     "[32, 64)               0 |                                                    |\n"
		     "[64, 128)              0 |                                                    |\n"
		     "[128, 256)             4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[256, 512)             0 |                                                    |\n"
		     "[512, 1K)              0 |                                                    |\n"
		     "[1K, 2K)               1 |@@@@@@@@@@@@@                                       |\n"
		     "\n");
	free(text);
}
