/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF instructions, built by hand: constructors for each instruction
 * form, a growing program with labels for forward jumps, and a listing
 * in the kernel verifier's notation (`sonde run --dump=bpf`).  The
 * encoding is the kernel's (linux/bpf.h, Documentation/bpf/
 * standardization/instruction-set.rst).
 */
#ifndef SONDE_LANG_INSN_H
#define SONDE_LANG_INSN_H

#include <linux/bpf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

static inline struct bpf_insn insn__make(uint8_t code, uint8_t dst, uint8_t src,
					 int16_t off, int32_t imm)
{
	return (struct bpf_insn){.code = code,
				 .dst_reg = dst,
				 .src_reg = src,
				 .off = off,
				 .imm = imm};
}

/* dst op= imm, on 64 bits (BPF_ADD, BPF_MOV, ...). */
static inline struct bpf_insn insn__alu64_imm(uint8_t op, uint8_t dst,
					      int32_t imm)
{
	return insn__make(BPF_ALU64 | op | BPF_K, dst, 0, 0, imm);
}

/* dst op= src, on 64 bits. */
static inline struct bpf_insn insn__alu64_reg(uint8_t op, uint8_t dst,
					      uint8_t src)
{
	return insn__make(BPF_ALU64 | op | BPF_X, dst, src, 0, 0);
}

static inline struct bpf_insn insn__mov_imm(uint8_t dst, int32_t imm)
{
	return insn__alu64_imm(BPF_MOV, dst, imm);
}

static inline struct bpf_insn insn__mov_reg(uint8_t dst, uint8_t src)
{
	return insn__alu64_reg(BPF_MOV, dst, src);
}

/* dst = *(size *)(src + off); size is BPF_B, BPF_H, BPF_W or BPF_DW. */
static inline struct bpf_insn insn__load(uint8_t size, uint8_t dst, uint8_t src,
					 int16_t off)
{
	return insn__make(BPF_LDX | size | BPF_MEM, dst, src, off, 0);
}

/* *(size *)(dst + off) = src */
static inline struct bpf_insn insn__store(uint8_t size, uint8_t dst,
					  int16_t off, uint8_t src)
{
	return insn__make(BPF_STX | size | BPF_MEM, dst, src, off, 0);
}

/* *(size *)(dst + off) = imm */
static inline struct bpf_insn insn__store_imm(uint8_t size, uint8_t dst,
					      int16_t off, int32_t imm)
{
	return insn__make(BPF_ST | size | BPF_MEM, dst, 0, off, imm);
}

/* lock *(size *)(dst + off) += src (BPF_W or BPF_DW) */
static inline struct bpf_insn insn__atomic_add(uint8_t size, uint8_t dst,
					       int16_t off, uint8_t src)
{
	return insn__make(BPF_STX | size | BPF_ATOMIC, dst, src, off, BPF_ADD);
}

static inline struct bpf_insn insn__call(int32_t helper)
{
	return insn__make(BPF_JMP | BPF_CALL, 0, 0, 0, helper);
}

static inline struct bpf_insn insn__exit(void)
{
	return insn__make(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* A program under construction. */
struct insn_buf {
	struct bpf_insn *insns;
	size_t nr, cap;
	/*
	 * What each instruction was made for, a number of the caller's
	 * (the IR's source statement): origin stamps the next ones.
	 */
	uint32_t *origins;
	uint32_t origin;
	int err;	/* the first failure: -ENOMEM, -E2BIG, -EINVAL */
	size_t *labels; /* where each label was placed; SIZE_MAX: not yet */
	size_t nr_labels, cap_labels;
	struct insn_fixup {
		size_t at; /* the jump */
		int label;
	} * fixups;
	size_t nr_fixups, cap_fixups;
};

/* The kernel's limit for a privileged program. */
#define INSN_MAX 1000000

void insn_buf__init(struct insn_buf *b);
void insn_buf__release(struct insn_buf *b);
/* Appends one instruction (failures are kept in b->err). */
void insn_buf__emit(struct insn_buf *b, struct bpf_insn insn);
/* dst = imm64: the two-slot BPF_LD | BPF_IMM | BPF_DW. */
void insn_buf__load_imm64(struct insn_buf *b, uint8_t dst, uint64_t imm);
/* dst = the map behind fd (BPF_PSEUDO_MAP_FD), for map helpers. */
void insn_buf__load_map_fd(struct insn_buf *b, uint8_t dst, int fd);
/* A new label, placed later with __place; jumps may precede it. */
int insn_buf__label(struct insn_buf *b);
void insn_buf__place(struct insn_buf *b, int label);
/* goto label */
void insn_buf__goto(struct insn_buf *b, int label);
/* if (dst op imm) goto label; op is BPF_JEQ, BPF_JGT, BPF_JSLT, ... */
void insn_buf__jump_imm(struct insn_buf *b, uint8_t op, uint8_t dst,
			int32_t imm, int label);
/* if (dst op src) goto label */
void insn_buf__jump_reg(struct insn_buf *b, uint8_t op, uint8_t dst,
			uint8_t src, int label);
/*
 * Resolves the jumps: 0, or b->err, or -EINVAL for a label never placed
 * or a jump farther than 32767 instructions.
 */
int insn_buf__finish(struct insn_buf *b);

/* "u8".."u64" for BPF_B..BPF_DW (the size bits of code). */
const char *insn__size_name(uint8_t code);
/* An ALU op as the listing writes it ("+=", "s>>="), or NULL. */
const char *insn__alu_op_name(uint8_t op);
/* A jump's comparison ("==", "s<"), or NULL. */
const char *insn__jmp_op_name(uint8_t op);
/* The name of helper id ("map_lookup_elem"), or NULL. */
const char *insn__helper_name(int32_t id);
/*
 * One instruction (two for a 64-bit load) in the verifier's notation:
 * "r1 += r2", "if r0 == 0x0 goto pc+2", "call bpf_map_lookup_elem#1".
 * Returns the slots used (1 or 2).
 */
int insn__format(char *out, size_t size, const struct bpf_insn *insns,
		 size_t left);
/* The listing, one instruction a line, as "   0: (b7) r0 = 0". */
void insn__dump(FILE *out, const struct bpf_insn *insns, size_t nr);

#endif
