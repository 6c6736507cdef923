// SPDX-License-Identifier: GPL-2.0
/*
 * sonde trace: syscalls of a command, processes or the system, read by
 * BPF in the kernel, without ptrace: one line per call in strace's
 * notation, or (-s) strace -c's summary counted in BPF maps.
 */
#include "bpf/syscall_counter.h"
#include "bpf/syscall_tracer.h"
#include "cli/commands.h"
#include "cli/target_args.h"
#include "core/syscalls.h"
#include "core/target.h"
#include "render/hist.h"
#include "render/json.h"
#include "render/syscall_summary.h"
#include "syscall_count.h"
#include "trace/decode.h"
#include "trace/fds.h"
#include "trace/printer.h"
#include "util/err.h"
#include "util/strutil.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct trace_opts {
	bool summary;
	bool per_pid; /* --per-pid */
	bool json; /* --json: a JSON document per table, or per call */
	/* Call by call: */
	bool durations; /* -T */
	enum trace_time time; /* -t, -tt, -ttt */
	bool fd_paths; /* -y */
	bool follow_forks; /* -f, as given (children are always followed) */
	unsigned int string_limit; /* --string-limit */
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
 * strace's -e trace=SET (or -e SET): syscall names and %classes, the
 * whole set negated by a leading '!'.  Bad input: one line, -EINVAL.
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

		unsigned int class_bit;

		if (!strcmp(name, "all") || !strcmp(name, "none")) {
			/* strace's names for every syscall and for none. */
			for (size_t k = 0; name[0] == 'a' && k < nr_table; k++)
				if (table[k].nr >= 0 &&
				    table[k].nr < SYSCALL_COUNT_MAX)
					o->chosen[table[k].nr] = true;
		} else if (name[0] == '%') {
			if (decode__class_by_name(name, &class_bit)) {
				err_say("unknown syscall class '%s': give %%file, "
					"%%desc, %%network, %%process, "
					"%%memory, %%signal, %%ipc or %%creds",
					name);
				err = -EINVAL;
				continue;
			}
			for (size_t k = 0; k < nr_table; k++)
				if (table[k].nr >= 0 &&
				    table[k].nr < SYSCALL_COUNT_MAX &&
				    (decode__classes(table[k].nr) & class_bit))
					o->chosen[table[k].nr] = true;
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
	enum {
		OPT_DURATION = 256,
		OPT_HIST,
		OPT_STRING_LIMIT,
		OPT_PER_PID,
		OPT_JSON,
	};
	static const struct option longopts[] = {
		{"string-limit", required_argument, NULL, OPT_STRING_LIMIT},
		{"syscall-times", no_argument, NULL, 'T'},
		{"decode-fds", no_argument, NULL, 'y'},
		{"expr", required_argument, NULL, 'e'},
		{"failed-only", no_argument, NULL, 'Z'},
		{"summary-only", no_argument, NULL, 's'},
		{"summary", no_argument, NULL, 'c'},
		{"summary-sort-by", required_argument, NULL, 'S'},
		{"pid", required_argument, NULL, 'p'},
		{"all-cpus", no_argument, NULL, 'a'},
		{"follow-forks", no_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"duration", required_argument, NULL, OPT_DURATION},
		{"hist", no_argument, NULL, OPT_HIST},
		{"per-pid", no_argument, NULL, OPT_PER_PID},
		{"json", no_argument, NULL, OPT_JSON},
		{"interval-print", required_argument, NULL, 'I'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+e:ZscS:p:afo:I:hTty", longopts, NULL)) !=
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
		case 'c': /* strace's name for it */
			o->summary = true;
			break;
		case 'T':
			o->durations = true;
			break;
		case 't':
			if (o->time < TRACE_TIME_EPOCH)
				o->time++;
			break;
		case 'y':
			o->fd_paths = true;
			break;
		case OPT_STRING_LIMIT: {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);

			if (*end || end == optarg || n > TRACE_CAPTURE_MAX - 2)
				return commands__bad_usage(
					"trace",
					"bad --string-limit '%s': give 0 to %d",
					optarg, TRACE_CAPTURE_MAX - 2);
			o->string_limit = (unsigned int)n;
			break;
		}
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
			/* Children are always followed; -f only shapes -o. */
			o->follow_forks = true;
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
		case OPT_PER_PID:
			o->per_pid = true;
			break;
		case OPT_JSON:
			o->json = true;
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
	if (!o->summary && (o->interval_ns || o->hist || o->per_pid))
		return commands__bad_usage(
			"trace",
			"-I, --hist and --per-pid belong to the summary: add -s");
	if (o->json && o->hist)
		return commands__bad_usage(
			"trace", "--json and --hist do not go together yet: "
				 "the histograms are text only");
	if (o->interval_ns && o->per_pid)
		return commands__bad_usage(
			"trace", "-I and --per-pid do not go together: the "
				 "breakdown covers the whole run");
	return 0;
}

/* A run's state: what -I has printed so far, to print what came since. */
struct trace_run {
	struct syscall_counter *sc;
	FILE *out;
	const struct trace_opts *o;
	struct syscall_stats *printed; /* by table index */
	uint64_t start_ns;
	double interval_s; /* -I: the time of the table being printed */
};

/* --json: one document per table, with what heads it in text. */
static void json_table(struct trace_run *r, struct syscall_summary_row *rows,
		       size_t nr, pid_t pid, const char *comm)
{
	struct json j;

	json__init(&j, r->out, false);
	json__begin_object(&j);
	if (r->o->interval_ns)
		json__kv_double(&j, "time", r->interval_s);
	if (comm) {
		json__kv_int(&j, "pid", pid);
		json__kv_string(&j, "comm", comm);
	}
	syscall_summary__render_json(&j, rows, nr, r->o->sort);
	json__end_object(&j);
	json__end_line(&j);
}

/* --per-pid: a table per process, in pid order, as perf trace -s heads them. */
static int print_per_pid(struct trace_run *r)
{
	struct syscall_pid_row *rows;
	struct syscall_summary_row *table;
	size_t nr, start = 0;
	int err = syscall_counter__read_per_pid(r->sc, &rows, &nr);

	if (err)
		return err;
	table = calloc(nr ? nr : 1, sizeof(*table));
	if (!table) {
		free(rows);
		return -ENOMEM;
	}
	while (start < nr) {
		pid_t pid = rows[start].pid;
		uint64_t calls = 0;
		size_t n = 0;
		char comm[16];

		for (size_t i = start; i < nr && rows[i].pid == pid; i++) {
			const char *name = syscalls__name(rows[i].nr);

			table[n++] = (struct syscall_summary_row){
				name ? name : "?", rows[i].st.calls,
				rows[i].st.errors, rows[i].st.ns, rows[i].nr
			};
			calls += rows[i].st.calls;
		}
		if (syscall_counter__pid_comm(r->sc, pid, comm))
			strcpy(comm, "?");
		start += n;
		if (r->o->json) {
			json_table(r, table, n, pid, comm);
			continue;
		}
		fprintf(r->out, "%s %s (%d), %llu calls\n\n",
			start > n ? "\n" : "", comm, (int)pid,
			(unsigned long long)calls);
		syscall_summary__render(r->out, table, n, r->o->sort);
	}
	free(table);
	free(rows);
	return 0;
}

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
	if (!err && r->o->per_pid)
		err = print_per_pid(r);
	else if (!err && r->o->json)
		json_table(r, rows, nr, 0, NULL);
	else if (!err)
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

	r->interval_s = (target__now_ns() - r->start_ns) / 1e9;
	if (!r->o->json)
		fprintf(r->out, "\n%.3f s:\n", r->interval_s);
	return print_summary(r);
}

/* Loads and attaches the summary's counters. */
static int summary_load(struct trace_run *r, const struct target *t)
{
	const struct trace_opts *o = r->o;
	int err = syscall_counter__open(
		&r->sc, !t->system_wide,
		(o->hist ? SYSCALL_WANT_HIST : SYSCALL_WANT_TIMING) |
			(o->filtered ? SYSCALL_WANT_CHOSEN : 0) |
			(o->only_failed ? SYSCALL_WANT_FAILED : 0) |
			(o->per_pid ? SYSCALL_WANT_PER_PID : 0) |
			SYSCALL_WANT_NOT_SELF);

	for (int nr = 0; !err && o->filtered && nr < SYSCALL_COUNT_MAX; nr++)
		if (o->chosen[nr])
			err = syscall_counter__choose(r->sc, nr);
	if (!err)
		err = syscall_counter__track_target(r->sc, t);
	return err ? err : syscall_counter__attach(r->sc);
}

static int summary_run(struct trace_run *r, struct target *t)
{
	struct target_wait w = {
		.duration_ns = r->o->duration_ns,
		.interval_ns = r->o->interval_ns,
		.on_interval = print_interval,
		.ctx = r,
	};
	size_t nr_table;
	int end, err;

	syscalls__native(&nr_table);
	r->printed = calloc(nr_table, sizeof(*r->printed));
	if (!r->printed)
		return -ENOMEM;
	r->start_ns = target__now_ns();
	end = target__run(t, &w);
	if (end < 0)
		err_say("tracing stopped: %s", strerror(-end));
	/* With -I, the last stretch; otherwise the whole run. */
	err = r->o->interval_ns ? print_interval(r) : print_summary(r);
	if (err)
		err_say("cannot read the syscall counts: %s", strerror(-err));
	return err;
}

/* Call by call: the kernel side's events, printed as they come. */
struct calls_run {
	const struct trace_opts *o;
	struct syscall_tracer *st;
	struct trace_printer *printer;
	uint64_t lost; /* reported so far */
	char exec_path[PATH_MAX];
};

/* Calls that must be sent when they begin, whatever their decoder says. */
static bool sent_at_entry(const char *name)
{
	/* exit never returns; execve's old memory is gone when it does. */
	return !strcmp(name, "exit") || !strcmp(name, "exit_group") ||
	       !strcmp(name, "execve") || !strcmp(name, "execveat");
}

static int calls_load(struct calls_run *c, const struct target *t)
{
	const struct trace_opts *o = c->o;
	struct syscall_tracer_opts to = {
		.filter_tasks = !t->system_wide,
		.filter_syscalls = o->filtered,
		.only_failed = o->only_failed,
	};
	size_t nr_table;
	const struct syscall_entry *table = syscalls__native(&nr_table);
	int err = syscall_tracer__open(&c->st, &to);

	for (size_t i = 0; !err && i < nr_table; i++) {
		struct syscall_plan plan;
		int nr = table[i].nr;

		if (nr < 0 || nr >= SYSCALL_COUNT_MAX)
			continue;
		decode__plan(nr, o->string_limit, &plan);
		plan.print_at_entry |= sent_at_entry(table[i].name);
		err = syscall_tracer__set_plan(c->st, nr, &plan);
		/* -y learns descriptors from the calls that make them. */
		if (!err && o->filtered &&
		    (o->chosen[nr] ||
		     (o->fd_paths && fd_table__changes_fds(nr))))
			err = syscall_tracer__choose(c->st, nr);
	}
	if (!err)
		err = syscall_tracer__track_target(c->st, t);
	return err ? err : syscall_tracer__attach(c->st);
}

/* The file execvp runs for argv0, as strace shows it in execve. */
static void command_path(const char *argv0, char *out, size_t size)
{
	const char *path = getenv("PATH");
	struct strlist dirs = {0};

	snprintf(out, size, "%s", argv0);
	if (strchr(argv0, '/') || !path || strlist__split(&dirs, path, ':'))
		return;
	for (size_t i = 0; i < dirs.nr; i++) {
		char candidate[PATH_MAX];

		snprintf(candidate, sizeof(candidate), "%s/%s",
			 dirs.items[i][0] ? dirs.items[i] : ".", argv0);
		if (!access(candidate, X_OK)) {
			snprintf(out, size, "%s", candidate);
			break;
		}
	}
	strlist__release(&dirs);
}

static int on_event(void *ctx, const struct trace_event *e, size_t size)
{
	struct calls_run *c = ctx;

	return trace_printer__event(c->printer, e, size);
}

/* Prints what the ring holds, and a line when events were lost. */
static int drain(void *ctx)
{
	struct calls_run *c = ctx;
	int err = syscall_tracer__consume(c->st, on_event, c);
	uint64_t lost = syscall_tracer__lost(c->st);

	if (lost > c->lost) {
		trace_printer__lost(c->printer, lost - c->lost);
		c->lost = lost;
	}
	return err;
}

/* How often the ring is drained when the kernel side does not wake us. */
#define DRAIN_INTERVAL_NS 20000000ull

static int calls_run(struct calls_run *c, struct target *t, FILE *out)
{
	const struct trace_opts *o = c->o;
	extern char **environ;
	int fd = syscall_tracer__fd(c->st), end, err;
	struct trace_printer_opts po = {
		.out = out,
		.decode = { .string_limit = o->string_limit },
		.fd_paths = o->fd_paths,
		.shown = o->filtered ? o->chosen : NULL,
		.nr_shown = SYSCALL_COUNT_MAX,
		.only_failed = o->only_failed,
		.durations = o->durations,
		.json = o->json,
		.time = o->time,
		.prefix = t->system_wide			? TRACE_PREFIX_COMM
			  : o->output && o->follow_forks ? TRACE_PREFIX_PID
							 : TRACE_PREFIX_TASKS,
	};
	struct target_wait w = {
		.duration_ns = o->duration_ns,
		.interval_ns = DRAIN_INTERVAL_NS,
		.on_interval = drain,
		.fds = &fd,
		.nr_fds = 1,
		.on_ready = drain,
		.ctx = c,
	};

	if (t->child) {
		command_path(o->argv[0], c->exec_path, sizeof(c->exec_path));
		po.exec_path = c->exec_path;
		po.exec_argv = o->argv;
		po.exec_envp = environ;
	}
	err = trace_printer__new(&c->printer, &po);
	if (err)
		return err;
	if (t->child)
		trace_printer__add_task(c->printer, t->child);
	for (size_t p = 0; p < t->nr_pids; p++) {
		pid_t *tids;
		size_t n;

		if (target__threads(t->pids[p], &tids, &n))
			continue;
		for (size_t i = 0; i < n; i++)
			trace_printer__add_task(c->printer, tids[i]);
		free(tids);
	}
	end = target__run(t, &w);
	if (end < 0)
		err_say("tracing stopped: %s", strerror(-end));
	/* What the kernel sent before the end. */
	err = drain(c);
	if (!err)
		err = trace_printer__finish(c->printer);
	if (c->lost)
		err_say("%llu events lost: the reader fell behind",
			(unsigned long long)c->lost);
	if (err)
		err_say("cannot print the trace: %s", strerror(-err));
	return err;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_opts o = { .sort = SUMMARY_SORT_TIME, .string_limit = 32 };
	struct trace_run r = { .o = &o };
	struct calls_run c = { .o = &o };
	struct target t;
	FILE *out = stderr; /* as strace prints it */
	int ret, err;

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
	err = o.summary ? summary_load(&r, &t) : calls_load(&c, &t);
	if (err == -EPERM || err == -EACCES) {
		err_say("tracing syscalls needs root (or CAP_BPF and "
			"CAP_PERFMON): %s",
			strerror(-err));
		ret = EXIT_NOPERM;
		goto out;
	}
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
	r.out = out;
	/* strace's words, which scripts wait for before they go on. */
	for (size_t p = 0; p < t.nr_pids; p++)
		fprintf(stderr, "sonde: Process %d attached\n", (int)t.pids[p]);
	err = target__release(&t);
	if (err) {
		err_say("cannot run '%s': %s", o.argv[0], strerror(-err));
		ret = err == -ENOENT ? EXIT_NOTFOUND : 126;
		goto out;
	}
	err = o.summary ? summary_run(&r, &t) : calls_run(&c, &t, out);
	ret = t.child ? target__finish(&t) : EXIT_OK;
	if (err)
		ret = EXIT_FAIL;
out:
	if (t.child && t.go_fd >= 0)
		target__finish(&t);
	syscall_counter__free(r.sc);
	free(r.printed);
	trace_printer__free(c.printer);
	syscall_tracer__free(c.st);
	target__release_all(&t);
	if (out != stderr)
		fclose(out);
	return ret;
}
