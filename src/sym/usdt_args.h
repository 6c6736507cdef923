/* SPDX-License-Identifier: GPL-2.0 */
/*
 * USDT argument specs, as the compiler writes them in a stapsdt note
 * ("-4@%esi 8@-16(%rbp) 4@$5" on x86_64, "-4@x1 8@[sp, 16]" on arm64):
 * where each argument lives when the probe fires, for code that reads
 * it from the saved registers.
 */
#ifndef SONDE_SYM_USDT_ARGS_H
#define SONDE_SYM_USDT_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum usdt_arg_kind {
	USDT_ARG_CONST, /* the value is `value` */
	USDT_ARG_REG,	/* the register's value */
	USDT_ARG_MEM,	/* the `size` bytes at register + value */
};

struct usdt_arg {
	enum usdt_arg_kind kind;
	unsigned int size; /* bytes: 1, 2, 4 or 8 */
	bool is_signed;
	int64_t value; /* the constant, or the memory offset */
	/* The register's offset in the probe's struct pt_regs. */
	unsigned int reg_offset;
	char reg[8]; /* its name, as written ("esi", "x1") */
};

#define USDT_MAX_ARGS 12

/*
 * The offset in the probe's struct pt_regs of a register named as the
 * assembler names it ("rdi", "esi", "x1", "sp", "pc"); 0 or -EINVAL.
 */
int usdt_args__reg_offset(const char *name, unsigned int *offset);

/*
 * Parses spec into args (at most USDT_MAX_ARGS).  -EINVAL, with
 * *bad_at set to the offending argument's index, for forms a probe
 * cannot read (RIP-relative globals, scaled indexes, unknown registers).
 */
int usdt_args__parse(const char *spec, struct usdt_arg *args, size_t *nr,
		     size_t *bad_at);

#endif
