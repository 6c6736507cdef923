/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The type checker of sonde's tracing language (bpftrace's semantics):
 * reads a parsed program (lang/ast.h), never changes it, and gives
 *
 *	- the type of every expression, in a side table indexed by the
 *	  expression's id (lang_sema__type());
 *	- every map with its key types and its value type (plain value or
 *	  aggregation), merged over all uses (lang_sema__map());
 *	- every scratch variable of every probe with its type.
 *
 * or the first error, with the offending expression's location, in a
 * struct lang_diag.
 *
 * What the checker cannot know by itself comes from an environment:
 * tracepoint formats (fields, C types, sizes), the argument count of
 * USDT probes, the positional parameters.  Unit tests give fake ones;
 * lang_sema_env__init_system() reads tracefs and ELF notes.
 *
 * Whether the kernel offers a probe type (kprobe, fentry, hardware) is
 * left to the attach stage: the checker accepts every probe type.
 */
#ifndef SONDE_LANG_SEMA_H
#define SONDE_LANG_SEMA_H

#include "lang/ast.h"
#include "lang/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;
struct tracefs_format;

/* bpftrace's default maximum string length (BPFTRACE_MAX_STRLEN). */
#define LANG_STR_MAX_DEFAULT 64
/* comm: the kernel's TASK_COMM_LEN. */
#define LANG_COMM_LEN 16
/* The default depth of kstack and ustack. */
#define LANG_STACK_DEPTH_DEFAULT 127
#define LANG_STACK_DEPTH_MAX 1024
/* unroll (N): 1 to this. */
#define LANG_UNROLL_MAX 100
/* Keys of one map, items of one tuple. */
#define LANG_SEMA_MAX_KEYS 16
/* Tracepoints one probe's args may stand for (wildcards expanded). */
#define LANG_SEMA_MAX_TRACEPOINTS 1024

enum lang_type_kind {
	LANG_TYPE_NONE,	    /* no value: printf(), exit(), ... */
	LANG_TYPE_INT,	    /* size 1, 2, 4, 8; is_signed */
	LANG_TYPE_STR,	    /* NUL-padded string of at most size bytes */
	LANG_TYPE_BUF,	    /* buf(p, n): size bytes of raw data */
	LANG_TYPE_PTR,	    /* pointee (C type text), user or kernel */
	LANG_TYPE_ARRAY,    /* a tracepoint array field: nr of elem_size */
	LANG_TYPE_CTX,	    /* args: the tracepoint's record */
	LANG_TYPE_KSTACK,   /* depth frames */
	LANG_TYPE_USTACK,   /* depth frames */
	LANG_TYPE_KSYM,	    /* ksym(addr), func in kernel probes */
	LANG_TYPE_USYM,	    /* usym(addr), func in user probes */
	LANG_TYPE_USERNAME, /* username */
	LANG_TYPE_PROBE,    /* probe: the attach point's name */
	LANG_TYPE_TUPLE,    /* (a, b, ...): items are tuple->tuple */
	LANG_TYPE_INET,	    /* ntop(): an address family and its bytes */
	LANG_TYPE_RECORD,   /* a struct or union in kernel memory (pointee:
			       "struct sock"): its members are read with '.' */
	LANG_TYPE_AGG,	    /* a map's value: count(), hist(), ... */
};

enum lang_agg {
	LANG_AGG_NONE,
	LANG_AGG_COUNT,
	LANG_AGG_SUM,
	LANG_AGG_MIN,
	LANG_AGG_MAX,
	LANG_AGG_AVG,
	LANG_AGG_STATS,
	LANG_AGG_HIST,
	LANG_AGG_LHIST,
};

/* How a stack prints: kstack(perf), ustack(raw, 8). */
enum lang_stack_mode {
	LANG_STACK_BPFTRACE,
	LANG_STACK_PERF,
	LANG_STACK_RAW,
};

/*
 * A type.  Plain data: copies need no release (a tuple's expression
 * points into the checked program).
 */
struct lang_type {
	enum lang_type_kind kind;
	unsigned int size;  /* INT, STR, BUF: bytes; ARRAY: element size */
	bool is_signed;	    /* INT, ARRAY elements */
	bool user; /* PTR, RECORD: in user memory (syscall args, uprobes) */
	bool data_loc;	    /* STR: a tracepoint's __data_loc field */
	bool literal;	    /* STR: a literal (or a string positional) */
	unsigned int depth; /* KSTACK, USTACK */
	enum lang_stack_mode stack_mode; /* KSTACK, USTACK */
	unsigned int nr;		 /* ARRAY: elements; TUPLE: items */
	enum lang_agg agg;		 /* AGG */
	/* AGG LHIST: the constant bounds */
	int64_t lhist_min, lhist_max, lhist_step;
	char pointee[96]; /* PTR: "const char" */
	/*
	 * RECORD, and PTR to one: the kernel BTF id of the struct or union
	 * (unnamed ones have no other name); 0: known by pointee alone.
	 */
	uint32_t btf_id;
	/* A p->m or r.m expression: m's offset in bytes in its struct. */
	uint32_t member_offset;
	/*
	 * TUPLE: the tuple expression; item i has the type of
	 * tuple->tuple.items[i] in the side table.
	 */
	const struct lang_expr *tuple;
};

/* A map, merged over all its uses. */
struct lang_sema_map {
	const char *name; /* without '@'; "" for '@' */
	size_t nr_keys;
	struct lang_type keys[LANG_SEMA_MAX_KEYS];
	bool has_value; /* false: only read, deleted, printed */
	struct lang_type value;
	struct lang_loc loc; /* its first use */
};

/*
 * A scratch variable; each probe has its own.  type is the one after
 * all assignments (a string grows to the longest assigned); each read
 * of it has the type it had at that point in the side table.
 */
struct lang_sema_var {
	size_t probe;	  /* index in prog->probes */
	const char *name; /* without '$' */
	struct lang_type type;
	struct lang_loc loc; /* its first assignment */
};

/*
 * What the checker asks about the world.  Every callback may be NULL:
 * then args fields are unknown (an error), USDT argument counts are not
 * checked, positional parameters are integers.
 */
struct lang_sema_env {
	/* Fills fmt for tracepoint category:name; 0 or -errno. */
	int (*tracepoint_format)(void *ctx, const char *category,
				 const char *name, struct tracefs_format *fmt);
	/*
	 * Calls cb for each tracepoint whose category and name match the
	 * globs (for args in "t:syscalls:sys_enter_exec*"); stops at and
	 * returns cb's first non-zero value; 0 or -errno.
	 */
	int (*tracepoint_glob)(void *ctx, const char *category,
			       const char *name,
			       int (*cb)(void *arg, const char *category,
					 const char *name),
			       void *arg);
	/*
	 * A member of a kernel struct or union ("struct sock", or the BTF id
	 * when not 0; "__sk_common"):
	 * its type and offset in bytes; 0, -ENOENT (no such type), -ESRCH
	 * (no such member), -EOPNOTSUPP (unreadable), -ENODATA (no BTF).
	 */
	int (*record_member)(void *ctx, const char *record, uint32_t btf_id,
			     const char *member, struct lang_type *type,
			     uint32_t *offset);
	/* The value of an enum constant of the kernel's; 0 or -errno. */
	int (*enum_value)(void *ctx, const char *name, int64_t *value);
	/*
	 * Where the preamble's #include <...> are looked for (NULL-ended;
	 * NULL: not read), and whether BPFTRACE_HAVE_BTF is defined.
	 */
	const char *const *include_dirs;
	bool have_btf;
	/* Sets *nr to the argument count of a USDT probe; 0 or -errno. */
	int (*usdt_nr_args)(void *ctx, const char *path, const char *provider,
			    const char *name, unsigned int *nr);
	void *ctx;
	/* The script's name in diagnostics; NULL: keep diag->file. */
	const char *filename;
	/* The maximum string length; 0: LANG_STR_MAX_DEFAULT. */
	unsigned int str_max;
	/* $1..$nr_positional; a number is an integer, else a string. */
	const char *const *positional;
	size_t nr_positional;
};

/* The environment of the running system: tracefs, ELF notes. */
void lang_sema_env__init_system(struct lang_sema_env *env);

struct lang_sema;

/*
 * Checks prog.  Returns 0 with *out set (free it with lang_sema__free();
 * it points into prog, which must outlive it), -EINVAL with diag set,
 * or -ENOMEM.  env may be NULL (no formats, no USDT).  *out is NULL on
 * failure.
 */
int lang_sema__check(const struct lang_program *prog,
		     const struct lang_sema_env *env, struct lang_sema **out,
		     struct lang_diag *diag);
void lang_sema__free(struct lang_sema *sema);

/* The type of expression id; NULL when id is out of range. */
const struct lang_type *lang_sema__type(const struct lang_sema *sema,
					unsigned int id);
static inline const struct lang_type *
lang_sema__expr_type(const struct lang_sema *sema, const struct lang_expr *e)
{
	return lang_sema__type(sema, e->id);
}

size_t lang_sema__nr_maps(const struct lang_sema *sema);
const struct lang_sema_map *lang_sema__map(const struct lang_sema *sema,
					   size_t i);
/* The map named name (without '@'), or NULL. */
const struct lang_sema_map *lang_sema__find_map(const struct lang_sema *sema,
						const char *name);
/* The integer macro name stands for (lang/macros.h); 0 or -errno. */
int lang_sema__macro(const struct lang_sema *sema, const char *name,
		     int64_t *value);
size_t lang_sema__nr_vars(const struct lang_sema *sema);
const struct lang_sema_var *lang_sema__var(const struct lang_sema *sema,
					   size_t i);

/*
 * The type's name as the dump shows it: "int64", "uint32", "string[16]",
 * "ptr(const char, user)", "kstack(127)", "count", "lhist(0,100,10)".
 * Writes at most len bytes, NUL-terminated; returns buf.
 */
char *lang_type__name(const struct lang_type *type, char *buf, size_t len);
/* As messages say it: "a 64-bit integer", "a string", "a pointer". */
char *lang_type__describe(const struct lang_type *type, char *buf, size_t len);
/* An integer type by its name ("uint32", "u8", "pid_t"): true, t set. */
bool lang_type__int_by_name(const char *name, struct lang_type *t);
/* "count", "sum", ... "lhist". */
const char *lang_agg__name(enum lang_agg agg);

/*
 * Appends the types (sonde run --dump=types): each expression a line,
 * "LINE:COL KIND [DETAIL]: TYPE", in source order (a node before its
 * operands), then the maps, then the variables.  For
 * "tracepoint:raw_syscalls:sys_enter { @[comm] = count(); $x = 1; }":
 *
 *	types
 *	  1:37 map @: count
 *	  1:39 builtin comm: string[16]
 *	  1:47 call count: count
 *	  1:56 var $x: int64
 *	  1:61 int 1: int64
 *	maps
 *	  @[string[16]]: count
 *	vars
 *	  probe 0 $x: int64
 *
 * Returns 0 or -E2BIG/-ENOMEM from the buffer.
 */
int lang_sema__dump(struct strbuf *sb, const struct lang_program *prog,
		    const struct lang_sema *sema);

#endif
