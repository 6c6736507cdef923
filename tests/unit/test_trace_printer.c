// SPDX-License-Identifier: GPL-2.0
/*
 * The printer on events as the kernel side sends them: lines, strace's
 * column, <unfinished ...>/<... resumed> when threads interleave, pid
 * prefixes, exits, -Z, lost events.
 */
#include "harness.h"
#include "core/syscalls.h"
#include "syscall_trace.h"
#include "trace/printer.h"

#include <stdlib.h>
#include <string.h>

/* An event with at most one capture, as bpf/syscall_trace.bpf.c builds it. */
struct test_event {
	struct trace_event e;
	struct trace_capture cap;
	char data[64];
};

static size_t make_event(struct test_event *t, unsigned char type,
			 const char *syscall, unsigned int tid, long long ret,
			 const char *captured, unsigned char plan)
{
	size_t len = captured ? strlen(captured) : 0;

	memset(t, 0, sizeof(*t));
	t->e.type = type;
	t->e.nr = (unsigned short)syscalls__number(syscall);
	t->e.pid = 100;
	t->e.tid = tid;
	t->e.ret = ret;
	t->e.enter_ns = 1000;
	t->e.exit_ns = 3000;
	t->e.args[0] = 3;
	t->e.args[2] = 8;
	t->e.size = sizeof(t->e);
	if (captured) {
		t->e.nr_captures = 1;
		t->cap.plan = plan;
		t->cap.at_exit = type == TRACE_EVENT_EXIT;
		t->cap.len = (unsigned int)len;
		memcpy(t->data, captured, len);
		t->e.size += (unsigned int)((sizeof(t->cap) + len + 7) & ~7ul);
	}
	return t->e.size;
}

struct run {
	char *text;
	size_t len;
	FILE *out;
	struct trace_printer *p;
};

static void run_start(struct run *r, bool only_failed)
{
	struct trace_printer_opts o = {
		.decode = {.string_limit = 32},
		.only_failed = only_failed,
	};

	r->out = open_memstream(&r->text, &r->len);
	o.out = r->out;
	CHECK(!trace_printer__new(&r->p, &o));
	trace_printer__add_task(r->p, 100);
}

static void send(struct run *r, unsigned char type, const char *syscall,
		 unsigned int tid, long long ret, const char *captured)
{
	struct test_event t;
	size_t size = make_event(&t, type, syscall, tid, ret, captured, 0);

	CHECK(!trace_printer__event(r->p, &t.e, size));
}

static void run_end(struct run *r)
{
	CHECK(!trace_printer__finish(r->p));
	trace_printer__free(r->p);
	fclose(r->out);
}

TEST(trace_printer_one_line_at_strace_column)
{
	struct run r;

	run_start(&r, false);
	send(&r, TRACE_EVENT_EXIT, "getppid", 100, 42, NULL);
	run_end(&r);
	CHECK_EQ_STR(r.text, "getppid()                               = 42\n");
	free(r.text);
}

TEST(trace_printer_unfinished_and_resumed)
{
	struct run r;

	run_start(&r, false);
	trace_printer__add_task(r.p, 101);
	/* 101 blocks in read; 100 calls getppid meanwhile. */
	send(&r, TRACE_EVENT_ENTER, "read", 101, 0, NULL);
	send(&r, TRACE_EVENT_EXIT, "getppid", 100, 42, NULL);
	{
		struct test_event t;
		size_t size = make_event(&t, TRACE_EVENT_EXIT, "read", 101, 4,
					 "ping", 0);

		t.e.flags = TRACE_FLAG_ENTRY_SENT;
		CHECK(!trace_printer__event(r.p, &t.e, size));
	}
	run_end(&r);
	CHECK_EQ_STR(r.text,
		     "[pid   101] read(3,  <unfinished ...>\n"
		     "[pid   100] getppid()                   = 42\n"
		     "[pid   101] <... read resumed>\"ping\", 8) = 4\n");
	free(r.text);
}

TEST(trace_printer_entry_then_return_on_one_line)
{
	struct run r;
	struct test_event t;
	size_t size;

	run_start(&r, false);
	send(&r, TRACE_EVENT_ENTER, "read", 100, 0, NULL);
	size = make_event(&t, TRACE_EVENT_EXIT, "read", 100, 4, "ping", 0);
	t.e.flags = TRACE_FLAG_ENTRY_SENT;
	CHECK(!trace_printer__event(r.p, &t.e, size));
	run_end(&r);
	CHECK_EQ_STR(r.text, "read(3, \"ping\", 8)                      = 4\n");
	free(r.text);
}

TEST(trace_printer_exit_group_and_exit_line)
{
	struct run r;
	struct test_event t;

	run_start(&r, false);
	send(&r, TRACE_EVENT_ENTER, "exit_group", 100, 0, NULL);
	make_event(&t, TRACE_EVENT_TASK_EXIT, "read", 100, 3 << 8, NULL, 0);
	CHECK(!trace_printer__event(r.p, &t.e, sizeof(t.e)));
	make_event(&t, TRACE_EVENT_TASK_EXIT, "read", 101, 9, NULL, 0);
	CHECK(!trace_printer__event(r.p, &t.e, sizeof(t.e)));
	run_end(&r);
	CHECK_EQ_STR(r.text, "exit_group(3)                           = ?\n"
			     "+++ exited with 3 +++\n"
			     "+++ killed by SIGKILL +++\n");
	free(r.text);
}

TEST(trace_printer_failed_only_and_lost)
{
	struct run r;

	run_start(&r, true);
	send(&r, TRACE_EVENT_EXIT, "getppid", 100, 42, NULL);
	send(&r, TRACE_EVENT_EXIT, "close", 100, -9, NULL);
	trace_printer__lost(r.p, 7);
	run_end(&r);
	CHECK_EQ_STR(r.text, "close(3)                                = -1 "
			     "EBADF (Bad file descriptor)\n"
			     "7 events lost\n");
	free(r.text);
}

TEST(trace_printer_rejects_short_events)
{
	struct run r;
	struct test_event t;
	size_t size;

	run_start(&r, false);
	size = make_event(&t, TRACE_EVENT_EXIT, "read", 100, 4, "ping", 0);
	/* A capture longer than the event: ignored, the line still prints. */
	t.cap.len = 4000;
	CHECK(!trace_printer__event(r.p, &t.e, size));
	run_end(&r);
	CHECK(strstr(r.text, "read(3, ") != NULL);
	free(r.text);
}
