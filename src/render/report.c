// SPDX-License-Identifier: GPL-2.0
#include "render/report.h"

#include "render/json.h"

#include <inttypes.h>
#include <string.h>

/* perf's callchain threshold: branches under 0.5% are not drawn. */
#define GRAPH_MIN_PERCENT 0.5
#define GRAPH_INDENT "            "
#define GRAPH_STEP "          "

struct column {
	enum report_key key;
	const char *title;
	size_t width;
	bool right; /* aligned right, as perf aligns "Pid:Command" */
};

/* An address's digits: what perf makes room for when there is no map. */
#define UNMAPPED_DSO_WIDTH 16

static double percent(uint64_t v, uint64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	/* "[kernel.kallsyms]" and "[vdso]" are names already. */
	return path[0] == '[' || !slash ? path : slash + 1;
}

static void cell(const struct report *r, const struct report_entry *e,
		 enum report_key key, char *buf, size_t size)
{
	const struct profile *p = r->profile;
	const struct profile_frame *f = &p->frames[e->frame];

	switch (key) {
	case REPORT_KEY_COMM:
		snprintf(buf, size, "%s", profile__string(p, e->comm));
		break;
	case REPORT_KEY_PID:
		snprintf(buf, size, "%7d:%s", e->pid,
			 profile__string(p, e->comm));
		break;
	case REPORT_KEY_DSO:
		snprintf(buf, size, "%s",
			 basename_of(profile__string(p, f->dso)));
		break;
	case REPORT_KEY_SYM:
		snprintf(buf, size, "[%c] %s",
			 f->kind == FRAME_KERNEL ? 'k' : '.',
			 profile__string(p, f->name));
		break;
	}
}

static bool shown(const struct report *r, const struct report_entry *e,
		  const struct report_view *v)
{
	uint64_t total = r->profile->total_period;
	uint64_t value = r->children ? e->children : e->self;

	return percent(value, total) >= v->percent_limit && value;
}

static void measure(const struct report *r, const struct report_view *v,
		    struct column *cols)
{
	char buf[4096];

	for (size_t c = 0; c < r->nr_keys; c++) {
		cols[c].width = strlen(cols[c].title);
		for (size_t i = 0; i < r->nr_entries; i++) {
			if (!shown(r, &r->entries[i], v))
				continue;
			cell(r, &r->entries[i], cols[c].key, buf, sizeof(buf));
			if (strlen(buf) > cols[c].width)
				cols[c].width = strlen(buf);
			/* perf widens it for code outside any map. */
			if (cols[c].key == REPORT_KEY_DSO &&
			    !strcmp(buf, "[unknown]") &&
			    cols[c].width < UNMAPPED_DSO_WIDTH)
				cols[c].width = UNMAPPED_DSO_WIDTH;
		}
	}
}

static void dots(FILE *out, size_t n)
{
	while (n--)
		fputc('.', out);
}

static void header(FILE *out, const struct report *r,
		   const struct report_view *v, const struct column *cols)
{
	uint64_t samples = v->samples;
	char unit = ' ';

	/* perf's title abbreviates: "Samples: 512  of", "Samples: 1K of". */
	for (const char *u = "KMG"; *u && samples >= 1000; u++) {
		samples /= 1000;
		unit = *u;
	}
	fprintf(out, "# Total Lost Samples: %" PRIu64 "\n#\n", v->lost);
	fprintf(out, "# Samples: %" PRIu64 "%c of event '%s'\n", samples, unit,
		v->event);
	fprintf(out, "# Event count (approx.): %" PRIu64 "\n#\n",
		r->profile->total_period);
	fputs(r->children ? "# Children      Self" : "# Overhead", out);
	for (size_t c = 0; c < r->nr_keys; c++) {
		bool last = c + 1 == r->nr_keys;

		/* "Pid:Command" lines up with "%7d:%s" below it. */
		if (cols[c].key == REPORT_KEY_PID)
			fprintf(out, "  %7s:%-*s", "Pid",
				last ? 0 : (int)cols[c].width - 8, "Command");
		else
			fprintf(out, "  %-*s", last ? 0 : (int)cols[c].width,
				cols[c].title);
	}
	fputs(r->children ? "\n# ........  ........" : "\n# ........", out);
	for (size_t c = 0; c < r->nr_keys; c++) {
		fputs("  ", out);
		dots(out, cols[c].width);
	}
	fputs("\n#\n", out);
}

static const char *node_name(const struct report *r,
			     const struct report_node *n)
{
	return profile__string(r->profile, r->profile->frames[n->frame].name);
}

static bool visible(const struct report_node *n, uint64_t total)
{
	return percent(n->period, total) >= GRAPH_MIN_PERCENT;
}

static size_t nr_visible(const struct report_node *n, uint64_t total)
{
	size_t k = 0;

	/* Children are sorted largest first: the visible ones lead. */
	while (k < n->nr_children && visible(&n->children[k], total))
		k++;
	return k;
}

static void graph_children(FILE *out, const struct report *r,
			   const struct report_node *n, const char *prefix,
			   uint64_t total);

/* After a node's own line: the rest of a single chain, or its branches. */
static void graph_below(FILE *out, const struct report *r,
			const struct report_node *n, const char *prefix,
			uint64_t total)
{
	size_t vis = nr_visible(n, total);

	if (!vis)
		return;
	if (vis == 1 && n->children[0].period == n->period) {
		fprintf(out, "%s%s\n", prefix, node_name(r, &n->children[0]));
		graph_below(out, r, &n->children[0], prefix, total);
		return;
	}
	fprintf(out, "%s|" GRAPH_STEP "\n", prefix);
	graph_children(out, r, n, prefix, total);
}

static void graph_children(FILE *out, const struct report *r,
			   const struct report_node *n, const char *prefix,
			   uint64_t total)
{
	size_t vis = nr_visible(n, total);
	char next[1024];

	for (size_t i = 0; i < vis; i++) {
		const struct report_node *c = &n->children[i];
		bool last = i + 1 == vis;

		fprintf(out, "%s%s%.2f%%--%s\n", prefix, last ? " --" : "|--",
			percent(c->period, total), node_name(r, c));
		snprintf(next, sizeof(next), "%s%c" GRAPH_STEP, prefix,
			 last ? ' ' : '|');
		graph_below(out, r, c, next, total);
		if (!last)
			fprintf(out, "%s|" GRAPH_STEP "\n", prefix);
	}
}

static void text_graph(FILE *out, const struct report *r,
		       const struct report_entry *e)
{
	uint64_t total = r->profile->total_period;
	struct report_node root;

	if (report__graph(r, e, &root))
		return;
	if (nr_visible(&root, total) == 1 &&
	    root.children[0].period == root.period) {
		fprintf(out, GRAPH_INDENT "|\n" GRAPH_INDENT "---%s\n",
			node_name(r, &root.children[0]));
		graph_below(out, r, &root.children[0], GRAPH_INDENT "   ",
			    total);
		fputc('\n', out);
	} else if (nr_visible(&root, total)) {
		fprintf(out, GRAPH_INDENT "|" GRAPH_STEP "\n");
		graph_children(out, r, &root, GRAPH_INDENT, total);
		fputc('\n', out);
	}
	report__free_graph(&root);
}

static void text_report(FILE *out, const struct report *r,
			const struct report_view *v)
{
	uint64_t total = r->profile->total_period;
	struct column cols[REPORT_MAX_KEYS];
	char buf[4096];

	for (size_t c = 0; c < r->nr_keys; c++) {
		enum report_key k = r->keys[c];

		cols[c] = (struct column){
			.key = k,
			.title = k == REPORT_KEY_COMM ? "Command" :
				 k == REPORT_KEY_PID  ? "Pid:Command" :
				 k == REPORT_KEY_DSO  ? "Shared Object" :
							"Symbol",
			.right = k == REPORT_KEY_PID,
		};
	}
	measure(r, v, cols);
	header(out, r, v, cols);
	for (size_t i = 0; i < r->nr_entries; i++) {
		const struct report_entry *e = &r->entries[i];

		if (!shown(r, e, v))
			continue;
		if (r->children)
			fprintf(out, "%9.2f%%%9.2f%%",
				percent(e->children, total),
				percent(e->self, total));
		else
			fprintf(out, "%9.2f%%", percent(e->self, total));
		for (size_t c = 0; c < r->nr_keys; c++) {
			bool last = c + 1 == r->nr_keys;

			cell(r, e, cols[c].key, buf, sizeof(buf));
			fprintf(out, cols[c].right ? "  %*s" : "  %-*s",
				last && !cols[c].right ? 0 :
							 (int)cols[c].width,
				buf);
		}
		fputc('\n', out);
		if (v->graph)
			text_graph(out, r, e);
	}
}

static void json_graph(struct json *j, const struct report *r,
		       const struct report_node *n, uint64_t total)
{
	const struct profile_frame *f = &r->profile->frames[n->frame];

	json__begin_object(j);
	json__kv_string(j, "symbol", node_name(r, n));
	json__kv_string(j, "dso", profile__string(r->profile, f->dso));
	json__kv_double(j, "percent", percent(n->period, total));
	json__kv_uint(j, "period", n->period);
	json__key(j, "children");
	json__begin_array(j);
	for (size_t i = 0; i < nr_visible(n, total); i++)
		json_graph(j, r, &n->children[i], total);
	json__end_array(j);
	json__end_object(j);
}

static void json_report(FILE *out, const struct report *r,
			const struct report_view *v)
{
	const struct profile *p = r->profile;
	uint64_t total = p->total_period;
	struct json j;

	json__init(&j, out, false);
	json__begin_object(&j);
	json__kv_string(&j, "event", v->event);
	json__kv_uint(&j, "samples", v->samples);
	json__kv_uint(&j, "period", total);
	json__kv_uint(&j, "lost", v->lost);
	json__key(&j, "entries");
	json__begin_array(&j);
	for (size_t i = 0; i < r->nr_entries; i++) {
		const struct report_entry *e = &r->entries[i];
		const struct profile_frame *f = &p->frames[e->frame];

		if (!shown(r, e, v))
			continue;
		json__begin_object(&j);
		if (r->children)
			json__kv_double(&j, "children",
					percent(e->children, total));
		json__kv_double(&j, "self", percent(e->self, total));
		if (r->key_mask & (REPORT_KEY_COMM | REPORT_KEY_PID))
			json__kv_string(&j, "comm",
					profile__string(p, e->comm));
		if (r->key_mask & REPORT_KEY_PID)
			json__kv_int(&j, "pid", e->pid);
		if (r->key_mask & (REPORT_KEY_DSO | REPORT_KEY_SYM))
			json__kv_string(&j, "dso", profile__string(p, f->dso));
		if (r->key_mask & REPORT_KEY_SYM) {
			json__kv_string(&j, "symbol",
					profile__string(p, f->name));
			json__kv_bool(&j, "kernel", f->kind == FRAME_KERNEL);
		}
		if (v->graph) {
			struct report_node root;

			if (!report__graph(r, e, &root)) {
				json__key(&j, "callgraph");
				json__begin_array(&j);
				for (size_t k = 0;
				     k < nr_visible(&root, total); k++)
					json_graph(&j, r, &root.children[k],
						   total);
				json__end_array(&j);
				report__free_graph(&root);
			}
		}
		json__end_object(&j);
	}
	json__end_array(&j);
	json__end_object(&j);
	json__end_line(&j);
}

void report_render__event(FILE *out, const struct report *r,
			  const struct report_view *v)
{
	if (v->json)
		json_report(out, r, v);
	else
		text_report(out, r, v);
}
