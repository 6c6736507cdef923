// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "fixtures.h"
#include "sym/usdt.h"
#include "sym/usdt_args.h"

#include <errno.h>

#if defined(__x86_64__)
TEST(usdt_args_x86_forms)
{
	struct usdt_arg a[USDT_MAX_ARGS];
	size_t nr, bad;

	CHECK_EQ_INT(usdt_args__parse("-4@%esi 8@-16(%rbp) 4@$5 8@(%rax) "
				      "-1@%al 2@%r12w 8@$-3",
				      a, &nr, &bad),
		     0);
	CHECK_EQ_INT(nr, 7);
	CHECK(a[0].kind == USDT_ARG_REG && a[0].size == 4 && a[0].is_signed);
	CHECK_EQ_STR(a[0].reg, "esi");
	CHECK_EQ_INT(a[0].reg_offset, 104);
	CHECK(a[1].kind == USDT_ARG_MEM && a[1].size == 8 && !a[1].is_signed);
	CHECK_EQ_INT(a[1].value, -16);
	CHECK_EQ_INT(a[1].reg_offset, 32);
	CHECK(a[2].kind == USDT_ARG_CONST && a[2].value == 5);
	CHECK(a[3].kind == USDT_ARG_MEM && a[3].value == 0 &&
	      a[3].reg_offset == 80);
	CHECK(a[4].size == 1 && a[4].is_signed && a[4].reg_offset == 80);
	CHECK(a[5].size == 2 && a[5].reg_offset == 24);
	CHECK(a[6].kind == USDT_ARG_CONST && a[6].value == -3);
}

TEST(usdt_args_x86_unreadable_forms)
{
	struct usdt_arg a[USDT_MAX_ARGS];
	size_t nr, bad;

	/* A global through %rip needs the symbol's address: not yet. */
	CHECK_EQ_INT(usdt_args__parse("4@$1 4@counter(%rip)", a, &nr, &bad),
		     -EINVAL);
	CHECK_EQ_INT(bad, 1);
	CHECK_EQ_INT(usdt_args__parse("8@(%rax,%rdx,8)", a, &nr, &bad),
		     -EINVAL);
	CHECK_EQ_INT(usdt_args__parse("4@%xyz", a, &nr, &bad), -EINVAL);
	CHECK_EQ_INT(usdt_args__parse("3@%eax", a, &nr, &bad), -EINVAL);
	CHECK_EQ_INT(usdt_args__parse("4%eax", a, &nr, &bad), -EINVAL);
	CHECK_EQ_INT(usdt_args__parse("", a, &nr, &bad), 0);
	CHECK_EQ_INT(nr, 0);
}
#endif

/* What the compiler wrote for the workload's probe reads back. */
TEST(usdt_args_workload_probe)
{
	struct usdt_probe *probes;
	const struct usdt_probe *p;
	struct usdt_arg a[USDT_MAX_ARGS];
	size_t nr, nr_args, bad;

	CHECK_EQ_INT(usdt__read(fixture__workload(), &probes, &nr), 0);
	p = usdt__find(probes, nr, "sonde_test", "tick");
	CHECK(p);
	CHECK_EQ_INT(usdt_args__parse(p->args, a, &nr_args, &bad), 0);
	CHECK_EQ_INT(nr_args, 2);
	usdt__free(probes);
}
