// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "render/syscall_summary.h"

#include <errno.h>
#include <stdlib.h>

TEST(syscall_summary_strace_c_layout)
{
	struct syscall_summary_row rows[] = {
		{ "getppid", 20000, 0, 2000000, 110 },
		{ "openat", 4, 1, 6000000, 257 },
		{ "brk", 3, 0, 2000000, 12 },
	};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	syscall_summary__render(out, rows, 3, SUMMARY_SORT_TIME);
	fclose(out);
	CHECK_EQ_STR(text,
		     "% time     seconds  usecs/call     calls    errors syscall\n"
		     "------ ----------- ----------- --------- --------- ----------------\n"
		     " 60.00    0.006000        1500         4         1 openat\n"
		     " 20.00    0.002000         666         3           brk\n"
		     " 20.00    0.002000           0     20000           getppid\n"
		     "------ ----------- ----------- --------- --------- ----------------\n"
		     "100.00    0.010000           0     20007         1 total\n");
	free(text);
}

TEST(syscall_summary_sort_keys)
{
	enum syscall_summary_sort s;

	CHECK_EQ_INT(syscall_summary__parse_sort("calls", &s), 0);
	CHECK_EQ_INT(s, SUMMARY_SORT_CALLS);
	CHECK_EQ_INT(syscall_summary__parse_sort("name", &s), 0);
	CHECK_EQ_INT(s, SUMMARY_SORT_NAME);
	CHECK_EQ_INT(syscall_summary__parse_sort("size", &s), -EINVAL);
}
