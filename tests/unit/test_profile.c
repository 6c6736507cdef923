// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "profile/profile.h"

TEST(profile_interns_frames_and_aggregates_stacks)
{
	struct profile p;
	uint32_t a, b, k, s1[3], s2[2];

	profile__init(&p);
	a = (uint32_t)profile__frame(&p, "hot_inner", "/bin/w", FRAME_USER);
	b = (uint32_t)profile__frame(&p, "main", "/bin/w", FRAME_USER);
	k = (uint32_t)profile__frame(&p, "do_syscall_64", "[kernel.kallsyms]",
				     FRAME_KERNEL);
	CHECK_EQ_INT(profile__frame(&p, "main", "/bin/w", FRAME_USER), b);
	CHECK(profile__frame(&p, "main", "/bin/other", FRAME_USER) != b);
	CHECK_EQ_INT(profile__frame(&p, "main", "/bin/w", FRAME_JIT), 4);
	s1[0] = k, s1[1] = a, s1[2] = b;
	s2[0] = a, s2[1] = b;
	for (int i = 0; i < 1000; i++) {
		CHECK_EQ_INT(profile__add(&p, "w", 10, 11, s1, 3, 5), 0);
		CHECK_EQ_INT(profile__add(&p, "w", 10, 11, s2, 2, 1), 0);
		CHECK_EQ_INT(profile__add(&p, "w", 10, 12, s2, 2, 1), 0);
	}
	CHECK_EQ_INT(p.nr_stacks, 3);
	CHECK_EQ_INT(p.total_samples, 3000);
	CHECK_EQ_INT(p.total_period, 7000);
	CHECK_EQ_INT(p.stacks[0].samples, 1000);
	CHECK_EQ_INT(p.stacks[0].period, 5000);
	CHECK_EQ_INT(profile__stack_frames(&p, &p.stacks[1])[0], a);
	CHECK_EQ_STR(profile__string(&p, p.stacks[2].comm), "w");
	CHECK_EQ_STR(profile__string(&p, p.frames[k].dso),
		     "[kernel.kallsyms]");
	/* Many distinct stacks: the hash chains hold. */
	for (uint32_t i = 0; i < 20000; i++) {
		uint32_t f = (uint32_t)profile__frame(&p, "main", "/bin/w",
						      FRAME_USER);
		uint32_t st[2] = { f, i % 7 };

		CHECK_EQ_INT(profile__add(&p, "w", (pid_t)i, 1, st, 2, 1), 0);
	}
	CHECK_EQ_INT(p.nr_stacks, 20003);
	profile__release(&p);
}

TEST(profile_unknown_names_as_perf_prints_them)
{
	char buf[32];

	profile__unknown_name(0x3131373833363331ULL, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "0x3131373833363331");
	profile__unknown_name(0x7f0000001000ULL, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "0x00007f0000001000");
	profile__unknown_name(0, buf, sizeof(buf));
	CHECK_EQ_STR(buf, "0000000000000000");
}
