// SPDX-License-Identifier: GPL-2.0
/*
 * The code generator: a probe's checked statements to IR (lang/ir.h),
 * for one target.
 *
 * Values are 64-bit integers in virtual registers, or bytes in memory
 * (strings, tuples, user stacks) laid out as records are (lang/
 * compile.h), at an address held in a register: a stack slot, a map
 * value.  Slots taken by a statement go back to a pool when it ends;
 * scratch variables own theirs.  Integers of every width are kept sign-
 * or zero-extended to 64 bits, as bpftrace computes.
 */
#include "lang/codegen.h"

#include "core/tracefs.h"
#include "sym/kallsyms.h"
#include "sym/usdt_args.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#define MAX_VARS 128
#define MAX_LOOPS 16
#define MAX_POOL 256

struct val {
	bool mem;      /* reg holds the address of size bytes */
	uint32_t reg;  /* the value, or the address */
	uint32_t size; /* mem: bytes (a record's layout of the type) */
};

struct var {
	const char *name;
	bool mem;
	uint32_t reg;  /* an integer's register */
	uint32_t slot; /* a string's or tuple's slot */
	uint32_t size;
};

struct pooled {
	uint32_t slot, size;
	bool busy;
};

struct gen {
	const struct lang_codegen *cg;
	struct lang_compiled *c;
	const struct lang_sema *sema;
	const struct lang_probe *probe;
	struct ir_func *f;
	struct lang_diag *diag;
	bool per_target;
	uint32_t ctx;
	uint32_t exit_label;
	struct var vars[MAX_VARS];
	size_t nr_vars;
	uint32_t loop_break[MAX_LOOPS], loop_continue[MAX_LOOPS];
	size_t nr_loops;
	struct pooled pool[MAX_POOL];
	size_t nr_pool;
	uint32_t busy[MAX_POOL]; /* pool indexes, in order taken */
	size_t nr_busy;
	uint32_t stack_bytes; /* in slots so far */
	/* The per-CPU scratch value, for records the stack cannot hold. */
	uint32_t scratch;     /* its address; 0 until first needed */
	uint32_t scratch_off; /* bytes taken by the current statement */
	uint32_t scratch_max;
	size_t entry_at; /* where its lookup goes, once known to be needed */
	struct tracefs_format *fmt; /* the target tracepoint's, when read */
	struct usdt_arg uargs[USDT_MAX_ARGS];
	size_t nr_uargs;
	bool uargs_read;
};

static int fail(struct gen *g, struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct gen *g, struct lang_loc loc, const char *fmt, ...)
{
	char msg[LANG_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lang_diag__error(g->diag, g->cg->file, loc, "%s", msg);
}

static const struct lang_type *TY(struct gen *g, const struct lang_expr *e)
{
	return lang_sema__expr_type(g->sema, e);
}

/*
 * Whether the address a value holds is in user memory: a pointer or a
 * struct knows (syscall arguments are user pointers); a plain integer is a user
 * address in user probes, a kernel one elsewhere, as bpftrace reads them.
 */
static bool user_address(struct gen *g, const struct lang_type *t)
{
	enum lang_probe_type type = g->probe->attach[0].type;

	if (t->kind == LANG_TYPE_PTR || t->kind == LANG_TYPE_RECORD)
		return t->user;
	return type == LANG_PROBE_UPROBE || type == LANG_PROBE_URETPROBE ||
	       type == LANG_PROBE_USDT;
}

/* ---- emitting ---- */

static void emit(struct gen *g, struct ir_insn in)
{
	ir__emit(g->f, in);
}

static uint32_t mov(struct gen *g, uint32_t d, uint32_t a)
{
	emit(g, (struct ir_insn){.op = IR_MOV, .d = d, .a = a});
	return d;
}

static void set_const(struct gen *g, uint32_t d, int64_t v)
{
	emit(g, (struct ir_insn){.op = IR_CONST, .d = d, .imm = v});
}

static uint32_t load(struct gen *g, uint8_t size, uint32_t addr, int64_t off)
{
	uint32_t d = ir__vreg(g->f);

	emit(g, (struct ir_insn){.op = IR_LOAD,
				 .size = size,
				 .d = d,
				 .a = addr,
				 .imm = off});
	return d;
}

static void store(struct gen *g, uint8_t size, uint32_t addr, int64_t off,
		  uint32_t v)
{
	emit(g, (struct ir_insn){.op = IR_STORE,
				 .size = size,
				 .a = addr,
				 .b = v,
				 .imm = off});
}

static void label(struct gen *g, uint32_t l)
{
	emit(g, (struct ir_insn){.op = IR_LABEL, .imm = l});
}

static void jump(struct gen *g, uint32_t l)
{
	emit(g, (struct ir_insn){.op = IR_JUMP, .imm = l});
}

/* if (a op imm) goto l */
static void branch_imm(struct gen *g, uint8_t op, uint32_t a, int32_t imm,
		       uint32_t l)
{
	emit(g, (struct ir_insn){.op = IR_BRANCH,
				 .alu = op,
				 .a = a,
				 .imm = l,
				 .imm2 = imm});
}

static void branch(struct gen *g, uint8_t op, uint32_t a, uint32_t b,
		   uint32_t l)
{
	emit(g, (struct ir_insn){
			.op = IR_BRANCH, .alu = op, .a = a, .b = b, .imm = l});
}

static uint32_t call(struct gen *g, int32_t helper, int nr, ...)
{
	uint32_t args[IR_MAX_ARGS];
	va_list ap;

	va_start(ap, nr);
	for (int i = 0; i < nr; i++)
		args[i] = va_arg(ap, uint32_t);
	va_end(ap);
	return ir__call(g->f, helper, args, (uint8_t)nr);
}

static uint32_t map_fd(struct gen *g, int64_t id)
{
	uint32_t d = ir__vreg(g->f);

	emit(g, (struct ir_insn){.op = IR_MAP_FD, .d = d, .imm = id});
	return d;
}

/*
 * Map helpers, their arguments made in order (C leaves the order of a
 * call's arguments open, and the dumps must not depend on it).
 */
static uint32_t lookup(struct gen *g, size_t id, uint32_t key)
{
	uint32_t map = map_fd(g, (int64_t)id);

	return call(g, BPF_FUNC_map_lookup_elem, 2, map, key);
}

static void update(struct gen *g, size_t id, uint32_t key, uint32_t val,
		   int64_t flags)
{
	uint32_t map = map_fd(g, (int64_t)id);
	uint32_t f = ir__const(g->f, flags);

	call(g, BPF_FUNC_map_update_elem, 4, map, key, val, f);
}

/* ---- stack slots ---- */

/* A slot for this statement; zeroed when asked. */
static uint32_t slot_take(struct gen *g, uint32_t size, bool zero)
{
	size_t i;
	uint32_t slot;

	size = (size + 7) & ~7u;
	for (i = 0; i < g->nr_pool; i++)
		if (!g->pool[i].busy && g->pool[i].size == size)
			break;
	if (i == g->nr_pool) {
		if (g->nr_pool == MAX_POOL) {
			g->f->err = g->f->err ? g->f->err : -E2BIG;
			return 0;
		}
		g->pool[i] = (struct pooled){ir__slot(g->f, size), size, false};
		g->nr_pool++;
		g->stack_bytes += size;
	}
	g->pool[i].busy = true;
	g->busy[g->nr_busy++] = (uint32_t)i;
	slot = g->pool[i].slot;
	if (zero)
		emit(g, (struct ir_insn){.op = IR_SLOT_ZERO, .slot = slot});
	return slot;
}

static void slots_release(struct gen *g, size_t mark)
{
	while (g->nr_busy > mark)
		g->pool[g->busy[--g->nr_busy]].busy = false;
}

static uint32_t slot_addr(struct gen *g, uint32_t slot)
{
	uint32_t d = ir__vreg(g->f);

	emit(g, (struct ir_insn){.op = IR_SLOT_ADDR, .d = d, .slot = slot});
	return d;
}

/*
 * Buffers from this size on are taken from the scratch value, and any
 * that would take the slots past the budget (the rest of the 512 bytes
 * is for spilled registers and the context).
 */
#define SCRATCH_FROM 128
#define STACK_BUDGET 384

static bool slot_free(const struct gen *g, uint32_t size)
{
	for (size_t i = 0; i < g->nr_pool; i++)
		if (!g->pool[i].busy && g->pool[i].size == ((size + 7) & ~7u))
			return true;
	return false;
}

/* A zeroed buffer of size bytes: its address. */
static uint32_t buffer(struct gen *g, uint32_t size)
{
	uint32_t a;

	if (size < SCRATCH_FROM &&
	    (slot_free(g, size) || g->stack_bytes + size <= STACK_BUDGET))
		return slot_addr(g, slot_take(g, size, true));
	size = (size + 7) & ~7u;
	if (!g->scratch)
		g->scratch = ir__vreg(g->f);
	a = ir__alu_imm(g->f, BPF_ADD, g->scratch, g->scratch_off);
	g->scratch_off += size;
	if (g->scratch_max < g->scratch_off)
		g->scratch_max = g->scratch_off;
	for (uint32_t k = 0; k < size; k += 8)
		emit(g, (struct ir_insn){.op = IR_STORE,
					 .size = BPF_DW,
					 .a = a,
					 .imm = k,
					 .imm2 = 0});
	return a;
}

/* ---- values into memory ---- */

static void copy(struct gen *g, uint32_t dst, uint32_t dst_off, uint32_t src,
		 uint32_t src_off, uint32_t size)
{
	for (uint32_t k = 0; k + 8 <= size; k += 8)
		store(g, BPF_DW, dst, dst_off + k,
		      load(g, BPF_DW, src, src_off + k));
}

/*
 * Writes v, of type from, where a record keeps type to (the same kind;
 * strings and tuples may differ in size): an integer's 8 bytes, a
 * string cut or padded (the destination is zeroed beforehand), a tuple
 * item by item.
 */
static void write_typed(struct gen *g, uint32_t dst, uint32_t off,
			const struct lang_type *to,
			const struct lang_type *from, uint32_t src,
			uint32_t src_off, bool src_mem)
{
	if (!src_mem) {
		store(g, BPF_DW, dst, off, src);
		return;
	}
	if (to->kind == LANG_TYPE_TUPLE && from->kind == LANG_TYPE_TUPLE &&
	    to->tuple && from->tuple) {
		for (unsigned int i = 0; i < to->nr && i < from->nr; i++) {
			const struct lang_type *ti =
				TY(g, to->tuple->tuple.items[i]);
			const struct lang_type *fi =
				TY(g, from->tuple->tuple.items[i]);
			uint32_t fsize = lang_layout__size(g->sema, fi);

			if (fsize == 8 && fi->kind != LANG_TYPE_STR &&
			    fi->kind != LANG_TYPE_TUPLE)
				store(g, BPF_DW, dst, off,
				      load(g, BPF_DW, src, src_off));
			else
				write_typed(g, dst, off, ti, fi, src, src_off,
					    true);
			off += lang_layout__size(g->sema, ti);
			src_off += fsize;
		}
		return;
	}
	{
		uint32_t a = lang_layout__size(g->sema, to);
		uint32_t b = lang_layout__size(g->sema, from);

		copy(g, dst, off, src, src_off, a < b ? a : b);
	}
}

static void write_val(struct gen *g, uint32_t dst, uint32_t off,
		      const struct lang_type *to, const struct lang_type *from,
		      struct val v)
{
	/* A string's bytes, no more than the value holds (comm: 16). */
	if (v.mem && from->kind != LANG_TYPE_TUPLE) {
		uint32_t size = lang_layout__size(g->sema, to);

		copy(g, dst, off, v.reg, 0, size < v.size ? size : v.size);
		return;
	}
	write_typed(g, dst, off, to, from, v.reg, 0, v.mem);
}

/* ---- expressions ---- */

static int expr(struct gen *g, const struct lang_expr *e, struct val *v);

static struct val int_val(uint32_t reg)
{
	return (struct val){.reg = reg};
}

static int int_expr(struct gen *g, const struct lang_expr *e, uint32_t *reg)
{
	struct val v = {0};
	int err = expr(g, e, &v);

	*reg = v.reg;
	if (!err && v.mem)
		return fail(g, e->loc, "an integer was expected here");
	return err;
}

/* Sign- or zero-extends the low size bytes of r. */
static uint32_t extend(struct gen *g, uint32_t r, unsigned int size,
		       bool is_signed)
{
	unsigned int shift = 64 - 8 * size;

	if (size >= 8)
		return r;
	r = ir__alu_imm(g->f, BPF_LSH, r, shift);
	return ir__alu_imm(g->f, is_signed ? BPF_ARSH : BPF_RSH, r, shift);
}

static uint8_t size_code(unsigned int size)
{
	switch (size) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	default:
		return BPF_DW;
	}
}

static struct val string_literal(struct gen *g, const char *s, size_t len,
				 uint32_t size)
{
	uint32_t slot = slot_take(g, size, false);
	uint32_t rounded = (size + 7) & ~7u;

	for (uint32_t k = 0; k < rounded; k += 8) {
		uint64_t word = 0;

		for (uint32_t b = 0; b < 8 && k + b < len && k + b < size - 1;
		     b++)
			word |= (uint64_t)(uint8_t)s[k + b] << (8 * b);
		emit(g, (struct ir_insn){.op = IR_SLOT_STORE,
					 .size = BPF_DW,
					 .slot = slot,
					 .a = ir__const(g->f, (int64_t)word),
					 .imm = k});
	}
	return (struct val){
		.mem = true, .reg = slot_addr(g, slot), .size = rounded};
}

static uint32_t pid_tgid(struct gen *g)
{
	return call(g, BPF_FUNC_get_current_pid_tgid, 0);
}

/* Where the calling convention keeps arguments, the return value, the pc. */
#if defined(__aarch64__)
static const char *const arg_regs[] = {"x0", "x1", "x2", "x3",
				       "x4", "x5", "x6", "x7"};
#define RETVAL_REG "x0"
#define IP_REG "pc"
#else
static const char *const arg_regs[] = {"rdi", "rsi", "rdx", "rcx", "r8", "r9"};
#define RETVAL_REG "rax"
#define IP_REG "rip"
#endif

/* A register's offset in the probe's struct pt_regs; -1 if unknown. */
static int reg_offset(const char *name)
{
	unsigned int off;

	return usdt_args__reg_offset(name, &off) ? -1 : (int)off;
}

static int arg_offset(unsigned int n)
{
	return n < sizeof(arg_regs) / sizeof(*arg_regs)
		       ? reg_offset(arg_regs[n])
		       : -1;
}

static uint32_t user_tgid(struct gen *g)
{
	return ir__alu_imm(g->f, BPF_RSH, pid_tgid(g), 32);
}

/* An 8-byte part and, for user stacks and symbols, the tgid after it. */
static struct val with_tgid(struct gen *g, uint32_t value)
{
	uint32_t a = buffer(g, 16);

	store(g, BPF_DW, a, 0, value);
	store(g, BPF_DW, a, 8, user_tgid(g));
	return (struct val){.mem = true, .reg = a, .size = 16};
}

static void ring_output(struct gen *g, uint32_t a, uint32_t size);

/*
 * Tells user space, once per process, that its user stack or symbols
 * were taken: it then reads the process's mappings while the process
 * lives, to name them when they print after it has exited.
 */
static void note_process(struct gen *g)
{
	uint32_t known = ir__label(g->f), key = buffer(g, 8), tgid, p, r, rec;

	g->c->takes_user_addresses = true;
	tgid = user_tgid(g);
	store(g, BPF_W, key, 0, tgid);
	p = lookup(g, LANG_MAP_ID_SEEN, key);
	branch_imm(g, BPF_JNE, p, 0, known);
	r = buffer(g, 8);
	{
		uint32_t map = map_fd(g, LANG_MAP_ID_SEEN);
		uint32_t flags = ir__const(g->f, BPF_NOEXIST);

		r = call(g, BPF_FUNC_map_update_elem, 4, map, key, r, flags);
	}
	branch_imm(g, BPF_JNE, r, 0, known); /* another CPU told it */
	rec = buffer(g, sizeof(struct lang_event_header));
	store(g, BPF_DW, rec, 0,
	      ir__alu_imm(g->f, BPF_OR, ir__alu_imm(g->f, BPF_LSH, tgid, 32),
			  LANG_EVENT_PROCESS));
	ring_output(g, rec, sizeof(struct lang_event_header));
	label(g, known);
}

static int stack(struct gen *g, bool user, struct val *v)
{
	int64_t id = user ? LANG_MAP_ID_STACK_USER : LANG_MAP_ID_STACK_KERNEL;
	uint32_t map = map_fd(g, id);
	uint32_t flags = ir__const(g->f, user ? BPF_F_USER_STACK : 0);
	uint32_t r = call(g, BPF_FUNC_get_stackid, 3, g->ctx, map, flags);

	if (user)
		note_process(g);
	*v = user ? with_tgid(g, r) : int_val(r);
	return 0;
}

static int usdt_arg(struct gen *g, const struct lang_expr *e, unsigned int n,
		    struct val *v)
{
	const struct lang_target *t = g->cg->target;
	const struct usdt_arg *a;
	size_t bad;
	uint32_t r;

	g->per_target = true;
	if (!g->uargs_read) {
		g->uargs_read = true;
		if (t->usdt_args && *t->usdt_args &&
		    usdt_args__parse(t->usdt_args, g->uargs, &g->nr_uargs,
				     &bad))
			return fail(g, e->loc,
				    "cannot read argument %zu of %s: '%s'", bad,
				    t->probe, t->usdt_args);
	}
	if (n >= g->nr_uargs)
		return fail(g, e->loc,
			    "%s has %zu arguments; arg%u is out of range",
			    t->probe, g->nr_uargs, n);
	a = &g->uargs[n];
	switch (a->kind) {
	case USDT_ARG_CONST:
		*v = int_val(ir__const(g->f, a->value));
		return 0;
	case USDT_ARG_REG:
		r = load(g, BPF_DW, g->ctx, a->reg_offset);
		break;
	case USDT_ARG_MEM: {
		uint32_t buf = buffer(g, 8);
		uint32_t addr = ir__alu_imm(
			g->f, BPF_ADD, load(g, BPF_DW, g->ctx, a->reg_offset),
			a->value);

		call(g, BPF_FUNC_probe_read_user, 3, buf,
		     ir__const(g->f, a->size), addr);
		r = load(g, BPF_DW, buf, 0);
		break;
	}
	default:
		return -EINVAL;
	}
	*v = int_val(extend(g, r, a->size, a->is_signed));
	return 0;
}

static int builtin(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const char *n = e->name;
	enum lang_probe_type type = g->probe->attach[0].type;
	uint32_t r;
	int off;

	if (!strcmp(n, "pid")) {
		r = user_tgid(g);
	} else if (!strcmp(n, "tid")) {
		r = ir__alu_imm(g->f, BPF_AND, pid_tgid(g), 0xffffffff);
	} else if (!strcmp(n, "uid") || !strcmp(n, "username")) {
		r = ir__alu_imm(g->f, BPF_AND,
				call(g, BPF_FUNC_get_current_uid_gid, 0),
				0xffffffff);
	} else if (!strcmp(n, "gid")) {
		r = ir__alu_imm(g->f, BPF_RSH,
				call(g, BPF_FUNC_get_current_uid_gid, 0), 32);
	} else if (!strcmp(n, "nsecs")) {
		r = call(g, BPF_FUNC_ktime_get_ns, 0);
	} else if (!strcmp(n, "elapsed")) {
		r = call(g, BPF_FUNC_ktime_get_ns, 0);
		r = ir__alu(g->f, BPF_SUB, r,
			    ir__const(g->f, (int64_t)g->cg->opts->start_ns));
	} else if (!strcmp(n, "cpid")) {
		r = ir__const(g->f, g->cg->opts->cpid);
	} else if (!strcmp(n, "cpu")) {
		r = call(g, BPF_FUNC_get_smp_processor_id, 0);
	} else if (!strcmp(n, "numaid")) {
		r = call(g, BPF_FUNC_get_numa_node_id, 0);
	} else if (!strcmp(n, "rand")) {
		r = call(g, BPF_FUNC_get_prandom_u32, 0);
	} else if (!strcmp(n, "cgroup")) {
		r = call(g, BPF_FUNC_get_current_cgroup_id, 0);
	} else if (!strcmp(n, "curtask")) {
		r = call(g, BPF_FUNC_get_current_task, 0);
	} else if (!strcmp(n, "jiffies")) {
		r = call(g, BPF_FUNC_jiffies64, 0);
	} else if (!strcmp(n, "comm")) {
		uint32_t a = buffer(g, LANG_COMM_LEN);

		call(g, BPF_FUNC_get_current_comm, 2, a,
		     ir__const(g->f, LANG_COMM_LEN));
		*v = (struct val){.mem = true, .reg = a, .size = LANG_COMM_LEN};
		return 0;
	} else if (!strcmp(n, "probe")) {
		g->per_target = true;
		r = ir__const(g->f, g->cg->probe_name);
	} else if (!strcmp(n, "kstack") || !strcmp(n, "ustack")) {
		return stack(g, n[0] == 'u', v);
	} else if (!strcmp(n, "func") && type != LANG_PROBE_UPROBE &&
		   type != LANG_PROBE_USDT) {
		/* At a return the pc is the caller's: the kernel knows. */
		r = call(g, BPF_FUNC_get_func_ip, 1, g->ctx);
		if (TY(g, e)->kind == LANG_TYPE_USYM) {
			note_process(g);
			*v = with_tgid(g, r);
			return 0;
		}
	} else if (!strcmp(n, "func")) {
		off = reg_offset(IP_REG);
		if (off < 0)
			return fail(g, e->loc,
				    "func is not built for this "
				    "architecture");
		r = load(g, BPF_DW, g->ctx, off);
		if (TY(g, e)->kind == LANG_TYPE_USYM) {
			note_process(g);
			*v = with_tgid(g, r);
			return 0;
		}
	} else if (!strcmp(n, "retval") && type == LANG_PROBE_FEXIT) {
		/* A trampoline's context: the arguments, then the value. */
		g->per_target = true;
		r = load(g, BPF_DW, g->ctx,
			 8 * (int64_t)g->cg->target->nr_args);
	} else if (!strcmp(n, "retval")) {
		off = reg_offset(RETVAL_REG);
		if (off < 0)
			return fail(g, e->loc,
				    "retval is not built for this "
				    "architecture");
		r = load(g, BPF_DW, g->ctx, off);
	} else if (!strncmp(n, "arg", 3)) {
		unsigned int idx = (unsigned int)(n[3] - '0');

		if (type == LANG_PROBE_USDT)
			return usdt_arg(g, e, idx, v);
		if (type == LANG_PROBE_RAWTRACEPOINT ||
		    type == LANG_PROBE_FENTRY || type == LANG_PROBE_FEXIT) {
			r = load(g, BPF_DW, g->ctx, idx * 8);
		} else {
			off = arg_offset(idx);
			if (off < 0)
				return fail(g, e->loc,
					    "%s is not in a register: only "
					    "the first six arguments are",
					    n);
			r = load(g, BPF_DW, g->ctx, off);
		}
	} else {
		const struct lang_sema_env *env = g->cg->opts->env;
		int64_t value;

		if (lang_sema__macro(g->sema, n, &value) &&
		    (!env || !env->enum_value ||
		     env->enum_value(env->ctx, n, &value)))
			return fail(g, e->loc, "'%s' cannot be compiled yet",
				    n);
		r = ir__const(g->f, value); /* a macro or a kernel enum */
	}
	*v = int_val(r);
	return 0;
}

/* ---- tracepoint fields ---- */

static const struct tracefs_field *tp_field(struct gen *g,
					    const struct lang_expr *e)
{
	const struct lang_target *t = g->cg->target;
	const struct lang_sema_env *env = g->cg->opts->env;

	g->per_target = true;
	if (!g->fmt) {
		g->fmt = calloc(1, sizeof(*g->fmt));
		if (!g->fmt)
			return NULL;
		if (!env || !env->tracepoint_format ||
		    env->tracepoint_format(env->ctx, t->category, t->name,
					   g->fmt)) {
			fail(g, e->loc, "cannot read the format of %s:%s",
			     t->category, t->name);
			return NULL;
		}
	}
	for (size_t i = 0; i < g->fmt->nr_fields; i++)
		if (!strcmp(g->fmt->fields[i].name, e->field.name))
			return &g->fmt->fields[i];
	fail(g, e->loc, "tracepoint %s:%s has no field '%s'", t->category,
	     t->name, e->field.name);
	return NULL;
}

/* A NUL-terminated string of at most len bytes into a zeroed buffer of size. */
static void read_str(struct gen *g, uint32_t ptr, bool user, uint32_t len,
		     uint32_t size, struct val *v)
{
	uint32_t a = buffer(g, size);

	call(g,
	     user ? BPF_FUNC_probe_read_user_str
		  : BPF_FUNC_probe_read_kernel_str,
	     3, a, ir__const(g->f, len), ptr);
	*v = (struct val){.mem = true, .reg = a, .size = (size + 7) & ~7u};
}

static int args_field(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct tracefs_field *f = tp_field(g, e);
	const struct lang_type *t = TY(g, e);

	if (!f)
		return g->diag->set ? -EINVAL : -ENOMEM;
	if (t->kind == LANG_TYPE_STR && t->data_loc) {
		uint32_t loc = load(g, BPF_W, g->ctx, f->offset);
		uint32_t off = ir__alu_imm(g->f, BPF_AND, loc, 0xffff);

		read_str(g, ir__alu(g->f, BPF_ADD, g->ctx, off), false, t->size,
			 t->size, v);
		return 0;
	}
	if (t->kind == LANG_TYPE_STR) {
		uint32_t a = buffer(g, t->size + 1);

		uint32_t len =
			ir__const(g->f, f->size < t->size ? f->size : t->size);

		call(g, BPF_FUNC_probe_read_kernel, 3, a, len,
		     ir__alu_imm(g->f, BPF_ADD, g->ctx, f->offset));
		*v = (struct val){.mem = true,
				  .reg = a,
				  .size = lang_layout__size(g->sema, t)};
		return 0;
	}
	if (t->kind == LANG_TYPE_ARRAY)
		return fail(g, e->loc,
			    "an array field is read by index: "
			    "args.%s[N]",
			    e->field.name);
	*v = int_val(extend(g, load(g, size_code(f->size), g->ctx, f->offset),
			    f->size, t->is_signed));
	return 0;
}

/* *(T *)ptr through the probe_read helpers. */
static uint32_t read_mem(struct gen *g, uint32_t ptr, unsigned int size,
			 bool is_signed, bool user)
{
	uint32_t a = buffer(g, 8);

	call(g, user ? BPF_FUNC_probe_read_user : BPF_FUNC_probe_read_kernel, 3,
	     a, ir__const(g->f, size), ptr);
	return extend(g, load(g, BPF_DW, a, 0), size, is_signed);
}

static int index_expr(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_expr *base = e->index.base;
	const struct lang_type *bt = TY(g, base), *t = TY(g, e);
	uint32_t idx, ptr;
	int err;

	if (bt->kind == LANG_TYPE_ARRAY && base->kind == LANG_EXPR_FIELD &&
	    TY(g, base->field.base)->kind == LANG_TYPE_CTX) {
		const struct tracefs_field *f = tp_field(g, base);
		int64_t i;

		if (!f)
			return g->diag->set ? -EINVAL : -ENOMEM;
		if (lang_expr__const_int(e->index.index, &i)) {
			*v = int_val(extend(g,
					    load(g, size_code(bt->size), g->ctx,
						 f->offset + i * bt->size),
					    bt->size, bt->is_signed));
			return 0;
		}
		err = int_expr(g, e->index.index, &idx);
		if (err)
			return err;
		ptr = ir__alu(
			g->f, BPF_ADD, g->ctx,
			ir__alu_imm(g->f, BPF_ADD,
				    ir__alu_imm(g->f, BPF_MUL, idx, bt->size),
				    f->offset));
		*v = int_val(read_mem(g, ptr, bt->size, bt->is_signed, false));
		return 0;
	}
	if (bt->kind == LANG_TYPE_ARRAY) { /* a struct's array member */
		err = int_expr(g, base, &ptr);
		if (!err)
			err = int_expr(g, e->index.index, &idx);
		if (err)
			return err;
		ptr = ir__alu(g->f, BPF_ADD, ptr,
			      ir__alu_imm(g->f, BPF_MUL, idx, bt->size));
		*v = int_val(read_mem(
			g, ptr, bt->size, bt->is_signed,
			base->kind == LANG_EXPR_FIELD &&
				user_address(g, TY(g, base->field.base))));
		return 0;
	}
	if (bt->kind != LANG_TYPE_PTR)
		return fail(g, e->loc, "this index cannot be compiled yet");
	err = int_expr(g, base, &ptr);
	if (!err)
		err = int_expr(g, e->index.index, &idx);
	if (err)
		return err;
	ptr = ir__alu(g->f, BPF_ADD, ptr,
		      ir__alu_imm(g->f, BPF_MUL, idx, t->size));
	*v = int_val(
		read_mem(g, ptr, t->size, t->is_signed, user_address(g, bt)));
	return 0;
}

/* ---- maps ---- */

static const struct lang_map *map_of(struct gen *g, const char *name,
				     size_t *id)
{
	for (size_t i = 0; i < g->c->nr_maps; i++)
		if (!strcmp(g->c->maps[i].sema->name, name)) {
			*id = i;
			return &g->c->maps[i];
		}
	return NULL;
}

/* The key of @m[keys] in a zeroed buffer of the map's key size. */
static int map_key(struct gen *g, const struct lang_expr *m,
		   const struct lang_map *map, uint32_t *key)
{
	const struct lang_expr_list *keys = &m->map.keys;
	uint32_t off = 0;

	*key = buffer(g, map->key.size);
	for (size_t i = 0; i < keys->nr; i++) {
		const struct lang_type *to = &map->sema->keys[i];
		struct val v;
		int err = expr(g, keys->items[i], &v);

		if (err)
			return err;
		write_val(g, *key, off, to, TY(g, keys->items[i]), v);
		off += lang_layout__size(g->sema, to);
	}
	return 0;
}

static int map_read(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_type *t = TY(g, e);
	const struct lang_map *map;
	uint32_t key, ptr, done = ir__label(g->f), missing = ir__label(g->f);
	size_t id;
	int err;

	map = map_of(g, e->map.name, &id);
	if (!map)
		return fail(g, e->loc, "@%s is never given a value",
			    e->map.name);
	if (map->agg == LANG_AGG_HIST || map->agg == LANG_AGG_LHIST)
		return fail(g, e->loc,
			    "a histogram cannot be read in a "
			    "probe");
	err = map_key(g, e, map, &key);
	if (err)
		return err;
	ptr = lookup(g, id, key);
	if (t->kind == LANG_TYPE_INT || map->agg != LANG_AGG_NONE ||
	    lang_layout__size(g->sema, t) == 8) {
		uint32_t r = ir__vreg(g->f);

		set_const(g, r, 0);
		branch_imm(g, BPF_JEQ, ptr, 0, done);
		mov(g, r, load(g, BPF_DW, ptr, 0));
		label(g, done);
		*v = int_val(r);
		return 0;
	}
	{
		uint32_t size = lang_layout__size(g->sema, t);
		uint32_t a = buffer(g, size);

		branch_imm(g, BPF_JEQ, ptr, 0, missing);
		copy(g, a, 0, ptr, 0, size);
		label(g, missing);
		*v = (struct val){.mem = true, .reg = a, .size = size};
	}
	return 0;
}

/* ---- operators ---- */

static bool is_signed_expr(struct gen *g, const struct lang_expr *e)
{
	const struct lang_type *t = TY(g, e);

	return t->kind == LANG_TYPE_INT && t->is_signed;
}

/* d = (a op b) ? 1 : 0 */
static uint32_t compare(struct gen *g, uint8_t op, uint32_t a, uint32_t b)
{
	uint32_t d = ir__vreg(g->f), yes = ir__label(g->f);

	set_const(g, d, 1);
	branch(g, op, a, b, yes);
	set_const(g, d, 0);
	label(g, yes);
	return d;
}

/*
 * d = same when strings l and r agree in their first limit bytes (up to
 * a NUL), else !same: ==, != and strncmp().
 */
static int string_compare(struct gen *g, const struct lang_expr *l,
			  const struct lang_expr *r, uint32_t limit,
			  bool same_value, uint32_t *out)
{
	uint32_t n = TY(g, l)->size < TY(g, r)->size ? TY(g, l)->size
						     : TY(g, r)->size;
	uint32_t d = ir__vreg(g->f), differ = ir__label(g->f),
		 end = ir__label(g->f), same = ir__label(g->f);
	struct val a = {.mem = true}, b = {.mem = true};
	int err;

	if (l->kind == LANG_EXPR_STR && r->kind == LANG_EXPR_STR) {
		/* Two literals: known now. */
		bool agree = !strncmp(l->str.data, r->str.data, limit);

		*out = ir__const(g->f, agree == same_value);
		return 0;
	}
	err = l->kind == LANG_EXPR_STR ? 0 : expr(g, l, &a);

	if (!err && r->kind != LANG_EXPR_STR)
		err = expr(g, r, &b);
	if (err)
		return err;
	if (!a.mem || !b.mem)
		return fail(g, l->loc, "strings compare only with strings");
	if (n > limit)
		n = limit;
	if (l->kind == LANG_EXPR_STR || r->kind == LANG_EXPR_STR) {
		/* Against a literal: its bytes are immediates, NUL included. */
		const struct lang_expr *lit = l->kind == LANG_EXPR_STR ? l : r;
		uint32_t s = lit == l ? b.reg : a.reg;

		for (uint32_t i = 0; i < n; i++)
			branch_imm(g, BPF_JNE, load(g, BPF_B, s, i),
				   i < lit->str.len ? (uint8_t)lit->str.data[i]
						    : 0,
				   differ);
		jump(g, same);
		n = 0;
	}
	/* The shorter one's size counts its NUL: compared too. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t x = load(g, BPF_B, a.reg, i),
			 y = load(g, BPF_B, b.reg, i);

		branch(g, BPF_JNE, x, y, differ);
		branch_imm(g, BPF_JEQ, x, 0, same);
	}
	label(g, same);
	set_const(g, d, same_value);
	jump(g, end);
	label(g, differ);
	set_const(g, d, !same_value);
	label(g, end);
	*out = d;
	return 0;
}

static int logical(struct gen *g, const struct lang_expr *e, uint32_t *out)
{
	bool is_and = e->binary.op == LANG_OP_LAND;
	uint32_t d = ir__vreg(g->f), end = ir__label(g->f), a, b;
	int err = int_expr(g, e->binary.left, &a);

	if (err)
		return err;
	set_const(g, d, is_and ? 0 : 1);
	branch_imm(g, is_and ? BPF_JEQ : BPF_JNE, a, 0, end);
	err = int_expr(g, e->binary.right, &b);
	if (err)
		return err;
	set_const(g, d, 1);
	branch_imm(g, BPF_JNE, b, 0, end);
	set_const(g, d, 0);
	label(g, end);
	*out = d;
	return 0;
}

static uint8_t jmp_of(enum lang_op op, bool is_signed)
{
	switch (op) {
	case LANG_OP_LT:
		return is_signed ? BPF_JSLT : BPF_JLT;
	case LANG_OP_LE:
		return is_signed ? BPF_JSLE : BPF_JLE;
	case LANG_OP_GT:
		return is_signed ? BPF_JSGT : BPF_JGT;
	case LANG_OP_GE:
		return is_signed ? BPF_JSGE : BPF_JGE;
	case LANG_OP_EQ:
		return BPF_JEQ;
	default:
		return BPF_JNE;
	}
}

static uint8_t alu_of(enum lang_op op, bool is_signed)
{
	switch (op) {
	case LANG_OP_MUL:
		return BPF_MUL;
	case LANG_OP_DIV:
		return BPF_DIV;
	case LANG_OP_MOD:
		return BPF_MOD;
	case LANG_OP_ADD:
		return BPF_ADD;
	case LANG_OP_SUB:
		return BPF_SUB;
	case LANG_OP_SHL:
		return BPF_LSH;
	case LANG_OP_SHR:
		return is_signed ? BPF_ARSH : BPF_RSH;
	case LANG_OP_BAND:
		return BPF_AND;
	case LANG_OP_BXOR:
		return BPF_XOR;
	default:
		return BPF_OR;
	}
}

/* a op b on integers, op one of the arithmetic and comparison ones. */
static uint32_t arith(struct gen *g, enum lang_op op, bool is_signed,
		      uint32_t a, uint32_t b)
{
	if (op >= LANG_OP_LT && op <= LANG_OP_NE)
		return compare(g, jmp_of(op, is_signed), a, b);
	return ir__alu(g->f, alu_of(op, is_signed), a, b);
}

static bool is_mem_type(const struct lang_type *t)
{
	return t->kind == LANG_TYPE_STR || t->kind == LANG_TYPE_BUF ||
	       t->kind == LANG_TYPE_TUPLE || t->kind == LANG_TYPE_INET;
}

static bool fits_imm32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

static bool is_compare(enum lang_op op)
{
	return op >= LANG_OP_LT && op <= LANG_OP_NE;
}

/* The integer operands of e; b_imm set (b unused) for a small literal. */
static int operands(struct gen *g, const struct lang_expr *e, uint32_t *a,
		    uint32_t *b, int64_t *imm, bool *b_imm)
{
	int err = int_expr(g, e->binary.left, a);

	*b_imm = lang_expr__const_int(e->binary.right, imm) && fits_imm32(*imm);
	if (!err && !*b_imm)
		err = int_expr(g, e->binary.right, b);
	return err;
}

static bool signed_operands(struct gen *g, const struct lang_expr *e)
{
	return is_signed_expr(g, e->binary.left) &&
	       is_signed_expr(g, e->binary.right);
}

static int binary(struct gen *g, const struct lang_expr *e, struct val *v)
{
	enum lang_op op = e->binary.op;
	bool is_signed = signed_operands(g, e), b_imm;
	uint32_t a, b = 0, d = 0;
	int64_t imm;
	int err;

	if (op == LANG_OP_LAND || op == LANG_OP_LOR) {
		err = logical(g, e, &d);
		*v = int_val(d);
		return err;
	}
	if ((op == LANG_OP_EQ || op == LANG_OP_NE) &&
	    is_mem_type(TY(g, e->binary.left))) {
		err = string_compare(g, e->binary.left, e->binary.right,
				     UINT32_MAX, op == LANG_OP_EQ, &d);
		*v = int_val(d);
		return err;
	}
	err = operands(g, e, &a, &b, &imm, &b_imm);
	if (err)
		return err;
	if (!b_imm) {
		*v = int_val(arith(g, op, is_signed, a, b));
	} else if (is_compare(op)) {
		uint32_t yes = ir__label(g->f);

		d = ir__vreg(g->f);
		set_const(g, d, 1);
		branch_imm(g, jmp_of(op, is_signed), a, (int32_t)imm, yes);
		set_const(g, d, 0);
		label(g, yes);
		*v = int_val(d);
	} else {
		*v = int_val(ir__alu_imm(g->f, alu_of(op, is_signed), a, imm));
	}
	return 0;
}

static int unary(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_type *t = TY(g, e);
	uint32_t a;
	int err = int_expr(g, e->unary.operand, &a);

	if (err)
		return err;
	switch (e->unary.op) {
	case LANG_OP_NOT:
		*v = int_val(compare(g, BPF_JEQ, a, ir__const(g->f, 0)));
		return 0;
	case LANG_OP_BNOT:
		*v = int_val(ir__alu_imm(g->f, BPF_XOR, a, -1));
		return 0;
	case LANG_OP_NEG:
		*v = int_val(ir__alu_imm(g->f, BPF_NEG, a, 0));
		return 0;
	case LANG_OP_DEREF:
		*v = int_val(
			read_mem(g, a, t->size ? t->size : 8, t->is_signed,
				 user_address(g, TY(g, e->unary.operand))));
		return 0;
	default:
		return fail(g, e->loc, "this operator cannot be compiled yet");
	}
}

static int ternary(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_type *t = TY(g, e);
	uint32_t cond, other = ir__label(g->f), end = ir__label(g->f);
	struct val a, b;
	int err = int_expr(g, e->ternary.cond, &cond);

	if (err)
		return err;
	if (is_mem_type(t)) {
		uint32_t size = lang_layout__size(g->sema, t);
		uint32_t dst = buffer(g, size);

		branch_imm(g, BPF_JEQ, cond, 0, other);
		err = expr(g, e->ternary.then, &a);
		if (err)
			return err;
		write_val(g, dst, 0, t, TY(g, e->ternary.then), a);
		jump(g, end);
		label(g, other);
		err = expr(g, e->ternary.otherwise, &b);
		if (err)
			return err;
		write_val(g, dst, 0, t, TY(g, e->ternary.otherwise), b);
		label(g, end);
		*v = (struct val){.mem = true, .reg = dst, .size = size};
		return 0;
	}
	{
		uint32_t d = ir__vreg(g->f);

		branch_imm(g, BPF_JEQ, cond, 0, other);
		err = expr(g, e->ternary.then, &a);
		if (err)
			return err;
		mov(g, d, a.reg);
		jump(g, end);
		label(g, other);
		err = expr(g, e->ternary.otherwise, &b);
		if (err)
			return err;
		mov(g, d, b.reg);
		label(g, end);
		*v = int_val(d);
	}
	return 0;
}

static int tuple(struct gen *g, const struct lang_expr *e, struct val *v)
{
	uint32_t size = lang_layout__size(g->sema, TY(g, e));
	uint32_t dst = buffer(g, size), off = 0;

	for (size_t i = 0; i < e->tuple.nr; i++) {
		const struct lang_type *t = TY(g, e->tuple.items[i]);
		struct val item;
		int err = expr(g, e->tuple.items[i], &item);

		if (err)
			return err;
		write_val(g, dst, off, t, t, item);
		off += lang_layout__size(g->sema, t);
	}
	*v = (struct val){.mem = true, .reg = dst, .size = size};
	return 0;
}

/*
 * p->m and r.m of kernel structs: the member's address is the base's
 * (a pointer's value, an embedded struct's address) plus its offset;
 * integers and pointers are read from there, strings copied, and
 * embedded structs and arrays stay addresses for the next '.' or '[]'.
 */
static int member(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_type *bt = TY(g, e->field.base), *t = TY(g, e);
	uint32_t base, addr;
	int err = int_expr(g, e->field.base, &base);

	if (err)
		return err;
	/* The checker found the member in the kernel's BTF. */
	addr = ir__alu_imm(g->f, BPF_ADD, base, t->member_offset);
	switch (t->kind) {
	case LANG_TYPE_INT:
		*v = int_val(read_mem(g, addr, t->size, t->is_signed,
				      user_address(g, bt)));
		return 0;
	case LANG_TYPE_PTR:
		*v = int_val(read_mem(g, addr, 8, false, user_address(g, bt)));
		return 0;
	case LANG_TYPE_STR: {
		uint32_t a = buffer(g, t->size + 1);
		uint32_t n = ir__const(g->f, t->size);

		call(g,
		     user_address(g, bt) ? BPF_FUNC_probe_read_user
					 : BPF_FUNC_probe_read_kernel,
		     3, a, n, addr);
		*v = (struct val){.mem = true,
				  .reg = a,
				  .size = lang_layout__size(g->sema, t)};
		return 0;
	}
	default: /* RECORD, ARRAY: an address */
		*v = int_val(addr);
		return 0;
	}
}

static int field(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_type *bt = TY(g, e->field.base);
	struct val base;
	uint32_t off = 0;
	unsigned long idx;
	int err;

	if (bt->kind == LANG_TYPE_CTX)
		return args_field(g, e, v);
	if (bt->kind == LANG_TYPE_PTR || bt->kind == LANG_TYPE_RECORD)
		return member(g, e, v);
	if (bt->kind != LANG_TYPE_TUPLE)
		return fail(g, e->loc, "this field cannot be compiled yet");
	err = expr(g, e->field.base, &base);
	if (err)
		return err;
	idx = strtoul(e->field.name, NULL, 10);
	for (unsigned long i = 0; i < idx; i++)
		off += lang_layout__size(g->sema,
					 TY(g, bt->tuple->tuple.items[i]));
	{
		const struct lang_type *t = TY(g, e);
		uint32_t size = lang_layout__size(g->sema, t);

		if (!is_mem_type(t) && size == 8) {
			*v = int_val(load(g, BPF_DW, base.reg, off));
			return 0;
		}
		*v = (struct val){
			.mem = true,
			.reg = ir__alu_imm(g->f, BPF_ADD, base.reg, off),
			.size = size};
	}
	return 0;
}

static int cast(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_type *t = TY(g, e);
	uint32_t a;
	int err = int_expr(g, e->cast.operand, &a);

	if (err)
		return err;
	*v = int_val(t->kind == LANG_TYPE_INT
			     ? extend(g, a, t->size, t->is_signed)
			     : a);
	return 0;
}

static int positional(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_sema_env *env = g->cg->opts->env;
	const struct lang_type *t = TY(g, e);
	const char *s;

	if (e->kind == LANG_EXPR_POSITIONAL_COUNT) {
		*v = int_val(
			ir__const(g->f, env ? (int64_t)env->nr_positional : 0));
		return 0;
	}
	s = env && env->positional && e->integer <= env->nr_positional
		    ? env->positional[e->integer - 1]
		    : "";
	if (t->kind == LANG_TYPE_STR) {
		*v = string_literal(g, s, strlen(s), t->size);
		return 0;
	}
	*v = int_val(ir__const(g->f, *s ? strtoll(s, NULL, 0) : 0));
	return 0;
}

static struct var *find_var(struct gen *g, const char *name)
{
	for (size_t i = 0; i < g->nr_vars; i++)
		if (!strcmp(g->vars[i].name, name))
			return &g->vars[i];
	return NULL;
}

static int call_expr(struct gen *g, const struct lang_expr *e, struct val *v);
static int incdec(struct gen *g, const struct lang_expr *e, struct val *v);

static int expr(struct gen *g, const struct lang_expr *e, struct val *v)
{
	struct var *var;

	switch (e->kind) {
	case LANG_EXPR_INT:
		*v = int_val(ir__const(g->f, (int64_t)e->integer));
		return 0;
	case LANG_EXPR_STR:
		*v = string_literal(g, e->str.data, e->str.len, TY(g, e)->size);
		return 0;
	case LANG_EXPR_BUILTIN:
		return builtin(g, e, v);
	case LANG_EXPR_VAR:
		var = find_var(g, e->name);
		if (!var)
			return fail(g, e->loc, "$%s is used before it is set",
				    e->name);
		*v = var->mem ? (struct val){.mem = true,
					     .reg = slot_addr(g, var->slot),
					     .size = var->size}
			      : int_val(var->reg);
		return 0;
	case LANG_EXPR_POSITIONAL:
	case LANG_EXPR_POSITIONAL_COUNT:
		return positional(g, e, v);
	case LANG_EXPR_MAP:
		return map_read(g, e, v);
	case LANG_EXPR_CALL:
		return call_expr(g, e, v);
	case LANG_EXPR_UNARY:
		return unary(g, e, v);
	case LANG_EXPR_INCDEC:
		return incdec(g, e, v);
	case LANG_EXPR_BINARY:
		return binary(g, e, v);
	case LANG_EXPR_TERNARY:
		return ternary(g, e, v);
	case LANG_EXPR_FIELD:
		return field(g, e, v);
	case LANG_EXPR_INDEX:
		return index_expr(g, e, v);
	case LANG_EXPR_CAST:
		return cast(g, e, v);
	case LANG_EXPR_TUPLE:
		return tuple(g, e, v);
	case LANG_EXPR_SIZEOF: {
		const struct lang_type_name *tn = &e->size_of.type;
		struct lang_type named = {.size = 8}; /* pointers */
		const struct lang_type *t =
			e->size_of.operand ? TY(g, e->size_of.operand) : &named;
		uint64_t size = t->kind == LANG_TYPE_PTR ? 8 : t->size;

		if (!e->size_of.operand && !tn->ptr)
			lang_type__int_by_name(tn->name, &named);
		if (t->kind == LANG_TYPE_ARRAY)
			size = (uint64_t)t->size * t->nr;
		*v = int_val(ir__const(
			g->f, (int64_t)(t == &named ? named.size : size)));
		return 0;
	}
	}
	return fail(g, e->loc, "this expression cannot be compiled yet");
}

/* ---- events ---- */

static int add_event(struct gen *g, enum lang_event_kind kind, const char *fmt,
		     size_t fmt_len, uint32_t *id)
{
	struct lang_compiled *c = g->c;
	struct lang_event *ev;

	if (c->nr_events == c->cap_events) {
		size_t cap = c->cap_events ? c->cap_events * 2 : 16;
		struct lang_event *n = realloc(c->events, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		c->events = n;
		c->cap_events = cap;
	}
	ev = &c->events[c->nr_events];
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->fmt = fmt;
	ev->fmt_len = fmt_len;
	ev->args.size = sizeof(struct lang_event_header);
	*id = (uint32_t)c->nr_events++;
	return 0;
}

/* Stores the header at a. */
static void send_header(struct gen *g, uint32_t a, enum lang_event_kind kind,
			uint32_t id)
{
	store(g, BPF_DW, a, 0,
	      ir__const(g->f, (int64_t)((uint64_t)id << 32 | (uint32_t)kind)));
}

static void ring_output(struct gen *g, uint32_t a, uint32_t size)
{
	uint32_t ring = map_fd(g, LANG_MAP_ID_RING);
	uint32_t len = ir__const(g->f, size);

	call(g, BPF_FUNC_ringbuf_output, 4, ring, a, len, ir__const(g->f, 0));
}

/* An event of kind with the values of args laid out after the header. */
static int send_values(struct gen *g, enum lang_event_kind kind,
		       const char *fmt, size_t fmt_len,
		       const struct lang_expr *const *args, size_t nr)
{
	struct lang_event *ev;
	uint32_t id, a, size = sizeof(struct lang_event_header);
	struct lang_record rec = {.size = size};
	int err = add_event(g, kind, fmt, fmt_len, &id);

	if (err)
		return err;
	for (size_t i = 0; i < nr; i++) {
		err = lang_layout__add(&rec, g->sema, TY(g, args[i]), g->c);
		if (err)
			return fail(g, args[i]->loc,
				    "too many values in one "
				    "event");
	}
	ev = &g->c->events[id];
	ev->args = rec;
	a = buffer(g, rec.size);
	send_header(g, a, kind, id);
	for (size_t i = 0, off = size; i < nr; i++) {
		const struct lang_type *t = TY(g, args[i]);
		struct val v;

		err = expr(g, args[i], &v);
		if (err)
			return err;
		write_val(g, a, (uint32_t)off, t, t, v);
		off += lang_layout__size(g->sema, t);
	}
	ring_output(g, a, rec.size);
	return 0;
}

static int send_map_event(struct gen *g, enum lang_event_kind kind,
			  const struct lang_expr *m, int64_t top, int64_t div)
{
	size_t id;
	uint32_t a;

	if (!map_of(g, m->map.name, &id))
		return fail(g, m->loc, "@%s is never given a value",
			    m->map.name);
	a = buffer(g, sizeof(struct lang_event_print_map));
	send_header(g, a, kind, (uint32_t)id);
	store(g, BPF_DW, a, 8, ir__const(g->f, top));
	store(g, BPF_DW, a, 16, ir__const(g->f, div));
	ring_output(g, a, sizeof(struct lang_event_print_map));
	return 0;
}

/* ---- aggregations ---- */

/* floor(log2(v)) for v > 0, by halving the range. */
static uint32_t ilog2(struct gen *g, uint32_t v)
{
	uint32_t r = ir__vreg(g->f), x = ir__vreg(g->f);

	set_const(g, r, 0);
	mov(g, x, v);
	for (int shift = 32; shift; shift /= 2) {
		uint32_t skip = ir__label(g->f);
		uint32_t hi = ir__alu_imm(g->f, BPF_RSH, x, shift);

		branch_imm(g, BPF_JEQ, hi, 0, skip);
		mov(g, x, hi);
		mov(g, r, ir__alu_imm(g->f, BPF_ADD, r, shift));
		label(g, skip);
	}
	return r;
}

/* hist's slot: 0 negative, 1 zero, 2 + floor(log2(v)) for v >= 1. */
static uint32_t hist_slot(struct gen *g, uint32_t v)
{
	uint32_t d = ir__vreg(g->f), end = ir__label(g->f);

	set_const(g, d, 0);
	branch_imm(g, BPF_JSLT, v, 0, end);
	set_const(g, d, 1);
	branch_imm(g, BPF_JEQ, v, 0, end);
	mov(g, d, ir__alu_imm(g->f, BPF_ADD, ilog2(g, v), 2));
	label(g, end);
	return d;
}

/* lhist's: 0 below min, 1 + (v - min) / step, the last one >= max. */
static uint32_t lhist_slot(struct gen *g, uint32_t v, const struct lang_type *t)
{
	uint32_t d = ir__vreg(g->f), end = ir__label(g->f);
	int64_t last = (t->lhist_max - t->lhist_min) / t->lhist_step + 1;

	set_const(g, d, 0);
	branch(g, BPF_JSLT, v, ir__const(g->f, t->lhist_min), end);
	set_const(g, d, last);
	branch(g, BPF_JSGE, v, ir__const(g->f, t->lhist_max), end);
	mov(g, d,
	    ir__alu_imm(g->f, BPF_ADD,
			ir__alu_imm(g->f, BPF_DIV,
				    ir__alu_imm(g->f, BPF_SUB, v, t->lhist_min),
				    t->lhist_step),
			1));
	label(g, end);
	return d;
}

/*
 * The value of key in map, created zeroed when missing: a pointer the
 * aggregation updates in place (per-CPU: no other writer on this CPU).
 */
static uint32_t value_ptr(struct gen *g, size_t id, const struct lang_map *map,
			  uint32_t key)
{
	uint32_t ptr = ir__vreg(g->f), found = ir__label(g->f),
		 out = g->exit_label;
	uint32_t zero = buffer(g, map->value_size);

	mov(g, ptr, lookup(g, id, key));
	branch_imm(g, BPF_JNE, ptr, 0, found);
	update(g, id, key, zero, BPF_NOEXIST);
	mov(g, ptr, lookup(g, id, key));
	branch_imm(g, BPF_JEQ, ptr, 0, out); /* the map is full */
	label(g, found);
	return ptr;
}

static void add_at(struct gen *g, uint32_t ptr, int64_t off, uint32_t v)
{
	store(g, BPF_DW, ptr, off,
	      ir__alu(g->f, BPF_ADD, load(g, BPF_DW, ptr, off), v));
}

static void add_one_at(struct gen *g, uint32_t ptr, int64_t off)
{
	store(g, BPF_DW, ptr, off,
	      ir__alu_imm(g->f, BPF_ADD, load(g, BPF_DW, ptr, off), 1));
}

static int aggregate(struct gen *g, const struct lang_expr *target,
		     const struct lang_expr *callx)
{
	const struct lang_type *t = TY(g, callx);
	const struct lang_expr_list *args = &callx->call.args;
	const struct lang_map *map;
	uint32_t key, ptr, v = 0;
	size_t id;
	int err;

	map = map_of(g, target->map.name, &id);
	if (!map)
		return -EINVAL;
	if (t->agg != LANG_AGG_COUNT) {
		err = int_expr(g, args->items[0], &v);
		if (err)
			return err;
	}
	err = map_key(g, target, map, &key);
	if (err)
		return err;
	if (t->agg == LANG_AGG_HIST || t->agg == LANG_AGG_LHIST)
		store(g, BPF_DW, key, map->slot_offset,
		      t->agg == LANG_AGG_HIST ? hist_slot(g, v)
					      : lhist_slot(g, v, t));
	ptr = value_ptr(g, id, map, key);
	switch (t->agg) {
	case LANG_AGG_COUNT:
	case LANG_AGG_HIST:
	case LANG_AGG_LHIST:
		add_one_at(g, ptr, 0);
		return 0;
	case LANG_AGG_SUM:
		add_at(g, ptr, 0, v);
		return 0;
	case LANG_AGG_AVG:
	case LANG_AGG_STATS:
		add_at(g, ptr, 0, v);
		add_one_at(g, ptr, 8);
		return 0;
	case LANG_AGG_MIN:
	case LANG_AGG_MAX: {
		uint32_t set = ir__label(g->f), keep = ir__label(g->f);

		branch_imm(g, BPF_JEQ, load(g, BPF_DW, ptr, 8), 0, set);
		branch(g, t->agg == LANG_AGG_MIN ? BPF_JSGE : BPF_JSLE, v,
		       load(g, BPF_DW, ptr, 0), keep);
		label(g, set);
		store(g, BPF_DW, ptr, 0, v);
		store(g, BPF_DW, ptr, 8, ir__const(g->f, 1));
		label(g, keep);
		return 0;
	}
	default:
		return fail(g, callx->loc,
			    "this aggregation cannot be compiled");
	}
}

/* ---- calls ---- */

/*
 * ntop([family,] address): the family and the address's bytes, for the
 * runtime to write as inet_ntop does.  An integer is an IPv4 address as
 * the kernel keeps it (network order); an array is 4 or 16 bytes.
 */
static int ntop(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_expr_list *args = &e->call.args;
	const struct lang_expr *addr = args->items[args->nr - 1];
	const struct lang_type *at = TY(g, addr);
	uint32_t a = buffer(g, 24), x, n;
	int err;

	if (args->nr == 2) {
		err = int_expr(g, args->items[0], &x);
		if (err)
			return err;
		store(g, BPF_DW, a, 0, x);
	} else {
		bool v6 = (at->kind == LANG_TYPE_ARRAY && at->nr == 16) ||
			  (at->kind == LANG_TYPE_STR && at->size == 16);

		emit(g, (struct ir_insn){.op = IR_STORE,
					 .size = BPF_DW,
					 .a = a,
					 .imm2 = v6 ? AF_INET6 : AF_INET});
	}
	if (at->kind == LANG_TYPE_STR) { /* a struct's u8[4] or u8[16] */
		struct val bytes;

		err = expr(g, addr, &bytes);
		if (!err)
			copy(g, a, 8, bytes.reg, 0,
			     at->size == 16   ? 16
			     : bytes.size < 8 ? bytes.size
					      : 8);
		*v = (struct val){.mem = true, .reg = a, .size = 24};
		return err;
	}
	if (at->kind == LANG_TYPE_INT) {
		err = int_expr(g, addr, &x);
		if (!err)
			store(g, BPF_W, a, 8, x);
		*v = (struct val){.mem = true, .reg = a, .size = 24};
		return err;
	}
	if (addr->kind == LANG_EXPR_FIELD &&
	    TY(g, addr->field.base)->kind == LANG_TYPE_CTX) {
		const struct tracefs_field *f = tp_field(g, addr);

		if (!f)
			return g->diag->set ? -EINVAL : -ENOMEM;
		x = ir__alu_imm(g->f, BPF_ADD, g->ctx, f->offset);
	} else {
		err = int_expr(g, addr, &x); /* a struct's array: its address */
		if (err)
			return err;
	}
	n = ir__const(g->f, at->nr);
	call(g,
	     addr->kind == LANG_EXPR_FIELD &&
			     user_address(g, TY(g, addr->field.base))
		     ? BPF_FUNC_probe_read_user
		     : BPF_FUNC_probe_read_kernel,
	     3, ir__alu_imm(g->f, BPF_ADD, a, 8), n, x);
	*v = (struct val){.mem = true, .reg = a, .size = 24};
	return 0;
}

/* bpftrace's join(): at most this many strings of the array. */
#define JOIN_MAX 16

/*
 * join(array[, delimiter]): the strings of a NULL-terminated array of
 * pointers (an argv), sent as one record for the runtime to join.
 */
static int join(struct gen *g, const struct lang_expr *e)
{
	const struct lang_expr_list *args = &e->call.args;
	const struct lang_sema_env *env = g->cg->opts->env;
	uint32_t len =
		env && env->str_max ? env->str_max : LANG_STR_MAX_DEFAULT;
	bool user = user_address(g, TY(g, args->items[0]));
	uint32_t id, arr, rec, elem, done = ir__label(g->f);
	struct lang_event *ev;
	int err = add_event(g, LANG_EVENT_JOIN,
			    args->nr == 2 ? args->items[1]->str.data : " ",
			    args->nr == 2 ? args->items[1]->str.len : 1, &id);

	if (err)
		return err;
	ev = &g->c->events[id];
	for (int i = 0; i < JOIN_MAX; i++)
		lang_layout__add(
			&ev->args, g->sema,
			&(struct lang_type){.kind = LANG_TYPE_STR, .size = len},
			g->c);
	err = int_expr(g, args->items[0], &arr);
	if (err)
		return err;
	ev = &g->c->events[id];
	rec = buffer(g, ev->args.size);
	elem = buffer(g, 8);
	send_header(g, rec, LANG_EVENT_JOIN, id);
	for (int i = 0; i < JOIN_MAX; i++) {
		uint32_t n = ir__const(g->f, 8);
		uint32_t at = ir__alu_imm(g->f, BPF_ADD, arr, 8 * i);
		uint32_t str;

		call(g,
		     user ? BPF_FUNC_probe_read_user
			  : BPF_FUNC_probe_read_kernel,
		     3, elem, n, at);
		str = load(g, BPF_DW, elem, 0);
		branch_imm(g, BPF_JEQ, str, 0, done);
		n = ir__const(g->f, len);
		call(g,
		     user ? BPF_FUNC_probe_read_user_str
			  : BPF_FUNC_probe_read_kernel_str,
		     3,
		     ir__alu_imm(g->f, BPF_ADD, rec, ev->args.parts[i].offset),
		     n, str);
	}
	label(g, done);
	ring_output(g, rec, ev->args.size);
	return 0;
}

static bool const_arg(const struct lang_expr_list *args, size_t i, int64_t *v)
{
	return i < args->nr && lang_expr__const_int(args->items[i], v);
}

static int call_expr(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_expr_list *args = &e->call.args;
	const char *fn = e->call.name;
	const struct lang_type *t = TY(g, e);
	uint32_t a, size;
	int64_t top = 0, div = 0;
	int err;

	*v = int_val(0);
	if (!strcmp(fn, "printf"))
		return send_values(
			g, LANG_EVENT_PRINTF, args->items[0]->str.data,
			args->items[0]->str.len,
			(const struct lang_expr *const *)args->items + 1,
			args->nr - 1);
	if (!strcmp(fn, "time"))
		return args->nr ? send_values(g, LANG_EVENT_TIME,
					      args->items[0]->str.data,
					      args->items[0]->str.len, NULL, 0)
				: send_values(g, LANG_EVENT_TIME, "%H:%M:%S\n",
					      9, NULL, 0);
	if (!strcmp(fn, "print")) {
		if (args->items[0]->kind == LANG_EXPR_MAP &&
		    !args->items[0]->map.keys.nr) {
			const_arg(args, 1, &top);
			const_arg(args, 2, &div);
			return send_map_event(g, LANG_EVENT_PRINT_MAP,
					      args->items[0], top, div);
		}
		return send_values(g, LANG_EVENT_PRINT_VALUE, NULL, 0,
				   (const struct lang_expr *const *)args->items,
				   1);
	}
	if (!strcmp(fn, "clear") || !strcmp(fn, "zero"))
		return send_map_event(
			g, fn[0] == 'c' ? LANG_EVENT_CLEAR : LANG_EVENT_ZERO,
			args->items[0], 0, 0);
	if (!strcmp(fn, "exit")) {
		a = buffer(g, sizeof(struct lang_event_header));
		send_header(g, a, LANG_EVENT_EXIT, 0);
		ring_output(g, a, sizeof(struct lang_event_header));
		jump(g, g->exit_label);
		return 0;
	}
	if (!strcmp(fn, "delete")) {
		const struct lang_expr *m = args->items[0];
		const struct lang_map *map;
		size_t id;

		map = map_of(g, m->map.name, &id);
		if (!map)
			return 0;
		err = map_key(g, m, map, &a);
		if (!err)
			call(g, BPF_FUNC_map_delete_elem, 2,
			     map_fd(g, (int64_t)id), a);
		return err;
	}
	if (!strcmp(fn, "str")) {
		const struct lang_type *at = TY(g, args->items[0]);
		const struct lang_sema_env *env = g->cg->opts->env;
		struct val p;

		/* str($1): the parameter's text, even a number's. */
		if (args->items[0]->kind == LANG_EXPR_POSITIONAL && env &&
		    args->items[0]->integer <= env->nr_positional) {
			const char *text =
				env->positional[args->items[0]->integer - 1];

			*v = string_literal(g, text, strlen(text), t->size);
			return 0;
		}
		err = expr(g, args->items[0], &p);
		if (err)
			return err;
		if (p.mem) { /* already a string */
			*v = p;
			return 0;
		}
		size = t->size;
		if (args->nr == 2 && !const_arg(args, 1, &top)) {
			uint32_t n, big = ir__label(g->f);

			err = int_expr(g, args->items[1], &n);
			if (err)
				return err;
			a = buffer(g, size);
			/* size + 1 with the NUL, at most the buffer */
			n = ir__alu_imm(g->f, BPF_ADD, n, 1);
			branch_imm(g, BPF_JLE, n, (int32_t)size, big);
			set_const(g, n, size);
			label(g, big);
			call(g,
			     user_address(g, at)
				     ? BPF_FUNC_probe_read_user_str
				     : BPF_FUNC_probe_read_kernel_str,
			     3, a, n, p.reg);
			*v = (struct val){.mem = true,
					  .reg = a,
					  .size = (size + 7) & ~7u};
			return 0;
		}
		if (args->nr == 2 && top + 1 < (int64_t)size)
			size = (uint32_t)top + 1;
		read_str(g, p.reg, user_address(g, at), size, t->size, v);
		return 0;
	}
	if (!strcmp(fn, "kstack") || !strcmp(fn, "ustack"))
		return stack(g, fn[0] == 'u', v);
	if (!strcmp(fn, "join"))
		return join(g, e);
	if (!strcmp(fn, "ntop"))
		return ntop(g, e, v);
	if (!strcmp(fn, "cat"))
		return send_values(
			g, LANG_EVENT_CAT, args->items[0]->str.data,
			args->items[0]->str.len,
			(const struct lang_expr *const *)args->items + 1,
			args->nr - 1);
	if (!strcmp(fn, "bswap")) {
		unsigned int bits = TY(g, args->items[0])->size * 8;

		err = int_expr(g, args->items[0], &a);
		if (err || bits < 16)
			*v = int_val(a);
		else {
			uint32_t d = ir__vreg(g->f);

			emit(g, (struct ir_insn){.op = IR_BSWAP,
						 .d = d,
						 .a = a,
						 .imm = bits});
			*v = int_val(d);
		}
		return err;
	}
	if (!strcmp(fn, "kaddr")) {
		uint64_t addr;

		err = kallsyms__address(NULL, args->items[0]->str.data, &addr);
		if (err)
			return fail(g, args->items[0]->loc,
				    "kaddr: no kernel symbol '%s'%s",
				    args->items[0]->str.data,
				    err == -EPERM ? " (addresses are hidden: "
						    "kptr_restrict)"
						  : "");
		*v = int_val(ir__const(g->f, (int64_t)addr));
		return 0;
	}
	if (!strcmp(fn, "ksym") || !strcmp(fn, "usym")) {
		err = int_expr(g, args->items[0], &a);
		if (err)
			return err;
		if (fn[0] == 'u')
			note_process(g);
		*v = fn[0] == 'u' ? with_tgid(g, a) : int_val(a);
		return 0;
	}
	if (!strcmp(fn, "buf")) {
		struct val p;
		uint32_t n;

		size = t->size;
		err = expr(g, args->items[0], &p);
		if (err)
			return err;
		a = buffer(g, 8 + size);
		if (args->nr == 2 && !const_arg(args, 1, &top)) {
			uint32_t ok = ir__label(g->f);

			err = int_expr(g, args->items[1], &n);
			if (err)
				return err;
			branch_imm(g, BPF_JLE, n, (int32_t)size, ok);
			set_const(g, n, size);
			label(g, ok);
		} else {
			n = ir__const(g->f, args->nr == 2 && top < (int64_t)size
						    ? top
						    : (int64_t)size);
		}
		store(g, BPF_DW, a, 0, n);
		call(g,
		     user_address(g, TY(g, args->items[0]))
			     ? BPF_FUNC_probe_read_user
			     : BPF_FUNC_probe_read_kernel,
		     3, ir__alu_imm(g->f, BPF_ADD, a, 8), n, p.reg);
		*v = (struct val){.mem = true,
				  .reg = a,
				  .size = lang_layout__size(g->sema, t)};
		return 0;
	}
	if (!strcmp(fn, "strncmp")) { /* 0 when the first n bytes agree */
		int64_t n = 0;

		lang_expr__const_int(args->items[2], &n);
		err = string_compare(g, args->items[0], args->items[1],
				     n > 0 ? (uint32_t)n : 0, false, &a);
		*v = int_val(a);
		return err;
	}
	if (!strcmp(fn, "reg")) {
		unsigned int off;

		if (usdt_args__reg_offset(args->items[0]->str.data, &off))
			return fail(g, args->items[0]->loc,
				    "reg: no register '%s'",
				    args->items[0]->str.data);
		*v = int_val(load(g, BPF_DW, g->ctx, off));
		return 0;
	}
	if (!strcmp(fn, "cgroupid")) {
		struct stat st;

		/* cgroup v2: a cgroup's id is its directory's inode. */
		if (stat(args->items[0]->str.data, &st))
			return fail(g, args->items[0]->loc,
				    "cgroupid: cannot read '%s': %s",
				    args->items[0]->str.data, strerror(errno));
		*v = int_val(ir__const(g->f, (int64_t)st.st_ino));
		return 0;
	}
	if (!strcmp(fn, "signal"))
		return fail(g, e->loc,
			    "signal() would act on the traced "
			    "process: sonde only observes it");
	if (t->kind == LANG_TYPE_AGG)
		return fail(g, e->loc,
			    "%s() is only assigned to a map: "
			    "@m = %s(...)",
			    fn, fn);
	return fail(g, e->loc, "%s() cannot be compiled yet", fn);
}

/* ---- statements ---- */

static int block(struct gen *g, const struct lang_block *b);

static int assign_var(struct gen *g, const struct lang_stmt *s)
{
	const struct lang_expr *target = s->assign.target;
	const struct lang_sema_var *sv = NULL;
	struct var *var = find_var(g, target->name);
	struct val v;
	int err;

	for (size_t i = 0; i < lang_sema__nr_vars(g->sema); i++) {
		const struct lang_sema_var *x = lang_sema__var(g->sema, i);

		if (x->probe == g->cg->probe && !strcmp(x->name, target->name))
			sv = x;
	}
	if (!var || !sv)
		return fail(g, target->loc, "$%s is not known", target->name);
	if (s->assign.op != LANG_OP_NONE) {
		uint32_t b;

		err = int_expr(g, s->assign.value, &b);
		if (err)
			return err;
		mov(g, var->reg,
		    arith(g, s->assign.op, sv->type.is_signed, var->reg, b));
		return 0;
	}
	err = expr(g, s->assign.value, &v);
	if (err)
		return err;
	if (!var->mem) {
		mov(g, var->reg, v.reg);
		return 0;
	}
	{
		uint32_t a = slot_addr(g, var->slot);

		emit(g,
		     (struct ir_insn){.op = IR_SLOT_ZERO, .slot = var->slot});
		write_val(g, a, 0, &sv->type, TY(g, s->assign.value), v);
	}
	return 0;
}

/* @m[k] op= v and @m[k]++: read, change, write back. */
static int update_map(struct gen *g, const struct lang_expr *m, enum lang_op op,
		      uint32_t b, uint32_t *old_out, uint32_t *new_out)
{
	const struct lang_map *map;
	uint32_t key, ptr, old = ir__vreg(g->f), missing = ir__label(g->f), nv;
	size_t id;
	int err;

	map = map_of(g, m->map.name, &id);
	if (!map)
		return -EINVAL;
	err = map_key(g, m, map, &key);
	if (err)
		return err;
	ptr = lookup(g, id, key);
	set_const(g, old, 0);
	branch_imm(g, BPF_JEQ, ptr, 0, missing);
	mov(g, old, load(g, BPF_DW, ptr, 0));
	label(g, missing);
	nv = arith(g, op, map->sema->value.is_signed, old, b);
	{
		uint32_t val = buffer(g, map->value_size);

		store(g, BPF_DW, val, 0, nv);
		update(g, id, key, val, BPF_ANY);
	}
	if (old_out)
		*old_out = old;
	if (new_out)
		*new_out = nv;
	return 0;
}

static int incdec(struct gen *g, const struct lang_expr *e, struct val *v)
{
	const struct lang_expr *x = e->unary.operand;
	enum lang_op op = e->unary.op;
	bool inc = op == LANG_OP_PRE_INC || op == LANG_OP_POST_INC;
	bool post = op == LANG_OP_POST_INC || op == LANG_OP_POST_DEC;
	uint32_t one = ir__const(g->f, 1), old, nv;

	if (x->kind == LANG_EXPR_VAR) {
		struct var *var = find_var(g, x->name);

		if (!var)
			return fail(g, x->loc, "$%s is used before it is set",
				    x->name);
		old = mov(g, ir__vreg(g->f), var->reg);
		nv = ir__alu(g->f, inc ? BPF_ADD : BPF_SUB, var->reg, one);
		mov(g, var->reg, nv);
	} else {
		int err = update_map(g, x, inc ? LANG_OP_ADD : LANG_OP_SUB, one,
				     &old, &nv);

		if (err)
			return err;
	}
	*v = int_val(post ? old : nv);
	return 0;
}

static int assign_map(struct gen *g, const struct lang_stmt *s)
{
	const struct lang_expr *target = s->assign.target;
	const struct lang_expr *value = s->assign.value;
	const struct lang_map *map;
	uint32_t key, val, b;
	struct val v;
	size_t id;
	int err;

	if (value->kind == LANG_EXPR_CALL &&
	    TY(g, value)->kind == LANG_TYPE_AGG)
		return aggregate(g, target, value);
	if (s->assign.op != LANG_OP_NONE) {
		err = int_expr(g, value, &b);
		return err ? err
			   : update_map(g, target, s->assign.op, b, NULL, NULL);
	}
	map = map_of(g, target->map.name, &id);
	if (!map)
		return -EINVAL;
	err = expr(g, value, &v);
	if (err)
		return err;
	err = map_key(g, target, map, &key);
	if (err)
		return err;
	val = buffer(g, map->value_size);
	write_val(g, val, 0, &map->sema->value, TY(g, value), v);
	update(g, id, key, val, BPF_ANY);
	return 0;
}

static enum lang_op negated(enum lang_op op)
{
	switch (op) {
	case LANG_OP_LT:
		return LANG_OP_GE;
	case LANG_OP_LE:
		return LANG_OP_GT;
	case LANG_OP_GT:
		return LANG_OP_LE;
	case LANG_OP_GE:
		return LANG_OP_LT;
	case LANG_OP_EQ:
		return LANG_OP_NE;
	default:
		return LANG_OP_EQ;
	}
}

/* A comparison of integers jumps itself, without a 0/1 in between. */
static int cond_jump_if_false(struct gen *g, const struct lang_expr *cond,
			      uint32_t target)
{
	uint32_t c, b = 0;
	int64_t imm;
	bool b_imm;
	int err;

	if (cond->kind == LANG_EXPR_BINARY && cond->binary.op == LANG_OP_LAND) {
		err = cond_jump_if_false(g, cond->binary.left, target);
		return err ? err
			   : cond_jump_if_false(g, cond->binary.right, target);
	}
	if (cond->kind == LANG_EXPR_BINARY && is_compare(cond->binary.op) &&
	    !is_mem_type(TY(g, cond->binary.left))) {
		uint8_t op = jmp_of(negated(cond->binary.op),
				    signed_operands(g, cond));

		err = operands(g, cond, &c, &b, &imm, &b_imm);
		if (err)
			return err;
		if (b_imm)
			branch_imm(g, op, c, (int32_t)imm, target);
		else
			branch(g, op, c, b, target);
		return 0;
	}
	err = int_expr(g, cond, &c);
	if (!err)
		branch_imm(g, BPF_JEQ, c, 0, target);
	return err;
}

static int stmt(struct gen *g, const struct lang_stmt *s)
{
	size_t mark = g->nr_busy;
	uint32_t scratch_mark = g->scratch_off;
	uint32_t l1, l2;
	struct val v;
	int err = 0;

	ir__set_origin(g->f, s->loc);
	switch (s->kind) {
	case LANG_STMT_EXPR:
		err = expr(g, s->expr, &v);
		break;
	case LANG_STMT_ASSIGN:
		err = s->assign.target->kind == LANG_EXPR_VAR
			      ? assign_var(g, s)
			      : assign_map(g, s);
		break;
	case LANG_STMT_IF:
		l1 = ir__label(g->f);
		l2 = ir__label(g->f);
		err = cond_jump_if_false(g, s->if_stmt.cond, l1);
		slots_release(g, mark);
		if (!err)
			err = block(g, &s->if_stmt.then);
		jump(g, l2);
		label(g, l1);
		if (!err && s->if_stmt.has_else)
			err = block(g, &s->if_stmt.otherwise);
		label(g, l2);
		break;
	case LANG_STMT_UNROLL:
		for (uint64_t i = 0; !err && i < s->unroll.count; i++)
			err = block(g, &s->unroll.body);
		break;
	case LANG_STMT_WHILE:
		if (g->nr_loops == MAX_LOOPS)
			return fail(g, s->loc, "loops nest too deep");
		l1 = ir__label(g->f);
		l2 = ir__label(g->f);
		label(g, l1);
		err = cond_jump_if_false(g, s->while_stmt.cond, l2);
		slots_release(g, mark);
		g->loop_continue[g->nr_loops] = l1;
		g->loop_break[g->nr_loops++] = l2;
		if (!err)
			err = block(g, &s->while_stmt.body);
		g->nr_loops--;
		jump(g, l1);
		label(g, l2);
		break;
	case LANG_STMT_RETURN:
		jump(g, g->exit_label);
		break;
	case LANG_STMT_BREAK:
	case LANG_STMT_CONTINUE:
		if (!g->nr_loops)
			return fail(g, s->loc, "%s outside a loop",
				    s->kind == LANG_STMT_BREAK ? "break"
							       : "continue");
		jump(g, s->kind == LANG_STMT_BREAK
				? g->loop_break[g->nr_loops - 1]
				: g->loop_continue[g->nr_loops - 1]);
		break;
	}
	slots_release(g, mark);
	g->scratch_off = scratch_mark;
	return err;
}

static int block(struct gen *g, const struct lang_block *b)
{
	for (size_t i = 0; i < b->nr; i++) {
		int err = stmt(g, b->items[i]);

		if (err)
			return err;
	}
	return 0;
}

/* Every scratch variable of the probe, set to zero at the start. */
static int declare_vars(struct gen *g)
{
	for (size_t i = 0; i < lang_sema__nr_vars(g->sema); i++) {
		const struct lang_sema_var *sv = lang_sema__var(g->sema, i);
		struct var *var;

		if (sv->probe != g->cg->probe)
			continue;
		if (g->nr_vars == MAX_VARS)
			return fail(g, sv->loc,
				    "too many variables in one probe");
		var = &g->vars[g->nr_vars++];
		var->name = sv->name;
		var->size = lang_layout__size(g->sema, &sv->type);
		var->mem = is_mem_type(&sv->type) ||
			   sv->type.kind == LANG_TYPE_USTACK ||
			   sv->type.kind == LANG_TYPE_USYM;
		if (var->mem) {
			var->slot = ir__slot(g->f, var->size);
			g->stack_bytes += var->size;
			emit(g, (struct ir_insn){.op = IR_SLOT_ZERO,
						 .slot = var->slot});
		} else {
			var->reg = ir__vreg(g->f);
			set_const(g, var->reg, 0);
		}
	}
	return 0;
}

/*
 * The scratch value's address, looked up once at the program's entry
 * (before any branch, so every path has it): made at the end, when it
 * is known to be needed, and moved to entry_at.
 */
static int lookup_scratch(struct gen *g)
{
	struct ir_func *f = g->f;
	size_t from = f->nr, n;
	struct ir_insn *moved;
	uint32_t key = ir__slot(f, 8);

	emit(g, (struct ir_insn){.op = IR_SLOT_ZERO, .slot = key});
	{
		uint32_t map = map_fd(g, LANG_MAP_ID_SCRATCH);
		uint32_t k = slot_addr(g, key);

		mov(g, g->scratch,
		    call(g, BPF_FUNC_map_lookup_elem, 2, map, k));
	}
	branch_imm(g, BPF_JEQ, g->scratch, 0, g->exit_label);
	if (f->err)
		return f->err;
	n = f->nr - from;
	moved = malloc(n * sizeof(*moved));
	if (!moved)
		return -ENOMEM;
	memcpy(moved, f->insns + from, n * sizeof(*moved));
	memmove(f->insns + g->entry_at + n, f->insns + g->entry_at,
		(from - g->entry_at) * sizeof(*moved));
	memcpy(f->insns + g->entry_at, moved, n * sizeof(*moved));
	free(moved);
	if (g->c->scratch_size < g->scratch_max)
		g->c->scratch_size = g->scratch_max;
	return 0;
}

int lang_codegen__probe(const struct lang_codegen *cg, struct ir_func *f,
			bool *per_target, struct lang_diag *diag)
{
	struct gen *g = calloc(1, sizeof(*g));
	const struct lang_probe *p = cg->prog->probes[cg->probe];
	enum lang_probe_type type = p->attach[0].type;
	int err;

	if (!g)
		return -ENOMEM;
	g->cg = cg;
	g->c = cg->c;
	g->sema = cg->sema;
	g->probe = p;
	g->f = f;
	g->diag = diag;
	ir__set_origin(f, p->loc);
	/* A trampoline program is loaded for one function. */
	g->per_target = type == LANG_PROBE_FENTRY || type == LANG_PROBE_FEXIT;
	g->ctx = ir__vreg(f);
	emit(g, (struct ir_insn){.op = IR_CTX, .d = g->ctx});
	g->exit_label = ir__label(f);
	if (cg->opts->pid > 0 && type != LANG_PROBE_BEGIN &&
	    type != LANG_PROBE_END)
		branch(g, BPF_JNE, user_tgid(g), ir__const(f, cg->opts->pid),
		       g->exit_label);
	g->entry_at = f->nr;
	err = declare_vars(g);
	if (!err && p->pred) {
		ir__set_origin(f, p->pred->loc);
		err = cond_jump_if_false(g, p->pred, g->exit_label);
	}
	slots_release(g, 0);
	if (!err)
		err = block(g, &p->body);
	if (!err && g->scratch)
		err = lookup_scratch(g);
	label(g, g->exit_label);
	emit(g, (struct ir_insn){.op = IR_RETURN, .imm = 0});
	*per_target = g->per_target;
	if (!err && f->err == -E2BIG)
		err = fail(g, p->loc,
			   "the probe's program is too large for "
			   "BPF (512 bytes of stack)");
	free(g->fmt);
	free(g);
	return err ? err : f->err;
}
