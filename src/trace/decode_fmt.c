// SPDX-License-Identifier: GPL-2.0
/* Output primitives of the decoder: quoting, flags, signals, captures. */
#include "trace/decode_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

void d_puts(struct dctx *x, const char *s)
{
	if (!x->err)
		x->err = strbuf__add(x->sb, s, strlen(s));
}

void d_printf(struct dctx *x, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	if (x->err)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Every format here is short; a longer one is a bug, not data. */
	if (n < 0 || (size_t)n >= sizeof(buf))
		x->err = -EOVERFLOW;
	else
		x->err = strbuf__add(x->sb, buf, (size_t)n);
}

void d_ptr(struct dctx *x, uint64_t v)
{
	if (v)
		d_printf(x, "%#llx", (unsigned long long)v);
	else
		d_puts(x, "NULL");
}

void d_fd(struct dctx *x, int fd)
{
	if (fd == AT_FDCWD) {
		d_puts(x, "AT_FDCWD");
	} else {
		d_printf(x, "%d", fd);
		if (fd < 0)
			return;
	}
	d_fd_path(x, fd);
}

/* The escape of c when it has a one-letter one, else 0. */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\f':
		return 'f';
	case '\n':
		return 'n';
	case '\r':
		return 'r';
	case '\t':
		return 't';
	case '\v':
		return 'v';
	default:
		return 0;
	}
}

/* Bytes that print as octal escapes: non-printable, and -y's delimiters. */
static bool needs_octal(unsigned char c, unsigned int flags)
{
	if (c < ' ' || c >= 0x7f)
		return true;
	return (flags & QUOTE_ANGLES) && (c == '<' || c == '>');
}

/* The escaped text of n bytes, without the quotes around it. */
static void escape(struct dctx *x, const unsigned char *p, size_t n,
		   unsigned int flags)
{
	/* Escaped bytes take up to 4 characters: flush in chunks. */
	char buf[512];
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		char esc = short_escape(c);
		size_t room = sizeof(buf) - len;

		if (room < 8) {
			buf[len] = '\0';
			d_puts(x, buf);
			len = 0;
			room = sizeof(buf);
		}
		if (flags & QUOTE_HEX)
			len += (size_t)snprintf(buf + len, room, "\\x%02x", c);
		else if (esc)
			len += (size_t)snprintf(buf + len, room, "\\%c", esc);
		else if (!needs_octal(c, flags))
			buf[len++] = (char)c;
		/* An octal digit next would read as part of a short escape. */
		else if (i + 1 < n && p[i + 1] >= '0' && p[i + 1] <= '7')
			len += (size_t)snprintf(buf + len, room, "\\%03o", c);
		else
			len += (size_t)snprintf(buf + len, room, "\\%o", c);
	}
	buf[len] = '\0';
	d_puts(x, buf);
}

void d_quote(struct dctx *x, const unsigned char *p, size_t n,
	     unsigned int flags)
{
	if (flags & QUOTE_NUL) {
		const unsigned char *nul = memchr(p, '\0', n);

		if (nul)
			n = (size_t)(nul - p);
	}
	d_puts(x, "\"");
	escape(x, p, n, flags);
	d_puts(x, (flags & QUOTE_MORE) ? "\"..." : "\"");
}

/* -y's "</etc/passwd>", escaped as strace escapes it, when known. */
void d_fd_path(struct dctx *x, int fd)
{
	char path[PATH_MAX];

	if (!x->o->fd_path ||
	    x->o->fd_path(x->o->fd_path_ctx, x->c->pid, fd, path, sizeof(path)))
		return;
	path[sizeof(path) - 1] = '\0';
	d_puts(x, "<");
	escape(x, (const unsigned char *)path, strlen(path), QUOTE_ANGLES);
	d_puts(x, ">");
}

const char *xlat_name(const struct xlat *x, uint64_t v)
{
	for (unsigned int i = 0; i < x->nr; i++)
		if (x->items[i].val == v)
			return x->items[i].name;
	return NULL;
}

static void unknown_value(struct dctx *x, const struct xlat *xl, uint64_t v,
			  bool with_comment)
{
	d_printf(x, "%#llx", (unsigned long long)v);
	if (with_comment && xl->unknown)
		d_printf(x, " /* %s */", xl->unknown);
}

uint64_t d_flag_names(struct dctx *x, const struct xlat *xl, uint64_t v,
		      bool *first)
{
	for (unsigned int i = 0; i < xl->nr; i++) {
		uint64_t bits = xl->items[i].val;

		if (!bits || (v & bits) != bits)
			continue;
		if (!*first)
			d_puts(x, "|");
		d_puts(x, xl->items[i].name);
		*first = false;
		v &= ~bits;
	}
	return v;
}

void d_flags_rest(struct dctx *x, const struct xlat *xl, uint64_t rest,
		  bool first, bool with_comment)
{
	if (!rest)
		return;
	if (first)
		unknown_value(x, xl, rest, with_comment);
	else
		d_printf(x, "|%#llx", (unsigned long long)rest);
}

void d_flags(struct dctx *x, const struct xlat *xl, uint64_t v,
	     bool with_comment)
{
	bool first = true;

	if (!v) {
		const char *zero = xlat_name(xl, 0);

		d_puts(x, zero ? zero : "0");
		return;
	}
	v = d_flag_names(x, xl, v, &first);
	d_flags_rest(x, xl, v, first, with_comment);
}

void d_xlat(struct dctx *x, const struct xlat *xl, uint64_t v)
{
	const char *name;

	if (xl->style == XLAT_FLAGS) {
		d_flags(x, xl, v, true);
		return;
	}
	name = xlat_name(xl, v);
	if (name)
		d_puts(x, name);
	else if (xl->style == XLAT_ENUM_DEC)
		d_printf(x, "%lld", (long long)v);
	else
		unknown_value(x, xl, v, true);
}

/* Linux's first real-time signal, as the kernel numbers it. */
#define KERNEL_SIGRTMIN 32
#define KERNEL_NSIG 64

/* The name of sig without "SIG" into buf, or NULL when it has none. */
static const char *signal_name(int sig, char *buf, size_t size)
{
	const char *name;

	if (sig == KERNEL_SIGRTMIN)
		return "RTMIN";
	if (sig > KERNEL_SIGRTMIN && sig <= KERNEL_NSIG) {
		snprintf(buf, size, "RT_%d", sig - KERNEL_SIGRTMIN);
		return buf;
	}
	name = xlat_name(&xlat_signals, (uint64_t)sig);
	return name ? name + 3 : NULL;
}

void d_signal(struct dctx *x, int sig)
{
	char buf[16];
	const char *name = sig > 0 ? signal_name(sig, buf, sizeof(buf)) : NULL;

	if (name)
		d_printf(x, "SIG%s", name);
	else
		d_printf(x, "%d", sig);
}

static bool sigset_has(const unsigned char *set, int sig)
{
	return set[(sig - 1) / 8] & (1u << ((sig - 1) % 8));
}

void d_sigset(struct dctx *x, const unsigned char *set, size_t size)
{
	int nsig = (int)(size * 8), count = 0;
	bool invert, first = true;

	for (int sig = 1; sig <= nsig; sig++)
		count += sigset_has(set, sig);
	/* A mostly full set reads better as what it leaves out. */
	invert = count >= nsig * 2 / 3;
	d_puts(x, invert ? "~[" : "[");
	for (int sig = 1; sig <= nsig; sig++) {
		char buf[16];
		const char *name;

		if (sigset_has(set, sig) == invert)
			continue;
		name = signal_name(sig, buf, sizeof(buf));
		if (!first)
			d_puts(x, " ");
		if (name)
			d_puts(x, name);
		else
			d_printf(x, "%d", sig);
		first = false;
	}
	d_puts(x, "]");
}

void d_mode(struct dctx *x, unsigned int mode, bool with_type)
{
	const char *type = xlat_name(&xlat_mode_type, mode & S_IFMT);

	if (with_type) {
		if (type)
			d_printf(x, "%s|", type);
		else if (mode & S_IFMT)
			d_printf(x, "%#o|", mode & S_IFMT);
		for (unsigned int i = 0; i < xlat_mode_bits.nr; i++)
			if (mode & xlat_mode_bits.items[i].val)
				d_printf(x, "%s|",
					 xlat_mode_bits.items[i].name);
		mode &= 0777;
	}
	d_printf(x, "%#03o", mode);
}

void d_time(struct dctx *x, long long sec, long nsec, bool with_nsec)
{
	time_t t = (time_t)sec;
	struct tm tm;
	char date[64], zone[16];

	if (!localtime_r(&t, &tm) ||
	    !strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%S", &tm) ||
	    !strftime(zone, sizeof(zone), "%z", &tm))
		return;
	if (with_nsec)
		d_printf(x, "%s.%09ld%s", date, nsec, zone);
	else
		d_printf(x, "%s%s", date, zone);
}

const struct capture_plan *d_cap_plan(const struct dctx *x, int arg,
				      bool at_exit)
{
	for (unsigned int k = 0; k < x->plan.nr_captures; k++) {
		const struct capture_plan *p = &x->plan.captures[k];

		if (p->arg == arg && !p->at_exit == !at_exit)
			return p;
	}
	return NULL;
}

const struct call_capture *d_cap(const struct dctx *x, int arg, bool at_exit)
{
	const struct capture_plan *p = d_cap_plan(x, arg, at_exit);
	const struct call_capture *cap;

	if (!p)
		return NULL;
	cap = &x->c->cap[p - x->plan.captures];
	return cap->data && !cap->err ? cap : NULL;
}

bool d_struct(const struct dctx *x, int arg, bool at_exit, void *dst,
	      size_t size)
{
	const struct call_capture *cap = d_cap(x, arg, at_exit);

	if (!cap || cap->len < size)
		return false;
	memcpy(dst, cap->data, size);
	return true;
}

bool d_is_error(int64_t ret)
{
	return ret < 0 && ret >= -4095;
}

bool d_failed(const struct dctx *x)
{
	return x->c->returned && d_is_error(x->c->ret);
}

bool arg_is_out(const struct dctx *x, int i)
{
	const struct arg_ops *ops = &arg_ops[x->d->args[i]];

	return ops->out || (ops->out_if && ops->out_if(x, i));
}

static const struct call_capture *shown_cap(const struct dctx *x, int i)
{
	bool failed =
		x->exit_phase && d_failed(x) && !arg_ops[x->d->args[i]].kept;
	const struct call_capture *cap;

	if (failed)
		return NULL;
	cap = d_cap(x, i, arg_is_out(x, i));
	/* Bytes the kernel side read win; nothing read at NULL is NULL. */
	return cap && (cap->len || d_arg(x, i)) ? cap : NULL;
}

const struct call_capture *d_arg_cap(struct dctx *x, int i)
{
	const struct call_capture *cap = shown_cap(x, i);

	if (!cap)
		d_ptr(x, d_arg(x, i));
	return cap;
}

bool d_object(struct dctx *x, int i, void *dst, size_t size)
{
	const struct call_capture *cap = shown_cap(x, i);

	if (!cap || cap->len < size) {
		d_ptr(x, d_arg(x, i));
		return false;
	}
	memcpy(dst, cap->data, size);
	return true;
}
