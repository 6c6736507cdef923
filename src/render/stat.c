// SPDX-License-Identifier: GPL-2.0
#include "render/stat.h"

#include "render/json.h"

#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>

/* An event's line, in display order. */
struct row {
	const struct event *e;
	const struct count_value *v;
};

struct metric {
	bool present;
	double value;
	const char *unit;
};

static bool is_clock(const struct event *e)
{
	return e->kind == EVENT_SOFTWARE &&
	       (e->config == PERF_COUNT_SW_TASK_CLOCK ||
		e->config == PERF_COUNT_SW_CPU_CLOCK);
}

/* Task time in seconds, from the set's task-clock (or cpu-clock). */
static double task_seconds(const struct stat_view *v)
{
	for (size_t i = 0; i < v->events->nr; i++)
		if (is_clock(&v->events->items[i]) && v->values[i].supported)
			return v->values[i].value / 1e9;
	return 0;
}

static struct metric metric_of(const struct stat_view *v, const struct row *r)
{
	double task_s = task_seconds(v);
	struct metric m = { 0 };

	if (!r->v->supported || r->e->kind == EVENT_HARDWARE)
		return m;
	if (is_clock(r->e)) {
		if (v->elapsed_s > 0) {
			m = (struct metric){ true, r->v->value / 1e6 /
							   (v->elapsed_s * 1e3),
					     "CPUs utilized" };
		}
		return m;
	}
	if (task_s <= 0)
		return m;
	m.present = true;
	m.value = r->v->value / task_s;
	m.unit = "/sec";
	if (m.value >= 1e9) {
		m.value /= 1e9;
		m.unit = "G/sec";
	} else if (m.value >= 1e6) {
		m.value /= 1e6;
		m.unit = "M/sec";
	} else if (m.value >= 1e3) {
		m.value /= 1e3;
		m.unit = "K/sec";
	}
	return m;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->v->value != y->v->value)
		return x->v->value < y->v->value ? 1 : -1;
	return strcmp(x->e->name, y->e->name);
}

/*
 * The rows to show: named events in their order, then those a glob
 * added, non-zero ones only, largest first.
 */
static size_t build_rows(const struct stat_view *v, struct row *rows)
{
	size_t n = 0, named;

	for (size_t i = 0; i < v->events->nr; i++)
		if (!v->events->items[i].from_glob)
			rows[n++] = (struct row){ &v->events->items[i],
						  &v->values[i] };
	named = n;
	for (size_t i = 0; i < v->events->nr; i++)
		if (v->events->items[i].from_glob &&
		    (!v->values[i].supported || v->values[i].value))
			rows[n++] = (struct row){ &v->events->items[i],
						  &v->values[i] };
	qsort(rows + named, n - named, sizeof(*rows), cmp_rows);
	return n;
}

static void format_value(const struct row *r, char *buf, size_t size)
{
	if (!r->v->supported)
		snprintf(buf, size, "<not supported>");
	else if (is_clock(r->e))
		snprintf(buf, size, "%.2f", r->v->value / 1e6);
	else
		snprintf(buf, size, "%llu", (unsigned long long)r->v->value);
}

static double percent_running(const struct count_value *v)
{
	if (!v->enabled_ns || v->running_ns >= v->enabled_ns)
		return 100.0;
	return 100.0 * v->running_ns / v->enabled_ns;
}

static void text_row(FILE *out, const struct stat_view *v, const struct row *r)
{
	struct metric m = metric_of(v, r);
	char value[32];

	format_value(r, value, sizeof(value));
	if (v->timestamp_s >= 0)
		fprintf(out, "%16.9f ", v->timestamp_s);
	fprintf(out, "%18s %-4s ", value, r->e->unit);
	if (m.present)
		fprintf(out, "%-32s # %8.3f %s", r->e->name, m.value, m.unit);
	else
		fputs(r->e->name, out);
	if (r->v->supported && percent_running(r->v) < 100.0)
		fprintf(out, "  (%.2f%%)", percent_running(r->v));
	fputc('\n', out);
}

static void csv_row(FILE *out, const struct stat_view *v, const struct row *r)
{
	struct metric m = metric_of(v, r);
	const char *s = v->sep;
	char value[32];
	uint64_t run = r->v->running_ns ? r->v->running_ns :
					  (uint64_t)(v->elapsed_s * 1e9);

	format_value(r, value, sizeof(value));
	if (v->timestamp_s >= 0)
		fprintf(out, "%.9f%s", v->timestamp_s, s);
	fprintf(out, "%s%s%s%s%s%s%llu%s%.2f%s", value, s, r->e->unit, s,
		r->e->name, s,
		r->v->supported ? (unsigned long long)run : 0ULL, s,
		percent_running(r->v), s);
	if (m.present)
		fprintf(out, "%.3f%s%s", m.value, s, m.unit);
	else
		fputs(s, out);
	fputc('\n', out);
}

static void json_report(FILE *out, const struct stat_view *v,
			const struct row *rows, size_t n)
{
	struct json j;

	json__init(&j, out, false);
	json__begin_object(&j);
	if (v->timestamp_s >= 0)
		json__kv_double(&j, "interval", v->timestamp_s);
	json__kv_string(&j, "target", v->target);
	json__kv_double(&j, "elapsed_s", v->elapsed_s);
	json__key(&j, "counters");
	json__begin_array(&j);
	for (size_t i = 0; i < n; i++) {
		struct metric m = metric_of(v, &rows[i]);

		json__begin_object(&j);
		json__kv_string(&j, "event", rows[i].e->name);
		json__kv_bool(&j, "supported", rows[i].v->supported);
		if (rows[i].v->supported) {
			if (is_clock(rows[i].e))
				json__kv_double(&j, "value",
						rows[i].v->value / 1e6);
			else
				json__kv_uint(&j, "value", rows[i].v->value);
			json__kv_string(&j, "unit", rows[i].e->unit);
			json__kv_double(&j, "percent_running",
					percent_running(rows[i].v));
		}
		if (m.present) {
			json__kv_double(&j, "metric_value", m.value);
			json__kv_string(&j, "metric_unit", m.unit);
		}
		json__end_object(&j);
	}
	json__end_array(&j);
	if (v->have_rusage) {
		json__kv_double(&j, "user_s", v->user_s);
		json__kv_double(&j, "sys_s", v->sys_s);
	}
	json__end_object(&j);
	json__end_line(&j);
}

static void render(FILE *out, const struct stat_view *v, bool totals,
		   bool first)
{
	struct row *rows = calloc(v->events->nr ? v->events->nr : 1,
				  sizeof(*rows));
	size_t n;

	if (!rows)
		return;
	n = build_rows(v, rows);
	if (v->format == STAT_JSON) {
		json_report(out, v, rows, n);
	} else if (v->format == STAT_CSV) {
		for (size_t i = 0; i < n; i++)
			csv_row(out, v, &rows[i]);
	} else {
		if (totals)
			fprintf(out, "\n Performance counter stats for %s:\n\n",
				v->target);
		else if (first)
			fprintf(out, "#           time             counts unit "
				     "events\n");
		for (size_t i = 0; i < n; i++)
			text_row(out, v, &rows[i]);
		if (totals) {
			fprintf(out, "\n%18.9f seconds time elapsed\n",
				v->elapsed_s);
			if (v->have_rusage)
				fprintf(out,
					"\n%18.9f seconds user\n"
					"%18.9f seconds sys\n",
					v->user_s, v->sys_s);
			fputc('\n', out);
		}
	}
	fflush(out);
	free(rows);
}

void stat_render__totals(FILE *out, const struct stat_view *v)
{
	render(out, v, true, false);
}

void stat_render__interval(FILE *out, const struct stat_view *v, bool first)
{
	render(out, v, false, first);
}
