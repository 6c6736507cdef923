/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel features: one probe of what this kernel (and this process's
 * privileges) let sonde do, and one wording for what is missing.  Each
 * feature is probed by doing the real thing once (loading a trivial BPF
 * program, opening a perf event, ...) and closing it again; results are
 * cached for the life of the process.
 *
 * `sonde doctor` prints every result; other commands call
 * features__require() before they need a feature and print its message:
 *
 *	char msg[FEATURE_MSG_MAX];
 *	int err = features__require(FEATURE_KPROBE, msg, sizeof(msg));
 *	if (err) {
 *		err_say("%s", msg);
 *		return err_exit_code(err);
 *	}
 *
 * Nothing here prints.
 */
#ifndef SONDE_CORE_FEATURES_H
#define SONDE_CORE_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* In the order `sonde doctor` shows them. */
enum feature {
	FEATURE_ROOT, /* uid 0 or CAP_PERFMON+CAP_BPF (or CAP_SYS_ADMIN) */
	FEATURE_PERF_PARANOID, /* perf_event_paranoid does not limit us */
	FEATURE_KPTR_RESTRICT, /* /proc/kallsyms shows real addresses */
	FEATURE_LOCKDOWN, /* no confidentiality lockdown */
	FEATURE_TRACEFS, /* mounted (by sonde if need be) and readable */
	FEATURE_BTF, /* /sys/kernel/btf/vmlinux */
	FEATURE_TRACEPOINT, /* BPF_PROG_TYPE_TRACEPOINT on a perf tracepoint */
	FEATURE_RAW_TRACEPOINT, /* BPF_PROG_TYPE_RAW_TRACEPOINT */
	FEATURE_TP_BTF, /* BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP */
	FEATURE_PERF_EVENT, /* BPF_PROG_TYPE_PERF_EVENT on cpu-clock */
	FEATURE_KPROBE, /* kprobe PMU (or legacy kprobe_events) + program */
	FEATURE_FENTRY, /* BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY */
	FEATURE_UPROBE, /* uprobe PMU + program */
	FEATURE_RINGBUF, /* BPF_MAP_TYPE_RINGBUF */
	FEATURE_HW_PMU, /* PERF_TYPE_HARDWARE cycles */
	FEATURE__COUNT
};

struct feature_result {
	bool ok;
	/* 0 when ok, else the -errno of the step that failed (or -ENOENT). */
	int error;
	/* What was found: "uid 0, CAP_PERFMON CAP_BPF CAP_SYS_ADMIN". */
	char detail[160];
};

/* Large enough for any features__require() message. */
#define FEATURE_MSG_MAX 320

/* Probes (once) and returns the cached result; never NULL. */
const struct feature_result *features__probe(enum feature f);
/* Probes every feature; out[f] is feature f's result. */
void features__probe_all(struct feature_result out[FEATURE__COUNT]);
bool features__have(enum feature f);

/* Display name ("kprobes", "hardware PMU"). */
const char *features__name(enum feature f);
/* Stable identifier for JSON and scripts ("kprobe", "hardware_pmu"). */
const char *features__id(enum feature f);
/* One sentence of what a user loses without f (no leading capital). */
const char *features__loss(enum feature f);

/*
 * Formats the standard one-line message for a missing feature into msg
 * (no "sonde: " prefix, no newline), e.g. "this kernel has no kprobes
 * (CONFIG_KPROBE_EVENTS): kprobe:/kretprobe: probes and kernel function
 * tracing are unavailable".  When the cause is privilege it says so
 * instead.  Returns msg.
 */
const char *features__message(enum feature f, char *msg, size_t size);

/*
 * 0 when f is available.  Otherwise formats features__message() into msg
 * and returns -EPERM when running without privilege is the cause, else
 * -EOPNOTSUPP (err_exit_code() maps both to EXIT_NOPERM).
 */
int features__require(enum feature f, char *msg, size_t size);

/* True when the effective capabilities allow BPF and perf tracing. */
bool features__privileged(void);

/* Pure parsers, exposed for unit tests. */

/* CapEff from the text of /proc/PID/status.  0 or -ENOENT/-EINVAL. */
int features__parse_capeff(const char *status, uint64_t *caps);
/* Formats the names of caps' tracing capabilities ("CAP_PERFMON CAP_BPF"). */
const char *features__cap_names(uint64_t caps, char *buf, size_t size);
/* What users without CAP_PERFMON may do at this perf_event_paranoid level. */
const char *features__paranoid_meaning(int level);
/*
 * The active mode from /sys/kernel/security/lockdown text
 * ("none [integrity] confidentiality" gives "integrity").  0 or -EINVAL.
 */
int features__parse_lockdown(const char *text, char *mode, size_t size);
/* True when a /proc/kallsyms line shows a non-zero address. */
bool features__kallsyms_line_has_address(const char *line);

#endif
