// SPDX-License-Identifier: GPL-2.0
/* sonde stat: count events as perf stat does, without sampling. */
#include "cli/commands.h"
#include "cli/target_args.h"
#include "core/counter.h"
#include "core/events.h"
#include "core/target.h"
#include "render/stat.h"
#include "util/err.h"
#include "util/strutil.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

struct stat_opts {
	struct strlist events;
	const char *pids;
	bool system_wide;
	unsigned long long interval_ns;
	unsigned long long duration_ns;
	const char *sep;
	bool json;
	const char *output;
	char **argv;
};

struct stat_run {
	struct stat_view view;
	struct counter_set *counters;
	struct count_value *prev, *now, *delta;
	uint64_t start_ns, last_ns;
	FILE *out;
	bool first_interval;
};

static int parse_args(int argc, char **argv, struct stat_opts *o)
{
	enum { OPT_DURATION = 256, OPT_JSON };
	static const struct option longopts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "pid", required_argument, NULL, 'p' },
		{ "all-cpus", no_argument, NULL, 'a' },
		{ "interval-print", required_argument, NULL, 'I' },
		{ "field-separator", required_argument, NULL, 'x' },
		{ "output", required_argument, NULL, 'o' },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+e:p:aI:x:o:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'e':
			if (strlist__split(&o->events, optarg, ','))
				return -ENOMEM;
			break;
		case 'p':
			o->pids = optarg;
			break;
		case 'a':
			o->system_wide = true;
			break;
		case 'I':
			if (commands__parse_interval("stat", optarg,
						     &o->interval_ns))
				return EXIT_USAGE;
			break;
		case 'x':
			o->sep = optarg;
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_DURATION:
			if (commands__parse_duration("stat", optarg,
						     &o->duration_ns))
				return EXIT_USAGE;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case 'h':
			commands__usage("stat", stdout);
			exit(EXIT_OK);
		default:
			return commands__bad_usage(
				"stat", "unknown option '%s'",
				argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->argv = argv + optind;
	/* -a with a command counts the whole system while it runs. */
	if (!!o->pids + (o->system_wide || o->argv) != 1)
		return commands__bad_usage(
			"stat", o->pids || o->system_wide || o->argv ?
					"give only one of -p PID, or -a and/or "
					"a command" :
					"nothing to count: give -p PID, -a or a "
					"command");
	if (o->sep && o->json)
		return commands__bad_usage("stat",
					   "-x and --json do not go together");
	return 0;
}

static int add_events(const struct stat_opts *o, struct event_list *events)
{
	int err;

	if (!o->events.nr)
		return events__add_defaults(events);
	for (size_t i = 0; i < o->events.nr; i++) {
		const char *spec = o->events.items[i];
		char close[512];

		err = events__add(events, spec);
		if (err == -ENOENT) {
			events__suggest(spec, close, sizeof(close));
			if (close[0])
				err_say("unknown event '%s'; did you mean %s?",
					spec, close);
			else
				err_say("unknown event '%s'; see 'sonde list'",
					spec);
			return EXIT_USAGE;
		}
		if (err == -EACCES || err == -EPERM) {
			err_say("no permission to count tracepoint '%s': "
				"tracepoints need root or CAP_PERFMON "
				"(tracefs is not readable)",
				spec);
			return EXIT_NOPERM;
		}
		if (err) {
			err_say("cannot read the events of '%s': %s", spec,
				strerror(-err));
			return err_exit_code(err);
		}
	}
	return 0;
}

static void describe_target(const struct stat_opts *o, const struct target *t,
			    char *buf, size_t size)
{
	size_t used;

	if (o->system_wide && !o->argv) {
		snprintf(buf, size, "'system wide'");
		return;
	}
	if (o->pids) {
		snprintf(buf, size, "process id '%s'", o->pids);
		return;
	}
	used = (size_t)snprintf(buf, size, "'");
	for (char **a = t->argv; *a && used < size; a++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 a == t->argv ? "" : " ", *a);
	if (used < size)
		snprintf(buf + used, size - used, "'");
}

/* Reads the counts; view.values become the change since the last call. */
static int sample(struct stat_run *r, bool interval)
{
	size_t n = r->view.events->nr;
	uint64_t now = target__now_ns();
	int err = counter_set__read(r->counters, r->now);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		r->delta[i] = r->now[i];
		r->delta[i].value -= r->prev[i].value;
		r->delta[i].enabled_ns -= r->prev[i].enabled_ns;
		r->delta[i].running_ns -= r->prev[i].running_ns;
	}
	memcpy(r->prev, r->now, n * sizeof(*r->now));
	r->view.values = interval ? r->delta : r->now;
	r->view.elapsed_s = (now - (interval ? r->last_ns : r->start_ns)) / 1e9;
	r->view.timestamp_s = interval ? (now - r->start_ns) / 1e9 : -1;
	r->last_ns = now;
	return 0;
}

static int print_interval(void *ctx)
{
	struct stat_run *r = ctx;
	int err = sample(r, true);

	if (err)
		return err;
	stat_render__interval(r->out, &r->view, r->first_interval);
	r->first_interval = false;
	return 0;
}

static int open_output(const struct stat_opts *o, FILE **out)
{
	/* Like perf stat: counts go to stderr, the command keeps stdout. */
	*out = stderr;
	if (!o->output)
		return 0;
	*out = fopen(o->output, "w");
	if (!*out) {
		err_say("cannot open '%s': %s", o->output, strerror(errno));
		return EXIT_FAIL;
	}
	return 0;
}

static int report_open_error(int err, const char *what)
{
	const char *detail = err_detail_get();

	if (detail)
		err_say("%s", detail);
	else
		err_say("cannot count %s: %s", what, strerror(-err));
	return err_exit_code(err);
}

int cmd_stat(int argc, char **argv)
{
	struct stat_opts o = { 0 };
	struct event_list events = { 0 };
	struct target t;
	struct stat_run r = { .first_interval = true };
	struct target_wait w = { 0 };
	char what[1024];
	int ret, end, err;

	target__init(&t);
	ret = parse_args(argc, argv, &o);
	if (ret)
		goto out;
	ret = add_events(&o, &events);
	if (ret)
		goto out;
	ret = open_output(&o, &r.out);
	if (ret)
		goto out;
	ret = target_args__open("stat",
				&(struct target_args){
					.pids = o.pids,
					.system_wide = o.system_wide,
					.argv = o.argv,
				},
				&t);
	if (ret)
		goto out;
	describe_target(&o, &t, what, sizeof(what));

	err = counter_set__open(&r.counters, &events, &t);
	if (err) {
		ret = report_open_error(err, what);
		goto out;
	}
	r.prev = calloc(events.nr + 1, sizeof(*r.prev));
	r.now = calloc(events.nr + 1, sizeof(*r.now));
	r.delta = calloc(events.nr + 1, sizeof(*r.delta));
	if (!r.prev || !r.now || !r.delta) {
		err_say("out of memory");
		ret = EXIT_FAIL;
		goto out;
	}
	r.view = (struct stat_view){
		.format = o.json ? STAT_JSON : o.sep ? STAT_CSV : STAT_TEXT,
		.sep = o.sep,
		.target = what,
		.events = &events,
	};
	r.start_ns = r.last_ns = target__now_ns();
	err = target__release(&t);
	if (err) {
		err_say("cannot run '%s': %s", o.argv[0], strerror(-err));
		ret = err == -ENOENT ? EXIT_NOTFOUND : 126;
		goto out;
	}

	w.duration_ns = o.duration_ns;
	w.interval_ns = o.interval_ns;
	w.on_interval = print_interval;
	w.ctx = &r;
	end = target__run(&t, &w);
	if (end < 0) {
		err_say("counting stopped: %s", strerror(-end));
		ret = EXIT_FAIL;
		goto out;
	}
	ret = t.child ? target__finish(&t) : EXIT_OK;
	err = sample(&r, false);
	if (err) {
		err_say("cannot read the counts: %s", strerror(-err));
		ret = EXIT_FAIL;
		goto out;
	}
	if (t.child) {
		r.view.have_rusage = true;
		r.view.user_s = t.child_rusage.ru_utime.tv_sec +
				t.child_rusage.ru_utime.tv_usec / 1e6;
		r.view.sys_s = t.child_rusage.ru_stime.tv_sec +
			       t.child_rusage.ru_stime.tv_usec / 1e6;
	}
	stat_render__totals(r.out, &r.view);
	if (t.nr_gone) {
		for (size_t i = 0; i < t.nr_pids; i++)
			if (t.pids[i] < 0)
				err_say("process %d exited during the count; "
					"counts cover its life until then",
					-t.pids[i]);
		ret = EXIT_FAIL;
	}
out:
	if (t.child && t.go_fd >= 0)
		target__finish(&t);
	counter_set__free(r.counters);
	target__release_all(&t);
	events__release(&events);
	strlist__release(&o.events);
	free(r.prev);
	free(r.now);
	free(r.delta);
	if (r.out && r.out != stderr)
		fclose(r.out);
	return ret;
}
