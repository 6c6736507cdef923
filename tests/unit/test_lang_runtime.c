// SPDX-License-Identifier: GPL-2.0
/*
 * The runtime of sonde run against real BPF maps (root): maps laid out
 * by hand as the code generator lays them out (lang/compile.h), filled
 * from user space (per-CPU values spread over the CPUs), printed and
 * compared with what bpftrace v0.17.0 printed on this machine for the
 * one-liner in the comment above each test ("Attaching 1 probe..."
 * dropped).  Events go through lang_runtime__handle() as the ring
 * would give them.
 */
#include "harness.h"
#include "lang/insn.h"
#include "lang/runtime.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <unistd.h>

#define MAX_MAPS 8

/* A program's maps and events, built by hand. */
struct fixture {
	struct lang_compiled c;
	struct lang_map maps[MAX_MAPS];
	struct lang_sema_map sema[MAX_MAPS];
	struct lang_event events[8];
	char *text;
	size_t len;
	FILE *out;
	struct lang_runtime *rt;
	int nr_cpus;
};

static struct lang_part part_int(uint32_t offset, bool is_signed)
{
	return (struct lang_part){.kind = LANG_PART_INT,
				  .offset = offset,
				  .size = 8,
				  .len = 8,
				  .is_signed = is_signed};
}

static struct lang_part part_str(uint32_t offset, uint32_t len)
{
	return (struct lang_part){.kind = LANG_PART_STR,
				  .offset = offset,
				  .size = (len + 7) & ~7u,
				  .len = len};
}

static struct lang_part part_u64(enum lang_part_kind kind, uint32_t offset,
				 uint32_t size)
{
	return (struct lang_part){.kind = kind, .offset = offset, .size = size};
}

static void fixture__init(struct fixture *f)
{
	if (geteuid() != 0)
		harness__skip("needs root for BPF maps");
	memset(f, 0, sizeof(*f));
	f->c.maps = f->maps;
	f->c.events = f->events;
	f->c.stacks[0].fd = f->c.stacks[1].fd = -1;
	f->c.stacks[1].user = true;
	f->c.ring_fd = -1;
	f->c.ring_size = 1 << 16;
	f->nr_cpus = libbpf_num_possible_cpus();
	CHECK(f->nr_cpus > 0);
	f->out = open_memstream(&f->text, &f->len);
	CHECK(f->out);
}

/*
 * A map named name with an aggregation (per-CPU) or a plain value;
 * keys are added by the caller (add_key), the keyless INT 0 by default.
 */
static struct lang_map *add_map(struct fixture *f, const char *name,
				enum lang_agg agg, uint32_t value_size)
{
	struct lang_map *m = &f->maps[f->c.nr_maps];
	struct lang_sema_map *sm = &f->sema[f->c.nr_maps++];

	CHECK(f->c.nr_maps <= MAX_MAPS);
	sm->name = name;
	sm->has_value = true;
	sm->value.kind = agg ? LANG_TYPE_AGG : LANG_TYPE_INT;
	sm->value.agg = agg;
	sm->value.is_signed = true;
	m->sema = sm;
	m->agg = agg;
	m->type = agg ? BPF_MAP_TYPE_PERCPU_HASH : BPF_MAP_TYPE_HASH;
	m->max_entries = 128;
	m->key.parts[0] = part_int(0, true);
	m->key.nr = 1;
	m->key.size = 8;
	m->value_size = value_size;
	m->value.size = value_size;
	m->fd = -1;
	return m;
}

/* Replaces the keyless key by the sema's keys laid out as parts. */
static void set_keys(struct lang_map *m, const struct lang_part *parts,
		     size_t nr, uint32_t size)
{
	struct lang_sema_map *sm = (struct lang_sema_map *)m->sema;

	memcpy(m->key.parts, parts, nr * sizeof(*parts));
	m->key.nr = nr;
	m->key.size = size;
	sm->nr_keys = nr;
	for (size_t i = 0; i < nr; i++)
		sm->keys[i].kind = parts[i].kind == LANG_PART_STR
					   ? LANG_TYPE_STR
					   : LANG_TYPE_INT;
}

/* hist/lhist: the slot after the key. */
static void add_slot(struct lang_map *m)
{
	m->slot_offset = m->key.size;
	m->key.size += 8;
}

static void fixture__start(struct fixture *f)
{
	int err = lang_runtime__create_maps(&f->c);

	if (err == -EPERM)
		harness__skip("no privilege to create BPF maps");
	CHECK_EQ_INT(err, 0);
	for (size_t i = 0; i < f->c.nr_maps; i++)
		CHECK(f->maps[i].fd >= 0);
	CHECK(f->c.ring_fd >= 0);
	CHECK_EQ_INT(lang_runtime__new(&f->c, f->out, &f->rt), 0);
}

/* The text printed so far; the fixture's maps and runtime released. */
static char *fixture__finish(struct fixture *f)
{
	lang_runtime__free(f->rt);
	fclose(f->out);
	for (size_t i = 0; i < f->c.nr_maps; i++)
		close(f->maps[i].fd);
	close(f->c.ring_fd);
	return f->text;
}

static char *print_maps(struct fixture *f)
{
	CHECK_EQ_INT(lang_runtime__print_maps(f->rt), 0);
	return fixture__finish(f);
}

static void check_text(char *text, const char *expect)
{
	CHECK_EQ_STR(text, expect);
	free(text);
}

/* Per-CPU value: words w0, w1 on cpu, added to what it holds. */
struct percpu {
	uint64_t v[64][2];
};

static void percpu_add(struct fixture *f, struct percpu *p, int cpu,
		       uint64_t w0, uint64_t w1)
{
	CHECK(f->nr_cpus <= 64);
	cpu %= f->nr_cpus;
	p->v[cpu][0] += w0;
	p->v[cpu][1] += w1;
}

/* Stores p (each CPU's value_size bytes) under key. */
static void percpu_put(struct fixture *f, const struct lang_map *m,
		       const void *key, const struct percpu *p)
{
	size_t stride = (m->value_size + 7) & ~7u;
	uint8_t buf[64 * 16] = {0};

	for (int cpu = 0; cpu < f->nr_cpus; cpu++)
		memcpy(buf + cpu * stride, p->v[cpu], m->value_size);
	CHECK_EQ_INT(bpf_map_update_elem(m->fd, key, buf, BPF_ANY), 0);
}

/* The same word on one CPU (the last one: CPU 0 is not special). */
static void put_one(struct fixture *f, const struct lang_map *m,
		    const void *key, uint64_t w0, uint64_t w1)
{
	struct percpu p = {0};

	percpu_add(f, &p, f->nr_cpus - 1, w0, w1);
	percpu_put(f, m, key, &p);
}

/*
 * BEGIN { @c["a"] = count(); @c["bb"] = count(); @c["bb"] = count();
 * @t[1, -2] = count(); @t[3, 4] = count(); @t[3, 4] = count();
 * @t[3, 4] = count(); @s = sum(5); @s = sum(-12); @su = sum((uint64)-1);
 * @mn = min(7); @mn = min(-3); @mx["k"] = max(9); @mx["k"] = max(2);
 * @a = avg(10); @a = avg(3); @st = stats(10); @st = stats(3); exit(); }
 */
TEST(lang_runtime_aggregations)
{
	struct fixture f;
	struct lang_part kstr[] = {part_str(0, 16)};
	struct lang_part k2[] = {part_int(0, true), part_int(8, true)};
	struct lang_map *c, *t, *s, *su, *mn, *mx, *a, *st;
	struct percpu p;
	char ks[16] = {0};
	int64_t kt[2];
	uint64_t zero = 0;

	fixture__init(&f);
	if (f.nr_cpus < 2)
		harness__skip("one CPU: no per-CPU values to combine");
	c = add_map(&f, "c", LANG_AGG_COUNT, 8);
	set_keys(c, kstr, 1, 16);
	t = add_map(&f, "t", LANG_AGG_COUNT, 8);
	set_keys(t, k2, 2, 16);
	s = add_map(&f, "s", LANG_AGG_SUM, 8);
	su = add_map(&f, "su", LANG_AGG_SUM, 8);
	((struct lang_sema_map *)su->sema)->value.is_signed = false;
	mn = add_map(&f, "mn", LANG_AGG_MIN, 16);
	mx = add_map(&f, "mx", LANG_AGG_MAX, 16);
	set_keys(mx, kstr, 1, 16);
	a = add_map(&f, "a", LANG_AGG_AVG, 16);
	st = add_map(&f, "st", LANG_AGG_STATS, 16);
	fixture__start(&f);

	strcpy(ks, "a");
	put_one(&f, c, ks, 1, 0);
	/* "bb" counted once on each of two CPUs */
	memset(&p, 0, sizeof(p));
	percpu_add(&f, &p, 0, 1, 0);
	percpu_add(&f, &p, 1, 1, 0);
	strcpy(ks, "bb");
	percpu_put(&f, c, ks, &p);

	kt[0] = 1;
	kt[1] = -2;
	put_one(&f, t, kt, 1, 0);
	kt[0] = 3;
	kt[1] = 4;
	memset(&p, 0, sizeof(p));
	percpu_add(&f, &p, 0, 2, 0);
	percpu_add(&f, &p, 1, 1, 0);
	percpu_put(&f, t, kt, &p);

	memset(&p, 0, sizeof(p));
	percpu_add(&f, &p, 0, 5, 0);
	percpu_add(&f, &p, 1, (uint64_t)-12, 0);
	percpu_put(&f, s, &zero, &p);
	put_one(&f, su, &zero, UINT64_MAX, 0);

	/* min: a CPU whose value is not set must not count (-100) */
	memset(&p, 0, sizeof(p));
	percpu_add(&f, &p, 0, (uint64_t)-100, 0);
	percpu_add(&f, &p, 1, (uint64_t)-3, 1);
	percpu_put(&f, mn, &zero, &p);
	strcpy(ks, "k");
	memset(&p, 0, sizeof(p));
	percpu_add(&f, &p, 0, 9, 1);
	percpu_add(&f, &p, 1, 2, 1);
	percpu_put(&f, mx, ks, &p);

	/* avg/stats: total, count; 10 on one CPU, 3 on the other */
	memset(&p, 0, sizeof(p));
	percpu_add(&f, &p, 0, 10, 1);
	percpu_add(&f, &p, 1, 3, 1);
	percpu_put(&f, a, &zero, &p);
	percpu_put(&f, st, &zero, &p);

	check_text(print_maps(&f), "\n\n"
				   "@a: 6\n\n"
				   "@c[a]: 1\n"
				   "@c[bb]: 2\n"
				   "@mn: -3\n"
				   "@mx[k]: 9\n"
				   "@s: -7\n"
				   "@st: count 2, average 6, total 13\n\n"
				   "@su: 18446744073709551615\n"
				   "@t[1, -2]: 1\n"
				   "@t[3, 4]: 3\n");
}

/* hist() slot of v, as the code generator must compute it. */
static uint64_t hist_slot(int64_t v)
{
	uint64_t k = 2;

	if (v < 0)
		return 0;
	if (!v)
		return 1;
	for (; v > 1; v >>= 1)
		k++;
	return k;
}

/* lhist(v, min, max, step)'s slot. */
static uint64_t lhist_slot(int64_t v, int64_t min, int64_t max, int64_t step)
{
	if (v < min)
		return 0;
	if (v >= max)
		return (uint64_t)((max - min) / step + 1);
	return (uint64_t)((v - min) / step + 1);
}

/* One hit of slot under the key's first word k. */
static void hit(struct fixture *f, const struct lang_map *m, int64_t k,
		uint64_t slot, int cpu)
{
	uint64_t key[2] = {(uint64_t)k, slot};
	uint8_t old[64 * 8] = {0};
	struct percpu p = {0};

	if (!bpf_map_lookup_elem(m->fd, key, old))
		for (int i = 0; i < f->nr_cpus; i++)
			memcpy(&p.v[i][0], old + i * 8, 8);
	percpu_add(f, &p, cpu, 1, 0);
	percpu_put(f, m, key, &p);
}

/*
 * BEGIN { @h = hist(0); @h = hist(1); @h = hist(5); @h = hist(5);
 * @h = hist(-1); @h = hist(1000); @l[1] = lhist(5, 0, 100, 10);
 * @l[1] = lhist(55, 0, 100, 10); @l[1] = lhist(-5, 0, 100, 10);
 * @l[1] = lhist(150, 0, 100, 10); @l[2] = lhist(99, 0, 100, 10);
 * exit(); }
 */
TEST(lang_runtime_hist_lhist)
{
	static const int64_t hv[] = {0, 1, 5, 5, -1, 1000};
	static const int64_t lv[] = {5, 55, -5, 150};
	struct lang_part k1[] = {part_int(0, true)};
	struct lang_sema_map *sl;
	struct lang_map *h, *l;
	struct fixture f;

	fixture__init(&f);
	h = add_map(&f, "h", LANG_AGG_HIST, 8);
	add_slot(h);
	l = add_map(&f, "l", LANG_AGG_LHIST, 8);
	set_keys(l, k1, 1, 8);
	add_slot(l);
	sl = (struct lang_sema_map *)l->sema;
	sl->value.lhist_min = 0;
	sl->value.lhist_max = 100;
	sl->value.lhist_step = 10;
	fixture__start(&f);

	for (size_t i = 0; i < sizeof(hv) / sizeof(hv[0]); i++)
		hit(&f, h, 0, hist_slot(hv[i]), (int)i);
	for (size_t i = 0; i < sizeof(lv) / sizeof(lv[0]); i++)
		hit(&f, l, 1, lhist_slot(lv[i], 0, 100, 10), (int)i);
	hit(&f, l, 2, lhist_slot(99, 0, 100, 10), 0);

	check_text(print_maps(&f),
		   "\n\n"
		   "@h: \n"
		   "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@       "
		   "                   |\n"
		   "[0]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@       "
		   "                   |\n"
		   "[1]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@       "
		   "                   |\n"
		   "[2, 4)                 0 |                                 "
		   "                   |\n"
		   "[4, 8)                 2 "
		   "|@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		   "[8, 16)                0 |                                 "
		   "                   |\n"
		   "[16, 32)               0 |                                 "
		   "                   |\n"
		   "[32, 64)               0 |                                 "
		   "                   |\n"
		   "[64, 128)              0 |                                 "
		   "                   |\n"
		   "[128, 256)             0 |                                 "
		   "                   |\n"
		   "[256, 512)             0 |                                 "
		   "                   |\n"
		   "[512, 1K)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@       "
		   "                   |\n"
		   "\n"
		   "@l[2]: \n"
		   "[90, 100)              1 "
		   "|@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		   "\n"
		   "@l[1]: \n"
		   "(..., 0)               1 "
		   "|@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		   "[0, 10)                1 "
		   "|@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		   "[10, 20)               0 |                                 "
		   "                   |\n"
		   "[20, 30)               0 |                                 "
		   "                   |\n"
		   "[30, 40)               0 |                                 "
		   "                   |\n"
		   "[40, 50)               0 |                                 "
		   "                   |\n"
		   "[50, 60)               1 "
		   "|@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		   "[60, 70)               0 |                                 "
		   "                   |\n"
		   "[70, 80)               0 |                                 "
		   "                   |\n"
		   "[80, 90)               0 |                                 "
		   "                   |\n"
		   "[90, 100)              0 |                                 "
		   "                   |\n"
		   "[100, ...)             1 "
		   "|@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
		   "\n");
}

/*
 * BEGIN { @i = -5; @u = (uint32)7; @str["x"] = "hello";
 * @str["y"] = "abc"; @tup = (1, "two"); @big = (uint64)-1; exit(); }
 */
TEST(lang_runtime_plain_values)
{
	struct lang_part kstr[] = {part_str(0, 8)};
	struct lang_map *i, *u, *str, *tup, *big;
	struct fixture f;
	uint64_t zero = 0, v;
	char k[8] = "x", sv[16] = "hello";
	struct {
		int64_t n;
		char s[8];
	} tv = {1, "two"};

	fixture__init(&f);
	i = add_map(&f, "i", LANG_AGG_NONE, 8);
	i->value.parts[0] = part_int(0, true);
	i->value.nr = 1;
	u = add_map(&f, "u", LANG_AGG_NONE, 8);
	u->value.parts[0] = part_int(0, false);
	u->value.nr = 1;
	((struct lang_sema_map *)u->sema)->value.is_signed = false;
	str = add_map(&f, "str", LANG_AGG_NONE, 16);
	set_keys(str, kstr, 1, 8);
	str->value.parts[0] = part_str(0, 16);
	str->value.nr = 1;
	((struct lang_sema_map *)str->sema)->value.kind = LANG_TYPE_STR;
	tup = add_map(&f, "tup", LANG_AGG_NONE, 16);
	tup->value.parts[0] = part_int(0, true);
	tup->value.parts[1] = part_str(8, 8);
	tup->value.nr = 2;
	((struct lang_sema_map *)tup->sema)->value.kind = LANG_TYPE_TUPLE;
	big = add_map(&f, "big", LANG_AGG_NONE, 8);
	big->value.parts[0] = part_int(0, false);
	big->value.nr = 1;
	((struct lang_sema_map *)big->sema)->value.is_signed = false;
	fixture__start(&f);

	v = (uint64_t)-5;
	CHECK_EQ_INT(bpf_map_update_elem(i->fd, &zero, &v, BPF_ANY), 0);
	v = 7;
	CHECK_EQ_INT(bpf_map_update_elem(u->fd, &zero, &v, BPF_ANY), 0);
	CHECK_EQ_INT(bpf_map_update_elem(str->fd, k, sv, BPF_ANY), 0);
	/* a string filling its bytes has no NUL */
	strcpy(k, "y");
	memset(sv, 0, sizeof(sv));
	strcpy(sv, "abc");
	CHECK_EQ_INT(bpf_map_update_elem(str->fd, k, sv, BPF_ANY), 0);
	CHECK_EQ_INT(bpf_map_update_elem(tup->fd, &zero, &tv, BPF_ANY), 0);
	v = UINT64_MAX;
	CHECK_EQ_INT(bpf_map_update_elem(big->fd, &zero, &v, BPF_ANY), 0);

	check_text(print_maps(&f), "\n\n"
				   "@big: 18446744073709551615\n"
				   "@i: -5\n"
				   "@str[x]: hello\n"
				   "@str[y]: abc\n"
				   "@tup: (1, two)\n"
				   "@u: 7\n");
}

/* A string value that fills its part exactly prints whole. */
TEST(lang_runtime_full_string)
{
	struct lang_map *m;
	struct fixture f;
	uint64_t zero = 0;
	char sv[8];

	fixture__init(&f);
	m = add_map(&f, "s", LANG_AGG_NONE, 8);
	m->value.parts[0] = part_str(0, 8);
	m->value.nr = 1;
	((struct lang_sema_map *)m->sema)->value.kind = LANG_TYPE_STR;
	fixture__start(&f);
	memcpy(sv, "abcdefgh", 8);
	CHECK_EQ_INT(bpf_map_update_elem(m->fd, &zero, sv, BPF_ANY), 0);
	check_text(print_maps(&f), "\n\n@s: abcdefgh\n");
}

static void handle_map_event(struct fixture *f, enum lang_event_kind kind,
			     uint32_t id, uint64_t top, uint64_t div)
{
	struct lang_event_print_map ev = {
		.h = {.kind = kind, .id = id}, .top = top, .div = div};

	CHECK_EQ_INT(lang_runtime__handle(f->rt, &ev,
					  kind == LANG_EVENT_PRINT_MAP
						  ? sizeof(ev)
						  : sizeof(ev.h)),
		     0);
}

/*
 * BEGIN { @x["a"] = sum(100); @x["b"] = sum(250); @x["c"] = sum(30);
 * print(@x, 2, 10); print(@x); clear(@x); @y = count(); @z["q"] = 5;
 * zero(@y); zero(@z); exit(); }
 *
 * The cleared @x still prints, empty (a blank line), at exit.
 */
TEST(lang_runtime_print_clear_zero_exit)
{
	struct lang_part kstr[] = {part_str(0, 8)};
	struct lang_event_header ex = {.kind = LANG_EVENT_EXIT};
	struct lang_map *x, *y, *z;
	struct fixture f;
	char k[8] = "a";
	uint64_t zero = 0, v = 5;

	fixture__init(&f);
	x = add_map(&f, "x", LANG_AGG_SUM, 8);
	set_keys(x, kstr, 1, 8);
	y = add_map(&f, "y", LANG_AGG_COUNT, 8);
	z = add_map(&f, "z", LANG_AGG_NONE, 8);
	set_keys(z, kstr, 1, 8);
	z->value.parts[0] = part_int(0, true);
	z->value.nr = 1;
	fixture__start(&f);

	put_one(&f, x, k, 100, 0);
	strcpy(k, "b");
	put_one(&f, x, k, 250, 0);
	strcpy(k, "c");
	put_one(&f, x, k, 30, 0);
	put_one(&f, y, &zero, 3, 0);
	strcpy(k, "q");
	CHECK_EQ_INT(bpf_map_update_elem(z->fd, k, &v, BPF_ANY), 0);

	handle_map_event(&f, LANG_EVENT_PRINT_MAP, 0, 2, 10);
	handle_map_event(&f, LANG_EVENT_PRINT_MAP, 0, 0, 0);
	handle_map_event(&f, LANG_EVENT_CLEAR, 0, 0, 0);
	handle_map_event(&f, LANG_EVENT_ZERO, 1, 0, 0);
	handle_map_event(&f, LANG_EVENT_ZERO, 2, 0, 0);
	/* nothing in the ring yet, then the exit seen */
	CHECK_EQ_INT(lang_runtime__drain(f.rt), 0);
	CHECK(lang_runtime__fd(f.rt) >= 0);
	CHECK_EQ_INT(lang_runtime__handle(f.rt, &ex, sizeof(ex)), 0);
	CHECK_EQ_INT(lang_runtime__drain(f.rt), 1);
	/* a map id past the maps, a short record: not printed */
	CHECK_EQ_INT(lang_runtime__handle(f.rt, &ex, 4), -EINVAL);
	ex = (struct lang_event_header){.kind = LANG_EVENT_CLEAR, .id = 9};
	CHECK_EQ_INT(lang_runtime__handle(f.rt, &ex, sizeof(ex)), -EINVAL);

	check_text(print_maps(&f), "@x[a]: 10\n"
				   "@x[b]: 25\n"
				   "@x[c]: 30\n"
				   "@x[a]: 100\n"
				   "@x[b]: 250\n"
				   "\n\n"
				   "\n"
				   "@y: 0\n"
				   "@z[q]: 0\n");
}

/*
 * BEGIN { if (0) { @a = count(); @b = sum(1); @f["x"] = count(); }
 * exit(); }: a count() without keys shows 0 before any hit, the others
 * a blank line.
 */
TEST(lang_runtime_empty_maps)
{
	struct lang_part kstr[] = {part_str(0, 8)};
	struct fixture f;

	fixture__init(&f);
	add_map(&f, "a", LANG_AGG_COUNT, 8);
	add_map(&f, "b", LANG_AGG_SUM, 8);
	set_keys(add_map(&f, "f", LANG_AGG_COUNT, 8), kstr, 1, 8);
	fixture__start(&f);
	check_text(print_maps(&f), "\n\n@a: 0\n\n\n");
}

static void add_event(struct fixture *f, enum lang_event_kind kind,
		      const char *fmt, const struct lang_part *parts, size_t nr)
{
	struct lang_event *ev = &f->events[f->c.nr_events++];

	ev->kind = kind;
	ev->fmt = fmt;
	ev->fmt_len = fmt ? strlen(fmt) : 0;
	if (nr)
		memcpy(ev->args.parts, parts, nr * sizeof(*parts));
	ev->args.nr = nr;
	ev->args.size = nr ? parts[nr - 1].offset + parts[nr - 1].size : 8;
}

/* A record of event id: the header, then words at offset 8 on. */
struct record {
	struct lang_event_header h;
	uint8_t data[120];
};

static void handle(struct fixture *f, struct record *r, uint32_t id)
{
	r->h = (struct lang_event_header){.kind = f->events[id].kind, .id = id};
	CHECK_EQ_INT(lang_runtime__handle(f->rt, r, sizeof(*r)), 0);
}

static void put_u64(struct record *r, uint32_t offset, uint64_t v)
{
	memcpy((uint8_t *)r + offset, &v, 8);
}

/*
 * BEGIN { printf("%d %s %-5s|\n", -42, "ab", "c"); print(5); print("a");
 * print((1,"x")); print(-3); print((uint64)-1); exit(); }, and
 * printf("[%s][%s]\n", probe, username) as root in
 * tracepoint:syscalls:sys_enter_clock_nanosleep.
 */
TEST(lang_runtime_printf_print)
{
	static char probe_name[] =
		"tracepoint:syscalls:sys_enter_clock_nanosleep";
	static char *probes[] = {probe_name};
	struct lang_part pf[] = {part_int(8, true), part_str(16, 8),
				 part_str(24, 4)};
	struct lang_part pu[] = {part_u64(LANG_PART_PROBE, 8, 8),
				 part_u64(LANG_PART_USERNAME, 16, 8)};
	struct lang_part ps[] = {part_str(8, 8)};
	struct lang_part pi[] = {part_int(8, true)};
	struct lang_part pn[] = {part_int(8, false)};
	struct lang_part pt[] = {part_int(8, true), part_str(16, 8)};
	struct fixture f;
	struct record r;

	fixture__init(&f);
	f.c.probe_names = probes;
	f.c.nr_probe_names = 1;
	add_event(&f, LANG_EVENT_PRINTF, "%d %s %-5s|\n", pf, 3);
	add_event(&f, LANG_EVENT_PRINTF, "[%s][%s]\n", pu, 2);
	add_event(&f, LANG_EVENT_PRINT_VALUE, NULL, pi, 1);
	add_event(&f, LANG_EVENT_PRINT_VALUE, NULL, ps, 1);
	add_event(&f, LANG_EVENT_PRINT_VALUE, NULL, pt, 2);
	add_event(&f, LANG_EVENT_PRINT_VALUE, NULL, pn, 1);
	add_event(&f, LANG_EVENT_TIME, "[%%]\n", NULL, 0);
	fixture__start(&f);

	memset(&r, 0, sizeof(r));
	put_u64(&r, 8, (uint64_t)-42);
	memcpy((uint8_t *)&r + 16, "ab", 3);
	/* "c" then garbage past its NUL; a 4-byte "wxyz" would fill it */
	memcpy((uint8_t *)&r + 24, "c\0zz", 4);
	handle(&f, &r, 0);
	memcpy((uint8_t *)&r + 24, "wxyz", 4);
	handle(&f, &r, 0);

	memset(&r, 0, sizeof(r));
	put_u64(&r, 8, 0);
	put_u64(&r, 16, 0);
	handle(&f, &r, 1);

	put_u64(&r, 8, 5);
	handle(&f, &r, 2);
	memset(&r, 0, sizeof(r));
	memcpy((uint8_t *)&r + 8, "a", 2);
	handle(&f, &r, 3);
	put_u64(&r, 8, 1);
	memcpy((uint8_t *)&r + 16, "x", 2);
	handle(&f, &r, 4);
	put_u64(&r, 8, (uint64_t)-3);
	handle(&f, &r, 2);
	put_u64(&r, 8, UINT64_MAX);
	handle(&f, &r, 5);
	handle(&f, &r, 6);

	check_text(fixture__finish(&f),
		   "-42 ab c    |\n"
		   "-42 ab wxyz |\n"
		   "[tracepoint:syscalls:sys_enter_clock_nanosleep][root]\n"
		   "5\n"
		   "a\n"
		   "(1, x)\n"
		   "-3\n"
		   "18446744073709551615\n"
		   "[%]\n");
}

/* The address of kernel function name, from /proc/kallsyms. */
static uint64_t kallsyms_addr(const char *name)
{
	FILE *in = fopen("/proc/kallsyms", "r");
	char line[512], sym[256], type;
	unsigned long long addr;
	uint64_t found = 0;

	CHECK(in);
	while (!found && fgets(line, sizeof(line), in))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 &&
		    !strcmp(sym, name))
			found = addr;
	fclose(in);
	return found;
}

/*
 * tracepoint:syscalls:sys_enter_clock_nanosleep { printf("[%s]\n",
 * ksym(0xffffffff81000000)); @ks[ksym(0xffffffff81000000)] = count();
 * print(ksym(0x10)); } prints "[_text]", "@ks[_text]: 1", "0x10"; here
 * with vfs_read, whose address has no other name.  usym() of this
 * process's own function, and of an address nothing maps.
 */
TEST(lang_runtime_symbols)
{
	struct lang_part pk[] = {part_u64(LANG_PART_KSYM, 8, 8)};
	struct lang_part pu[] = {part_u64(LANG_PART_USYM, 8, 16)};
	struct lang_part kk[] = {part_u64(LANG_PART_KSYM, 0, 8)};
	uint64_t vfs_read = kallsyms_addr("vfs_read"), key = 0;
	struct lang_map *ks;
	struct fixture f;
	struct record r;
	char expect[256];

	if (!vfs_read)
		harness__skip("kallsyms shows no addresses");
	fixture__init(&f);
	add_event(&f, LANG_EVENT_PRINTF, "[%s]\n", pk, 1);
	add_event(&f, LANG_EVENT_PRINT_VALUE, NULL, pk, 1);
	add_event(&f, LANG_EVENT_PRINTF, "[%s]\n", pu, 1);
	ks = add_map(&f, "ks", LANG_AGG_COUNT, 8);
	set_keys(ks, kk, 1, 8);
	fixture__start(&f);

	memset(&r, 0, sizeof(r));
	put_u64(&r, 8, vfs_read + 4);
	handle(&f, &r, 0);
	put_u64(&r, 8, 0x10);
	handle(&f, &r, 1);
	put_u64(&r, 8, (uint64_t)(uintptr_t)&lang_runtime__handle);
	put_u64(&r, 16, (uint64_t)getpid());
	handle(&f, &r, 2);
	put_u64(&r, 8, 0x10);
	handle(&f, &r, 2);
	key = vfs_read + 4;
	put_one(&f, ks, &key, 1, 0);

	CHECK_EQ_INT(lang_runtime__print_maps(f.rt), 0);
	snprintf(expect, sizeof(expect),
		 "[vfs_read]\n0x10\n[lang_runtime__handle]\n[0x10]\n"
		 "\n\n@ks[vfs_read]: 1\n");
	check_text(fixture__finish(&f), expect);
}

/*
 * Takes this process's kernel and user stacks at its next syscall (a
 * raw tracepoint program on sys_enter, assembled here), their ids into
 * ids[0] (kernel) and ids[1] (user).
 */
static void take_stacks(struct fixture *f, uint64_t ids[2])
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	struct insn_buf b;
	uint32_t key = 0;
	uint64_t value[2] = {0};
	int out, prog, link, skip;

	out = bpf_map_create(BPF_MAP_TYPE_ARRAY, "ids", 4, 16, 1, NULL);
	CHECK(out >= 0);
	insn_buf__init(&b);
	skip = insn_buf__label(&b);
	insn_buf__emit(&b, insn__mov_reg(BPF_REG_6, BPF_REG_1));
	insn_buf__emit(&b, insn__call(BPF_FUNC_get_current_pid_tgid));
	insn_buf__emit(&b, insn__alu64_imm(BPF_RSH, BPF_REG_0, 32));
	insn_buf__jump_imm(&b, BPF_JNE, BPF_REG_0, getpid(), skip);
	for (int user = 0; user < 2; user++) {
		insn_buf__emit(&b, insn__mov_reg(BPF_REG_1, BPF_REG_6));
		insn_buf__load_map_fd(&b, BPF_REG_2, f->c.stacks[user].fd);
		insn_buf__emit(&b, insn__mov_imm(BPF_REG_3,
						 user ? BPF_F_USER_STACK : 0));
		insn_buf__emit(&b, insn__call(BPF_FUNC_get_stackid));
		insn_buf__emit(&b, insn__store(BPF_DW, BPF_REG_10,
					       (int16_t)(-16 + 8 * user),
					       BPF_REG_0));
	}
	insn_buf__emit(&b, insn__store_imm(BPF_W, BPF_REG_10, -20, 0));
	insn_buf__load_map_fd(&b, BPF_REG_1, out);
	insn_buf__emit(&b, insn__mov_reg(BPF_REG_2, BPF_REG_10));
	insn_buf__emit(&b, insn__alu64_imm(BPF_ADD, BPF_REG_2, -20));
	insn_buf__emit(&b, insn__mov_reg(BPF_REG_3, BPF_REG_10));
	insn_buf__emit(&b, insn__alu64_imm(BPF_ADD, BPF_REG_3, -16));
	insn_buf__emit(&b, insn__mov_imm(BPF_REG_4, BPF_ANY));
	insn_buf__emit(&b, insn__call(BPF_FUNC_map_update_elem));
	insn_buf__place(&b, skip);
	insn_buf__emit(&b, insn__mov_imm(BPF_REG_0, 0));
	insn_buf__emit(&b, insn__exit());
	CHECK_EQ_INT(insn_buf__finish(&b), 0);
	prog = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "stacks", "GPL",
			     b.insns, b.nr, &opts);
	insn_buf__release(&b);
	CHECK(prog >= 0);
	link = bpf_raw_tracepoint_open("sys_enter", prog);
	CHECK(link >= 0);
	getppid();
	close(link);
	close(prog);
	CHECK_EQ_INT(bpf_map_lookup_elem(out, &key, value), 0);
	close(out);
	CHECK((int64_t)value[0] >= 0 && (int64_t)value[1] >= 0);
	ids[0] = value[0];
	ids[1] = value[1];
}

/* Checks that every line of text from line on is "<indent>name+N". */
static void check_frames(const char *text, const char *indent)
{
	size_t nr = 0;

	for (const char *p = text; *p; nr++) {
		const char *end = strchr(p, '\n');
		const char *plus;

		CHECK(end);
		CHECK(!strncmp(p, indent, strlen(indent)));
		plus = memchr(p, '+', (size_t)(end - p));
		CHECK(plus && plus > p + strlen(indent) && plus + 1 < end);
		for (const char *d = plus + 1; d < end; d++)
			CHECK(*d >= '0' && *d <= '9');
		p = end + 1;
	}
	CHECK(nr > 0);
}

/*
 * Stacks as bpftrace 0.17 prints them (tracepoint probe, count() keyed
 * by kstack(2), print(kstack), printf("[%s]", kstack(perf))):
 *
 *	@k[
 *	    perf_syscall_enter+397
 *	    syscall_trace_enter+384
 *	]: 1
 *	<print:> "\n        frame+off\n ... \n" and a newline
 *	[\n\tffffffff814b2b2d perf_syscall_enter+397\n ... ]
 *
 * and user stacks "\tADDR func+off (/path/of/object)" in perf mode.
 * Which frames the kernel gives differ here (a raw tracepoint): only
 * the shape is checked, and the harness's main in the user stack.
 */
TEST(lang_runtime_stacks)
{
	struct lang_part key_k = part_u64(LANG_PART_KSTACK, 0, 8);
	struct lang_part pk = part_u64(LANG_PART_KSTACK, 8, 8);
	struct lang_part pu = part_u64(LANG_PART_USTACK, 8, 16);
	struct lang_map *k;
	struct fixture f;
	struct record r;
	uint64_t ids[2];
	char *all, *text, *p, *end;

	fixture__init(&f);
	f.c.stacks[0].depth = f.c.stacks[1].depth = 127;
	key_k.depth = pk.depth = pu.depth = 127;
	k = add_map(&f, "k", LANG_AGG_COUNT, 8);
	set_keys(k, &key_k, 1, 8);
	add_event(&f, LANG_EVENT_PRINT_VALUE, NULL, &pk, 1);
	pk.stack_mode = LANG_STACK_PERF;
	add_event(&f, LANG_EVENT_PRINTF, "[%s]\n", &pk, 1);
	pu.stack_mode = LANG_STACK_PERF;
	add_event(&f, LANG_EVENT_PRINTF, "[%s]\n", &pu, 1);
	pu.stack_mode = LANG_STACK_BPFTRACE;
	add_event(&f, LANG_EVENT_PRINT_VALUE, NULL, &pu, 1);
	fixture__start(&f);
	CHECK(f.c.stacks[0].fd >= 0 && f.c.stacks[1].fd >= 0);
	take_stacks(&f, ids);
	put_one(&f, k, &ids[0], 1, 0);

	memset(&r, 0, sizeof(r));
	put_u64(&r, 8, ids[0]);
	handle(&f, &r, 0);
	handle(&f, &r, 1);
	put_u64(&r, 8, ids[1]);
	put_u64(&r, 16, (uint64_t)getpid());
	handle(&f, &r, 2);
	handle(&f, &r, 3);
	CHECK_EQ_INT(lang_runtime__print_maps(f.rt), 0);
	all = text = fixture__finish(&f);

	/* print(kstack): a blank line, frames by 8, a blank line */
	CHECK(!strncmp(text, "\n        ", 9));
	p = strstr(text, "\n\n[\n\t");
	CHECK(p);
	p[1] = '\0';
	check_frames(text + 1, "        ");
	/* printf("[%s]", kstack(perf)): "\tADDR func+off" lines */
	text = p + 4;
	end = strstr(text, "]\n[\n\t");
	CHECK(end);
	*end = '\0';
	for (p = text; *p; p = strchr(p, '\n') + 1) {
		unsigned long long addr;
		char name[256];

		CHECK(sscanf(p, "\t%llx %255s", &addr, name) == 2);
		CHECK(addr >> 63);
	}
	/*
	 * user stacks: libc's syscall wrapper has no frame pointer, so
	 * the unwinder skips this test's frame; the harness's main shows
	 */
	text = end + 4;
	CHECK(strstr(text, " main+"));
	CHECK(strstr(text, "unit-tests)\n"));
	p = strstr(text, "\n        main+");
	CHECK(p);
	/* the key: @k[ and frames by 4 */
	p = strstr(p, "\n\n\n@k[\n    ");
	CHECK(p);
	end = strstr(p, "]: 1\n");
	CHECK(end && !end[5]);
	*end = '\0';
	check_frames(p + 7, "    ");
	free(all);
}
