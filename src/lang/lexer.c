// SPDX-License-Identifier: GPL-2.0
#include "lang/lexer.h"
#include "util/strutil.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lang_lexer__init(struct lang_lexer *lx, const char *src, size_t len,
		      const char *file, struct lang_diag *diag)
{
	memset(lx, 0, sizeof(*lx));
	lx->src = src;
	lx->len = len;
	lx->line = 1;
	lx->file = file;
	lx->diag = diag;
	lx->last_end = (struct lang_loc){1, 1, 1, 2};
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_alpha(c) || is_digit(c);
}

/* Characters of an attach point besides letters and digits. */
static bool is_attach_char(char c)
{
	return is_alnum(c) || (c && strchr(".-/*+:?[]#@$", c));
}

static char peek(const struct lang_lexer *lx, size_t ahead)
{
	return lx->pos + ahead < lx->len ? lx->src[lx->pos + ahead] : '\0';
}

static bool at_end(const struct lang_lexer *lx, size_t ahead)
{
	return lx->pos + ahead >= lx->len;
}

/* A newline at pos: the next line starts after it. */
static void newline_at(struct lang_lexer *lx, size_t pos)
{
	lx->line++;
	lx->line_start = pos + 1;
}

/* The span of [start, start + len) on the current line. */
static struct lang_loc span(const struct lang_lexer *lx, size_t start,
			    size_t len)
{
	unsigned int col = (unsigned int)(start - lx->line_start) + 1;

	return (struct lang_loc){lx->line, col, lx->line,
				 col + (unsigned int)(len ? len : 1)};
}

static void error_tok(struct lang_lexer *lx, struct lang_token *tok,
		      struct lang_loc loc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void error_tok(struct lang_lexer *lx, struct lang_token *tok,
		      struct lang_loc loc, const char *fmt, ...)
{
	char msg[LANG_DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lang_diag__error(lx->diag, lx->file, loc, "%s", msg);
	tok->kind = LANG_TOK_ERROR;
	tok->loc = loc;
}

/* A character for a message: 'x', or its code when it does not print. */
static const char *char_name(char c, char *buf, size_t size)
{
	unsigned char u = (unsigned char)c;

	if (u > ' ' && u < 0x7f && u != '\'')
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "0x%02x", u);
	return buf;
}

/*
 * Skips white space and comments.  Returns false on an unterminated
 * comment (the token is then an error).
 */
static bool skip_space(struct lang_lexer *lx, struct lang_token *tok)
{
	/* "#!/usr/bin/env bpftrace" on the first line */
	if (lx->pos == 0 && peek(lx, 0) == '#' && peek(lx, 1) == '!')
		while (!at_end(lx, 0) && peek(lx, 0) != '\n')
			lx->pos++;
	while (!at_end(lx, 0)) {
		char c = peek(lx, 0);

		if (c == '\n') {
			newline_at(lx, lx->pos);
			lx->pos++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
			   c == '\v') {
			lx->pos++;
		} else if (c == '/' && peek(lx, 1) == '/') {
			while (!at_end(lx, 0) && peek(lx, 0) != '\n')
				lx->pos++;
		} else if (c == '/' && peek(lx, 1) == '*') {
			struct lang_loc open = span(lx, lx->pos, 2);

			lx->pos += 2;
			for (;;) {
				if (at_end(lx, 0)) {
					error_tok(lx, tok, open,
						  "unterminated comment: '/*' "
						  "without '*/'");
					return false;
				}
				if (peek(lx, 0) == '*' && peek(lx, 1) == '/') {
					lx->pos += 2;
					break;
				}
				if (peek(lx, 0) == '\n')
					newline_at(lx, lx->pos);
				lx->pos++;
			}
		} else {
			break;
		}
	}
	return true;
}

/*
 * True when, past white space and comments, the source ends or goes on
 * with '{': the '/' just read closes a predicate.  Reads ahead only.
 */
static bool closes_predicate(const struct lang_lexer *lx)
{
	size_t pos = lx->pos;

	while (pos < lx->len) {
		char c = lx->src[pos];

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v') {
			pos++;
		} else if (c == '/' && pos + 1 < lx->len &&
			   lx->src[pos + 1] == '/') {
			while (pos < lx->len && lx->src[pos] != '\n')
				pos++;
		} else if (c == '/' && pos + 1 < lx->len &&
			   lx->src[pos + 1] == '*') {
			const char *end = memmem(lx->src + pos + 2,
						 lx->len - pos - 2, "*/", 2);

			if (!end)
				return false;
			pos = (size_t)(end - lx->src) + 2;
		} else {
			return c == '{';
		}
	}
	return true;
}

/*
 * Reads one escape after a backslash at s[*i] (the character after the
 * backslash).  Stores the byte in *out and moves *i past the escape.
 * Returns 0, -EINVAL (unknown escape) or -ERANGE (octal over 0377).
 */
static int read_escape(const char *s, size_t len, size_t *i, unsigned char *out)
{
	unsigned int v = 0, n;
	char c = s[*i];

	switch (c) {
	case 'n':
		*out = '\n';
		break;
	case 't':
		*out = '\t';
		break;
	case 'r':
		*out = '\r';
		break;
	case 'a':
		*out = '\a';
		break;
	case 'b':
		*out = '\b';
		break;
	case 'f':
		*out = '\f';
		break;
	case 'v':
		*out = '\v';
		break;
	case 'e':
		*out = 0x1b;
		break;
	case '\\':
	case '"':
	case '\'':
	case '?':
		*out = (unsigned char)c;
		break;
	case 'x':
		for (n = 0; n < 2 && *i + 1 + n < len &&
			    str_hex_digit(s[*i + 1 + n]) >= 0;
		     n++)
			v = v * 16 + (unsigned int)str_hex_digit(s[*i + 1 + n]);
		if (!n)
			return -EINVAL;
		*i += n;
		*out = (unsigned char)v;
		break;
	default:
		if (c < '0' || c > '7')
			return -EINVAL;
		for (n = 0; n < 3 && *i + n < len && s[*i + n] >= '0' &&
			    s[*i + n] <= '7';
		     n++)
			v = v * 8 + (unsigned int)(s[*i + n] - '0');
		*i += n - 1;
		if (v > 0xff)
			return -ERANGE;
		*out = (unsigned char)v;
		break;
	}
	(*i)++;
	return 0;
}

static void lex_string(struct lang_lexer *lx, struct lang_token *tok)
{
	size_t start = lx->pos, i = lx->pos + 1;

	for (;;) {
		unsigned char byte;
		size_t esc;
		int err;

		if (i >= lx->len || lx->src[i] == '\n') {
			size_t end = i;

			if (end > start && lx->src[end - 1] == '\r')
				end--;
			error_tok(lx, tok, span(lx, start, end - start),
				  "unterminated string");
			return;
		}
		if (lx->src[i] == '"')
			break;
		if (lx->src[i] != '\\') {
			i++;
			continue;
		}
		esc = i++;
		if (i >= lx->len || lx->src[i] == '\n')
			continue; /* reported as unterminated */
		err = read_escape(lx->src, lx->len, &i, &byte);
		if (err) {
			error_tok(
				lx, tok, span(lx, esc, i + 1 - esc),
				err == -ERANGE
					? "octal escape '%.*s' is out of range"
					: "invalid escape '%.*s' in string",
				(int)(i + 1 - esc), lx->src + esc);
			return;
		}
	}
	tok->kind = LANG_TOK_STRING;
	lx->pos = i + 1;
}

int lang_lexer__unescape(const struct lang_token *tok, char **out,
			 size_t *out_len)
{
	const char *s = tok->text + 1;
	size_t len = tok->len - 2, i = 0, n = 0;
	char *buf = malloc(len + 1);

	if (!buf)
		return -ENOMEM;
	while (i < len) {
		unsigned char byte;

		if (s[i] != '\\') {
			buf[n++] = s[i++];
			continue;
		}
		i++;
		if (i >= len || read_escape(s, len, &i, &byte)) {
			/* the lexer let it through: cannot happen */
			free(buf);
			return -EINVAL;
		}
		buf[n++] = (char)byte;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
	return 0;
}

/* v = v * base + d, or false when that overflows 64 bits. */
static bool mul_add(uint64_t *v, unsigned int base, unsigned int d)
{
	if (*v > (UINT64_MAX - d) / base)
		return false;
	*v = *v * base + d;
	return true;
}

/* The value of c as a digit in base, or -1. */
static int digit_of(char c, unsigned int base)
{
	int d = str_hex_digit(c);

	return d >= 0 && (unsigned int)d < base ? d : -1;
}

/*
 * An integer literal, as bpftrace writes them: decimal, 0x hex or 0
 * octal; '_' between two digits ("1_000"); a decimal exponent ("1e6").
 * The whole run of letters and digits must be used.
 */
static void lex_number(struct lang_lexer *lx, struct lang_token *tok)
{
	size_t start = lx->pos, end = lx->pos, i = 0, len;
	const char *s = lx->src + start;
	bool in_exp = false, too_big = false;
	const char *kind = "";
	unsigned int base = 10;
	uint64_t v = 0, exp = 0;

	while (end < lx->len && is_alnum(lx->src[end]))
		end++;
	len = end - start;
	lx->pos = end;
	if (end + 1 < lx->len && lx->src[end] == '.' &&
	    is_digit(lx->src[end + 1])) {
		size_t frac = end + 1;

		while (frac < lx->len && is_alnum(lx->src[frac]))
			frac++;
		error_tok(lx, tok, span(lx, start, frac - start),
			  "floating-point numbers are not supported: '%.*s'",
			  (int)(frac - start), s);
		return;
	}
	if (len > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
		kind = "hex ";
		if (len == 2)
			goto invalid;
	} else if (len > 1 && s[0] == '0' && is_digit(s[1])) {
		base = 8;
		i = 1;
		kind = "octal ";
	}
	for (; i < len; i++) {
		int d = digit_of(s[i], base);

		if (s[i] == '_') {
			if (i + 1 >= len || digit_of(s[i - 1], base) < 0 ||
			    digit_of(s[i + 1], base) < 0)
				goto invalid;
		} else if (base == 10 && !in_exp &&
			   (s[i] == 'e' || s[i] == 'E') && i + 1 < len &&
			   is_digit(s[i + 1])) {
			in_exp = true;
		} else if (d < 0) {
			goto invalid;
		} else if (in_exp) {
			if (exp < 100)
				exp = exp * 10 + (uint64_t)d;
		} else if (!mul_add(&v, base, (unsigned int)d)) {
			too_big = true;
		}
	}
	for (; exp && !too_big && v; exp--)
		too_big = !mul_add(&v, 10, 0);
	if (too_big) {
		error_tok(lx, tok, span(lx, start, len),
			  "number '%.*s' does not fit in 64 bits", (int)len, s);
		return;
	}
	tok->kind = LANG_TOK_INT;
	tok->num = v;
	return;
invalid:
	error_tok(lx, tok, span(lx, start, len), "invalid %snumber '%.*s'",
		  kind, (int)len, s);
}

static const struct {
	const char *word;
	enum lang_tok_kind kind;
} keywords[] = {
	{"if", LANG_TOK_IF},
	{"else", LANG_TOK_ELSE},
	{"unroll", LANG_TOK_UNROLL},
	{"while", LANG_TOK_WHILE},
	{"return", LANG_TOK_RETURN},
	{"break", LANG_TOK_BREAK},
	{"continue", LANG_TOK_CONTINUE},
	{"struct", LANG_TOK_STRUCT},
	{"union", LANG_TOK_UNION},
	{"enum", LANG_TOK_ENUM},
};

static void lex_word(struct lang_lexer *lx, struct lang_token *tok)
{
	size_t start = lx->pos, i;

	while (!at_end(lx, 0) && is_alnum(peek(lx, 0)))
		lx->pos++;
	tok->kind = LANG_TOK_IDENT;
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++) {
		if (strlen(keywords[i].word) == lx->pos - start &&
		    !memcmp(keywords[i].word, lx->src + start,
			    lx->pos - start)) {
			tok->kind = keywords[i].kind;
			break;
		}
	}
}

/* $name, $N or $#. */
static void lex_dollar(struct lang_lexer *lx, struct lang_token *tok)
{
	size_t start = lx->pos;
	bool valid = true;
	uint64_t v = 0;

	lx->pos++;
	if (is_alpha(peek(lx, 0))) {
		while (!at_end(lx, 0) && is_alnum(peek(lx, 0)))
			lx->pos++;
		tok->kind = LANG_TOK_VAR;
		return;
	}
	if (peek(lx, 0) == '#') {
		lx->pos++;
		tok->kind = LANG_TOK_POSITIONAL;
		tok->num = 0;
		return;
	}
	if (!is_digit(peek(lx, 0))) {
		error_tok(lx, tok, span(lx, start, 1),
			  "expected a variable name after '$'");
		return;
	}
	while (!at_end(lx, 0) && is_alnum(peek(lx, 0))) {
		char c = peek(lx, 0);

		lx->pos++;
		if (!is_digit(c) || v > 999999)
			valid = false;
		else
			v = v * 10 + (uint64_t)(c - '0');
	}
	if (!valid || !v) {
		error_tok(lx, tok, span(lx, start, lx->pos - start),
			  "invalid positional parameter '%.*s'",
			  (int)(lx->pos - start), lx->src + start);
		return;
	}
	tok->kind = LANG_TOK_POSITIONAL;
	tok->num = v;
}

/* @name, or @ alone. */
static void lex_map(struct lang_lexer *lx, struct lang_token *tok)
{
	size_t start = lx->pos;

	lx->pos++;
	while (!at_end(lx, 0) && is_alnum(peek(lx, 0)))
		lx->pos++;
	if (lx->pos - start > 1 && is_digit(lx->src[start + 1])) {
		error_tok(lx, tok, span(lx, start, lx->pos - start),
			  "invalid map name '%.*s'", (int)(lx->pos - start),
			  lx->src + start);
		return;
	}
	tok->kind = LANG_TOK_MAP;
}

/* Operators: the longest first. */
static const struct {
	const char *text;
	enum lang_tok_kind kind;
} punct[] = {
	{"<<=", LANG_TOK_SHL_ASSIGN}, {">>=", LANG_TOK_SHR_ASSIGN},
	{"->", LANG_TOK_ARROW},	      {"++", LANG_TOK_INC},
	{"--", LANG_TOK_DEC},	      {"<<", LANG_TOK_SHL},
	{">>", LANG_TOK_SHR},	      {"<=", LANG_TOK_LE},
	{">=", LANG_TOK_GE},	      {"==", LANG_TOK_EQ},
	{"!=", LANG_TOK_NE},	      {"&&", LANG_TOK_AND},
	{"||", LANG_TOK_OR},	      {"+=", LANG_TOK_ADD_ASSIGN},
	{"-=", LANG_TOK_SUB_ASSIGN},  {"*=", LANG_TOK_MUL_ASSIGN},
	{"/=", LANG_TOK_DIV_ASSIGN},  {"%=", LANG_TOK_MOD_ASSIGN},
	{"&=", LANG_TOK_AND_ASSIGN},  {"^=", LANG_TOK_XOR_ASSIGN},
	{"|=", LANG_TOK_OR_ASSIGN},   {"{", LANG_TOK_LBRACE},
	{"}", LANG_TOK_RBRACE},	      {"(", LANG_TOK_LPAREN},
	{")", LANG_TOK_RPAREN},	      {"[", LANG_TOK_LBRACKET},
	{"]", LANG_TOK_RBRACKET},     {",", LANG_TOK_COMMA},
	{";", LANG_TOK_SEMI},	      {":", LANG_TOK_COLON},
	{"?", LANG_TOK_QUESTION},     {".", LANG_TOK_DOT},
	{"+", LANG_TOK_PLUS},	      {"-", LANG_TOK_MINUS},
	{"*", LANG_TOK_STAR},	      {"/", LANG_TOK_SLASH},
	{"%", LANG_TOK_PERCENT},      {"<", LANG_TOK_LT},
	{">", LANG_TOK_GT},	      {"&", LANG_TOK_AMP},
	{"^", LANG_TOK_CARET},	      {"|", LANG_TOK_PIPE},
	{"!", LANG_TOK_NOT},	      {"~", LANG_TOK_TILDE},
	{"=", LANG_TOK_ASSIGN},
};

static void lex_punct(struct lang_lexer *lx, struct lang_token *tok)
{
	size_t i, n;
	char name[8];

	for (i = 0; i < sizeof(punct) / sizeof(punct[0]); i++) {
		n = strlen(punct[i].text);
		if (lx->len - lx->pos >= n &&
		    !memcmp(lx->src + lx->pos, punct[i].text, n)) {
			lx->pos += n;
			tok->kind = punct[i].kind;
			if (tok->kind == LANG_TOK_SLASH)
				tok->pred_end = closes_predicate(lx);
			return;
		}
	}
	error_tok(lx, tok, span(lx, lx->pos, 1), "unexpected character %s",
		  char_name(peek(lx, 0), name, sizeof(name)));
}

/* A '#' line of the C preprocessor, with its '\' continuations. */
static void lex_cpp_line(struct lang_lexer *lx, struct lang_token *tok)
{
	while (!at_end(lx, 0) && peek(lx, 0) != '\n') {
		if (peek(lx, 0) == '\\' && peek(lx, 1) == '\n') {
			newline_at(lx, lx->pos + 1);
			lx->pos++;
		}
		lx->pos++;
	}
	while (lx->pos > 0 &&
	       (lx->src[lx->pos - 1] == '\r' || lx->src[lx->pos - 1] == ' ' ||
		lx->src[lx->pos - 1] == '\t'))
		lx->pos--;
	tok->kind = LANG_TOK_CDEF;
}

/*
 * A C definition ("struct x { ... };", "typedef ... ;") up to the ';'
 * outside braces, stepping over comments and quoted text.
 */
static void lex_cdef(struct lang_lexer *lx, struct lang_token *tok,
		     size_t start)
{
	struct lang_loc word = span(lx, start, 1);
	unsigned int depth = 0;

	while (!at_end(lx, 0)) {
		char c = peek(lx, 0);

		if (c == '\n') {
			newline_at(lx, lx->pos);
		} else if (c == '/' && peek(lx, 1) == '/') {
			while (!at_end(lx, 1) && peek(lx, 1) != '\n')
				lx->pos++;
		} else if (c == '/' && peek(lx, 1) == '*') {
			lx->pos += 2;
			while (!at_end(lx, 1) &&
			       !(peek(lx, 0) == '*' && peek(lx, 1) == '/')) {
				if (peek(lx, 0) == '\n')
					newline_at(lx, lx->pos);
				lx->pos++;
			}
			lx->pos++;
		} else if (c == '"' || c == '\'') {
			while (!at_end(lx, 1) && peek(lx, 1) != c &&
			       peek(lx, 1) != '\n')
				lx->pos += peek(lx, 1) == '\\' ? 2 : 1;
			lx->pos++;
		} else if (c == '{') {
			depth++;
		} else if (c == '}' && depth) {
			depth--;
		} else if (c == ';' && !depth) {
			lx->pos++;
			tok->kind = LANG_TOK_CDEF;
			return;
		}
		lx->pos++;
	}
	lx->pos = lx->len;
	while (start < lx->len && is_alpha(lx->src[start])) {
		word.end_col++;
		start++;
	}
	word.end_col--;
	error_tok(lx, tok, word,
		  "unterminated C definition: missing ';' at its end");
}

/* struct, union, enum or typedef followed by a space: a C definition. */
static bool starts_cdef(const struct lang_lexer *lx)
{
	static const char *const words[] = {"struct", "union", "enum",
					    "typedef"};
	size_t i, n;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i]);
		if (lx->len - lx->pos >= n &&
		    !memcmp(lx->src + lx->pos, words[i], n) &&
		    (lx->len - lx->pos == n ||
		     !is_attach_char(lx->src[lx->pos + n])))
			return true;
	}
	return false;
}

/* An attach point: attach characters and "quoted" parts, on one line. */
static void lex_attach(struct lang_lexer *lx, struct lang_token *tok)
{
	while (!at_end(lx, 0)) {
		char c = peek(lx, 0);

		if (c == '"') {
			size_t q = lx->pos + 1;

			while (q < lx->len && lx->src[q] != '"' &&
			       lx->src[q] != '\n')
				q++;
			if (q >= lx->len || lx->src[q] != '"') {
				error_tok(lx, tok,
					  span(lx, lx->pos, q - lx->pos),
					  "unterminated string");
				return;
			}
			lx->pos = q + 1;
		} else if (is_attach_char(c)) {
			lx->pos++;
		} else {
			break;
		}
	}
	tok->kind = LANG_TOK_ATTACH;
}

void lang_lexer__next(struct lang_lexer *lx, struct lang_token *tok,
		      enum lang_lex_mode mode)
{
	unsigned int line, col;
	size_t start;
	char c;

	memset(tok, 0, sizeof(*tok));
	if (!skip_space(lx, tok))
		return;
	start = lx->pos;
	line = lx->line;
	col = (unsigned int)(start - lx->line_start) + 1;
	if (at_end(lx, 0)) {
		tok->kind = LANG_TOK_EOF;
		tok->text = lx->src + lx->len;
		tok->loc = lx->last_end;
		return;
	}
	c = peek(lx, 0);
	if (mode == LANG_LEX_ATTACH && c == '#')
		lex_cpp_line(lx, tok);
	else if (mode == LANG_LEX_ATTACH && starts_cdef(lx))
		lex_cdef(lx, tok, start);
	else if (mode == LANG_LEX_ATTACH && is_alpha(c))
		lex_attach(lx, tok);
	else if (is_alpha(c))
		lex_word(lx, tok);
	else if (is_digit(c))
		lex_number(lx, tok);
	else if (c == '"')
		lex_string(lx, tok);
	else if (c == '$')
		lex_dollar(lx, tok);
	else if (c == '@')
		lex_map(lx, tok);
	else
		lex_punct(lx, tok);
	if (tok->kind == LANG_TOK_ERROR)
		return;
	tok->text = lx->src + start;
	tok->len = lx->pos - start;
	tok->loc =
		(struct lang_loc){line, col, lx->line,
				  (unsigned int)(lx->pos - lx->line_start) + 1};
	lx->last_end = span(lx, lx->pos, 1);
}

const char *lang_token__describe(const struct lang_token *tok, char *buf,
				 size_t size)
{
	int max = 40;

	switch (tok->kind) {
	case LANG_TOK_EOF:
		snprintf(buf, size, "end of file");
		break;
	case LANG_TOK_ERROR:
		snprintf(buf, size, "an invalid token");
		break;
	case LANG_TOK_STRING:
		if (tok->len > (size_t)max)
			snprintf(buf, size, "string %.*s...\"", max, tok->text);
		else
			snprintf(buf, size, "string %.*s", (int)tok->len,
				 tok->text);
		break;
	default:
		if (tok->len > (size_t)max)
			snprintf(buf, size, "'%.*s...'", max, tok->text);
		else
			snprintf(buf, size, "'%.*s'", (int)tok->len, tok->text);
		break;
	}
	return buf;
}
