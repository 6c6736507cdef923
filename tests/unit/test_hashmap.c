// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "util/hashmap.h"

TEST(u64map_insert_find_grow)
{
	struct u64map m = { 0 };
	bool inserted;

	for (uint64_t k = 0; k < 100000; k++) {
		uint64_t *v = u64map__slot(&m, k * 7919, &inserted);

		CHECK(v && inserted);
		*v = k;
	}
	CHECK_EQ_INT(m.nr, 100000);
	for (uint64_t k = 0; k < 100000; k++) {
		uint64_t *v = u64map__find(&m, k * 7919);

		CHECK(v && *v == k);
	}
	CHECK(u64map__find(&m, 1) == NULL);
	CHECK(u64map__slot(&m, 0, &inserted) && !inserted);
	u64map__release(&m);
	CHECK(u64map__find(&m, 0) == NULL);
}

TEST(strpool_interns_once)
{
	struct strpool p = { 0 };
	char buf[32];

	CHECK_EQ_INT(strpool__find(&p, "a"), -1);
	CHECK_EQ_INT(strpool__intern(&p, "main"), 0);
	CHECK_EQ_INT(strpool__intern(&p, "hot_inner"), 1);
	CHECK_EQ_INT(strpool__intern(&p, "main"), 0);
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "f%d", i);
		CHECK_EQ_INT(strpool__intern(&p, buf), i + 2);
	}
	CHECK_EQ_INT(strpool__find(&p, "f4999"), 5001);
	CHECK_EQ_STR(strpool__get(&p, 1), "hot_inner");
	CHECK_EQ_INT(strpool__find(&p, ""), -1);
	CHECK_EQ_INT(strpool__intern(&p, ""), 5002);
	strpool__release(&p);
}
