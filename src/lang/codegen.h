/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside the compiler (lang/compile.h): record layouts of types, and the
 * code generator that turns one probe's checked statements into IR for
 * one of its targets.
 */
#ifndef SONDE_LANG_CODEGEN_H
#define SONDE_LANG_CODEGEN_H

#include "lang/compile.h"

/* Bytes a value of type t takes in a record (a multiple of 8). */
uint32_t lang_layout__size(const struct lang_sema *sema,
			   const struct lang_type *t);
/*
 * Appends t's parts to r at r->size (a tuple's items one by one);
 * registers the stack depths it needs in c.  0 or -E2BIG (too many parts).
 */
int lang_layout__add(struct lang_record *r, const struct lang_sema *sema,
		     const struct lang_type *t, struct lang_compiled *c);

struct lang_codegen {
	struct lang_compiled *c;
	const struct lang_program *prog;
	const struct lang_sema *sema;
	const struct lang_compile_opts *opts;
	const char *file; /* for diagnostics */
	size_t probe;	  /* index in prog->probes */
	const struct lang_target *target;
	uint32_t probe_name; /* the `probe` builtin's index for target */
};

/*
 * Generates the program of gen->probe for gen->target into f.  Sets
 * *per_target when the code depends on the target (tracepoint fields,
 * USDT arguments, `probe`): other targets then need their own program.
 * 0, -EINVAL with diag set, or -ENOMEM.
 */
int lang_codegen__probe(const struct lang_codegen *gen, struct ir_func *f,
			bool *per_target, struct lang_diag *diag);

#endif
