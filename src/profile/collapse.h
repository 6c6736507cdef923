/* SPDX-License-Identifier: GPL-2.0 */
/*
 * perf script text to folded stacks ("comm;main;f;g 42"), with exactly
 * the rules of FlameGraph's stackcollapse-perf.pl: its header and frame
 * patterns, name tidying, [unknown] handling, summed periods, event
 * filter, and byte-sorted output.  Streaming: memory grows with the
 * number of distinct stacks, not with the input.
 */
#ifndef SONDE_PROFILE_COLLAPSE_H
#define SONDE_PROFILE_COLLAPSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct collapse_opts {
	bool pid; /* "comm-PID" */
	bool tid; /* "comm-PID/TID" */
	bool kernel; /* kernel frames get "_[k]" */
	bool jit; /* JIT frames (perf maps) get "_[j]" */
	bool addrs; /* unknown frames keep their address: "[dso <addr>]" */
	const char *event_filter; /* NULL: the first event seen */
	/*
	 * Fix what the perl script gets wrong: headers whose pid is -1
	 * ("perf-exec -1 [000] ...") become "perf-exec" instead of a
	 * name made of the whole header.  Off by default.
	 */
	bool fix_headers;
	/*
	 * When set, each sample's stack goes here, in input order, instead
	 * of being summed (flame charts keep time order).
	 */
	int (*each_sample)(const char *stack, uint64_t count, void *ctx);
	void *ctx;
};

struct collapser;

int collapser__new(struct collapser **out, const struct collapse_opts *o);
void collapser__free(struct collapser *c);
/* One line of perf script text, without its newline. */
int collapser__line(struct collapser *c, const char *line, size_t len);
/*
 * A sample's header line of perf script (with its time), given as its
 * parts: -EAGAIN when the line's pattern might read it otherwise (a
 * command with blanks, ...): then give the text to collapser__line.
 */
int collapser__header(struct collapser *c, const char *comm, int32_t tid,
		      bool has_period, uint64_t period, const char *event);
/*
 * A frame line of perf script, given as its parts instead of text:
 * collapser__line(header), collapser__frame() for each frame, then
 * collapser__line("") give what the text would.  Only for names that
 * collapser__frame_is_plain() accepts; others must go as text.
 */
int collapser__frame(struct collapser *c, uint64_t pc, const char *sym,
		     const char *dso);
bool collapser__frame_is_plain(const char *sym, const char *dso);
/*
 * A kernel frame whose symbol is not known yet (kernel symbols still
 * loading): collapser__name_deferred() names them all before output, so
 * the caller need not wait.  Not with each_sample.
 */
int collapser__frame_deferred(struct collapser *c, uint64_t ip);
int collapser__name_deferred(struct collapser *c,
			     const char *(*name_of)(uint64_t ip, void *ctx),
			     void *ctx);
/* A buffer of whole lines ("\n"-separated); a last partial line is kept. */
int collapser__feed(struct collapser *c, const char *data, size_t len);
/* Ends the input (a last line without newline counts). */
int collapser__end(struct collapser *c);
/* The folded stacks, byte-sorted, "stack count\n" each. */
int collapser__write(struct collapser *c, FILE *out);
/* Each folded stack and its count, byte-sorted; cb's nonzero stops. */
int collapser__for_each(struct collapser *c,
			int (*cb)(const char *stack, uint64_t count, void *ctx),
			void *ctx);
/* Samples folded (summed or handed to each_sample). */
uint64_t collapser__nr_samples(const struct collapser *c);
/* Lines read, and the number of the first that matched no pattern. */
uint64_t collapser__lines(const struct collapser *c);
uint64_t collapser__first_unrecognized(const struct collapser *c);
/* Whether the event filter defaulted and dropped other events. */
const char *collapser__filtered_event(const struct collapser *c);
/* Lines that matched no pattern (the perl script warns of each). */
uint64_t collapser__unrecognized(const struct collapser *c);

#endif
