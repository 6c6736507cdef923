// SPDX-License-Identifier: GPL-2.0
/* sonde report: perf report --stdio's table from a recording. */
#include "cli/commands.h"
#include "cli/recording.h"
#include "profile/profile.h"
#include "profile/report.h"
#include "render/report.h"
#include "util/err.h"
#include "util/strutil.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 64

struct report_opts {
	const char *input;
	const char *sort;
	int children; /* -1: as the recording suggests */
	bool graph;
	double percent_limit;
	bool json;
};

/* One profile per event of the recording. */
struct event_profile {
	struct profile profile;
	const struct perf_data_event *event;
	bool callchains;
	/* Resolver frame id -> profile frame id + 1: one lookup per frame. */
	uint32_t *frame_of;
	size_t nr_frame_of;
};

struct report_build {
	struct event_profile events[MAX_EVENTS];
	size_t nr_events;
	uint32_t frames[SESSION_MAX_FRAMES];
};

static struct event_profile *profile_of(struct report_build *b,
					const struct perf_data_event *ev)
{
	for (size_t i = 0; i < b->nr_events; i++)
		if (b->events[i].event == ev)
			return &b->events[i];
	if (b->nr_events == MAX_EVENTS)
		return NULL;
	profile__init(&b->events[b->nr_events].profile);
	b->events[b->nr_events].event = ev;
	return &b->events[b->nr_events++];
}

/* The profile's frame for a resolved one: interned once per address. */
static int64_t frame_id(struct event_profile *ep,
			const struct resolved_frame *f)
{
	char unknown[32];
	int64_t id;

	if (f->id && f->id < ep->nr_frame_of && ep->frame_of[f->id])
		return ep->frame_of[f->id] - 1;
	if (f->deferred) {
		id = profile__frame_deferred(&ep->profile, f->ip, f->dso,
					     f->kind);
	} else if (f->sym) {
		id = profile__frame_stable(&ep->profile, f->sym, f->dso,
					   f->kind);
	} else {
		/* Unknown code keeps its address, as perf shows it. */
		profile__unknown_name(f->ip, unknown, sizeof(unknown));
		id = profile__frame(&ep->profile, unknown, f->dso, f->kind);
	}
	if (id < 0 || !f->id)
		return id;
	if (f->id >= ep->nr_frame_of) {
		size_t n = ep->nr_frame_of ? ep->nr_frame_of : 4096;
		uint32_t *grown;

		while (n <= f->id)
			n *= 2;
		grown = realloc(ep->frame_of, n * sizeof(*grown));
		if (!grown)
			return id;
		memset(grown + ep->nr_frame_of, 0,
		       (n - ep->nr_frame_of) * sizeof(*grown));
		ep->frame_of = grown;
		ep->nr_frame_of = n;
	}
	ep->frame_of[f->id] = (uint32_t)id + 1;
	return id;
}

static int add_sample(const struct session_sample *ss, void *ctx)
{
	struct report_build *b = ctx;
	struct event_profile *ep = profile_of(b, ss->event);

	if (!ep)
		return 0; /* beyond MAX_EVENTS: not shown */
	ep->callchains |= ss->callchain;
	for (size_t i = 0; i < ss->nr_frames; i++) {
		int64_t id = frame_id(ep, &ss->frames[i]);

		if (id < 0)
			return (int)id;
		b->frames[i] = (uint32_t)id;
	}
	return profile__add(&ep->profile, ss->comm, ss->pid, ss->tid,
			    b->frames, ss->nr_frames, ss->sample->period);
}

static const char *kernel_symbol(uint64_t ip, void *ctx)
{
	struct resolved_frame f;

	return session__kernel_frame(ctx, ip, &f) ? NULL : f.sym;
}

/* Kernel frames were left unnamed while kallsyms loaded: name them. */
static int name_kernel_frames(struct report_build *b, struct session *s)
{
	for (size_t i = 0; i < b->nr_events; i++) {
		int err = profile__name_deferred(&b->events[i].profile,
						 kernel_symbol, s);

		if (err)
			return err;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct report_opts *o)
{
	enum { OPT_CHILDREN = 256, OPT_NO_CHILDREN, OPT_PERCENT_LIMIT,
	       OPT_STDIO, OPT_JSON };
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "sort", required_argument, NULL, 's' },
		{ "children", no_argument, NULL, OPT_CHILDREN },
		{ "no-children", no_argument, NULL, OPT_NO_CHILDREN },
		{ "call-graph", no_argument, NULL, 'g' },
		{ "percent-limit", required_argument, NULL, OPT_PERCENT_LIMIT },
		{ "stdio", no_argument, NULL, OPT_STDIO },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "i:s:gh", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			o->input = optarg;
			break;
		case 's':
			o->sort = optarg;
			break;
		case OPT_CHILDREN:
			o->children = 1;
			break;
		case OPT_NO_CHILDREN:
			o->children = 0;
			break;
		case 'g':
			o->graph = true;
			break;
		case OPT_PERCENT_LIMIT:
			o->percent_limit = strtod(optarg, &end);
			if (*end || end == optarg || o->percent_limit < 0 ||
			    o->percent_limit > 100)
				return commands__bad_usage(
					"report",
					"bad percent limit '%s': give 0 to 100",
					optarg);
			break;
		case OPT_STDIO:
			break; /* the only interface */
		case OPT_JSON:
			o->json = true;
			break;
		case 'h':
			commands__usage("report", stdout);
			exit(EXIT_OK);
		default:
			return commands__bad_usage("report",
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		return commands__bad_usage("report", "unexpected argument '%s'",
					   argv[optind]);
	return 0;
}

static int render_events(struct report_build *b, struct session *s,
			 const struct report_opts *o,
			 const struct report *keys)
{
	const struct perf_data_stats *st =
		perf_data_reader__stats(session__reader(s));
	char name[128];

	if (!b->nr_events && !o->json)
		printf("#\n# No samples in the recording.\n#\n");
	for (size_t i = 0; i < b->nr_events; i++) {
		struct event_profile *ep = &b->events[i];
		struct report r = *keys;
		struct report_view v = {
			.event = recording__event_name(ep->event, name,
						       sizeof(name)),
			.samples = ep->profile.total_samples,
			.lost = st->lost + st->lost_samples,
			.percent_limit = o->percent_limit,
			.graph = o->graph,
			.json = o->json,
		};
		bool children = o->children < 0 ? ep->callchains : o->children;
		int err = report__build(&r, &ep->profile, children);

		if (err)
			return err;
		if (i && !o->json)
			fputc('\n', stdout);
		report_render__event(stdout, &r, &v);
		report__release(&r);
	}
	return ferror(stdout) ? -EIO : 0;
}

int cmd_report(int argc, char **argv)
{
	struct report_opts o = { .input = "perf.data",
				 .sort = "comm,dso,sym",
				 .children = -1 };
	struct report keys = { 0 };
	struct report_build *b;
	struct session *s;
	int ret, err;

	ret = parse_args(argc, argv, &o);
	if (ret)
		return ret;
	if (report__parse_keys(&keys, o.sort))
		return commands__bad_usage("report", "%s", err_detail_get());
	ret = recording__open(o.input, true, &s);
	if (ret)
		return ret;
	b = calloc(1, sizeof(*b));
	if (!b) {
		session__free(s);
		err_say("out of memory");
		return EXIT_FAIL;
	}
	session__defer_kernel(s);
	err = session__run(s, add_sample, b);
	if (!err || err == -ENODATA || err == -EBADMSG) {
		int name_err = name_kernel_frames(b, s);

		if (name_err)
			err = name_err;
	}
	/* A truncated file still gets its report, then the word on it. */
	if (!err || err == -ENODATA || err == -EBADMSG) {
		int render_err = render_events(b, s, &o, &keys);

		if (render_err && !err)
			err = render_err;
	}
	fflush(stdout);
	ret = recording__finish(s, o.input, err);
	for (size_t i = 0; i < b->nr_events; i++) {
		profile__release(&b->events[i].profile);
		free(b->events[i].frame_of);
	}
	free(b);
	session__free(s);
	return ret;
}
