// SPDX-License-Identifier: GPL-2.0
#include "lang/ast.h"
#include "util/strbuf.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* ---- freeing ---- */

static void expr_list_release(struct lang_expr_list *list)
{
	size_t i;

	for (i = 0; i < list->nr; i++)
		lang_expr__free(list->items[i]);
	free(list->items);
}

void lang_expr__free(struct lang_expr *expr)
{
	if (!expr)
		return;
	switch (expr->kind) {
	case LANG_EXPR_INT:
	case LANG_EXPR_POSITIONAL:
	case LANG_EXPR_POSITIONAL_COUNT:
		break;
	case LANG_EXPR_STR:
		free(expr->str.data);
		break;
	case LANG_EXPR_BUILTIN:
	case LANG_EXPR_VAR:
		free(expr->name);
		break;
	case LANG_EXPR_MAP:
		free(expr->map.name);
		expr_list_release(&expr->map.keys);
		break;
	case LANG_EXPR_CALL:
		free(expr->call.name);
		expr_list_release(&expr->call.args);
		break;
	case LANG_EXPR_UNARY:
	case LANG_EXPR_INCDEC:
		lang_expr__free(expr->unary.operand);
		break;
	case LANG_EXPR_BINARY:
		lang_expr__free(expr->binary.left);
		lang_expr__free(expr->binary.right);
		break;
	case LANG_EXPR_TERNARY:
		lang_expr__free(expr->ternary.cond);
		lang_expr__free(expr->ternary.then);
		lang_expr__free(expr->ternary.otherwise);
		break;
	case LANG_EXPR_FIELD:
		lang_expr__free(expr->field.base);
		free(expr->field.name);
		break;
	case LANG_EXPR_INDEX:
		lang_expr__free(expr->index.base);
		lang_expr__free(expr->index.index);
		break;
	case LANG_EXPR_CAST:
		free(expr->cast.type.name);
		lang_expr__free(expr->cast.operand);
		break;
	case LANG_EXPR_TUPLE:
		expr_list_release(&expr->tuple);
		break;
	case LANG_EXPR_SIZEOF:
		free(expr->size_of.type.name);
		lang_expr__free(expr->size_of.operand);
		break;
	}
	free(expr);
}

void lang_stmt__free(struct lang_stmt *stmt)
{
	if (!stmt)
		return;
	switch (stmt->kind) {
	case LANG_STMT_EXPR:
	case LANG_STMT_RETURN:
		lang_expr__free(stmt->expr);
		break;
	case LANG_STMT_ASSIGN:
		lang_expr__free(stmt->assign.target);
		lang_expr__free(stmt->assign.value);
		break;
	case LANG_STMT_IF:
		lang_expr__free(stmt->if_stmt.cond);
		lang_block__release(&stmt->if_stmt.then);
		lang_block__release(&stmt->if_stmt.otherwise);
		break;
	case LANG_STMT_UNROLL:
		lang_block__release(&stmt->unroll.body);
		break;
	case LANG_STMT_WHILE:
		lang_expr__free(stmt->while_stmt.cond);
		lang_block__release(&stmt->while_stmt.body);
		break;
	case LANG_STMT_BREAK:
	case LANG_STMT_CONTINUE:
		break;
	}
	free(stmt);
}

void lang_block__release(struct lang_block *block)
{
	size_t i;

	for (i = 0; i < block->nr; i++)
		lang_stmt__free(block->items[i]);
	free(block->items);
	block->items = NULL;
	block->nr = 0;
}

void lang_attach__release(struct lang_attach *ap)
{
	free(ap->raw);
	free(ap->target);
	free(ap->category);
	free(ap->name);
	ap->raw = ap->target = ap->category = ap->name = NULL;
}

void lang_probe__free(struct lang_probe *probe)
{
	size_t i;

	if (!probe)
		return;
	for (i = 0; i < probe->nr_attach; i++)
		lang_attach__release(&probe->attach[i]);
	free(probe->attach);
	lang_expr__free(probe->pred);
	lang_block__release(&probe->body);
	free(probe);
}

void lang_program__free(struct lang_program *prog)
{
	size_t i;

	if (!prog)
		return;
	for (i = 0; i < prog->nr_cdefs; i++)
		free(prog->cdefs[i].text);
	free(prog->cdefs);
	for (i = 0; i < prog->nr_probes; i++)
		lang_probe__free(prog->probes[i]);
	free(prog->probes);
	free(prog);
}

/* ---- names ---- */

static const char *const probe_type_names[LANG_PROBE__COUNT] = {
	[LANG_PROBE_BEGIN] = "BEGIN",
	[LANG_PROBE_END] = "END",
	[LANG_PROBE_KPROBE] = "kprobe",
	[LANG_PROBE_KRETPROBE] = "kretprobe",
	[LANG_PROBE_UPROBE] = "uprobe",
	[LANG_PROBE_URETPROBE] = "uretprobe",
	[LANG_PROBE_USDT] = "usdt",
	[LANG_PROBE_TRACEPOINT] = "tracepoint",
	[LANG_PROBE_RAWTRACEPOINT] = "rawtracepoint",
	[LANG_PROBE_PROFILE] = "profile",
	[LANG_PROBE_INTERVAL] = "interval",
	[LANG_PROBE_SOFTWARE] = "software",
	[LANG_PROBE_HARDWARE] = "hardware",
	[LANG_PROBE_FENTRY] = "fentry",
	[LANG_PROBE_FEXIT] = "fexit",
};

const char *lang_probe_type__name(enum lang_probe_type type)
{
	if ((unsigned int)type >= LANG_PROBE__COUNT)
		return "?";
	return probe_type_names[type];
}

const char *lang_time_unit__name(enum lang_time_unit unit)
{
	switch (unit) {
	case LANG_UNIT_HZ:
		return "hz";
	case LANG_UNIT_S:
		return "s";
	case LANG_UNIT_MS:
		return "ms";
	case LANG_UNIT_US:
		return "us";
	case LANG_UNIT_NONE:
		break;
	}
	return "";
}

const char *lang_op__str(enum lang_op op)
{
	switch (op) {
	case LANG_OP_NONE:
		return "=";
	case LANG_OP_MUL:
		return "*";
	case LANG_OP_DIV:
		return "/";
	case LANG_OP_MOD:
		return "%";
	case LANG_OP_ADD:
		return "+";
	case LANG_OP_SUB:
		return "-";
	case LANG_OP_SHL:
		return "<<";
	case LANG_OP_SHR:
		return ">>";
	case LANG_OP_LT:
		return "<";
	case LANG_OP_LE:
		return "<=";
	case LANG_OP_GT:
		return ">";
	case LANG_OP_GE:
		return ">=";
	case LANG_OP_EQ:
		return "==";
	case LANG_OP_NE:
		return "!=";
	case LANG_OP_BAND:
		return "&";
	case LANG_OP_BXOR:
		return "^";
	case LANG_OP_BOR:
		return "|";
	case LANG_OP_LAND:
		return "&&";
	case LANG_OP_LOR:
		return "||";
	case LANG_OP_NOT:
		return "!";
	case LANG_OP_BNOT:
		return "~";
	case LANG_OP_NEG:
		return "-";
	case LANG_OP_DEREF:
		return "*";
	case LANG_OP_PRE_INC:
	case LANG_OP_POST_INC:
		return "++";
	case LANG_OP_PRE_DEC:
	case LANG_OP_POST_DEC:
		return "--";
	}
	return "?";
}

const char *lang_expr_kind__name(enum lang_expr_kind kind)
{
	switch (kind) {
	case LANG_EXPR_INT:
		return "int";
	case LANG_EXPR_STR:
		return "string";
	case LANG_EXPR_BUILTIN:
		return "builtin";
	case LANG_EXPR_VAR:
		return "var";
	case LANG_EXPR_POSITIONAL:
	case LANG_EXPR_POSITIONAL_COUNT:
		return "positional";
	case LANG_EXPR_MAP:
		return "map";
	case LANG_EXPR_CALL:
		return "call";
	case LANG_EXPR_UNARY:
		return "unary";
	case LANG_EXPR_INCDEC:
		return "incdec";
	case LANG_EXPR_BINARY:
		return "binary";
	case LANG_EXPR_TERNARY:
		return "ternary";
	case LANG_EXPR_FIELD:
		return "field";
	case LANG_EXPR_INDEX:
		return "index";
	case LANG_EXPR_CAST:
		return "cast";
	case LANG_EXPR_TUPLE:
		return "tuple";
	case LANG_EXPR_SIZEOF:
		return "sizeof";
	}
	return "?";
}

/* ---- dump ---- */

static int dump_indent(struct strbuf *sb, unsigned int depth)
{
	unsigned int i;
	int err = 0;

	for (i = 0; i < depth && !err; i++)
		err = strbuf__add(sb, "  ", 2);
	return err;
}

/* Ends a node's line: its span when asked for, then the newline. */
static int dump_eol(struct strbuf *sb, const struct lang_loc *loc,
		    unsigned int flags)
{
	int err = 0;

	if ((flags & LANG_DUMP_LOC) && loc->line) {
		if (loc->end_line > loc->line)
			err = strbuf__addf(sb, " <%u:%u-%u:%u>", loc->line,
					   loc->col, loc->end_line,
					   loc->end_col);
		else
			err = strbuf__addf(sb, " <%u:%u-%u>", loc->line,
					   loc->col, loc->end_col);
	}
	return err ? err : strbuf__addc(sb, '\n');
}

/* A string in double quotes, with C escapes for what is not printable. */
static int dump_quoted(struct strbuf *sb, const char *s, size_t len)
{
	size_t i;
	int err = strbuf__addc(sb, '"');

	for (i = 0; i < len && !err; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '\n':
			err = strbuf__add(sb, "\\n", 2);
			break;
		case '\t':
			err = strbuf__add(sb, "\\t", 2);
			break;
		case '\r':
			err = strbuf__add(sb, "\\r", 2);
			break;
		case '"':
			err = strbuf__add(sb, "\\\"", 2);
			break;
		case '\\':
			err = strbuf__add(sb, "\\\\", 2);
			break;
		default:
			if (c < 0x20 || c >= 0x7f)
				err = strbuf__addf(sb, "\\%03o", c);
			else
				err = strbuf__addc(sb, (char)c);
		}
	}
	return err ? err : strbuf__addc(sb, '"');
}

/* An attach point part: bare when it is plain, quoted otherwise. */
static int dump_word(struct strbuf *sb, const char *key, const char *s)
{
	size_t i, len = strlen(s);
	bool plain = len > 0;
	int err;

	for (i = 0; i < len && plain; i++)
		plain = s[i] > ' ' && s[i] < 0x7f && s[i] != '"' &&
			s[i] != '\\';
	err = strbuf__addf(sb, " %s=", key);
	if (err)
		return err;
	return plain ? strbuf__add(sb, s, len) : dump_quoted(sb, s, len);
}

static int dump_attach(struct strbuf *sb, const struct lang_attach *ap,
		       unsigned int depth, unsigned int flags)
{
	int err = dump_indent(sb, depth);

	if (!err)
		err = strbuf__addf(sb, "attach %s ",
				   lang_probe_type__name(ap->type));
	if (!err)
		err = dump_quoted(sb, ap->raw, strlen(ap->raw));
	if (!err && ap->target)
		err = dump_word(sb, "target", ap->target);
	if (!err && ap->category)
		err = dump_word(sb, "category", ap->category);
	if (!err && ap->name)
		err = dump_word(sb, "name", ap->name);
	if (!err && ap->has_offset)
		err = strbuf__addf(sb, " offset=%" PRIu64, ap->offset);
	if (!err && ap->unit != LANG_UNIT_NONE)
		err = strbuf__addf(sb, " unit=%s",
				   lang_time_unit__name(ap->unit));
	if (!err && ap->has_count)
		err = strbuf__addf(sb, " count=%" PRIu64, ap->count);
	if (!err && ap->wildcard)
		err = strbuf__add(sb, " wildcard", 9);
	return err ? err : dump_eol(sb, &ap->loc, flags);
}

static int dump_type_name(struct strbuf *sb, const struct lang_type_name *t)
{
	unsigned int i;
	int err = strbuf__addf(sb, "(%s", t->name);

	if (!err && t->ptr)
		err = strbuf__addc(sb, ' ');
	for (i = 0; i < t->ptr && !err; i++)
		err = strbuf__addc(sb, '*');
	if (!err && t->array_len)
		err = strbuf__addf(sb, "[%" PRIu64 "]", t->array_len);
	return err ? err : strbuf__addc(sb, ')');
}

static int dump_expr_list(struct strbuf *sb, const struct lang_expr_list *l,
			  unsigned int depth, unsigned int flags)
{
	size_t i;
	int err = 0;

	for (i = 0; i < l->nr && !err; i++)
		err = lang_ast__dump_expr(sb, l->items[i], depth, flags);
	return err;
}

/* The text after the node's kind on its line. */
static int dump_expr_head(struct strbuf *sb, const struct lang_expr *e)
{
	const struct lang_type_name *type = NULL;
	int err = 0;

	switch (e->kind) {
	case LANG_EXPR_INT:
		return strbuf__addf(sb, " %" PRIu64, e->integer);
	case LANG_EXPR_STR:
		err = strbuf__addc(sb, ' ');
		return err ? err : dump_quoted(sb, e->str.data, e->str.len);
	case LANG_EXPR_BUILTIN:
		return strbuf__addf(sb, " %s", e->name);
	case LANG_EXPR_VAR:
		return strbuf__addf(sb, " $%s", e->name);
	case LANG_EXPR_POSITIONAL:
		return strbuf__addf(sb, " $%" PRIu64, e->integer);
	case LANG_EXPR_POSITIONAL_COUNT:
		return strbuf__add(sb, " $#", 3);
	case LANG_EXPR_MAP:
		return strbuf__addf(sb, " @%s", e->map.name);
	case LANG_EXPR_CALL:
		return strbuf__addf(sb, " %s", e->call.name);
	case LANG_EXPR_UNARY:
		return strbuf__addf(sb, " %s", lang_op__str(e->unary.op));
	case LANG_EXPR_BINARY:
		return strbuf__addf(sb, " %s", lang_op__str(e->binary.op));
	case LANG_EXPR_INCDEC: {
		bool pre = e->unary.op == LANG_OP_PRE_INC ||
			   e->unary.op == LANG_OP_PRE_DEC;

		return strbuf__addf(sb, " %s%s", pre ? "pre" : "post",
				    lang_op__str(e->unary.op));
	}
	case LANG_EXPR_FIELD:
		return strbuf__addf(sb, " %s%s", e->field.arrow ? "->" : ".",
				    e->field.name);
	case LANG_EXPR_CAST:
		type = &e->cast.type;
		break;
	case LANG_EXPR_SIZEOF:
		if (e->size_of.type.name)
			type = &e->size_of.type;
		break;
	case LANG_EXPR_TERNARY:
	case LANG_EXPR_INDEX:
	case LANG_EXPR_TUPLE:
		break;
	}
	if (type)
		err = strbuf__addc(sb, ' ');
	if (type && !err)
		err = dump_type_name(sb, type);
	return err;
}

/* Child expressions a, b, c in order; NULL ones are left out. */
static int dump_children(struct strbuf *sb, unsigned int depth,
			 unsigned int flags, const struct lang_expr *a,
			 const struct lang_expr *b, const struct lang_expr *c)
{
	const struct lang_expr *kids[] = {a, b, c};
	size_t i;
	int err = 0;

	for (i = 0; i < 3 && !err; i++)
		if (kids[i])
			err = lang_ast__dump_expr(sb, kids[i], depth, flags);
	return err;
}

int lang_ast__dump_expr(struct strbuf *sb, const struct lang_expr *e,
			unsigned int depth, unsigned int flags)
{
	int err = dump_indent(sb, depth);

	if (!err)
		err = strbuf__addf(sb, "%s", lang_expr_kind__name(e->kind));
	if (!err)
		err = dump_expr_head(sb, e);
	if (!err)
		err = dump_eol(sb, &e->loc, flags);
	if (err)
		return err;
	depth++;
	switch (e->kind) {
	case LANG_EXPR_MAP:
		return dump_expr_list(sb, &e->map.keys, depth, flags);
	case LANG_EXPR_CALL:
		return dump_expr_list(sb, &e->call.args, depth, flags);
	case LANG_EXPR_TUPLE:
		return dump_expr_list(sb, &e->tuple, depth, flags);
	case LANG_EXPR_UNARY:
	case LANG_EXPR_INCDEC:
		return dump_children(sb, depth, flags, e->unary.operand, NULL,
				     NULL);
	case LANG_EXPR_BINARY:
		return dump_children(sb, depth, flags, e->binary.left,
				     e->binary.right, NULL);
	case LANG_EXPR_TERNARY:
		return dump_children(sb, depth, flags, e->ternary.cond,
				     e->ternary.then, e->ternary.otherwise);
	case LANG_EXPR_FIELD:
		return dump_children(sb, depth, flags, e->field.base, NULL,
				     NULL);
	case LANG_EXPR_INDEX:
		return dump_children(sb, depth, flags, e->index.base,
				     e->index.index, NULL);
	case LANG_EXPR_CAST:
		return dump_children(sb, depth, flags, e->cast.operand, NULL,
				     NULL);
	case LANG_EXPR_SIZEOF:
		return dump_children(sb, depth, flags, e->size_of.operand, NULL,
				     NULL);
	case LANG_EXPR_INT:
	case LANG_EXPR_STR:
	case LANG_EXPR_BUILTIN:
	case LANG_EXPR_VAR:
	case LANG_EXPR_POSITIONAL:
	case LANG_EXPR_POSITIONAL_COUNT:
		break;
	}
	return 0;
}

static int dump_block(struct strbuf *sb, const struct lang_block *block,
		      unsigned int depth, unsigned int flags)
{
	size_t i;
	int err = 0;

	for (i = 0; i < block->nr && !err; i++)
		err = lang_ast__dump_stmt(sb, block->items[i], depth, flags);
	return err;
}

/* A line "label" and the block's statements under it. */
static int dump_labelled_block(struct strbuf *sb, const char *label,
			       const struct lang_block *block,
			       unsigned int depth, unsigned int flags)
{
	int err = dump_indent(sb, depth);

	if (!err)
		err = strbuf__addf(sb, "%s", label);
	if (!err)
		err = dump_eol(sb, &block->loc, flags);
	return err ? err : dump_block(sb, block, depth + 1, flags);
}

/* The text of a statement's own line, after the indent. */
static int dump_stmt_head(struct strbuf *sb, const struct lang_stmt *s)
{
	switch (s->kind) {
	case LANG_STMT_ASSIGN:
		if (s->assign.op == LANG_OP_NONE)
			return strbuf__add(sb, "assign =", 8);
		return strbuf__addf(sb,
				    "assign %s=", lang_op__str(s->assign.op));
	case LANG_STMT_IF:
		return strbuf__add(sb, "if", 2);
	case LANG_STMT_UNROLL:
		return strbuf__addf(sb, "unroll %" PRIu64, s->unroll.count);
	case LANG_STMT_WHILE:
		return strbuf__add(sb, "while", 5);
	case LANG_STMT_RETURN:
		return strbuf__add(sb, "return", 6);
	case LANG_STMT_BREAK:
		return strbuf__add(sb, "break", 5);
	case LANG_STMT_CONTINUE:
		return strbuf__add(sb, "continue", 8);
	case LANG_STMT_EXPR:
		break;
	}
	return 0;
}

int lang_ast__dump_stmt(struct strbuf *sb, const struct lang_stmt *s,
			unsigned int depth, unsigned int flags)
{
	int err;

	/* an expression statement is its expression */
	if (s->kind == LANG_STMT_EXPR)
		return lang_ast__dump_expr(sb, s->expr, depth, flags);
	err = dump_indent(sb, depth);
	if (!err)
		err = dump_stmt_head(sb, s);
	if (!err)
		err = dump_eol(sb, &s->loc, flags);
	if (err)
		return err;
	depth++;
	switch (s->kind) {
	case LANG_STMT_ASSIGN:
		return dump_children(sb, depth, flags, s->assign.target,
				     s->assign.value, NULL);
	case LANG_STMT_IF:
		err = dump_children(sb, depth, flags, s->if_stmt.cond, NULL,
				    NULL);
		if (!err)
			err = dump_labelled_block(sb, "then", &s->if_stmt.then,
						  depth, flags);
		if (!err && s->if_stmt.has_else)
			err = dump_labelled_block(sb, "else",
						  &s->if_stmt.otherwise, depth,
						  flags);
		return err;
	case LANG_STMT_UNROLL:
		return dump_block(sb, &s->unroll.body, depth, flags);
	case LANG_STMT_WHILE:
		err = dump_children(sb, depth, flags, s->while_stmt.cond, NULL,
				    NULL);
		if (!err)
			err = dump_labelled_block(sb, "do", &s->while_stmt.body,
						  depth, flags);
		return err;
	case LANG_STMT_RETURN:
		return dump_children(sb, depth, flags, s->expr, NULL, NULL);
	case LANG_STMT_EXPR:
	case LANG_STMT_BREAK:
	case LANG_STMT_CONTINUE:
		break;
	}
	return 0;
}

static int dump_probe(struct strbuf *sb, const struct lang_probe *probe,
		      unsigned int flags)
{
	size_t i;
	int err = dump_indent(sb, 1);

	if (!err)
		err = strbuf__add(sb, "probe", 5);
	if (!err)
		err = dump_eol(sb, &probe->loc, flags);
	for (i = 0; i < probe->nr_attach && !err; i++)
		err = dump_attach(sb, &probe->attach[i], 2, flags);
	if (!err && probe->pred) {
		err = dump_indent(sb, 2);
		if (!err)
			err = strbuf__add(sb, "predicate\n", 10);
		if (!err)
			err = lang_ast__dump_expr(sb, probe->pred, 3, flags);
	}
	if (!err)
		err = dump_labelled_block(sb, "body", &probe->body, 2, flags);
	return err;
}

int lang_ast__dump(struct strbuf *sb, const struct lang_program *prog,
		   unsigned int flags)
{
	size_t i;
	int err = strbuf__add(sb, "program\n", 8);

	for (i = 0; i < prog->nr_cdefs && !err; i++) {
		const struct lang_cdef *cdef = &prog->cdefs[i];

		err = strbuf__add(sb, "  cdef ", 7);
		if (!err)
			err = dump_quoted(sb, cdef->text, strlen(cdef->text));
		if (!err)
			err = dump_eol(sb, &cdef->loc, flags);
	}
	for (i = 0; i < prog->nr_probes && !err; i++)
		err = dump_probe(sb, prog->probes[i], flags);
	return err;
}

bool lang_expr__const_int(const struct lang_expr *e, int64_t *v)
{
	if (e->kind == LANG_EXPR_INT) {
		*v = (int64_t)e->integer;
		return true;
	}
	if (e->kind == LANG_EXPR_UNARY && e->unary.op == LANG_OP_NEG &&
	    e->unary.operand->kind == LANG_EXPR_INT) {
		*v = -(int64_t)e->unary.operand->integer;
		return true;
	}
	return false;
}
