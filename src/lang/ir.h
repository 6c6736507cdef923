/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The intermediate form of a probe's program, between the typed AST and
 * BPF: a straight list of instructions over virtual registers (64-bit
 * values, unlimited) and stack slots, with labels for control flow.
 * Lowering (ir__lower) gives each virtual register a home — one of the
 * callee-saved r6..r9 by linear scan over live ranges, else a stack
 * slot — and turns each instruction into BPF through r0..r5 as scratch.
 * `sonde run --dump=ir` prints it (ir__dump).
 */
#ifndef SONDE_LANG_IR_H
#define SONDE_LANG_IR_H

#include "lang/diag.h"
#include "lang/insn.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum ir_op {
	IR_CONST,      /* d = imm */
	IR_MOV,	       /* d = a */
	IR_ALU,	       /* d = a <alu> b, or a <alu> imm when b is IR_NONE */
	IR_BSWAP,      /* d = a's low imm bits (16, 32, 64) byte-swapped */
	IR_CTX,	       /* d = the context pointer the program was given */
	IR_LOAD,       /* d = *(size *)(a + imm), a kernel or map pointer */
	IR_STORE,      /* *(size *)(a + imm) = b, or imm2 when b is IR_NONE */
	IR_SLOT_ADDR,  /* d = the address of stack slot `slot` (+ imm) */
	IR_SLOT_STORE, /* slot[imm] = a, size bytes */
	IR_SLOT_ZERO,  /* slot = 0, all of it */
	IR_MAP_FD,     /* d = the map behind fd imm (for map helpers) */
	IR_CALL,       /* d = helper imm (args[0..nr_args)) */
	IR_ATOMIC_ADD, /* *(u64 *)(a + imm) += b, atomically */
	IR_LABEL,      /* label imm is here */
	IR_JUMP,       /* goto label imm */
	IR_BRANCH,     /* if (a <jmp> b, or a <jmp> imm2) goto label imm */
	IR_RETURN,     /* return imm */
};

#define IR_NONE 0 /* "no register": virtual registers count from 1 */
#define IR_MAX_ARGS 5

struct ir_insn {
	enum ir_op op;
	uint8_t alu;	  /* BPF_ADD, BPF_JEQ, ... for IR_ALU and IR_BRANCH */
	uint8_t size;	  /* BPF_B, BPF_H, BPF_W, BPF_DW for memory ops */
	uint32_t d, a, b; /* virtual registers */
	uint32_t slot;
	int64_t imm, imm2;
	uint32_t args[IR_MAX_ARGS];
	uint8_t nr_args;
	uint32_t origin; /* index in ir_func.origins: the source it is for */
};

struct ir_slot {
	uint32_t size; /* bytes, rounded up to 8 */
};

struct ir_func {
	struct ir_insn *insns;
	size_t nr, cap;
	struct ir_slot *slots;
	size_t nr_slots, cap_slots;
	uint32_t nr_vregs; /* the last one handed out */
	uint32_t nr_labels;
	int err; /* the first failure */
	/* Source spans instructions come from; `origin` stamps new ones. */
	struct lang_loc *origins;
	size_t nr_origins, cap_origins;
	uint32_t origin;
};

void ir_func__init(struct ir_func *f);
void ir_func__release(struct ir_func *f);
/* A new virtual register, label or stack slot of size bytes. */
uint32_t ir__vreg(struct ir_func *f);
uint32_t ir__label(struct ir_func *f);
uint32_t ir__slot(struct ir_func *f, uint32_t size);
/* Instructions from here on come from the source at loc. */
void ir__set_origin(struct ir_func *f, struct lang_loc loc);
/* Appends an instruction (failures are kept in f->err). */
void ir__emit(struct ir_func *f, struct ir_insn insn);

/* Shorthands for the common forms; each returns the register set. */
uint32_t ir__const(struct ir_func *f, int64_t imm);
uint32_t ir__alu(struct ir_func *f, uint8_t alu, uint32_t a, uint32_t b);
uint32_t ir__alu_imm(struct ir_func *f, uint8_t alu, uint32_t a, int64_t imm);
uint32_t ir__call(struct ir_func *f, int32_t helper, const uint32_t *args,
		  uint8_t nr_args);

/*
 * The BPF program: stack slots laid out below r10, registers allocated,
 * jumps resolved; out->origins[i] is the IR origin of instruction i.  0, or -E2BIG (stack or instruction limits), -EINVAL
 * (a register used before it is set), -ENOMEM.
 */
int ir__lower(const struct ir_func *f, struct insn_buf *out);

/* One instruction a line: "v3 = call get_current_pid_tgid()". */
void ir__dump(FILE *out, const struct ir_func *f);

#endif
