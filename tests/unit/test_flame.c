// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "profile/collapse.h"
#include "profile/flame.h"

#include <stdlib.h>

static const struct flame_frame *find(const struct flame *f, const char *name,
				      uint32_t depth)
{
	for (size_t i = 0; i < f->nr_frames; i++)
		if (f->frames[i].depth == depth &&
		    !strcmp(flame__name(f, f->frames[i].name), name))
			return &f->frames[i];
	return NULL;
}

TEST(flame_folded_lines_and_layout)
{
	struct flame f;
	const struct flame_frame *fr;

	flame__init(&f);
	CHECK_EQ_INT(flame__add_line(&f, "w;main;b 3", 10), 0);
	CHECK_EQ_INT(flame__add_line(&f, "w;main;a 2\r", 11), 0);
	CHECK_EQ_INT(flame__add_line(&f, "w;main 5.0", 10), 0);
	CHECK(flame__add_line(&f, "w;main many", 11) < 0);
	CHECK(flame__add_line(&f, "nocount", 7) < 0);
	CHECK(flame__add_line(&f, "12", 2) < 0);
	CHECK(!f.diff);
	CHECK_EQ_INT(flame__layout(&f, false, false), 0);
	CHECK_EQ_INT(f.total, 10);
	CHECK_EQ_INT(f.max_depth, 3);
	fr = find(&f, "main", 2);
	CHECK(fr && fr->start == 0 && fr->end == 10);
	/* Name order: a before b. */
	CHECK(find(&f, "a", 3)->start < find(&f, "b", 3)->start);
	CHECK_EQ_INT(find(&f, "all", 0)->end, 10);
	/* Input order for a chart: b first. */
	CHECK_EQ_INT(flame__layout(&f, true, false), 0);
	CHECK(find(&f, "b", 3)->start < find(&f, "a", 3)->start);
	/* Reversed stacks: the leaves at the root. */
	CHECK_EQ_INT(flame__layout(&f, false, true), 0);
	CHECK(find(&f, "a", 1) && find(&f, "w", 3));
	flame__release(&f);
}

TEST(flame_differential)
{
	struct flame f;

	flame__init(&f);
	CHECK_EQ_INT(flame__add_line(&f, "a;b 10 30", 9), 0);
	CHECK_EQ_INT(flame__add_line(&f, "a;c 10 5", 8), 0);
	CHECK(f.diff);
	CHECK_EQ_INT(flame__layout(&f, false, false), 0);
	CHECK_EQ_INT(f.total, 35);
	CHECK_EQ_INT(f.total_before, 20);
	CHECK_EQ_INT(find(&f, "b", 2)->before, 10);
	CHECK_EQ_INT(find(&f, "b", 2)->end - find(&f, "b", 2)->start, 30);
	flame__release(&f);
}

static char *collapse_text(const char *text, const struct collapse_opts *o)
{
	struct collapser *c;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);

	CHECK_EQ_INT(collapser__new(&c, o), 0);
	CHECK_EQ_INT(collapser__feed(c, text, strlen(text)), 0);
	CHECK_EQ_INT(collapser__end(c), 0);
	CHECK_EQ_INT(collapser__write(c, out), 0);
	fclose(out);
	collapser__free(c);
	return buf;
}

TEST(collapse_perf_script_rules)
{
	static const char text[] =
		"# comment\n"
		"java 42 [000] 1.000000:     100 cpu-clock:\n"
		"\t    1000 Ljava/lang/Foo;::bar(I)V+0x10 (/tmp/perf-42.map)\n"
		"\t    2000 [unknown] (/usr/lib/libx.so)\n"
		"\tffffffff81000000 do_syscall_64+0x5 ([kernel.kallsyms])\n"
		"\n"
		"java 42 [000] 1.000001:     100 cpu-clock:\n"
		"\t    1000 Ljava/lang/Foo;::bar(I)V+0x10 (/tmp/perf-42.map)\n"
		"\t    2000 [unknown] (/usr/lib/libx.so)\n"
		"\tffffffff81000000 do_syscall_64+0x5 ([kernel.kallsyms])\n"
		"\n"
		"V8 Worker 7/9 [001] 2.0: 5 cpu-clock:\n"
		"\t    3000 a->b (/bin/v8)\n"
		"\n";
	struct collapse_opts o = { 0 };
	char *got = collapse_text(text, &o);

	CHECK_EQ_STR(got,
		     "V8_Worker;a;b_[i] 5\n"
		     "java;do_syscall_64;[libx.so];java/lang/Foo:::bar 200\n");
	free(got);
	o.kernel = o.jit = o.tid = true;
	got = collapse_text(text, &o);
	CHECK_EQ_STR(got,
		     "V8_Worker-7/9;a;b_[i] 5\n"
		     "java-?/42;do_syscall_64_[k];[libx.so];"
		     "java/lang/Foo:::bar_[j] 200\n");
	free(got);
}
