/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Syscalls in strace's notation: what the kernel side must read of each
 * call (its capture plan) and, from what it read, the text strace would
 * print — `openat(AT_FDCWD, "/etc/passwd", O_RDONLY|O_CLOEXEC) = 3`.
 *
 * A line is built in three pieces so that a blocked call can print as
 * strace prints it when other threads interleave:
 *   decode__entry()  "read(3, "            (shown before <unfinished ...>)
 *   decode__exit()   "\"abc\"..., 832)"    (shown after <... read resumed>)
 *   decode__return() "832"                 (after the padding and " = ")
 * No I/O here except through the fd_path callback.
 */
#ifndef SONDE_TRACE_DECODE_H
#define SONDE_TRACE_DECODE_H

#include "syscall_trace.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the kernel side read for one capture of the call's plan. */
struct call_capture {
	const unsigned char *data; /* NULL: not captured (lost, or no plan) */
	uint32_t len; /* bytes in data */
	uint32_t full; /* as struct trace_capture.full */
	int err; /* -errno: the memory could not be read */
};

/* One syscall: its arguments, captures and return value. */
struct syscall_call {
	int nr; /* native syscall number */
	int pid; /* the calling process (for -y) */
	uint64_t args[6];
	int64_t ret;
	bool returned; /* false: the call never returned (exit_group) */
	struct call_capture cap[TRACE_MAX_CAPTURES]; /* by plan index */
};

struct decode_opts {
	unsigned int string_limit; /* strace -s: 32 by default */
	/*
	 * -y when set: writes the path behind fd in process pid into buf
	 * (as readlink of /proc/PID/fd/FD gives it); 0 or -errno.  fd is
	 * AT_FDCWD (-100) for the working directory, /proc/PID/cwd, which
	 * strace -y shows as AT_FDCWD</tmp>.
	 */
	int (*fd_path)(void *ctx, int pid, int fd, char *buf, size_t size);
	void *fd_path_ctx;
};

/*
 * The plan for syscall nr (native number): what to read at entry and
 * at exit, and whether its entry is sent on its own (calls that may
 * block).  Byte buffers are read up to string_limit bytes (strace's -s),
 * paths whole.  A syscall without a decoder gets an empty plan.
 */
void decode__plan(int nr, unsigned int string_limit, struct syscall_plan *plan);

/* "name(" then the arguments strace prints at entry, each followed by
 * ", " when more arguments follow. */
int decode__entry(struct strbuf *sb, const struct syscall_call *c,
		  const struct decode_opts *o);
/* The arguments strace prints at exit, then ")". */
int decode__exit(struct strbuf *sb, const struct syscall_call *c,
		 const struct decode_opts *o);
/*
 * The return value as strace prints it after " = ": "3", "0x7f3a2c000",
 * "-1 ENOENT (No such file or directory)", "?" when !c->returned.
 */
int decode__return(struct strbuf *sb, const struct syscall_call *c,
		   const struct decode_opts *o);

/*
 * A delivered signal's siginfo as strace shows it between "--- SIGCHLD "
 * and " ---": "{si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=...}".
 * size: the bytes of si (the kernel fills the first 48).
 */
int decode__siginfo(struct strbuf *sb, const void *si, size_t size,
		    const struct decode_opts *o);

/* The syscall's name, or NULL for a number without one. */
const char *decode__name(int nr);

/* strace's syscall classes, for -e trace=%file,... */
enum trace_class {
	TRACE_CLASS_FILE = 1 << 0, /* takes a file name */
	TRACE_CLASS_DESC = 1 << 1, /* takes or returns a file descriptor */
	TRACE_CLASS_NETWORK = 1 << 2,
	TRACE_CLASS_PROCESS = 1 << 3, /* process lifecycle */
	TRACE_CLASS_MEMORY = 1 << 4, /* memory mapping */
	TRACE_CLASS_SIGNAL = 1 << 5,
	TRACE_CLASS_IPC = 1 << 6,
	TRACE_CLASS_CREDS = 1 << 7, /* user and group ids, capabilities */
};
/* "%file" (or "file") -> TRACE_CLASS_FILE; -EINVAL for an unknown class. */
int decode__class_by_name(const char *name, unsigned int *class_bit);
/* The TRACE_CLASS_* bits of syscall nr (native number). */
unsigned int decode__classes(int nr);

#endif
