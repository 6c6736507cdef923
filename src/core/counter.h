/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counting an event list on a target, without sampling.  Syscall
 * tracepoints are counted by one BPF program (bpf/syscall_count.bpf.c)
 * when BPF is allowed; everything else, and syscalls without BPF, by
 * perf events per task (inherited by children) or per CPU (-a).
 */
#ifndef SONDE_CORE_COUNTER_H
#define SONDE_CORE_COUNTER_H

#include "core/events.h"
#include "core/target.h"

#include <stdbool.h>
#include <stdint.h>

struct count_value {
	uint64_t value; /* scaled when the event was multiplexed */
	uint64_t enabled_ns;
	uint64_t running_ns;
	bool supported; /* false: the kernel cannot count it (no PMU) */
};

struct counter_set;

/*
 * Opens every event on the target.  For a command, call it while the
 * command is held: counting starts at its exec.  Returns 0 or -errno;
 * err_detail says which event or task failed and why.
 */
int counter_set__open(struct counter_set **out, struct event_list *events,
		      const struct target *t);
/* Cumulative counts, one per event of the list, in list order. */
int counter_set__read(struct counter_set *cs, struct count_value *values);
/* True when syscalls are counted in BPF (shown by --verbose and JSON). */
bool counter_set__uses_bpf(const struct counter_set *cs);
void counter_set__free(struct counter_set *cs);

#endif
