// SPDX-License-Identifier: GPL-2.0
/*
 * Probes on perf events: profile:UNIT:N (cpu-clock on every CPU),
 * interval:UNIT:N (one timer), software:EVENT[:COUNT] and
 * hardware:EVENT[:COUNT] (every COUNT events on every CPU).
 */
#include "lang/provider.h"

#include "bpf/attach.h"
#include "core/events.h"
#include "core/features.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>

/* A period in ns for cpu-clock, or a frequency. */
static int timer_period(const struct lang_attach *ap, struct lang_target *t)
{
	static const uint64_t ns_per[] = {
		[LANG_UNIT_S] = 1000000000ull,
		[LANG_UNIT_MS] = 1000000ull,
		[LANG_UNIT_US] = 1000ull,
	};

	if (!ap->count)
		return -EINVAL;
	if (ap->unit == LANG_UNIT_HZ) {
		/* profile:hz:N samples N times a second on each CPU. */
		t->freq = ap->type == LANG_PROBE_PROFILE;
		t->period = t->freq ? ap->count : 1000000000ull / ap->count;
		return t->period ? 0 : -EINVAL;
	}
	if (ap->unit != LANG_UNIT_S && ap->unit != LANG_UNIT_MS &&
	    ap->unit != LANG_UNIT_US)
		return -EINVAL;
	t->period = ap->count * ns_per[ap->unit];
	return 0;
}

static int timer_expand(const struct lang_attach *ap, const char *file,
			struct lang_targets *out, struct lang_diag *diag)
{
	struct lang_target *t = lang_targets__add(out, ap->type, ap->raw);

	if (!t)
		return -ENOMEM;
	t->perf_type = PERF_TYPE_SOFTWARE;
	t->perf_config = PERF_COUNT_SW_CPU_CLOCK;
	t->one_cpu = ap->type == LANG_PROBE_INTERVAL;
	if (timer_period(ap, t))
		return lang_diag__error(diag, file, ap->loc,
					"%s: give a positive rate in hz, s, "
					"ms or us",
					ap->raw);
	return 0;
}

static int perf_attach(const struct lang_target *t, int prog_fd, pid_t pid,
		       struct bpf_attachments *a)
{
	struct perf_event_attr attr = {
		.type = t->perf_type,
		.config = t->perf_config,
		.sample_period = t->period,
		.freq = t->freq,
	};

	if (t->one_cpu)
		return bpf_attach__perf_event(a, prog_fd, &attr, -1, 0);
	return bpf_attach__sampling(a, prog_fd, t->perf_type, t->perf_config,
				    t->period, t->freq, pid);
}

const struct lang_provider lang_provider_timer = {
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = timer_expand,
	.attach = perf_attach,
};

/* Events between runs when the probe names no count. */
#define DEFAULT_SOFTWARE_COUNT 1000
#define DEFAULT_HARDWARE_COUNT 1000000

static int event_expand(const struct lang_attach *ap, const char *file,
			struct lang_targets *out, struct lang_diag *diag)
{
	enum event_kind kind = ap->type == LANG_PROBE_HARDWARE ? EVENT_HARDWARE
							       : EVENT_SOFTWARE;
	size_t nr;
	const struct event_def *defs = events__defs(&nr);
	char msg[FEATURE_MSG_MAX];

	if (kind == EVENT_HARDWARE &&
	    features__require(FEATURE_HW_PMU, msg, sizeof(msg)))
		return lang_diag__error(diag, file, ap->loc, "%s: %s", ap->raw,
					msg);
	for (size_t i = 0; i < nr; i++) {
		const struct event_def *d = &defs[i];
		struct lang_target *t;

		if (d->kind != kind ||
		    (strcmp(d->name, ap->name) &&
		     (!d->alias || strcmp(d->alias, ap->name))))
			continue;
		t = lang_targets__add(out, ap->type, ap->raw);
		if (!t)
			return -ENOMEM;
		t->perf_type = kind == EVENT_HARDWARE ? PERF_TYPE_HARDWARE
						      : PERF_TYPE_SOFTWARE;
		t->perf_config = d->config;
		t->period = ap->has_count	     ? ap->count
			    : kind == EVENT_HARDWARE ? DEFAULT_HARDWARE_COUNT
						     : DEFAULT_SOFTWARE_COUNT;
		return t->period ? 0
				 : lang_diag__error(diag, file, ap->loc,
						    "%s: the count must be "
						    "positive",
						    ap->raw);
	}
	return lang_diag__error(
		diag, file, ap->loc,
		"unknown %s event '%s' (see sonde run -l '%s:*')",
		kind == EVENT_HARDWARE ? "hardware" : "software", ap->name,
		kind == EVENT_HARDWARE ? "hardware" : "software");
}

const struct lang_provider lang_provider_event = {
	.prog_type = BPF_PROG_TYPE_PERF_EVENT,
	.expand = event_expand,
	.attach = perf_attach,
};
