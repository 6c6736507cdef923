/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A recording read back: the perf.data reader, the machine state it
 * builds, and the resolver that names each sample's frames.  report,
 * script and flamegraph hand it a callback per sample.
 */
#ifndef SONDE_PROFILE_SESSION_H
#define SONDE_PROFILE_SESSION_H

#include "perfdata/reader.h"
#include "profile/resolve.h"

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define SESSION_MAX_FRAMES 512

struct session_sample {
	const struct perf_data_record *rec;
	const struct perf_sample *sample;
	const struct perf_data_event *event; /* NULL when the id is unknown */
	const char *comm;
	pid_t pid, tid;
	const struct resolved_frame *frames; /* leaf first */
	size_t nr_frames;
	bool callchain; /* frames came from a callchain, not the ip alone */
};

struct session;

/* Opens a recording; time_ordered sorts records as perf script shows. */
int session__open(struct session **out, const char *path, bool time_ordered);
/*
 * Calls on_sample for each sample, in order.  Returns 0, on_sample's
 * nonzero return, -ENODATA when the file ends early (what came before
 * was delivered; see session__stop_offset), or -EBADMSG.
 */
int session__run(struct session *s,
		 int (*on_sample)(const struct session_sample *ss, void *ctx),
		 void *ctx);
struct perf_data_reader *session__reader(struct session *s);
/*
 * For callers that aggregate: kernel frames come deferred while the
 * kernel's symbols load in the background; name them afterwards with
 * session__kernel_frame.
 */
void session__defer_kernel(struct session *s);
int session__kernel_frame(struct session *s, uint64_t ip,
			  struct resolved_frame *out);
void session__free(struct session *s);

#endif
