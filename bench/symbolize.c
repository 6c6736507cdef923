// SPDX-License-Identifier: GPL-2.0
/*
 * Symbolizer throughput: load libc, python3, the kernel and a binary
 * with 100,000 functions, then resolve 1,000,000 random addresses spread
 * over them, and time both.  bench/symbolize.sh builds and runs it.
 *
 *   symbolize GENERATED_BINARY [-n LOOKUPS] [--python PATH] [--libc PATH]
 *
 * Addresses are drawn before the clock starts: random points in each
 * object's .text, and for the kernel random points inside random text
 * symbols of /proc/kallsyms.  Exit status 1 when loading plus lookups
 * take a second or more.
 */
#include "sym/elf.h"
#include "sym/symbolizer.h"

#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_OBJECTS 4
#define BUDGET_NS 1000000000ULL

struct object {
	const char *label;
	const char *path;
	bool kernel;
	uint64_t *addrs; /* candidates to draw from */
	size_t nr_addrs;
	struct sym_dso *dso;
	size_t lookups, found;
};

struct query {
	uint32_t object;
	uint64_t addr;
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

/* xorshift64*: fast, and the same sequence on every run. */
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* 100,000 random addresses inside the .text of path. */
static int text_addresses(struct object *o)
{
	struct elf_section sec;
	struct elf_file *ef;
	int err = elf_file__open(o->path, &ef);

	if (err)
		return err;
	err = elf_file__section(ef, ".text", &sec);
	elf_file__close(ef);
	if (err)
		return err;
	if (!sec.size)
		return -ENODATA;
	o->nr_addrs = 100000;
	o->addrs = malloc(o->nr_addrs * sizeof(*o->addrs));
	if (!o->addrs)
		return -ENOMEM;
	for (size_t i = 0; i < o->nr_addrs; i++)
		o->addrs[i] = sec.addr + rng() % sec.size;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Random points inside the kernel's text symbols (not modules). */
static int kernel_addresses(struct object *o)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	uint64_t *syms = NULL;
	size_t nr = 0, cap = 0;
	char line[512], type, mod;
	unsigned long long addr;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%llx %c %*s %c", &addr, &type, &mod) == 3)
			continue; /* a module's symbol: "... [mod]" */
		if (sscanf(line, "%llx %c", &addr, &type) != 2 || !addr ||
		    (type != 'T' && type != 't'))
			continue;
		if (nr == cap) {
			uint64_t *n;

			cap = cap ? cap * 2 : 65536;
			n = realloc(syms, cap * sizeof(*n));
			if (!n) {
				free(syms);
				fclose(f);
				return -ENOMEM;
			}
			syms = n;
		}
		syms[nr++] = addr;
	}
	fclose(f);
	if (nr < 2) {
		free(syms);
		return -EPERM; /* kptr_restrict: all addresses read 0 */
	}
	qsort(syms, nr, sizeof(*syms), cmp_u64);
	o->nr_addrs = 100000;
	o->addrs = malloc(o->nr_addrs * sizeof(*o->addrs));
	if (!o->addrs) {
		free(syms);
		return -ENOMEM;
	}
	for (size_t i = 0; i < o->nr_addrs; i++) {
		size_t k = rng() % (nr - 1);
		uint64_t span = syms[k + 1] - syms[k];

		o->addrs[i] = syms[k] + (span ? rng() % span : 0);
	}
	free(syms);
	return 0;
}

/* The libc this program runs with, from its own maps. */
static const char *find_libc(void)
{
	static char path[4096];
	char line[4096 + 128];
	FILE *f = fopen("/proc/self/maps", "r");
	const char *found = NULL;

	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '/');

		if (!p || !strstr(p, "/libc.so"))
			continue;
		p[strcspn(p, "\n")] = '\0';
		snprintf(path, sizeof(path), "%s", p);
		found = path;
	}
	fclose(f);
	return found;
}

static void usage(void)
{
	fprintf(stderr, "usage: symbolize GENERATED_BINARY [-n LOOKUPS] "
			"[--python PATH] [--libc PATH]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *generated = NULL, *python = "/usr/bin/python3.11";
	const char *libc = NULL;
	struct object objs[MAX_OBJECTS];
	size_t nr_objs = 0, lookups = 1000000, found = 0;
	uint64_t t0, t1, t2, t3, checksum = 0;
	struct symbolizer *s;
	struct query *q;
	int err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			lookups = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--python") && i + 1 < argc)
			python = argv[++i];
		else if (!strcmp(argv[i], "--libc") && i + 1 < argc)
			libc = argv[++i];
		else if (argv[i][0] != '-' && !generated)
			generated = argv[i];
		else
			usage();
	}
	if (!generated || !lookups)
		usage();
	if (!libc)
		libc = find_libc();

	memset(objs, 0, sizeof(objs));
	objs[nr_objs++] = (struct object){.label = "libc", .path = libc};
	objs[nr_objs++] = (struct object){.label = "python3", .path = python};
	objs[nr_objs++] = (struct object){.label = "kernel", .kernel = true};
	objs[nr_objs++] =
		(struct object){.label = "generated", .path = generated};
	for (size_t i = 0; i < nr_objs;) {
		struct object *o = &objs[i];

		if (o->kernel)
			err = kernel_addresses(o);
		else
			err = o->path ? text_addresses(o) : -ENOENT;
		if (err) {
			fprintf(stderr, "symbolize: skipping %s (%s): %s\n",
				o->label,
				o->kernel ? "/proc/kallsyms"
				: o->path ? o->path
					  : "not found",
				strerror(-err));
			memmove(o, o + 1, (nr_objs - i - 1) * sizeof(*o));
			nr_objs--;
			continue;
		}
		i++;
	}
	if (!nr_objs)
		return 1;
	q = malloc(lookups * sizeof(*q));
	if (!q)
		return 1;
	for (size_t i = 0; i < lookups; i++) {
		uint32_t k = (uint32_t)(rng() % nr_objs);

		q[i].object = k;
		q[i].addr = objs[k].addrs[rng() % objs[k].nr_addrs];
	}

	/* The clock runs from here: every load, then every lookup. */
	t0 = now_ns();
	s = symbolizer__new();
	if (!s)
		return 1;
	for (size_t i = 0; i < nr_objs; i++) {
		struct object *o = &objs[i];

		o->dso = o->kernel ? symbolizer__kernel(s, NULL)
				   : symbolizer__dso(s, o->path, NULL, NULL, 0);
		if (!o->dso)
			return 1;
		symbolizer__load(s, o->dso);
	}
	t1 = now_ns();
	for (size_t i = 0; i < lookups; i++) {
		struct object *o = &objs[q[i].object];
		struct sym_result r;

		if (!symbolizer__lookup_vaddr(s, o->dso, q[i].addr, &r)) {
			o->found++;
			checksum += r.offset + (uint8_t)r.name[0];
		}
		o->lookups++;
	}
	t2 = now_ns();
	symbolizer__free(s);
	t3 = now_ns();

	printf("%-10s %9s %9s %7s  %s\n", "object", "symbols", "lookups",
	       "named", "source");
	s = symbolizer__new(); /* again, untimed, for the table below */
	for (size_t i = 0; i < nr_objs; i++) {
		struct object *o = &objs[i];
		struct sym_dso *d =
			o->kernel ? symbolizer__kernel(s, NULL)
				  : symbolizer__dso(s, o->path, NULL, NULL, 0);

		symbolizer__load(s, d);
		printf("%-10s %9zu %9zu %6.1f%%  %s%s%s\n", o->label,
		       sym_dso__nr_symbols(d), o->lookups,
		       o->lookups
			       ? 100.0 * (double)o->found / (double)o->lookups
			       : 0.0,
		       sym_dso__symbol_source(d) ? sym_dso__symbol_source(d)
						 : "none",
		       sym_dso__debug_file(d) ? " " : "",
		       sym_dso__debug_file(d) ? sym_dso__debug_file(d) : "");
		found += o->found;
	}
	symbolizer__free(s);
	printf("load       %8.1f ms\n", (double)(t1 - t0) / 1e6);
	printf("lookups    %8.1f ms  (%zu, %.0f ns each)\n",
	       (double)(t2 - t1) / 1e6, lookups,
	       (double)(t2 - t1) / (double)lookups);
	printf("free       %8.1f ms\n", (double)(t3 - t2) / 1e6);
	printf("total      %8.1f ms  load + lookups; %.2f M lookups/s; "
	       "%zu named (checksum %" PRIx64 ")\n",
	       (double)(t2 - t0) / 1e6,
	       (double)lookups / ((double)(t2 - t0) / 1e9) / 1e6, found,
	       checksum);
	for (size_t i = 0; i < nr_objs; i++)
		free(objs[i].addrs);
	free(q);
	if (t2 - t0 >= BUDGET_NS) {
		printf("over budget: load + lookups took 1 s or more\n");
		return 1;
	}
	return 0;
}
