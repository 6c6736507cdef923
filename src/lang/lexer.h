/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lexer of sonde's tracing language.  It hands out one token at a
 * time; the parser says which of two modes to read the next one in:
 *
 * LANG_LEX_ATTACH	where a probe starts: one attach point as a whole,
 *			"uprobe:/bin/bash:readline", up to white space, ',',
 *			'{' or the end (paths hold '/', so a predicate must
 *			be set apart by a space, as in bpftrace); or a piece
 *			of C as bpftrace scripts carry before their probes:
 *			a '#' line, or a struct, union, enum or typedef
 *			definition up to its ';'.
 * LANG_LEX_CODE	everything else: names, numbers, strings, operators.
 *
 * Tokens point into the source (no copies); a string token's text is
 * still escaped: lang_lexer__unescape() decodes it.  White space and
 * comments (// and C-style) are skipped in both modes.
 */
#ifndef SONDE_LANG_LEXER_H
#define SONDE_LANG_LEXER_H

#include "lang/diag.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum lang_tok_kind {
	LANG_TOK_EOF,
	LANG_TOK_ERROR,	     /* the diagnostic is set */
	LANG_TOK_ATTACH,     /* an attach point (LANG_LEX_ATTACH only) */
	LANG_TOK_CDEF,	     /* C before the probes (LANG_LEX_ATTACH only) */
	LANG_TOK_IDENT,	     /* pid, printf, uint32 */
	LANG_TOK_VAR,	     /* $name: text includes the '$' */
	LANG_TOK_POSITIONAL, /* $1: num; $#: num 0 */
	LANG_TOK_MAP,	     /* @name or @: text includes the '@' */
	LANG_TOK_INT,	     /* num */
	LANG_TOK_STRING,     /* text includes the quotes */
	/* keywords */
	LANG_TOK_IF,
	LANG_TOK_ELSE,
	LANG_TOK_UNROLL,
	LANG_TOK_WHILE,
	LANG_TOK_RETURN,
	LANG_TOK_BREAK,
	LANG_TOK_CONTINUE,
	LANG_TOK_STRUCT,
	LANG_TOK_UNION,
	LANG_TOK_ENUM,
	/* punctuation */
	LANG_TOK_LBRACE,     /* { */
	LANG_TOK_RBRACE,     /* } */
	LANG_TOK_LPAREN,     /* ( */
	LANG_TOK_RPAREN,     /* ) */
	LANG_TOK_LBRACKET,   /* [ */
	LANG_TOK_RBRACKET,   /* ] */
	LANG_TOK_COMMA,	     /* , */
	LANG_TOK_SEMI,	     /* ; */
	LANG_TOK_COLON,	     /* : */
	LANG_TOK_QUESTION,   /* ? */
	LANG_TOK_DOT,	     /* . */
	LANG_TOK_ARROW,	     /* -> */
	LANG_TOK_PLUS,	     /* + */
	LANG_TOK_MINUS,	     /* - */
	LANG_TOK_STAR,	     /* * */
	LANG_TOK_SLASH,	     /* / (see pred_end) */
	LANG_TOK_PERCENT,    /* % */
	LANG_TOK_SHL,	     /* << */
	LANG_TOK_SHR,	     /* >> */
	LANG_TOK_LT,	     /* < */
	LANG_TOK_LE,	     /* <= */
	LANG_TOK_GT,	     /* > */
	LANG_TOK_GE,	     /* >= */
	LANG_TOK_EQ,	     /* == */
	LANG_TOK_NE,	     /* != */
	LANG_TOK_AMP,	     /* & */
	LANG_TOK_CARET,	     /* ^ */
	LANG_TOK_PIPE,	     /* | */
	LANG_TOK_AND,	     /* && */
	LANG_TOK_OR,	     /* || */
	LANG_TOK_NOT,	     /* ! */
	LANG_TOK_TILDE,	     /* ~ */
	LANG_TOK_ASSIGN,     /* = */
	LANG_TOK_ADD_ASSIGN, /* += */
	LANG_TOK_SUB_ASSIGN, /* -= */
	LANG_TOK_MUL_ASSIGN, /* *= */
	LANG_TOK_DIV_ASSIGN, /* /= */
	LANG_TOK_MOD_ASSIGN, /* %= */
	LANG_TOK_SHL_ASSIGN, /* <<= */
	LANG_TOK_SHR_ASSIGN, /* >>= */
	LANG_TOK_AND_ASSIGN, /* &= */
	LANG_TOK_XOR_ASSIGN, /* ^= */
	LANG_TOK_OR_ASSIGN,  /* |= */
	LANG_TOK_INC,	     /* ++ */
	LANG_TOK_DEC,	     /* -- */
};

enum lang_lex_mode {
	LANG_LEX_CODE,
	LANG_LEX_ATTACH,
};

struct lang_token {
	enum lang_tok_kind kind;
	const char *text; /* into the source */
	size_t len;
	struct lang_loc loc; /* a CDEF may span lines */
	uint64_t num;	     /* INT, POSITIONAL */
	/*
	 * SLASH only: the next thing after it is '{' or the end, so it
	 * closes a predicate ("/pid == 1/ {") rather than dividing.
	 */
	bool pred_end;
};

struct lang_lexer {
	const char *src;
	size_t len;
	size_t pos;	   /* next byte to read */
	unsigned int line; /* of pos, from 1 */
	size_t line_start; /* offset of the line's first byte */
	const char *file;  /* for diagnostics; NULL: "stdin" */
	struct lang_diag *diag;
	/* end of the last token, where "unexpected end of file" points */
	struct lang_loc last_end;
};

void lang_lexer__init(struct lang_lexer *lx, const char *src, size_t len,
		      const char *file, struct lang_diag *diag);

/*
 * Reads the next token in mode.  On a lexical error the token is
 * LANG_TOK_ERROR and the diagnostic is set; on the end, LANG_TOK_EOF
 * (again and again).
 */
void lang_lexer__next(struct lang_lexer *lx, struct lang_token *tok,
		      enum lang_lex_mode mode);

/*
 * Decodes the body of a string token (escapes already checked by the
 * lexer) into a new NUL-terminated buffer.  Returns 0 or -ENOMEM.
 */
int lang_lexer__unescape(const struct lang_token *tok, char **out,
			 size_t *out_len);

/*
 * How a token reads in a message, into buf: "end of file", "'{'",
 * "'printf'", "string \"abc\"" (long texts cut with "...").
 */
const char *lang_token__describe(const struct lang_token *tok, char *buf,
				 size_t size);

#endif
