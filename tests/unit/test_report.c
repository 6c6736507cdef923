// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "profile/report.h"

static uint32_t frame(struct profile *p, const char *name)
{
	return (uint32_t)profile__frame(p, name, "/bin/w", FRAME_USER);
}

static const struct report_entry *entry(const struct report *r,
					const char *name)
{
	for (size_t i = 0; i < r->nr_entries; i++)
		if (!strcmp(profile__string(r->profile,
					    r->profile->frames[r->entries[i].frame]
						    .name),
			    name))
			return &r->entries[i];
	return NULL;
}

static void fill(struct profile *p)
{
	uint32_t inner = frame(p, "hot_inner"), outer = frame(p, "hot_outer");
	uint32_t work = frame(p, "hot_work"), m = frame(p, "main");
	uint32_t f = frame(p, "f");
	uint32_t a[] = { inner, outer, m }, b[] = { inner, work, m };
	uint32_t rec[] = { f, f, m };

	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(profile__add(p, "w", 1, 1, a, 3, 10), 0);
	CHECK_EQ_INT(profile__add(p, "w", 1, 1, b, 3, 10), 0);
	for (int i = 0; i < 2; i++)
		CHECK_EQ_INT(profile__add(p, "w", 1, 1, rec, 3, 10), 0);
}

TEST(report_children_and_self)
{
	struct profile p;
	struct report r = { 0 };

	profile__init(&p);
	fill(&p);
	CHECK_EQ_INT(report__parse_keys(&r, "comm,dso,sym"), 0);
	CHECK_EQ_INT(report__build(&r, &p, true), 0);
	/* main: all 60 below it; hot_inner: 40 of its own. */
	CHECK_EQ_INT(entry(&r, "main")->children, 60);
	CHECK_EQ_INT(entry(&r, "main")->self, 0);
	CHECK_EQ_INT(entry(&r, "hot_inner")->self, 40);
	CHECK_EQ_INT(entry(&r, "hot_outer")->children, 30);
	/* Recursion counts once per stack. */
	CHECK_EQ_INT(entry(&r, "f")->children, 20);
	CHECK_EQ_INT(entry(&r, "f")->self, 20);
	/* Sorted by children, largest first. */
	CHECK(r.entries[0].children >= r.entries[1].children);
	CHECK_EQ_STR(profile__string(&p, p.frames[r.entries[0].frame].name),
		     "main");
	report__release(&r);
	profile__release(&p);
}

TEST(report_sort_keys_and_graph)
{
	struct profile p;
	struct report r = { 0 };
	struct report_node root;

	profile__init(&p);
	fill(&p);
	CHECK(report__parse_keys(&r, "bogus") < 0);
	CHECK(report__parse_keys(&r, "") < 0);
	CHECK_EQ_INT(report__parse_keys(&r, "comm"), 0);
	CHECK_EQ_INT(report__build(&r, &p, false), 0);
	CHECK_EQ_INT(r.nr_entries, 1);
	CHECK_EQ_INT(r.entries[0].self, 60);
	report__release(&r);

	/* hot_inner's own samples, from the outermost caller down. */
	CHECK_EQ_INT(report__parse_keys(&r, "sym"), 0);
	CHECK_EQ_INT(report__build(&r, &p, true), 0);
	CHECK_EQ_INT(report__graph(&r, entry(&r, "hot_inner"), &root), 0);
	CHECK_EQ_INT(root.period, 40);
	CHECK_EQ_INT(root.nr_children, 1);
	CHECK_EQ_STR(profile__string(&p, p.frames[root.children[0].frame].name),
		     "main");
	CHECK_EQ_INT(root.children[0].nr_children, 2);
	CHECK_EQ_INT(root.children[0].children[0].period, 30);
	report__free_graph(&root);
	/* main's graph: what it calls, from main down. */
	CHECK_EQ_INT(report__graph(&r, entry(&r, "main"), &root), 0);
	CHECK_EQ_INT(root.period, 60);
	CHECK_EQ_INT(root.children[0].nr_children, 3);
	report__free_graph(&root);
	report__release(&r);
	profile__release(&p);
}

static const char *same_symbol(uint64_t ip, void *ctx)
{
	(void)ip;
	(void)ctx;
	return "do_syscall_64";
}

TEST(profile_names_deferred_frames)
{
	struct profile p;
	uint32_t k1, k2, m, s1[2], s2[2];

	profile__init(&p);
	m = frame(&p, "main");
	k1 = (uint32_t)profile__frame_deferred(&p, 0x1000, "[kernel.kallsyms]",
					       FRAME_KERNEL);
	k2 = (uint32_t)profile__frame_deferred(&p, 0x1004, "[kernel.kallsyms]",
					       FRAME_KERNEL);
	CHECK(k1 != k2);
	CHECK_EQ_INT(profile__frame_deferred(&p, 0x1000, "[kernel.kallsyms]",
					     FRAME_KERNEL),
		     k1);
	s1[0] = k1, s1[1] = m;
	s2[0] = k2, s2[1] = m;
	CHECK_EQ_INT(profile__add(&p, "w", 1, 1, s1, 2, 1), 0);
	CHECK_EQ_INT(profile__add(&p, "w", 1, 1, s2, 2, 1), 0);
	CHECK_EQ_INT(p.nr_stacks, 2);
	/* Both addresses are in one function: the stacks become one. */
	CHECK_EQ_INT(profile__name_deferred(&p, same_symbol, NULL), 0);
	CHECK_EQ_INT(p.nr_stacks, 1);
	CHECK_EQ_INT(p.stacks[0].samples, 2);
	CHECK_EQ_STR(profile__string(&p, p.frames[p.stack_frames[0]].name),
		     "do_syscall_64");
	profile__release(&p);
}
