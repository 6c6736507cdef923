/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What to watch: existing processes (-p), the whole system (-a) or a
 * command sonde starts.  A started command is held (blocked on a pipe,
 * never stopped by a signal or ptrace) until the probes are in place,
 * then released; its exit status is passed on.  target__run() waits for
 * the end: target exit, Ctrl-C/SIGTERM/SIGHUP, or --duration.
 */
#ifndef SONDE_CORE_TARGET_H
#define SONDE_CORE_TARGET_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

#define TARGET_MAX_PIDS 1024

struct target {
	pid_t pids[TARGET_MAX_PIDS]; /* -p; negated once the process is gone */
	size_t nr_pids;
	bool threads_only; /* -t: pids[] are thread ids, not followed */
	bool system_wide; /* -a */
	char **argv; /* command to start, NULL-terminated */

	/* The started command. */
	pid_t child;
	int go_fd; /* write end: closing it lets the child exec */
	int exec_err_fd; /* read end: the child's execvp errno, if it failed */
	bool child_reaped;
	int child_status; /* as from waitpid */
	struct rusage child_rusage;

	/* pidfds of -p processes still alive. */
	int pidfds[TARGET_MAX_PIDS];
	size_t nr_gone; /* -p processes that exited during the run */
};

enum target_end {
	TARGET_END_EXITED, /* the command, or every -p process, exited */
	TARGET_END_SIGNAL, /* Ctrl-C, SIGTERM or SIGHUP */
	TARGET_END_DURATION,
};

struct target_wait {
	uint64_t duration_ns; /* 0: no limit */
	uint64_t interval_ns; /* 0: no interval callback */
	/* Called every interval; a negative return ends the wait with it. */
	int (*on_interval)(void *ctx);
	/* Extra fds to poll (rings); on_ready is called when any is readable. */
	const int *fds;
	size_t nr_fds;
	int (*on_ready)(void *ctx);
	void *ctx;
};

void target__init(struct target *t);
/* Parses "1,2,3" and checks each process exists: -EINVAL, -ESRCH. */
int target__add_pids(struct target *t, const char *list);
/*
 * Forks the command, held before exec.  Signals SIGINT/SIGTERM/SIGHUP
 * are blocked in sonde from here on (they are read by target__run); the
 * child gets the default mask back.
 */
int target__spawn(struct target *t, char **argv);
/* Lets the held command exec: 0, or -ENOENT/-EACCES when exec failed. */
int target__release(struct target *t);
/* Waits for the end; returns enum target_end or -errno. */
int target__run(struct target *t, const struct target_wait *w);
/* Thread ids of a process, from /proc/PID/task. */
int target__threads(pid_t pid, pid_t **tids, size_t *nr);
/*
 * For a started command: ends it if still running (SIGTERM) and reaps
 * it.  Returns the shell-style exit code: status, or 128+signal.
 */
int target__finish(struct target *t);
void target__release_all(struct target *t);

/* Nanoseconds of CLOCK_MONOTONIC. */
uint64_t target__now_ns(void);

#endif
