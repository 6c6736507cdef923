// SPDX-License-Identifier: GPL-2.0
/* sonde record: sample a command, processes or the system into perf.data. */
#include "cli/commands.h"
#include "cli/target_args.h"
#include "core/events.h"
#include "core/sampling.h"
#include "core/target.h"
#include "jvm/attach.h"
#include "jvm/launch.h"
#include "perfdata/format.h"
#include "perfdata/synthesize.h"
#include "perfdata/writer.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/strutil.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_FREQ 99
#define DEFAULT_RING_PAGES 128 /* 512 KiB per CPU */
#define PROGRESS_NS 250000000ULL
#define JIT_MAP_MAX (64 << 20)

struct record_opts {
	const char *event;
	unsigned long long freq;
	unsigned long long period;
	enum unwind_mode unwind;
	const char *pids;
	const char *tids;
	bool system_wide;
	unsigned long long duration_ns;
	const char *output;
	unsigned long long ring_pages;
	char **argv;
};

/* A JVM's JIT map taken as the recording starts. */
struct early_jit_map {
	pid_t pid;
	char *text;
	size_t size;
};

#define MAX_EARLY_JIT_MAPS 64

struct record_run {
	struct sampler *sampler;
	struct perf_data_writer *writer;
	/* Code the JVMs free during the recording keeps these names. */
	struct early_jit_map early[MAX_EARLY_JIT_MAPS];
	size_t nr_early;
	struct ring_stats stats;
	uint64_t start_ns;
	bool progress; /* stderr is a terminal */
	int write_err;
};

static int parse_args(int argc, char **argv, struct record_opts *o)
{
	enum { OPT_DURATION = 256, OPT_CALL_GRAPH };
	static const struct option longopts[] = {
		{ "event", required_argument, NULL, 'e' },
		{ "freq", required_argument, NULL, 'F' },
		{ "count", required_argument, NULL, 'c' },
		{ "call-graph", required_argument, NULL, OPT_CALL_GRAPH },
		{ "pid", required_argument, NULL, 'p' },
		{ "tid", required_argument, NULL, 't' },
		{ "all-cpus", no_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "mmap-pages", required_argument, NULL, 'm' },
		{ "duration", required_argument, NULL, OPT_DURATION },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+e:F:c:gp:t:ao:m:h", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'e':
			o->event = optarg;
			break;
		case 'F':
			if (str_to_u64(optarg, &o->freq) || !o->freq ||
			    o->freq > 100000)
				return commands__bad_usage(
					"record", "bad frequency '%s'", optarg);
			break;
		case 'c':
			if (str_to_u64(optarg, &o->period) || !o->period)
				return commands__bad_usage(
					"record", "bad period '%s'", optarg);
			break;
		case 'g':
			o->unwind = UNWIND_FP;
			break;
		case OPT_CALL_GRAPH:
			if (unwind__parse_mode(optarg, &o->unwind))
				return commands__bad_usage(
					"record",
					"unknown call graph mode '%s' "
					"(this build has: fp)",
					optarg);
			break;
		case 'p':
			o->pids = optarg;
			break;
		case 't':
			o->tids = optarg;
			break;
		case 'a':
			o->system_wide = true;
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'm':
			if (str_to_u64(optarg, &o->ring_pages) ||
			    !o->ring_pages ||
			    (o->ring_pages & (o->ring_pages - 1)) ||
			    o->ring_pages > 65536)
				return commands__bad_usage(
					"record",
					"bad ring size '%s': a power of two "
					"of pages",
					optarg);
			break;
		case OPT_DURATION:
			if (commands__parse_duration("record", optarg,
						     &o->duration_ns))
				return EXIT_USAGE;
			break;
		case 'h':
			commands__usage("record", stdout);
			exit(EXIT_OK);
		default:
			return commands__bad_usage("record",
						   "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		o->argv = argv + optind;
	/* -a with a command records the whole system while it runs. */
	if (!!o->pids + !!o->tids + (o->system_wide || o->argv) != 1)
		return commands__bad_usage(
			"record",
			o->pids || o->tids || o->system_wide || o->argv ?
				"give only one of -p PID, -t TID, or -a "
				"and/or a command" :
				"nothing to record: give -p PID, -t TID, -a "
				"or a command");
	if (o->freq && o->period)
		return commands__bad_usage("record",
					   "-F and -c do not go together");
	return 0;
}

static int write_records(const void *data, size_t size, void *ctx)
{
	return perf_data_writer__write(ctx, data, size);
}

/* Ring data straight to the file, then a round marker for perf's sorter. */
static int drain(struct record_run *r)
{
	static const struct perf_event_header round = {
		.type = PERF_RECORD_FINISHED_ROUND,
		.size = sizeof(round),
	};
	uint64_t before = r->stats.bytes;
	int err = sampler__drain(r->sampler, write_records, r->writer,
				 &r->stats);

	if (!err && r->stats.bytes != before)
		err = perf_data_writer__write(r->writer, &round, sizeof(round));
	if (err)
		r->write_err = err;
	return err;
}

static void show_progress(struct record_run *r, bool last)
{
	double secs = (target__now_ns() - r->start_ns) / 1e9;

	if (!r->progress)
		return;
	fprintf(stderr,
		"\r[ sonde record: %.1f s, %llu samples, %llu lost, %.1f MB ]%s",
		secs, (unsigned long long)r->stats.samples,
		(unsigned long long)r->stats.lost,
		perf_data_writer__data_size(r->writer) / 1e6,
		last ? "\n" : "\033[K");
}

static int on_ready(void *ctx)
{
	return drain(ctx);
}

static int on_tick(void *ctx)
{
	struct record_run *r = ctx;
	int err = drain(r);

	show_progress(r, false);
	return err;
}

/*
 * A running HotSpot JVM is asked for its JIT map (Compiler.perfmap
 * through the attach socket, or sonde's JVMTI agent on JDK 8 and 11, or
 * with SONDE_JAVA_AGENT=1), so Java frames get names without jcmd or a
 * restart.  Without -XX:+PreserveFramePointer its compiled frames do not
 * chain, which the user should hear about.
 */
static char *jvm_jit_map(pid_t pid, bool quiet, size_t *size)
{
	const char *agent = getenv("SONDE_JAVA_AGENT");
	char *text, why[256];
	int err;

	if (!jvm__is_hotspot(pid))
		return NULL;
	err = jvm__perf_map(pid, agent && !strcmp(agent, "1"), &text, size,
			    why, sizeof(why));
	if (err && quiet)
		return NULL;
	if (err == -EPROTO) {
		err_warn("JVM %d refused sonde's JVMTI agent (%s); Java "
			 "frames stay unnamed",
			 pid, why);
		return NULL;
	}
	if (err) {
		err_warn("cannot read the JIT map of JVM %d: %s; Java frames "
			 "stay unnamed",
			 pid, jvm__strerror(err));
		return NULL;
	}
	if (!quiet && jvm__preserves_frame_pointers(pid) == 0)
		err_warn("JVM %d runs without -XX:+PreserveFramePointer: its "
			 "Java stacks are cut short",
			 pid);
	return text;
}

/*
 * The map taken at the start goes first: the symbolizer lets later lines
 * win, so code the JVM freed and reused is named as it is at the end,
 * and code freed and not reused keeps its earlier name.
 */
static void add_with_early_map(struct record_run *r, pid_t pid,
			       const char *text, size_t size)
{
	struct early_jit_map *e = NULL;
	char *both;

	for (size_t i = 0; i < r->nr_early && !e; i++)
		if (r->early[i].pid == pid)
			e = &r->early[i];
	both = e ? malloc(e->size + size) : NULL;
	if (!both) {
		perf_data_writer__add_jit_map(r->writer, pid, text, size);
		return;
	}
	memcpy(both, e->text, e->size);
	memcpy(both + e->size, text, size);
	perf_data_writer__add_jit_map(r->writer, pid, both, e->size + size);
	free(both);
}

/* Folds a process's JIT symbol map into the recording, if it has one. */
static void add_jit_map(struct record_run *r, pid_t pid)
{
	char path[64];
	struct stat st;
	size_t size = 0;
	char *text = jvm_jit_map(pid, false, &size);
	int n;

	if (!text) {
		snprintf(path, sizeof(path), "/tmp/perf-%d.map", pid);
		if (stat(path, &st) || st.st_size <= 0 ||
		    st.st_size > JIT_MAP_MAX)
			return;
		text = malloc((size_t)st.st_size + 1);
		if (!text)
			return;
		n = file__read_text(path, text, (size_t)st.st_size + 1);
		size = n > 0 ? (size_t)n : 0;
		/* HotSpot's own map (-XX:+DumpPerfMapAtExit), names long. */
		if (size && !strncmp(text, "0x", 2)) {
			free(text);
			if (jvm__read_perf_map(path, &text, &size))
				return;
		}
	}
	if (size)
		add_with_early_map(r, pid, text, size);
	free(text);
}

/* A running JVM's map as the recording starts, kept for the end. */
static void take_early_map(struct record_run *r, pid_t pid)
{
	struct early_jit_map *e = &r->early[r->nr_early];

	if (r->nr_early == MAX_EARLY_JIT_MAPS || !jvm__is_hotspot(pid))
		return;
	e->text = jvm_jit_map(pid, true, &e->size);
	if (e->text) {
		e->pid = pid;
		r->nr_early++;
	}
}

static void release_early_maps(struct record_run *r)
{
	for (size_t i = 0; i < r->nr_early; i++)
		free(r->early[i].text);
	r->nr_early = 0;
}

/*
 * With -a: every map file in /tmp (its process may be gone), then every
 * running JVM that has none.
 */
static void add_system_jit_maps(struct record_run *r)
{
	struct dirent *d;
	struct stat st;
	char path[64];
	DIR *dir;
	int pid, len;

	dir = opendir("/tmp");
	while (dir && (d = readdir(dir))) {
		len = 0;
		if (sscanf(d->d_name, "perf-%d.map%n", &pid, &len) == 1 &&
		    !d->d_name[len])
			add_jit_map(r, pid);
	}
	if (dir)
		closedir(dir);
	dir = opendir("/proc");
	while (dir && (d = readdir(dir))) {
		len = 0;
		if (sscanf(d->d_name, "%d%n", &pid, &len) != 1 ||
		    d->d_name[len])
			continue;
		snprintf(path, sizeof(path), "/tmp/perf-%d.map", pid);
		if (stat(path, &st) && jvm__is_hotspot(pid))
			add_jit_map(r, pid);
	}
	if (dir)
		closedir(dir);
}

static void add_jit_maps(struct record_run *r, const struct target *t)
{
	if (t->child)
		add_jit_map(r, t->child);
	for (size_t i = 0; i < t->nr_pids; i++)
		add_jit_map(r, t->pids[i] < 0 ? -t->pids[i] : t->pids[i]);
	if (t->system_wide)
		add_system_jit_maps(r);
	release_early_maps(r);
}

/* The JVMs among -p's processes, as the recording starts. */
static void take_early_jit_maps(struct record_run *r, const struct target *t)
{
	for (size_t i = 0; i < t->nr_pids; i++)
		if (t->pids[i] > 0)
			take_early_map(r, t->pids[i]);
}

/* The process a thread belongs to, for -t. */
static pid_t tgid_of(pid_t tid)
{
	char path[64], buf[4096], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", tid);
	if (file__read_text(path, buf, sizeof(buf)) < 0)
		return tid;
	p = strstr(buf, "\nTgid:");
	return p ? (pid_t)atoi(p + 6) : tid;
}

static int synthesize_state(const struct record_run *r, const struct target *t)
{
	size_t nr;
	const uint64_t *ids = sampler__ids(r->sampler, &nr);
	struct synth sy = {
		.attr = sampler__attr(r->sampler),
		.id = ids[0],
		.sink = write_records,
		.ctx = r->writer,
	};
	int err = synthesize__kernel(&sy);

	if (err == -ENOENT)
		err = 0; /* kernel addresses hidden: user space still named */
	if (!err && t->system_wide)
		err = synthesize__all(&sy);
	for (size_t i = 0; !err && i < t->nr_pids; i++)
		err = synthesize__process(
			&sy, t->threads_only ? tgid_of(t->pids[i]) : t->pids[i]);
	return err;
}

/* Keeps the previous recording as FILE.old, as perf does. */
static void keep_old(const char *path)
{
	char old[PATH_MAX];
	struct stat st;

	if (stat(path, &st) || !S_ISREG(st.st_mode) || !st.st_size)
		return;
	snprintf(old, sizeof(old), "%s.old", path);
	rename(path, old);
}

static int open_target(const struct record_opts *o, struct target *t)
{
	const struct target_args a = {
		.pids = o->pids ? o->pids : o->tids,
		.threads = o->tids != NULL,
		.system_wide = o->system_wide,
		.argv = o->argv,
	};
	int err;

	/* Before the fork: the command inherits the environment. */
	if (o->argv) {
		err = jvm__prepare_launch(o->unwind == UNWIND_FP);
		if (err)
			err_warn("cannot ask the command's JVMs for their JIT "
				 "maps: %s",
				 strerror(-err));
	}
	return target_args__open("record", &a, t);
}

static int resolve_event(const struct record_opts *o, struct event_list *ev)
{
	const char *name = o->event ? o->event : "cpu-clock";
	char close[512];
	int err = events__add(ev, name);

	if (!err && ev->nr != 1) {
		err_say("'%s' names %zu events; record samples one", name,
			ev->nr);
		return EXIT_USAGE;
	}
	if (!err)
		err = events__resolve_ids(ev);
	if (err == -ENOENT) {
		events__suggest(name, close, sizeof(close));
		if (close[0])
			err_say("unknown event '%s'; did you mean %s?", name,
				close);
		else
			err_say("unknown event '%s'; see 'sonde list'", name);
		return EXIT_USAGE;
	}
	if (err) {
		err_say("cannot use event '%s': %s", name, strerror(-err));
		return err_exit_code(err);
	}
	return 0;
}

int cmd_record(int argc, char **argv)
{
	struct record_opts o = { .unwind = UNWIND_NONE };
	struct event_list events = { 0 };
	struct record_run r = { .progress = isatty(STDERR_FILENO) };
	struct target t;
	struct target_wait w = { 0 };
	struct sampling_opts so;
	const char *path;
	size_t nr_ids, nr_fds;
	const uint64_t *ids;
	int ret, err, end;

	target__init(&t);
	ret = parse_args(argc, argv, &o);
	if (!ret)
		ret = resolve_event(&o, &events);
	if (!ret)
		ret = open_target(&o, &t);
	if (ret)
		goto out;
	path = o.output ? o.output : "perf.data";

	so = (struct sampling_opts){
		.event = &events.items[0],
		/* Tracepoints sample every hit unless told otherwise. */
		.freq = o.freq ? o.freq :
				 (o.period ||
						  events.items[0].kind ==
							  EVENT_TRACEPOINT ?
					  0 :
					  DEFAULT_FREQ),
		.period = o.period,
		.unwind = o.unwind,
		.inherit = !o.tids,
		.ring_pages = o.ring_pages ? o.ring_pages : DEFAULT_RING_PAGES,
	};
	err = sampler__open(&r.sampler, &so, &t);
	if (err) {
		const char *detail = err_detail_get();

		err_say("%s", detail ? detail : strerror(-err));
		ret = err_exit_code(err);
		goto out;
	}
	keep_old(path);
	err = perf_data_writer__create(&r.writer, path);
	if (err) {
		err_say("cannot create '%s': %s", path, strerror(-err));
		ret = EXIT_FAIL;
		goto out;
	}
	ids = sampler__ids(r.sampler, &nr_ids);
	err = perf_data_writer__add_event(r.writer, sampler__attr(r.sampler),
					  ids, nr_ids, events.items[0].name);
	if (!err)
		err = perf_data_writer__set_cmdline(r.writer, argc + 1,
						    argv - 1);
	if (err) {
		err_say("cannot write '%s': %s", path, strerror(-err));
		ret = EXIT_FAIL;
		goto out;
	}
	r.start_ns = target__now_ns();
	err = target__release(&t);
	if (err) {
		err_say("cannot run '%s': %s", o.argv[0], strerror(-err));
		ret = err == -ENOENT ? EXIT_NOTFOUND : 126;
		goto out;
	}
	/* Sampling runs already; what existed before is described now. */
	err = synthesize_state(&r, &t);
	if (err)
		err_warn("cannot describe the running processes: %s; some "
			 "samples may stay unnamed",
			 strerror(-err));
	if (!t.threads_only)
		take_early_jit_maps(&r, &t);

	w.duration_ns = o.duration_ns;
	w.interval_ns = PROGRESS_NS;
	w.on_interval = on_tick;
	w.fds = sampler__ring_fds(r.sampler, &nr_fds);
	w.nr_fds = nr_fds;
	w.on_ready = on_ready;
	w.ctx = &r;
	end = target__run(&t, &w);
	sampler__disable(r.sampler);
	drain(&r);
	ret = t.child ? target__finish(&t) : EXIT_OK;
	if (end < 0 && !r.write_err)
		err_say("recording stopped: %s", strerror(-end));
	add_jit_maps(&r, &t);
	err = perf_data_writer__finish(r.writer);
	show_progress(&r, true);
	if (r.write_err || err) {
		err_say("cannot write '%s': %s", path,
			strerror(-(r.write_err ? r.write_err : err)));
		ret = EXIT_FAIL;
		goto out;
	}
	fprintf(stderr,
		"[ sonde record: %llu samples written to '%s' (%.3f MB) ]\n",
		(unsigned long long)r.stats.samples, path,
		perf_data_writer__data_size(r.writer) / 1e6);
	if (r.stats.lost)
		err_warn("lost %llu samples: the rings filled faster than "
			 "sonde wrote them (try -m with more pages, or a "
			 "lower -F)",
			 (unsigned long long)r.stats.lost);
	for (size_t i = 0; i < t.nr_pids; i++)
		if (t.pids[i] < 0)
			fprintf(stderr, "sonde: process %d exited during the "
					"recording\n",
				-t.pids[i]);
	if (end < 0)
		ret = EXIT_FAIL;
out:
	if (t.child && t.go_fd >= 0)
		target__finish(&t);
	release_early_maps(&r);
	sampler__free(r.sampler);
	perf_data_writer__free(r.writer);
	target__release_all(&t);
	events__release(&events);
	return ret;
}
