/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The symbolizer's in-memory symbol table: names stored once in a pool,
 * start addresses in their own sorted array so a lookup's binary search
 * touches 8 bytes per step, and the rest of each entry beside it.
 *
 * Built in two phases: symtab__add() collects candidates in any order,
 * symtab__finish() sorts them, keeps one name per address (perf's choice
 * among aliases) and gives each symbol its end (perf's rule for symbols
 * without a size).  Lookups come after, and allocate only when a
 * mangled name is first asked for in demangled form.
 *
 * Internal to src/sym/; the public interface is sym/symbolizer.h.
 */
#ifndef SONDE_SYM_SYMTAB_H
#define SONDE_SYM_SYMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How a candidate ranks among aliases at one address. */
enum symtab_bind {
	SYMTAB_LOCAL,
	SYMTAB_GLOBAL,
	SYMTAB_WEAK,
};

enum symtab_kind {
	SYMTAB_FUNC,  /* STT_FUNC, STT_GNU_IFUNC, kallsyms text, JIT code */
	SYMTAB_LABEL, /* STT_NOTYPE in code: assembly entry points */
};

/* How symbols without a size end (perf's symbols__fixup_end). */
enum symtab_flavour {
	SYMTAB_ELF,	 /* at the next symbol */
	SYMTAB_KALLSYMS, /* the same, but never across a module boundary */
	SYMTAB_SPANS,	 /* every entry is sized: perf maps */
};

struct symtab_ent {
	uint64_t end;  /* exclusive */
	uint32_t name; /* offset in the pool */
	uint32_t mod;  /* kallsyms: offset of "[module]" + 1; 0: none */
};

/* Perf maps: the whole entry a (possibly overwritten) piece belongs to. */
struct symtab_span {
	uint64_t start;
	uint64_t size;
};

struct symtab_cand;

struct symtab {
	/* Final table, valid after symtab__finish(). */
	uint64_t *starts; /* sorted, distinct */
	struct symtab_ent *ents;
	struct symtab_span *spans; /* SYMTAB_SPANS only */
	size_t nr;
	char **demangled; /* per entry, made on first use */

	char *pool;
	size_t pool_len, pool_cap;

	/* Candidates, freed by symtab__finish(). */
	struct symtab_cand *cands;
	size_t nr_cands, cap_cands;
	enum symtab_flavour flavour;
};

void symtab__init(struct symtab *t, enum symtab_flavour flavour);
void symtab__release(struct symtab *t);

/*
 * Copies len bytes of s (not necessarily NUL-terminated) into the pool.
 * Returns 0 and the offset in *off, or -ENOMEM / -E2BIG past 4 GiB.
 */
int symtab__intern(struct symtab *t, const char *s, size_t len, uint32_t *off);

/* Adds a candidate whose name is already interned at name. */
int symtab__add(struct symtab *t, uint64_t start, uint64_t size, uint32_t name,
		uint32_t mod, enum symtab_bind bind, enum symtab_kind kind);

/* Adds a candidate, interning name[0..len). */
int symtab__add_name(struct symtab *t, uint64_t start, uint64_t size,
		     const char *name, size_t len, enum symtab_bind bind,
		     enum symtab_kind kind);

/* Sorts, resolves aliases and sizes; 0 or -ENOMEM. */
int symtab__finish(struct symtab *t);

/*
 * SYMTAB_SPANS: allocates the final arrays for up to n entries, which
 * the caller fills in address order, disjoint, setting t->nr.  For
 * tables whose pieces it has already resolved (perf maps).
 */
int symtab__reserve_spans(struct symtab *t, size_t n);

/* Index of the symbol holding addr, or -1. */
long symtab__find(const struct symtab *t, uint64_t addr);

/* The raw name of entry i, as the object spells it. */
static inline const char *symtab__raw_name(const struct symtab *t, size_t i)
{
	return t->pool + t->ents[i].name;
}

/*
 * The demangled name of entry i, made once and kept; the raw name when
 * it is not mangled or cannot be demangled (or memory ran out).
 */
const char *symtab__name(struct symtab *t, size_t i);

/* "[module]" of a kallsyms entry, or NULL for the kernel proper. */
static inline const char *symtab__module(const struct symtab *t, size_t i)
{
	return t->ents[i].mod ? t->pool + t->ents[i].mod - 1 : NULL;
}

#endif
