// SPDX-License-Identifier: GPL-2.0
/*
 * bpftrace 0.17 map output, byte for byte.  Every expected text below
 * was printed by bpftrace v0.17.0 on this machine for the one-liner in
 * the comment above it (run as root, "Attaching 1 probe..." dropped).
 */
#include "harness.h"
#include "render/btmap.h"
#include "render/hist.h"

#include <errno.h>
#include <stdlib.h>

#define KI(v) { .kind = BTMAP_PART_INT, .size = 8, .i = (v) }
#define KI4(v) { .kind = BTMAP_PART_INT, .size = 4, .i = (v) }
#define KU(v) { .kind = BTMAP_PART_UINT, .size = 8, .i = (int64_t)(v) }
#define KS(t) { .kind = BTMAP_PART_STR, .s = (t) }

static char *print_one(struct btmap *m, uint32_t top, uint32_t div)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK(out);
	CHECK_EQ_INT(btmap__print(out, m, top, div), 0);
	fclose(out);
	return text;
}

static char *print_all(struct btmap **maps, size_t nr)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK(out);
	CHECK_EQ_INT(btmap__print_all(out, maps, nr), 0);
	fclose(out);
	for (size_t i = 0; i < nr; i++)
		btmap__free(maps[i]);
	return text;
}

static struct btmap *new_map(const char *name, enum btmap_kind kind)
{
	struct btmap *m = btmap__new(name, kind);

	CHECK(m);
	return m;
}

/* hist() slot of a value, bpftrace's layout: the test's own arithmetic. */
static size_t hslot(int64_t v)
{
	size_t k = 2;

	if (v < 0)
		return 0;
	if (v == 0)
		return 1;
	while (v > 1) {
		v >>= 1;
		k++;
	}
	return k;
}

/*
 * BEGIN { @a["x"] = count(); @a["yy"] = count(); @a["yy"] = count();
 * @s = stats(5); @s = stats(10); @h = hist(100); @h = hist(3000);
 * @l = lhist(5, 0, 10, 2); @l = lhist(15, 0, 10, 2);
 * @l = lhist(-1, 0, 10, 2); @m[1, "a"] = max(7); @v = avg(3);
 * @z = sum(-4); exit(); }
 */
TEST(btmap_exit_many_maps)
{
	struct btmap *maps[7];
	struct btmap_part kx[] = { KS("x") }, kyy[] = { KS("yy") };
	struct btmap_part km[] = { KI(1), KS("a") };
	uint64_t h[HIST_NR_SLOTS] = { 0 }, l[7] = { 0 };
	char *text;

	maps[0] = new_map("@z", BTMAP_SUM);
	CHECK_EQ_INT(btmap__add_int(maps[0], NULL, 0, -4), 0);
	maps[1] = new_map("@s", BTMAP_STATS);
	CHECK_EQ_INT(btmap__add_avg(maps[1], NULL, 0, 2, 15), 0);
	maps[2] = new_map("@a", BTMAP_COUNT);
	CHECK_EQ_INT(btmap__add_int(maps[2], kyy, 1, 2), 0);
	CHECK_EQ_INT(btmap__add_int(maps[2], kx, 1, 1), 0);
	maps[3] = new_map("@h", BTMAP_HIST);
	h[hslot(100)]++;
	h[hslot(3000)]++;
	CHECK_EQ_INT(btmap__add_slots(maps[3], NULL, 0, h, HIST_NR_SLOTS), 0);
	maps[4] = new_map("@l", BTMAP_LHIST);
	CHECK_EQ_INT(btmap__set_lhist(maps[4], 0, 10, 2), 0);
	l[0] = 1; /* -1 */
	l[3] = 1; /* 5: [4, 6) */
	l[6] = 1; /* 15: [10, ...) */
	CHECK_EQ_INT(btmap__add_slots(maps[4], NULL, 0, l, 7), 0);
	maps[5] = new_map("@m", BTMAP_MAX);
	CHECK_EQ_INT(btmap__add_int(maps[5], km, 2, 7), 0);
	maps[6] = new_map("@v", BTMAP_AVG);
	CHECK_EQ_INT(btmap__add_avg(maps[6], NULL, 0, 1, 3), 0);
	text = print_all(maps, 7);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@a[x]: 1\n"
		"@a[yy]: 2\n"
		"@h: \n"
		"[64, 128)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[128, 256)             0 |                                                    |\n"
		"[256, 512)             0 |                                                    |\n"
		"[512, 1K)              0 |                                                    |\n"
		"[1K, 2K)               0 |                                                    |\n"
		"[2K, 4K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@l: \n"
		"(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[0, 2)                 0 |                                                    |\n"
		"[2, 4)                 0 |                                                    |\n"
		"[4, 6)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[6, 8)                 0 |                                                    |\n"
		"[8, 10)                0 |                                                    |\n"
		"[10, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@m[1, a]: 7\n"
		"@s: count 2, average 7, total 15\n"
		"\n"
		"@v: 3\n"
		"\n"
		"@z: -4\n");
	free(text);
}

/* BEGIN { @[-1] = "a"; @[1] = "b"; @[2] = "c"; exit(); } */
TEST(btmap_string_values_sort_by_unsigned_key)
{
	struct btmap *m = new_map("@", BTMAP_STR);
	struct btmap_part k1[] = { KI(-1) }, k2[] = { KI(1) }, k3[] = { KI(2) };
	char *text;

	CHECK_EQ_INT(btmap__add_str(m, k1, 1, "a"), 0);
	CHECK_EQ_INT(btmap__add_str(m, k3, 1, "c"), 0);
	CHECK_EQ_INT(btmap__add_str(m, k2, 1, "b"), 0);
	text = print_all(&m, 1);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@[1]: b\n"
		"@[2]: c\n"
		"@[-1]: a\n");
	free(text);
}

/*
 * BEGIN { @x["b"] = 2; @x["a"] = 1; @x["c c\tq\"\\"] = 3; @x["z"] = -3;
 * @y["p", -5] = 10; @y["p", 3] = 11; exit(); }
 */
TEST(btmap_string_keys_printed_raw)
{
	struct btmap *maps[2];
	struct btmap_part ka[] = { KS("a") }, kb[] = { KS("b") };
	struct btmap_part kc[] = { KS("c c\tq\"\\") }, kz[] = { KS("z") };
	struct btmap_part ky1[] = { KS("p"), KI(-5) }, ky2[] = { KS("p"), KI(3) };
	char *text;

	maps[0] = new_map("@y", BTMAP_INT);
	CHECK_EQ_INT(btmap__add_int(maps[0], ky2, 2, 11), 0);
	CHECK_EQ_INT(btmap__add_int(maps[0], ky1, 2, 10), 0);
	maps[1] = new_map("@x", BTMAP_INT);
	CHECK_EQ_INT(btmap__add_int(maps[1], kc, 1, 3), 0);
	CHECK_EQ_INT(btmap__add_int(maps[1], kb, 1, 2), 0);
	CHECK_EQ_INT(btmap__add_int(maps[1], ka, 1, 1), 0);
	CHECK_EQ_INT(btmap__add_int(maps[1], kz, 1, -3), 0);
	text = print_all(maps, 2);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@x[z]: -3\n"
		"@x[a]: 1\n"
		"@x[b]: 2\n"
		"@x[c c\tq\"\\]: 3\n"
		"@y[p, -5]: 10\n"
		"@y[p, 3]: 11\n");
	free(text);
}

/*
 * Integer keys print signed in their width, whatever their type:
 * BEGIN { @[(uint64)-1] = count(); @[(int32)-3] = count();
 * @[7] = count(); @[7] = count(); exit(); }
 */
TEST(btmap_integer_keys_print_signed)
{
	struct btmap *m = new_map("@", BTMAP_COUNT);
	struct btmap_part k1[] = { KU(UINT64_MAX) }, k2[] = { KI4(-3) };
	struct btmap_part k3[] = { KI(7) };
	char *text;

	CHECK_EQ_INT(btmap__add_int(m, k3, 1, 2), 0);
	CHECK_EQ_INT(btmap__add_int(m, k1, 1, 1), 0);
	CHECK_EQ_INT(btmap__add_int(m, k2, 1, 1), 0);
	text = print_all(&m, 1);
	CHECK_EQ_STR(text, "\n"
			   "\n"
			   "@[-3]: 1\n"
			   "@[-1]: 1\n"
			   "@[7]: 2\n");
	free(text);
}

/*
 * Empty maps print a bare newline (two for avg and stats).
 * tracepoint:syscalls:sys_enter_nanosleep /pid == 1234567/ {
 * @v = avg(1); @c["x"] = count(); @h = hist(1); @s = stats(2);
 * @l = lhist(1, 0, 10, 1); @t = (1, "a"); @str = "q"; }
 * BEGIN { @a["x"] = count(); @m = 5; @mn = min(-5); exit(); }
 */
TEST(btmap_empty_maps_print_blank_lines)
{
	static const enum btmap_kind kinds[] = {
		BTMAP_AVG, BTMAP_COUNT, BTMAP_HIST, BTMAP_STATS, BTMAP_LHIST,
		BTMAP_TUPLE, BTMAP_STR,
	};
	static const char *const names[] = {
		"@v", "@c", "@h", "@s", "@l", "@t", "@str",
	};
	struct btmap *maps[10];
	struct btmap_part kx[] = { KS("x") };
	char *text;

	for (size_t i = 0; i < 7; i++)
		maps[i] = new_map(names[i], kinds[i]);
	maps[7] = new_map("@a", BTMAP_COUNT);
	CHECK_EQ_INT(btmap__add_int(maps[7], kx, 1, 1), 0);
	maps[8] = new_map("@m", BTMAP_INT);
	CHECK_EQ_INT(btmap__add_int(maps[8], NULL, 0, 5), 0);
	maps[9] = new_map("@mn", BTMAP_MIN);
	CHECK_EQ_INT(btmap__add_int(maps[9], NULL, 0, -5), 0);
	text = print_all(maps, 10);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@a[x]: 1\n"
		"\n"
		"\n"
		"\n"
		"@m: 5\n"
		"@mn: -5\n"
		"\n"
		"\n"
		"\n"
		"\n"
		"\n"
		"\n");
	free(text);
}

/*
 * BEGIN { @e[1] = 1; delete(@e[1]); @h2[1] = hist(1); delete(@h2[1]);
 * @a = 1; @v[1] = avg(1); delete(@v[1]); @z = 2; exit(); }
 * (bpftrace's delete() leaves avg's count bucket: @v[1] has count 0.)
 */
TEST(btmap_deleted_entries)
{
	struct btmap *maps[5];
	struct btmap_part k1[] = { KI(1) };
	char *text;

	maps[0] = new_map("@e", BTMAP_INT);
	maps[1] = new_map("@h2", BTMAP_HIST);
	maps[2] = new_map("@a", BTMAP_INT);
	CHECK_EQ_INT(btmap__add_int(maps[2], NULL, 0, 1), 0);
	maps[3] = new_map("@v", BTMAP_AVG);
	CHECK_EQ_INT(btmap__add_avg(maps[3], k1, 1, 0, 0), 0);
	maps[4] = new_map("@z", BTMAP_INT);
	CHECK_EQ_INT(btmap__add_int(maps[4], NULL, 0, 2), 0);
	text = print_all(maps, 5);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@a: 1\n"
		"\n"
		"\n"
		"@v[1]: 0\n"
		"\n"
		"@z: 2\n");
	free(text);
}

/*
 * Bars: count / (float)max * 52, truncated.
 * BEGIN { unroll(100) { @h = hist(1); } unroll(37) { @h = hist(2); }
 * unroll(3) { @h = hist(8); } unroll(99) { @h = hist(16); }
 * @h = hist(4000000); exit(); }
 */
TEST(btmap_hist_bar_scaling)
{
	struct btmap *m = new_map("@h", BTMAP_HIST);
	uint64_t h[HIST_NR_SLOTS] = { 0 };
	char *text;

	h[hslot(1)] = 100;
	h[hslot(2)] = 37;
	h[hslot(8)] = 3;
	h[hslot(16)] = 99;
	h[hslot(4000000)] = 1;
	CHECK_EQ_INT(btmap__add_slots(m, NULL, 0, h, HIST_NR_SLOTS), 0);
	text = print_all(&m, 1);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@h: \n"
		"[1]                  100 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[2, 4)                37 |@@@@@@@@@@@@@@@@@@@                                 |\n"
		"[4, 8)                 0 |                                                    |\n"
		"[8, 16)                3 |@                                                   |\n"
		"[16, 32)              99 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@ |\n"
		"[32, 64)               0 |                                                    |\n"
		"[64, 128)              0 |                                                    |\n"
		"[128, 256)             0 |                                                    |\n"
		"[256, 512)             0 |                                                    |\n"
		"[512, 1K)              0 |                                                    |\n"
		"[1K, 2K)               0 |                                                    |\n"
		"[2K, 4K)               0 |                                                    |\n"
		"[4K, 8K)               0 |                                                    |\n"
		"[8K, 16K)              0 |                                                    |\n"
		"[16K, 32K)             0 |                                                    |\n"
		"[32K, 64K)             0 |                                                    |\n"
		"[64K, 128K)            0 |                                                    |\n"
		"[128K, 256K)           0 |                                                    |\n"
		"[256K, 512K)           0 |                                                    |\n"
		"[512K, 1M)             0 |                                                    |\n"
		"[1M, 2M)               0 |                                                    |\n"
		"[2M, 4M)               1 |                                                    |\n"
		"\n");
	free(text);
}

/*
 * Equal hist sums and averages: bpftrace orders them by the raw key
 * bytes (little endian), so 256 before 1 before 2, and -1 last.
 * BEGIN { @h[1] = hist(1); @h[256] = hist(1); @h[2] = hist(5);
 * @v[1] = avg(4); @v[256] = avg(4); @v[-1] = avg(4); exit(); }
 */
TEST(btmap_hist_and_avg_ties_by_key_bytes)
{
	struct btmap *maps[2];
	struct btmap_part k1[] = { KI(1) }, k2[] = { KI(2) };
	struct btmap_part k256[] = { KI(256) }, km1[] = { KI(-1) };
	uint64_t one[HIST_NR_SLOTS] = { 0 }, five[HIST_NR_SLOTS] = { 0 };
	char *text;

	one[hslot(1)] = 1;
	five[hslot(5)] = 1;
	maps[0] = new_map("@h", BTMAP_HIST);
	CHECK_EQ_INT(btmap__add_slots(maps[0], k2, 1, five, HIST_NR_SLOTS), 0);
	CHECK_EQ_INT(btmap__add_slots(maps[0], k1, 1, one, HIST_NR_SLOTS), 0);
	CHECK_EQ_INT(btmap__add_slots(maps[0], k256, 1, one, HIST_NR_SLOTS),
		     0);
	maps[1] = new_map("@v", BTMAP_AVG);
	CHECK_EQ_INT(btmap__add_avg(maps[1], km1, 1, 1, 4), 0);
	CHECK_EQ_INT(btmap__add_avg(maps[1], k1, 1, 1, 4), 0);
	CHECK_EQ_INT(btmap__add_avg(maps[1], k256, 1, 1, 4), 0);
	text = print_all(maps, 2);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@h[256]: \n"
		"[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@h[1]: \n"
		"[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@h[2]: \n"
		"[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@v[256]: 4\n"
		"@v[1]: 4\n"
		"@v[-1]: 4\n"
		"\n");
	free(text);
}

/*
 * print() with top and div; stats() ignores both, avg() honours them.
 * BEGIN { @t[1] = (1, "a b", -3); @t[-2] = (-1, "x", 0);
 * @s[1] = stats(10); @s[2] = stats(20); @s[3] = stats(30); print(@s, 1);
 * @v[1] = avg(10); @v[2] = avg(20); @v[3] = avg(-30); print(@v, 2);
 * print(@v, 0, 3); exit(); }
 */
TEST(btmap_print_top_div_stats_avg_tuple)
{
	struct btmap *s = new_map("@s", BTMAP_STATS);
	struct btmap *v = new_map("@v", BTMAP_AVG);
	struct btmap *t = new_map("@t", BTMAP_TUPLE);
	struct btmap_part k1[] = { KI(1) }, k2[] = { KI(2) }, k3[] = { KI(3) };
	struct btmap_part km2[] = { KI(-2) };
	struct btmap_part t1[] = { KI(1), KS("a b"), KI(-3) };
	struct btmap_part t2[] = { KI(-1), KS("x"), KI(0) };
	struct btmap *maps[3] = { v, t, s };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK(out);
	CHECK_EQ_INT(btmap__add_avg(s, k3, 1, 1, 30), 0);
	CHECK_EQ_INT(btmap__add_avg(s, k1, 1, 1, 10), 0);
	CHECK_EQ_INT(btmap__add_avg(s, k2, 1, 1, 20), 0);
	CHECK_EQ_INT(btmap__add_avg(v, k1, 1, 1, 10), 0);
	CHECK_EQ_INT(btmap__add_avg(v, k3, 1, 1, -30), 0);
	CHECK_EQ_INT(btmap__add_avg(v, k2, 1, 1, 20), 0);
	CHECK_EQ_INT(btmap__add_tuple(t, km2, 1, t2, 3), 0);
	CHECK_EQ_INT(btmap__add_tuple(t, k1, 1, t1, 3), 0);
	CHECK_EQ_INT(btmap__print(out, s, 1, 0), 0);
	CHECK_EQ_INT(btmap__print(out, v, 2, 0), 0);
	CHECK_EQ_INT(btmap__print(out, v, 0, 3), 0);
	CHECK_EQ_INT(btmap__print_all(out, maps, 3), 0);
	fclose(out);
	CHECK_EQ_STR(text,
		"@s[1]: count 1, average 10, total 10\n"
		"@s[2]: count 1, average 20, total 20\n"
		"@s[3]: count 1, average 30, total 30\n"
		"\n"
		"@v[1]: 10\n"
		"@v[2]: 20\n"
		"\n"
		"@v[3]: -10\n"
		"@v[1]: 3\n"
		"@v[2]: 6\n"
		"\n"
		"\n"
		"\n"
		"@s[1]: count 1, average 10, total 10\n"
		"@s[2]: count 1, average 20, total 20\n"
		"@s[3]: count 1, average 30, total 30\n"
		"\n"
		"@t[1]: (1, a b, -3)\n"
		"@t[-2]: (-1, x, 0)\n"
		"@v[3]: -30\n"
		"@v[1]: 10\n"
		"@v[2]: 20\n"
		"\n");
	free(text);
	for (size_t i = 0; i < 3; i++)
		btmap__free(maps[i]);
}

/*
 * BEGIN { @s = sum(1<<62); @s = sum(1<<62); @t = sum(5); @t = sum(-10);
 * @c[1] = count(); @c[2] = count(); @c[2] = count(); @c[3] = count();
 * @c[3] = count(); @c[3] = count(); print(@c, 2); print(@c, 2, 2);
 * print(@t, 0, 2); exit(); }
 */
TEST(btmap_print_count_top_div_and_sums)
{
	struct btmap *c = new_map("@c", BTMAP_COUNT);
	struct btmap *s = new_map("@s", BTMAP_SUM);
	struct btmap *t = new_map("@t", BTMAP_SUM);
	struct btmap_part k1[] = { KI(1) }, k2[] = { KI(2) }, k3[] = { KI(3) };
	struct btmap *maps[3] = { t, s, c };
	char *text = NULL, *top, *top_div, *div;

	CHECK_EQ_INT(btmap__add_int(c, k2, 1, 2), 0);
	CHECK_EQ_INT(btmap__add_int(c, k3, 1, 3), 0);
	CHECK_EQ_INT(btmap__add_int(c, k1, 1, 1), 0);
	CHECK_EQ_INT(btmap__add_int(s, NULL, 0, INT64_MIN), 0);
	CHECK_EQ_INT(btmap__add_int(t, NULL, 0, -5), 0);
	top = print_one(c, 2, 0);
	top_div = print_one(c, 2, 2);
	div = print_one(t, 0, 2);
	text = print_all(maps, 3);
	CHECK_EQ_STR(top, "@c[2]: 2\n@c[3]: 3\n");
	CHECK_EQ_STR(top_div, "@c[2]: 1\n@c[3]: 1\n");
	CHECK_EQ_STR(div, "@t: -2\n");
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@c[1]: 1\n"
		"@c[2]: 2\n"
		"@c[3]: 3\n"
		"@s: -9223372036854775808\n"
		"@t: -5\n");
	free(top);
	free(top_div);
	free(div);
	free(text);
}

/*
 * hist(): the negative slot, K/M/G labels, several keys (equal sums
 * ordered by key bytes).
 * BEGIN { @h = hist(-5); @h = hist(0); @h = hist(1); @h = hist(2);
 * @g[1] = hist(1 << 20); @g[1] = hist(1 << 30); @g[2] = hist(-1);
 * @g[2] = hist(-9); @g[3] = hist(1023); exit(); }
 */
TEST(btmap_hist_negative_and_suffixes)
{
	struct btmap *maps[2];
	struct btmap_part k1[] = { KI(1) }, k2[] = { KI(2) }, k3[] = { KI(3) };
	uint64_t h[HIST_NR_SLOTS] = { 0 }, g1[HIST_NR_SLOTS] = { 0 };
	uint64_t g2[HIST_NR_SLOTS] = { 0 }, g3[HIST_NR_SLOTS] = { 0 };
	char *text;

	h[hslot(-5)]++;
	h[hslot(0)]++;
	h[hslot(1)]++;
	h[hslot(2)]++;
	g1[hslot(1 << 20)]++;
	g1[hslot(1 << 30)]++;
	g2[hslot(-1)] += 2;
	g3[hslot(1023)]++;
	maps[0] = new_map("@h", BTMAP_HIST);
	CHECK_EQ_INT(btmap__add_slots(maps[0], NULL, 0, h, HIST_NR_SLOTS), 0);
	maps[1] = new_map("@g", BTMAP_HIST);
	CHECK_EQ_INT(btmap__add_slots(maps[1], k2, 1, g2, HIST_NR_SLOTS), 0);
	CHECK_EQ_INT(btmap__add_slots(maps[1], k3, 1, g3, HIST_NR_SLOTS), 0);
	CHECK_EQ_INT(btmap__add_slots(maps[1], k1, 1, g1, HIST_NR_SLOTS), 0);
	text = print_all(maps, 2);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@g[3]: \n"
		"[512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@g[1]: \n"
		"[1M, 2M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[2M, 4M)               0 |                                                    |\n"
		"[4M, 8M)               0 |                                                    |\n"
		"[8M, 16M)              0 |                                                    |\n"
		"[16M, 32M)             0 |                                                    |\n"
		"[32M, 64M)             0 |                                                    |\n"
		"[64M, 128M)            0 |                                                    |\n"
		"[128M, 256M)           0 |                                                    |\n"
		"[256M, 512M)           0 |                                                    |\n"
		"[512M, 1G)             0 |                                                    |\n"
		"[1G, 2G)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@g[2]: \n"
		"(..., 0)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@h: \n"
		"(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[2, 4)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(text);
}

/*
 * lhist(): values beyond max, K and M labels, the below-min slot.
 * BEGIN { @l = lhist(150, 0, 100, 10); @l = lhist(55, 0, 100, 10);
 * @l2[-4] = lhist(2048, 0, 4096, 1024);
 * @l3[7] = lhist(5000000, 1048576, 3145728, 1048576);
 * @l3[7] = lhist(3, 1048576, 3145728, 1048576);
 * @l3[7] = lhist(2097152, 1048576, 3145728, 1048576); exit(); }
 */
TEST(btmap_lhist_bounds_and_labels)
{
	struct btmap *maps[3];
	struct btmap_part km4[] = { KI(-4) }, k7[] = { KI(7) };
	uint64_t l[12] = { 0 }, l2[6] = { 0 }, l3[4] = { 0 };
	char *text;

	l[6] = 1; /* 55: [50, 60) */
	l[11] = 1; /* 150: [100, ...) */
	l2[3] = 1; /* 2048: [2K, 3K) */
	l3[0] = 1; /* 3 */
	l3[2] = 1; /* 2097152: [2M, 3M) */
	l3[3] = 1; /* 5000000 */
	maps[0] = new_map("@l3", BTMAP_LHIST);
	CHECK_EQ_INT(btmap__set_lhist(maps[0], 1048576, 3145728, 1048576), 0);
	CHECK_EQ_INT(btmap__add_slots(maps[0], k7, 1, l3, 4), 0);
	maps[1] = new_map("@l", BTMAP_LHIST);
	CHECK_EQ_INT(btmap__set_lhist(maps[1], 0, 100, 10), 0);
	CHECK_EQ_INT(btmap__add_slots(maps[1], NULL, 0, l, 12), 0);
	maps[2] = new_map("@l2", BTMAP_LHIST);
	CHECK_EQ_INT(btmap__set_lhist(maps[2], 0, 4096, 1024), 0);
	CHECK_EQ_INT(btmap__add_slots(maps[2], km4, 1, l2, 6), 0);
	text = print_all(maps, 3);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@l: \n"
		"[50, 60)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[60, 70)               0 |                                                    |\n"
		"[70, 80)               0 |                                                    |\n"
		"[80, 90)               0 |                                                    |\n"
		"[90, 100)              0 |                                                    |\n"
		"[100, ...)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@l2[-4]: \n"
		"[2K, 3K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@l3[7]: \n"
		"(..., 1M)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[1M, 2M)               0 |                                                    |\n"
		"[2M, 3M)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"[3M, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n");
	free(text);
}

/*
 * BEGIN { @mn = min(-5); @mn2[1] = min(3); @mn2[2] = min(-7);
 * @mx[1] = max(10); @mx[2] = max(3); exit(); }
 */
TEST(btmap_min_max)
{
	struct btmap *maps[3];
	struct btmap_part k1[] = { KI(1) }, k2[] = { KI(2) };
	char *text;

	maps[0] = new_map("@mx", BTMAP_MAX);
	CHECK_EQ_INT(btmap__add_int(maps[0], k1, 1, 10), 0);
	CHECK_EQ_INT(btmap__add_int(maps[0], k2, 1, 3), 0);
	maps[1] = new_map("@mn2", BTMAP_MIN);
	CHECK_EQ_INT(btmap__add_int(maps[1], k1, 1, 3), 0);
	CHECK_EQ_INT(btmap__add_int(maps[1], k2, 1, -7), 0);
	maps[2] = new_map("@mn", BTMAP_MIN);
	CHECK_EQ_INT(btmap__add_int(maps[2], NULL, 0, -5), 0);
	text = print_all(maps, 3);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@mn: -5\n"
		"@mn2[2]: -7\n"
		"@mn2[1]: 3\n"
		"@mx[2]: 3\n"
		"@mx[1]: 10\n");
	free(text);
}

/*
 * Stacks in keys: a newline, frames indented by 4, each on its line.
 * tracepoint:syscalls:sys_enter_clock_nanosleep { @[kstack(3), 5] =
 * count(); @k[ustack(2)] = count(); @j[comm, 1] = hist(5); exit(); }
 * (with "sleep 1.5" running)
 */
TEST(btmap_stack_keys)
{
	struct btmap *maps[3];
	struct btmap_part ks[] = {
		{ .kind = BTMAP_PART_STACK,
		  .s = "perf_syscall_enter+397\nsyscall_trace_enter+384\n"
		       "do_syscall_64+506\n" },
		KI(5),
	};
	struct btmap_part ku[] = {
		{ .kind = BTMAP_PART_STACK, .s = "0x7f7609ef7503\n0xbebc200" },
	};
	struct btmap_part kj[] = { KS("sleep"), KI(1) };
	uint64_t h[HIST_NR_SLOTS] = { 0 };
	char *text;

	h[hslot(5)] = 1;
	maps[0] = new_map("@k", BTMAP_COUNT);
	CHECK_EQ_INT(btmap__add_int(maps[0], ku, 1, 1), 0);
	maps[1] = new_map("@", BTMAP_COUNT);
	CHECK_EQ_INT(btmap__add_int(maps[1], ks, 2, 1), 0);
	maps[2] = new_map("@j", BTMAP_HIST);
	CHECK_EQ_INT(btmap__add_slots(maps[2], kj, 2, h, HIST_NR_SLOTS), 0);
	text = print_all(maps, 3);
	CHECK_EQ_STR(text,
		"\n"
		"\n"
		"@[\n"
		"    perf_syscall_enter+397\n"
		"    syscall_trace_enter+384\n"
		"    do_syscall_64+506\n"
		", 5]: 1\n"
		"@j[sleep, 1]: \n"
		"[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		"\n"
		"@k[\n"
		"    0x7f7609ef7503\n"
		"    0xbebc200\n"
		"]: 1\n");
	free(text);
}

/*
 * Not producible from a BEGIN probe, so from bpftrace 0.17's rules
 * (output.cpp): labels past 2^40 stay in T, and bars are computed in
 * float: 2^25 - 1 against 2^26 rounds to exactly half, 26 '@' (25 in
 * integer arithmetic).  Counts are divided by div, bars are not.
 */
TEST(btmap_hist_terabytes_and_float_bars)
{
	uint64_t h[HIST_NR_SLOTS] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK(out);
	h[2 + 50] = (1ULL << 25) - 1; /* [1024T, 2048T) */
	h[2 + 51] = 1ULL << 26;
	h[64] = 1000;
	hist_render__slots(out, h, HIST_NR_SLOTS, 1000);
	fclose(out);
	CHECK_EQ_STR(text,
		     "[1024T, 2048T)     33554 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
		     "[2048T, 4096T)     67108 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		     "[4096T, 8192T)         0 |                                                    |\n"
		     "[8192T, 16384T)        0 |                                                    |\n"
		     "[16384T, 32768T)       0 |                                                    |\n"
		     "[32768T, 65536T)       0 |                                                    |\n"
		     "[65536T, 131072T)       0 |                                                    |\n"
		     "[131072T, 262144T)       0 |                                                    |\n"
		     "[262144T, 524288T)       0 |                                                    |\n"
		     "[524288T, 1048576T)       0 |                                                    |\n"
		     "[1048576T, 2097152T)       0 |                                                    |\n"
		     "[2097152T, 4194304T)       0 |                                                    |\n"
		     "[4194304T, 8388608T)       1 |                                                    |\n");
	free(text);
}

TEST(btmap_rejects_mismatched_values)
{
	struct btmap *m = new_map("@c", BTMAP_COUNT);
	struct btmap_part bad[] = { { .kind = BTMAP_PART_INT, .size = 3 } };
	struct btmap_part many[BTMAP_MAX_PARTS + 1];
	uint64_t slots[2] = { 0 };

	memset(many, 0, sizeof(many));
	CHECK(!btmap__new("c", BTMAP_COUNT));
	CHECK_EQ_INT(btmap__add_avg(m, NULL, 0, 1, 1), -EINVAL);
	CHECK_EQ_INT(btmap__add_slots(m, NULL, 0, slots, 2), -EINVAL);
	CHECK_EQ_INT(btmap__add_str(m, NULL, 0, "x"), -EINVAL);
	CHECK_EQ_INT(btmap__set_lhist(m, 0, 10, 1), -EINVAL);
	CHECK_EQ_INT(btmap__set_unsigned(m, true), -EINVAL);
	CHECK_EQ_INT(btmap__add_int(m, bad, 1, 1), -EINVAL);
	CHECK_EQ_INT(btmap__add_int(m, many, BTMAP_MAX_PARTS + 1, 1), -E2BIG);
	CHECK_EQ_INT(btmap__nr_entries(m), 0);
	CHECK_EQ_STR(btmap__name(m), "@c");
	btmap__free(m);
	btmap__free(NULL);
}
