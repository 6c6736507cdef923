/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by bpf/syscall_trace.bpf.c and src/bpf/syscall_tracer.c: what
 * the kernel side reads of each syscall (a capture plan per syscall
 * number, chosen by src/trace/decode.c) and the events it sends.
 */
#ifndef SONDE_BPF_SYSCALL_TRACE_H
#define SONDE_BPF_SYSCALL_TRACE_H

#include "syscall_count.h"

/* How one argument's memory is read.  Bounds are in capture_plan.size. */
enum capture_kind {
	CAPTURE_NONE,
	/* A NUL-terminated string (a path): up to size bytes. */
	CAPTURE_STRING,
	/* args[len_arg] bytes (write's buffer): up to size bytes. */
	CAPTURE_BYTES_ARG,
	/* As many bytes as the call returned (read's buffer), at exit. */
	CAPTURE_BYTES_RET,
	/* A fixed-size object (struct stat, timespec, int[2]): size bytes. */
	CAPTURE_STRUCT,
	/* args[len_arg] elements of elem bytes (pollfd[]): up to size. */
	CAPTURE_ARRAY_ARG,
	/* A sockaddr of args[len_arg] bytes (connect, bind, sendto). */
	CAPTURE_SOCKADDR_ARG,
	/*
	 * A sockaddr whose length is the int that args[len_arg] points to
	 * (accept, getsockname, recvfrom); capture.full holds that int.
	 */
	CAPTURE_SOCKADDR_PTR,
	/*
	 * A NULL-terminated array of string pointers (execve's argv, envp):
	 * capture.full is the number of pointers (counted up to
	 * TRACE_MAX_STRINGS_COUNTED); the first elem strings follow, each
	 * as a flag byte (1: cut at size bytes) then the bytes and a NUL.
	 * elem 0 counts only.
	 */
	CAPTURE_STRINGS,
	/*
	 * The linux_dirent64 records in the call's return bytes (getdents64):
	 * capture.full is how many, counted in the kernel; no bytes follow.
	 */
	CAPTURE_DIRENTS,
	/*
	 * args[len_arg] struct iovec at args[arg] (writev, readv):
	 * capture.full is their count; for each of the first elem, a
	 * struct trace_iovec then its kept bytes, padded to 8.  At exit
	 * the bytes are those the call returned, in order.
	 */
	CAPTURE_IOVEC,
	/*
	 * A struct msghdr (sendmsg, recvmsg): the 56 bytes of the header,
	 * a struct trace_msg_name then the name's bytes padded to 8, then
	 * the iovecs as CAPTURE_IOVEC lays them out; capture.full is
	 * msg_iovlen.  At exit the bytes are those the call returned.
	 */
	CAPTURE_MSGHDR,
};

#define TRACE_MSGHDR_BYTES 56
#define TRACE_MSG_NAME_MAX 128

/* The name (a sockaddr) of a CAPTURE_MSGHDR: how many bytes follow. */
struct trace_msg_name {
	unsigned int kept;
	unsigned int pad;
};

/* One iovec of a CAPTURE_IOVEC: its length, and how many bytes follow. */
struct trace_iovec {
	unsigned long long len;
	unsigned int kept;
	unsigned int pad;
};

/* The value of args[] a capture reads its length from, when none. */
#define CAPTURE_NO_LEN_ARG 0xff

struct capture_plan {
	unsigned char arg; /* 0..5: the argument holding the pointer */
	unsigned char kind; /* enum capture_kind */
	unsigned char len_arg; /* for *_ARG and _PTR kinds */
	unsigned char at_exit; /* outputs: read when the call returns */
	unsigned short size; /* bound in bytes (0: TRACE_CAPTURE_MAX) */
	unsigned short elem; /* ARRAY: element size; STRINGS: strings */
};

#define TRACE_MAX_CAPTURES 4
#define TRACE_CAPTURE_MAX 4096
#define TRACE_MAX_STRINGS_COUNTED 4096

/*
 * A syscall's plan.  print_at_entry: the call may block, so its entry is
 * sent when it happens (for strace's <unfinished ...> lines); other calls
 * are sent once, when they return.
 */
struct syscall_plan {
	unsigned char nr_captures;
	unsigned char print_at_entry;
	unsigned char pad[2];
	struct capture_plan captures[TRACE_MAX_CAPTURES];
};

enum trace_event_type {
	TRACE_EVENT_ENTER = 1, /* a call began (plans with entry reads) */
	TRACE_EVENT_EXIT, /* a call returned */
	TRACE_EVENT_TASK_EXIT, /* a traced task ended: ret is its exit_code */
	/*
	 * A signal delivered to a traced task: ret is its number; one
	 * capture holds the kernel's siginfo (TRACE_SIGINFO_BYTES).
	 */
	TRACE_EVENT_SIGNAL,
};

/* The fields of a siginfo the kernel fills (its kernel_siginfo). */
#define TRACE_SIGINFO_BYTES 48

/* The ring buffer's size: ~100,000 typical events. */
#define TRACE_RING_BYTES (16u << 20)

/* Header of every event in the ring buffer. */
struct trace_event {
	unsigned long long enter_ns; /* CLOCK_MONOTONIC */
	unsigned long long exit_ns; /* EXIT: when it returned */
	long long ret; /* EXIT: return value; TASK_EXIT: exit code */
	unsigned long long args[6];
	unsigned int pid, tid;
	unsigned int size; /* of the whole event */
	unsigned short nr;
	unsigned char type; /* enum trace_event_type */
	unsigned char nr_captures; /* trace_capture records that follow */
	unsigned char flags; /* TRACE_FLAG_* */
	unsigned char pad[3];
	char comm[16];
};

/*
 * EXIT: the entry was sent as an ENTER event; of its captures, only
 * those that failed then (a page not yet faulted in) are read again.
 */
#define TRACE_FLAG_ENTRY_SENT 1
/* EXIT: the held command's execve, entered before it was tracked. */
#define TRACE_FLAG_HELD_EXEC 2
/* EXIT: the task exec'd during the call (its old memory is gone). */
#define TRACE_FLAG_EXECED 4

/* Header of one capture; len bytes follow, padded to 8. */
struct trace_capture {
	unsigned char arg;
	unsigned char kind;
	unsigned char plan; /* index in the syscall's plan */
	unsigned char at_exit;
	unsigned int len; /* bytes captured */
	unsigned int full; /* see enum capture_kind */
	int err; /* 0, or -errno when the memory could not be read */
};

#endif
