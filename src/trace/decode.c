// SPDX-License-Identifier: GPL-2.0
/*
 * Syscalls in strace's notation: the capture plan of each syscall and the
 * three pieces of its line, driven by the descriptions of decode_table.c.
 */
#include "trace/decode.h"

#include "core/syscalls.h"
#include "trace/decode_priv.h"

#include <errno.h>
#include <string.h>

/*
 * For numbers without a name: six raw arguments, and every class, as
 * strace shows the syscalls it does not know under each -e trace=%class.
 */
static const struct syscall_desc unknown_desc = {
	.nargs = 6,
	.classes = TRACE_CLASS_FILE | TRACE_CLASS_DESC | TRACE_CLASS_NETWORK |
		   TRACE_CLASS_PROCESS | TRACE_CLASS_MEMORY |
		   TRACE_CLASS_SIGNAL | TRACE_CLASS_IPC | TRACE_CLASS_CREDS,
};

/* Descriptions by number, looked up by name once: every line needs one. */
static const struct syscall_desc *descs_by_nr[SYSCALL_COUNT_MAX];

static const struct syscall_desc *desc_of(int nr)
{
	const struct syscall_desc **slot, *d;
	const char *name;

	if (nr < 0 || nr >= SYSCALL_COUNT_MAX)
		return &unknown_desc;
	slot = &descs_by_nr[nr];
	if (*slot)
		return *slot;
	name = syscalls__name(nr);
	d = name ? syscall_desc__find(name) : NULL;
	*slot = d ? d : &unknown_desc;
	return *slot;
}

/* ---- the plan ---- */

static unsigned short capture_size(const struct arg_cap *c, unsigned int limit)
{
	unsigned int size = c->size;

	if (c->size_by == CAP_LIMIT)
		size = limit;
	else if (c->size_by == CAP_LIMIT1)
		size = limit + 1;
	else if (c->size_by == CAP_LIMIT2)
		size = limit + 2;
	/* 0 would mean the kernel side's maximum. */
	if (size < 1)
		size = 1;
	return size > TRACE_CAPTURE_MAX ? TRACE_CAPTURE_MAX
					: (unsigned short)size;
}

static void plan_arg(struct syscall_plan *plan, int i,
		     const struct arg_ops *ops, unsigned int limit)
{
	for (size_t k = 0; k < ARRAY_SIZE(ops->cap); k++) {
		const struct arg_cap *c = &ops->cap[k];
		unsigned int elem = c->elem_by_limit ? limit : c->elem;
		struct capture_plan *p;

		/* No description needs more: a unit test checks them all. */
		if (c->kind == CAPTURE_NONE ||
		    plan->nr_captures == TRACE_MAX_CAPTURES)
			continue;
		p = &plan->captures[plan->nr_captures++];
		p->arg = (unsigned char)i;
		p->kind = c->kind;
		p->at_exit = c->at_exit;
		p->len_arg = c->len_rel ? (unsigned char)(i + c->len_rel)
					: CAPTURE_NO_LEN_ARG;
		p->size = capture_size(c, limit);
		p->elem = elem > 0xffff ? 0xffff : (unsigned short)elem;
	}
}

void decode__plan(int nr, unsigned int string_limit, struct syscall_plan *plan)
{
	const struct syscall_desc *d = desc_of(nr);

	memset(plan, 0, sizeof(*plan));
	plan->print_at_entry = d->blocks;
	for (int i = 0; i < d->nargs; i++)
		plan_arg(plan, i, &arg_ops[d->args[i]], string_limit);
}

/* ---- the arguments ---- */

static void ctx_init(struct dctx *x, struct strbuf *sb,
		     const struct syscall_call *c, const struct decode_opts *o)
{
	memset(x, 0, sizeof(*x));
	x->sb = sb;
	x->c = c;
	x->o = o;
	x->d = desc_of(c->nr);
	decode__plan(c->nr, o->string_limit, &x->plan);
}

/* The arguments this call shows, in the order strace shows them. */
static int shown_args(const struct dctx *x, int *idx)
{
	int n = 0;

	for (int k = 0; k < x->d->nargs; k++) {
		int i = x->d->order ? x->d->order[k] : k;
		const struct arg_ops *ops = &arg_ops[x->d->args[i]];

		if (!ops->present || ops->present(x, i))
			idx[n++] = i;
	}
	return n;
}

/*
 * strace prints arguments at entry up to the first one the call writes;
 * that one and all after it wait for the exit.
 */
static void print_args(struct dctx *x, bool at_exit)
{
	int idx[6], n = shown_args(x, idx), split = 0, from, to;

	while (split < n && !arg_is_out(x, idx[split]))
		split++;
	from = at_exit ? split : 0;
	to = at_exit ? n : split;
	x->exit_phase = at_exit;
	for (int k = from; k < to; k++) {
		const struct arg_ops *ops = &arg_ops[x->d->args[idx[k]]];

		if (ops->label)
			d_puts(x, ops->label);
		ops->print(x, idx[k]);
		if (k + 1 < n)
			d_puts(x, ", ");
	}
}

int decode__entry(struct strbuf *sb, const struct syscall_call *c,
		  const struct decode_opts *o)
{
	const char *name = decode__name(c->nr);
	struct dctx x;

	ctx_init(&x, sb, c, o);
	if (name) {
		d_puts(&x, name);
		d_puts(&x, "(");
	} else
		d_printf(&x, "syscall_%#x(", (unsigned int)c->nr);
	print_args(&x, false);
	return x.err;
}

int decode__exit(struct strbuf *sb, const struct syscall_call *c,
		 const struct decode_opts *o)
{
	struct dctx x;

	ctx_init(&x, sb, c, o);
	print_args(&x, true);
	d_puts(&x, ")");
	return x.err;
}

/* ---- the return value ---- */

/* Errors only the kernel sees; the restarts print with "?" as strace. */
static const struct {
	int err;
	const char *name;
	const char *restart; /* strace's text for a restarted call */
} kernel_errors[] = {
	{512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
	{513, "ERESTARTNOINTR", "To be restarted"},
	{514, "ERESTARTNOHAND", "To be restarted if no handler"},
	{515, "ENOIOCTLCMD", NULL},
	{516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
	{517, "EPROBE_DEFER", NULL},
	{518, "EOPENSTALE", NULL},
	{521, "EBADHANDLE", NULL},
	{522, "ENOTSYNC", NULL},
	{523, "EBADCOOKIE", NULL},
	{524, "ENOTSUPP", NULL},
	{525, "ETOOSMALL", NULL},
	{526, "ESERVERFAULT", NULL},
	{527, "EBADTYPE", NULL},
	{528, "EJUKEBOX", NULL},
	{529, "EIOCBQUEUED", NULL},
	{530, "ERECALLCONFLICT", NULL},
};

static void ret_error(struct dctx *x, int err)
{
	const char *name = NULL;
	char msg[128];

	if (err > 0 && (size_t)err < errno_names_nr)
		name = errno_names[err];
	for (size_t k = 0; !name && k < ARRAY_SIZE(kernel_errors); k++) {
		if (kernel_errors[k].err != err)
			continue;
		name = kernel_errors[k].name;
		if (kernel_errors[k].restart) {
			d_printf(x, "? %s (%s)", name,
				 kernel_errors[k].restart);
			return;
		}
	}
	if (!name) {
		d_printf(x, "-1 (errno %d)", err);
		return;
	}
	d_printf(x, "-1 %s (%s)", name, strerror_r(err, msg, sizeof(msg)));
}

void r_fd(struct dctx *x)
{
	d_printf(x, "%lld", (long long)x->c->ret);
	if (x->c->ret >= 0 && x->c->ret <= INT32_MAX)
		d_fd_path(x, (int)x->c->ret);
}

/* "0x1 (flags FD_CLOEXEC)", or "0" when none are set. */
void r_flags(struct dctx *x, const struct xlat *xl, const char *what)
{
	uint64_t v = (uint64_t)x->c->ret;

	if (!v) {
		d_puts(x, "0");
		return;
	}
	d_printf(x, "%#llx (%s", (unsigned long long)v, what);
	d_flags(x, xl, v, true);
	d_puts(x, ")");
}

/* poll and ppoll: "1 ([{fd=3, revents=POLLIN}])" or "0 (Timeout)". */
static void r_poll(struct dctx *x)
{
	const struct call_capture *cap = d_cap(x, 0, true);
	uint64_t count = (uint32_t)x->c->args[1];

	if (!x->c->ret) {
		d_puts(x, "0 (Timeout)");
		return;
	}
	d_printf(x, "%lld", (long long)x->c->ret);
	if (!cap)
		return;
	if (count > cap->len / SZ_POLLFD)
		count = cap->len / SZ_POLLFD;
	d_puts(x, " (");
	d_pollfds(x, cap->data, (size_t)count, true);
	d_puts(x, ")");
}

static void r_dec(struct dctx *x)
{
	d_printf(x, "%lld", (long long)x->c->ret);
}

/* A number, then its meaning in parentheses through print. */
static void r_annotated(struct dctx *x, void (*print)(struct dctx *, int64_t))
{
	r_dec(x);
	d_puts(x, " (");
	print(x, x->c->ret);
	d_puts(x, ")");
}

static void ann_time(struct dctx *x, int64_t v)
{
	d_time(x, (long long)v, 0, false);
}

static void ann_personality(struct dctx *x, int64_t v)
{
	d_personality(x, (uint32_t)v);
}

static void ann_signal(struct dctx *x, int64_t v)
{
	d_signal(x, (int)v);
}

static void ann_sched_policy(struct dctx *x, int64_t v)
{
	d_xlat(x, &xlat_sched_policy, (uint64_t)v);
}

static void print_return(struct dctx *x)
{
	int64_t ret = x->c->ret;

	switch (x->d->ret) {
	case R_HEX:
		d_printf(x, "%#llx", (unsigned long long)ret);
		break;
	case R_FD:
		r_fd(x);
		break;
	case R_OCT:
		d_printf(x, "%#03llo", (unsigned long long)ret);
		break;
	case R_FCNTL:
		r_fcntl(x);
		break;
	case R_POLL:
		r_poll(x);
		break;
	case R_SELECT:
		if (ret)
			r_dec(x);
		else
			d_puts(x, "0 (Timeout)");
		break;
	case R_TIME:
		r_annotated(x, ann_time);
		break;
	case R_PRCTL:
		r_prctl(x);
		break;
	case R_PERSONALITY:
		r_annotated(x, ann_personality);
		break;
	case R_MEMBARRIER:
		/* MEMBARRIER_CMD_QUERY answers with the commands it has. */
		if (x->c->args[0] == 0)
			r_flags(x, &xlat_membarrier_cmd, "");
		else
			r_dec(x);
		break;
	case R_SIGNAL:
		r_annotated(x, ann_signal);
		break;
	case R_SCHED_POLICY:
		r_annotated(x, ann_sched_policy);
		break;
	default:
		r_dec(x);
	}
}

int decode__return(struct strbuf *sb, const struct syscall_call *c,
		   const struct decode_opts *o)
{
	struct dctx x;

	ctx_init(&x, sb, c, o);
	if (!c->returned)
		d_puts(&x, "?");
	else if (d_is_error(c->ret))
		ret_error(&x, (int)-c->ret);
	else
		print_return(&x);
	return x.err;
}

int decode__siginfo(struct strbuf *sb, const void *si, size_t size,
		    const struct decode_opts *o)
{
	struct syscall_call none = { .nr = -1 };
	siginfo_t info;
	struct dctx x;

	memset(&info, 0, sizeof(info));
	memcpy(&info, si, size < sizeof(info) ? size : sizeof(info));
	ctx_init(&x, sb, &none, o);
	d_siginfo(&x, &info);
	return x.err;
}

const char *decode__name(int nr)
{
	const char *name = desc_of(nr)->name;

	return name ? name : syscalls__name(nr);
}

/* ---- classes ---- */

static const struct {
	const char *name;
	unsigned int bit;
} classes[] = {
	{"file", TRACE_CLASS_FILE},	  {"desc", TRACE_CLASS_DESC},
	{"network", TRACE_CLASS_NETWORK}, {"net", TRACE_CLASS_NETWORK},
	{"process", TRACE_CLASS_PROCESS}, {"memory", TRACE_CLASS_MEMORY},
	{"signal", TRACE_CLASS_SIGNAL},	  {"ipc", TRACE_CLASS_IPC},
	{"creds", TRACE_CLASS_CREDS},
};

int decode__class_by_name(const char *name, unsigned int *class_bit)
{
	if (name[0] == '%')
		name++;
	for (size_t k = 0; k < ARRAY_SIZE(classes); k++) {
		if (!strcmp(classes[k].name, name)) {
			*class_bit = classes[k].bit;
			return 0;
		}
	}
	return -EINVAL;
}

unsigned int decode__classes(int nr)
{
	return desc_of(nr)->classes;
}
