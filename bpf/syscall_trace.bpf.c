// SPDX-License-Identifier: GPL-2.0
/*
 * Sends each syscall of the traced tasks to user space through a ring
 * buffer, with the memory its arguments point to read as the capture
 * plan of its number says (paths, buffers, structs, sockaddrs), for
 * sonde trace to print in strace's notation.  The target never stops.
 *
 * A call is sent once, when it returns, with its arguments from the
 * saved registers and its inputs read then (the kernel has faulted them
 * in by then).  Calls that may block, and execve whose memory is gone
 * after it, are also sent when they begin, with their inputs, so that a
 * call still in progress can be shown as strace shows it.
 */
#include <linux/bpf.h>
#include <linux/types.h>
#include <stdbool.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

#include "syscall_trace.h"
#include "tasks.bpf.h"

/* Only calls that fail are sent (trace -Z). */
const volatile bool only_failed = false;

/* The argument registers, as the kernel saved them at entry. */
#if defined(__TARGET_ARCH_arm64)
struct pt_regs___args {
	__u64 regs[31];
	__u64 orig_x0;
} __attribute__((preserve_access_index));
#else
struct pt_regs___args {
	unsigned long r10, r9, r8, ax, cx, dx, si, di;
} __attribute__((preserve_access_index));
#endif

static __always_inline void read_args(void *regs, __u64 *args)
{
	struct pt_regs___args *r = regs;
#if defined(__TARGET_ARCH_arm64)
	/* x0 holds the return value at exit; orig_x0 the first argument. */
	args[0] = BPF_CORE_READ(r, orig_x0);
	for (int i = 1; i < 6; i++)
		args[i] = BPF_CORE_READ(r, regs[i]);
#else
	/* r10..di are contiguous in pt_regs: one read for all six. */
	unsigned long block[8];

	bpf_probe_read_kernel(block, sizeof(block),
			      (char *)r + bpf_core_field_offset(r->r10));
	args[0] = block[7]; /* di */
	args[1] = block[6]; /* si */
	args[2] = block[5]; /* dx */
	args[3] = block[0]; /* r10 */
	args[4] = block[2]; /* r8 */
	args[5] = block[1]; /* r9 */
#endif
}

/* The call a task is in. */
struct call_state {
	__u64 ns;
	__u32 nr;
	__u8 entry_sent;
	__u8 entry_failed; /* bit i: capture i could not be read at entry */
	__u8 execed;
	__u8 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct call_state);
} calls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SYSCALL_COUNT_MAX);
	__type(key, __u32);
	__type(value, struct syscall_plan);
} plans SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, TRACE_RING_BYTES);
} events SEC(".maps");

/* Events the ring buffer had no room for. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} lost SEC(".maps");

/*
 * An event is built here, one slot per CPU, then copied into the ring at
 * its real size.  Offsets and sizes are masked so that the verifier sees
 * every access inside the slot: a capture starts below 32 KiB and reads
 * less than 8 KiB.
 */
#define SCRATCH_BYTES 65536
#define CAPTURE_OFF_MASK 0x7fff
#define CAPTURE_SIZE_MASK 0x1fff
struct scratch {
	unsigned char buf[SCRATCH_BYTES];
};
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* set to the number of CPUs at load */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

static __always_inline __u32 bounded(__u64 v, __u32 max)
{
	return v > max ? max : (__u32)v;
}

static __always_inline __u64 arg_at(const __u64 *args, __u32 i)
{
	return i < 6 ? args[i] : 0;
}

/* What one capture needs besides its plan. */
struct capture_ctx {
	unsigned char *buf;
	__u32 off; /* where the next capture goes */
	const __u64 *args;
	long ret;
};

/* CAPTURE_STRINGS walks the pointer array with bpf_loop. */
struct strings_ctx {
	unsigned char *buf;
	__u32 data; /* offset of the capture's data */
	__u32 len;  /* bytes written so far */
	__u32 room; /* bytes the capture may use */
	__u32 count;
	__u32 want;	/* strings to copy */
	__u32 str_size; /* bytes kept of each, plus one to see a cut */
	__u64 array;
	bool done;
};

static long strings_step(__u64 i, struct strings_ctx *s)
{
	__u64 ptr = 0;
	__u32 at, size;
	unsigned char *dst;
	long n;

	if (bpf_probe_read_user(&ptr, sizeof(ptr),
				(void *)(s->array + i * sizeof(ptr))) ||
	    !ptr)
		return 1;
	s->count++;
	if (i >= s->want)
		return 0;
	at = s->data + s->len;
	size = s->str_size;
	barrier_var(size);
	size &= CAPTURE_SIZE_MASK;
	if (s->len + size + 2 > s->room || at > CAPTURE_OFF_MASK)
		return 0;
	dst = s->buf + (at & CAPTURE_OFF_MASK);
	n = bpf_probe_read_user_str(dst + 1, size, (void *)ptr);
	if (n <= 0) {
		n = 1;
		dst[1] = 0;
	}
	/* A string that filled the read was cut: keep the shown bytes. */
	dst[0] = n == size;
	if (n == size) {
		n = size - 1;
		dst[n & CAPTURE_SIZE_MASK] = 0;
	}
	s->len += 1 + (__u32)n;
	return 0;
}

static __always_inline __u32 capture_strings(struct capture_ctx *c,
					     const struct capture_plan *p,
					     struct trace_capture *h,
					     __u32 data)
{
	struct strings_ctx s = {
		.buf = c->buf,
		.data = data,
		.room = TRACE_CAPTURE_MAX,
		.want = p->elem,
		.str_size = bounded((__u32)p->size + 2, TRACE_CAPTURE_MAX),
		.array = arg_at(c->args, p->arg),
	};

	if (s.array)
		bpf_loop(TRACE_MAX_STRINGS_COUNTED, strings_step, &s, 0);
	h->full = s.count;
	return s.len;
}

/* CAPTURE_DIRENTS walks the records by their d_reclen with bpf_loop. */
struct dirents_ctx {
	__u64 buf;
	__u64 off, size;
	__u32 count;
};

static long dirents_step(__u64 i, struct dirents_ctx *d)
{
	/* struct linux_dirent64: d_ino, d_off, then the u16 d_reclen. */
	unsigned short reclen = 0;

	if (d->off + 19 > d->size ||
	    bpf_probe_read_user(&reclen, sizeof(reclen),
				(void *)(d->buf + d->off + 16)) ||
	    !reclen)
		return 1;
	d->off += reclen;
	d->count++;
	return 0;
}

static __always_inline __u32 count_dirents(__u64 buf, long ret)
{
	struct dirents_ctx d = {.buf = buf, .size = ret > 0 ? ret : 0};

	if (buf && ret > 0)
		bpf_loop(TRACE_MAX_STRINGS_COUNTED, dirents_step, &d, 0);
	return d.count;
}

/* CAPTURE_IOVEC walks the iovecs with bpf_loop. */
struct iovec_ctx {
	unsigned char *buf;
	__u32 data; /* offset of the capture's data */
	__u32 len;  /* bytes written so far */
	__u32 want; /* iovecs to copy */
	__u32 size; /* bytes kept of each */
	__u64 array;
	__u64 left; /* at exit: bytes the call returned, not yet placed */
	bool at_exit;
};

static long iovec_step(__u64 i, struct iovec_ctx *v)
{
	struct {
		__u64 base, len;
	} iov;
	struct trace_iovec *out;
	__u32 at, kept;
	__u64 filled;

	if (i >= v->want ||
	    bpf_probe_read_user(&iov, sizeof(iov), (void *)(v->array + i * 16)))
		return 1;
	at = v->data + v->len;
	if (at > CAPTURE_OFF_MASK ||
	    v->len + sizeof(*out) + v->size + 8 > TRACE_CAPTURE_MAX)
		return 1;
	barrier_var(at);
	out = (struct trace_iovec *)(v->buf + (at & CAPTURE_OFF_MASK));
	/* At exit, the returned bytes fill the buffers in order. */
	filled = v->at_exit ? (iov.len < v->left ? iov.len : v->left) : iov.len;
	v->left -= v->at_exit ? filled : 0;
	kept = filled < v->size ? (__u32)filled : v->size;
	barrier_var(kept);
	kept &= CAPTURE_SIZE_MASK;
	out->len = iov.len;
	out->pad = 0;
	if (kept && bpf_probe_read_user(out + 1, kept, (void *)iov.base))
		kept = 0;
	out->kept = kept;
	v->len += (sizeof(*out) + kept + 7) & ~7u;
	return 0;
}

/* count iovecs at array, written from data on; returns the bytes used. */
static __always_inline __u32 walk_iovecs(struct capture_ctx *c,
					 const struct capture_plan *p,
					 __u64 array, __u64 count, __u32 data,
					 __u32 used)
{
	struct iovec_ctx v = {
		.buf = c->buf,
		.data = data,
		.len = used,
		.want = count < p->elem ? (__u32)count : p->elem,
		.size = bounded(p->size, TRACE_CAPTURE_MAX / 2),
		.array = array,
		.left = c->ret > 0 ? c->ret : 0,
		/* An output (readv): what the call returned; else all. */
		.at_exit = p->at_exit,
	};

	if (v.array)
		bpf_loop(1024, iovec_step, &v, 0);
	return v.len;
}

static __always_inline __u32 capture_iovec(struct capture_ctx *c,
					   const struct capture_plan *p,
					   struct trace_capture *h, __u32 data)
{
	__u64 count = arg_at(c->args, p->len_arg);

	h->full = (__u32)count;
	/* The iovecs start at data: offsets in the loop are from there. */
	return walk_iovecs(c, p, arg_at(c->args, p->arg), count, data, 0);
}

/* struct msghdr's fields, as x86_64 and arm64 lay it out. */
struct msghdr64 {
	__u64 name;
	__u32 namelen;
	__u32 pad;
	__u64 iov;
	__u64 iovlen;
	__u64 control;
	__u64 controllen;
	__u32 flags;
	__u32 pad2;
};

static __always_inline __u32 capture_msghdr(struct capture_ctx *c,
					    const struct capture_plan *p,
					    struct trace_capture *h,
					    __u32 data)
{
	struct msghdr64 *m = (struct msghdr64 *)(c->buf + (data & CAPTURE_OFF_MASK));
	struct trace_msg_name *nm = (struct trace_msg_name *)(m + 1);
	__u64 ptr = arg_at(c->args, p->arg);
	__u32 kept, used;

	if (bpf_probe_read_user(m, sizeof(*m), (void *)ptr))
		return 0;
	h->full = (__u32)m->iovlen;
	kept = m->namelen < TRACE_MSG_NAME_MAX ? m->namelen
					       : TRACE_MSG_NAME_MAX;
	barrier_var(kept);
	kept &= 0xff;
	if (kept > TRACE_MSG_NAME_MAX || !m->name ||
	    bpf_probe_read_user(nm + 1, kept, (void *)m->name))
		kept = 0;
	nm->kept = kept;
	nm->pad = 0;
	used = sizeof(*m) + sizeof(*nm) + ((kept + 7) & ~7u);
	return walk_iovecs(c, p, m->iov, m->iovlen, data, used);
}

/*
 * Reads what plan p names into the scratch buffer after c->off; returns
 * the bytes used (header, data, padding), 0 when out of room.
 */
static __always_inline __u32 capture(struct capture_ctx *c,
				     const struct capture_plan *p, __u32 index,
				     bool at_exit)
{
	__u32 off = c->off, size = p->size ? p->size : TRACE_CAPTURE_MAX;
	__u32 n = 0, len_at;
	__u64 ptr = arg_at(c->args, p->arg);
	struct trace_capture *h;
	unsigned char *dst;
	long got = 0;

	if (off > CAPTURE_OFF_MASK)
		return 0;
	h = (struct trace_capture *)(c->buf + (off & CAPTURE_OFF_MASK));
	dst = (unsigned char *)(h + 1);
	h->arg = p->arg;
	h->kind = p->kind;
	h->plan = (unsigned char)index;
	h->at_exit = at_exit;
	h->full = 0;
	h->err = 0;
	size = bounded(size, TRACE_CAPTURE_MAX);
	/* Keep the compiler from dropping the mask the verifier needs. */
	barrier_var(size);
	size &= CAPTURE_SIZE_MASK;
	switch (p->kind) {
	case CAPTURE_STRING:
		got = bpf_probe_read_user_str(dst, size, (void *)ptr);
		/* The count includes the NUL; a string that filled it was cut.
		 */
		n = got > 0 ? (__u32)got - 1 : 0;
		h->full = got == size;
		break;
	case CAPTURE_BYTES_ARG:
	case CAPTURE_SOCKADDR_ARG:
		n = bounded(arg_at(c->args, p->len_arg), size);
		break;
	case CAPTURE_BYTES_RET:
		n = c->ret > 0 ? bounded(c->ret, size) : 0;
		break;
	case CAPTURE_STRUCT:
		n = size;
		break;
	case CAPTURE_ARRAY_ARG:
		n = bounded(arg_at(c->args, p->len_arg) * p->elem, size);
		break;
	case CAPTURE_SOCKADDR_PTR:
		len_at = 0;
		if (arg_at(c->args, p->len_arg) &&
		    !bpf_probe_read_user(&len_at, sizeof(len_at),
					 (void *)arg_at(c->args, p->len_arg)))
			h->full = len_at;
		n = bounded(len_at, size);
		break;
	case CAPTURE_STRINGS:
		n = capture_strings(c, p, h,
				    (off & CAPTURE_OFF_MASK) + sizeof(*h));
		break;
	case CAPTURE_DIRENTS:
		h->full = count_dirents(ptr, c->ret);
		break;
	case CAPTURE_IOVEC:
		n = capture_iovec(c, p, h,
				  (off & CAPTURE_OFF_MASK) + sizeof(*h));
		break;
	case CAPTURE_MSGHDR:
		n = capture_msghdr(c, p, h,
				   (off & CAPTURE_OFF_MASK) + sizeof(*h));
		break;
	default:
		return 0;
	}
	barrier_var(n);
	n &= CAPTURE_SIZE_MASK;
	if (!ptr) {
		n = 0;
		got = -14; /* EFAULT: strace prints NULL itself */
	} else if (p->kind != CAPTURE_STRING && p->kind != CAPTURE_STRINGS &&
		   p->kind != CAPTURE_DIRENTS && p->kind != CAPTURE_IOVEC &&
		   p->kind != CAPTURE_MSGHDR && n) {
		got = bpf_probe_read_user(dst, n, (void *)ptr);
	}
	if (got < 0) {
		h->err = (int)got;
		n = 0;
	}
	h->len = n;
	return (sizeof(*h) + n + 7) & ~7u;
}

/* The reader is woken when this much waits (and drains on a timer). */
#define WAKE_BYTES (TRACE_RING_BYTES / 4)

static __always_inline void send(void *event, __u32 size)
{
	__u64 avail = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
	/*
	 * Wake the reader only as the backlog crosses WAKE_BYTES: a
	 * wake-up is an interrupt (a VM exit under a hypervisor) and would
	 * cost the target more than the event itself.
	 */
	__u64 flags = avail < WAKE_BYTES && avail + size >= WAKE_BYTES
			      ? BPF_RB_FORCE_WAKEUP
			      : BPF_RB_NO_WAKEUP;
	__u32 zero = 0;
	__u64 *n;

	if (size > SCRATCH_BYTES)
		return;
	if (!bpf_ringbuf_output(&events, event, size, flags))
		return;
	n = bpf_map_lookup_elem(&lost, &zero);
	if (n)
		(*n)++;
}

static __always_inline struct trace_event *begin_event(__u32 nr, __u8 type)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct scratch *s = bpf_map_lookup_elem(&scratch, &cpu);
	struct trace_event *e;
	__u64 id = bpf_get_current_pid_tgid();

	if (!s)
		return NULL;
	e = (struct trace_event *)s->buf;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->nr = (unsigned short)nr;
	e->type = type;
	e->nr_captures = 0;
	e->flags = 0;
	e->exit_ns = 0;
	e->ret = 0;
	/* Lines carry the command's name only system-wide. */
	if (!filter_tasks)
		bpf_get_current_comm(e->comm, sizeof(e->comm));
	return e;
}

/* Captures of plan for this moment; returns the event's size. */
static __always_inline __u32 add_captures(struct trace_event *e,
					  const struct syscall_plan *plan,
					  bool at_exit, __u8 retry,
					  __u8 *failed)
{
	struct capture_ctx c = {
		.buf = (unsigned char *)e,
		.off = sizeof(*e),
		.args = e->args,
		.ret = e->ret,
	};

	for (__u32 i = 0; plan && i < TRACE_MAX_CAPTURES; i++) {
		const struct capture_plan *p = &plan->captures[i];
		struct trace_capture *h;
		bool now;
		__u32 used;

		if (i >= plan->nr_captures)
			break;
		/* Outputs at exit; inputs at entry, or at exit if not sent. */
		now = at_exit ? p->at_exit || (retry & (1u << i)) : !p->at_exit;
		if (!now)
			continue;
		used = capture(&c, p, i, at_exit);
		if (!used)
			break;
		h = (struct trace_capture *)(c.buf +
					     (c.off & CAPTURE_OFF_MASK));
		if (failed && h->err)
			*failed |= 1u << i;
		c.off += used;
		e->nr_captures++;
	}
	return c.off;
}

/* sys_enter(struct pt_regs *regs, long id) */
SEC("raw_tracepoint/sys_enter")
int trace_enter(struct bpf_raw_tracepoint_args *ctx)
{
	long nr = (long)ctx->args[1];
	const struct syscall_plan *plan;
	struct call_state *st;
	struct trace_event *e;
	__u32 key = (__u32)nr, size;

	if (!syscall_followed(nr))
		return 0;
	st = current_storage(&calls, true);
	if (!st)
		return 0;
	st->ns = bpf_ktime_get_ns();
	st->nr = (__u32)nr;
	st->entry_sent = 0;
	st->entry_failed = 0;
	st->execed = 0;
	plan = bpf_map_lookup_elem(&plans, &key);
	if (plan && plan->print_at_entry) {
		e = begin_event(key, TRACE_EVENT_ENTER);
		if (e) {
			e->enter_ns = st->ns;
			read_args((void *)ctx->args[0], e->args);
			size = add_captures(e, plan, false, 0,
					    &st->entry_failed);
			e->size = size;
			send(e, size);
			st->entry_sent = 1;
		}
	}
	return 0;
}

/* sys_exit(struct pt_regs *regs, long ret): the number is in regs. */
SEC("raw_tracepoint/sys_exit")
int trace_exit(struct bpf_raw_tracepoint_args *ctx)
{
	long ret = (long)ctx->args[1];
	const struct syscall_plan *plan = NULL;
	struct call_state *st;
	struct trace_event *e;
	__u8 retry;
	__u32 key;
	long nr;

	/*
	 * Only calls seen entering, as strace shows them: not a fork
	 * child's return from clone, nor a call begun before the attach.
	 * A call seen entering is of a followed task and syscall, and its
	 * number is known (only the held command's execve needs the
	 * registers).
	 */
	st = current_storage(&calls, false);
	if (!st || st->nr == NO_CALL)
		return 0;
	nr = st->nr;
	if (st->nr == CALL_STARTED_AT_EXEC) {
		nr = syscall_nr_of((struct pt_regs *)ctx->args[0]);
		if (nr < 0 || nr >= SYSCALL_COUNT_MAX || !wanted(nr))
			goto done;
	}
	key = (__u32)nr;
	/* -4095..-1 are errors; other "negative" values, addresses. */
	if (only_failed && !(ret < 0 && ret >= -4095) && !st->entry_sent)
		goto done;
	e = begin_event(key, TRACE_EVENT_EXIT);
	if (!e)
		goto done;
	e->enter_ns = st->ns;
	e->exit_ns = bpf_ktime_get_ns();
	e->ret = ret;
	read_args((void *)ctx->args[0], e->args);
	if (st->nr == CALL_STARTED_AT_EXEC)
		e->flags |= TRACE_FLAG_HELD_EXEC;
	else
		plan = bpf_map_lookup_elem(&plans, &key);
	if (st->entry_sent)
		e->flags |= TRACE_FLAG_ENTRY_SENT;
	if (st->execed)
		e->flags |= TRACE_FLAG_EXECED;
	/* Inputs already sent are read again only if they failed then. */
	retry = st->entry_sent ? (st->execed ? 0 : st->entry_failed) : 0xff;
	e->size = add_captures(e, plan, true, retry, NULL);
	send(e, e->size);
done:
	st->nr = NO_CALL;
	return 0;
}

/* sched_process_fork(struct task_struct *parent, struct task_struct *child) */
SEC("raw_tracepoint/sched_process_fork")
int trace_fork(struct bpf_raw_tracepoint_args *ctx)
{
	track_child((struct task_struct *)ctx->args[1]);
	return 0;
}

SEC("raw_tracepoint/sched_process_exec")
int trace_exec(void *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	bool held = track_held_exec(tid);
	struct call_state *st = current_storage(&calls, held);

	if (!st)
		return 0;
	if (held) {
		st->ns = bpf_ktime_get_ns();
		st->nr = CALL_STARTED_AT_EXEC;
		st->entry_sent = 0;
		st->execed = 0;
	} else {
		st->execed = 1;
	}
	return 0;
}

/* sched_process_exit(struct task_struct *p, bool group_dead) */
SEC("raw_tracepoint/sched_process_exit")
int trace_task_exit(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct trace_event *e;

	if (!filter_tasks || !current_tracked())
		return 0;
	bpf_map_delete_elem(&tasks, &tid);
	e = begin_event(0, TRACE_EVENT_TASK_EXIT);
	if (!e)
		return 0;
	e->enter_ns = bpf_ktime_get_ns();
	e->ret = BPF_CORE_READ(task, exit_code);
	e->size = sizeof(*e);
	send(e, sizeof(*e));
	return 0;
}

/* signal_deliver(int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
 */
SEC("raw_tracepoint/signal_deliver")
int trace_signal(struct bpf_raw_tracepoint_args *ctx)
{
	struct trace_event *e;
	struct trace_capture *h;

	/*
	 * No siginfo: a fatal signal turned into a group exit (SIGKILL to
	 * every thread) when it was sent; the exit line says which.
	 */
	if (!ctx->args[1] || !current_tracked())
		return 0;
	e = begin_event(0, TRACE_EVENT_SIGNAL);
	if (!e)
		return 0;
	e->enter_ns = bpf_ktime_get_ns();
	e->ret = (long)ctx->args[0];
	h = (struct trace_capture *)(e + 1);
	h->arg = 0;
	h->kind = CAPTURE_STRUCT;
	h->plan = 0;
	h->at_exit = 0;
	h->full = 0;
	h->len = TRACE_SIGINFO_BYTES;
	h->err = (int)bpf_probe_read_kernel(h + 1, TRACE_SIGINFO_BYTES,
					    (void *)ctx->args[1]);
	e->nr_captures = 1;
	e->size = sizeof(*e) + sizeof(*h) + TRACE_SIGINFO_BYTES;
	send(e, e->size);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
