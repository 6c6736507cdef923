// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "core/events.h"
#include "core/syscalls.h"
#include "core/tracefs.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <unistd.h>

TEST(events_software_by_name_and_alias)
{
	struct event_list l = { 0 };

	CHECK_EQ_INT(events__add(&l, "task-clock"), 0);
	CHECK_EQ_INT(events__add(&l, "cs"), 0);
	CHECK_EQ_INT(events__add(&l, "cycles"), 0);
	CHECK_EQ_INT(l.nr, 3);
	CHECK_EQ_STR(l.items[0].unit, "msec");
	CHECK_EQ_INT(l.items[1].config, PERF_COUNT_SW_CONTEXT_SWITCHES);
	/* Printed as typed, like perf. */
	CHECK_EQ_STR(l.items[1].name, "cs");
	CHECK_EQ_INT(l.items[2].type, PERF_TYPE_HARDWARE);
	CHECK(!l.items[0].from_glob);
	/* Adding one twice keeps one. */
	CHECK_EQ_INT(events__add(&l, "task-clock"), 0);
	CHECK_EQ_INT(l.nr, 3);
	events__release(&l);
}

TEST(events_glob_over_fixed_events)
{
	struct event_list l = { 0 };

	CHECK_EQ_INT(events__add(&l, "*-faults"), 0);
	CHECK(l.nr >= 4);
	CHECK(l.items[0].from_glob);
	CHECK_EQ_INT(events__add(&l, "no-such-*"), -ENOENT);
	CHECK_EQ_INT(events__add(&l, "nosuch"), -ENOENT);
	events__release(&l);
}

TEST(events_defaults_are_perfs)
{
	struct event_list l = { 0 };

	CHECK_EQ_INT(events__add_defaults(&l), 0);
	CHECK_EQ_INT(l.nr, 8);
	CHECK_EQ_STR(l.items[0].name, "task-clock");
	CHECK_EQ_STR(l.items[3].name, "page-faults");
	CHECK_EQ_STR(l.items[4].name, "cycles");
	events__release(&l);
}

TEST(events_tracepoints)
{
	struct event_list l = { 0 };

	if (getuid() != 0 || !tracefs__root())
		harness__skip("needs root and tracefs");
	CHECK_EQ_INT(events__add(&l, "syscalls:sys_enter_getppid"), 0);
	CHECK_EQ_INT(l.nr, 1);
	CHECK_EQ_INT(l.items[0].kind, EVENT_TRACEPOINT);
	CHECK_EQ_INT(l.items[0].syscall_nr, syscalls__number("getppid"));
	CHECK(!l.items[0].syscall_exit);
	CHECK_EQ_INT(events__add(&l, "syscalls:sys_exit_newfstatat"), 0);
	CHECK(l.items[1].syscall_exit);
	CHECK(l.items[1].syscall_nr >= 0);
	CHECK_EQ_INT(events__add(&l, "sched:sched_switch"), 0);
	CHECK_EQ_INT(l.items[2].syscall_nr, -1);
	CHECK_EQ_INT(events__resolve_ids(&l), 0);
	CHECK(l.items[2].config > 0);
	CHECK_EQ_INT(events__add(&l, "sched:no_such"), -ENOENT);
	CHECK_EQ_INT(events__add(&l, "sched:../../x"), -ENOENT);
	CHECK_EQ_INT(events__add(&l, "a:b:c"), -ENOENT);
	events__release(&l);

	CHECK_EQ_INT(events__add(&l, "syscalls:sys_enter_*"), 0);
	CHECK(l.nr > 300);
	CHECK(l.items[0].from_glob);
	events__release(&l);
}

TEST(events_suggest)
{
	char buf[256];

	events__suggest("task-clok", buf, sizeof(buf));
	CHECK_EQ_STR(buf, "'task-clock'");
	events__suggest("zzzzzzzzzzzzzz", buf, sizeof(buf));
	CHECK_EQ_STR(buf, "");
	if (getuid() != 0 || !tracefs__root())
		harness__skip("needs root and tracefs");
	events__suggest("syscalls:sys_enter_getppidd", buf, sizeof(buf));
	CHECK_EQ_STR(buf, "'syscalls:sys_enter_getppid'");
}

TEST(syscalls_table)
{
	size_t nr;
	const struct syscall_entry *t = syscalls__native(&nr);

	CHECK(nr > 300);
	for (size_t i = 1; i < nr; i++)
		CHECK(t[i - 1].nr < t[i].nr);
	CHECK_EQ_STR(syscalls__name(syscalls__number("openat")), "openat");
	CHECK_EQ_INT(syscalls__number("no_such_syscall"), -ENOENT);
	CHECK(syscalls__name(100000) == NULL);
	CHECK_EQ_INT(syscalls__from_tracepoint("sys_enter_read"),
		     syscalls__number("read"));
	CHECK_EQ_INT(syscalls__from_tracepoint("sys_exit_read"),
		     syscalls__number("read"));
	CHECK_EQ_INT(syscalls__from_tracepoint("sched_switch"), -ENOENT);
#if defined(__x86_64__)
	CHECK_EQ_INT(syscalls__number("getppid"), 110);
	/* The kernel names stat's tracepoint after newstat. */
	CHECK_EQ_INT(syscalls__from_tracepoint("sys_enter_newstat"), 4);
#endif
	CHECK_EQ_INT(syscall_table_aarch64[0].nr, 0);
	CHECK_EQ_STR(syscall_table_aarch64[0].name, "io_setup");
}
