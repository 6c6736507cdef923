// SPDX-License-Identifier: GPL-2.0
#include "render/syscall_summary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const sort_names[] = {
	[SUMMARY_SORT_TIME] = "time",
	[SUMMARY_SORT_CALLS] = "calls",
	[SUMMARY_SORT_ERRORS] = "errors",
	[SUMMARY_SORT_NAME] = "name",
};

int syscall_summary__parse_sort(const char *s, enum syscall_summary_sort *out)
{
	for (size_t i = 0; i < sizeof(sort_names) / sizeof(*sort_names); i++) {
		if (!strcmp(s, sort_names[i])) {
			*out = (enum syscall_summary_sort)i;
			return 0;
		}
	}
	return -EINVAL;
}

static enum syscall_summary_sort sort_key;

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

/* The key, descending (names ascending), then the name to break ties. */
static int compare_rows(const void *pa, const void *pb)
{
	const struct syscall_summary_row *a = pa, *b = pb;
	int c = 0;

	switch (sort_key) {
	case SUMMARY_SORT_TIME:
		c = cmp_u64_desc(a->ns, b->ns);
		break;
	case SUMMARY_SORT_CALLS:
		c = cmp_u64_desc(a->calls, b->calls);
		break;
	case SUMMARY_SORT_ERRORS:
		c = cmp_u64_desc(a->errors, b->errors);
		break;
	case SUMMARY_SORT_NAME:
		break;
	}
	return c ? c : strcmp(a->name, b->name);
}

static const char rule[] =
	"------ ----------- ----------- --------- --------- ----------------\n";

static void row(FILE *out, double percent, uint64_t ns, uint64_t calls,
		uint64_t errors, const char *name)
{
	fprintf(out, "%6.2f %11.6f %11llu %9llu ", percent, ns / 1e9,
		(unsigned long long)(calls ? ns / 1000 / calls : 0),
		(unsigned long long)calls);
	/* strace leaves the errors column empty when there are none. */
	if (errors)
		fprintf(out, "%9llu", (unsigned long long)errors);
	else
		fprintf(out, "%9s", "");
	fprintf(out, " %s\n", name);
}

void syscall_summary__render(FILE *out, struct syscall_summary_row *rows,
			     size_t nr, enum syscall_summary_sort sort)
{
	uint64_t ns = 0, calls = 0, errors = 0;

	sort_key = sort;
	qsort(rows, nr, sizeof(*rows), compare_rows);
	for (size_t i = 0; i < nr; i++) {
		ns += rows[i].ns;
		calls += rows[i].calls;
		errors += rows[i].errors;
	}
	fprintf(out, "%% time     seconds  usecs/call     calls    errors "
		     "syscall\n");
	fputs(rule, out);
	for (size_t i = 0; i < nr; i++)
		row(out, ns ? 100.0 * (double)rows[i].ns / (double)ns : 0,
		    rows[i].ns, rows[i].calls, rows[i].errors, rows[i].name);
	fputs(rule, out);
	row(out, 100.0, ns, calls, errors, "total");
}
