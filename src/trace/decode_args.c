// SPDX-License-Identifier: GPL-2.0
/*
 * Argument types: how each prints, whether the kernel side reads its
 * memory, and when.  Numbers, strings, buffers and flags are here; structs
 * are in decode_struct.c, command-dependent arguments in decode_cmd.c.
 */
#include "trace/decode_priv.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static void p_hex(struct dctx *x, int i)
{
	d_printf(x, "%#llx", (unsigned long long)d_arg(x, i));
}

static void p_ptr(struct dctx *x, int i)
{
	d_ptr(x, d_arg(x, i));
}

static void p_int(struct dctx *x, int i)
{
	d_printf(x, "%d", (int)d_arg(x, i));
}

static void p_uint(struct dctx *x, int i)
{
	d_printf(x, "%u", (unsigned int)d_arg(x, i));
}

static void p_long(struct dctx *x, int i)
{
	d_printf(x, "%lld", (long long)d_arg(x, i));
}

static void p_ulong(struct dctx *x, int i)
{
	d_printf(x, "%llu", (unsigned long long)d_arg(x, i));
}

static void p_u32_hex(struct dctx *x, int i)
{
	d_printf(x, "%#x", (unsigned int)d_arg(x, i));
}

/* Modes are the kernel's 16-bit umode_t. */
static void p_oct(struct dctx *x, int i)
{
	d_mode(x, (uint16_t)d_arg(x, i), false);
}

static void p_fd(struct dctx *x, int i)
{
	d_fd(x, (int)d_arg(x, i));
}

/* Through the type's table, as the 32-bit value the kernel reads. */
static void p_xlat(struct dctx *x, int i)
{
	const struct arg_ops *ops = &arg_ops[x->d->args[i]];
	uint64_t v = d_arg(x, i);

	d_xlat(x, ops->xlat, ops->wide ? v : (uint32_t)v);
}

/* ---- strings and buffers ---- */

/*
 * A NUL-terminated string of which strace shows limit bytes.  A capture
 * that filled its bound without a NUL was cut.
 */
static void string(struct dctx *x, int i, size_t limit)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	const struct capture_plan *p;
	size_t n;
	bool cut;

	if (!cap)
		return;
	p = d_cap_plan(x, i, arg_is_out(x, i));
	n = strnlen((const char *)cap->data, cap->len);
	cut = n > limit || (n == cap->len && n >= p->size);
	d_quote(x, cap->data, n > limit ? limit : n, cut ? QUOTE_MORE : 0);
}

/* Paths: whole, as strace prints them up to PATH_MAX. */
static void p_path(struct dctx *x, int i)
{
	string(x, i, TRACE_CAPTURE_MAX);
}

void p_str(struct dctx *x, int i)
{
	string(x, i, x->o->string_limit);
}

/* len bytes at argument i, of which the capture holds the first ones. */
static void buffer(struct dctx *x, int i, uint64_t len, unsigned int flags)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	uint64_t shown = len;

	if (!cap)
		return;
	if (shown > x->o->string_limit)
		shown = x->o->string_limit;
	if (shown > cap->len)
		shown = cap->len;
	d_quote(x, cap->data, (size_t)shown,
		flags | (len > shown ? QUOTE_MORE : 0));
}

static void p_buf_in(struct dctx *x, int i)
{
	buffer(x, i, d_arg(x, i + 1), 0);
}

/* What the call read: as many bytes as it returned. */
static void p_buf_out(struct dctx *x, int i)
{
	buffer(x, i, (uint64_t)x->c->ret, 0);
}

static void p_buf_random(struct dctx *x, int i)
{
	buffer(x, i, (uint64_t)x->c->ret, QUOTE_HEX);
}

/* getdents64: the pointer, and how many entries (counted in the kernel). */
static void p_dirents(struct dctx *x, int i)
{
	const struct call_capture *cap = d_cap(x, i, true);

	d_ptr(x, d_arg(x, i));
	if (d_failed(x) || !cap || cap->err)
		return;
	d_printf(x, " /* %u entries */", cap->full);
}

/* ---- flags with a structure of their own ---- */

bool d_open_creates(uint64_t flags)
{
	/* O_TMPFILE includes O_DIRECTORY's bit. */
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

/* The access mode, then the other flags: O_RDONLY|O_CLOEXEC */
void d_open_flags(struct dctx *x, uint32_t v)
{
	d_xlat(x, &xlat_open_access, v & O_ACCMODE);
	v &= ~(uint32_t)O_ACCMODE;
	if (v) {
		d_puts(x, "|");
		d_flags(x, &xlat_open_flags, v, false);
	}
}

static void p_open_flags(struct dctx *x, int i)
{
	d_open_flags(x, (uint32_t)d_arg(x, i));
}

/* open's mode matters only when the call may create a file. */
static bool has_mode(const struct dctx *x, int i)
{
	return d_open_creates(d_arg(x, i - 1));
}

static void p_mode_typed(struct dctx *x, int i)
{
	d_mode(x, (uint16_t)d_arg(x, i), true);
}

/* mknod's device: for character and block devices only. */
static bool is_device(const struct dctx *x, int i)
{
	uint32_t type = (uint32_t)d_arg(x, i - 1) & S_IFMT;

	return type == S_IFCHR || type == S_IFBLK;
}

static void p_dev(struct dctx *x, int i)
{
	dev_t dev = (dev_t)d_arg(x, i);

	d_printf(x, "makedev(%#x, %#x)", major(dev), minor(dev));
}

static bool mremap_fixed(const struct dctx *x, int i)
{
	return d_arg(x, i - 1) & MREMAP_FIXED;
}

static bool never(const struct dctx *x, int i)
{
	return false;
}

static bool membarrier_cpu(const struct dctx *x, int i)
{
	return d_arg(x, i - 1) & 1; /* MEMBARRIER_CMD_FLAG_CPU */
}

static void p_statx_flags(struct dctx *x, int i)
{
	uint32_t v = (uint32_t)d_arg(x, i);
	/* AT_STATX_SYNC_AS_STAT is the zero value of a two-bit field. */
	bool as_stat = !(v & 0x6000);

	if (as_stat) {
		d_puts(x, "AT_STATX_SYNC_AS_STAT");
		if (!v)
			return;
		d_puts(x, "|");
	}
	d_flags(x, &xlat_statx_flags, v, !as_stat);
}

/* Flags, then a field in the top bits: MAP_HUGETLB|21<<MAP_HUGE_SHIFT */
static void flags_with_huge(struct dctx *x, const struct xlat *xl, uint32_t v,
			    const char *shift_name, bool lead)
{
	uint32_t huge = v >> 26;

	v &= (1u << 26) - 1;
	if (v) {
		if (lead)
			d_puts(x, "|");
		d_flags(x, xl, v, !huge);
		lead = true;
	}
	if (huge)
		d_printf(x, "%s%u<<%s", lead ? "|" : "", huge, shift_name);
	else if (!lead)
		d_puts(x, "0");
}

static void p_map_flags(struct dctx *x, int i)
{
	uint32_t v = (uint32_t)d_arg(x, i);

	d_xlat(x, &xlat_map_type, v & MAP_TYPE);
	flags_with_huge(x, &xlat_map_flags, v & ~(uint32_t)MAP_TYPE,
			"MAP_HUGE_SHIFT", true);
}

static void p_mfd_flags(struct dctx *x, int i)
{
	flags_with_huge(x, &xlat_mfd_flags, (uint32_t)d_arg(x, i),
			"MFD_HUGE_SHIFT", false);
}

/*
 * clone's flags: 32 bits of them (the higher ones are clone3's), with the
 * exit signal in the low byte.
 */
static void p_clone_flags(struct dctx *x, int i)
{
	uint64_t v = d_arg(x, i), rest;
	int sig = (int)(v & 0xff);
	bool first = true;

	rest = d_flag_names(x, &xlat_clone_flags, v & 0xffffff00, &first) |
	       (v & ~0xffffffffULL);
	d_flags_rest(x, &xlat_clone_flags, rest, first, true);
	if (rest)
		first = false;
	if (sig) {
		if (!first)
			d_puts(x, "|");
		d_signal(x, sig);
	} else if (first) {
		d_puts(x, "0");
	}
}

static void p_signal(struct dctx *x, int i)
{
	d_signal(x, (int)d_arg(x, i));
}

static void p_sock_type(struct dctx *x, int i)
{
	uint32_t v = (uint32_t)d_arg(x, i);
	const char *type = xlat_name(&xlat_sock_type, v & 0xf);

	if (type) {
		d_puts(x, type);
		v &= ~0xfu;
		if (!v)
			return;
		d_puts(x, "|");
	}
	d_flags(x, &xlat_sock_flags, v, true);
}

/* The protocol of socket(): its meaning depends on the family. */
static void p_sock_proto(struct dctx *x, int i)
{
	uint32_t v = (uint32_t)d_arg(x, i);

	switch ((int)d_arg(x, 0)) {
	case AF_INET:
	case AF_INET6:
		d_xlat(x, &xlat_ipproto, v);
		break;
	case AF_NETLINK:
		d_xlat(x, &xlat_netlink_proto, v);
		break;
	case AF_PACKET: /* an ethertype in network order */
		d_puts(x, "htons(");
		d_xlat(x, &xlat_eth_p, ntohs((uint16_t)v));
		d_puts(x, ")");
		break;
	default:
		d_printf(x, "%u", v);
	}
}

static void p_sock_optname(struct dctx *x, int i)
{
	static const struct {
		int level;
		const struct xlat *names;
	} by_level[] = {
		{IPPROTO_IP, &xlat_ip_opt},
		{SOL_SOCKET, &xlat_so},
		{IPPROTO_TCP, &xlat_tcp_opt},
		{IPPROTO_IPV6, &xlat_ipv6_opt},
		{SOL_NETLINK, &xlat_netlink_opt},
	};
	int level = (int)d_arg(x, i - 1);

	for (size_t k = 0; k < ARRAY_SIZE(by_level); k++) {
		if (by_level[k].level == level) {
			d_xlat(x, by_level[k].names, (uint32_t)d_arg(x, i));
			return;
		}
	}
	d_printf(x, "%u", (unsigned int)d_arg(x, i));
}

static void p_personality(struct dctx *x, int i)
{
	uint32_t v = (uint32_t)d_arg(x, i);

	/* 0xffffffff asks for the current personality. */
	if (v == 0xffffffff) {
		d_puts(x, "0xffffffff");
		return;
	}
	d_personality(x, v);
}

/* ---- the table ---- */

#define CAP(k, exit, by, sz)                                                  \
	{                                                                     \
		.kind = (k), .at_exit = (exit), .size_by = (by), .size = (sz) \
	}
#define CAP_LEN(k, exit, rel, by, sz, el)                         \
	{                                                         \
		.kind = (k), .at_exit = (exit), .len_rel = (rel), \
		.size_by = (by), .size = (sz), .elem = (el)       \
	}
#define STRUCT_IN(sz) CAP(CAPTURE_STRUCT, 0, CAP_FIXED, sz)
#define STRUCT_OUT(sz) CAP(CAPTURE_STRUCT, 1, CAP_FIXED, sz)
#define XL(t, table) [t] = {.print = p_xlat, .xlat = &table}

/* Kernel object sizes on 64-bit Linux, as the kernel side reads them. */
#define SZ_TIMESPEC 16
#define SZ_TIMEVAL 16
#define SZ_ITIMER 32
#define SZ_RLIMIT 16
#define SZ_RUSAGE 144
#define SZ_UTSNAME 390
#define SZ_SYSINFO 112
#define SZ_SIGACTION 32
#define SZ_STACK 24
#define SZ_SOCKADDR 128
#define SZ_SIGINFO 128
#define SZ_FLOCK 32
#define SZ_CPUSET 128
#define SZ_OPEN_HOW 24
#define SZ_CLONE_ARGS 88

const struct arg_ops arg_ops[A__COUNT] = {
	[A_HEX] = {.print = p_hex},
	[A_PTR] = {.print = p_ptr},
	[A_PTR_OUT] = {.print = p_ptr, .out = true},
	[A_INT] = {.print = p_int},
	[A_UINT] = {.print = p_uint},
	[A_LONG] = {.print = p_long},
	[A_ULONG] = {.print = p_ulong},
	[A_SIGSETSIZE] = {.print = p_ulong},
	[A_OCT] = {.print = p_oct},
	[A_MODE_TYPED] = {.print = p_mode_typed},
	[A_MKNOD_DEV] = {.print = p_dev, .present = is_device},
	[A_FD] = {.print = p_fd},
	[A_DIRFD] = {.print = p_fd},
	[A_OFF_HEX] = {.print = p_hex},
	[A_U32_HEX] = {.print = p_u32_hex},
	[A_PATH] = {.print = p_path,
		    .cap = {CAP(CAPTURE_STRING, 0, CAP_FIXED,
				TRACE_CAPTURE_MAX)}},
	[A_STR] = {.print = p_str,
		   .cap = {CAP(CAPTURE_STRING, 0, CAP_LIMIT2, 0)}},
	[A_PATH_OUT] = {.print = p_path,
			.out = true,
			.cap = {CAP(CAPTURE_STRING, 1, CAP_FIXED,
				    TRACE_CAPTURE_MAX)}},
	[A_BUF_IN] = {.print = p_buf_in,
		      .cap = {CAP_LEN(CAPTURE_BYTES_ARG, 0, 1, CAP_LIMIT, 0,
				      0)}},
	[A_BUF_OUT] = {.print = p_buf_out,
		       .out = true,
		       .cap = {CAP(CAPTURE_BYTES_RET, 1, CAP_LIMIT, 0)}},
	[A_BUF_RANDOM] = {.print = p_buf_random,
			  .out = true,
			  .cap = {CAP(CAPTURE_BYTES_RET, 1, CAP_LIMIT, 0)}},
	[A_DIRENTS] = {.print = p_dirents,
		       .out = true,
		       .cap = {CAP(CAPTURE_DIRENTS, 1, CAP_FIXED, 0)}},
	[A_MODE_OPT] = {.print = p_oct, .present = has_mode},
	[A_OPEN_FLAGS] = {.print = p_open_flags},
	[A_MREMAP_ADDR] = {.print = p_ptr, .present = mremap_fixed},
	[A_MEMBARRIER_CPU] = {.print = p_int, .present = membarrier_cpu},
	[A_NONE] = {.print = p_hex, .present = never},
	XL(A_OFLAGS, xlat_open_flags),
	XL(A_AT_FLAGS, xlat_at_flags),
	XL(A_FACCESSAT_FLAGS, xlat_faccessat_flags),
	XL(A_ACCESS_MODE, xlat_access_mode),
	XL(A_WHENCE, xlat_whence),
	XL(A_PROT, xlat_prot),
	XL(A_MADV, xlat_madv),
	XL(A_MSYNC, xlat_msync),
	XL(A_MCL, xlat_mcl),
	XL(A_MLOCK, xlat_mlock),
	[A_MREMAP] = {.print = p_xlat, .xlat = &xlat_mremap, .wide = true},
	XL(A_SIGHOW, xlat_sighow),
	XL(A_WAIT_OPTIONS, xlat_wait_options),
	XL(A_IDTYPE, xlat_idtype),
	XL(A_RLIMIT, xlat_rlimit),
	XL(A_RUSAGE_WHO, xlat_rusage_who),
	XL(A_PRIO_WHICH, xlat_prio_which),
	XL(A_AF, xlat_af),
	XL(A_MSG_FLAGS, xlat_msg_flags),
	XL(A_SHUT, xlat_shut),
	XL(A_SOCK_FLAGS, xlat_sock_flags),
	XL(A_EPOLL_CTL, xlat_epoll_ctl),
	XL(A_EPOLL_FLAGS, xlat_epoll_flags),
	XL(A_CLOCKID, xlat_clockid),
	XL(A_TIMER_FLAGS, xlat_timer_flags),
	XL(A_TFD_FLAGS, xlat_tfd_flags),
	XL(A_TFD_SETTIME_FLAGS, xlat_tfd_settime_flags),
	XL(A_EFD_FLAGS, xlat_efd_flags),
	XL(A_SFD_FLAGS, xlat_sfd_flags),
	XL(A_IN_INIT_FLAGS, xlat_in_init_flags),
	XL(A_IN_MASK, xlat_in_mask),
	XL(A_GRND, xlat_grnd),
	XL(A_FLOCK_OP, xlat_flock_op),
	XL(A_CLOSE_RANGE, xlat_close_range),
	XL(A_FALLOC, xlat_falloc),
	XL(A_SPLICE, xlat_splice),
	XL(A_RENAME, xlat_rename),
	XL(A_MEMBARRIER_CMD, xlat_membarrier_cmd),
	XL(A_ITIMER, xlat_itimer),
	XL(A_SCHED_POLICY, xlat_sched_policy),
	XL(A_KCMP_TYPE, xlat_kcmp_type),
	XL(A_XATTR_FLAGS, xlat_xattr_flags),
	XL(A_PKEY_ACCESS, xlat_pkey_access),
	XL(A_UMOUNT_FLAGS, xlat_umount_flags),
	XL(A_FADVISE, xlat_fadvise),
	XL(A_UNSHARE_FLAGS, xlat_unshare_flags),
	XL(A_SETNS_TYPE, xlat_setns_type),
	XL(A_MEMBARRIER_FLAGS, xlat_membarrier_flags),
	XL(A_SHMAT_FLAGS, xlat_shmat_flags),
	XL(A_MSGRCV_FLAGS, xlat_msgrcv_flags),
	XL(A_USERFAULTFD_FLAGS, xlat_userfaultfd_flags),
	XL(A_CLOEXEC_FLAGS, xlat_cloexec_flags),
	XL(A_PIDFD_FLAGS, xlat_pidfd_flags),
	XL(A_PERF_FLAGS, xlat_perf_flags),
	XL(A_RWF_FLAGS, xlat_rwf_flags),
	XL(A_STATX_MASK, xlat_statx_mask),
	XL(A_FCNTL_CMD, xlat_fcntl_cmd),
	XL(A_PRCTL_OPTION, xlat_prctl),
	XL(A_ARCH_PRCTL_CODE, xlat_arch_prctl),
	[A_STATX_FLAGS] = {.print = p_statx_flags},
	[A_MAP_FLAGS] = {.print = p_map_flags},
	[A_MFD_FLAGS] = {.print = p_mfd_flags},
	[A_CLONE_FLAGS] = {.print = p_clone_flags, .label = "flags="},
	[A_SIGNAL] = {.print = p_signal},
	[A_SOCK_TYPE] = {.print = p_sock_type},
	[A_SOCK_PROTO] = {.print = p_sock_proto},
	XL(A_SOCK_LEVEL, xlat_sol),
	[A_SOCK_OPTNAME] = {.print = p_sock_optname},
	[A_PERSONALITY] = {.print = p_personality},

	/* Objects in memory (decode_struct.c). */
	[A_SOCKOPT_IN] = {.print = p_sockopt, .cap = {STRUCT_IN(4)}},
	[A_SOCKOPT_OUT] = {.print = p_sockopt,
			   .out = true,
			   .cap = {STRUCT_OUT(4)}},
	[A_SOCKADDR_IN] = {.print = p_sockaddr,
			   .cap = {CAP_LEN(CAPTURE_SOCKADDR_ARG, 0, 1,
					   CAP_FIXED, SZ_SOCKADDR, 0)}},
	[A_SOCKADDR_OUT] = {.print = p_sockaddr,
			    .out = true,
			    .cap = {CAP_LEN(CAPTURE_SOCKADDR_PTR, 1, 1,
					    CAP_FIXED, SZ_SOCKADDR, 0)}},
	[A_SOCKLEN_INOUT] = {.print = p_socklen,
			     .out = true,
			     .cap = {STRUCT_IN(4), STRUCT_OUT(4)}},
	[A_FDPAIR_OUT] = {.print = p_fdpair,
			  .out = true,
			  .cap = {STRUCT_OUT(8)}},
	[A_INT_OUT] = {.print = p_int_obj, .out = true, .cap = {STRUCT_OUT(4)}},
	[A_INT_IN] = {.print = p_int_obj, .cap = {STRUCT_IN(4)}},
	[A_UID_OUT] = {.print = p_uid_obj, .out = true, .cap = {STRUCT_OUT(4)}},
	[A_ADDR_OUT] = {.print = p_addr_obj,
			.out = true,
			.cap = {STRUCT_OUT(8)}},
	[A_SIZE_OUT] = {.print = p_size_obj,
			.out = true,
			.cap = {STRUCT_OUT(8)}},
	[A_LOFF_INOUT] = {.print = p_loff_inout,
			  .out = true,
			  .cap = {STRUCT_IN(8), STRUCT_OUT(8)}},
	[A_LOFF_IN] = {.print = p_loff, .cap = {STRUCT_IN(8)}},
	[A_GIDS_IN] = {.print = p_gids,
		       .cap = {CAP_LEN(CAPTURE_ARRAY_ARG, 0, -1, CAP_FIXED, 256,
				       4)}},
	[A_GIDS_OUT] = {.print = p_gids,
			.out = true,
			.cap = {CAP_LEN(CAPTURE_ARRAY_ARG, 1, -1, CAP_FIXED,
					256, 4)}},
	[A_CPUSET_IN] = {.print = p_cpuset,
			 .cap = {CAP_LEN(CAPTURE_BYTES_ARG, 0, -1, CAP_FIXED,
					 SZ_CPUSET, 0)}},
	[A_CPUSET_OUT] = {.print = p_cpuset,
			  .out = true,
			  .cap = {CAP(CAPTURE_BYTES_RET, 1, CAP_FIXED,
				      SZ_CPUSET)}},
	[A_STAT_OUT] = {.print = p_stat,
			.out = true,
			.cap = {STRUCT_OUT(SZ_STAT)}},
	[A_STATX_OUT] = {.print = p_statx,
			 .out = true,
			 .cap = {STRUCT_OUT(SZ_STATX)}},
	[A_STATFS_OUT] = {.print = p_statfs,
			  .out = true,
			  .cap = {STRUCT_OUT(SZ_STATFS)}},
	[A_TIMESPEC_IN] = {.print = p_timespec,
			   .cap = {STRUCT_IN(SZ_TIMESPEC)}},
	[A_TIMESPEC_KEPT] = {.print = p_timespec,
			     .kept = true,
			     .cap = {STRUCT_IN(SZ_TIMESPEC)}},
	[A_TIMESPEC_OUT] = {.print = p_timespec,
			    .out = true,
			    .cap = {STRUCT_OUT(SZ_TIMESPEC)}},
	[A_TIMESPEC_REM] = {.print = p_timespec_rem,
			    .out = true,
			    .cap = {STRUCT_OUT(SZ_TIMESPEC)}},
	[A_UTIMES_IN] = {.print = p_utimes,
			 .cap = {STRUCT_IN(2 * SZ_TIMESPEC)}},
	[A_TIMEVAL_IN] = {.print = p_timeval, .cap = {STRUCT_IN(SZ_TIMEVAL)}},
	[A_TMS_OUT] = {.print = p_tms, .out = true, .cap = {STRUCT_OUT(32)}},
	[A_TIMEVAL_OUT] = {.print = p_timeval,
			   .out = true,
			   .cap = {STRUCT_OUT(SZ_TIMEVAL)}},
	[A_TIMEZONE_OUT] = {.print = p_timezone,
			    .out = true,
			    .cap = {STRUCT_OUT(8)}},
	[A_TIME_OUT] = {.print = p_time_obj,
			.out = true,
			.cap = {STRUCT_OUT(8)}},
	[A_ITIMERSPEC_IN] = {.print = p_itimerspec,
			     .cap = {STRUCT_IN(SZ_ITIMER)}},
	[A_ITIMERSPEC_OUT] = {.print = p_itimerspec,
			      .out = true,
			      .cap = {STRUCT_OUT(SZ_ITIMER)}},
	[A_ITIMERVAL_IN] = {.print = p_itimerval,
			    .cap = {STRUCT_IN(SZ_ITIMER)}},
	[A_ITIMERVAL_OUT] = {.print = p_itimerval,
			     .out = true,
			     .cap = {STRUCT_OUT(SZ_ITIMER)}},
	[A_RLIMIT_IN] = {.print = p_rlimit, .cap = {STRUCT_IN(SZ_RLIMIT)}},
	[A_RLIMIT_OUT] = {.print = p_rlimit,
			  .out = true,
			  .cap = {STRUCT_OUT(SZ_RLIMIT)}},
	[A_RUSAGE_OUT] = {.print = p_rusage,
			  .out = true,
			  .cap = {STRUCT_OUT(SZ_RUSAGE)}},
	[A_UTSNAME_OUT] = {.print = p_utsname,
			   .out = true,
			   .cap = {STRUCT_OUT(SZ_UTSNAME)}},
	[A_SYSINFO_OUT] = {.print = p_sysinfo,
			   .out = true,
			   .cap = {STRUCT_OUT(SZ_SYSINFO)}},
	[A_SIGACTION_IN] = {.print = p_sigaction,
			    .cap = {STRUCT_IN(SZ_SIGACTION)}},
	[A_SIGACTION_OUT] = {.print = p_sigaction,
			     .out = true,
			     .cap = {STRUCT_OUT(SZ_SIGACTION)}},
	[A_SIGSET_IN] = {.print = p_sigset, .cap = {STRUCT_IN(SZ_SIGSET)}},
	[A_SIGSET_OUT] = {.print = p_sigset,
			  .out = true,
			  .cap = {STRUCT_OUT(SZ_SIGSET)}},
	[A_STACK_IN] = {.print = p_stack, .cap = {STRUCT_IN(SZ_STACK)}},
	[A_STACK_OUT] = {.print = p_stack,
			 .out = true,
			 .cap = {STRUCT_OUT(SZ_STACK)}},
	[A_WSTATUS] = {.print = p_wstatus, .out = true, .cap = {STRUCT_OUT(4)}},
	[A_SIGINFO_OUT] = {.print = p_siginfo,
			   .out = true,
			   .cap = {STRUCT_OUT(SZ_SIGINFO)}},
	[A_SIGINFO_IN] = {.print = p_siginfo, .cap = {STRUCT_IN(SZ_SIGINFO)}},
	[A_POLLFDS] = {.print = p_pollfds,
		       .cap = {CAP_LEN(CAPTURE_ARRAY_ARG, 0, 1, CAP_FIXED,
				       TRACE_CAPTURE_MAX, SZ_POLLFD),
			       CAP_LEN(CAPTURE_ARRAY_ARG, 1, 1, CAP_FIXED,
				       TRACE_CAPTURE_MAX, SZ_POLLFD)}},
	[A_FDSET] = {.print = p_fdset, .cap = {STRUCT_IN(SZ_FDSET)}},
	[A_EPOLL_EVENT_IN] = {.print = p_epoll_event,
			      .cap = {STRUCT_IN(SZ_EPOLL_EVENT)}},
	[A_EPOLL_EVENTS_OUT] = {.print = p_epoll_events,
				.out = true,
				.cap = {CAP_LEN(CAPTURE_ARRAY_ARG, 1, 1,
						CAP_FIXED, TRACE_CAPTURE_MAX,
						SZ_EPOLL_EVENT)}},
	[A_ARGV] = {.print = p_argv,
		    .cap = {{.kind = CAPTURE_STRINGS,
			     .size_by = CAP_LIMIT1,
			     .elem_by_limit = true}}},
	[A_IOVEC_IN] = {.print = p_iovec,
			.cap = {{.kind = CAPTURE_IOVEC,
				 .len_rel = 1,
				 .size_by = CAP_LIMIT,
				 .elem_by_limit = true}}},
	[A_IOVEC_OUT] = {.print = p_iovec,
			 .out = true,
			 .cap = {{.kind = CAPTURE_IOVEC,
				  .at_exit = 1,
				  .len_rel = 1,
				  .size_by = CAP_LIMIT,
				  .elem_by_limit = true}}},
	[A_MSGHDR_IN] = {.print = p_msghdr,
			 .cap = {{.kind = CAPTURE_MSGHDR,
				  .size_by = CAP_LIMIT,
				  .elem_by_limit = true}}},
	[A_MSGHDR_OUT] = {.print = p_msghdr,
			  .out = true,
			  .cap = {{.kind = CAPTURE_MSGHDR,
				   .at_exit = 1,
				   .size_by = CAP_LIMIT,
				   .elem_by_limit = true}}},
	[A_ENVP] = {.print = p_envp,
		    .cap = {CAP(CAPTURE_STRINGS, 0, CAP_LIMIT1, 0)}},
	[A_OPEN_HOW] = {.print = p_open_how, .cap = {STRUCT_IN(SZ_OPEN_HOW)}},
	[A_CLONE_ARGS] = {.print = p_clone_args,
			  .cap = {STRUCT_IN(SZ_CLONE_ARGS)}},

	/* Arguments that depend on others (decode_cmd.c). */
	[A_CLONE_STACK] = {.print = p_ptr, .label = "child_stack="},
	[A_CLONE_PTID] = {.print = p_clone_ptid,
			  .present = clone_has_ptid,
			  .label = "parent_tid=",
			  .out = true,
			  .cap = {STRUCT_OUT(4)}},
	[A_CLONE_CTID] = {.print = p_ptr,
			  .present = clone_has_ctid,
			  .label = "child_tidptr="},
	[A_CLONE_TLS] = {.print = p_ptr,
			 .present = clone_has_tls,
			 .label = "tls="},
	[A_FUTEX_OP] = {.print = p_futex_op},
	[A_FUTEX_ARG] = {.print = p_futex_arg,
			 .present = futex_has_arg,
			 .cap = {STRUCT_IN(SZ_TIMESPEC)}},
	[A_FCNTL_ARG] = {.print = p_fcntl_arg,
			 .present = fcntl_has_arg,
			 .out_if = fcntl_arg_out,
			 .cap = {STRUCT_IN(SZ_FLOCK), STRUCT_OUT(SZ_FLOCK)}},
	[A_IOCTL_CMD] = {.print = p_ioctl_cmd},
	[A_IOCTL_ARG] = {.print = p_ioctl_arg,
			 .present = ioctl_has_arg,
			 .out_if = ioctl_arg_out,
			 .cap = {STRUCT_IN(8), STRUCT_OUT(8)}},
	[A_PRCTL_ARG1] = {.print = p_prctl_arg,
			  .present = prctl_has_arg,
			  .out_if = prctl_arg_out,
			  .cap = {CAP(CAPTURE_STRING, 0, CAP_LIMIT2, 0),
				  STRUCT_OUT(16)}},
	[A_PRCTL_ARG] = {.print = p_prctl_arg,
			 .present = prctl_has_arg,
			 .out_if = prctl_arg_out},
	[A_ARCH_PRCTL_ADDR] = {.print = p_arch_prctl_addr,
			       .present = arch_prctl_has_addr,
			       .out_if = arch_prctl_addr_out,
			       .cap = {STRUCT_OUT(8)}},
};
