// SPDX-License-Identifier: GPL-2.0
/* printf formats of sonde run: split, and filled as bpftrace prints them. */
#include "harness.h"
#include "lang/format.h"
#include "util/strbuf.h"

#include <errno.h>
#include <string.h>

static void check_render(const char *fmt, const struct lang_format_arg *args,
			 size_t nr, const char *want)
{
	struct strbuf sb;

	strbuf__init(&sb, 1 << 16);
	CHECK(!strbuf__add(&sb, "", 0));
	CHECK_EQ_INT(lang_format__render(&sb, fmt, strlen(fmt), args, nr), 0);
	CHECK_EQ_STR(sb.buf, want);
	strbuf__release(&sb);
}

#define INT(v)                                            \
	{                                                 \
		.is_signed = true, .value = (uint64_t)(v) \
	}
#define UINT(v)              \
	{                    \
		.value = (v) \
	}
#define STR(s)                             \
	{                                  \
		.is_str = true, .str = (s) \
	}

TEST(format_renders_bpftrace_specifiers)
{
	const struct lang_format_arg a[] = {INT(-42), UINT(255), STR("bash"),
					    UINT(0x41)};

	check_render("PID %d sleeping...\n", a, 1, "PID -42 sleeping...\n");
	check_render("%-6d|%5u|%x|%X|%o|%08x\n",
		     (const struct lang_format_arg[]){INT(7), UINT(9),
						      UINT(255), UINT(255),
						      UINT(8), UINT(255)},
		     6, "7     |    9|ff|FF|10|000000ff\n");
	check_render("%-10s|%5s|%.2s|%c|%p",
		     (const struct lang_format_arg[]){STR("bash"), STR("bash"),
						      STR("bash"), UINT(0x41),
						      UINT(0x7fff0000)},
		     5, "bash      | bash|ba|A|0x7fff0000");
	check_render("%s", (const struct lang_format_arg[]){STR("x"), STR("y")},
		     1, "x");
	check_render("100%% done, %lld %llu %ld %hhd", a, 4,
		     "100% done, -42 255 0 65");
	check_render("no specifiers\n", NULL, 0, "no specifiers\n");
	/*
	 * Widths as C's printf reads them, bpftrace 0.17's output for
	 * BEGIN { printf("%d %x %u %ld %lu %lx %X %o|%d %hhd %hu\n",
	 * 0x100000001, 0x100000001, 0x100000001, 0x100000001, -1, -1, 0x1ff,
	 * 8, (uint32)-1, 255, 70000); }
	 */
	check_render("%d %x %u %ld %lu %lx %X %o|%d %hhd %hu\n",
		     (const struct lang_format_arg[]){
			     INT(0x100000001), INT(0x100000001),
			     INT(0x100000001), INT(0x100000001), INT(-1),
			     INT(-1), INT(0x1ff), INT(8), UINT(0xffffffff),
			     INT(255), INT(70000)},
		     11,
		     "1 1 1 4294967297 18446744073709551615 ffffffffffffffff "
		     "1FF 10|-1 -1 4464\n");
}

TEST(format_errors)
{
	struct lang_format_piece p;
	struct strbuf sb;
	const char *why;
	size_t pos = 0;

	CHECK_EQ_INT(lang_format__next("a %q b", 6, &pos, &p, &why), 1);
	CHECK_EQ_INT(lang_format__next("a %q b", 6, &pos, &p, &why), -EINVAL);
	CHECK_EQ_STR(why, "unknown format specifier");
	CHECK(p.len == 2 && !strncmp(p.text, "%q", 2));
	pos = 0;
	CHECK_EQ_INT(lang_format__next("%-5", 3, &pos, &p, &why), -EINVAL);
	CHECK_EQ_STR(why, "the format ends inside the specifier");
	strbuf__init(&sb, 1 << 10);
	CHECK_EQ_INT(lang_format__render(&sb, "%d %d", 5, NULL, 0), -EINVAL);
	strbuf__release(&sb);
}
