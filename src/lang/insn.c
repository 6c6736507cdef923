// SPDX-License-Identifier: GPL-2.0
#include "lang/insn.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void insn_buf__init(struct insn_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void insn_buf__release(struct insn_buf *b)
{
	free(b->insns);
	free(b->origins);
	free(b->labels);
	free(b->fixups);
	insn_buf__init(b);
}

/* Room for one more element of a growing array; false on failure. */
static bool grow(void **items, size_t *cap, size_t nr, size_t size, size_t max,
		 int *err)
{
	size_t want;
	void *p;

	if (nr < *cap)
		return true;
	if (nr >= max) {
		*err = *err ? *err : -E2BIG;
		return false;
	}
	want = *cap ? *cap * 2 : 64;
	p = realloc(*items, want * size);
	if (!p) {
		*err = *err ? *err : -ENOMEM;
		return false;
	}
	*items = p;
	*cap = want;
	return true;
}

void insn_buf__emit(struct insn_buf *b, struct bpf_insn insn)
{
	size_t cap = b->cap;

	if (!grow((void **)&b->insns, &b->cap, b->nr, sizeof(*b->insns),
		  INSN_MAX, &b->err))
		return;
	if (b->cap != cap) {
		uint32_t *o = realloc(b->origins, b->cap * sizeof(*o));

		if (!o) {
			b->err = b->err ? b->err : -ENOMEM;
			return;
		}
		b->origins = o;
	}
	b->origins[b->nr] = b->origin;
	b->insns[b->nr++] = insn;
}

void insn_buf__load_imm64(struct insn_buf *b, uint8_t dst, uint64_t imm)
{
	insn_buf__emit(b, insn__make(BPF_LD | BPF_DW | BPF_IMM, dst, 0, 0,
				     (int32_t)(uint32_t)imm));
	insn_buf__emit(b,
		       insn__make(0, 0, 0, 0, (int32_t)(uint32_t)(imm >> 32)));
}

void insn_buf__load_map_fd(struct insn_buf *b, uint8_t dst, int fd)
{
	insn_buf__emit(b, insn__make(BPF_LD | BPF_DW | BPF_IMM, dst,
				     BPF_PSEUDO_MAP_FD, 0, fd));
	insn_buf__emit(b, insn__make(0, 0, 0, 0, 0));
}

int insn_buf__label(struct insn_buf *b)
{
	if (!grow((void **)&b->labels, &b->cap_labels, b->nr_labels,
		  sizeof(*b->labels), INSN_MAX, &b->err))
		return -1;
	b->labels[b->nr_labels] = SIZE_MAX;
	return (int)b->nr_labels++;
}

void insn_buf__place(struct insn_buf *b, int label)
{
	if (label < 0 || (size_t)label >= b->nr_labels) {
		b->err = b->err ? b->err : -EINVAL;
		return;
	}
	b->labels[label] = b->nr;
}

static void jump(struct insn_buf *b, struct bpf_insn insn, int label)
{
	if (!grow((void **)&b->fixups, &b->cap_fixups, b->nr_fixups,
		  sizeof(*b->fixups), INSN_MAX, &b->err))
		return;
	b->fixups[b->nr_fixups++] = (struct insn_fixup){b->nr, label};
	insn_buf__emit(b, insn);
}

void insn_buf__goto(struct insn_buf *b, int label)
{
	jump(b, insn__make(BPF_JMP | BPF_JA, 0, 0, 0, 0), label);
}

void insn_buf__jump_imm(struct insn_buf *b, uint8_t op, uint8_t dst,
			int32_t imm, int label)
{
	jump(b, insn__make(BPF_JMP | op | BPF_K, dst, 0, 0, imm), label);
}

void insn_buf__jump_reg(struct insn_buf *b, uint8_t op, uint8_t dst,
			uint8_t src, int label)
{
	jump(b, insn__make(BPF_JMP | op | BPF_X, dst, src, 0, 0), label);
}

int insn_buf__finish(struct insn_buf *b)
{
	for (size_t i = 0; !b->err && i < b->nr_fixups; i++) {
		const struct insn_fixup *f = &b->fixups[i];
		size_t to = (size_t)f->label < b->nr_labels
				    ? b->labels[f->label]
				    : SIZE_MAX;
		long long off = (long long)to - (long long)f->at - 1;

		if (to == SIZE_MAX || off < INT16_MIN || off > INT16_MAX)
			b->err = -EINVAL;
		else
			b->insns[f->at].off = (int16_t)off;
	}
	b->nr_fixups = 0;
	return b->err;
}

/* The helpers' names, by id, from the kernel's own list. */
#define HELPER_NAME(x) #x
static const char *const helper_names[] = {__BPF_FUNC_MAPPER(HELPER_NAME)};
#undef HELPER_NAME

const char *insn__helper_name(int32_t id)
{
	if (id <= 0 ||
	    (size_t)id >= sizeof(helper_names) / sizeof(*helper_names))
		return NULL;
	return helper_names[id];
}

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=",	  [BPF_SUB >> 4] = "-=",
	[BPF_MUL >> 4] = "*=",	  [BPF_DIV >> 4] = "/=",
	[BPF_OR >> 4] = "|=",	  [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=",	  [BPF_RSH >> 4] = ">>=",
	[BPF_NEG >> 4] = "neg",	  [BPF_MOD >> 4] = "%=",
	[BPF_XOR >> 4] = "^=",	  [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==",	 [BPF_JGT >> 4] = ">",
	[BPF_JGE >> 4] = ">=",	 [BPF_JSET >> 4] = "&",
	[BPF_JNE >> 4] = "!=",	 [BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<",
	[BPF_JLE >> 4] = "<=",	 [BPF_JSLT >> 4] = "s<",
	[BPF_JSLE >> 4] = "s<=",
};

const char *insn__alu_op_name(uint8_t op)
{
	return alu_ops[BPF_OP(op) >> 4];
}

const char *insn__jmp_op_name(uint8_t op)
{
	return jmp_ops[BPF_OP(op) >> 4];
}

const char *insn__size_name(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return "u8";
	case BPF_H:
		return "u16";
	case BPF_W:
		return "u32";
	default:
		return "u64";
	}
}

static void format_alu(char *out, size_t size, const struct bpf_insn *in)
{
	bool is64 = BPF_CLASS(in->code) == BPF_ALU64;
	char r = is64 ? 'r' : 'w';
	const char *op = alu_ops[BPF_OP(in->code) >> 4];

	if (!op) {
		snprintf(out, size, "invalid alu op %#x", in->code);
	} else if (BPF_OP(in->code) == BPF_NEG) {
		snprintf(out, size, "%c%d = -%c%d", r, in->dst_reg, r,
			 in->dst_reg);
	} else if (BPF_OP(in->code) == BPF_END) {
		snprintf(out, size, "r%d = %s%d r%d", in->dst_reg,
			 BPF_SRC(in->code) == BPF_TO_BE ? "be" : "le", in->imm,
			 in->dst_reg);
	} else if (BPF_SRC(in->code) == BPF_X) {
		snprintf(out, size, "%c%d %s %c%d", r, in->dst_reg, op, r,
			 in->src_reg);
	} else {
		snprintf(out, size, "%c%d %s %d", r, in->dst_reg, op, in->imm);
	}
}

static void format_jmp(char *out, size_t size, const struct bpf_insn *in)
{
	bool is32 = BPF_CLASS(in->code) == BPF_JMP32;
	char r = is32 ? 'w' : 'r';
	const char *op = jmp_ops[BPF_OP(in->code) >> 4];
	const char *name;

	switch (BPF_OP(in->code)) {
	case BPF_CALL:
		name = insn__helper_name(in->imm);
		if (in->src_reg == BPF_PSEUDO_CALL)
			snprintf(out, size, "call pc%+d", in->imm);
		else if (name)
			snprintf(out, size, "call bpf_%s#%d", name, in->imm);
		else
			snprintf(out, size, "call #%d", in->imm);
		return;
	case BPF_EXIT:
		snprintf(out, size, "exit");
		return;
	case BPF_JA:
		snprintf(out, size, "goto pc%+d", in->off);
		return;
	}
	if (!op)
		snprintf(out, size, "invalid jmp op %#x", in->code);
	else if (BPF_SRC(in->code) == BPF_X)
		snprintf(out, size, "if %c%d %s %c%d goto pc%+d", r,
			 in->dst_reg, op, r, in->src_reg, in->off);
	else
		snprintf(out, size, "if %c%d %s 0x%x goto pc%+d", r,
			 in->dst_reg, op, (uint32_t)in->imm, in->off);
}

int insn__format(char *out, size_t size, const struct bpf_insn *insns,
		 size_t left)
{
	const struct bpf_insn *in = &insns[0];
	uint8_t mode = BPF_MODE(in->code);

	switch (BPF_CLASS(in->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		format_alu(out, size, in);
		return 1;
	case BPF_JMP:
	case BPF_JMP32:
		format_jmp(out, size, in);
		return 1;
	case BPF_LDX:
		snprintf(out, size, "r%d = *(%s *)(r%d %+d)", in->dst_reg,
			 insn__size_name(in->code), in->src_reg, in->off);
		return 1;
	case BPF_ST:
		snprintf(out, size, "*(%s *)(r%d %+d) = %d",
			 insn__size_name(in->code), in->dst_reg, in->off,
			 in->imm);
		return 1;
	case BPF_STX:
		if (mode == BPF_ATOMIC && in->imm == BPF_ADD)
			snprintf(out, size, "lock *(%s *)(r%d %+d) += r%d",
				 insn__size_name(in->code), in->dst_reg,
				 in->off, in->src_reg);
		else if (mode == BPF_ATOMIC)
			snprintf(out, size, "atomic %#x *(%s *)(r%d %+d), r%d",
				 (unsigned int)in->imm,
				 insn__size_name(in->code), in->dst_reg,
				 in->off, in->src_reg);
		else
			snprintf(out, size, "*(%s *)(r%d %+d) = r%d",
				 insn__size_name(in->code), in->dst_reg,
				 in->off, in->src_reg);
		return 1;
	case BPF_LD:
		if (in->code != (BPF_LD | BPF_DW | BPF_IMM) || left < 2)
			break;
		if (in->src_reg == BPF_PSEUDO_MAP_FD)
			snprintf(out, size, "r%d = map[fd:%d]", in->dst_reg,
				 in->imm);
		else
			snprintf(out, size, "r%d = %#" PRIx64, in->dst_reg,
				 (uint64_t)(uint32_t)insns[1].imm << 32 |
					 (uint32_t)in->imm);
		return 2;
	}
	snprintf(out, size, "invalid insn %#x", in->code);
	return 1;
}

void insn__dump(FILE *out, const struct bpf_insn *insns, size_t nr)
{
	char text[96];

	for (size_t i = 0; i < nr;) {
		int used = insn__format(text, sizeof(text), &insns[i], nr - i);

		fprintf(out, "%4zu: (%02x) %s\n", i, insns[i].code, text);
		i += (size_t)used;
	}
}
