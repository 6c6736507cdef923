// SPDX-License-Identifier: GPL-2.0
#include "core/events.h"

#include "core/syscalls.h"
#include "core/tracefs.h"
#include "util/strutil.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct event_def defs[] = {
	{ "cpu-clock", NULL, EVENT_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK,
	  "CPU time, from a per-CPU timer" },
	{ "task-clock", NULL, EVENT_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK,
	  "time the task spent on a CPU" },
	{ "page-faults", "faults", EVENT_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS,
	  "page faults" },
	{ "context-switches", "cs", EVENT_SOFTWARE,
	  PERF_COUNT_SW_CONTEXT_SWITCHES, "context switches" },
	{ "cpu-migrations", "migrations", EVENT_SOFTWARE,
	  PERF_COUNT_SW_CPU_MIGRATIONS, "moves to another CPU" },
	{ "minor-faults", NULL, EVENT_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN,
	  "page faults served without I/O" },
	{ "major-faults", NULL, EVENT_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ,
	  "page faults that needed I/O" },
	{ "alignment-faults", NULL, EVENT_SOFTWARE,
	  PERF_COUNT_SW_ALIGNMENT_FAULTS, "unaligned accesses fixed up" },
	{ "emulation-faults", NULL, EVENT_SOFTWARE,
	  PERF_COUNT_SW_EMULATION_FAULTS, "instructions emulated" },
	{ "dummy", NULL, EVENT_SOFTWARE, PERF_COUNT_SW_DUMMY,
	  "counts nothing; carries side-band records" },
	{ "bpf-output", NULL, EVENT_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT,
	  "output of BPF programs" },
	{ "cgroup-switches", NULL, EVENT_SOFTWARE,
	  PERF_COUNT_SW_CGROUP_SWITCHES, "switches between cgroups" },
	{ "cpu-cycles", "cycles", EVENT_HARDWARE, PERF_COUNT_HW_CPU_CYCLES,
	  "CPU cycles" },
	{ "instructions", NULL, EVENT_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS,
	  "instructions retired" },
	{ "cache-references", NULL, EVENT_HARDWARE,
	  PERF_COUNT_HW_CACHE_REFERENCES, "last-level cache accesses" },
	{ "cache-misses", NULL, EVENT_HARDWARE, PERF_COUNT_HW_CACHE_MISSES,
	  "last-level cache misses" },
	{ "branch-instructions", "branches", EVENT_HARDWARE,
	  PERF_COUNT_HW_BRANCH_INSTRUCTIONS, "branches retired" },
	{ "branch-misses", NULL, EVENT_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES,
	  "mispredicted branches" },
	{ "bus-cycles", NULL, EVENT_HARDWARE, PERF_COUNT_HW_BUS_CYCLES,
	  "bus cycles" },
	{ "stalled-cycles-frontend", "idle-cycles-frontend", EVENT_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, "cycles stalled in fetch" },
	{ "stalled-cycles-backend", "idle-cycles-backend", EVENT_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_BACKEND, "cycles stalled in execution" },
	{ "ref-cycles", NULL, EVENT_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES,
	  "reference cycles, unaffected by frequency scaling" },
};

#define NR_DEFS (sizeof(defs) / sizeof(defs[0]))

/* perf stat's default set, in its order. */
static const char *const default_events[] = {
	"task-clock",	"context-switches", "cpu-migrations", "page-faults",
	"cycles",	"instructions",	    "branches",	      "branch-misses",
};

const struct event_def *events__defs(size_t *nr)
{
	*nr = NR_DEFS;
	return defs;
}

static struct event *push(struct event_list *list)
{
	if (list->nr == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 16;
		struct event *items = realloc(list->items, cap * sizeof(*items));

		if (!items)
			return NULL;
		list->items = items;
		list->cap = cap;
	}
	memset(&list->items[list->nr], 0, sizeof(list->items[0]));
	return &list->items[list->nr++];
}

static bool listed(const struct event_list *list, const char *name)
{
	for (size_t i = 0; i < list->nr; i++)
		if (!strcmp(list->items[i].name, name))
			return true;
	return false;
}

static int add_def(struct event_list *list, const struct event_def *d,
		   const char *as_named, bool from_glob)
{
	struct event *e;

	if (listed(list, as_named))
		return 0;
	e = push(list);
	if (!e)
		return -ENOMEM;
	snprintf(e->name, sizeof(e->name), "%s", as_named);
	e->kind = d->kind;
	e->type = d->kind == EVENT_HARDWARE ? PERF_TYPE_HARDWARE :
					      PERF_TYPE_SOFTWARE;
	e->config = d->config;
	e->from_glob = from_glob;
	e->unit = (d->kind == EVENT_SOFTWARE &&
		   (d->config == PERF_COUNT_SW_TASK_CLOCK ||
		    d->config == PERF_COUNT_SW_CPU_CLOCK)) ?
			  "msec" :
			  "";
	e->syscall_nr = -1;
	return 0;
}

static int add_tracepoint(struct event_list *list, const char *category,
			  const char *name, bool from_glob)
{
	struct event *e;
	char full[EVENT_NAME_MAX];

	snprintf(full, sizeof(full), "%s:%s", category, name);
	if (listed(list, full))
		return 0;
	e = push(list);
	if (!e)
		return -ENOMEM;
	snprintf(e->name, sizeof(e->name), "%s", full);
	snprintf(e->category, sizeof(e->category), "%s", category);
	snprintf(e->tp_name, sizeof(e->tp_name), "%s", name);
	e->kind = EVENT_TRACEPOINT;
	e->type = PERF_TYPE_TRACEPOINT;
	e->from_glob = from_glob;
	e->unit = "";
	e->syscall_nr = -1;
	if (!strcmp(category, "syscalls")) {
		e->syscall_nr = syscalls__from_tracepoint(name);
		e->syscall_exit = str_has_prefix(name, "sys_exit_");
	}
	return 0;
}

struct glob_ctx {
	struct event_list *list;
	const char *cat_glob;
	const char *name_glob;
	size_t matched;
};

static int match_tracepoint(const char *category, const char *name, void *arg)
{
	struct glob_ctx *g = arg;

	if (!str_glob_match(g->cat_glob, category) ||
	    !str_glob_match(g->name_glob, name))
		return 0;
	g->matched++;
	return add_tracepoint(g->list, category, name, true);
}

static int add_tracepoints(struct event_list *list, const char *spec)
{
	const char *colon = strchr(spec, ':');
	char category[64], name[64];
	struct glob_ctx g = { .list = list };
	int err;

	if ((size_t)(colon - spec) >= sizeof(category) ||
	    strlen(colon + 1) >= sizeof(name) || strchr(colon + 1, ':'))
		return -ENOENT;
	memcpy(category, spec, (size_t)(colon - spec));
	category[colon - spec] = '\0';
	snprintf(name, sizeof(name), "%s", colon + 1);
	if (!str_is_glob(spec)) {
		err = tracefs__event_id(category, name);
		if (err < 0)
			return err == -ENOENT || err == -ENOTDIR ? -ENOENT : err;
		return add_tracepoint(list, category, name, false);
	}
	g.cat_glob = category;
	g.name_glob = name;
	err = tracefs__for_each_event(match_tracepoint, &g);
	if (err)
		return err;
	return g.matched ? 0 : -ENOENT;
}

int events__add(struct event_list *list, const char *spec)
{
	size_t matched = 0;
	int err;

	if (strchr(spec, ':'))
		return add_tracepoints(list, spec);
	for (size_t i = 0; i < NR_DEFS; i++) {
		const struct event_def *d = &defs[i];
		bool by_name = str_glob_match(spec, d->name);
		bool by_alias = d->alias && str_glob_match(spec, d->alias);

		if (!by_name && !by_alias)
			continue;
		/* Print the name the user typed, as perf does ("cycles"). */
		err = add_def(list, d,
			      by_alias && !str_is_glob(spec) ? d->alias :
							       d->name,
			      str_is_glob(spec));
		if (err)
			return err;
		matched++;
	}
	return matched ? 0 : -ENOENT;
}

int events__add_defaults(struct event_list *list)
{
	for (size_t i = 0; i < sizeof(default_events) / sizeof(*default_events);
	     i++) {
		int err = events__add(list, default_events[i]);

		if (err)
			return err;
	}
	return 0;
}

int events__resolve_ids(struct event_list *list)
{
	for (size_t i = 0; i < list->nr; i++) {
		struct event *e = &list->items[i];
		int id;

		if (e->kind != EVENT_TRACEPOINT || e->config)
			continue;
		id = tracefs__event_id(e->category, e->tp_name);
		if (id < 0)
			return id;
		e->config = (uint64_t)id;
	}
	return 0;
}

void events__release(struct event_list *list)
{
	free(list->items);
	memset(list, 0, sizeof(*list));
}

static int collect_name(const char *category, const char *name, void *arg)
{
	char full[EVENT_NAME_MAX];

	snprintf(full, sizeof(full), "%s:%s", category, name);
	return strlist__push(arg, full);
}

void events__suggest(const char *spec, char *buf, size_t size)
{
	struct strlist names = { 0 };
	const char *close[4];
	size_t nr, used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NR_DEFS; i++) {
		strlist__push(&names, defs[i].name);
		if (defs[i].alias)
			strlist__push(&names, defs[i].alias);
	}
	if (strchr(spec, ':'))
		tracefs__for_each_event(collect_name, &names);
	nr = str_suggest(spec, (const char *const *)names.items, names.nr,
			 close, 4);
	for (size_t i = 0; i < nr && used < size; i++) {
		int n = snprintf(buf + used, size - used, "%s'%s'",
				 i ? (i + 1 == nr ? " or " : ", ") : "",
				 close[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	strlist__release(&names);
}

struct id_ctx {
	uint64_t id;
	char *buf;
	size_t size;
	bool found;
};

static int match_id(const char *category, const char *name, void *arg)
{
	struct id_ctx *c = arg;

	if (tracefs__event_id(category, name) != (int)c->id)
		return 0;
	snprintf(c->buf, c->size, "%s:%s", category, name);
	c->found = true;
	return 1;
}

const char *events__name_of(uint32_t type, uint64_t config, char *buf,
			    size_t size)
{
	struct id_ctx c = { config, buf, size, false };

	for (size_t i = 0; i < NR_DEFS; i++) {
		bool hw = defs[i].kind == EVENT_HARDWARE;

		if (defs[i].config == config &&
		    type == (hw ? PERF_TYPE_HARDWARE : PERF_TYPE_SOFTWARE))
			return defs[i].name;
	}
	if (type == PERF_TYPE_TRACEPOINT) {
		tracefs__for_each_event(match_id, &c);
		if (c.found)
			return buf;
	}
	snprintf(buf, size, "raw 0x%x:0x%llx", type,
		 (unsigned long long)config);
	return buf;
}
