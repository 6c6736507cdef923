// SPDX-License-Identifier: GPL-2.0
/*
 * Providers: attach points expanded into concrete targets (wildcards
 * against the real tracepoints, the workload's functions and notes),
 * rates and counts, and kernels without a feature.
 */
#include "harness.h"
#include "bpf/attach.h"
#include "core/features.h"
#include "fixtures.h"
#include "lang/parser.h"
#include "lang/provider.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Expands text; returns expand's result, the targets in *ts. */
static int expand(const char *text, struct lang_targets *ts,
		  struct lang_diag *diag)
{
	struct lang_attach ap;
	struct lang_loc loc = {1, 1, 1, 1};
	int err;

	memset(ts, 0, sizeof(*ts));
	lang_diag__init(diag);
	CHECK(!lang_attach__parse(text, strlen(text), loc, "stdin", &ap, diag));
	err = lang_provider__of(ap.type)->expand(&ap, "stdin", ts, diag);
	lang_attach__release(&ap);
	return err;
}

static void need_tracefs(void)
{
	if (geteuid())
		harness__skip("tracefs needs root");
}

TEST(provider_tracepoint_wildcards)
{
	struct lang_targets ts;
	struct lang_diag diag;

	need_tracefs();
	CHECK(!expand("tracepoint:syscalls:sys_enter_openat*", &ts, &diag));
	CHECK_EQ_INT(ts.nr, 2);
	CHECK(!strcmp(ts.items[0].probe,
		      "tracepoint:syscalls:sys_enter_openat") ||
	      !strcmp(ts.items[1].probe,
		      "tracepoint:syscalls:sys_enter_openat"));
	lang_targets__release(&ts);
	CHECK(!expand("t:syscalls:sys_exit_getppid", &ts, &diag));
	CHECK_EQ_INT(ts.nr, 1);
	CHECK_EQ_STR(ts.items[0].category, "syscalls");
	CHECK_EQ_STR(ts.items[0].name, "sys_exit_getppid");
	lang_targets__release(&ts);
	CHECK(expand("tracepoint:syscalls:nope*", &ts, &diag));
	CHECK_EQ_STR(diag.msg,
		     "tracepoint:syscalls:nope* matches no tracepoint "
		     "(see sonde run -l 'tracepoint:syscalls:*')");
	lang_targets__release(&ts);
}

TEST(provider_uprobe_and_usdt_of_the_workload)
{
	char text[4200];
	struct lang_targets ts;
	struct lang_diag diag;
	const char *wl = fixture__workload();

	snprintf(text, sizeof(text), "uretprobe:%s:do_*", wl);
	CHECK(!expand(text, &ts, &diag));
	CHECK_EQ_INT(ts.nr, 2);
	CHECK(ts.items[0].offset && ts.items[1].offset);
	CHECK(!strncmp(ts.items[0].probe, "uretprobe:", 10));
	lang_targets__release(&ts);
	snprintf(text, sizeof(text), "usdt:%s:sonde_test:tick", wl);
	CHECK(!expand(text, &ts, &diag));
	CHECK_EQ_INT(ts.nr, 1);
	CHECK(strchr(ts.items[0].usdt_args, '@'));
	CHECK(ts.items[0].offset);
	lang_targets__release(&ts);
	snprintf(text, sizeof(text), "uprobe:%s:no_such_function", wl);
	CHECK(expand(text, &ts, &diag));
	CHECK(strstr(diag.msg, "no function of"));
	lang_targets__release(&ts);
}

TEST(provider_rates_and_events)
{
	struct lang_targets ts;
	struct lang_diag diag;

	CHECK(!expand("profile:hz:99", &ts, &diag));
	CHECK(ts.items[0].freq && ts.items[0].period == 99 &&
	      !ts.items[0].one_cpu);
	lang_targets__release(&ts);
	CHECK(!expand("interval:ms:100", &ts, &diag));
	CHECK(!ts.items[0].freq && ts.items[0].period == 100000000 &&
	      ts.items[0].one_cpu);
	lang_targets__release(&ts);
	CHECK(!expand("i:hz:4", &ts, &diag));
	CHECK_EQ_INT(ts.items[0].period, 250000000);
	lang_targets__release(&ts);
	CHECK(!expand("software:page-faults:100", &ts, &diag));
	CHECK(ts.items[0].perf_type == PERF_TYPE_SOFTWARE &&
	      ts.items[0].perf_config == PERF_COUNT_SW_PAGE_FAULTS &&
	      ts.items[0].period == 100);
	lang_targets__release(&ts);
	/* Hardware events where the PMU is; refused with its reason where not.
	 */
	if (!features__require(FEATURE_HW_PMU, NULL, 0)) {
		CHECK(!expand("hardware:cycles", &ts, &diag));
		CHECK(ts.items[0].perf_type == PERF_TYPE_HARDWARE &&
		      ts.items[0].period == 1000000);
	} else {
		CHECK(expand("hardware:cycles", &ts, &diag));
		CHECK(strstr(diag.msg, "hardware:cycles: "));
	}
	lang_targets__release(&ts);
	CHECK(expand("software:bogus", &ts, &diag));
	CHECK(strstr(diag.msg, "unknown software event 'bogus'"));
	lang_targets__release(&ts);
}

TEST(provider_kprobe_needs_the_kernel)
{
	struct lang_targets ts;
	struct lang_diag diag;
	int err;

	need_tracefs();
	err = expand("kprobe:vfs_read", &ts, &diag);
	/* This kernel has no kprobes; where it does, one target. */
	CHECK(err ? strstr(diag.msg, "kprobe:vfs_read: ") != NULL : ts.nr == 1);
	lang_targets__release(&ts);
	/* fentry where the kernel has trampolines: vfs_read found in BTF. */
	err = expand("fentry:vfs_read", &ts, &diag);
	CHECK(err ? strstr(diag.msg, "fentry:vfs_read: ") != NULL
		  : ts.nr == 1 && ts.items[0].btf_id &&
			      ts.items[0].nr_args == 4);
	lang_targets__release(&ts);
}

/* The kernel's BTF names functions and their arguments (for fentry). */
TEST(provider_btf_functions)
{
	uint32_t id = 0, nr = 0;
	int err = bpf_attach__btf_func("vfs_read", &id, &nr);

	if (err == -EOPNOTSUPP)
		return; /* a kernel without BTF */
	CHECK_EQ_INT(err, 0);
	CHECK(id > 0);
	CHECK_EQ_INT(nr, 4); /* file, buf, count, pos */
	CHECK_EQ_INT(bpf_attach__btf_func("sonde_no_such_function", &id, &nr),
		     -ENOENT);
}
