/* SPDX-License-Identifier: GPL-2.0 */
/* perf_event_open and the facts around it: CPUs, fd limits, paranoia. */
#ifndef SONDE_CORE_PERF_EVENT_H
#define SONDE_CORE_PERF_EVENT_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <sys/types.h>

/* Returns the fd, or -errno.  A zero attr->size is set to sizeof(*attr). */
int perf_event__open(struct perf_event_attr *attr, pid_t pid, int cpu,
		     int group_fd, unsigned long flags);
/* Online CPU numbers, from /sys/devices/system/cpu/online. */
int perf_event__online_cpus(int **cpus, size_t *nr);
/*
 * Makes room for `needed` more open files: raises RLIMIT_NOFILE's soft
 * limit toward the hard one.  -EMFILE when the hard limit is too low.
 */
int perf_event__reserve_fds(size_t needed, size_t *limit);
/* kernel.perf_event_paranoid, or 2 when unreadable. */
int perf_event__paranoid(void);



/*
 * Closes many perf event fds.  The kernel waits for an RCU grace period
 * (~40 ms) as each tracepoint event goes away; closing from several
 * threads at once lets those waits overlap instead of adding up.
 */
void perf_event__close_all(const int *fds, size_t nr);

#endif
