// SPDX-License-Identifier: GPL-2.0
/* Printers of the objects syscalls point to, as strace abbreviates them. */
#include "trace/decode_priv.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <time.h>

_Static_assert(sizeof(struct stat) == SZ_STAT, "struct stat size");
_Static_assert(sizeof(struct statx) == SZ_STATX, "struct statx size");
_Static_assert(sizeof(struct statfs) == SZ_STATFS, "struct statfs size");
_Static_assert(sizeof(struct epoll_event) == SZ_EPOLL_EVENT,
	       "struct epoll_event size");
_Static_assert(sizeof(fd_set) == SZ_FDSET, "fd_set size");

/* ---- scalars behind pointers ---- */

void p_int_obj(struct dctx *x, int i)
{
	int32_t v;

	if (d_object(x, i, &v, sizeof(v)))
		d_printf(x, "[%d]", v);
}

void p_uid_obj(struct dctx *x, int i)
{
	uint32_t v;

	if (d_object(x, i, &v, sizeof(v)))
		d_printf(x, "[%u]", v);
}

void p_addr_obj(struct dctx *x, int i)
{
	uint64_t v;

	if (d_object(x, i, &v, sizeof(v)))
		d_printf(x, "[%#llx]", (unsigned long long)v);
}

void p_size_obj(struct dctx *x, int i)
{
	uint64_t v;

	if (d_object(x, i, &v, sizeof(v)))
		d_printf(x, "[%llu]", (unsigned long long)v);
}

void p_loff(struct dctx *x, int i)
{
	int64_t v;

	if (d_object(x, i, &v, sizeof(v)))
		d_printf(x, "[%lld]", (long long)v);
}

/* An offset the call reads and moves: [2] => [5] */
void p_loff_inout(struct dctx *x, int i)
{
	int64_t in, out;

	if (!d_arg(x, i) || !d_struct(x, i, false, &in, sizeof(in))) {
		d_ptr(x, d_arg(x, i));
		return;
	}
	d_printf(x, "[%lld]", (long long)in);
	if (!d_failed(x) && d_struct(x, i, true, &out, sizeof(out)))
		d_printf(x, " => [%lld]", (long long)out);
}

/* A length the call reads and rewrites: [128 => 16] */
void p_socklen(struct dctx *x, int i)
{
	int32_t in, out;
	bool has_in = d_struct(x, i, false, &in, sizeof(in));
	bool has_out = !d_failed(x) && d_struct(x, i, true, &out, sizeof(out));

	if (!d_arg(x, i) || (!has_in && !has_out))
		d_ptr(x, d_arg(x, i));
	else if (!has_out)
		d_printf(x, "[%d]", in);
	else if (!has_in || in == out)
		d_printf(x, "[%d]", out);
	else
		d_printf(x, "[%d => %d]", in, out);
}

void p_fdpair(struct dctx *x, int i)
{
	int32_t fds[2];

	if (!d_object(x, i, fds, sizeof(fds)))
		return;
	d_puts(x, "[");
	d_fd(x, fds[0]);
	d_puts(x, ", ");
	d_fd(x, fds[1]);
	d_puts(x, "]");
}

/* A socket option's value: an int when the length allows one. */
void p_sockopt(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	int32_t v, len = 0;

	if (!cap)
		return;
	/* getsockopt's length is the one the kernel wrote back. */
	if (!arg_is_out(x, i))
		len = (int32_t)d_arg(x, i + 1);
	else if (!d_struct(x, i + 1, true, &len, sizeof(len)))
		len = 0;
	if (len < (int32_t)sizeof(v) || cap->len < sizeof(v)) {
		d_ptr(x, d_arg(x, i));
		return;
	}
	memcpy(&v, cap->data, sizeof(v));
	d_printf(x, "[%d]", v);
}

/* Group ids: as many as the previous argument (in) or the return (out). */
void p_gids(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	uint64_t count = arg_is_out(x, i) ? (uint64_t)x->c->ret
					  : (uint32_t)d_arg(x, i - 1);

	if (!cap)
		return;
	d_puts(x, "[");
	for (uint64_t k = 0; k < count; k++) {
		uint32_t gid;

		if ((k + 1) * sizeof(gid) > cap->len) {
			d_puts(x, k ? ", ..." : "...");
			break;
		}
		memcpy(&gid, cap->data + k * sizeof(gid), sizeof(gid));
		d_printf(x, "%s%u", k ? ", " : "", gid);
	}
	d_puts(x, "]");
}

/* A CPU mask: the numbers of the CPUs in it. */
void p_cpuset(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	bool first = true;
	size_t bytes;

	if (!cap)
		return;
	bytes = arg_is_out(x, i) ? (size_t)x->c->ret : (size_t)d_arg(x, i - 1);
	if (bytes > cap->len)
		bytes = cap->len;
	d_puts(x, "[");
	for (size_t cpu = 0; cpu < bytes * 8; cpu++) {
		if (!(cap->data[cpu / 8] & (1u << (cpu % 8))))
			continue;
		d_printf(x, first ? "%zu" : " %zu", cpu);
		first = false;
	}
	d_puts(x, "]");
}

/* ---- files ---- */

void p_stat(struct dctx *x, int i)
{
	struct stat st;

	if (!d_object(x, i, &st, sizeof(st)))
		return;
	d_puts(x, "{st_mode=");
	d_mode(x, st.st_mode, true);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		d_printf(x, ", st_rdev=makedev(%#x, %#x), ...}",
			 major(st.st_rdev), minor(st.st_rdev));
	else
		d_printf(x, ", st_size=%lld, ...}", (long long)st.st_size);
}

void p_statx(struct dctx *x, int i)
{
	struct statx stx;

	if (!d_object(x, i, &stx, sizeof(stx)))
		return;
	d_puts(x, "{stx_mask=");
	d_flags(x, &xlat_statx_mask, stx.stx_mask, true);
	d_puts(x, ", stx_attributes=");
	d_flags(x, &xlat_statx_attrs, stx.stx_attributes, true);
	d_puts(x, ", stx_mode=");
	d_mode(x, stx.stx_mode, true);
	d_printf(x, ", stx_size=%llu, ...}", (unsigned long long)stx.stx_size);
}

void p_statfs(struct dctx *x, int i)
{
	struct statfs f;
	const char *type;
	int fsid[2];

	if (!d_object(x, i, &f, sizeof(f)))
		return;
	type = xlat_name(&xlat_fs_magic, (uint64_t)f.f_type);
	if (type)
		d_printf(x, "{f_type=%s", type);
	else
		d_printf(x, "{f_type=%#llx", (unsigned long long)f.f_type);
	d_printf(x,
		 ", f_bsize=%lld, f_blocks=%llu, f_bfree=%llu, f_bavail=%llu"
		 ", f_files=%llu, f_ffree=%llu",
		 (long long)f.f_bsize, (unsigned long long)f.f_blocks,
		 (unsigned long long)f.f_bfree, (unsigned long long)f.f_bavail,
		 (unsigned long long)f.f_files, (unsigned long long)f.f_ffree);
	memcpy(fsid, &f.f_fsid, sizeof(fsid));
	d_printf(x, ", f_fsid={val=[%#x, %#x]}, f_namelen=%lld, f_frsize=%lld",
		 (unsigned int)fsid[0], (unsigned int)fsid[1],
		 (long long)f.f_namelen, (long long)f.f_frsize);
	d_puts(x, ", f_flags=");
	d_flags(x, &xlat_statfs_flags, (uint64_t)f.f_flags, true);
	d_puts(x, "}");
}

void p_open_how(struct dctx *x, int i)
{
	struct {
		uint64_t flags, mode, resolve;
	} how;

	if (!d_object(x, i, &how, sizeof(how)))
		return;
	d_puts(x, "{flags=");
	d_open_flags(x, (uint32_t)how.flags);
	if (how.mode || d_open_creates(how.flags)) {
		d_puts(x, ", mode=");
		d_mode(x, (unsigned int)how.mode, false);
	}
	d_puts(x, ", resolve=");
	d_flags(x, &xlat_resolve, how.resolve, true);
	d_puts(x, "}");
}

/* ---- time ---- */

void d_timespec(struct dctx *x, long long sec, long long nsec)
{
	d_printf(x, "{tv_sec=%lld, tv_nsec=%lld}", sec, nsec);
}

static void timeval(struct dctx *x, long long sec, long long usec)
{
	d_printf(x, "{tv_sec=%lld, tv_usec=%lld}", sec, usec);
}

void p_timespec(struct dctx *x, int i)
{
	struct timespec ts;

	if (d_object(x, i, &ts, sizeof(ts)))
		d_timespec(x, (long long)ts.tv_sec, (long long)ts.tv_nsec);
}

/* nanosleep's remainder: the kernel writes it only when interrupted. */
void p_timespec_rem(struct dctx *x, int i)
{
	int64_t ret = x->c->ret;

	if (ret == -EINTR || ret == -516 /* ERESTART_RESTARTBLOCK */)
		p_timespec(x, i);
	else
		d_ptr(x, d_arg(x, i));
}

/* utimensat's two times, each a timespec or UTIME_NOW/UTIME_OMIT. */
void p_utimes(struct dctx *x, int i)
{
	struct timespec ts[2];

	if (!d_object(x, i, ts, sizeof(ts)))
		return;
	d_puts(x, "[");
	for (int k = 0; k < 2; k++) {
		if (k)
			d_puts(x, ", ");
		if (ts[k].tv_nsec == UTIME_NOW) {
			d_puts(x, "UTIME_NOW");
		} else if (ts[k].tv_nsec == UTIME_OMIT) {
			d_puts(x, "UTIME_OMIT");
		} else {
			d_timespec(x, (long long)ts[k].tv_sec,
				   (long long)ts[k].tv_nsec);
			if (ts[k].tv_nsec < 0 || ts[k].tv_nsec >= 1000000000)
				continue;
			d_puts(x, " /* ");
			d_time(x, (long long)ts[k].tv_sec, ts[k].tv_nsec, true);
			d_puts(x, " */");
		}
	}
	d_puts(x, "]");
}

void p_timeval(struct dctx *x, int i)
{
	struct timeval tv;

	if (d_object(x, i, &tv, sizeof(tv)))
		timeval(x, (long long)tv.tv_sec, (long long)tv.tv_usec);
}

/* Clock ticks, with their seconds when there are any. */
static void ticks(struct dctx *x, const char *name, uint64_t t)
{
	/* USER_HZ: 100 on every Linux architecture sonde runs on. */
	d_printf(x, "%s=%llu", name, (unsigned long long)t);
	if (t)
		d_printf(x, " /* %llu.%02llu s */",
			 (unsigned long long)(t / 100),
			 (unsigned long long)(t % 100));
}

void p_tms(struct dctx *x, int i)
{
	static const char *const names[] = {"{tms_utime", ", tms_stime",
					    ", tms_cutime", ", tms_cstime"};
	uint64_t t[4];

	if (!d_object(x, i, t, sizeof(t)))
		return;
	for (size_t k = 0; k < ARRAY_SIZE(names); k++)
		ticks(x, names[k], t[k]);
	d_puts(x, "}");
}

void p_timezone(struct dctx *x, int i)
{
	int32_t tz[2];

	if (d_object(x, i, tz, sizeof(tz)))
		d_printf(x, "{tz_minuteswest=%d, tz_dsttime=%d}", tz[0], tz[1]);
}

void p_time_obj(struct dctx *x, int i)
{
	int64_t t;

	if (!d_object(x, i, &t, sizeof(t)))
		return;
	d_printf(x, "[%lld /* ", (long long)t);
	d_time(x, (long long)t, 0, false);
	d_puts(x, " */]");
}

void p_itimerspec(struct dctx *x, int i)
{
	struct timespec its[2]; /* interval, value */

	if (!d_object(x, i, its, sizeof(its)))
		return;
	d_puts(x, "{it_interval=");
	d_timespec(x, (long long)its[0].tv_sec, (long long)its[0].tv_nsec);
	d_puts(x, ", it_value=");
	d_timespec(x, (long long)its[1].tv_sec, (long long)its[1].tv_nsec);
	d_puts(x, "}");
}

void p_itimerval(struct dctx *x, int i)
{
	struct timeval itv[2]; /* interval, value */

	if (!d_object(x, i, itv, sizeof(itv)))
		return;
	d_puts(x, "{it_interval=");
	timeval(x, (long long)itv[0].tv_sec, (long long)itv[0].tv_usec);
	d_puts(x, ", it_value=");
	timeval(x, (long long)itv[1].tv_sec, (long long)itv[1].tv_usec);
	d_puts(x, "}");
}

/* ---- processes ---- */

static void rlim(struct dctx *x, uint64_t v)
{
	if (v == UINT64_MAX)
		d_puts(x, "RLIM64_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		d_printf(x, "%llu*1024", (unsigned long long)(v / 1024));
	else
		d_printf(x, "%llu", (unsigned long long)v);
}

void p_rlimit(struct dctx *x, int i)
{
	uint64_t lim[2];

	if (!d_object(x, i, lim, sizeof(lim)))
		return;
	d_puts(x, "{rlim_cur=");
	rlim(x, lim[0]);
	d_puts(x, ", rlim_max=");
	rlim(x, lim[1]);
	d_puts(x, "}");
}

void p_rusage(struct dctx *x, int i)
{
	struct rusage ru;

	if (!d_object(x, i, &ru, sizeof(ru)))
		return;
	d_puts(x, "{ru_utime=");
	timeval(x, (long long)ru.ru_utime.tv_sec,
		(long long)ru.ru_utime.tv_usec);
	d_puts(x, ", ru_stime=");
	timeval(x, (long long)ru.ru_stime.tv_sec,
		(long long)ru.ru_stime.tv_usec);
	d_puts(x, ", ...}");
}

static void cstring_field(struct dctx *x, const char *name, const char *s,
			  size_t size)
{
	d_printf(x, "%s=", name);
	d_quote(x, (const unsigned char *)s, size, QUOTE_NUL);
}

void p_utsname(struct dctx *x, int i)
{
	struct utsname u;

	if (!d_object(x, i, &u, sizeof(u)))
		return;
	cstring_field(x, "{sysname", u.sysname, sizeof(u.sysname));
	cstring_field(x, ", nodename", u.nodename, sizeof(u.nodename));
	d_puts(x, ", ...}");
}

void p_sysinfo(struct dctx *x, int i)
{
	struct sysinfo s;

	if (!d_object(x, i, &s, sizeof(s)))
		return;
	d_printf(x,
		 "{uptime=%lld, loads=[%llu, %llu, %llu], totalram=%llu"
		 ", freeram=%llu, sharedram=%llu, bufferram=%llu"
		 ", totalswap=%llu, freeswap=%llu, procs=%u, totalhigh=%llu"
		 ", freehigh=%llu, mem_unit=%u}",
		 (long long)s.uptime, (unsigned long long)s.loads[0],
		 (unsigned long long)s.loads[1], (unsigned long long)s.loads[2],
		 (unsigned long long)s.totalram, (unsigned long long)s.freeram,
		 (unsigned long long)s.sharedram,
		 (unsigned long long)s.bufferram,
		 (unsigned long long)s.totalswap,
		 (unsigned long long)s.freeswap, (unsigned int)s.procs,
		 (unsigned long long)s.totalhigh,
		 (unsigned long long)s.freehigh, (unsigned int)s.mem_unit);
}

/* The status wait4 stores: [{WIFEXITED(s) && WEXITSTATUS(s) == 0}] */
void p_wstatus(struct dctx *x, int i)
{
	int32_t s;

	/* With WNOHANG and no child ready, nothing was written. */
	if (!x->c->ret || !d_object(x, i, &s, sizeof(s))) {
		if (!x->c->ret)
			d_ptr(x, d_arg(x, i));
		return;
	}
	if (WIFEXITED(s)) {
		d_printf(x, "[{WIFEXITED(s) && WEXITSTATUS(s) == %d}]",
			 WEXITSTATUS(s));
	} else if (WIFSIGNALED(s)) {
		d_puts(x, "[{WIFSIGNALED(s) && WTERMSIG(s) == ");
		d_signal(x, WTERMSIG(s));
		d_puts(x, WCOREDUMP(s) ? " && WCOREDUMP(s)}]" : "}]");
	} else if (WIFSTOPPED(s)) {
		d_puts(x, "[{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		d_signal(x, WSTOPSIG(s));
		d_puts(x, "}]");
	} else if (WIFCONTINUED(s)) {
		d_puts(x, "[{WIFCONTINUED(s)}]");
	} else {
		d_printf(x, "[%#x]", (unsigned int)s);
	}
}

/* ---- signals ---- */

/* The sigsetsize argument of the call: sets of another size are raw. */
static bool sigset_size_ok(const struct dctx *x)
{
	for (int k = 0; k < x->d->nargs; k++)
		if (x->d->args[k] == A_SIGSETSIZE)
			return d_arg(x, k) == SZ_SIGSET;
	return true;
}

void p_sigset(struct dctx *x, int i)
{
	unsigned char set[SZ_SIGSET];

	if (d_arg(x, i) && !sigset_size_ok(x)) {
		d_ptr(x, d_arg(x, i));
		return;
	}
	if (d_object(x, i, set, sizeof(set)))
		d_sigset(x, set, sizeof(set));
}

/* The kernel's struct sigaction on 64-bit Linux. */
struct kernel_sigaction {
	uint64_t handler;
	uint64_t flags;
	uint64_t restorer;
	unsigned char mask[SZ_SIGSET];
};

#define KERNEL_SA_RESTORER 0x04000000

void p_sigaction(struct dctx *x, int i)
{
	struct kernel_sigaction sa;

	if (!d_object(x, i, &sa, sizeof(sa)))
		return;
	d_puts(x, "{sa_handler=");
	if (sa.handler == 0)
		d_puts(x, "SIG_DFL");
	else if (sa.handler == 1)
		d_puts(x, "SIG_IGN");
	else
		d_ptr(x, sa.handler);
	d_puts(x, ", sa_mask=");
	d_sigset(x, sa.mask, sizeof(sa.mask));
	d_puts(x, ", sa_flags=");
	d_flags(x, &xlat_sa_flags, sa.flags, true);
	if (sa.flags & KERNEL_SA_RESTORER) {
		d_puts(x, ", sa_restorer=");
		d_ptr(x, sa.restorer);
	}
	d_puts(x, "}");
}

void p_stack(struct dctx *x, int i)
{
	stack_t ss;

	if (!d_object(x, i, &ss, sizeof(ss)))
		return;
	d_puts(x, "{ss_sp=");
	d_ptr(x, (uint64_t)(uintptr_t)ss.ss_sp);
	d_puts(x, ", ss_flags=");
	d_flags(x, &xlat_ss_flags, (uint32_t)ss.ss_flags, true);
	d_printf(x, ", ss_size=%zu}", ss.ss_size);
}

XLAT_STATIC(xlat_si_code, XLAT_ENUM_DEC, NULL, XN(0, "SI_USER"),
	    XN(0x80, "SI_KERNEL"), XN(-1, "SI_QUEUE"), XN(-2, "SI_TIMER"),
	    XN(-3, "SI_MESGQ"), XN(-4, "SI_ASYNCIO"), XN(-5, "SI_SIGIO"),
	    XN(-6, "SI_TKILL"));

XLAT_STATIC(xlat_cld_code, XLAT_ENUM_DEC, NULL, XN(1, "CLD_EXITED"),
	    XN(2, "CLD_KILLED"), XN(3, "CLD_DUMPED"), XN(4, "CLD_TRAPPED"),
	    XN(5, "CLD_STOPPED"), XN(6, "CLD_CONTINUED"));

void p_siginfo(struct dctx *x, int i)
{
	siginfo_t si;

	if (d_object(x, i, &si, sizeof(si)))
		d_siginfo(x, &si);
}

void d_siginfo(struct dctx *x, const siginfo_t *sip)
{
	siginfo_t si = *sip;
	bool child;

	d_puts(x, "{si_signo=");
	d_signal(x, si.si_signo);
	d_puts(x, ", si_code=");
	child = si.si_signo == SIGCHLD && si.si_code > 0;
	d_xlat(x, child ? &xlat_cld_code : &xlat_si_code,
	       (uint64_t)(int64_t)si.si_code);
	if (child) {
		d_printf(x, ", si_pid=%d, si_uid=%u, si_status=", si.si_pid,
			 si.si_uid);
		if (si.si_code == CLD_EXITED)
			d_printf(x, "%d", si.si_status);
		else
			d_signal(x, si.si_status);
		d_printf(x, ", si_utime=%lld, si_stime=%lld",
			 (long long)si.si_utime, (long long)si.si_stime);
	} else if (si.si_code <= 0) {
		/* Sent by a process: kill, tgkill, sigqueue. */
		d_printf(x, ", si_pid=%d, si_uid=%u", si.si_pid, si.si_uid);
		if (si.si_code == SI_QUEUE) {
			d_printf(x, ", si_int=%d, si_ptr=", si.si_int);
			d_ptr(x, (uint64_t)(uintptr_t)si.si_ptr);
		}
	}
	d_puts(x, "}");
}

/* ---- sockets ---- */

static void sockaddr_data(struct dctx *x, const unsigned char *p, size_t len)
{
	if (len > 2) {
		d_puts(x, ", sa_data=");
		d_quote(x, p + 2, len - 2, 0);
	}
}

static void sockaddr_un(struct dctx *x, const unsigned char *p, size_t len)
{
	size_t off = offsetof(struct sockaddr_un, sun_path);

	if (len <= off)
		return;
	d_puts(x, ", sun_path=");
	/* An abstract name starts with a NUL and takes the whole length. */
	if (!p[off]) {
		d_puts(x, "@");
		d_quote(x, p + off + 1, len - off - 1, 0);
	} else {
		d_quote(x, p + off, len - off, QUOTE_NUL);
	}
}

static void sockaddr_in(struct dctx *x, const unsigned char *p, size_t len)
{
	struct sockaddr_in sin;
	char addr[INET_ADDRSTRLEN];

	if (len < sizeof(sin)) {
		sockaddr_data(x, p, len);
		return;
	}
	memcpy(&sin, p, sizeof(sin));
	inet_ntop(AF_INET, &sin.sin_addr, addr, sizeof(addr));
	d_printf(x, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")",
		 ntohs(sin.sin_port), addr);
}

/* RFC 2133's sockaddr_in6 ends before sin6_scope_id. */
#define SOCKADDR_IN6_OLD_SIZE 24

static void sockaddr_in6(struct dctx *x, const unsigned char *p, size_t len)
{
	struct sockaddr_in6 sin6 = {0};
	char addr[INET6_ADDRSTRLEN];

	if (len < SOCKADDR_IN6_OLD_SIZE) {
		sockaddr_data(x, p, len);
		return;
	}
	memcpy(&sin6, p, len < sizeof(sin6) ? len : sizeof(sin6));
	inet_ntop(AF_INET6, &sin6.sin6_addr, addr, sizeof(addr));
	d_printf(x, ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u)",
		 ntohs(sin6.sin6_port), ntohl(sin6.sin6_flowinfo));
	d_printf(x, ", inet_pton(AF_INET6, \"%s\", &sin6_addr)", addr);
	if (len >= sizeof(sin6))
		d_printf(x, ", sin6_scope_id=%u", sin6.sin6_scope_id);
}

static void sockaddr_nl(struct dctx *x, const unsigned char *p, size_t len)
{
	uint32_t pid, groups;

	if (len < 12) {
		sockaddr_data(x, p, len);
		return;
	}
	memcpy(&pid, p + 4, sizeof(pid));
	memcpy(&groups, p + 8, sizeof(groups));
	d_printf(x, ", nl_pid=%u, nl_groups=%#08x", pid, groups);
}

void d_sockaddr(struct dctx *x, const unsigned char *p, size_t len)
{
	static const struct {
		int family;
		void (*print)(struct dctx *x, const unsigned char *p,
			      size_t len);
	} families[] = {
		{AF_UNIX, sockaddr_un},
		{AF_INET, sockaddr_in},
		{AF_INET6, sockaddr_in6},
		{AF_NETLINK, sockaddr_nl},
	};
	uint16_t family;

	memcpy(&family, p, sizeof(family));
	d_puts(x, "{sa_family=");
	d_xlat(x, &xlat_af, family);
	for (size_t k = 0; k < ARRAY_SIZE(families); k++) {
		if (families[k].family == family) {
			families[k].print(x, p, len);
			d_puts(x, "}");
			return;
		}
	}
	sockaddr_data(x, p, len);
	d_puts(x, "}");
}

void p_sockaddr(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	uint64_t len;

	if (!cap)
		return;
	/* Out: the length the kernel wrote back, else the length argument. */
	len = arg_is_out(x, i) ? cap->full : d_arg(x, i + 1);
	if (len > cap->len)
		len = cap->len;
	if (len < sizeof(uint16_t))
		d_ptr(x, d_arg(x, i));
	else
		d_sockaddr(x, cap->data, (size_t)len);
}

/* ---- polling ---- */

/* The first count pollfds at p; revents: the ones with events only. */
void d_pollfds(struct dctx *x, const unsigned char *p, size_t count,
	       bool revents)
{
	size_t shown = 0;

	d_puts(x, "[");
	for (size_t k = 0; k < count; k++) {
		struct pollfd pfd;

		memcpy(&pfd, p + k * sizeof(pfd), sizeof(pfd));
		if (revents && !pfd.revents)
			continue;
		if (shown++)
			d_puts(x, ", ");
		if (shown > x->o->string_limit) {
			d_puts(x, "...");
			break;
		}
		/* -y shows the paths of the request only. */
		d_puts(x, "{fd=");
		if (revents)
			d_printf(x, "%d", pfd.fd);
		else
			d_fd(x, pfd.fd);
		if (revents) {
			d_puts(x, ", revents=");
			d_flags(x, &xlat_poll_events, (uint16_t)pfd.revents,
				true);
		} else if (pfd.fd >= 0) {
			d_puts(x, ", events=");
			d_flags(x, &xlat_poll_events, (uint16_t)pfd.events,
				true);
		}
		d_puts(x, "}");
	}
	d_puts(x, "]");
}

void p_pollfds(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	uint64_t count = (uint32_t)d_arg(x, i + 1);

	if (!cap)
		return;
	if (count > cap->len / sizeof(struct pollfd))
		count = cap->len / sizeof(struct pollfd);
	d_pollfds(x, cap->data, (size_t)count, false);
}

/* A select() set: the descriptors below nfds that are in it. */
void p_fdset(struct dctx *x, int i)
{
	unsigned char set[SZ_FDSET];
	int nfds = (int)d_arg(x, 0);
	bool first = true;

	if (!d_object(x, i, set, sizeof(set)))
		return;
	if (nfds > SZ_FDSET * 8)
		nfds = SZ_FDSET * 8;
	d_puts(x, "[");
	for (int fd = 0; fd < nfds; fd++) {
		if (!(set[fd / 8] & (1u << (fd % 8))))
			continue;
		if (!first)
			d_puts(x, " ");
		d_fd(x, fd);
		first = false;
	}
	d_puts(x, "]");
}

static void epoll_event(struct dctx *x, const unsigned char *p)
{
	struct epoll_event ev;

	memcpy(&ev, p, sizeof(ev));
	d_puts(x, "{events=");
	d_flags(x, &xlat_epoll_events, ev.events, true);
	d_printf(x, ", data={u32=%u, u64=%llu}}", (uint32_t)ev.data.u64,
		 (unsigned long long)ev.data.u64);
}

void p_epoll_event(struct dctx *x, int i)
{
	unsigned char ev[SZ_EPOLL_EVENT];

	if (d_object(x, i, ev, sizeof(ev)))
		epoll_event(x, ev);
}

void p_epoll_events(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	uint64_t count = (uint64_t)x->c->ret;

	if (!cap)
		return;
	d_puts(x, "[");
	for (uint64_t k = 0; k < count; k++) {
		if (k)
			d_puts(x, ", ");
		if ((k + 1) * SZ_EPOLL_EVENT > cap->len ||
		    k >= x->o->string_limit) {
			d_puts(x, "...");
			break;
		}
		epoll_event(x, cap->data + k * SZ_EPOLL_EVENT);
	}
	d_puts(x, "]");
}

/* ---- execve ---- */

/* Walks a CAPTURE_STRINGS record: flag byte, bytes, NUL, per string. */
struct strings_iter {
	const unsigned char *p, *end;
};

static bool strings_next(struct strings_iter *it, const unsigned char **s,
			 size_t *len, bool *cut)
{
	const unsigned char *nul;

	if (it->end - it->p < 2)
		return false;
	nul = memchr(it->p + 1, '\0', (size_t)(it->end - it->p - 1));
	if (!nul)
		return false;
	*cut = it->p[0] == 1;
	*s = it->p + 1;
	*len = (size_t)(nul - *s);
	it->p = nul + 1;
	return true;
}

void p_argv(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	struct strings_iter it;
	uint32_t k;

	if (!cap)
		return;
	it = (struct strings_iter){cap->data, cap->data + cap->len};
	d_puts(x, "[");
	for (k = 0; k < cap->full; k++) {
		const unsigned char *s;
		size_t len;
		bool cut;

		if (k)
			d_puts(x, ", ");
		if (k >= x->o->string_limit ||
		    !strings_next(&it, &s, &len, &cut)) {
			d_puts(x, "...");
			break;
		}
		cut = cut || len > x->o->string_limit;
		d_quote(x, s,
			len > x->o->string_limit ? x->o->string_limit : len,
			cut ? QUOTE_MORE : 0);
	}
	d_puts(x, "]");
}

/*
 * [{iov_base="...", iov_len=N}, ...]: at most string_limit iovecs, each
 * with the bytes it held (writev) or received (readv) cut as strings are.
 */
/*
 * count iovecs laid out in data (CAPTURE_IOVEC's records), each with
 * the bytes it held (writev) or, when out, received (readv).
 */
static void d_iovecs(struct dctx *x, const unsigned char *data, size_t len,
		     uint32_t count, bool out)
{
	uint64_t left = x->c->ret > 0 ? (uint64_t)x->c->ret : 0;
	size_t off = 0;

	d_puts(x, "[");
	for (uint32_t k = 0; k < count; k++) {
		struct trace_iovec iov;
		uint64_t held;

		if (k)
			d_puts(x, ", ");
		if (k >= x->o->string_limit || off + sizeof(iov) > len) {
			d_puts(x, "...");
			break;
		}
		memcpy(&iov, data + off, sizeof(iov));
		off += sizeof(iov);
		if (iov.kept > len - off)
			iov.kept = (uint32_t)(len - off);
		/* What the call filled: the returned bytes, in order. */
		held = iov.len;
		if (out) {
			held = iov.len < left ? iov.len : left;
			left -= held;
		}
		d_puts(x, "{iov_base=");
		d_quote(x, data + off, iov.kept,
			held > iov.kept ? QUOTE_MORE : 0);
		d_printf(x, ", iov_len=%llu}", (unsigned long long)iov.len);
		off += (iov.kept + 7) & ~(size_t)7;
	}
	d_puts(x, "]");
}

/*
 * [{iov_base="...", iov_len=N}, ...]: at most string_limit iovecs, each
 * with the bytes it held (writev) or received (readv) cut as strings are.
 */
void p_iovec(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);

	if (cap)
		d_iovecs(x, cap->data, cap->len, cap->full, arg_is_out(x, i));
}

/* The fields of struct msghdr on 64-bit Linux. */
struct msghdr64 {
	uint64_t name;
	uint32_t namelen, pad;
	uint64_t iov, iovlen, control, controllen;
	uint32_t flags, pad2;
};

/*
 * {msg_name=..., msg_namelen=N, msg_iov=[...], msg_iovlen=N,
 * msg_controllen=N, msg_flags=...}; control messages stay a pointer.
 */
void p_msghdr(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	struct trace_msg_name nm;
	struct msghdr64 m;
	size_t off = sizeof(m) + sizeof(nm);

	if (!cap)
		return;
	if (cap->len < off) {
		d_ptr(x, d_arg(x, i));
		return;
	}
	memcpy(&m, cap->data, sizeof(m));
	memcpy(&nm, cap->data + sizeof(m), sizeof(nm));
	if (nm.kept > cap->len - off)
		nm.kept = (uint32_t)(cap->len - off);
	d_puts(x, "{msg_name=");
	if (!m.name)
		d_puts(x, "NULL");
	else if (nm.kept)
		d_sockaddr(x, cap->data + off, nm.kept);
	else
		d_ptr(x, m.name);
	d_printf(x, ", msg_namelen=%u, msg_iov=", m.namelen);
	off += (nm.kept + 7) & ~(size_t)7;
	d_iovecs(x, cap->data + off, cap->len - off, cap->full,
		 arg_is_out(x, i));
	d_printf(x, ", msg_iovlen=%llu", (unsigned long long)m.iovlen);
	if (m.controllen) {
		d_puts(x, ", msg_control=");
		d_ptr(x, m.control);
	}
	d_printf(x, ", msg_controllen=%llu, msg_flags=",
		 (unsigned long long)m.controllen);
	d_flags(x, &xlat_msg_flags, m.flags, true);
	d_puts(x, "}");
}

void p_envp(struct dctx *x, int i)
{
	const struct call_capture *cap = d_cap(x, i, false);

	d_ptr(x, d_arg(x, i));
	if (d_arg(x, i) && cap)
		d_printf(x, " /* %u var%s */", cap->full,
			 cap->full == 1 ? "" : "s");
}

/* ---- clone3 ---- */

void p_clone_args(struct dctx *x, int i)
{
	struct {
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
		uint64_t stack, stack_size, tls, set_tid, set_tid_size, cgroup;
	} ca;

	if (!d_object(x, i, &ca, sizeof(ca)))
		return;
	d_puts(x, "{flags=");
	d_flags(x, &xlat_clone_flags, ca.flags, true);
	if (ca.flags & 0x1000 /* CLONE_PIDFD */) {
		d_puts(x, ", pidfd=");
		d_ptr(x, ca.pidfd);
	}
	if (ca.flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		d_puts(x, ", child_tid=");
		d_ptr(x, ca.child_tid);
	}
	if (ca.flags & CLONE_PARENT_SETTID) {
		d_puts(x, ", parent_tid=");
		d_ptr(x, ca.parent_tid);
	}
	d_puts(x, ", exit_signal=");
	d_signal(x, (int)ca.exit_signal);
	d_puts(x, ", stack=");
	d_ptr(x, ca.stack);
	d_printf(x, ", stack_size=%#llx", (unsigned long long)ca.stack_size);
	if (ca.flags & CLONE_SETTLS) {
		d_puts(x, ", tls=");
		d_ptr(x, ca.tls);
	}
	if (ca.set_tid || ca.set_tid_size) {
		d_puts(x, ", set_tid=");
		d_ptr(x, ca.set_tid);
		d_printf(x, ", set_tid_size=%llu",
			 (unsigned long long)ca.set_tid_size);
	}
	if (ca.flags & 0x200000000ULL /* CLONE_INTO_CGROUP */)
		d_printf(x, ", cgroup=%llu", (unsigned long long)ca.cgroup);
	d_puts(x, "}");
	/* What the kernel wrote back: the child's tid, which it returns. */
	if ((ca.flags & CLONE_PARENT_SETTID) && x->c->returned && x->c->ret > 0)
		d_printf(x, " => {parent_tid=[%lld]}", (long long)x->c->ret);
}
