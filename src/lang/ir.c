// SPDX-License-Identifier: GPL-2.0
#include "lang/ir.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The callee-saved registers a value can live in across helper calls. */
static const uint8_t value_regs[] = {BPF_REG_6, BPF_REG_7, BPF_REG_8,
				     BPF_REG_9};
#define NR_VALUE_REGS (sizeof(value_regs) / sizeof(value_regs[0]))
#define STACK_BYTES 512

void ir_func__init(struct ir_func *f)
{
	memset(f, 0, sizeof(*f));
}

void ir_func__release(struct ir_func *f)
{
	free(f->insns);
	free(f->slots);
	free(f->origins);
	ir_func__init(f);
}

uint32_t ir__vreg(struct ir_func *f)
{
	return ++f->nr_vregs;
}

uint32_t ir__label(struct ir_func *f)
{
	return f->nr_labels++;
}

uint32_t ir__slot(struct ir_func *f, uint32_t size)
{
	if (f->nr_slots == f->cap_slots) {
		size_t cap = f->cap_slots ? f->cap_slots * 2 : 8;
		struct ir_slot *slots = realloc(f->slots, cap * sizeof(*slots));

		if (!slots) {
			f->err = f->err ? f->err : -ENOMEM;
			return 0;
		}
		f->slots = slots;
		f->cap_slots = cap;
	}
	f->slots[f->nr_slots].size = (size + 7) & ~7u;
	return (uint32_t)f->nr_slots++;
}

void ir__set_origin(struct ir_func *f, struct lang_loc loc)
{
	if (f->nr_origins == f->cap_origins) {
		size_t cap = f->cap_origins ? f->cap_origins * 2 : 16;
		struct lang_loc *o = realloc(f->origins, cap * sizeof(*o));

		if (!o) {
			f->err = f->err ? f->err : -ENOMEM;
			return;
		}
		f->origins = o;
		f->cap_origins = cap;
	}
	f->origins[f->nr_origins] = loc;
	f->origin = (uint32_t)f->nr_origins++;
}

void ir__emit(struct ir_func *f, struct ir_insn insn)
{
	insn.origin = f->origin;
	if (f->nr == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct ir_insn *insns;

		if (cap > INSN_MAX) {
			f->err = f->err ? f->err : -E2BIG;
			return;
		}
		insns = realloc(f->insns, cap * sizeof(*insns));
		if (!insns) {
			f->err = f->err ? f->err : -ENOMEM;
			return;
		}
		f->insns = insns;
		f->cap = cap;
	}
	f->insns[f->nr++] = insn;
}

uint32_t ir__const(struct ir_func *f, int64_t imm)
{
	uint32_t d = ir__vreg(f);

	ir__emit(f, (struct ir_insn){.op = IR_CONST, .d = d, .imm = imm});
	return d;
}

uint32_t ir__alu(struct ir_func *f, uint8_t alu, uint32_t a, uint32_t b)
{
	uint32_t d = ir__vreg(f);

	ir__emit(f, (struct ir_insn){
			    .op = IR_ALU, .alu = alu, .d = d, .a = a, .b = b});
	return d;
}

uint32_t ir__alu_imm(struct ir_func *f, uint8_t alu, uint32_t a, int64_t imm)
{
	uint32_t d = ir__vreg(f);

	ir__emit(f,
		 (struct ir_insn){
			 .op = IR_ALU, .alu = alu, .d = d, .a = a, .imm = imm});
	return d;
}

uint32_t ir__call(struct ir_func *f, int32_t helper, const uint32_t *args,
		  uint8_t nr_args)
{
	struct ir_insn in = {.op = IR_CALL, .imm = helper, .nr_args = nr_args};

	in.d = ir__vreg(f);
	if (nr_args)
		memcpy(in.args, args, nr_args * sizeof(*args));
	ir__emit(f, in);
	return in.d;
}

/* ---- lowering ---- */

/* Where a virtual register lives while it is live. */
struct home {
	int64_t first, last; /* instruction indexes; first -1: never set */
	int reg;	     /* one of value_regs, or -1: the stack */
	int16_t spill;	     /* its stack offset when on the stack */
	bool used;	     /* read somewhere: else it needs no home */
	unsigned int defs;   /* instructions that set it */
	/*
	 * Its only definition, when that is as cheap to repeat as to keep
	 * (a constant, a map, a slot's address, the context): made again
	 * in a scratch register at each use, so it holds no register.
	 */
	const struct ir_insn *remat;
};

struct lowering {
	const struct ir_func *f;
	struct insn_buf *out;
	struct home *homes; /* by virtual register */
	int16_t *slot_off;  /* by stack slot */
	int16_t ctx_off;    /* where the context pointer is kept */
	int *labels;	    /* insn_buf labels, by IR label */
};

/* The registers an instruction reads. */
static size_t uses_of(const struct ir_insn *in, uint32_t *uses)
{
	size_t n = 0;

	switch (in->op) {
	case IR_CALL:
		for (uint8_t i = 0; i < in->nr_args; i++)
			uses[n++] = in->args[i];
		return n;
	default:
		if (in->a)
			uses[n++] = in->a;
		if (in->b)
			uses[n++] = in->b;
		return n;
	}
}

static bool defines(const struct ir_insn *in)
{
	return in->d && in->op != IR_STORE && in->op != IR_SLOT_STORE &&
	       in->op != IR_ATOMIC_ADD && in->op != IR_BRANCH;
}

/*
 * Live ranges: from the first definition to the last use, stretched over
 * every loop (a jump back) that a value lives into.
 */
static int live_ranges(struct lowering *l)
{
	const struct ir_func *f = l->f;
	int64_t *label_at = calloc(f->nr_labels + 1, sizeof(*label_at));
	bool changed = true;

	if (!label_at)
		return -ENOMEM;
	for (uint32_t v = 0; v <= f->nr_vregs; v++)
		l->homes[v] = (struct home){-1, -1, -1, 0, false, 0, NULL};
	for (size_t i = 0; i < f->nr; i++) {
		const struct ir_insn *in = &f->insns[i];
		uint32_t uses[IR_MAX_ARGS + 2];
		size_t n = uses_of(in, uses);

		for (size_t k = 0; k < n; k++) {
			if (uses[k] > f->nr_vregs ||
			    l->homes[uses[k]].first < 0) {
				free(label_at);
				return -EINVAL; /* used before it is set */
			}
			l->homes[uses[k]].last = (int64_t)i;
			l->homes[uses[k]].used = true;
		}
		if (defines(in)) {
			struct home *h = &l->homes[in->d];

			h->defs++;
			h->remat = in;
			if (h->first < 0)
				h->first = (int64_t)i;
			if (h->last < (int64_t)i)
				h->last = (int64_t)i;
		}
		if (in->op == IR_LABEL && (uint64_t)in->imm < f->nr_labels)
			label_at[in->imm] = (int64_t)i;
	}
	for (uint32_t v = 1; v <= f->nr_vregs; v++) {
		struct home *h = &l->homes[v];

		if (h->defs != 1 ||
		    (h->remat->op != IR_CONST && h->remat->op != IR_MAP_FD &&
		     h->remat->op != IR_SLOT_ADDR && h->remat->op != IR_CTX))
			h->remat = NULL;
	}
	while (changed) {
		changed = false;
		for (size_t j = 0; j < f->nr; j++) {
			const struct ir_insn *in = &f->insns[j];
			int64_t start;

			if ((in->op != IR_JUMP && in->op != IR_BRANCH) ||
			    (uint64_t)in->imm >= f->nr_labels)
				continue;
			start = label_at[in->imm];
			if (start >= (int64_t)j)
				continue; /* forward */
			for (uint32_t v = 1; v <= f->nr_vregs; v++) {
				struct home *h = &l->homes[v];

				if (h->first >= 0 && h->first < start &&
				    h->last >= start && h->last < (int64_t)j) {
					h->last = (int64_t)j;
					changed = true;
				}
			}
		}
	}
	free(label_at);
	return 0;
}

/*
 * Linear scan over r6..r9.  Each register keeps one home for its whole
 * life, so when none is free the value that lives longest (the new one,
 * or a holder) goes to the stack for all of it.
 */
static void allocate(struct lowering *l)
{
	const struct ir_func *f = l->f;
	uint32_t owner[NR_VALUE_REGS] = {0};

	for (size_t i = 0; i < f->nr; i++) {
		uint32_t v = defines(&f->insns[i]) ? f->insns[i].d : 0;
		struct home *h = v ? &l->homes[v] : NULL;
		size_t pick = NR_VALUE_REGS, longest = NR_VALUE_REGS;

		if (!h || h->first != (int64_t)i || !h->used || h->remat)
			continue;
		for (size_t r = 0; r < NR_VALUE_REGS; r++) {
			const struct home *o =
				owner[r] ? &l->homes[owner[r]] : NULL;

			/*
			 * v = w, or v = w op x, where w ends: v takes w's
			 * register, without a move.
			 */
			if (o && o->last == (int64_t)i &&
			    (f->insns[i].op == IR_MOV ||
			     f->insns[i].op == IR_ALU) &&
			    f->insns[i].a == owner[r]) {
				pick = r;
				break;
			}
			if (!o || o->last < (int64_t)i) {
				pick = pick < NR_VALUE_REGS ? pick : r;
				continue;
			}
			if (longest == NR_VALUE_REGS ||
			    o->last > l->homes[owner[longest]].last)
				longest = r;
		}
		if (pick == NR_VALUE_REGS && longest < NR_VALUE_REGS &&
		    l->homes[owner[longest]].last > h->last) {
			l->homes[owner[longest]].reg = -1;
			pick = longest;
		}
		if (pick < NR_VALUE_REGS) {
			owner[pick] = v;
			h->reg = value_regs[pick];
		}
	}
}

/* Stack: slots first, then spills, then the context pointer. */
static int lay_out_stack(struct lowering *l)
{
	const struct ir_func *f = l->f;
	int off = 0;

	for (size_t s = 0; s < f->nr_slots; s++) {
		off -= (int)f->slots[s].size;
		l->slot_off[s] = (int16_t)(off > -STACK_BYTES ? off : 0);
	}
	for (uint32_t v = 1; v <= f->nr_vregs; v++) {
		if (l->homes[v].first < 0 || l->homes[v].reg >= 0 ||
		    !l->homes[v].used || l->homes[v].remat)
			continue;
		off -= 8;
		l->homes[v].spill = (int16_t)(off > -STACK_BYTES ? off : 0);
	}
	off -= 8;
	l->ctx_off = (int16_t)off;
	return off < -STACK_BYTES ? -E2BIG : 0;
}

static void emit(struct lowering *l, struct bpf_insn in)
{
	insn_buf__emit(l->out, in);
}

/* The register holding v: its home, or scratch loaded from the stack. */
static void materialize(struct lowering *l, const struct ir_insn *in,
			uint8_t reg);

static uint8_t get(struct lowering *l, uint32_t v, uint8_t scratch)
{
	const struct home *h = &l->homes[v];

	if (h->remat) {
		materialize(l, h->remat, scratch);
		return scratch;
	}
	if (h->reg >= 0)
		return (uint8_t)h->reg;
	emit(l, insn__load(BPF_DW, scratch, BPF_REG_10, h->spill));
	return scratch;
}

/* v = reg */
static void put(struct lowering *l, uint32_t v, uint8_t reg)
{
	const struct home *h = &l->homes[v];

	if (h->reg == reg)
		return;
	if (h->reg >= 0)
		emit(l, insn__mov_reg((uint8_t)h->reg, reg));
	else
		emit(l, insn__store(BPF_DW, BPF_REG_10, h->spill, reg));
}

static bool fits_imm32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

/* A constant, a map, a slot's address or the context, into reg. */
static void materialize(struct lowering *l, const struct ir_insn *in,
			uint8_t reg)
{
	switch (in->op) {
	case IR_CONST:
		if (fits_imm32(in->imm))
			emit(l, insn__mov_imm(reg, (int32_t)in->imm));
		else
			insn_buf__load_imm64(l->out, reg, (uint64_t)in->imm);
		break;
	case IR_MAP_FD:
		insn_buf__load_map_fd(l->out, reg, (int)in->imm);
		break;
	case IR_SLOT_ADDR:
		emit(l, insn__mov_reg(reg, BPF_REG_10));
		emit(l,
		     insn__alu64_imm(BPF_ADD, reg,
				     l->slot_off[in->slot] + (int32_t)in->imm));
		break;
	default: /* IR_CTX */
		emit(l, insn__load(BPF_DW, reg, BPF_REG_10, l->ctx_off));
		break;
	}
}

/* Where to compute v: its own register, or r0 to store it from. */
static uint8_t dst_of(struct lowering *l, uint32_t v)
{
	int reg = l->homes[v].reg;

	return reg >= 0 ? (uint8_t)reg : BPF_REG_0;
}

static void lower_alu(struct lowering *l, const struct ir_insn *in)
{
	uint8_t a = get(l, in->a, BPF_REG_1), d = dst_of(l, in->d);

	/*
	 * d may have a's register (a ends here), never b's: b lives up to
	 * here too, in another.
	 */
	if (a != d)
		emit(l, insn__mov_reg(d, a));
	if (in->b) {
		emit(l, insn__alu64_reg(in->alu, d, get(l, in->b, BPF_REG_2)));
	} else if (fits_imm32(in->imm)) {
		emit(l, insn__alu64_imm(in->alu, d, (int32_t)in->imm));
	} else {
		insn_buf__load_imm64(l->out, BPF_REG_2, (uint64_t)in->imm);
		emit(l, insn__alu64_reg(in->alu, d, BPF_REG_2));
	}
	put(l, in->d, d);
}

static void lower_call(struct lowering *l, const struct ir_insn *in)
{
	for (uint8_t i = 0; i < in->nr_args; i++) {
		uint8_t reg = (uint8_t)(BPF_REG_1 + i);
		uint8_t from = get(l, in->args[i], reg);

		if (from != reg)
			emit(l, insn__mov_reg(reg, from));
	}
	emit(l, insn__call((int32_t)in->imm));
	if (l->homes[in->d].used)
		put(l, in->d, BPF_REG_0);
}

static void lower_branch(struct lowering *l, const struct ir_insn *in)
{
	uint8_t a = get(l, in->a, BPF_REG_1);
	int label = l->labels[in->imm];

	if (in->b)
		insn_buf__jump_reg(l->out, in->alu, a, get(l, in->b, BPF_REG_2),
				   label);
	else
		insn_buf__jump_imm(l->out, in->alu, a, (int32_t)in->imm2,
				   label);
}

static void lower_one(struct lowering *l, const struct ir_insn *in)
{
	int16_t off;

	/* Made where it is used. */
	if (defines(in) && l->homes[in->d].remat)
		return;
	/* A value no one reads: only a call's effect is kept. */
	if (defines(in) && !l->homes[in->d].used) {
		if (in->op == IR_CALL)
			lower_call(l, in);
		return;
	}

	switch (in->op) {
	case IR_CONST:
	case IR_CTX:
	case IR_SLOT_ADDR:
	case IR_MAP_FD:
		materialize(l, in, dst_of(l, in->d));
		put(l, in->d, dst_of(l, in->d));
		break;
	case IR_MOV:
		put(l, in->d, get(l, in->a, BPF_REG_0));
		break;
	case IR_ALU:
		lower_alu(l, in);
		break;
	case IR_BSWAP: {
		uint8_t a = get(l, in->a, BPF_REG_1), d = dst_of(l, in->d);

		if (a != d)
			emit(l, insn__mov_reg(d, a));
		/* to big endian: a swap on the little-endian machines sonde
		 * runs on */
		emit(l, insn__make(BPF_ALU | BPF_END | BPF_TO_BE, d, 0, 0,
				   (int32_t)in->imm));
		put(l, in->d, d);
		break;
	}
	case IR_LOAD:
		emit(l, insn__load(in->size, dst_of(l, in->d),
				   get(l, in->a, BPF_REG_1), (int16_t)in->imm));
		put(l, in->d, dst_of(l, in->d));
		break;
	case IR_STORE:
		if (!in->b)
			emit(l, insn__store_imm(
					in->size, get(l, in->a, BPF_REG_1),
					(int16_t)in->imm, (int32_t)in->imm2));
		else
			emit(l, insn__store(in->size, get(l, in->a, BPF_REG_1),
					    (int16_t)in->imm,
					    get(l, in->b, BPF_REG_2)));
		break;
	case IR_SLOT_STORE:
		off = (int16_t)(l->slot_off[in->slot] + in->imm);
		emit(l, insn__store(in->size, BPF_REG_10, off,
				    get(l, in->a, BPF_REG_1)));
		break;
	case IR_SLOT_ZERO:
		for (uint32_t k = 0; k < l->f->slots[in->slot].size; k += 8)
			emit(l,
			     insn__store_imm(
				     BPF_DW, BPF_REG_10,
				     (int16_t)(l->slot_off[in->slot] + (int)k),
				     0));
		break;
	case IR_CALL:
		lower_call(l, in);
		break;
	case IR_ATOMIC_ADD:
		emit(l, insn__atomic_add(BPF_DW, get(l, in->a, BPF_REG_1),
					 (int16_t)in->imm,
					 get(l, in->b, BPF_REG_2)));
		break;
	case IR_LABEL:
		insn_buf__place(l->out, l->labels[in->imm]);
		break;
	case IR_JUMP:
		insn_buf__goto(l->out, l->labels[in->imm]);
		break;
	case IR_BRANCH:
		lower_branch(l, in);
		break;
	case IR_RETURN:
		emit(l, insn__mov_imm(BPF_REG_0, (int32_t)in->imm));
		emit(l, insn__exit());
		break;
	}
}

/*
 * The instructions control can reach, in order: the verifier refuses
 * code that cannot run (what follows an exit() in a block, say).
 */
static struct ir_insn *reachable(const struct ir_func *f, size_t *nr)
{
	size_t *label_at = calloc(f->nr_labels + 1, sizeof(*label_at));
	size_t *todo = malloc((f->nr + 1) * sizeof(*todo));
	bool *seen = calloc(f->nr + 1, sizeof(*seen));
	struct ir_insn *kept = malloc((f->nr + 1) * sizeof(*kept));
	size_t top = 0;

	*nr = 0;
	if (!label_at || !todo || !seen || !kept) {
		free(kept);
		kept = NULL;
		goto out;
	}
	for (size_t i = 0; i < f->nr; i++)
		if (f->insns[i].op == IR_LABEL &&
		    (uint64_t)f->insns[i].imm < f->nr_labels)
			label_at[f->insns[i].imm] = i;
	if (f->nr)
		todo[top++] = 0;
	while (top) {
		size_t i = todo[--top];
		const struct ir_insn *in;

		for (; i < f->nr && !seen[i]; i++) {
			in = &f->insns[i];
			seen[i] = true;
			if ((in->op == IR_JUMP || in->op == IR_BRANCH) &&
			    (uint64_t)in->imm < f->nr_labels &&
			    !seen[label_at[in->imm]])
				todo[top++] = label_at[in->imm];
			if (in->op == IR_JUMP || in->op == IR_RETURN)
				break;
		}
	}
	for (size_t i = 0; i < f->nr; i++)
		if (seen[i])
			kept[(*nr)++] = f->insns[i];
out:
	free(label_at);
	free(todo);
	free(seen);
	return kept;
}

int ir__lower(const struct ir_func *whole, struct insn_buf *out)
{
	struct ir_func pruned = *whole;
	const struct ir_func *f = &pruned;
	struct lowering l = {.f = f, .out = out};
	int err = whole->err;

	if (err)
		return err;
	pruned.insns = reachable(whole, &pruned.nr);
	if (!pruned.insns)
		return -ENOMEM;
	l.homes = calloc(f->nr_vregs + 1, sizeof(*l.homes));
	l.slot_off = calloc(f->nr_slots + 1, sizeof(*l.slot_off));
	l.labels = calloc(f->nr_labels + 1, sizeof(*l.labels));
	if (!l.homes || !l.slot_off || !l.labels) {
		err = -ENOMEM;
		goto out;
	}
	err = live_ranges(&l);
	if (err)
		goto out;
	allocate(&l);
	err = lay_out_stack(&l);
	if (err)
		goto out;
	for (uint32_t i = 0; i < f->nr_labels; i++)
		l.labels[i] = insn_buf__label(out);
	/* The context pointer arrives in r1; helpers clobber it. */
	emit(&l, insn__store(BPF_DW, BPF_REG_10, l.ctx_off, BPF_REG_1));
	for (size_t i = 0; i < f->nr; i++) {
		out->origin = f->insns[i].origin;
		lower_one(&l, &f->insns[i]);
	}
	err = insn_buf__finish(out);
out:
	free(pruned.insns);
	free(l.homes);
	free(l.slot_off);
	free(l.labels);
	return err;
}

/* ---- dump ---- */

/* An ALU op as an expression writes it: "+", "s>>". */
static void alu_name(uint8_t alu, char *buf, size_t size)
{
	const char *op = insn__alu_op_name(alu);
	size_t len = op ? strlen(op) : 0;

	/* The listing's "+=" less its "=". */
	snprintf(buf, size, "%.*s", len > 1 ? (int)len - 1 : 1, op ? op : "?");
}

static const char *jmp_name(uint8_t op)
{
	const char *name = insn__jmp_op_name(op);

	return name ? name : "?";
}

static void dump_one(FILE *out, const struct ir_insn *in)
{
	const char *helper;
	char op[8];

	switch (in->op) {
	case IR_CONST:
		fprintf(out, "  v%u = %lld\n", in->d, (long long)in->imm);
		break;
	case IR_MOV:
		fprintf(out, "  v%u = v%u\n", in->d, in->a);
		break;
	case IR_ALU:
		alu_name(in->alu, op, sizeof(op));
		if (in->b)
			fprintf(out, "  v%u = v%u %s v%u\n", in->d, in->a, op,
				in->b);
		else
			fprintf(out, "  v%u = v%u %s %lld\n", in->d, in->a, op,
				(long long)in->imm);
		break;
	case IR_CTX:
		fprintf(out, "  v%u = ctx\n", in->d);
		break;
	case IR_BSWAP:
		fprintf(out, "  v%u = bswap%lld(v%u)\n", in->d,
			(long long)in->imm, in->a);
		break;
	case IR_LOAD:
		fprintf(out, "  v%u = *(%s *)(v%u + %lld)\n", in->d,
			insn__size_name(in->size), in->a, (long long)in->imm);
		break;
	case IR_STORE:
		if (!in->b)
			fprintf(out, "  *(%s *)(v%u + %lld) = %lld\n",
				insn__size_name(in->size), in->a,
				(long long)in->imm, (long long)in->imm2);
		else
			fprintf(out, "  *(%s *)(v%u + %lld) = v%u\n",
				insn__size_name(in->size), in->a,
				(long long)in->imm, in->b);
		break;
	case IR_SLOT_ADDR:
		fprintf(out, "  v%u = &slot%u + %lld\n", in->d, in->slot,
			(long long)in->imm);
		break;
	case IR_SLOT_STORE:
		fprintf(out, "  *(%s *)(slot%u + %lld) = v%u\n",
			insn__size_name(in->size), in->slot, (long long)in->imm,
			in->a);
		break;
	case IR_SLOT_ZERO:
		fprintf(out, "  slot%u = 0\n", in->slot);
		break;
	case IR_MAP_FD:
		fprintf(out, "  v%u = map fd %lld\n", in->d,
			(long long)in->imm);
		break;
	case IR_CALL:
		helper = insn__helper_name((int32_t)in->imm);
		fprintf(out, "  v%u = call %s(", in->d, helper ? helper : "?");
		for (uint8_t i = 0; i < in->nr_args; i++)
			fprintf(out, "%sv%u", i ? ", " : "", in->args[i]);
		fputs(")\n", out);
		break;
	case IR_ATOMIC_ADD:
		fprintf(out, "  atomic *(u64 *)(v%u + %lld) += v%u\n", in->a,
			(long long)in->imm, in->b);
		break;
	case IR_LABEL:
		fprintf(out, "L%lld:\n", (long long)in->imm);
		break;
	case IR_JUMP:
		fprintf(out, "  goto L%lld\n", (long long)in->imm);
		break;
	case IR_BRANCH:
		if (in->b)
			fprintf(out, "  if v%u %s v%u goto L%lld\n", in->a,
				jmp_name(in->alu), in->b, (long long)in->imm);
		else
			fprintf(out, "  if v%u %s %lld goto L%lld\n", in->a,
				jmp_name(in->alu), (long long)in->imm2,
				(long long)in->imm);
		break;
	case IR_RETURN:
		fprintf(out, "  return %lld\n", (long long)in->imm);
		break;
	}
}

void ir__dump(FILE *out, const struct ir_func *f)
{
	for (size_t i = 0; i < f->nr; i++)
		dump_one(out, &f->insns[i]);
}
