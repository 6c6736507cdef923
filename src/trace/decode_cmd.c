// SPDX-License-Identifier: GPL-2.0
/*
 * Arguments whose meaning depends on another argument: clone's by its
 * flags; futex, fcntl, ioctl, prctl and arch_prctl's by their command.
 * Each command has a layout: one letter per argument it shows.
 */
#include "trace/decode_priv.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <string.h>
#include <sys/prctl.h>

/* ---- clone ---- */

static uint64_t clone_flags(const struct dctx *x)
{
	return d_arg(x, 0);
}

bool clone_has_ptid(const struct dctx *x, int i)
{
	return clone_flags(x) &
	       (CLONE_PARENT_SETTID | 0x1000 /* CLONE_PIDFD */);
}

bool clone_has_ctid(const struct dctx *x, int i)
{
	return clone_flags(x) & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID);
}

bool clone_has_tls(const struct dctx *x, int i)
{
	return clone_flags(x) & CLONE_SETTLS;
}

void p_clone_ptid(struct dctx *x, int i)
{
	int32_t tid;

	if (d_object(x, i, &tid, sizeof(tid)))
		d_printf(x, "[%d]", tid);
}

/* ---- command layouts ---- */

struct cmd_layout {
	uint32_t cmd;
	const char *args; /* a letter per argument after the command */
};

static const char *layout_of(const struct cmd_layout *t, size_t n, uint32_t cmd,
			     const char *dflt)
{
	for (size_t k = 0; k < n; k++)
		if (t[k].cmd == cmd)
			return t[k].args;
	return dflt;
}

/* The letter for argument i, given the command is argument first - 1. */
static char layout_letter(const char *layout, int i, int first)
{
	size_t pos = (size_t)(i - first);

	return pos < strlen(layout) ? layout[pos] : '-';
}

/* Letters shared by the commands' layouts. */
static void print_letter(struct dctx *x, int i, char letter)
{
	uint64_t v = d_arg(x, i);

	switch (letter) {
	case 'd':
		d_printf(x, "%d", (int)v);
		break;
	case 'u':
		d_printf(x, "%u", (unsigned int)v);
		break;
	case 'p':
		d_ptr(x, v);
		break;
	case 's':
		d_signal(x, (int)v);
		break;
	case 'f': /* an open flags word */
		d_open_flags(x, (uint32_t)v);
		break;
	case 'i': /* an int in memory */
		p_int_obj(x, i);
		break;
	default:
		d_printf(x, "%#llx", (unsigned long long)v);
	}
}

/* ---- futex ---- */

#define FUTEX_CMD_BITS 127

/* Arguments 2-5: val, timeout (or val2), uaddr2, val3. */
static const struct cmd_layout futex_layouts[] = {
	{FUTEX_WAIT, "ut"},
	{FUTEX_WAKE, "u"},
	{FUTEX_FD, "u"},
	{FUTEX_REQUEUE, "uUp"},
	{FUTEX_CMP_REQUEUE, "uUpU"},
	{FUTEX_WAKE_OP, "uUpo"},
	{FUTEX_LOCK_PI, "-t"},
	{FUTEX_UNLOCK_PI, ""},
	{FUTEX_TRYLOCK_PI, ""},
	{FUTEX_WAIT_BITSET, "ut-b"},
	{FUTEX_WAKE_BITSET, "u--b"},
	{FUTEX_WAIT_REQUEUE_PI, "utp"},
	{FUTEX_CMP_REQUEUE_PI, "uUpU"},
	{13 /* FUTEX_LOCK_PI2 */, "-t"},
};

static const char *futex_layout(const struct dctx *x)
{
	uint32_t op = (uint32_t)d_arg(x, 1);

	return layout_of(futex_layouts, ARRAY_SIZE(futex_layouts),
			 op & FUTEX_CMD_BITS, "uxxx");
}

bool futex_has_arg(const struct dctx *x, int i)
{
	return layout_letter(futex_layout(x), i, 2) != '-';
}

void p_futex_op(struct dctx *x, int i)
{
	uint32_t op = (uint32_t)d_arg(x, i);
	const char *name = xlat_name(&xlat_futex_cmd, op & FUTEX_CMD_BITS);

	if (!name || op & ~(FUTEX_CMD_BITS | FUTEX_PRIVATE_FLAG |
			    FUTEX_CLOCK_REALTIME)) {
		d_printf(x, "%#x /* FUTEX_??? */", op);
		return;
	}
	d_puts(x, name);
	if (op & FUTEX_PRIVATE_FLAG)
		d_puts(x, "_PRIVATE");
	if (op & FUTEX_CLOCK_REALTIME)
		d_puts(x, "|FUTEX_CLOCK_REALTIME");
}

/* FUTEX_OP_SET<<28|0<<12|FUTEX_OP_CMP_GT<<24|0x1 */
static void futex_wake_op(struct dctx *x, uint32_t v)
{
	uint32_t op = v >> 28 & 7, cmp = v >> 24 & 15;
	const char *op_name = xlat_name(&xlat_futex_wake_op, op);
	const char *cmp_name = xlat_name(&xlat_futex_wake_cmp, cmp);

	if (v >> 31)
		d_puts(x, "FUTEX_OP_OPARG_SHIFT<<28|");
	if (op_name)
		d_printf(x, "%s<<28", op_name);
	else
		d_printf(x, "%#x<<28 /* FUTEX_OP_??? */", op);
	d_printf(x, "|%#x<<12|", v >> 12 & 0xfff);
	if (cmp_name)
		d_printf(x, "%s<<24", cmp_name);
	else
		d_printf(x, "%#x<<24 /* FUTEX_OP_CMP_??? */", cmp);
	d_printf(x, "|%#x", v & 0xfff);
}

void p_futex_arg(struct dctx *x, int i)
{
	uint32_t v = (uint32_t)d_arg(x, i);

	switch (layout_letter(futex_layout(x), i, 2)) {
	case 't':
		p_timespec(x, i);
		break;
	case 'U': /* val2 or val3: a count */
		d_printf(x, "%u", v);
		break;
	case 'o':
		futex_wake_op(x, v);
		break;
	case 'b':
		if (v == FUTEX_BITSET_MATCH_ANY)
			d_puts(x, "FUTEX_BITSET_MATCH_ANY");
		else
			d_printf(x, "%#x", v);
		break;
	default:
		print_letter(x, i, layout_letter(futex_layout(x), i, 2));
	}
}

/* ---- fcntl ---- */

/*
 * Argument 2 by command: F flock read at entry, G flock written at exit,
 * o/O f_owner_ex, L lease type, D dnotify flags, S seals, c FD_ flags.
 */
static const struct cmd_layout fcntl_layouts[] = {
	{F_DUPFD, "d"},	     {F_GETFD, ""},	  {F_SETFD, "c"},
	{F_GETFL, ""},	     {F_SETFL, "f"},	  {F_GETLK, "G"},
	{F_SETLK, "F"},	     {F_SETLKW, "F"},	  {F_SETOWN, "d"},
	{F_GETOWN, ""},	     {F_SETSIG, "s"},	  {F_GETSIG, ""},
	{12, "G"},	     {13, "F"},		  {14, "F"},
	{F_SETOWN_EX, "o"},  {F_GETOWN_EX, "O"},  {F_OFD_GETLK, "G"},
	{F_OFD_SETLK, "F"},  {F_OFD_SETLKW, "F"}, {F_SETLEASE, "L"},
	{F_GETLEASE, ""},    {F_NOTIFY, "D"},	  {F_DUPFD_CLOEXEC, "d"},
	{F_SETPIPE_SZ, "d"}, {F_GETPIPE_SZ, ""},  {F_ADD_SEALS, "S"},
	{F_GET_SEALS, ""},
};

static char fcntl_letter(const struct dctx *x)
{
	const char *layout = layout_of(fcntl_layouts, ARRAY_SIZE(fcntl_layouts),
				       (uint32_t)d_arg(x, 1), "x");

	return layout[0] ? layout[0] : '-';
}

bool fcntl_has_arg(const struct dctx *x, int i)
{
	return fcntl_letter(x) != '-';
}

bool fcntl_arg_out(const struct dctx *x, int i)
{
	return fcntl_letter(x) == 'G' || fcntl_letter(x) == 'O';
}

static void flock_struct(struct dctx *x, int i, bool with_pid)
{
	struct flock fl;

	if (!d_object(x, i, &fl, sizeof(fl)))
		return;
	d_puts(x, "{l_type=");
	d_xlat(x, &xlat_lock_type, (uint16_t)fl.l_type);
	d_puts(x, ", l_whence=");
	d_xlat(x, &xlat_whence, (uint16_t)fl.l_whence);
	d_printf(x, ", l_start=%lld, l_len=%lld", (long long)fl.l_start,
		 (long long)fl.l_len);
	if (with_pid)
		d_printf(x, ", l_pid=%d", fl.l_pid);
	d_puts(x, "}");
}

static void owner_struct(struct dctx *x, int i)
{
	struct f_owner_ex owner;

	if (!d_object(x, i, &owner, sizeof(owner)))
		return;
	d_puts(x, "{type=");
	d_xlat(x, &xlat_owner_type, (uint32_t)owner.type);
	d_printf(x, ", pid=%d}", owner.pid);
}

void p_fcntl_arg(struct dctx *x, int i)
{
	char letter = fcntl_letter(x);
	uint32_t v = (uint32_t)d_arg(x, i);

	switch (letter) {
	case 'F':
	case 'G':
		flock_struct(x, i, letter == 'G');
		break;
	case 'o':
	case 'O':
		owner_struct(x, i);
		break;
	case 'L':
		d_xlat(x, &xlat_lease, v);
		break;
	case 'D':
		d_xlat(x, &xlat_dn_flags, v);
		break;
	case 'S':
		d_xlat(x, &xlat_seals, v);
		break;
	case 'c':
		d_xlat(x, &xlat_fd_flags, v);
		break;
	default:
		print_letter(x, i, letter);
	}
}

/* F_GETFL's "0x8002 (flags O_RDWR|O_LARGEFILE)" and its kin. */
void r_fcntl(struct dctx *x)
{
	int64_t ret = x->c->ret;

	switch ((int)d_arg(x, 1)) {
	case F_GETFL:
		d_printf(x, "%#llx (flags ", (unsigned long long)ret);
		d_open_flags(x, (uint32_t)ret);
		d_puts(x, ")");
		break;
	case F_GETFD:
		r_flags(x, &xlat_fd_flags, "flags ");
		break;
	case F_GET_SEALS:
		r_flags(x, &xlat_seals, "seals ");
		break;
	case F_GETLEASE:
		d_printf(x, "%#llx (", (unsigned long long)ret);
		d_xlat(x, &xlat_lease, (uint64_t)ret);
		d_puts(x, ")");
		break;
	case F_GETSIG:
		d_printf(x, "%lld", (long long)ret);
		if (ret) {
			d_puts(x, " (");
			d_signal(x, (int)ret);
			d_puts(x, ")");
		}
		break;
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		r_fd(x);
		break;
	default:
		d_printf(x, "%lld", (long long)ret);
	}
}

/* ---- ioctl ---- */

/*
 * Argument 2: i int read, I int written, W winsize written, P pointer
 * written, T queue selector.
 */
static const struct cmd_layout ioctl_layouts[] = {
	{0x5401, "P"}, {0x540b, "T"}, {0x540c, ""},	 {0x540d, ""},
	{0x540e, "d"}, {0x540f, "I"}, {0x5410, "i"},	 {0x5411, "I"},
	{0x5413, "W"}, {0x541b, "I"}, {0x5421, "i"},	 {0x5422, ""},
	{0x5427, ""},  {0x5428, ""},  {0x5429, "I"},	 {0x5450, ""},
	{0x5451, ""},  {0x5452, "i"}, {0x80045430, "I"}, {0x40045431, "i"},
};

static char ioctl_letter(const struct dctx *x)
{
	const char *layout = layout_of(ioctl_layouts, ARRAY_SIZE(ioctl_layouts),
				       (uint32_t)d_arg(x, 1), "x");

	return layout[0] ? layout[0] : '-';
}

bool ioctl_has_arg(const struct dctx *x, int i)
{
	return ioctl_letter(x) != '-';
}

bool ioctl_arg_out(const struct dctx *x, int i)
{
	char letter = ioctl_letter(x);

	return letter == 'I' || letter == 'W' || letter == 'P';
}

XLAT_STATIC(xlat_ioc_dir, XLAT_FLAGS, NULL, XN(0, "_IOC_NONE"),
	    XN(1, "_IOC_WRITE"), XN(2, "_IOC_READ"));

void p_ioctl_cmd(struct dctx *x, int i)
{
	uint32_t cmd = (uint32_t)d_arg(x, i);
	const char *name = xlat_name(&xlat_ioctl, cmd);

	if (name) {
		d_puts(x, name);
		return;
	}
	/* _IOC(dir, type, nr, size): the fields of <asm-generic/ioctl.h>. */
	d_puts(x, "_IOC(");
	d_flags(x, &xlat_ioc_dir, cmd >> 30, false);
	d_printf(x, ", %#x, %#x, %#x)", cmd >> 8 & 0xff, cmd & 0xff,
		 cmd >> 16 & 0x3fff);
}

void p_ioctl_arg(struct dctx *x, int i)
{
	struct {
		uint16_t row, col, xpixel, ypixel;
	} ws;

	switch (ioctl_letter(x)) {
	case 'i':
	case 'I':
		p_int_obj(x, i);
		break;
	case 'W':
		if (d_object(x, i, &ws, sizeof(ws)))
			d_printf(x,
				 "{ws_row=%u, ws_col=%u, ws_xpixel=%u, "
				 "ws_ypixel=%u}",
				 ws.row, ws.col, ws.xpixel, ws.ypixel);
		break;
	case 'P':
		d_ptr(x, d_arg(x, i));
		break;
	case 'T':
		d_xlat(x, &xlat_tcflsh, (uint32_t)d_arg(x, i));
		break;
	default:
		print_letter(x, i, ioctl_letter(x));
	}
}

/* ---- prctl ---- */

XLAT_STATIC(xlat_seccomp_mode, XLAT_ENUM, "SECCOMP_MODE_???",
	    XN(0, "SECCOMP_MODE_DISABLED"), XN(1, "SECCOMP_MODE_STRICT"),
	    XN(2, "SECCOMP_MODE_FILTER"));

/*
 * Arguments 1-4: c capability, D SUID_DUMP_*, M seccomp mode, n name
 * read, N name written, I int written, x raw.
 */
static const struct cmd_layout prctl_layouts[] = {
	{PR_SET_PDEATHSIG, "s"},
	{PR_GET_PDEATHSIG, "I"},
	{PR_GET_DUMPABLE, ""},
	{PR_SET_DUMPABLE, "D"},
	{PR_GET_UNALIGN, "x"},
	{PR_GET_FPEMU, "x"},
	{PR_SET_FPEMU, "u"},
	{PR_GET_FPEXC, "x"},
	{PR_SET_FPEXC, "u"},
	{PR_GET_ENDIAN, "x"},
	{PR_SET_ENDIAN, "u"},
	{PR_GET_TSC, "x"},
	{50 /* PR_SVE_SET_VL */, "x"},
	{51 /* PR_SVE_GET_VL */, ""},
	{63 /* PR_SME_SET_VL */, "x"},
	{64 /* PR_SME_GET_VL */, ""},
	{PR_GET_KEEPCAPS, ""},
	{PR_SET_KEEPCAPS, "u"},
	{PR_GET_TIMING, ""},
	{PR_SET_TIMING, "u"},
	{PR_SET_NAME, "n"},
	{PR_GET_NAME, "N"},
	{PR_GET_SECCOMP, ""},
	{PR_SET_SECCOMP, "Mxxx"},
	{PR_CAPBSET_READ, "c"},
	{PR_CAPBSET_DROP, "c"},
	{PR_GET_SECUREBITS, ""},
	{PR_SET_TIMERSLACK, "u"},
	{PR_GET_TIMERSLACK, ""},
	{PR_TASK_PERF_EVENTS_DISABLE, ""},
	{PR_TASK_PERF_EVENTS_ENABLE, ""},
	{PR_SET_CHILD_SUBREAPER, "u"},
	{PR_GET_CHILD_SUBREAPER, "I"},
	{PR_SET_NO_NEW_PRIVS, "uxxx"},
	{PR_SET_THP_DISABLE, "uxxx"},
	{PR_GET_TID_ADDRESS, "x"},
	{46 /* PR_GET_FP_MODE */, ""},
	{57 /* PR_SET_IO_FLUSHER */, "uxxx"},
	{0x59616d61 /* PR_SET_PTRACER */, "u"},
};

/*
 * A task name: the kernel keeps TASK_COMM_LEN - 1 bytes of it, and strace
 * shows a name that fills them as cut.
 */
#define TASK_COMM_CHARS 15

static void task_name(struct dctx *x, int i)
{
	const struct call_capture *cap = d_arg_cap(x, i);
	size_t limit = x->o->string_limit, n;

	if (!cap)
		return;
	if (limit > TASK_COMM_CHARS)
		limit = TASK_COMM_CHARS;
	n = strnlen((const char *)cap->data, cap->len);
	d_quote(x, cap->data, n > limit ? limit : n,
		n > limit || n >= TASK_COMM_CHARS ? QUOTE_MORE : 0);
}

static const char *prctl_layout(const struct dctx *x)
{
	return layout_of(prctl_layouts, ARRAY_SIZE(prctl_layouts),
			 (uint32_t)d_arg(x, 0), "xxxx");
}

/* Seccomp's strict mode takes nothing more, a filter its program. */
static int seccomp_args(uint64_t mode)
{
	return mode == 1 ? 1 : mode == 2 ? 2 : 4;
}

bool prctl_has_arg(const struct dctx *x, int i)
{
	if (d_arg(x, 0) == PR_SET_SECCOMP && i > seccomp_args(d_arg(x, 1)))
		return false;
	return layout_letter(prctl_layout(x), i, 1) != '-';
}

bool prctl_arg_out(const struct dctx *x, int i)
{
	char letter = layout_letter(prctl_layout(x), i, 1);

	return letter == 'N' || letter == 'I';
}

void p_prctl_arg(struct dctx *x, int i)
{
	char letter = layout_letter(prctl_layout(x), i, 1);
	const struct call_capture *cap;

	switch (letter) {
	case 'c':
		d_xlat(x, &xlat_cap, (uint32_t)d_arg(x, i));
		break;
	case 'D':
		d_xlat(x, &xlat_dumpable, (uint32_t)d_arg(x, i));
		break;
	case 'M':
		d_xlat(x, &xlat_seccomp_mode, (uint32_t)d_arg(x, i));
		break;
	case 'n':
		task_name(x, i);
		break;
	case 'N': /* at most TASK_COMM_LEN bytes */
		cap = d_arg_cap(x, i);
		if (cap)
			d_quote(x, cap->data, cap->len, QUOTE_NUL);
		break;
	case 'I':
		p_int_obj(x, i);
		break;
	default:
		print_letter(x, i, letter);
	}
}

void r_prctl(struct dctx *x)
{
	d_printf(x, "%lld", (long long)x->c->ret);
	if (d_arg(x, 0) == PR_GET_DUMPABLE) {
		d_puts(x, " (");
		d_xlat(x, &xlat_dumpable, (uint64_t)x->c->ret);
		d_puts(x, ")");
	}
}

/* ---- arch_prctl ---- */

static const struct cmd_layout arch_prctl_layouts[] = {
	{0x1001, "x"}, {0x1002, "x"}, {0x1003, "A"},
	{0x1004, "A"}, {0x1011, ""},
};

static char arch_prctl_letter(const struct dctx *x)
{
	const char *layout =
		layout_of(arch_prctl_layouts, ARRAY_SIZE(arch_prctl_layouts),
			  (uint32_t)d_arg(x, 0), "x");

	return layout[0] ? layout[0] : '-';
}

bool arch_prctl_has_addr(const struct dctx *x, int i)
{
	return arch_prctl_letter(x) != '-';
}

bool arch_prctl_addr_out(const struct dctx *x, int i)
{
	return arch_prctl_letter(x) == 'A';
}

void p_arch_prctl_addr(struct dctx *x, int i)
{
	uint64_t addr;

	if (arch_prctl_letter(x) != 'A')
		print_letter(x, i, arch_prctl_letter(x));
	else if (d_object(x, i, &addr, sizeof(addr)))
		d_printf(x, "[%#llx]", (unsigned long long)addr);
}

/* ---- personality ---- */

XLAT_STATIC(xlat_per_domain, XLAT_ENUM, NULL, XN(0x00, "PER_LINUX"),
	    XN(0x01, "PER_SVR4"), XN(0x02, "PER_SVR3"), XN(0x03, "PER_SCOSVR3"),
	    XN(0x04, "PER_WYSEV386"), XN(0x06, "PER_BSD"),
	    XN(0x07, "PER_XENIX"), XN(0x08, "PER_LINUX32"),
	    XN(0x09, "PER_IRIX32"), XN(0x0a, "PER_IRIXN32"),
	    XN(0x0b, "PER_IRIX64"), XN(0x0c, "PER_RISCOS"),
	    XN(0x0d, "PER_SOLARIS"), XN(0x0e, "PER_UW7"), XN(0x0f, "PER_OSF4"),
	    XN(0x10, "PER_HPUX"));

/* The execution domain in the low byte, then the flags. */
void d_personality(struct dctx *x, uint32_t v)
{
	const char *domain = xlat_name(&xlat_per_domain, v & 0xff);

	if (!domain) {
		d_printf(x, "%#x /* PER_??? */", v);
		return;
	}
	d_puts(x, domain);
	if (v & ~0xffu) {
		d_puts(x, "|");
		d_flags(x, &xlat_personality, v & ~0xffu, false);
	}
}
