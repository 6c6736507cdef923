// SPDX-License-Identifier: GPL-2.0
/*
 * sonde trace: syscalls of a command, processes or the system, counted
 * and timed by BPF in the kernel, without ptrace.  -s prints strace -c's
 * summary.
 */
#include "bpf/syscall_counter.h"
#include "cli/commands.h"
#include "cli/target_args.h"
#include "core/syscalls.h"
#include "core/target.h"
#include "render/hist.h"
#include "render/syscall_summary.h"
#include "syscall_count.h"
#include "util/err.h"
#include "util/strutil.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trace_opts {
	bool summary;
	bool hist;
	bool only_failed;
	unsigned long long interval_ns;
	/* -e trace=: the syscalls to trace, when filtered. */
	bool filtered;
	bool chosen[SYSCALL_COUNT_MAX];
	enum syscall_summary_sort sort;
	const char *pids;
	bool system_wide;
	unsigned long long duration_ns;
	const char *output;
	char **argv;
};

/*
 * strace's -e trace=SET (or -e SET): syscall names, the whole set
 * negated by a leading '!'.  Bad input: one line, -EINVAL.
 */
static int parse_filter(const char *expr, struct trace_opts *o)
{
	struct strlist names = {0};
	size_t nr_table;
	const struct syscall_entry *table = syscalls__native(&nr_table);
	const char *set = expr, *eq = strchr(expr, '=');
	bool negate;
	int err = 0;

	if (eq) {
		if (strncmp(expr, "trace=", 6)) {
			err_say("unknown qualifier in '-e %s': only trace= is "
				"supported",
				expr);
			return -EINVAL;
		}
		set = eq + 1;
	}
	negate = set[0] == '!';
	if (strlist__split(&names, set + negate, ',') || !names.nr) {
		strlist__release(&names);
		err_say("no syscalls in '-e %s'", expr);
		return -EINVAL;
	}
	memset(o->chosen, 0, sizeof(o->chosen));
	for (size_t i = 0; !err && i < names.nr; i++) {
		const char *name = names.items[i];
		int nr = syscalls__number(name);

		if (name[0] == '%') {
			err_say("syscall class '%s' is not supported yet: give "
				"syscall names",
				name);
			err = -EINVAL;
		} else if (nr < 0 || nr >= SYSCALL_COUNT_MAX) {
			err_say("unknown syscall '%s'; see 'sonde list "
				"syscalls:*'",
				name);
			err = -EINVAL;
		} else {
			o->chosen[nr] = true;
		}
	}
	strlist__release(&names);
	if (negate)
		for (size_t i = 0; i < nr_table; i++)
			if (table[i].nr >= 0 && table[i].nr < SYSCALL_COUNT_MAX)
				o->chosen[table[i].nr] ^= true;
	o->filtered = true;
	return err;
}

static int parse_args(int argc, char **argv, struct trace_opts *o)
{
	enum { OPT_DURATION = 256, OPT_HIST };
	static const struct option longopts[] = {
		{"expr", required_argument, NULL, 'e'},
		{"failed-only", no_argument, NULL, 'Z'},
		{"summary-only", no_argument, NULL, 's'},
		{"summary-sort-by", required_argument, NULL, 'S'},
		{"pid", required_argument, NULL, 'p'},
		{"all-cpus", no_argument, NULL, 'a'},
		{"follow-forks", no_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"duration", required_argument, NULL, OPT_DURATION},
		{"hist", no_argument, NULL, OPT_HIST},
		{"interval-print", required_argument, NULL, 'I'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+e:ZsS:p:afo:I:h", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'e':
			if (parse_filter(optarg, o))
				return EXIT_USAGE;
			break;
		case 'Z':
			o->only_failed = true;
			break;
		case 'I':
			if (commands__parse_interval("trace", optarg,
						     &o->interval_ns))
				return EXIT_USAGE;
			break;
		case 's':
			o->summary = true;
			break;
		case 'S':
			if (syscall_summary__parse_sort(optarg, &o->sort))
				return commands__bad_usage(
					"trace",
					"bad sort key '%s': give time, calls, "
					"errors or name",
					optarg);
			break;
		case 'p':
			o->pids = optarg;
			break;
		case 'a':
			o->system_wide = true;
			break;
		case 'f':
			/* Children are always followed. */
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_DURATION:
			if (commands__parse_duration("trace", optarg,
						     &o->duration_ns))
				return EXIT_USAGE;
			break;
		case OPT_HIST:
			o->hist = true;
			break;
		case 'h':
			commands__usage("trace", stdout);
			exit(EXIT_OK);
		default:
			return commands__bad_usage("trace",
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->argv = argv + optind;
	if (!!o->pids + !!o->system_wide + !!o->argv != 1)
		return commands__bad_usage(
			"trace",
			o->pids || o->system_wide || o->argv
				? "give only one of -p PID, -a or a "
				  "command"
				: "nothing to trace: give -p PID, -a or "
				  "a command");
	if (o->interval_ns && o->hist)
		return commands__bad_usage(
			"trace", "-I and --hist do not go together: "
				 "histograms cover the whole run");
	if (!o->summary)
		return commands__bad_usage(
			"trace", "only the summary (-s) is built so far; "
				 "call-by-call decoding is coming");
	return 0;
}

/* A run's state: what -I has printed so far, to print what came since. */
struct trace_run {
	struct syscall_counter *sc;
	FILE *out;
	const struct trace_opts *o;
	struct syscall_stats *printed; /* by table index */
	uint64_t start_ns;
};

/*
 * The syscalls called since the last print (all of them at the end
 * without -I), from the kernel's maps; with hist, the latency histogram
 * of each after the table, in the table's order.
 */
static int print_summary(struct trace_run *r)
{
	size_t nr_table, nr = 0;
	const struct syscall_entry *table = syscalls__native(&nr_table);
	struct syscall_summary_row *rows = calloc(nr_table, sizeof(*rows));
	uint64_t slots[SYSCALL_HIST_SLOTS];
	int err = rows ? 0 : -ENOMEM;

	for (size_t i = 0; !err && i < nr_table; i++) {
		struct syscall_stats st, *was = &r->printed[i];

		err = syscall_counter__read_stats(r->sc, table[i].nr, &st);
		if (err || st.calls == was->calls)
			continue;
		rows[nr++] = (struct syscall_summary_row){
			table[i].name, st.calls - was->calls,
			st.errors - was->errors, st.ns - was->ns, table[i].nr
		};
		*was = st;
	}
	if (!err)
		syscall_summary__render(r->out, rows, nr, r->o->sort);
	for (size_t i = 0; !err && r->o->hist && i < nr; i++) {
		if (i == 0)
			fprintf(r->out, "\nlatency in ns:\n");
		err = syscall_counter__read_hist(r->sc, rows[i].nr, slots,
						 SYSCALL_HIST_SLOTS);
		if (!err)
			hist_render__log2(r->out, rows[i].name, slots,
					  SYSCALL_HIST_SLOTS);
	}
	fflush(r->out);
	free(rows);
	return err;
}

/* -I: the table of the last interval, under the time since the start. */
static int print_interval(void *ctx)
{
	struct trace_run *r = ctx;

	fprintf(r->out, "\n%.3f s:\n",
		(target__now_ns() - r->start_ns) / 1e9);
	return print_summary(r);
}

int cmd_trace(int argc, char **argv)
{
	struct trace_opts o = {.sort = SUMMARY_SORT_TIME};
	struct trace_run r = {.o = &o};
	size_t nr_table;
	struct syscall_counter *sc = NULL;
	struct target_wait w = {0};
	struct target t;
	FILE *out = stderr; /* as strace prints it */
	int ret, err, end;

	target__init(&t);
	ret = parse_args(argc, argv, &o);
	if (!ret)
		ret = target_args__open(
			"trace",
			&(struct target_args){ .pids = o.pids,
					       .system_wide = o.system_wide,
					       .argv = o.argv },
			&t);
	if (ret)
		goto out;
	err = syscall_counter__open(
		&sc, !t.system_wide,
		(o.hist ? SYSCALL_WANT_HIST : SYSCALL_WANT_TIMING) |
			(o.filtered ? SYSCALL_WANT_CHOSEN : 0) |
			(o.only_failed ? SYSCALL_WANT_FAILED : 0));
	if (err == -EPERM || err == -EACCES) {
		err_say("tracing syscalls needs root (or CAP_BPF and "
			"CAP_PERFMON): %s",
			strerror(-err));
		ret = EXIT_NOPERM;
		goto out;
	}
	for (int nr = 0; !err && o.filtered && nr < SYSCALL_COUNT_MAX; nr++)
		if (o.chosen[nr])
			err = syscall_counter__choose(sc, nr);
	if (!err)
		err = syscall_counter__track_target(sc, &t);
	if (!err)
		err = syscall_counter__attach(sc);
	if (err) {
		err_say("cannot load the syscall tracer: %s", strerror(-err));
		ret = EXIT_FAIL;
		goto out;
	}
	if (o.output && !(out = fopen(o.output, "w"))) {
		err_say("cannot open '%s': %s", o.output, strerror(errno));
		out = stderr;
		ret = EXIT_FAIL;
		goto out;
	}
	err = target__release(&t);
	if (err) {
		err_say("cannot run '%s': %s", o.argv[0], strerror(-err));
		ret = err == -ENOENT ? EXIT_NOTFOUND : 126;
		goto out;
	}
	syscalls__native(&nr_table);
	r = (struct trace_run){
		.sc = sc,
		.out = out,
		.o = &o,
		.printed = calloc(nr_table, sizeof(*r.printed)),
		.start_ns = target__now_ns(),
	};
	if (!r.printed) {
		err_say("out of memory");
		ret = EXIT_FAIL;
		goto out;
	}
	w.duration_ns = o.duration_ns;
	w.interval_ns = o.interval_ns;
	w.on_interval = print_interval;
	w.ctx = &r;
	end = target__run(&t, &w);
	ret = t.child ? target__finish(&t) : EXIT_OK;
	if (end < 0)
		err_say("tracing stopped: %s", strerror(-end));
	/* With -I, the last stretch; otherwise the whole run. */
	err = o.interval_ns ? print_interval(&r) : print_summary(&r);
	if (err) {
		err_say("cannot read the syscall counts: %s", strerror(-err));
		ret = EXIT_FAIL;
	}
out:
	if (t.child && t.go_fd >= 0)
		target__finish(&t);
	syscall_counter__free(sc);
	free(r.printed);
	target__release_all(&t);
	if (out != stderr)
		fclose(out);
	return ret;
}
