/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syntax tree of sonde's tracing language (bpftrace's syntax), as the
 * parser (lang/parser.h) builds it and later passes (types, IR) read it.
 *
 * A program is a list of probes, after any C preamble (kept as text); a
 * probe has one or more attach points, an optional predicate and a body;
 * a body is a block of statements; statements hold expressions.  Every
 * node carries its source span (struct lang_loc) for diagnostics.
 *
 * Ownership: the program owns every node, string and array below it;
 * lang_program__free() releases all of it.  Lists are counted arrays of
 * pointers (items[0..nr)).  Strings are NUL-terminated heap copies.
 *
 * Side tables: each expression has a dense id, 0 to nr_exprs - 1, so a
 * later pass can keep its own per-expression data (types, registers) in
 * an array indexed by id instead of writing into the tree.
 *
 * The parser keeps the tree as written: no folding of constants, no
 * checks of names, arities or types ("pid", "printf", "foo" are all just
 * names here; the type checker decides what they mean).
 */
#ifndef SONDE_LANG_AST_H
#define SONDE_LANG_AST_H

#include "lang/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf;

/* Probe types, with their short aliases. */
enum lang_probe_type {
	LANG_PROBE_BEGIN,	  /* BEGIN */
	LANG_PROBE_END,		  /* END */
	LANG_PROBE_KPROBE,	  /* kprobe:[MODULE:]FUNC[+OFFSET], k: */
	LANG_PROBE_KRETPROBE,	  /* kretprobe:[MODULE:]FUNC, kr: */
	LANG_PROBE_UPROBE,	  /* uprobe:PATH:FUNC[+OFFSET], u: */
	LANG_PROBE_URETPROBE,	  /* uretprobe:PATH:FUNC, ur: */
	LANG_PROBE_USDT,	  /* usdt:PATH:[PROVIDER:]NAME, U: */
	LANG_PROBE_TRACEPOINT,	  /* tracepoint:CATEGORY:NAME, t: */
	LANG_PROBE_RAWTRACEPOINT, /* rawtracepoint:NAME, rt: */
	LANG_PROBE_PROFILE,	  /* profile:UNIT:N, p: (hz, s, ms, us) */
	LANG_PROBE_INTERVAL,	  /* interval:UNIT:N, i: (hz, s, ms, us) */
	LANG_PROBE_SOFTWARE,	  /* software:EVENT[:COUNT], s: */
	LANG_PROBE_HARDWARE,	  /* hardware:EVENT[:COUNT], h: */
	LANG_PROBE_FENTRY,	  /* fentry:[MODULE:]FUNC, f:, kfunc: */
	LANG_PROBE_FEXIT,	  /* fexit:[MODULE:]FUNC, fr:, kretfunc: */
	LANG_PROBE__COUNT,
};

/* The unit of a profile or interval probe's rate. */
enum lang_time_unit {
	LANG_UNIT_NONE,
	LANG_UNIT_HZ, /* N per second (per CPU for profile) */
	LANG_UNIT_S,
	LANG_UNIT_MS,
	LANG_UNIT_US,
};

/*
 * One attach point, split into its parts.  Which parts are set depends
 * on the type; unused strings are NULL and unused numbers 0:
 *
 *	type			target		category	name
 *	BEGIN, END		-		-		-
 *	kprobe, kretprobe,	module or NULL	-		function
 *	  fentry, fexit
 *	uprobe, uretprobe	path/library	-		function
 *	usdt			path/library	provider/NULL	probe name
 *	tracepoint		-		category	event
 *	rawtracepoint		-		-		event
 *	software, hardware	-		-		event
 *	profile, interval	-		-		-
 *
 * offset (has_offset): kprobe and uprobe "FUNC+OFFSET".  A uprobe's name
 * may be an address as written ("0x4a2f0"): telling it from a symbol is
 * left to the later passes.
 * unit, count (has_count): profile/interval rate; software/hardware
 * sample period when given.  Quotes around a part ("/my path":f) are
 * removed from the part and kept in raw.  Positional parameters stay as
 * written ("uprobe:$1:main" has target "$1"), for the caller to expand.
 */
struct lang_attach {
	enum lang_probe_type type;
	char *raw; /* as written: "t:syscalls:sys_enter_*" */
	char *target;
	char *category;
	char *name;
	uint64_t offset;
	bool has_offset;
	enum lang_time_unit unit;
	uint64_t count;
	bool has_count;
	bool wildcard; /* a part holds a glob: '*', '?' or '[' */
	struct lang_loc loc;
};

/*
 * Operators, unary and binary in one enum.  LANG_OP_NONE is a plain '='
 * in an assignment.
 */
enum lang_op {
	LANG_OP_NONE,
	/* binary, in C's meaning and precedence */
	LANG_OP_MUL,  /* * */
	LANG_OP_DIV,  /* / */
	LANG_OP_MOD,  /* % */
	LANG_OP_ADD,  /* + */
	LANG_OP_SUB,  /* - */
	LANG_OP_SHL,  /* << */
	LANG_OP_SHR,  /* >> */
	LANG_OP_LT,   /* < */
	LANG_OP_LE,   /* <= */
	LANG_OP_GT,   /* > */
	LANG_OP_GE,   /* >= */
	LANG_OP_EQ,   /* == */
	LANG_OP_NE,   /* != */
	LANG_OP_BAND, /* & */
	LANG_OP_BXOR, /* ^ */
	LANG_OP_BOR,  /* | */
	LANG_OP_LAND, /* && */
	LANG_OP_LOR,  /* || */
	/* unary */
	LANG_OP_NOT,   /* ! */
	LANG_OP_BNOT,  /* ~ */
	LANG_OP_NEG,   /* - */
	LANG_OP_DEREF, /* * */
	/* increment and decrement (LANG_EXPR_INCDEC) */
	LANG_OP_PRE_INC,  /* ++x */
	LANG_OP_PRE_DEC,  /* --x */
	LANG_OP_POST_INC, /* x++ */
	LANG_OP_POST_DEC, /* x-- */
};

enum lang_expr_kind {
	LANG_EXPR_INT,	      /* integer: 42, 0x2a, 052, 1_000, 1e6 */
	LANG_EXPR_STR,	      /* string literal, escapes decoded: str */
	LANG_EXPR_BUILTIN,    /* a bare name: pid, comm, args, arg0: name */
	LANG_EXPR_VAR,	      /* scratch variable $name: name (without '$') */
	LANG_EXPR_POSITIONAL, /* positional parameter $N: integer = N >= 1 */
	LANG_EXPR_POSITIONAL_COUNT, /* $#, the number of positional ones */
	LANG_EXPR_MAP,		    /* @name or @name[k1, k2]: map */
	LANG_EXPR_CALL,		    /* name(args...): call */
	LANG_EXPR_UNARY,	    /* ! ~ - *: unary */
	LANG_EXPR_INCDEC,	    /* ++/-- on a VAR or a MAP: unary */
	LANG_EXPR_BINARY,	    /* binary */
	LANG_EXPR_TERNARY,	    /* c ? a : b: ternary */
	LANG_EXPR_FIELD,	    /* base.name, base->name, tuple.0: field */
	LANG_EXPR_INDEX,	    /* base[index]: index */
	LANG_EXPR_CAST,		    /* (type)operand: cast */
	LANG_EXPR_TUPLE,	    /* (a, b, ...): tuple, two or more items */
	LANG_EXPR_SIZEOF,	    /* sizeof(TYPE) or sizeof(expr): size_of */
};

struct lang_expr;
struct lang_stmt;

struct lang_expr_list {
	struct lang_expr **items;
	size_t nr;
};

/*
 * A type as written in a cast or sizeof: name is "uint32", "struct
 * task_struct", "union u", "enum e" or a typedef name; ptr counts the
 * '*'s; array_len is N of "uint8[N]" (0: not an array).  A typedef name
 * alone, "(foo_t)" or "sizeof(foo_t)", cannot be told from a name in
 * parentheses: the parser reads it as the expression (a BUILTIN).
 */
struct lang_type_name {
	char *name;
	unsigned int ptr;
	uint64_t array_len;
};

struct lang_expr {
	enum lang_expr_kind kind;
	struct lang_loc loc; /* the expression, without outer '(' ')' */
	unsigned int id;     /* dense: 0 to program->nr_exprs - 1 */
	union {
		uint64_t integer; /* INT, POSITIONAL */
		struct {
			char *data; /* NUL-terminated; may hold NULs ("\0") */
			size_t len; /* bytes, without the terminating NUL */
		} str;		    /* STR */
		char *name;	    /* BUILTIN, VAR */
		struct {
			char *name; /* without '@'; "" for the map '@' */
			struct lang_expr_list keys; /* nr == 0: no [] */
		} map;				    /* MAP */
		struct {
			char *name;
			struct lang_expr_list args;
		} call; /* CALL */
		struct {
			enum lang_op op;
			struct lang_expr *operand;
		} unary; /* UNARY, INCDEC */
		struct {
			enum lang_op op;
			struct lang_expr *left;
			struct lang_expr *right;
		} binary; /* BINARY */
		struct {
			struct lang_expr *cond;
			struct lang_expr *then;
			struct lang_expr *otherwise;
		} ternary; /* TERNARY */
		struct {
			struct lang_expr *base;
			char *name; /* digits for a tuple element */
			bool arrow; /* '->' (dereference, then field) */
		} field;	    /* FIELD */
		struct {
			struct lang_expr *base;
			struct lang_expr *index;
		} index; /* INDEX */
		struct {
			struct lang_type_name type;
			struct lang_expr *operand;
		} cast;			     /* CAST */
		struct lang_expr_list tuple; /* TUPLE */
		struct {
			/* type.name NULL: the size of operand */
			struct lang_type_name type;
			/* NULL: the size of type */
			struct lang_expr *operand;
		} size_of; /* SIZEOF */
	};
};

struct lang_block {
	struct lang_stmt **items;
	size_t nr;
	struct lang_loc loc; /* from '{' to '}' */
};

enum lang_stmt_kind {
	LANG_STMT_EXPR,	  /* an expression for its effect: expr */
	LANG_STMT_ASSIGN, /* target = value, target += value: assign */
	LANG_STMT_IF,	  /* if (cond) {} [else {}]: if_stmt */
	LANG_STMT_UNROLL, /* unroll (N) {}: unroll */
	LANG_STMT_WHILE,  /* while (cond) {}: while_stmt */
	LANG_STMT_RETURN, /* return [expr]: expr, NULL when bare */
	LANG_STMT_BREAK,
	LANG_STMT_CONTINUE,
};

struct lang_stmt {
	enum lang_stmt_kind kind;
	struct lang_loc loc;
	union {
		struct lang_expr *expr; /* EXPR, RETURN */
		struct {
			/* LANG_OP_NONE for '=', else the op of "op=" */
			enum lang_op op;
			struct lang_expr *target; /* a VAR or a MAP */
			struct lang_expr *value;
		} assign; /* ASSIGN */
		struct {
			struct lang_expr *cond;
			struct lang_block then;
			/*
			 * "else if" is an else block holding one IF
			 * statement.  No else: has_else false, empty block.
			 */
			bool has_else;
			struct lang_block otherwise;
		} if_stmt; /* IF */
		struct {
			uint64_t count; /* as written; the checker bounds it */
			struct lang_loc count_loc;
			struct lang_block body;
		} unroll; /* UNROLL */
		struct {
			struct lang_expr *cond;
			struct lang_block body;
		} while_stmt; /* WHILE */
	};
};

struct lang_probe {
	struct lang_attach *attach; /* array of nr_attach, at least one */
	size_t nr_attach;
	struct lang_expr *pred; /* NULL when there is no /predicate/ */
	struct lang_block body;
	struct lang_loc loc; /* the attach points through the body */
};

/*
 * C that a script carries before its probes, as bpftrace scripts do for
 * kernels without BTF: a preprocessor line ("#include <net/sock.h>",
 * "#ifndef BPFTRACE_HAVE_BTF") or a struct, union, enum or typedef
 * definition up to its ';'.  Kept as written, comments included; what to
 * make of it is the type checker's business.
 */
struct lang_cdef {
	char *text;
	bool preprocessor; /* a '#' line */
	struct lang_loc loc;
};

struct lang_program {
	struct lang_cdef *cdefs; /* array of nr_cdefs, in source order */
	size_t nr_cdefs;
	struct lang_probe **probes;
	size_t nr_probes;
	unsigned int nr_exprs; /* expression ids run from 0 to nr_exprs - 1 */
};

/* Free a node and all below it; NULL is fine. */
void lang_program__free(struct lang_program *prog);
void lang_probe__free(struct lang_probe *probe);
void lang_stmt__free(struct lang_stmt *stmt);
void lang_expr__free(struct lang_expr *expr);
/* Free what a block or an attach point holds, not the struct itself. */
void lang_block__release(struct lang_block *block);
void lang_attach__release(struct lang_attach *ap);

/* The value of a constant expression (an integer or its negation). */
bool lang_expr__const_int(const struct lang_expr *e, int64_t *v);

/* "kprobe", "tracepoint", "BEGIN", ... the full name of a probe type. */
const char *lang_probe_type__name(enum lang_probe_type type);
/* "hz", "s", "ms", "us"; "" for LANG_UNIT_NONE. */
const char *lang_time_unit__name(enum lang_time_unit unit);
/* "+", "==", "!", "++" ...; "=" for LANG_OP_NONE. */
const char *lang_op__str(enum lang_op op);
/* "int", "string", "builtin", "map", ... as the dump names them. */
const char *lang_expr_kind__name(enum lang_expr_kind kind);

/* Dump flags. */
enum {
	LANG_DUMP_LOC = 1u << 0, /* append each node's span: " <1:5-9>" */
};

/*
 * Appends an indented tree of prog to sb, one node per line, two spaces
 * per level (sonde run --dump=ast).  The layout is stable:
 *
 *	program
 *	  cdef "#include <linux/sched.h>"
 *	  probe
 *	    attach tracepoint "t:syscalls:sys_exit_read" category=syscalls
 *name=sys_exit_read predicate field .ret builtin args body assign = map @
 *	          builtin comm
 *	        call count
 *
 * Returns 0 or -E2BIG/-ENOMEM from the buffer.
 */
int lang_ast__dump(struct strbuf *sb, const struct lang_program *prog,
		   unsigned int flags);

/* The same, for one expression or one statement at an indent level. */
int lang_ast__dump_expr(struct strbuf *sb, const struct lang_expr *expr,
			unsigned int depth, unsigned int flags);
int lang_ast__dump_stmt(struct strbuf *sb, const struct lang_stmt *stmt,
			unsigned int depth, unsigned int flags);

#endif
