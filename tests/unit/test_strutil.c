// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "util/strutil.h"

#include <errno.h>

TEST(strutil_split_and_uniq)
{
	struct strlist l = { 0 };

	CHECK_EQ_INT(strlist__split(&l, "b,,a,b", ','), 0);
	CHECK_EQ_INT(l.nr, 3);
	strlist__uniq(&l);
	CHECK_EQ_INT(l.nr, 2);
	CHECK_EQ_STR(l.items[0], "a");
	CHECK_EQ_STR(l.items[1], "b");
	strlist__release(&l);
}

TEST(strutil_glob)
{
	CHECK(str_is_glob("syscalls:*open*"));
	CHECK(!str_is_glob("syscalls:sys_enter_open"));
	CHECK(str_glob_match("syscalls:*open*", "syscalls:sys_enter_openat"));
	CHECK(!str_glob_match("syscalls:*open*", "sched:sched_switch"));
}

TEST(strutil_numbers)
{
	unsigned long long v;

	CHECK_EQ_INT(str_to_u64("1234", &v), 0);
	CHECK_EQ_INT(v, 1234);
	CHECK_EQ_INT(str_to_u64("12x", &v), -EINVAL);
	CHECK_EQ_INT(str_to_u64("-1", &v), -EINVAL);
	CHECK_EQ_INT(str_to_u64("", &v), -EINVAL);
	CHECK_EQ_INT(str_to_seconds_ns("1.5", &v), 0);
	CHECK_EQ_INT(v, 1500000000ULL);
	CHECK_EQ_INT(str_to_seconds_ns("0.001", &v), 0);
	CHECK_EQ_INT(v, 1000000ULL);
	CHECK_EQ_INT(str_to_seconds_ns("abc", &v), -EINVAL);
	CHECK_EQ_INT(str_to_seconds_ns(".", &v), -EINVAL);
}

TEST(strutil_suggest)
{
	const char *names[] = { "stat", "list", "doctor", "record" };
	const char *out[4];
	size_t n = str_suggest("stst", names, 4, out, 4);

	CHECK(n >= 1);
	CHECK_EQ_STR(out[0], "stat");
	CHECK_EQ_INT(str_edit_distance("kitten", "sitting"), 3);
	CHECK_EQ_INT(str_suggest("zzzzzzzz", names, 4, out, 4), 0);
}

TEST(strutil_thousands)
{
	char buf[32];

	CHECK_EQ_STR(str_thousands(0, buf, sizeof(buf)), "0");
	CHECK_EQ_STR(str_thousands(999, buf, sizeof(buf)), "999");
	CHECK_EQ_STR(str_thousands(1234567, buf, sizeof(buf)), "1,234,567");
}
