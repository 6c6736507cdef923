// SPDX-License-Identifier: GPL-2.0
/*
 * The strace-notation decoder against strace 6.1's own output: each call
 * is built as the kernel side delivers it (arguments, the captures its
 * plan asks for, the return value) and must print as strace printed the
 * same call on x86_64.
 */
#include "harness.h"
#include "core/syscalls.h"
#include "trace/decode.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <time.h>

#define LIMIT 32

static const struct decode_opts opts = {.string_limit = LIMIT};

static struct syscall_call make_call(const char *name, int64_t ret,
				     const uint64_t *args, size_t n)
{
	struct syscall_call c;

	memset(&c, 0, sizeof(c));
	c.nr = syscalls__number(name);
	if (c.nr < 0)
		harness__skip("syscall not in the native table");
	memcpy(c.args, args, n * sizeof(args[0]));
	c.ret = ret;
	c.returned = true;
	return c;
}

#define ARGS(...)           \
	(const uint64_t[])  \
	{                   \
		__VA_ARGS__ \
	}
#define CALL(name, ret, ...)                    \
	make_call(name, ret, ARGS(__VA_ARGS__), \
		  sizeof(ARGS(__VA_ARGS__)) / sizeof(uint64_t))

/* Hands over what the kernel side read of argument arg, where the plan says. */
static void give(struct syscall_call *c, int arg, bool at_exit,
		 const void *data, uint32_t len, uint32_t full)
{
	struct syscall_plan plan;

	decode__plan(c->nr, LIMIT, &plan);
	for (int k = 0; k < plan.nr_captures; k++) {
		if (plan.captures[k].arg != arg ||
		    !plan.captures[k].at_exit != !at_exit)
			continue;
		c->cap[k] = (struct call_capture){data, len, full, 0};
		return;
	}
	CHECK(!"the plan reads no such capture");
}

enum piece { ENTRY, EXIT, RETURN, LINE };

/* One piece of the call's line, or the whole line with " = ". */
static char *text(const struct syscall_call *c, const struct decode_opts *o,
		  enum piece which)
{
	struct strbuf sb;

	strbuf__init(&sb, 1 << 16);
	CHECK(!strbuf__add(&sb, "", 0)); /* an empty piece is "", not NULL */
	if (which == ENTRY || which == LINE)
		CHECK(!decode__entry(&sb, c, o));
	if (which == EXIT || which == LINE)
		CHECK(!decode__exit(&sb, c, o));
	if (which == LINE)
		CHECK(!strbuf__add(&sb, " = ", 3));
	if (which == RETURN || which == LINE)
		CHECK(!decode__return(&sb, c, o));
	return sb.buf;
}

#define CHECK_TEXT(c, o, which, expect)            \
	do {                                       \
		char *_t = text(&(c), (o), which); \
		CHECK_EQ_STR(_t, expect);          \
		free(_t);                          \
	} while (0)
#define CHECK_LINE(c, expect) CHECK_TEXT(c, &opts, LINE, expect)

/* ---- strings and buffers ---- */

TEST(decode_path_and_open_flags)
{
	static const char path[] = "/etc/passwd";
	struct syscall_call c = CALL("openat", 3, (uint64_t)AT_FDCWD, 0x1000,
				     O_RDONLY | O_CLOEXEC);

	give(&c, 1, false, path, strlen(path), 0);
	CHECK_LINE(c,
		   "openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_CLOEXEC) = 3");

	c.args[2] = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
	c.args[3] = 0644;
	CHECK_LINE(c, "openat(AT_FDCWD, \"/etc/passwd\", "
		      "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC, 0644) = 3");

	/* strace's order of the flags, and what no name covers. */
	c.args[2] = O_RDWR | O_APPEND | O_NONBLOCK | O_SYNC | O_NOFOLLOW |
		    O_NOATIME | O_PATH;
	CHECK_LINE(c, "openat(AT_FDCWD, \"/etc/passwd\", O_RDWR|O_APPEND|"
		      "O_NONBLOCK|O_SYNC|O_NOFOLLOW|O_NOATIME|O_PATH) = 3");
	c.args[2] = O_RDONLY | 0x10000000;
	CHECK_LINE(
		c,
		"openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|0x10000000) = 3");
	c.args[2] = O_RDONLY | O_DIRECTORY;
	CHECK_LINE(
		c,
		"openat(AT_FDCWD, \"/etc/passwd\", O_RDONLY|O_DIRECTORY) = 3");
}

TEST(decode_read_binary_cut_at_limit)
{
	/* The first 32 bytes of libc's ELF header, as read(3, ..., 832). */
	static const unsigned char elf[] = {
		0x7f, 'E', 'L', 'F', 2, 1, 1, 3, 0,    0,   0, 0, 0, 0, 0, 0,
		3,    0,   '>', 0,   1, 0, 0, 0, 0x10, 't', 2, 0, 0, 0, 0, 0,
	};
	struct syscall_call c = CALL("read", 832, 3, 0x7ffd1000, 832);

	give(&c, 1, true, elf, sizeof(elf), 0);
	CHECK_LINE(c, "read(3, \"\\177ELF\\2\\1\\1\\3\\0\\0\\0\\0\\0\\0\\0\\0"
		      "\\3\\0>\\0\\1\\0\\0\\0\\20t\\2\\0\\0\\0\\0\\0\"..., "
		      "832) = 832");
}

TEST(decode_write_escapes)
{
	static const unsigned char data[] = {
		0,    1,    1,	  '8',	1,   '7', '\t', '\v', '\f', '\r', '"',
		'\\', 0x7f, 0x80, 0xff, ' ', 'a', 'b',	'c',  0,    'x',  'y',
	};
	struct syscall_call c = CALL("write", 22, 3, 0x1000, sizeof(data));

	give(&c, 1, false, data, sizeof(data), 0);
	CHECK_LINE(c,
		   "write(3, \"\\0\\1\\18\\0017\\t\\v\\f\\r\\\"\\\\\\177\\200"
		   "\\377 abc\\0xy\", 22) = 22");
}

TEST(decode_write_cut_only_past_limit)
{
	static const char digits[] = "0123456789012345678901234567890123456789";
	struct syscall_call c = CALL("write", 32, 3, 0x1000, 32);

	give(&c, 1, false, digits, LIMIT, 0);
	CHECK_LINE(c,
		   "write(3, \"01234567890123456789012345678901\", 32) = 32");
	c.args[2] = 33;
	c.ret = 33;
	CHECK_LINE(
		c,
		"write(3, \"01234567890123456789012345678901\"..., 33) = 33");
	c = CALL("write", 6, 1, 0x1000, 6);
	give(&c, 1, false, "hello\n", 6, 0);
	CHECK_LINE(c, "write(1, \"hello\\n\", 6) = 6");
}

/* A CAPTURE_IOVEC as the kernel side lays it out. */
static size_t put_iovec(unsigned char *buf, size_t off, uint64_t len,
			const char *kept)
{
	struct trace_iovec iov = {len, (uint32_t)strlen(kept), 0};

	memcpy(buf + off, &iov, sizeof(iov));
	memcpy(buf + off + sizeof(iov), kept, iov.kept);
	return off + sizeof(iov) + ((iov.kept + 7) & ~7u);
}

TEST(decode_iovecs_in_and_out)
{
	unsigned char buf[256] = {0};
	struct syscall_call c = CALL("writev", 52, 4, 0x1000, 3);
	size_t n = put_iovec(buf, 0, 5, "hello");

	n = put_iovec(buf, n, 7, " world\n");
	n = put_iovec(buf, n, 40, "01234567890123456789012345678901");
	give(&c, 1, false, buf, (uint32_t)n, 3);
	CHECK_LINE(c, "writev(4, [{iov_base=\"hello\", iov_len=5}, "
		      "{iov_base=\" world\\n\", iov_len=7}, {iov_base="
		      "\"01234567890123456789012345678901\"..., iov_len=40}],"
		      " 3) = 52");

	/* readv: the returned bytes fill the buffers in order. */
	c = CALL("readv", 12, 3, 0x1000, 2);
	memset(buf, 0, sizeof(buf));
	n = put_iovec(buf, 0, 20, "890123456789");
	n = put_iovec(buf, n, 20, "");
	give(&c, 1, true, buf, (uint32_t)n, 2);
	CHECK_LINE(c, "readv(3, [{iov_base=\"890123456789\", iov_len=20}, "
		      "{iov_base=\"\", iov_len=20}], 2) = 12");
}

TEST(decode_failed_output_is_a_pointer)
{
	struct syscall_call c = CALL("read", -EAGAIN, 3, 0x7fff6991b6f0, 64);

	CHECK_LINE(c, "read(3, 0x7fff6991b6f0, 64) = -1 EAGAIN "
		      "(Resource temporarily unavailable)");
	c = CALL("read", 0, 3, 0x1000, 64);
	give(&c, 1, true, "", 0, 0);
	CHECK_LINE(c, "read(3, \"\", 64) = 0");
}

TEST(decode_getrandom_in_hex)
{
	static const unsigned char rnd[] = {0x07, 0x99, 0x71, 0xd2,
					    0xfe, 0x50, 0x62, 0xbd};
	struct syscall_call c = CALL("getrandom", 8, 0x1000, 8, 0);

	give(&c, 0, true, rnd, sizeof(rnd), 0);
	CHECK_LINE(c, "getrandom(\"\\x07\\x99\\x71\\xd2\\xfe\\x50\\x62\\xbd\", "
		      "8, 0) = 8");
}

TEST(decode_string_cut_and_unread)
{
	static const char name[] = "0123456789012345678901234567890123456789";
	struct syscall_call c = CALL("memfd_create", -ENOSYS, 0x1000, 0);

	/* Read up to -s + 1 bytes: more than -s shows as cut. */
	give(&c, 0, false, name, LIMIT + 1, 0);
	CHECK_LINE(c, "memfd_create(\"01234567890123456789012345678901\"..., 0)"
		      " = -1 ENOSYS (Function not implemented)");
	/* A string the kernel side could not read prints as its address. */
	c = CALL("unlink", -EFAULT, 0x10);
	CHECK_LINE(c, "unlink(0x10) = -1 EFAULT (Bad address)");
}

/* ---- flags and numbers ---- */

TEST(decode_mmap_flags_and_hex_return)
{
	struct syscall_call c =
		CALL("mmap", 0x7f6a574f8000, 0, 8192, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK_LINE(c, "mmap(NULL, 8192, PROT_READ|PROT_WRITE, "
		      "MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f6a574f8000");
	c = CALL("mmap", 0x7f6a57332000, 0x7f6a57332000, 1400832,
		 PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE,
		 3, 0x26000);
	CHECK_LINE(c, "mmap(0x7f6a57332000, 1400832, PROT_READ|PROT_EXEC, "
		      "MAP_PRIVATE|MAP_FIXED|MAP_DENYWRITE, 3, 0x26000) = "
		      "0x7f6a57332000");
	c = CALL("mmap", -EBADF, 0, 4096, 0xff, 0xf, 5, 4096);
	CHECK_LINE(c,
		   "mmap(NULL, 4096, PROT_READ|PROT_WRITE|PROT_EXEC|PROT_SEM|"
		   "0xf0, 0xf /* MAP_??? */, 5, 0x1000) = -1 EBADF "
		   "(Bad file descriptor)");
	c = CALL("mprotect", 0, 0x1000, 4096, PROT_NONE);
	CHECK_LINE(c, "mprotect(0x1000, 4096, PROT_NONE) = 0");
	c = CALL("brk", 0x565415f4e000, 0);
	CHECK_LINE(c, "brk(NULL) = 0x565415f4e000");
}

TEST(decode_enums_unknown_values)
{
	struct syscall_call c = CALL("lseek", -EINVAL, 3, 0, 7);

	CHECK_LINE(c, "lseek(3, 0, 0x7 /* SEEK_??? */) = -1 EINVAL "
		      "(Invalid argument)");
	c = CALL("madvise", 0, 0x7f6a574f8000, 4096, 8);
	CHECK_LINE(c, "madvise(0x7f6a574f8000, 4096, MADV_FREE) = 0");
	c = CALL("msync", -ENOSYS, 0, 1, 0xf8);
	CHECK_LINE(c, "msync(NULL, 1, 0xf8 /* MS_??? */) = -1 ENOSYS "
		      "(Function not implemented)");
	c = CALL("umask", 022, 0777);
	CHECK_LINE(c, "umask(0777) = 022");
}

TEST(decode_clone_flags_by_name)
{
	struct syscall_call c =
		CALL("clone", 2550,
		     CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD, 0, 0,
		     0x7ff2bb687a10, 0);

#if defined(__aarch64__)
	c.args[3] = 0;
	c.args[4] = 0x7ff2bb687a10;
#endif
	CHECK_LINE(c, "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|"
		      "CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7ff2bb687a10)"
		      " = 2550");
	c = CALL("clone", -ENOSYS, 0, 0, 0, 0, 0);
	CHECK_LINE(c, "clone(child_stack=NULL, flags=0) = -1 ENOSYS "
		      "(Function not implemented)");
}

TEST(decode_socket_flags_and_protocols)
{
	struct syscall_call c =
		CALL("socket", 3, AF_INET,
		     SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);

	CHECK_LINE(c, "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, "
		      "IPPROTO_TCP) = 3");
	c = CALL("socket", 6, AF_UNIX, SOCK_SEQPACKET, 0);
	CHECK_LINE(c, "socket(AF_UNIX, SOCK_SEQPACKET, 0) = 6");
	c = CALL("socket", 11, AF_PACKET, SOCK_RAW, htons(3));
	CHECK_LINE(c, "socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL)) = 11");
	c = CALL("socket", -EINVAL, 1000, 20, 300);
	CHECK_LINE(c,
		   "socket(0x3e8 /* AF_??? */, SOCK_RDM|0x10 /* SOCK_??? */, "
		   "300) = -1 EINVAL (Invalid argument)");
}

TEST(decode_signals)
{
	struct syscall_call c = CALL("kill", 0, 4617, SIGTERM);

	CHECK_LINE(c, "kill(4617, SIGTERM) = 0");
	c = CALL("kill", -ENOSYS, 1, 34);
	CHECK_LINE(c,
		   "kill(1, SIGRT_2) = -1 ENOSYS (Function not implemented)");
	c = CALL("kill", -ENOSYS, 1, 65);
	CHECK_LINE(c, "kill(1, 65) = -1 ENOSYS (Function not implemented)");
}

TEST(decode_sigsets)
{
	/* glibc's sigfillset() leaves out RTMIN and RT_1. */
	uint64_t full = ~0ULL & ~(3ULL << 31), empty = 0;
	uint64_t no_kill =
		full & ~(1ULL << (SIGKILL - 1)) & ~(1ULL << (SIGSTOP - 1));
	struct syscall_call c =
		CALL("rt_sigprocmask", 0, SIG_SETMASK, 0x1000, 0x2000, 8);

	give(&c, 1, false, &full, 8, 0);
	give(&c, 2, true, &empty, 8, 0);
	CHECK_LINE(c, "rt_sigprocmask(SIG_SETMASK, ~[RTMIN RT_1], [], 8) = 0");
	c.args[2] = 0; /* and nothing read there */
	give(&c, 2, true, NULL, 0, 0);
	give(&c, 1, false, &no_kill, 8, 0);
	CHECK_LINE(c, "rt_sigprocmask(SIG_SETMASK, ~[KILL STOP RTMIN RT_1], "
		      "NULL, 8) = 0");
	/* A set of another size is not decoded. */
	c.args[3] = 7;
	CHECK_LINE(c, "rt_sigprocmask(SIG_SETMASK, 0x1000, NULL, 7) = 0");
}

TEST(decode_sigaction)
{
	struct {
		uint64_t handler, flags, restorer, mask;
	} act = {0x55b84f30a359, 0x04000000 | SA_RESTART, 0x7f6bfc744050,
		 1ULL << (SIGUSR1 - 1)};
	struct syscall_call c = CALL("rt_sigaction", 0, SIGINT, 0x1000, 0, 8);

	give(&c, 1, false, &act, sizeof(act), 0);
	CHECK_LINE(c, "rt_sigaction(SIGINT, {sa_handler=0x55b84f30a359, "
		      "sa_mask=[USR1], sa_flags=SA_RESTORER|SA_RESTART, "
		      "sa_restorer=0x7f6bfc744050}, NULL, 8) = 0");
}

/* ---- errors ---- */

TEST(decode_errno)
{
	struct syscall_call c = CALL("getpid", -ENOENT);

	CHECK_LINE(c, "getpid() = -1 ENOENT (No such file or directory)");
	c.ret = -512;
	CHECK_LINE(c, "getpid() = ? ERESTARTSYS (To be restarted if SA_RESTART "
		      "is set)");
	c.ret = -514;
	CHECK_LINE(c, "getpid() = ? ERESTARTNOHAND (To be restarted if no "
		      "handler)");
	c.ret = -516;
	CHECK_LINE(c, "getpid() = ? ERESTART_RESTARTBLOCK (Interrupted by "
		      "signal)");
	c.ret = -515;
	CHECK_LINE(c, "getpid() = -1 ENOIOCTLCMD (Unknown error 515)");
	c.ret = -41;
	CHECK_LINE(c, "getpid() = -1 (errno 41)");
	c.ret = -EHWPOISON;
	CHECK_LINE(c,
		   "getpid() = -1 EHWPOISON (Memory page has hardware error)");
	c.ret = -4096; /* not an error: a value */
	CHECK_LINE(c, "getpid() = -4096");
}

TEST(decode_no_return)
{
	struct syscall_call c = CALL("exit_group", 0, 0);

	c.returned = false;
	CHECK_LINE(c, "exit_group(0) = ?");
}

/* ---- structs ---- */

TEST(decode_stat)
{
	struct stat st = {.st_mode = S_IFREG | 0644, .st_size = 1294};
	struct syscall_call c =
		CALL("newfstatat", 0, 3, 0x1000, 0x2000, AT_EMPTY_PATH);

	give(&c, 1, false, "", 0, 0);
	give(&c, 2, true, &st, sizeof(st), 0);
	CHECK_LINE(c,
		   "newfstatat(3, \"\", {st_mode=S_IFREG|0644, st_size=1294, "
		   "...}, AT_EMPTY_PATH) = 0");

	st.st_mode = S_IFCHR | 0666;
	st.st_rdev = makedev(1, 3);
	c = CALL("fstat", 0, 0, 0x2000);
	give(&c, 1, true, &st, sizeof(st), 0);
	CHECK_LINE(c,
		   "fstat(0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), "
		   "...}) = 0");

	st.st_mode = S_IFDIR | S_ISVTX | 0777;
	st.st_size = 12288;
	c = CALL("stat", 0, 0x1000, 0x2000);
	give(&c, 0, false, "/tmp", 4, 0);
	give(&c, 1, true, &st, sizeof(st), 0);
	CHECK_LINE(c, "stat(\"/tmp\", {st_mode=S_IFDIR|S_ISVTX|0777, "
		      "st_size=12288, ...}) = 0");

	c = CALL("newfstatat", -ENOENT, (uint64_t)AT_FDCWD, 0x1000,
		 0x7ffe7a947fc0, 0);
	give(&c, 1, false, "/nonexistent", 12, 0);
	CHECK_LINE(c,
		   "newfstatat(AT_FDCWD, \"/nonexistent\", 0x7ffe7a947fc0, 0)"
		   " = -1 ENOENT (No such file or directory)");
}

TEST(decode_statx)
{
	struct statx stx = {.stx_mask = 0x1fff,
			    .stx_mode = S_IFREG | 0644,
			    .stx_size = 1294};
	struct syscall_call c =
		CALL("statx", 0, (uint64_t)AT_FDCWD, 0x1000, 0, 0xfff, 0x2000);

	give(&c, 1, false, "/etc/passwd", 11, 0);
	give(&c, 4, true, &stx, sizeof(stx), 0);
	CHECK_LINE(c, "statx(AT_FDCWD, \"/etc/passwd\", AT_STATX_SYNC_AS_STAT, "
		      "STATX_ALL, {stx_mask=STATX_ALL|STATX_MNT_ID, "
		      "stx_attributes=0, stx_mode=S_IFREG|0644, stx_size=1294, "
		      "...}) = 0");
}

TEST(decode_timespec_and_rlimit)
{
	struct timespec ts = {0, 100000000};
	uint64_t lim[2] = {8192 * 1024, UINT64_MAX};
	struct syscall_call c =
		CALL("clock_nanosleep", 0, CLOCK_REALTIME, 0, 0x1000, 0);

	give(&c, 2, false, &ts, sizeof(ts), 0);
	CHECK_LINE(c, "clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, "
		      "tv_nsec=100000000}, NULL) = 0");
	c = CALL("prlimit64", 0, 0, RLIMIT_STACK, 0, 0x1000);
	give(&c, 3, true, lim, sizeof(lim), 0);
	CHECK_LINE(c, "prlimit64(0, RLIMIT_STACK, NULL, {rlim_cur=8192*1024, "
		      "rlim_max=RLIM64_INFINITY}) = 0");
}

TEST(decode_time_in_local_time)
{
	int64_t t = 1795778107;
	struct syscall_call c = CALL("time", t, 0x1000);

	setenv("TZ", "UTC", 1);
	tzset();
	give(&c, 0, true, &t, sizeof(t), 0);
	CHECK_LINE(c, "time([1795778107 /* 2026-11-27T11:15:07+0000 */]) = "
		      "1795778107 (2026-11-27T11:15:07+0000)");
}

TEST(decode_wait4_status)
{
	int status = 3 << 8; /* exited with 3 */
	struct syscall_call c = CALL("wait4", 4616, 4616, 0x1000, 0, 0);

	give(&c, 1, true, &status, sizeof(status), 0);
	CHECK_LINE(c, "wait4(4616, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, "
		      "NULL) = 4616");
	status = SIGTERM;
	CHECK_LINE(c,
		   "wait4(4616, [{WIFSIGNALED(s) && WTERMSIG(s) == SIGTERM}],"
		   " 0, NULL) = 4616");
	/* WNOHANG with no child ready: nothing written. */
	c = CALL("wait4", 0, -1, 0x7ffe823c4c44, 1, 0);
	CHECK_LINE(c, "wait4(-1, 0x7ffe823c4c44, WNOHANG, NULL) = 0");
}

TEST(decode_poll_revents_in_return)
{
	struct pollfd_raw {
		int fd;
		short events, revents;
	} in[2] = {{3, 0x1 | 0x2, 0}, {4, 0x4, 0}},
	  out[2] = {{3, 0x3, 0x1}, {4, 0x4, 0x4}};
	struct syscall_call c = CALL("poll", 2, 0x1000, 2, 100);

	give(&c, 0, false, in, sizeof(in), 0);
	give(&c, 0, true, out, sizeof(out), 0);
	CHECK_LINE(
		c,
		"poll([{fd=3, events=POLLIN|POLLPRI}, {fd=4, events=POLLOUT}],"
		" 2, 100) = 2 ([{fd=3, revents=POLLIN}, {fd=4, "
		"revents=POLLOUT}])");
	c.ret = 0;
	CHECK_TEXT(c, &opts, RETURN, "0 (Timeout)");
}

TEST(decode_fcntl_by_command)
{
	struct syscall_call c = CALL("fcntl", 0x8002, 8, F_GETFL);

	CHECK_LINE(c, "fcntl(8, F_GETFL) = 0x8002 (flags O_RDWR|O_LARGEFILE)");
	c = CALL("fcntl", 0, 3, F_SETFL, O_RDONLY | O_NONBLOCK);
	CHECK_LINE(c, "fcntl(3, F_SETFL, O_RDONLY|O_NONBLOCK) = 0");
	c = CALL("fcntl", 1, 1, F_GETFD);
	CHECK_LINE(c, "fcntl(1, F_GETFD) = 0x1 (flags FD_CLOEXEC)");
	c = CALL("fcntl", -EINVAL, 8, 1234, 5);
	CHECK_LINE(c, "fcntl(8, 0x4d2 /* F_??? */, 0x5) = -1 EINVAL "
		      "(Invalid argument)");
}

TEST(decode_futex_by_command)
{
	struct timespec ts = {0, 1000000};
	struct syscall_call c = CALL("futex", -ETIMEDOUT, 0x7ffdefb41bec,
				     9 | 128 | 256, 0, 0x1000, 0, 0xffffffff);

	give(&c, 3, false, &ts, sizeof(ts), 0);
	CHECK_LINE(c, "futex(0x7ffdefb41bec, FUTEX_WAIT_BITSET_PRIVATE|"
		      "FUTEX_CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=1000000}, "
		      "FUTEX_BITSET_MATCH_ANY) = -1 ETIMEDOUT "
		      "(Connection timed out)");
	c = CALL("futex", 0, 0x7ffdefb41bec, 129, 1, 0, 0, 0);
	CHECK_LINE(c, "futex(0x7ffdefb41bec, FUTEX_WAKE_PRIVATE, 1) = 0");
}

/* ---- sockets ---- */

TEST(decode_sockaddr_inet)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(5672)};
	struct syscall_call c =
		CALL("connect", -EINPROGRESS, 3, 0x1000, sizeof(sin));

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	give(&c, 1, false, &sin, sizeof(sin), 0);
	CHECK_LINE(c,
		   "connect(3, {sa_family=AF_INET, sin_port=htons(5672), "
		   "sin_addr=inet_addr(\"127.0.0.1\")}, 16) = -1 EINPROGRESS "
		   "(Operation now in progress)");
}

TEST(decode_sockaddr_inet6)
{
	struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6,
				    .sin6_port = htons(80)};
	struct syscall_call c =
		CALL("connect", -ECONNREFUSED, 17, 0x1000, sizeof(sin6));

	inet_pton(AF_INET6, "::1", &sin6.sin6_addr);
	give(&c, 1, false, &sin6, sizeof(sin6), 0);
	CHECK_LINE(c, "connect(17, {sa_family=AF_INET6, sin6_port=htons(80), "
		      "sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::1\", "
		      "&sin6_addr), sin6_scope_id=0}, 28) = -1 ECONNREFUSED "
		      "(Connection refused)");
}

TEST(decode_sockaddr_unix)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	struct syscall_call c =
		CALL("connect", -ENOENT, 18, 0x1000, sizeof(sun));

	strcpy(sun.sun_path, "/run/x.sock");
	give(&c, 1, false, &sun, sizeof(sun), 0);
	CHECK_LINE(c,
		   "connect(18, {sa_family=AF_UNIX, sun_path=\"/run/x.sock\"},"
		   " 110) = -1 ENOENT (No such file or directory)");
	/* An abstract name: a NUL, then the name to the end. */
	memcpy(sun.sun_path, "\0abstract", 9);
	c.args[2] = offsetof(struct sockaddr_un, sun_path) + 9;
	c.ret = -ECONNREFUSED;
	CHECK_LINE(c,
		   "connect(18, {sa_family=AF_UNIX, sun_path=@\"abstract\"}, "
		   "11) = -1 ECONNREFUSED (Connection refused)");
	c.args[2] = 2;
	c.ret = -EINVAL;
	CHECK_LINE(c, "connect(18, {sa_family=AF_UNIX}, 2) = -1 EINVAL "
		      "(Invalid argument)");
}

TEST(decode_sockaddr_written_back)
{
	struct sockaddr_in sin = {.sin_family = AF_INET,
				  .sin_port = htons(41088)};
	int in_len = 128, out_len = 16;
	struct syscall_call c =
		CALL("recvfrom", 5, 4, 0x1000, 100, 0, 0x2000, 0x3000);

	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	give(&c, 1, true, "hello", 5, 0);
	give(&c, 4, true, &sin, sizeof(sin), (uint32_t)out_len);
	give(&c, 5, false, &in_len, sizeof(in_len), 0);
	give(&c, 5, true, &out_len, sizeof(out_len), 0);
	CHECK_LINE(c,
		   "recvfrom(4, \"hello\", 100, 0, {sa_family=AF_INET, "
		   "sin_port=htons(41088), sin_addr=inet_addr(\"127.0.0.1\")},"
		   " [128 => 16]) = 5");
}

/* ---- execve ---- */

/* A CAPTURE_STRINGS record: a flag byte, the bytes, a NUL, per string. */
static size_t strings_record(unsigned char *buf, const char *const *s, size_t n,
			     size_t bound)
{
	size_t off = 0;

	for (size_t k = 0; k < n; k++) {
		size_t len = strlen(s[k]);

		buf[off++] = len >= bound;
		if (len > bound)
			len = bound;
		memcpy(buf + off, s[k], len);
		off += len;
		buf[off++] = '\0';
	}
	return off;
}

TEST(decode_execve_argv)
{
	static const char *const argv[] = {
		"p1",
		"0",
		"with space",
		"0123456789012345678901234567890123456789",
	};
	unsigned char rec[256];
	size_t len = strings_record(rec, argv, 4, LIMIT + 1);
	struct syscall_call c =
		CALL("execve", 0, 0x1000, 0x2000, 0x7ffe823c4d88);

	give(&c, 0, false, "/tmp/st/p1", 10, 0);
	give(&c, 1, false, rec, (uint32_t)len, 4);
	give(&c, 2, false, "", 0, 37);
	CHECK_LINE(c,
		   "execve(\"/tmp/st/p1\", [\"p1\", \"0\", \"with space\", "
		   "\"01234567890123456789012345678901\"...], 0x7ffe823c4d88 "
		   "/* 37 vars */) = 0");
	give(&c, 2, false, "", 0, 1);
	CHECK_TEXT(c, &opts, EXIT, ")");
	CHECK_TEXT(c, &opts, ENTRY,
		   "execve(\"/tmp/st/p1\", [\"p1\", \"0\", "
		   "\"with space\", \"0123456789012345678901"
		   "2345678901\"...], 0x7ffe823c4d88 /* 1 var */");
}

TEST(decode_execve_argv_past_limit)
{
	const char *argv[40];
	unsigned char rec[256];
	size_t len;
	struct syscall_call c = CALL("execve", 0, 0x1000, 0x2000, 0);
	char *t;

	for (int k = 0; k < 40; k++)
		argv[k] = "x";
	/* The kernel side reads -s strings of the 40. */
	len = strings_record(rec, argv, LIMIT, LIMIT + 1);
	give(&c, 0, false, "/tmp/st/av", 10, 0);
	give(&c, 1, false, rec, (uint32_t)len, 40);
	t = text(&c, &opts, LINE);
	CHECK(strstr(t, "\"x\", \"x\", ...], NULL) = 0"));
	CHECK(strlen(t) == strlen("execve(\"/tmp/st/av\", [], NULL) = 0") +
				   32 * strlen("\"x\", ") + strlen("..."));
	free(t);
}

/* ---- line pieces ---- */

TEST(decode_split_for_unfinished_calls)
{
	int status = 0;
	struct syscall_call c = CALL("wait4", 4651, -1, 0x1000, 0, 0);

	give(&c, 1, true, &status, sizeof(status), 0);
	/* strace: "wait4(-1, <unfinished ...>" then the rest resumed. */
	CHECK_TEXT(c, &opts, ENTRY, "wait4(-1, ");
	CHECK_TEXT(c, &opts, EXIT,
		   "[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, "
		   "NULL)");
	CHECK_TEXT(c, &opts, RETURN, "4651");

	/* All arguments known at entry: no trailing separator. */
	c = CALL("futex", 0, 0x7ffdefb41bec, 128, 1, 0, 0, 0);
	CHECK_TEXT(c, &opts, ENTRY,
		   "futex(0x7ffdefb41bec, FUTEX_WAIT_PRIVATE, 1,"
		   " NULL");
	CHECK_TEXT(c, &opts, EXIT, ")");

	c = CALL("pause", -514);
	CHECK_TEXT(c, &opts, ENTRY, "pause(");
	CHECK_TEXT(c, &opts, EXIT, ")");

	c = CALL("read", 3, 3, 0x1000, 64);
	give(&c, 1, true, "abc", 3, 0);
	CHECK_TEXT(c, &opts, ENTRY, "read(3, ");
	CHECK_TEXT(c, &opts, EXIT, "\"abc\", 64)");
}

/* ---- undecoded ---- */

TEST(decode_undecoded_in_hex)
{
	struct syscall_call c =
		CALL("afs_syscall", -ENOSYS, 0x11, 0x12, 0, 0x14, 0x15);

	CHECK_LINE(c, "afs_syscall(0x11, 0x12, 0, 0x14, 0x15) = -1 ENOSYS "
		      "(Function not implemented)");
	c.nr = 451; /* past the table */
	for (int k = 0; k < 6; k++)
		c.args[k] = (uint64_t)k + 1;
	CHECK_LINE(c, "syscall_0x1c3(0x1, 0x2, 0x3, 0x4, 0x5, 0x6) = -1 ENOSYS "
		      "(Function not implemented)");
}

/* ---- -y ---- */

static int fake_fd_path(void *ctx, int pid, int fd, char *buf, size_t size)
{
	const char *path = NULL;

	(void)ctx;
	CHECK_EQ_INT(pid, 77);
	if (fd == AT_FDCWD)
		path = "/tmp/st";
	else if (fd == 3)
		path = "/tmp/st/x1";
	else if (fd == 4 || fd == 5)
		path = "pipe:[595324]";
	else if (fd == 6)
		path = "/tmp/st/a>b\nc d\"e\\f";
	if (!path)
		return -EBADF;
	snprintf(buf, size, "%s", path);
	return 0;
}

TEST(decode_fd_paths)
{
	struct decode_opts y = {.string_limit = LIMIT, .fd_path = fake_fd_path};
	int fds[2] = {4, 5};
	struct syscall_call c =
		CALL("openat", 3, (uint64_t)AT_FDCWD, 0x1000, O_RDONLY);

	c.pid = 77;
	give(&c, 1, false, "x1", 2, 0);
	CHECK_TEXT(c, &y, LINE,
		   "openat(AT_FDCWD</tmp/st>, \"x1\", O_RDONLY) = "
		   "3</tmp/st/x1>");
	c = CALL("pipe2", 0, 0x1000, 0);
	c.pid = 77;
	give(&c, 0, true, fds, sizeof(fds), 0);
	CHECK_TEXT(c, &y, LINE,
		   "pipe2([4<pipe:[595324]>, 5<pipe:[595324]>], 0)"
		   " = 0");
	/* Paths are escaped, with the delimiters too. */
	c = CALL("close", 0, 6);
	c.pid = 77;
	CHECK_TEXT(c, &y, LINE, "close(6</tmp/st/a\\76b\\nc d\\\"e\\\\f>) = 0");
	/* A descriptor without a path prints bare. */
	c = CALL("close", -EBADF, 9);
	c.pid = 77;
	CHECK_TEXT(c, &y, LINE, "close(9) = -1 EBADF (Bad file descriptor)");
}

/* ---- classes ---- */

TEST(decode_classes)
{
	unsigned int bit = 0;

	CHECK_EQ_INT(decode__classes(syscalls__number("openat")),
		     TRACE_CLASS_FILE | TRACE_CLASS_DESC);
	CHECK_EQ_INT(decode__classes(syscalls__number("read")),
		     TRACE_CLASS_DESC);
	CHECK_EQ_INT(decode__classes(syscalls__number("socket")),
		     TRACE_CLASS_NETWORK);
	CHECK_EQ_INT(decode__classes(syscalls__number("mmap")),
		     TRACE_CLASS_MEMORY | TRACE_CLASS_DESC);
	CHECK_EQ_INT(decode__classes(syscalls__number("kill")),
		     TRACE_CLASS_PROCESS | TRACE_CLASS_SIGNAL);
	CHECK_EQ_INT(decode__classes(syscalls__number("setresuid")),
		     TRACE_CLASS_CREDS);
	CHECK_EQ_INT(decode__classes(syscalls__number("getpid")), 0);
	/* strace shows syscalls it has no name for under every class. */
	CHECK_EQ_INT(decode__classes(451), 0xff);
	CHECK_EQ_INT(decode__class_by_name("%file", &bit), 0);
	CHECK_EQ_INT(bit, TRACE_CLASS_FILE);
	CHECK_EQ_INT(decode__class_by_name("net", &bit), 0);
	CHECK_EQ_INT(bit, TRACE_CLASS_NETWORK);
	CHECK_EQ_INT(decode__class_by_name("%ipc", &bit), 0);
	CHECK_EQ_INT(bit, TRACE_CLASS_IPC);
	CHECK_EQ_INT(decode__class_by_name("%files", &bit), -EINVAL);
}

/* ---- plans ---- */

static const struct capture_plan *
plan_of(const char *name, int arg, bool at_exit, struct syscall_plan *plan)
{
	int nr = syscalls__number(name);

	CHECK(nr >= 0);
	decode__plan(nr, LIMIT, plan);
	for (int k = 0; k < plan->nr_captures; k++)
		if (plan->captures[k].arg == arg &&
		    !plan->captures[k].at_exit == !at_exit)
			return &plan->captures[k];
	return NULL;
}

TEST(decode_plans)
{
	struct syscall_plan plan;
	const struct capture_plan *p;

	p = plan_of("openat", 1, false, &plan);
	CHECK(p && p->kind == CAPTURE_STRING && p->size == TRACE_CAPTURE_MAX);
	CHECK_EQ_INT(plan.nr_captures, 1);
	CHECK(!plan.print_at_entry);

	p = plan_of("read", 1, true, &plan);
	CHECK(p && p->kind == CAPTURE_BYTES_RET && p->size == LIMIT);
	CHECK(plan.print_at_entry);

	/* Strings cut at -s: one byte more shows the cut, one for the NUL. */
	p = plan_of("memfd_create", 0, false, &plan);
	CHECK(p && p->kind == CAPTURE_STRING && p->size == LIMIT + 2);

	p = plan_of("write", 1, false, &plan);
	CHECK(p && p->kind == CAPTURE_BYTES_ARG && p->len_arg == 2 &&
	      p->size == LIMIT);

	p = plan_of("fstat", 1, true, &plan);
	CHECK(p && p->kind == CAPTURE_STRUCT && p->size == sizeof(struct stat));

	p = plan_of("connect", 1, false, &plan);
	CHECK(p && p->kind == CAPTURE_SOCKADDR_ARG && p->len_arg == 2);
	CHECK(plan.print_at_entry);

	p = plan_of("accept4", 1, true, &plan);
	CHECK(p && p->kind == CAPTURE_SOCKADDR_PTR && p->len_arg == 2);

	p = plan_of("execve", 1, false, &plan);
	CHECK(p && p->kind == CAPTURE_STRINGS && p->elem == LIMIT);
	p = plan_of("execve", 2, false, &plan);
	CHECK(p && p->kind == CAPTURE_STRINGS && p->elem == 0);

	/* Only calls that may block are sent at entry. */
	plan_of("getpid", 0, false, &plan);
	CHECK(!plan.print_at_entry && !plan.nr_captures);
	plan_of("futex", 0, false, &plan);
	CHECK(plan.print_at_entry);
}

TEST(decode_every_native_syscall)
{
	size_t n;
	const struct syscall_entry *t = syscalls__native(&n);
	struct strbuf sb;

	strbuf__init(&sb, 1 << 16);
	for (size_t k = 0; k < n; k++) {
		struct syscall_call c = {.nr = t[k].nr, .returned = true};
		struct syscall_plan plan;

		decode__plan(t[k].nr, LIMIT, &plan);
		CHECK(plan.nr_captures <= TRACE_MAX_CAPTURES);
		for (int i = 0; i < plan.nr_captures; i++) {
			CHECK(plan.captures[i].arg < 6);
			CHECK(plan.captures[i].size > 0);
			CHECK(plan.captures[i].size <= TRACE_CAPTURE_MAX);
		}
		/* Every call prints with nothing captured, as strace's name. */
		strbuf__reset(&sb);
		CHECK(!decode__entry(&sb, &c, &opts));
		CHECK(!decode__exit(&sb, &c, &opts));
		CHECK(!decode__return(&sb, &c, &opts));
		CHECK(!strncmp(sb.buf, t[k].name, strlen(t[k].name)));
		CHECK_EQ_STR(decode__name(t[k].nr), t[k].name);
	}
	strbuf__release(&sb);
}
