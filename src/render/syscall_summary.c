// SPDX-License-Identifier: GPL-2.0
#include "render/syscall_summary.h"

#include "render/json.h"

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

/* Sorts the rows; returns their total. */
static struct syscall_summary_row sort_rows(struct syscall_summary_row *rows,
					   size_t nr,
					   enum syscall_summary_sort sort)
{
	struct syscall_summary_row total = { .name = "total" };

	sort_key = sort;
	qsort(rows, nr, sizeof(*rows), compare_rows);
	for (size_t i = 0; i < nr; i++) {
		total.ns += rows[i].ns;
		total.calls += rows[i].calls;
		total.errors += rows[i].errors;
	}
	return total;
}

static void json_row(struct json *j, const struct syscall_summary_row *r,
		     uint64_t total_ns)
{
	json__begin_object(j);
	json__kv_string(j, "syscall", r->name);
	json__kv_uint(j, "calls", r->calls);
	json__kv_uint(j, "errors", r->errors);
	json__kv_double(j, "seconds", r->ns / 1e9);
	json__kv_double(j, "usecs_per_call",
			r->calls ? r->ns / 1e3 / r->calls : 0);
	json__kv_double(j, "percent_time",
			total_ns ? 100.0 * r->ns / total_ns : 0);
	json__end_object(j);
}

void syscall_summary__render_json(struct json *j,
				  struct syscall_summary_row *rows, size_t nr,
				  enum syscall_summary_sort sort)
{
	struct syscall_summary_row total = sort_rows(rows, nr, sort);

	json__key(j, "syscalls");
	json__begin_array(j);
	for (size_t i = 0; i < nr; i++)
		json_row(j, &rows[i], total.ns);
	json__end_array(j);
	json__key(j, "total");
	json_row(j, &total, total.ns);
}

void syscall_summary__render(FILE *out, struct syscall_summary_row *rows,
			     size_t nr, enum syscall_summary_sort sort)
{
	struct syscall_summary_row total = sort_rows(rows, nr, sort);
	uint64_t ns = total.ns;
	fprintf(out, "%% time     seconds  usecs/call     calls    errors "
		     "syscall\n");
	fputs(rule, out);
	for (size_t i = 0; i < nr; i++)
		row(out, ns ? 100.0 * (double)rows[i].ns / (double)ns : 0,
		    rows[i].ns, rows[i].calls, rows[i].errors, rows[i].name);
	fputs(rule, out);
	row(out, 100.0, ns, total.calls, total.errors, "total");
}
