/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the strace-notation decoder, shared by src/trace/decode*.c:
 * value-to-name tables, the output context, argument and return types,
 * and the per-syscall descriptions that tie them together.
 */
#ifndef SONDE_TRACE_DECODE_PRIV_H
#define SONDE_TRACE_DECODE_PRIV_H

#include "trace/decode.h"

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* ---- value-to-name tables ---- */

struct xlat_item {
	uint64_t val;
	const char *name;
};

enum xlat_style {
	XLAT_ENUM,  /* one value: its name, else hex and the unknown comment */
	XLAT_FLAGS, /* bits, in table order: "A|B|0x40" */
	XLAT_ENUM_DEC, /* one value: its name, else decimal, no comment */
};

struct xlat {
	const struct xlat_item *items;
	unsigned short nr;
	unsigned char style; /* enum xlat_style */
	const char *unknown; /* names an unknown value in a comment: SEEK_??? */
};

/* clang-format off */
#define XI(c) { (uint64_t)(c), #c }
/* A value the headers may lack, written out with its name. */
#define XN(v, name) { (uint64_t)(v), name }
/* clang-format on */
#define XLAT_TABLE(storage, id, style, unknown, ...)                        \
	static const struct xlat_item id##_items[] = {__VA_ARGS__};         \
	storage const struct xlat id = {id##_items, ARRAY_SIZE(id##_items), \
					style, unknown}
/* A table for all the decoder's files (declared below), or one file's. */
#define XLAT(id, ...) XLAT_TABLE(, id, __VA_ARGS__)
#define XLAT_STATIC(id, ...) XLAT_TABLE(static, id, __VA_ARGS__)

/* The name of v in x, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t v);

/* ---- tables (decode_xlat.c) ---- */

extern const struct xlat xlat_open_access, xlat_open_flags, xlat_at_flags,
	xlat_faccessat_flags, xlat_statx_flags, xlat_statx_mask,
	xlat_access_mode, xlat_whence, xlat_prot, xlat_map_type, xlat_map_flags,
	xlat_madv, xlat_msync, xlat_mcl, xlat_mlock, xlat_mremap,
	xlat_clone_flags, xlat_sighow, xlat_sa_flags, xlat_ss_flags,
	xlat_wait_options, xlat_idtype, xlat_rlimit, xlat_rusage_who,
	xlat_prio_which, xlat_af, xlat_sock_type, xlat_sock_flags, xlat_ipproto,
	xlat_netlink_proto, xlat_sol, xlat_so, xlat_tcp_opt, xlat_ip_opt,
	xlat_ipv6_opt, xlat_netlink_opt, xlat_msg_flags, xlat_shut,
	xlat_poll_events, xlat_epoll_events, xlat_epoll_ctl, xlat_epoll_flags,
	xlat_clockid, xlat_timer_flags, xlat_tfd_flags, xlat_tfd_settime_flags,
	xlat_efd_flags, xlat_sfd_flags, xlat_in_init_flags, xlat_in_mask,
	xlat_mfd_flags, xlat_grnd, xlat_flock_op, xlat_close_range, xlat_falloc,
	xlat_splice, xlat_rename, xlat_membarrier_cmd, xlat_futex_cmd,
	xlat_futex_wake_op, xlat_futex_wake_cmp, xlat_fcntl_cmd, xlat_fd_flags,
	xlat_seals, xlat_dn_flags, xlat_lock_type, xlat_lease, xlat_owner_type,
	xlat_ioctl, xlat_prctl, xlat_dumpable, xlat_cap, xlat_arch_prctl,
	xlat_personality, xlat_resolve, xlat_mode_type, xlat_mode_bits,
	xlat_statx_attrs, xlat_fs_magic, xlat_statfs_flags, xlat_itimer,
	xlat_sched_policy, xlat_signals, xlat_eth_p, xlat_kcmp_type,
	xlat_xattr_flags, xlat_pkey_access, xlat_umount_flags, xlat_fadvise,
	xlat_tcflsh, xlat_membarrier_flags, xlat_shmat_flags,
	xlat_userfaultfd_flags, xlat_cloexec_flags, xlat_unshare_flags,
	xlat_setns_type, xlat_pidfd_flags, xlat_perf_flags, xlat_msgrcv_flags,
	xlat_rwf_flags;

/* ---- errno names ---- */

/* Generated from the UAPI headers (scripts/gen-errno-table.sh). */
extern const char *const errno_names[];
extern const size_t errno_names_nr;

/* ---- output ---- */

/* One call being printed: appends go to sb until the first failure. */
struct dctx {
	struct strbuf *sb;
	const struct syscall_call *c;
	const struct decode_opts *o;
	const struct syscall_desc *d;
	struct syscall_plan plan; /* as decode__plan() gave the kernel side */
	bool exit_phase;	  /* printing the arguments shown at exit */
	int err; /* the first strbuf error; later appends are dropped */
};

static inline uint64_t d_arg(const struct dctx *x, int i)
{
	return x->c->args[i];
}

void d_puts(struct dctx *x, const char *s);
void d_printf(struct dctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* NULL or 0x7ffd1234 */
void d_ptr(struct dctx *x, uint64_t v);
/* A descriptor, with its path under -y: 3</etc/passwd>, AT_FDCWD</tmp> */
void d_fd(struct dctx *x, int fd);
/* Only the "</etc/passwd>" of -y, when the path is known. */
void d_fd_path(struct dctx *x, int fd);

enum quote_flags {
	QUOTE_HEX = 1 << 0,    /* every byte as \xNN (getrandom) */
	QUOTE_MORE = 1 << 1,   /* cut: "..." after the closing quote */
	QUOTE_NUL = 1 << 2,    /* stop at the first NUL */
	QUOTE_ANGLES = 1 << 3, /* -y paths: < and > escaped too */
};
/* n bytes of p quoted and escaped as strace does. */
void d_quote(struct dctx *x, const unsigned char *p, size_t n,
	     unsigned int flags);

/* v through x: an enum's name or a "|"-joined set of flags. */
void d_xlat(struct dctx *x, const struct xlat *xl, uint64_t v);
/*
 * Flags through xl with what is left in hex: "A|B|0x40".  When none
 * matches, the hex value alone, with the table's unknown comment if
 * with_comment; zero prints as "0" unless xl names it.
 */
void d_flags(struct dctx *x, const struct xlat *xl, uint64_t v,
	     bool with_comment);
/*
 * The names of the flags of v, "|"-joined (with a leading "|" unless
 * *first); clears *first when one printed.  Returns the bits left.
 */
uint64_t d_flag_names(struct dctx *x, const struct xlat *xl, uint64_t v,
		      bool *first);
/* What d_flag_names left: "|0x40", or alone "0x40 (comment)". */
void d_flags_rest(struct dctx *x, const struct xlat *xl, uint64_t rest,
		  bool first, bool with_comment);
/* A signal: SIGINT, SIGRTMIN, SIGRT_3, else the number. */
void d_signal(struct dctx *x, int sig);
/* A signal set of size bytes: [INT TERM] or ~[RTMIN RT_1]. */
void d_sigset(struct dctx *x, const unsigned char *set, size_t size);
/* A mode's type and permission bits: S_IFREG|0644 */
void d_mode(struct dctx *x, unsigned int mode, bool with_type);
/* Seconds since the epoch in local time: 2023-11-14T22:13:20+0000 */
void d_time(struct dctx *x, long long sec, long nsec, bool with_nsec);

/* ---- captures ---- */

/* The plan's read of argument arg at entry or exit, or NULL. */
const struct capture_plan *d_cap_plan(const struct dctx *x, int arg,
				      bool at_exit);
/* The capture of argument arg read at entry or exit, if it has data. */
const struct call_capture *d_cap(const struct dctx *x, int arg, bool at_exit);
/* Copies a whole captured object of size bytes; false if not captured. */
bool d_struct(const struct dctx *x, int arg, bool at_exit, void *dst,
	      size_t size);
/* The call returned an error (-4095..-1). */
bool d_failed(const struct dctx *x);
/* The call's return value counts as an error value. */
bool d_is_error(int64_t ret);

/* ---- argument types ---- */

enum arg_type {
	A_HEX,	   /* undecoded: 0x11 */
	A_PTR,	   /* NULL or 0x7ffd... */
	A_PTR_OUT, /* the same, shown at exit (an undecoded output) */
	A_INT,
	A_UINT,
	A_LONG,
	A_ULONG,
	A_SIGSETSIZE, /* the size of the call's signal sets */
	A_OCT,	      /* a mode: 0644 */
	A_MODE_TYPED, /* mknod's: S_IFCHR|0600 */
	A_MKNOD_DEV,  /* makedev(0x1, 0x3), for devices only */
	A_FD,
	A_DIRFD,	  /* AT_FDCWD or a descriptor */
	A_OFF_HEX,	  /* mmap's offset */
	A_U32_HEX,	  /* 0x53053053 */
	A_PATH,		  /* a path, read whole at entry */
	A_STR,		  /* a string, cut at -s */
	A_PATH_OUT,	  /* a path the call wrote (getcwd) */
	A_BUF_IN,	  /* bytes of length the next argument, at entry */
	A_BUF_OUT,	  /* bytes of length the return value, at exit */
	A_BUF_RANDOM,	  /* the same, in hex (getrandom) */
	A_DIRENTS,	  /* getdents: the pointer and the entry count */
	A_MODE_OPT,	  /* open's mode, when its flags may create a file */
	A_OPEN_FLAGS,	  /* O_RDONLY|O_CLOEXEC */
	A_MREMAP_ADDR,	  /* with MREMAP_FIXED only */
	A_MEMBARRIER_CPU, /* with MEMBARRIER_CMD_FLAG_CPU only */
	A_NONE,		  /* never shown: preadv2's high half of the offset */
	/* Types printed through their table alone: */
	A_OFLAGS, /* pipe2, dup3: flags without an access mode */
	A_AT_FLAGS,
	A_FACCESSAT_FLAGS,
	A_ACCESS_MODE,
	A_WHENCE,
	A_PROT,
	A_MADV,
	A_MSYNC,
	A_MCL,
	A_MLOCK,
	A_MREMAP,
	A_SIGHOW,
	A_WAIT_OPTIONS,
	A_IDTYPE,
	A_RLIMIT,
	A_RUSAGE_WHO,
	A_PRIO_WHICH,
	A_AF,
	A_MSG_FLAGS,
	A_SHUT,
	A_SOCK_FLAGS,
	A_EPOLL_CTL,
	A_EPOLL_FLAGS,
	A_CLOCKID,
	A_TIMER_FLAGS,
	A_TFD_FLAGS,
	A_TFD_SETTIME_FLAGS,
	A_EFD_FLAGS,
	A_SFD_FLAGS,
	A_IN_INIT_FLAGS,
	A_IN_MASK,
	A_GRND,
	A_FLOCK_OP,
	A_CLOSE_RANGE,
	A_FALLOC,
	A_SPLICE,
	A_RENAME,
	A_MEMBARRIER_CMD,
	A_ITIMER,
	A_SCHED_POLICY,
	A_KCMP_TYPE,
	A_XATTR_FLAGS,
	A_PKEY_ACCESS,
	A_UMOUNT_FLAGS,
	A_FADVISE,
	A_UNSHARE_FLAGS,
	A_SETNS_TYPE,
	A_MEMBARRIER_FLAGS,
	A_SHMAT_FLAGS,
	A_MSGRCV_FLAGS,
	A_USERFAULTFD_FLAGS,
	A_CLOEXEC_FLAGS,
	A_PIDFD_FLAGS,
	A_PERF_FLAGS,
	A_RWF_FLAGS,
	A_STATX_MASK,
	A_FCNTL_CMD,
	A_PRCTL_OPTION,
	A_ARCH_PRCTL_CODE,
	/* Flags with more structure: */
	A_STATX_FLAGS,
	A_MAP_FLAGS,
	A_MFD_FLAGS,
	A_CLONE_FLAGS,
	A_SIGNAL,
	A_SOCK_TYPE,
	A_SOCK_PROTO, /* by the family in argument 0 */
	A_SOCK_LEVEL,
	A_SOCK_OPTNAME, /* by the level in the previous argument */
	A_PERSONALITY,
	/* Objects in memory: */
	A_SOCKOPT_IN,	 /* setsockopt's value: [1] */
	A_SOCKOPT_OUT,	 /* getsockopt's */
	A_SOCKADDR_IN,	 /* of the length in the next argument */
	A_SOCKADDR_OUT,	 /* of the length the next argument points to */
	A_SOCKLEN_INOUT, /* [128 => 16] */
	A_FDPAIR_OUT,	 /* pipe, socketpair: [3, 4] */
	A_INT_OUT,	 /* [0] */
	A_INT_IN,
	A_UID_OUT,    /* [0] */
	A_ADDR_OUT,   /* [0x7f...] */
	A_SIZE_OUT,   /* [24] */
	A_LOFF_INOUT, /* sendfile: [2] => [5] */
	A_LOFF_IN,    /* splice, copy_file_range: [0] */
	A_GIDS_IN,    /* as many as the previous argument says */
	A_GIDS_OUT,
	A_CPUSET_IN, /* of the size in the previous argument */
	A_CPUSET_OUT,
	A_STAT_OUT,
	A_STATX_OUT,
	A_STATFS_OUT,
	A_TIMESPEC_IN,
	A_TIMESPEC_KEPT, /* read at entry, shown at exit even on failure */
	A_TIMESPEC_OUT,
	A_TIMESPEC_REM, /* nanosleep's remainder: written when interrupted */
	A_UTIMES_IN,	/* utimensat's [atime, mtime] */
	A_TIMEVAL_IN,
	A_TMS_OUT,
	A_TIMEVAL_OUT,
	A_TIMEZONE_OUT,
	A_TIME_OUT, /* time(): [1700000000 (date)] */
	A_ITIMERSPEC_IN,
	A_ITIMERSPEC_OUT,
	A_ITIMERVAL_IN,
	A_ITIMERVAL_OUT,
	A_RLIMIT_IN,
	A_RLIMIT_OUT,
	A_RUSAGE_OUT,
	A_UTSNAME_OUT,
	A_SYSINFO_OUT,
	A_SIGACTION_IN,
	A_SIGACTION_OUT,
	A_SIGSET_IN,
	A_SIGSET_OUT,
	A_STACK_IN,
	A_STACK_OUT,
	A_WSTATUS,
	A_SIGINFO_IN,
	A_SIGINFO_OUT,
	A_POLLFDS,
	A_FDSET,
	A_EPOLL_EVENT_IN,
	A_EPOLL_EVENTS_OUT,
	A_ARGV,
	A_IOVEC_IN, /* iovecs and their bytes (writev); count in the next */
	A_IOVEC_OUT, /* the same, filled by the call (readv) */
	A_MSGHDR_IN, /* struct msghdr, its name and iovecs (sendmsg) */
	A_MSGHDR_OUT, /* the same, filled by the call (recvmsg) */
	A_ENVP,
	A_OPEN_HOW,
	A_CLONE_ARGS,
	/* Arguments that depend on others: */
	A_CLONE_STACK,
	A_CLONE_PTID,
	A_CLONE_CTID,
	A_CLONE_TLS,
	A_FUTEX_OP,
	A_FUTEX_ARG, /* by the futex command */
	A_FCNTL_ARG,
	A_IOCTL_CMD,
	A_IOCTL_ARG,
	A_PRCTL_ARG1, /* prctl's first argument: the one read from memory */
	A_PRCTL_ARG,
	A_ARCH_PRCTL_ADDR,
	A__COUNT,
};

/* How a capture's size is chosen. */
enum cap_size {
	CAP_FIXED,  /* arg_cap.size bytes */
	CAP_LIMIT,  /* string_limit bytes (strace -s) */
	CAP_LIMIT1, /* string_limit + 1: enough to tell a string was cut */
	/*
	 * string_limit + 2 for CAPTURE_STRING: a string read keeps a byte
	 * of its bound for the NUL, so this shows string_limit + 1 bytes.
	 */
	CAP_LIMIT2,
};

/* One read of an argument's memory by the kernel side. */
struct arg_cap {
	unsigned char kind; /* enum capture_kind; CAPTURE_NONE: no read */
	unsigned char at_exit;
	signed char len_rel;   /* the length argument, relative to this one */
	unsigned char size_by; /* enum cap_size */
	unsigned short size;
	unsigned short elem;
	bool elem_by_limit; /* CAPTURE_STRINGS: string_limit strings */
};

struct arg_ops {
	void (*print)(struct dctx *x, int i);
	/* NULL: always shown; else whether this call shows argument i */
	bool (*present)(const struct dctx *x, int i);
	const struct xlat *xlat; /* for the printers that take one */
	const char *label;	 /* printed before the value: "flags=" */
	bool out;		 /* the call writes it: printed at exit */
	bool (*out_if)(const struct dctx *x, int i); /* out for some calls */
	/*
	 * strace shows objects printed at exit as pointers when the call
	 * failed, except those it formats at entry and keeps.
	 */
	bool kept;
	bool wide; /* a 64-bit flags word: printed whole */
	struct arg_cap cap[2];
};

extern const struct arg_ops arg_ops[A__COUNT];

/* The call writes argument i: it prints at exit, from exit captures. */
bool arg_is_out(const struct dctx *x, int i);
/*
 * The object argument i points to, size bytes as captured at entry or at
 * exit (by arg_is_out).  Prints NULL, or the pointer when there is no
 * object to show (not read, or shown at exit of a failed call), and
 * returns false then.
 */
bool d_object(struct dctx *x, int i, void *dst, size_t size);
/* The capture to show argument i from, as d_object decides, or NULL. */
const struct call_capture *d_arg_cap(struct dctx *x, int i);

/* Kernel object sizes on 64-bit Linux, as the kernel side reads them. */
#define SZ_STAT 144
#define SZ_STATX 256
#define SZ_STATFS 120
#define SZ_FDSET 128
#define SZ_POLLFD 8
#define SZ_SIGSET 8
#if defined(__x86_64__)
#define SZ_EPOLL_EVENT 12 /* packed on x86_64 only */
#else
#define SZ_EPOLL_EVENT 16
#endif
#if defined(__aarch64__)
#undef SZ_STAT
#define SZ_STAT 128
#endif

/* decode_args.c */
void d_open_flags(struct dctx *x, uint32_t flags);
/* Open flags that may create a file, so that the mode matters. */
bool d_open_creates(uint64_t flags);
void p_str(struct dctx *x, int i);

/* decode_struct.c */
void p_int_obj(struct dctx *x, int i);
void p_uid_obj(struct dctx *x, int i);
void p_addr_obj(struct dctx *x, int i);
void p_size_obj(struct dctx *x, int i);
void p_loff(struct dctx *x, int i);
void p_loff_inout(struct dctx *x, int i);
void p_socklen(struct dctx *x, int i);
void p_fdpair(struct dctx *x, int i);
void p_sockopt(struct dctx *x, int i);
void p_gids(struct dctx *x, int i);
void p_cpuset(struct dctx *x, int i);
void p_stat(struct dctx *x, int i);
void p_statx(struct dctx *x, int i);
void p_statfs(struct dctx *x, int i);
void p_open_how(struct dctx *x, int i);
void d_timespec(struct dctx *x, long long sec, long long nsec);
void p_timespec(struct dctx *x, int i);
void p_timespec_rem(struct dctx *x, int i);
void p_utimes(struct dctx *x, int i);
void p_timeval(struct dctx *x, int i);
void p_tms(struct dctx *x, int i);
void p_timezone(struct dctx *x, int i);
void p_time_obj(struct dctx *x, int i);
void p_itimerspec(struct dctx *x, int i);
void p_itimerval(struct dctx *x, int i);
void p_rlimit(struct dctx *x, int i);
void p_rusage(struct dctx *x, int i);
void p_utsname(struct dctx *x, int i);
void p_sysinfo(struct dctx *x, int i);
void p_wstatus(struct dctx *x, int i);
void p_sigset(struct dctx *x, int i);
void p_sigaction(struct dctx *x, int i);
void p_stack(struct dctx *x, int i);
void p_siginfo(struct dctx *x, int i);
/* A siginfo's fields, as strace shows them: "{si_signo=..., ...}". */
void d_siginfo(struct dctx *x, const siginfo_t *si);
void d_sockaddr(struct dctx *x, const unsigned char *p, size_t len);
void p_sockaddr(struct dctx *x, int i);
void d_pollfds(struct dctx *x, const unsigned char *p, size_t count,
	       bool revents);
void p_pollfds(struct dctx *x, int i);
void p_fdset(struct dctx *x, int i);
void p_epoll_event(struct dctx *x, int i);
void p_epoll_events(struct dctx *x, int i);
void p_argv(struct dctx *x, int i);
void p_iovec(struct dctx *x, int i);
void p_msghdr(struct dctx *x, int i);
void p_envp(struct dctx *x, int i);
void p_clone_args(struct dctx *x, int i);

/* decode_cmd.c */
bool clone_has_ptid(const struct dctx *x, int i);
bool clone_has_ctid(const struct dctx *x, int i);
bool clone_has_tls(const struct dctx *x, int i);
void p_clone_ptid(struct dctx *x, int i);
bool futex_has_arg(const struct dctx *x, int i);
void p_futex_op(struct dctx *x, int i);
void p_futex_arg(struct dctx *x, int i);
bool fcntl_has_arg(const struct dctx *x, int i);
bool fcntl_arg_out(const struct dctx *x, int i);
void p_fcntl_arg(struct dctx *x, int i);
bool ioctl_has_arg(const struct dctx *x, int i);
bool ioctl_arg_out(const struct dctx *x, int i);
void p_ioctl_cmd(struct dctx *x, int i);
void p_ioctl_arg(struct dctx *x, int i);
bool prctl_has_arg(const struct dctx *x, int i);
bool prctl_arg_out(const struct dctx *x, int i);
void p_prctl_arg(struct dctx *x, int i);
bool arch_prctl_has_addr(const struct dctx *x, int i);
bool arch_prctl_addr_out(const struct dctx *x, int i);
void p_arch_prctl_addr(struct dctx *x, int i);
void d_personality(struct dctx *x, uint32_t v);

/* ---- return values ---- */

enum ret_type {
	R_DEC,
	R_HEX, /* a pointer: mmap, brk */
	R_FD,  /* a new descriptor: -y shows its path */
	R_OCT, /* umask */
	R_FCNTL,
	R_POLL,
	R_SELECT,
	R_TIME,
	R_PRCTL,
	R_PERSONALITY,
	R_MEMBARRIER,
	R_SIGNAL, /* rt_sigtimedwait: 10 (SIGUSR1) */
	R_SCHED_POLICY,
};

/* decode.c, decode_cmd.c */
void r_fd(struct dctx *x);
void r_flags(struct dctx *x, const struct xlat *xl, const char *what);
void r_fcntl(struct dctx *x);
void r_prctl(struct dctx *x);

/* ---- syscalls ---- */

struct syscall_desc {
	const char *name;
	unsigned char nargs;
	unsigned char classes; /* TRACE_CLASS_* */
	unsigned char ret;     /* enum ret_type */
	unsigned char blocks;  /* may block: its entry is sent on its own */
	unsigned char args[6]; /* enum arg_type */
	const unsigned char *order; /* NULL, or the order to print args in */
};

/* The description of a syscall by name, or NULL. */
const struct syscall_desc *syscall_desc__find(const char *name);
/* All descriptions, sorted by name. */
const struct syscall_desc *syscall_desc__all(size_t *nr);

#endif
