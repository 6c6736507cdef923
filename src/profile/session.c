// SPDX-License-Identifier: GPL-2.0
#include "profile/session.h"

#include "perfdata/machine.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>

struct session {
	struct perf_data_reader *reader;
	struct machine *machine;
	struct resolver *resolver;
	struct resolved_frame frames[SESSION_MAX_FRAMES];
	int (*on_sample)(const struct session_sample *ss, void *ctx);
	void *ctx;
};

/* The JIT maps folded into the recording name their processes' code. */
static int load_jit_maps(struct session *s)
{
	size_t nr = perf_data_reader__nr_blobs(s->reader);

	for (size_t i = 0; i < nr; i++) {
		const struct perf_data_blob *b =
			perf_data_reader__blob(s->reader, i);
		int err;

		if (strcmp(b->name, "jit-map"))
			continue;
		err = resolver__add_jit_map(s->resolver, b->pid, b->data,
					    b->size);
		if (err)
			return err;
	}
	return 0;
}

int session__open(struct session **out, const char *path, bool time_ordered)
{
	struct session *s = calloc(1, sizeof(*s));
	int err;

	if (!s)
		return -ENOMEM;
	err = perf_data_reader__open(&s->reader, path);
	if (!err)
		err = machine__new(&s->machine);
	if (!err)
		err = resolver__new(&s->resolver, s->machine, s->reader);
	if (!err)
		err = load_jit_maps(s);
	if (err) {
		session__free(s);
		return err;
	}
	perf_data_reader__set_ordered(s->reader, time_ordered);
	for (size_t i = 0; i < perf_data_reader__nr_events(s->reader); i++) {
		if (!perf_data_reader__event(s->reader, i)->attr.exclude_kernel) {
			resolver__preload_kernel(s->resolver);
			break;
		}
	}
	*out = s;
	return 0;
}

static int on_record(const struct perf_data_record *rec, void *ctx)
{
	struct session *s = ctx;
	const struct perf_sample *smp = &rec->sample;
	struct session_sample ss;
	const char *comm;
	int err = machine__process(s->machine, rec);

	if (err || rec->type != PERF_RECORD_SAMPLE || !rec->has_sample)
		return err;
	comm = machine__comm_at(s->machine, smp->tid, smp->time);
	/* The idle task has no COMM record; perf calls it swapper too. */
	if (!comm && smp->tid == 0)
		comm = "swapper";
	ss = (struct session_sample){
		.rec = rec,
		.sample = smp,
		.event = rec->event,
		.comm = comm ? comm : ":-1",
		.pid = smp->pid,
		.tid = smp->tid,
		.frames = s->frames,
		.callchain = smp->callchain_nr > 0,
	};
	ss.nr_frames = resolver__stack(
		s->resolver, smp->pid, smp->ip,
		smp->cpumode == PERF_RECORD_MISC_KERNEL ||
			smp->cpumode == PERF_RECORD_MISC_GUEST_KERNEL,
		smp->callchain, smp->callchain_nr, s->frames,
		SESSION_MAX_FRAMES);
	return s->on_sample(&ss, s->ctx);
}

int session__run(struct session *s,
		 int (*on_sample)(const struct session_sample *ss, void *ctx),
		 void *ctx)
{
	s->on_sample = on_sample;
	s->ctx = ctx;
	return perf_data_reader__for_each(s->reader, on_record, s);
}

void session__defer_kernel(struct session *s)
{
	resolver__defer_kernel(s->resolver, true);
}

int session__kernel_frame(struct session *s, uint64_t ip,
			  struct resolved_frame *out)
{
	resolver__defer_kernel(s->resolver, false);
	return resolver__frame(s->resolver, -1, ip, true, out);
}

struct perf_data_reader *session__reader(struct session *s)
{
	return s->reader;
}

void session__free(struct session *s)
{
	if (!s)
		return;
	resolver__free(s->resolver);
	machine__free(s->machine);
	perf_data_reader__free(s->reader);
	free(s);
}
