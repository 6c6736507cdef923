// SPDX-License-Identifier: GPL-2.0
/*
 * strace prints a call's entry when it happens and its exit when it
 * returns; while one task's call is open, another task's event closes
 * it with " <unfinished ...>", and its return later prints as
 * "<... name resumed>".  The kernel side sends most calls once, at
 * return, so here a call's line is only split when its entry was sent
 * on its own (calls that may block) and something else came between.
 */
#include "trace/printer.h"

#include "core/syscalls.h"
#include "render/json.h"
#include "trace/fds.h"
#include "util/hashmap.h"
#include "util/strbuf.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* strace's column for " = ". */
#define RETURN_COLUMN 40
#define LINE_MAX_BYTES (1u << 20)

/* An entry sent on its own, waiting for its return. */
struct pending {
	struct trace_event *entry; /* a copy, with its captures */
	size_t size;
	bool shown; /* its first part is printed */
};

struct trace_printer {
	struct trace_printer_opts o;
	struct u64map pending; /* tid -> struct pending *, 0 when none */
	struct u64map live;    /* tid -> 1 while the task runs */
	size_t nr_live;
	pid_t open_tid; /* whose line is printed up to its entry; 0: none */
	size_t open_col;
	struct strbuf line;
	int64_t wall_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	int execve_nr;
	int task_creating_nrs[4]; /* clone, clone3, fork, vfork: -1 if none */
	/* The held command's execve, built once as captures. */
	struct strbuf exec_data;
	struct fd_table *fds; /* -y */
};

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int trace_printer__new(struct trace_printer **out,
		       const struct trace_printer_opts *o)
{
	struct trace_printer *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->o = *o;
	if (o->fd_paths) {
		if (fd_table__new(&p->fds)) {
			free(p);
			return -ENOMEM;
		}
		p->o.decode.fd_path = fd_table__path;
		p->o.decode.fd_path_ctx = p->fds;
	}
	strbuf__init(&p->line, LINE_MAX_BYTES);
	strbuf__init(&p->exec_data, LINE_MAX_BYTES);
	p->wall_offset_ns =
		clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
	p->execve_nr = syscalls__number("execve");
	p->task_creating_nrs[0] = syscalls__number("clone");
	p->task_creating_nrs[1] = syscalls__number("clone3");
	p->task_creating_nrs[2] = syscalls__number("fork");
	p->task_creating_nrs[3] = syscalls__number("vfork");
	*out = p;
	return 0;
}

static void set_live(struct trace_printer *p, pid_t tid, bool alive)
{
	bool inserted;
	uint64_t *slot =
		alive ? u64map__slot(&p->live, (uint64_t)tid, &inserted)
		      : u64map__find(&p->live, (uint64_t)tid);

	if (!slot || *slot == alive)
		return;
	*slot = alive;
	if (alive)
		p->nr_live++;
	else
		p->nr_live--;
}

int trace_printer__add_task(struct trace_printer *p, pid_t tid)
{
	set_live(p, tid, true);
	return 0;
}

static void add_time(struct trace_printer *p, uint64_t mono_ns)
{
	int64_t wall = (int64_t)mono_ns + p->wall_offset_ns;
	time_t sec = (time_t)(wall / 1000000000);
	long usec = (long)(wall % 1000000000 / 1000);
	struct tm tm;
	char hms[16];

	if (p->o.time == TRACE_TIME_NONE)
		return;
	if (p->o.time == TRACE_TIME_EPOCH) {
		strbuf__addf(&p->line, "%lld.%06ld ", (long long)sec, usec);
		return;
	}
	localtime_r(&sec, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	if (p->o.time == TRACE_TIME_MICROS)
		strbuf__addf(&p->line, "%s.%06ld ", hms, usec);
	else
		strbuf__addf(&p->line, "%s ", hms);
}

/* The start of a line: whose it is, and when. */
static void add_prefix(struct trace_printer *p, const struct trace_event *e,
		       uint64_t ns)
{
	switch (p->o.prefix) {
	case TRACE_PREFIX_COMM:
		strbuf__addf(&p->line, "%.16s/%u ", e->comm, e->tid);
		break;
	case TRACE_PREFIX_PID:
		strbuf__addf(&p->line, "%-5u ", e->tid);
		break;
	case TRACE_PREFIX_TASKS:
		if (p->nr_live > 1)
			strbuf__addf(&p->line, "[pid %5u] ", e->tid);
		break;
	}
	add_time(p, ns);
}

static void flush_line(struct trace_printer *p)
{
	fwrite_unlocked(p->line.buf, 1, p->line.len, p->o.out);
	strbuf__reset(&p->line);
}

/* Another task's event: the open line ends, unfinished. */
static void close_open_line(struct trace_printer *p)
{
	if (!p->open_tid)
		return;
	fputs(" <unfinished ...>\n", p->o.out);
	p->open_tid = 0;
}

/* Fills c's captures from an event's capture records. */
static void add_captures(struct syscall_call *c, const struct trace_event *e,
			 size_t size, bool replace)
{
	size_t off = sizeof(*e);

	for (unsigned int i = 0; i < e->nr_captures; i++) {
		const struct trace_capture *h =
			(const void *)((const char *)e + off);
		struct call_capture *cap;

		if (off + sizeof(*h) > size || h->len > size - off - sizeof(*h))
			return; /* cut short: keep what is whole */
		off += (sizeof(*h) + h->len + 7) & ~(size_t)7;
		if (h->plan >= TRACE_MAX_CAPTURES)
			continue;
		cap = &c->cap[h->plan];
		if (cap->data && !cap->err && !replace)
			continue;
		if (cap->data && h->err)
			continue; /* a failed retry keeps the first read */
		*cap = (struct call_capture){
			.data = (const unsigned char *)(h + 1),
			.len = h->len,
			.full = h->full,
			.err = h->err,
		};
	}
}

/*
 * The held command's execve, as the command line sonde ran: the kernel
 * side saw it only return (the task was tracked from its exec).
 */
static void add_exec_captures(struct trace_printer *p, struct syscall_call *c)
{
	struct syscall_plan plan;
	size_t argc = 0, envc = 0, starts[TRACE_MAX_CAPTURES] = {0};

	if (!p->o.exec_argv)
		return;
	while (p->o.exec_argv[argc])
		argc++;
	while (p->o.exec_envp && p->o.exec_envp[envc])
		envc++;
	c->args[1] = (uintptr_t)p->o.exec_argv;
	c->args[2] = (uintptr_t)p->o.exec_envp;
	decode__plan(p->execve_nr, p->o.decode.string_limit, &plan);
	strbuf__reset(&p->exec_data);
	for (unsigned int i = 0; i < plan.nr_captures; i++) {
		const struct capture_plan *cp = &plan.captures[i];
		struct call_capture *cap = &c->cap[i];

		starts[i] = p->exec_data.len;
		if (cp->kind == CAPTURE_STRING && cp->arg == 0) {
			strbuf__add(&p->exec_data, p->o.exec_path,
				    strlen(p->o.exec_path));
		} else if (cp->kind == CAPTURE_STRINGS && cp->arg == 1) {
			for (size_t k = 0; k < argc && k < cp->elem; k++) {
				const char *s = p->o.exec_argv[k];
				size_t len = strlen(s), keep = cp->size;
				bool cut = len > keep;

				strbuf__addc(&p->exec_data, cut);
				strbuf__add(&p->exec_data, s, cut ? keep : len);
				strbuf__addc(&p->exec_data, '\0');
			}
			cap->full = (uint32_t)argc;
		} else if (cp->kind == CAPTURE_STRINGS && cp->arg == 2) {
			cap->full = (uint32_t)envc;
		} else {
			continue;
		}
		cap->len = (uint32_t)(p->exec_data.len - starts[i]);
	}
	/* The buffer may have moved while it grew: point into it last. */
	for (unsigned int i = 0; i < plan.nr_captures; i++)
		if (c->cap[i].len || plan.captures[i].kind == CAPTURE_STRINGS ||
		    plan.captures[i].kind == CAPTURE_STRING)
			c->cap[i].data =
				(const unsigned char *)p->exec_data.buf +
				starts[i];
}

static void build_call(struct trace_printer *p, struct syscall_call *c,
		       const struct pending *entry, const struct trace_event *e,
		       size_t size)
{
	memset(c, 0, sizeof(*c));
	c->nr = e->nr;
	c->pid = (int)e->pid;
	/* execve's registers after it are the new program's. */
	memcpy(c->args, entry ? entry->entry->args : e->args, sizeof(c->args));
	if (entry)
		add_captures(c, entry->entry, entry->size, false);
	if (e->type == TRACE_EVENT_EXIT) {
		c->ret = e->ret;
		c->returned = true;
		add_captures(c, e, size, true);
		if (e->flags & TRACE_FLAG_HELD_EXEC) {
			c->nr = p->execve_nr;
			add_exec_captures(p, c);
		}
	}
}

static bool call_hidden(const struct trace_printer *p, int nr)
{
	return p->o.shown &&
	       (nr < 0 || (size_t)nr >= p->o.nr_shown || !p->o.shown[nr]);
}

static bool call_failed(const struct syscall_call *c)
{
	return c->returned && c->ret < 0 && c->ret >= -4095;
}

/* " = ret" at strace's column, -T's duration, the newline. */
static void add_return(struct trace_printer *p, const struct syscall_call *c,
		       size_t col, uint64_t enter_ns, uint64_t exit_ns)
{
	static const char spaces[RETURN_COLUMN + 1] = {
		[0 ... RETURN_COLUMN - 1] = ' '};
	size_t at = col + p->line.len;

	strbuf__add(&p->line, spaces,
		    at + 1 < RETURN_COLUMN ? RETURN_COLUMN - at : 1);
	strbuf__add(&p->line, "= ", 2);
	decode__return(&p->line, c, &p->o.decode);
	if (p->o.durations && c->returned) {
		uint64_t ns = exit_ns - enter_ns;

		strbuf__addf(&p->line, " <%llu.%06llu>",
			     (unsigned long long)(ns / 1000000000),
			     (unsigned long long)(ns % 1000000000 / 1000));
	}
	strbuf__addc(&p->line, '\n');
}

/* --json: the call as one document; its arguments as strace shows them. */
static void print_json(struct trace_printer *p, const struct trace_event *e,
		       const struct syscall_call *c, uint64_t enter_ns,
		       uint64_t exit_ns)
{
	const char *known = decode__name(c->nr);
	char name[32];
	size_t skip;
	struct json j;

	/* As decode__entry names it: "name(" or "syscall_0x1c8(". */
	if (known)
		snprintf(name, sizeof(name), "%s", known);
	else
		snprintf(name, sizeof(name), "syscall_%#x",
			 (unsigned int)c->nr);
	skip = strlen(name) + 1;

	strbuf__reset(&p->line);
	decode__entry(&p->line, c, &p->o.decode);
	decode__exit(&p->line, c, &p->o.decode);
	if (p->line.len > skip)
		p->line.buf[p->line.len - 1] = '\0'; /* the ")" */
	json__init(&j, p->o.out, false);
	json__begin_object(&j);
	json__kv_int(&j, "time_ns", (int64_t)enter_ns + p->wall_offset_ns);
	json__kv_uint(&j, "pid", e->pid);
	json__kv_uint(&j, "tid", e->tid);
	if (p->o.prefix == TRACE_PREFIX_COMM)
		json__kv_string(&j, "comm", e->comm);
	json__kv_string(&j, "syscall", name);
	json__kv_string(&j, "args",
			p->line.len > skip ? p->line.buf + skip : "");
	strbuf__reset(&p->line);
	decode__return(&p->line, c, &p->o.decode);
	json__kv_string(&j, "return", p->line.len ? p->line.buf : "");
	if (c->returned) {
		json__kv_int(&j, "ret", c->ret);
		json__kv_uint(&j, "duration_ns", exit_ns - enter_ns);
	}
	json__end_object(&j);
	json__end_line(&j);
	strbuf__reset(&p->line);
}

static struct pending *pending_of(struct trace_printer *p, pid_t tid)
{
	uint64_t *slot = u64map__find(&p->pending, (uint64_t)tid);

	return slot ? (struct pending *)(uintptr_t)*slot : NULL;
}

static void drop_pending(struct trace_printer *p, pid_t tid)
{
	uint64_t *slot = u64map__find(&p->pending, (uint64_t)tid);
	struct pending *pd = slot ? (struct pending *)(uintptr_t)*slot : NULL;

	if (!pd)
		return;
	free(pd->entry);
	free(pd);
	*slot = 0;
}

/* "<... read resumed>", as strace heads the rest of a call. */
static void add_resumed(struct trace_printer *p, int nr)
{
	const char *name = decode__name(nr);

	if (name)
		strbuf__addf(&p->line, "<... %s resumed>", name);
	else
		strbuf__addf(&p->line, "<... syscall_%#x resumed>",
			     (unsigned int)nr);
}

static int on_call_enter(struct trace_printer *p, const struct trace_event *e,
			 size_t size)
{
	struct pending *pd = calloc(1, sizeof(*pd));
	struct syscall_call c;
	bool inserted;
	uint64_t *slot;

	drop_pending(p, (pid_t)e->tid); /* its return was lost */
	slot = u64map__slot(&p->pending, e->tid, &inserted);
	if (!pd || !slot || !(pd->entry = malloc(size))) {
		free(pd);
		return -ENOMEM;
	}
	memcpy(pd->entry, e, size);
	pd->size = size;
	*slot = (uintptr_t)pd;
	set_live(p, (pid_t)e->tid, true);
	/* -Z decides at return, JSON prints whole calls: the entry waits. */
	if (p->o.only_failed || p->o.json || call_hidden(p, e->nr))
		return 0;
	close_open_line(p);
	add_prefix(p, e, e->enter_ns);
	build_call(p, &c, pd, e, size);
	decode__entry(&p->line, &c, &p->o.decode);
	p->open_tid = (pid_t)e->tid;
	p->open_col = p->line.len;
	pd->shown = true;
	flush_line(p);
	return 0;
}

static bool creates_task(const struct trace_printer *p,
			 const struct syscall_call *c)
{
	for (size_t i = 0; c->ret > 0 && i < 4; i++)
		if (c->nr == p->task_creating_nrs[i])
			return true;
	return false;
}

static int on_call_exit(struct trace_printer *p, const struct trace_event *e,
			size_t size)
{
	pid_t tid = (pid_t)e->tid;
	struct pending *pd =
		e->flags & TRACE_FLAG_ENTRY_SENT ? pending_of(p, tid) : NULL;
	struct syscall_call c;
	size_t col = 0;

	set_live(p, tid, true);
	build_call(p, &c, pd, e, size);
	if ((p->o.only_failed && !call_failed(&c)) || call_hidden(p, c.nr))
		goto done;
	if (p->o.json) {
		print_json(p, e, &c, e->enter_ns, e->exit_ns);
		goto done;
	}
	if (p->open_tid == tid) {
		col = p->open_col;
		p->open_tid = 0;
	} else {
		close_open_line(p);
		add_prefix(p, e, e->enter_ns);
		if (pd && pd->shown)
			add_resumed(p, c.nr);
		else
			decode__entry(&p->line, &c, &p->o.decode);
	}
	decode__exit(&p->line, &c, &p->o.decode);
	add_return(p, &c, col, e->enter_ns, e->exit_ns);
	flush_line(p);
done:
	if (p->fds)
		fd_table__update(p->fds, &c);
	drop_pending(p, tid);
	/* strace follows the child from here: its lines get prefixes. */
	if (creates_task(p, &c))
		set_live(p, (pid_t)c.ret, true);
	return 0;
}

/* A call that will never return (exit_group, or a killed task's). */
static void print_unreturned(struct trace_printer *p, pid_t tid)
{
	struct pending *pd = pending_of(p, tid);
	struct syscall_call c;
	size_t col = 0;

	if (!pd)
		return;
	build_call(p, &c, pd, pd->entry, pd->size);
	if (p->o.only_failed || call_hidden(p, c.nr)) {
		drop_pending(p, tid);
		return;
	}
	if (p->o.json) {
		print_json(p, pd->entry, &c, pd->entry->enter_ns, 0);
		drop_pending(p, tid);
		return;
	}
	if (p->open_tid == tid) {
		col = p->open_col;
		p->open_tid = 0;
	} else {
		close_open_line(p);
		add_prefix(p, pd->entry, pd->entry->enter_ns);
		add_resumed(p, c.nr);
	}
	decode__exit(&p->line, &c, &p->o.decode);
	add_return(p, &c, col, 0, 0);
	flush_line(p);
	drop_pending(p, tid);
}

static void on_task_exit(struct trace_printer *p, const struct trace_event *e)
{
	int code = (int)e->ret;

	print_unreturned(p, (pid_t)e->tid);
	/* The leader's end is the process's: its descriptors go too. */
	if (p->fds && e->tid == e->pid)
		fd_table__forget(p->fds, (int)e->pid);
	/* A task seen only now (its calls filtered out) is still a task. */
	set_live(p, (pid_t)e->tid, true);
	if (p->o.json) {
		struct json j;
		char sig[24];

		json__init(&j, p->o.out, false);
		json__begin_object(&j);
		json__kv_uint(&j, "pid", e->pid);
		json__kv_uint(&j, "tid", e->tid);
		snprintf(sig, sizeof(sig), "SIG%s",
			 sigabbrev_np(code & 0x7f) ?: "?");
		if (code & 0x7f)
			json__kv_string(&j, "killed_by", sig);
		else
			json__kv_int(&j, "exited", (code >> 8) & 0xff);
		json__end_object(&j);
		json__end_line(&j);
		set_live(p, (pid_t)e->tid, false);
		return;
	}
	close_open_line(p);
	add_prefix(p, e, e->enter_ns);
	if (code & 0x7f)
		strbuf__addf(&p->line, "+++ killed by SIG%s %s+++\n",
			     sigabbrev_np(code & 0x7f) ?: "?",
			     code & 0x80 ? "(core dumped) " : "");
	else
		strbuf__addf(&p->line, "+++ exited with %d +++\n",
			     (code >> 8) & 0xff);
	flush_line(p);
	set_live(p, (pid_t)e->tid, false);
}

/* "--- SIGCHLD {si_signo=SIGCHLD, ...} ---", as strace shows delivery. */
static void on_signal(struct trace_printer *p, const struct trace_event *e,
		      size_t size)
{
	const struct trace_capture *h = (const void *)(e + 1);
	char name[24];
	struct json j;

	if (e->nr_captures < 1 || size < sizeof(*e) + sizeof(*h) ||
	    h->len > size - sizeof(*e) - sizeof(*h))
		return;
	snprintf(name, sizeof(name), "SIG%s", sigabbrev_np((int)e->ret) ?: "?");
	if (p->o.json) {
		strbuf__reset(&p->line);
		if (!h->err)
			decode__siginfo(&p->line, h + 1, h->len, &p->o.decode);
		json__init(&j, p->o.out, false);
		json__begin_object(&j);
		json__kv_int(&j, "time_ns",
			     (int64_t)e->enter_ns + p->wall_offset_ns);
		json__kv_uint(&j, "pid", e->pid);
		json__kv_uint(&j, "tid", e->tid);
		json__kv_string(&j, "signal", name);
		json__kv_string(&j, "siginfo", p->line.len ? p->line.buf : "");
		json__end_object(&j);
		json__end_line(&j);
		strbuf__reset(&p->line);
		return;
	}
	set_live(p, (pid_t)e->tid, true);
	close_open_line(p);
	add_prefix(p, e, e->enter_ns);
	strbuf__addf(&p->line, "--- %s ", name);
	if (!h->err)
		decode__siginfo(&p->line, h + 1, h->len, &p->o.decode);
	else
		strbuf__add(&p->line, "{...}", 5);
	strbuf__add(&p->line, " ---\n", 5);
	flush_line(p);
}

int trace_printer__event(struct trace_printer *p, const struct trace_event *e,
			 size_t size)
{
	if (e->size > size)
		return 0;
	switch (e->type) {
	case TRACE_EVENT_ENTER:
		return on_call_enter(p, e, size);
	case TRACE_EVENT_EXIT:
		return on_call_exit(p, e, size);
	case TRACE_EVENT_TASK_EXIT:
		on_task_exit(p, e);
		return 0;
	case TRACE_EVENT_SIGNAL:
		on_signal(p, e, size);
		return 0;
	default:
		return 0;
	}
}

void trace_printer__lost(struct trace_printer *p, uint64_t n)
{
	close_open_line(p);
	if (p->o.json)
		fprintf(p->o.out, "{\"lost\":%llu}\n", (unsigned long long)n);
	else
		fprintf(p->o.out, "%llu events lost\n", (unsigned long long)n);
}

int trace_printer__finish(struct trace_printer *p)
{
	/* A call in progress when sonde lets go, as strace shows it. */
	if (p->open_tid) {
		fputs(" <detached ...>\n", p->o.out);
		p->open_tid = 0;
	}
	return fflush(p->o.out) ? -errno : 0;
}

void trace_printer__free(struct trace_printer *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->pending.cap; i++)
		if (p->pending.used[i] && p->pending.values[i])
			drop_pending(p, (pid_t)p->pending.keys[i]);
	u64map__release(&p->pending);
	u64map__release(&p->live);
	strbuf__release(&p->line);
	strbuf__release(&p->exec_data);
	fd_table__free(p->fds);
	free(p);
}
