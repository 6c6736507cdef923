// SPDX-License-Identifier: GPL-2.0
/*
 * The language front end: parse and dump the bpftrace one-liners and
 * constructs, check C's precedence, and every syntax error's message and
 * caret.
 */
#include "harness.h"
#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/parser.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define DUMP_MAX (1u << 20)

/* Parses src, which must be valid, and returns its dump (to free). */
static char *dump_of(const char *src, unsigned int flags)
{
	struct lang_program *prog = NULL;
	struct lang_diag diag;
	struct strbuf sb;
	int err;

	lang_diag__init(&diag);
	err = lang__parse(src, strlen(src), NULL, &prog, &diag);
	if (err)
		lang_diag__print(stderr, &diag, src);
	CHECK_EQ_INT(err, 0);
	CHECK(prog && !diag.set);
	strbuf__init(&sb, DUMP_MAX);
	CHECK_EQ_INT(lang_ast__dump(&sb, prog, flags), 0);
	lang_program__free(prog);
	return sb.buf;
}

static void check_dump(const char *src, const char *expected)
{
	char *dump = dump_of(src, 0);

	CHECK_EQ_STR(dump, expected);
	free(dump);
}

static void check_dump_loc(const char *src, const char *expected)
{
	char *dump = dump_of(src, LANG_DUMP_LOC);

	CHECK_EQ_STR(dump, expected);
	free(dump);
}

/* Parses src, which must fail, and returns the rendered diagnostic. */
static char *error_of(const char *src, size_t len, const char *file)
{
	struct lang_program *prog = (struct lang_program *)1;
	struct lang_diag diag;
	struct strbuf sb;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, len, file, &prog, &diag), -EINVAL);
	CHECK(prog == NULL);
	CHECK(diag.set);
	CHECK_EQ_INT(diag.level, LANG_DIAG_ERROR);
	strbuf__init(&sb, DUMP_MAX);
	CHECK_EQ_INT(lang_diag__render(&sb, &diag, src, len), 0);
	return sb.buf;
}

static void check_error(const char *src, const char *expected)
{
	char *text = error_of(src, strlen(src), NULL);

	CHECK_EQ_STR(text, expected);
	free(text);
}

/* The dump of EXPR alone, parsed as the value of "$r = EXPR". */
static void check_expr(const char *expr, const char *expected)
{
	struct lang_program *prog = NULL;
	struct lang_diag diag;
	struct strbuf sb;
	char src[512];
	const struct lang_stmt *s;

	snprintf(src, sizeof(src), "BEGIN { $r = %s; }", expr);
	lang_diag__init(&diag);
	if (lang__parse(src, strlen(src), NULL, &prog, &diag))
		lang_diag__print(stderr, &diag, src);
	CHECK(prog);
	CHECK_EQ_INT(prog->probes[0]->body.nr, 1);
	s = prog->probes[0]->body.items[0];
	CHECK_EQ_INT(s->kind, LANG_STMT_ASSIGN);
	strbuf__init(&sb, DUMP_MAX);
	CHECK_EQ_INT(lang_ast__dump_expr(&sb, s->assign.value, 0, 0), 0);
	CHECK_EQ_STR(sb.buf, expected);
	strbuf__release(&sb);
	lang_program__free(prog);
}

/* C's precedence and associativity, as bpftrace follows them. */
TEST(lang_precedence)
{
	check_expr("1 + 2 * 3", "binary +\n"
				"  int 1\n"
				"  binary *\n"
				"    int 2\n"
				"    int 3\n");
	check_expr("(1 + 2) * 3", "binary *\n"
				  "  binary +\n"
				  "    int 1\n"
				  "    int 2\n"
				  "  int 3\n");
	check_expr("a && b || c", "binary ||\n"
				  "  binary &&\n"
				  "    builtin a\n"
				  "    builtin b\n"
				  "  builtin c\n");
	check_expr("a || b && c", "binary ||\n"
				  "  builtin a\n"
				  "  binary &&\n"
				  "    builtin b\n"
				  "    builtin c\n");
	check_expr("-x * y", "binary *\n"
			     "  unary -\n"
			     "    builtin x\n"
			     "  builtin y\n");
	check_expr("a == b & c", "binary &\n"
				 "  binary ==\n"
				 "    builtin a\n"
				 "    builtin b\n"
				 "  builtin c\n");
	check_expr("a | b ^ c & d", "binary |\n"
				    "  builtin a\n"
				    "  binary ^\n"
				    "    builtin b\n"
				    "    binary &\n"
				    "      builtin c\n"
				    "      builtin d\n");
	check_expr("a - b - c", "binary -\n"
				"  binary -\n"
				"    builtin a\n"
				"    builtin b\n"
				"  builtin c\n");
	check_expr("a / b % c", "binary %\n"
				"  binary /\n"
				"    builtin a\n"
				"    builtin b\n"
				"  builtin c\n");
	check_expr("1 << 2 + 3", "binary <<\n"
				 "  int 1\n"
				 "  binary +\n"
				 "    int 2\n"
				 "    int 3\n");
	check_expr("a < b == c >= d", "binary ==\n"
				      "  binary <\n"
				      "    builtin a\n"
				      "    builtin b\n"
				      "  binary >=\n"
				      "    builtin c\n"
				      "    builtin d\n");
	check_expr("a >> 1 <= b != c > d", "binary !=\n"
					   "  binary <=\n"
					   "    binary >>\n"
					   "      builtin a\n"
					   "      int 1\n"
					   "    builtin b\n"
					   "  binary >\n"
					   "    builtin c\n"
					   "    builtin d\n");
	check_expr("!a == ~b", "binary ==\n"
			       "  unary !\n"
			       "    builtin a\n"
			       "  unary ~\n"
			       "    builtin b\n");
	check_expr("*p->x", "unary *\n"
			    "  field ->x\n"
			    "    builtin p\n");
	check_expr("- -x", "unary -\n"
			   "  unary -\n"
			   "    builtin x\n");
	check_expr("(uint8)a + b", "binary +\n"
				   "  cast (uint8)\n"
				   "    builtin a\n"
				   "  builtin b\n");
	check_expr("a || b ? c + 1 : d", "ternary\n"
					 "  binary ||\n"
					 "    builtin a\n"
					 "    builtin b\n"
					 "  binary +\n"
					 "    builtin c\n"
					 "    int 1\n"
					 "  builtin d\n");
	check_expr("a ? b ? 1 : 2 : 3", "ternary\n"
					"  builtin a\n"
					"  ternary\n"
					"    builtin b\n"
					"    int 1\n"
					"    int 2\n"
					"  int 3\n");
	check_expr("$x++ + 1", "binary +\n"
			       "  incdec post++\n"
			       "    var $x\n"
			       "  int 1\n");
	check_expr("-@m[1]", "unary -\n"
			     "  map @m\n"
			     "    int 1\n");
}

/* The tree as the type checker walks it, field by field. */
TEST(lang_api_walk)
{
	const char *src = "tracepoint:syscalls:sys_enter_openat /pid != 0/ "
			  "{ printf(\"%s %s\\n\", comm, str(args.filename)); }";
	struct lang_program *prog = NULL;
	const struct lang_probe *probe;
	const struct lang_attach *ap;
	const struct lang_expr *call, *str;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), "x.bt", &prog, &diag), 0);
	CHECK_EQ_INT(prog->nr_probes, 1);
	probe = prog->probes[0];
	CHECK_EQ_INT(probe->nr_attach, 1);
	ap = &probe->attach[0];
	CHECK_EQ_INT(ap->type, LANG_PROBE_TRACEPOINT);
	CHECK_EQ_STR(ap->raw, "tracepoint:syscalls:sys_enter_openat");
	CHECK_EQ_STR(ap->category, "syscalls");
	CHECK_EQ_STR(ap->name, "sys_enter_openat");
	CHECK(!ap->target && !ap->has_offset && !ap->has_count);
	CHECK(!ap->wildcard);
	CHECK_EQ_INT(ap->loc.line, 1);
	CHECK_EQ_INT(ap->loc.col, 1);
	CHECK_EQ_INT(ap->loc.end_col, 37);
	CHECK_EQ_INT(probe->pred->kind, LANG_EXPR_BINARY);
	CHECK_EQ_INT(probe->pred->binary.op, LANG_OP_NE);
	CHECK_EQ_STR(probe->pred->binary.left->name, "pid");
	CHECK_EQ_INT(probe->pred->binary.right->integer, 0);
	CHECK_EQ_INT(probe->body.nr, 1);
	CHECK_EQ_INT(probe->body.items[0]->kind, LANG_STMT_EXPR);
	call = probe->body.items[0]->expr;
	CHECK_EQ_INT(call->kind, LANG_EXPR_CALL);
	CHECK_EQ_STR(call->call.name, "printf");
	CHECK_EQ_INT(call->call.args.nr, 3);
	str = call->call.args.items[0];
	CHECK_EQ_INT(str->kind, LANG_EXPR_STR);
	CHECK_EQ_INT(str->str.len, 6);
	CHECK_EQ_STR(str->str.data, "%s %s\n");
	CHECK_EQ_INT(call->call.args.items[1]->kind, LANG_EXPR_BUILTIN);
	CHECK_EQ_INT(call->call.args.items[2]->call.args.items[0]->kind,
		     LANG_EXPR_FIELD);
	CHECK_EQ_INT(call->loc.col, 51);
	CHECK_EQ_INT(call->loc.end_col, 94);
	lang_program__free(prog);
}

static void collect_ids(const struct lang_expr *e, unsigned char *seen,
			unsigned int nr, unsigned int *count);

static void collect_list(const struct lang_expr_list *l, unsigned char *seen,
			 unsigned int nr, unsigned int *count)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		collect_ids(l->items[i], seen, nr, count);
}

static void collect_ids(const struct lang_expr *e, unsigned char *seen,
			unsigned int nr, unsigned int *count)
{
	if (!e)
		return;
	CHECK(e->id < nr);
	CHECK(!seen[e->id]);
	seen[e->id] = 1;
	(*count)++;
	switch (e->kind) {
	case LANG_EXPR_MAP:
		collect_list(&e->map.keys, seen, nr, count);
		break;
	case LANG_EXPR_CALL:
		collect_list(&e->call.args, seen, nr, count);
		break;
	case LANG_EXPR_TUPLE:
		collect_list(&e->tuple, seen, nr, count);
		break;
	case LANG_EXPR_UNARY:
	case LANG_EXPR_INCDEC:
		collect_ids(e->unary.operand, seen, nr, count);
		break;
	case LANG_EXPR_BINARY:
		collect_ids(e->binary.left, seen, nr, count);
		collect_ids(e->binary.right, seen, nr, count);
		break;
	case LANG_EXPR_TERNARY:
		collect_ids(e->ternary.cond, seen, nr, count);
		collect_ids(e->ternary.then, seen, nr, count);
		collect_ids(e->ternary.otherwise, seen, nr, count);
		break;
	case LANG_EXPR_FIELD:
		collect_ids(e->field.base, seen, nr, count);
		break;
	case LANG_EXPR_INDEX:
		collect_ids(e->index.base, seen, nr, count);
		collect_ids(e->index.index, seen, nr, count);
		break;
	case LANG_EXPR_CAST:
		collect_ids(e->cast.operand, seen, nr, count);
		break;
	case LANG_EXPR_SIZEOF:
		collect_ids(e->size_of.operand, seen, nr, count);
		break;
	default:
		break;
	}
}

static void collect_block(const struct lang_block *b, unsigned char *seen,
			  unsigned int nr, unsigned int *count)
{
	size_t i;

	for (i = 0; i < b->nr; i++) {
		const struct lang_stmt *s = b->items[i];

		switch (s->kind) {
		case LANG_STMT_EXPR:
		case LANG_STMT_RETURN:
			collect_ids(s->expr, seen, nr, count);
			break;
		case LANG_STMT_ASSIGN:
			collect_ids(s->assign.target, seen, nr, count);
			collect_ids(s->assign.value, seen, nr, count);
			break;
		case LANG_STMT_IF:
			collect_ids(s->if_stmt.cond, seen, nr, count);
			collect_block(&s->if_stmt.then, seen, nr, count);
			collect_block(&s->if_stmt.otherwise, seen, nr, count);
			break;
		case LANG_STMT_UNROLL:
			collect_block(&s->unroll.body, seen, nr, count);
			break;
		case LANG_STMT_WHILE:
			collect_ids(s->while_stmt.cond, seen, nr, count);
			collect_block(&s->while_stmt.body, seen, nr, count);
			break;
		default:
			break;
		}
	}
}

/* Expression ids are dense and unique, for side tables. */
TEST(lang_expr_ids)
{
	const char *src =
		"kprobe:f /@a[tid] > 1 ? 1 : 0/ { $x = (uint8)-args->a[2]; "
		"if ($x) { @b = (1, sizeof($x)); } else { unroll(2) { $x++; } } "
		"while ($x < 3) { $x += 1; } return $x; } END { print(@b); }";
	struct lang_program *prog = NULL;
	unsigned char seen[256] = { 0 };
	struct lang_diag diag;
	unsigned int count = 0;
	size_t i;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	CHECK(prog->nr_exprs > 20 && prog->nr_exprs < sizeof(seen));
	for (i = 0; i < prog->nr_probes; i++) {
		collect_ids(prog->probes[i]->pred, seen, prog->nr_exprs, &count);
		collect_block(&prog->probes[i]->body, seen, prog->nr_exprs,
			      &count);
	}
	CHECK_EQ_INT(count, prog->nr_exprs);
	lang_program__free(prog);
}

TEST(lang_if_else_structure)
{
	const char *src = "BEGIN { if (1) { } else if (2) { exit(); } }";
	struct lang_program *prog = NULL;
	const struct lang_stmt *s, *inner;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	s = prog->probes[0]->body.items[0];
	CHECK_EQ_INT(s->kind, LANG_STMT_IF);
	CHECK_EQ_INT(s->if_stmt.then.nr, 0);
	CHECK(s->if_stmt.has_else);
	CHECK_EQ_INT(s->if_stmt.otherwise.nr, 1);
	inner = s->if_stmt.otherwise.items[0];
	CHECK_EQ_INT(inner->kind, LANG_STMT_IF);
	CHECK(!inner->if_stmt.has_else);
	CHECK_EQ_INT(inner->if_stmt.then.nr, 1);
	CHECK_EQ_INT(s->loc.col, 9);
	CHECK_EQ_INT(s->loc.end_col, 43);
	CHECK_EQ_INT(inner->loc.col, 25);
	lang_program__free(prog);
}

TEST(lang_unroll_count)
{
	const char *src = "BEGIN { unroll(0x10) { } }";
	struct lang_program *prog = NULL;
	const struct lang_stmt *s;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	s = prog->probes[0]->body.items[0];
	CHECK_EQ_INT(s->kind, LANG_STMT_UNROLL);
	CHECK_EQ_INT(s->unroll.count, 16);
	CHECK_EQ_INT(s->unroll.count_loc.col, 16);
	CHECK_EQ_INT(s->unroll.count_loc.end_col, 20);
	lang_program__free(prog);
}

/* "\0" inside a string: the length counts it, the dump shows it. */
TEST(lang_string_with_nul)
{
	const char *src = "BEGIN { printf(\"a\\0b\\x00\\n\"); }";
	struct lang_program *prog = NULL;
	const struct lang_expr *s;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	s = prog->probes[0]->body.items[0]->expr->call.args.items[0];
	CHECK_EQ_INT(s->str.len, 5);
	CHECK(!memcmp(s->str.data, "a\0b\0\n", 6));
	lang_program__free(prog);
}

TEST(lang_attach_parse_direct)
{
	struct lang_loc loc = { 3, 5, 3, 24 };
	struct lang_attach ap;
	struct lang_diag diag;
	struct strbuf sb;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang_attach__parse("u:/bin/sh:main+0x20", 19, loc, NULL,
					&ap, &diag),
		     0);
	CHECK_EQ_INT(ap.type, LANG_PROBE_UPROBE);
	CHECK_EQ_STR(ap.target, "/bin/sh");
	CHECK_EQ_STR(ap.name, "main");
	CHECK(ap.has_offset);
	CHECK_EQ_INT(ap.offset, 32);
	CHECK_EQ_INT(ap.loc.line, 3);
	lang_attach__release(&ap);
	lang_attach__release(&ap); /* a second release is harmless */

	/* a failure leaves nothing to release; the span is the part's */
	CHECK_EQ_INT(lang_attach__parse("interval:s:x", 12, loc, "a.bt", &ap,
					&diag),
		     -EINVAL);
	CHECK(!ap.raw && !ap.name);
	CHECK_EQ_INT(diag.loc.col, 16);
	CHECK_EQ_INT(diag.loc.end_col, 17);
	strbuf__init(&sb, DUMP_MAX);
	CHECK_EQ_INT(lang_diag__render(&sb, &diag, NULL, 0), 0);
	CHECK_EQ_STR(sb.buf, "a.bt:3:16: ERROR: malformed attach point "
			     "'interval:s:x': 'x' is not a number\n");
	strbuf__release(&sb);
}

TEST(lang_names)
{
	CHECK_EQ_STR(lang_probe_type__name(LANG_PROBE_BEGIN), "BEGIN");
	CHECK_EQ_STR(lang_probe_type__name(LANG_PROBE_URETPROBE), "uretprobe");
	CHECK_EQ_STR(lang_probe_type__name(LANG_PROBE_FEXIT), "fexit");
	CHECK_EQ_STR(lang_probe_type__name(LANG_PROBE__COUNT), "?");
	CHECK_EQ_STR(lang_time_unit__name(LANG_UNIT_MS), "ms");
	CHECK_EQ_STR(lang_time_unit__name(LANG_UNIT_NONE), "");
	CHECK_EQ_STR(lang_op__str(LANG_OP_NONE), "=");
	CHECK_EQ_STR(lang_op__str(LANG_OP_SHR), ">>");
	CHECK_EQ_STR(lang_op__str(LANG_OP_LAND), "&&");
	CHECK_EQ_STR(lang_op__str(LANG_OP_DEREF), "*");
	CHECK_EQ_STR(lang_op__str(LANG_OP_POST_DEC), "--");
	CHECK_EQ_STR(lang_expr_kind__name(LANG_EXPR_POSITIONAL_COUNT),
		     "positional");
	CHECK_EQ_STR(lang_expr_kind__name(LANG_EXPR_SIZEOF), "sizeof");
}

/* The source need not end with a NUL: only len bytes count. */
TEST(lang_source_length)
{
	const char *src = "BEGIN { exit(); }garbage {";
	struct lang_program *prog = NULL;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, 17, NULL, &prog, &diag), 0);
	CHECK_EQ_INT(prog->nr_probes, 1);
	lang_program__free(prog);
}

TEST(lang_error_nul_byte)
{
	const char src[] = "BEGIN { \0 }";
	char *text = error_of(src, sizeof(src) - 1, NULL);

	CHECK(!strncmp(text, "stdin:1:9: ERROR: unexpected character 0x00\n",
		       44));
	free(text);
}

TEST(lang_error_file_name)
{
	const char *src = "BEGIN {\n  @x = count(\n}\n";
	char *text = error_of(src, strlen(src), "/tmp/x.bt");

	CHECK_EQ_STR(text, "/tmp/x.bt:3:1: ERROR: syntax error: expected an "
			   "expression, found '}'\n"
			   "}\n"
			   "^\n");
	free(text);
}

TEST(lang_error_too_large)
{
	size_t len = LANG_SOURCE_MAX + 1;
	char *src = malloc(len);
	char *text;

	CHECK(src);
	memset(src, ' ', len);
	memcpy(src, "BEGIN { }", 9);
	text = error_of(src, len, NULL);
	CHECK_EQ_STR(text, "stdin: ERROR: the program is too large (more "
			   "than 4194304 bytes)\n");
	free(text);
	free(src);
}

/* Deep nesting fails cleanly instead of exhausting the stack. */
TEST(lang_error_too_deep)
{
	static const char *const shapes[][3] = {
		{ "BEGIN { $x = ", "(", "1" },
		{ "BEGIN { $x = ", "-", "1" },
		{ "BEGIN { $x = 1", "+1", "" },
		{ "BEGIN { $x = a", ".b", "" },
		{ "BEGIN { $x = a", "[1]", "" },
		{ "BEGIN { $x = 1", " ? 1 : 1", "" },
		{ "BEGIN { ", "if (1) { ", "" },
	};
	size_t i, j, n = 20000;

	for (i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		struct strbuf sb;
		char *text;

		strbuf__init(&sb, DUMP_MAX * 4);
		CHECK_EQ_INT(strbuf__addf(&sb, "%s", shapes[i][0]), 0);
		for (j = 0; j < n; j++)
			CHECK_EQ_INT(strbuf__addf(&sb, "%s", shapes[i][1]), 0);
		CHECK_EQ_INT(strbuf__addf(&sb, "%s; }", shapes[i][2]), 0);
		text = error_of(sb.buf, sb.len, NULL);
		CHECK(strstr(text, "ERROR: syntax error: nesting is too deep "
				   "(more than 500 levels)\n"));
		free(text);
		strbuf__release(&sb);
	}
}

/* Long but reasonable chains stay within the limit. */
TEST(lang_long_chains)
{
	struct strbuf sb;
	char *dump;
	size_t i;

	strbuf__init(&sb, DUMP_MAX);
	CHECK_EQ_INT(strbuf__addf(&sb, "BEGIN /pid == 0"), 0);
	for (i = 1; i < 200; i++)
		CHECK_EQ_INT(strbuf__addf(&sb, " || pid == %zu", i), 0);
	CHECK_EQ_INT(strbuf__addf(&sb, "/ { printf(\"x\""), 0);
	for (i = 0; i < 1000; i++)
		CHECK_EQ_INT(strbuf__addf(&sb, ", %zu", i), 0);
	CHECK_EQ_INT(strbuf__addf(&sb, "); }"), 0);
	dump = dump_of(sb.buf, 0);
	CHECK(strstr(dump, "        int 999\n"));
	free(dump);
	strbuf__release(&sb);
}

TEST(lang_diag_render)
{
	const char *src = "line one\n\tline two here\nthree";
	struct lang_loc range = { 2, 2, 2, 6 };
	struct lang_loc multi = { 2, 7, 3, 2 };
	struct lang_diag diag;
	struct strbuf sb;

	strbuf__init(&sb, DUMP_MAX);
	lang_diag__init(&diag);
	CHECK_EQ_INT(lang_diag__render(&sb, &diag, src, strlen(src)), 0);
	CHECK_EQ_INT(sb.len, 0); /* nothing recorded, nothing shown */

	CHECK_EQ_INT(lang_diag__error(&diag, "f.bt", range, "bad %s", "x"),
		     -EINVAL);
	/* the first error stays */
	CHECK_EQ_INT(lang_diag__error(&diag, "g.bt", multi, "later"), -EINVAL);
	CHECK_EQ_INT(lang_diag__render(&sb, &diag, src, strlen(src)), 0);
	CHECK_EQ_STR(sb.buf, "f.bt:2:2-6: ERROR: bad x\n"
			     "\tline two here\n"
			     "\t~~~~\n");

	strbuf__reset(&sb);
	lang_diag__init(&diag);
	lang_diag__set(&diag, LANG_DIAG_WARNING, NULL, multi, "spans lines");
	CHECK_EQ_INT(lang_diag__render(&sb, &diag, src, strlen(src)), 0);
	CHECK_EQ_STR(sb.buf, "stdin:2:7-3:2: WARNING: spans lines\n"
			     "\tline two here\n"
			     "\t     ~~~~~~~~\n");

	/* a line past the end: the header alone */
	strbuf__reset(&sb);
	diag.loc = (struct lang_loc){ 9, 1, 9, 2 };
	CHECK_EQ_INT(lang_diag__render(&sb, &diag, src, strlen(src)), 0);
	CHECK_EQ_STR(sb.buf, "stdin:9:1: WARNING: spans lines\n");
	strbuf__release(&sb);
}

TEST(lang_diag_print)
{
	const char *src = "BEGIN { @x = 1 }\r\n";
	struct lang_loc loc = { 1, 9, 1, 11 };
	struct lang_diag diag;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK(out);
	lang_diag__init(&diag);
	lang_diag__print(out, &diag, src); /* unset: prints nothing */
	lang_diag__error(&diag, NULL, loc, "map '@x' is never read");
	lang_diag__print(out, &diag, src);
	fclose(out);
	CHECK_EQ_STR(text, "stdin:1:9-11: ERROR: map '@x' is never read\n"
			   "BEGIN { @x = 1 }\n"
			   "        ~~\n");
	free(text);
}

TEST(lang_dump_bounded)
{
	struct lang_program *prog = NULL;
	const char *src = "BEGIN { printf(\"hello, world\\n\"); }";
	struct lang_diag diag;
	struct strbuf sb;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	strbuf__init(&sb, 32);
	CHECK_EQ_INT(lang_ast__dump(&sb, prog, 0), -E2BIG);
	strbuf__release(&sb);
	lang_program__free(prog);
	lang_program__free(NULL);
	lang_expr__free(NULL);
	lang_stmt__free(NULL);
	lang_probe__free(NULL);
}

TEST(lang_cdef_fields)
{
	const char *src = "#include <net/sock.h>\nstruct a {\n\tint x;\n};\n"
			  "kprobe:f { }";
	struct lang_program *prog = NULL;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	CHECK_EQ_INT(prog->nr_cdefs, 2);
	CHECK(prog->cdefs[0].preprocessor);
	CHECK_EQ_STR(prog->cdefs[0].text, "#include <net/sock.h>");
	CHECK(!prog->cdefs[1].preprocessor);
	CHECK_EQ_STR(prog->cdefs[1].text, "struct a {\n\tint x;\n};");
	CHECK_EQ_INT(prog->cdefs[1].loc.line, 2);
	CHECK_EQ_INT(prog->cdefs[1].loc.end_line, 4);
	CHECK_EQ_INT(prog->cdefs[1].loc.end_col, 3);
	CHECK_EQ_INT(prog->nr_probes, 1);
	lang_program__free(prog);
}

/* The one-liners of bpftrace's tutorial and reference. */
TEST(lang_parse_hello)
{
	check_dump("BEGIN { printf(\"hello\\n\"); }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      call printf\n"
		"        string \"hello\\n\"\n");
}

TEST(lang_parse_openat_printf)
{
	check_dump("tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", comm, str(args.filename)); }",
		"program\n"
		"  probe\n"
		"    attach tracepoint \"tracepoint:syscalls:sys_enter_openat\" category=syscalls name=sys_enter_openat\n"
		"    body\n"
		"      call printf\n"
		"        string \"%s %s\\n\"\n"
		"        builtin comm\n"
		"        call str\n"
		"          field .filename\n"
		"            builtin args\n");
}

TEST(lang_parse_raw_syscalls_count)
{
	check_dump("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }",
		"program\n"
		"  probe\n"
		"    attach tracepoint \"tracepoint:raw_syscalls:sys_enter\" category=raw_syscalls name=sys_enter\n"
		"    body\n"
		"      assign =\n"
		"        map @\n"
		"          builtin comm\n"
		"        call count\n");
}

TEST(lang_parse_predicate_sum)
{
	check_dump("tracepoint:syscalls:sys_exit_read /args.ret/ { @[comm] = sum(args.ret); }",
		"program\n"
		"  probe\n"
		"    attach tracepoint \"tracepoint:syscalls:sys_exit_read\" category=syscalls name=sys_exit_read\n"
		"    predicate\n"
		"      field .ret\n"
		"        builtin args\n"
		"    body\n"
		"      assign =\n"
		"        map @\n"
		"          builtin comm\n"
		"        call sum\n"
		"          field .ret\n"
		"            builtin args\n");
}

TEST(lang_parse_hist)
{
	check_dump("tracepoint:syscalls:sys_exit_read { @[comm] = hist(args.ret); }",
		"program\n"
		"  probe\n"
		"    attach tracepoint \"tracepoint:syscalls:sys_exit_read\" category=syscalls name=sys_exit_read\n"
		"    body\n"
		"      assign =\n"
		"        map @\n"
		"          builtin comm\n"
		"        call hist\n"
		"          field .ret\n"
		"            builtin args\n");
}

TEST(lang_parse_kretprobe_lhist)
{
	check_dump("kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200); }",
		"program\n"
		"  probe\n"
		"    attach kretprobe \"kretprobe:vfs_read\" name=vfs_read\n"
		"    body\n"
		"      assign =\n"
		"        map @bytes\n"
		"        call lhist\n"
		"          builtin retval\n"
		"          int 0\n"
		"          int 2000\n"
		"          int 200\n");
}

TEST(lang_parse_kprobe_printf)
{
	check_dump("kprobe:do_nanosleep { printf(\"PID %d sleeping...\\n\", pid); }",
		"program\n"
		"  probe\n"
		"    attach kprobe \"kprobe:do_nanosleep\" name=do_nanosleep\n"
		"    body\n"
		"      call printf\n"
		"        string \"PID %d sleeping...\\n\"\n"
		"        builtin pid\n");
}

TEST(lang_parse_profile_ustack)
{
	check_dump("profile:hz:99 /pid == 189/ { @[ustack] = count(); }",
		"program\n"
		"  probe\n"
		"    attach profile \"profile:hz:99\" unit=hz count=99\n"
		"    predicate\n"
		"      binary ==\n"
		"        builtin pid\n"
		"        int 189\n"
		"    body\n"
		"      assign =\n"
		"        map @\n"
		"          builtin ustack\n"
		"        call count\n");
}

TEST(lang_parse_uretprobe_readline)
{
	check_dump("uretprobe:/bin/bash:readline { printf(\"%-6d %s\\n\", pid, str(retval)); }",
		"program\n"
		"  probe\n"
		"    attach uretprobe \"uretprobe:/bin/bash:readline\" target=/bin/bash name=readline\n"
		"    body\n"
		"      call printf\n"
		"        string \"%-6d %s\\n\"\n"
		"        builtin pid\n"
		"        call str\n"
		"          builtin retval\n");
}

TEST(lang_parse_usdt_python)
{
	check_dump("usdt:/usr/bin/python3:python:function__entry { @[str(arg1)] = count(); }",
		"program\n"
		"  probe\n"
		"    attach usdt \"usdt:/usr/bin/python3:python:function__entry\" target=/usr/bin/python3 category=python name=function__entry\n"
		"    body\n"
		"      assign =\n"
		"        map @\n"
		"          call str\n"
		"            builtin arg1\n"
		"        call count\n");
}

TEST(lang_parse_interval_print_clear)
{
	check_dump("interval:s:1 { print(@); clear(@); }",
		"program\n"
		"  probe\n"
		"    attach interval \"interval:s:1\" unit=s count=1\n"
		"    body\n"
		"      call print\n"
		"        map @\n"
		"      call clear\n"
		"        map @\n");
}

TEST(lang_parse_end)
{
	check_dump("END { printf(\"bye\\n\"); }",
		"program\n"
		"  probe\n"
		"    attach END \"END\"\n"
		"    body\n"
		"      call printf\n"
		"        string \"bye\\n\"\n");
}

TEST(lang_parse_kstack_count)
{
	check_dump("kprobe:vfs_read { @[kstack] = count(); }",
		"program\n"
		"  probe\n"
		"    attach kprobe \"kprobe:vfs_read\" name=vfs_read\n"
		"    body\n"
		"      assign =\n"
		"        map @\n"
		"          builtin kstack\n"
		"        call count\n");
}

TEST(lang_parse_nsecs_delta)
{
	check_dump("kprobe:vfs_read { @start[tid] = nsecs; }\n"
		  "kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }",
		"program\n"
		"  probe\n"
		"    attach kprobe \"kprobe:vfs_read\" name=vfs_read\n"
		"    body\n"
		"      assign =\n"
		"        map @start\n"
		"          builtin tid\n"
		"        builtin nsecs\n"
		"  probe\n"
		"    attach kretprobe \"kretprobe:vfs_read\" name=vfs_read\n"
		"    predicate\n"
		"      map @start\n"
		"        builtin tid\n"
		"    body\n"
		"      assign =\n"
		"        map @ns\n"
		"          builtin comm\n"
		"        call hist\n"
		"          binary -\n"
		"            builtin nsecs\n"
		"            map @start\n"
		"              builtin tid\n"
		"      call delete\n"
		"        map @start\n"
		"          builtin tid\n");
}

TEST(lang_parse_multi_probe)
{
	check_dump("tracepoint:a:b, tracepoint:c:d { @[probe] = count(); }",
		"program\n"
		"  probe\n"
		"    attach tracepoint \"tracepoint:a:b\" category=a name=b\n"
		"    attach tracepoint \"tracepoint:c:d\" category=c name=d\n"
		"    body\n"
		"      assign =\n"
		"        map @\n"
		"          builtin probe\n"
		"        call count\n");
}

TEST(lang_parse_several_blocks)
{
	check_dump("BEGIN{printf(\"x\")}END{} kprobe:a,kprobe:b{;} t:x:y { $x = 1 }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      call printf\n"
		"        string \"x\"\n"
		"  probe\n"
		"    attach END \"END\"\n"
		"    body\n"
		"  probe\n"
		"    attach kprobe \"kprobe:a\" name=a\n"
		"    attach kprobe \"kprobe:b\" name=b\n"
		"    body\n"
		"  probe\n"
		"    attach tracepoint \"t:x:y\" category=x name=y\n"
		"    body\n"
		"      assign =\n"
		"        var $x\n"
		"        int 1\n");
}

TEST(lang_parse_empty_blocks)
{
	check_dump("BEGIN { } END {}",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"  probe\n"
		"    attach END \"END\"\n"
		"    body\n");
}

/* Every probe type and alias, split into its parts. */
TEST(lang_parse_probe_types)
{
	check_dump("BEGIN, END, kprobe:do_sys_open, k:mod:f+0x10, kretprobe:vfs_read, kr:m:g, uprobe:/lib/libc.so.6:malloc+4, u:libc:free, uretprobe:/bin/bash:readline, ur:/bin/sh:main, usdt:/bin/p:prov:probe, U:/bin/p:probe, tracepoint:sched:sched_switch, t:irq:irq_handler_entry, rawtracepoint:sched_wakeup, rt:x, profile:hz:99, p:s:1, profile:ms:10, profile:us:100, interval:s:1, i:ms:100, interval:hz:2, i:us:5, software:cpu-clock:1000, s:faults, hardware:cache-misses:100, h:cycles, fentry:vfs_read, f:m:x, kfunc:y, fexit:vfs_write, fr:z, kretfunc:w { }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    attach END \"END\"\n"
		"    attach kprobe \"kprobe:do_sys_open\" name=do_sys_open\n"
		"    attach kprobe \"k:mod:f+0x10\" target=mod name=f offset=16\n"
		"    attach kretprobe \"kretprobe:vfs_read\" name=vfs_read\n"
		"    attach kretprobe \"kr:m:g\" target=m name=g\n"
		"    attach uprobe \"uprobe:/lib/libc.so.6:malloc+4\" target=/lib/libc.so.6 name=malloc offset=4\n"
		"    attach uprobe \"u:libc:free\" target=libc name=free\n"
		"    attach uretprobe \"uretprobe:/bin/bash:readline\" target=/bin/bash name=readline\n"
		"    attach uretprobe \"ur:/bin/sh:main\" target=/bin/sh name=main\n"
		"    attach usdt \"usdt:/bin/p:prov:probe\" target=/bin/p category=prov name=probe\n"
		"    attach usdt \"U:/bin/p:probe\" target=/bin/p name=probe\n"
		"    attach tracepoint \"tracepoint:sched:sched_switch\" category=sched name=sched_switch\n"
		"    attach tracepoint \"t:irq:irq_handler_entry\" category=irq name=irq_handler_entry\n"
		"    attach rawtracepoint \"rawtracepoint:sched_wakeup\" name=sched_wakeup\n"
		"    attach rawtracepoint \"rt:x\" name=x\n"
		"    attach profile \"profile:hz:99\" unit=hz count=99\n"
		"    attach profile \"p:s:1\" unit=s count=1\n"
		"    attach profile \"profile:ms:10\" unit=ms count=10\n"
		"    attach profile \"profile:us:100\" unit=us count=100\n"
		"    attach interval \"interval:s:1\" unit=s count=1\n"
		"    attach interval \"i:ms:100\" unit=ms count=100\n"
		"    attach interval \"interval:hz:2\" unit=hz count=2\n"
		"    attach interval \"i:us:5\" unit=us count=5\n"
		"    attach software \"software:cpu-clock:1000\" name=cpu-clock count=1000\n"
		"    attach software \"s:faults\" name=faults\n"
		"    attach hardware \"hardware:cache-misses:100\" name=cache-misses count=100\n"
		"    attach hardware \"h:cycles\" name=cycles\n"
		"    attach fentry \"fentry:vfs_read\" name=vfs_read\n"
		"    attach fentry \"f:m:x\" target=m name=x\n"
		"    attach fentry \"kfunc:y\" name=y\n"
		"    attach fexit \"fexit:vfs_write\" name=vfs_write\n"
		"    attach fexit \"fr:z\" name=z\n"
		"    attach fexit \"kretfunc:w\" name=w\n"
		"    body\n");
}

TEST(lang_parse_wildcards)
{
	check_dump("tracepoint:syscalls:sys_enter_*, uprobe:/bin/bash:read*, kprobe:vfs_[rw]*, t:sched:sched_?akeup { }",
		"program\n"
		"  probe\n"
		"    attach tracepoint \"tracepoint:syscalls:sys_enter_*\" category=syscalls name=sys_enter_* wildcard\n"
		"    attach uprobe \"uprobe:/bin/bash:read*\" target=/bin/bash name=read* wildcard\n"
		"    attach kprobe \"kprobe:vfs_[rw]*\" name=vfs_[rw]* wildcard\n"
		"    attach tracepoint \"t:sched:sched_?akeup\" category=sched name=sched_?akeup wildcard\n"
		"    body\n");
}

/* Paths hold / . - + and quoted parts. */
TEST(lang_parse_paths)
{
	check_dump("uprobe:/usr/lib/x86_64-linux-gnu/libstdc++.so.6:_ZNSt6thread4joinEv, uprobe:\"/tmp/my prog\":f, usdt:./node-v1.2:node:gc__start { }",
		"program\n"
		"  probe\n"
		"    attach uprobe \"uprobe:/usr/lib/x86_64-linux-gnu/libstdc++.so.6:_ZNSt6thread4joinEv\" target=/usr/lib/x86_64-linux-gnu/libstdc++.so.6 name=_ZNSt6thread4joinEv\n"
		"    attach uprobe \"uprobe:\\\"/tmp/my prog\\\":f\" target=\"/tmp/my prog\" name=f\n"
		"    attach usdt \"usdt:./node-v1.2:node:gc__start\" target=./node-v1.2 category=node name=gc__start\n"
		"    body\n");
}

/* Positional parameters in attach points stay for the caller to expand. */
TEST(lang_parse_positional_in_attach)
{
	check_dump("uprobe:$1:main { printf(\"%s\\n\", $2); }",
		"program\n"
		"  probe\n"
		"    attach uprobe \"uprobe:$1:main\" target=$1 name=main\n"
		"    body\n"
		"      call printf\n"
		"        string \"%s\\n\"\n"
		"        positional $2\n");
}

TEST(lang_parse_if_else_chain)
{
	check_dump("kprobe:f { if ($x > 1) { @a = 1; } else if ($x == 1) { @a = 2; } else { @a = 3; } if (pid) { exit(); } }",
		"program\n"
		"  probe\n"
		"    attach kprobe \"kprobe:f\" name=f\n"
		"    body\n"
		"      if\n"
		"        binary >\n"
		"          var $x\n"
		"          int 1\n"
		"        then\n"
		"          assign =\n"
		"            map @a\n"
		"            int 1\n"
		"        else\n"
		"          if\n"
		"            binary ==\n"
		"              var $x\n"
		"              int 1\n"
		"            then\n"
		"              assign =\n"
		"                map @a\n"
		"                int 2\n"
		"            else\n"
		"              assign =\n"
		"                map @a\n"
		"                int 3\n"
		"      if\n"
		"        builtin pid\n"
		"        then\n"
		"          call exit\n");
}

TEST(lang_parse_unroll_while)
{
	check_dump("BEGIN { $i = 0; unroll(5) { $i++; } while ($i < 10) { $i += 2; if ($i == 6) { break; } continue; } return; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $i\n"
		"        int 0\n"
		"      unroll 5\n"
		"        incdec post++\n"
		"          var $i\n"
		"      while\n"
		"        binary <\n"
		"          var $i\n"
		"          int 10\n"
		"        do\n"
		"          assign +=\n"
		"            var $i\n"
		"            int 2\n"
		"          if\n"
		"            binary ==\n"
		"              var $i\n"
		"              int 6\n"
		"            then\n"
		"              break\n"
		"          continue\n"
		"      return\n");
}

TEST(lang_parse_return_value)
{
	check_dump("BEGIN { return 1 }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      return\n"
		"        int 1\n");
}

TEST(lang_parse_ternary)
{
	check_dump("BEGIN { @x = pid > 1 ? \"big\" : \"small\"; $y = 1 ? 2 : 3 ? 4 : 5; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        map @x\n"
		"        ternary\n"
		"          binary >\n"
		"            builtin pid\n"
		"            int 1\n"
		"          string \"big\"\n"
		"          string \"small\"\n"
		"      assign =\n"
		"        var $y\n"
		"        ternary\n"
		"          int 1\n"
		"          int 2\n"
		"          ternary\n"
		"            int 3\n"
		"            int 4\n"
		"            int 5\n");
}

TEST(lang_parse_casts)
{
	check_dump("kprobe:f { $t = (struct task_struct *)curtask; $a = (uint32)arg0; $b = (int8)$a; $c = (union u **)arg1; $d = (enum e)0; $e = (foo_t *)arg2; $f = (uint8[4])arg3; $g = (int64)-1; }",
		"program\n"
		"  probe\n"
		"    attach kprobe \"kprobe:f\" name=f\n"
		"    body\n"
		"      assign =\n"
		"        var $t\n"
		"        cast (struct task_struct *)\n"
		"          builtin curtask\n"
		"      assign =\n"
		"        var $a\n"
		"        cast (uint32)\n"
		"          builtin arg0\n"
		"      assign =\n"
		"        var $b\n"
		"        cast (int8)\n"
		"          var $a\n"
		"      assign =\n"
		"        var $c\n"
		"        cast (union u **)\n"
		"          builtin arg1\n"
		"      assign =\n"
		"        var $d\n"
		"        cast (enum e)\n"
		"          int 0\n"
		"      assign =\n"
		"        var $e\n"
		"        cast (foo_t *)\n"
		"          builtin arg2\n"
		"      assign =\n"
		"        var $f\n"
		"        cast (uint8[4])\n"
		"          builtin arg3\n"
		"      assign =\n"
		"        var $g\n"
		"        cast (int64)\n"
		"          unary -\n"
		"            int 1\n");
}

TEST(lang_parse_paren_not_cast)
{
	check_dump("BEGIN { $a = (x); $b = (x) * 2; $c = (x * 2); }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $a\n"
		"        builtin x\n"
		"      assign =\n"
		"        var $b\n"
		"        binary *\n"
		"          builtin x\n"
		"          int 2\n"
		"      assign =\n"
		"        var $c\n"
		"        binary *\n"
		"          builtin x\n"
		"          int 2\n");
}

TEST(lang_parse_fields)
{
	check_dump("tracepoint:x:y { $a = args->filename; $b = args.a.b.c; $c = curtask->mm->owner.pid; $d = args->buf[3]; $e = (*arg0).x; }",
		"program\n"
		"  probe\n"
		"    attach tracepoint \"tracepoint:x:y\" category=x name=y\n"
		"    body\n"
		"      assign =\n"
		"        var $a\n"
		"        field ->filename\n"
		"          builtin args\n"
		"      assign =\n"
		"        var $b\n"
		"        field .c\n"
		"          field .b\n"
		"            field .a\n"
		"              builtin args\n"
		"      assign =\n"
		"        var $c\n"
		"        field .pid\n"
		"          field ->owner\n"
		"            field ->mm\n"
		"              builtin curtask\n"
		"      assign =\n"
		"        var $d\n"
		"        index\n"
		"          field ->buf\n"
		"            builtin args\n"
		"          int 3\n"
		"      assign =\n"
		"        var $e\n"
		"        field .x\n"
		"          unary *\n"
		"            builtin arg0\n");
}

TEST(lang_parse_incdec)
{
	check_dump("BEGIN { $x++; $x--; ++$x; --$x; @a++; @b[1, 2]--; ++@c; @d = $x++; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      incdec post++\n"
		"        var $x\n"
		"      incdec post--\n"
		"        var $x\n"
		"      incdec pre++\n"
		"        var $x\n"
		"      incdec pre--\n"
		"        var $x\n"
		"      incdec post++\n"
		"        map @a\n"
		"      incdec post--\n"
		"        map @b\n"
		"          int 1\n"
		"          int 2\n"
		"      incdec pre++\n"
		"        map @c\n"
		"      assign =\n"
		"        map @d\n"
		"        incdec post++\n"
		"          var $x\n");
}

TEST(lang_parse_maps)
{
	check_dump("BEGIN { @a[1, \"x\"] = 2; @ = 3; @[tid] = 4; delete(@a[1, \"x\"]); clear(@a); zero(@b); print(@a); @c[@a[1, \"x\"]] = 5; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        map @a\n"
		"          int 1\n"
		"          string \"x\"\n"
		"        int 2\n"
		"      assign =\n"
		"        map @\n"
		"        int 3\n"
		"      assign =\n"
		"        map @\n"
		"          builtin tid\n"
		"        int 4\n"
		"      call delete\n"
		"        map @a\n"
		"          int 1\n"
		"          string \"x\"\n"
		"      call clear\n"
		"        map @a\n"
		"      call zero\n"
		"        map @b\n"
		"      call print\n"
		"        map @a\n"
		"      assign =\n"
		"        map @c\n"
		"          map @a\n"
		"            int 1\n"
		"            string \"x\"\n"
		"        int 5\n");
}

TEST(lang_parse_compound_assign)
{
	check_dump("BEGIN { @a += 1; @b -= 2; $c *= 3; $d /= 4; $e %= 5; $f <<= 6; $g >>= 7; $h &= 8; $i |= 9; $j ^= 10; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign +=\n"
		"        map @a\n"
		"        int 1\n"
		"      assign -=\n"
		"        map @b\n"
		"        int 2\n"
		"      assign *=\n"
		"        var $c\n"
		"        int 3\n"
		"      assign /=\n"
		"        var $d\n"
		"        int 4\n"
		"      assign %=\n"
		"        var $e\n"
		"        int 5\n"
		"      assign <<=\n"
		"        var $f\n"
		"        int 6\n"
		"      assign >>=\n"
		"        var $g\n"
		"        int 7\n"
		"      assign &=\n"
		"        var $h\n"
		"        int 8\n"
		"      assign |=\n"
		"        var $i\n"
		"        int 9\n"
		"      assign ^=\n"
		"        var $j\n"
		"        int 10\n");
}

TEST(lang_parse_calls)
{
	check_dump("BEGIN { time(\"%H:%M:%S\\n\"); exit(); printf(\"%s\\n\", join(args.argv)); $k = ksym(reg(\"ip\")); @s = stats(1); @m = max(2); @a = avg(3); @n = min(4); $b = buf(arg0, 16); $u = usym(arg1); @st[kstack(perf, 3)] = count(); }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      call time\n"
		"        string \"%H:%M:%S\\n\"\n"
		"      call exit\n"
		"      call printf\n"
		"        string \"%s\\n\"\n"
		"        call join\n"
		"          field .argv\n"
		"            builtin args\n"
		"      assign =\n"
		"        var $k\n"
		"        call ksym\n"
		"          call reg\n"
		"            string \"ip\"\n"
		"      assign =\n"
		"        map @s\n"
		"        call stats\n"
		"          int 1\n"
		"      assign =\n"
		"        map @m\n"
		"        call max\n"
		"          int 2\n"
		"      assign =\n"
		"        map @a\n"
		"        call avg\n"
		"          int 3\n"
		"      assign =\n"
		"        map @n\n"
		"        call min\n"
		"          int 4\n"
		"      assign =\n"
		"        var $b\n"
		"        call buf\n"
		"          builtin arg0\n"
		"          int 16\n"
		"      assign =\n"
		"        var $u\n"
		"        call usym\n"
		"          builtin arg1\n"
		"      assign =\n"
		"        map @st\n"
		"          call kstack\n"
		"            builtin perf\n"
		"            int 3\n"
		"        call count\n");
}

TEST(lang_parse_literals)
{
	check_dump("BEGIN { $a = 0; $b = 42; $c = 0x1F; $d = 0777; $e = 18446744073709551615; $f = \"tab\\tquote\\\"slash\\\\nul\\0oct\\101hex\\x41\"; $g = \"\"; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $a\n"
		"        int 0\n"
		"      assign =\n"
		"        var $b\n"
		"        int 42\n"
		"      assign =\n"
		"        var $c\n"
		"        int 31\n"
		"      assign =\n"
		"        var $d\n"
		"        int 511\n"
		"      assign =\n"
		"        var $e\n"
		"        int 18446744073709551615\n"
		"      assign =\n"
		"        var $f\n"
		"        string \"tab\\tquote\\\"slash\\\\nul\\000octAhexA\"\n"
		"      assign =\n"
		"        var $g\n"
		"        string \"\"\n");
}

TEST(lang_parse_positional)
{
	check_dump("BEGIN { printf(\"%d %s\\n\", $#, str($1)); $x = $2 + $10; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      call printf\n"
		"        string \"%d %s\\n\"\n"
		"        positional $#\n"
		"        call str\n"
		"          positional $1\n"
		"      assign =\n"
		"        var $x\n"
		"        binary +\n"
		"          positional $2\n"
		"          positional $10\n");
}

TEST(lang_parse_tuple)
{
	check_dump("BEGIN { $t = (1, \"two\", pid); @x = $t.1; @y[(1, 2)] = 1; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $t\n"
		"        tuple\n"
		"          int 1\n"
		"          string \"two\"\n"
		"          builtin pid\n"
		"      assign =\n"
		"        map @x\n"
		"        field .1\n"
		"          var $t\n"
		"      assign =\n"
		"        map @y\n"
		"          tuple\n"
		"            int 1\n"
		"            int 2\n"
		"        int 1\n");
}

TEST(lang_parse_sizeof)
{
	check_dump("BEGIN { $a = sizeof(struct task_struct); $b = sizeof($a); $c = sizeof(uint8[4]); $d = sizeof(foo_t *); }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $a\n"
		"        sizeof (struct task_struct)\n"
		"      assign =\n"
		"        var $b\n"
		"        sizeof\n"
		"          var $a\n"
		"      assign =\n"
		"        var $c\n"
		"        sizeof (uint8[4])\n"
		"      assign =\n"
		"        var $d\n"
		"        sizeof (foo_t *)\n");
}

/* Comments, a shebang line, strings that look like comments. */
TEST(lang_parse_comments)
{
	check_dump("#!/usr/bin/env bpftrace\n"
		  "/*\n"
		  " * A block comment\n"
		  " */\n"
		  "BEGIN // the start\n"
		  "{\n"
		  "\tprintf(\"a // not a comment /* either */\\n\"); // a comment\n"
		  "\t/* inline */ @x = 1 /* here */ ;\n"
		  "}\n"
		  "// trailing\n",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      call printf\n"
		"        string \"a // not a comment /* either */\\n\"\n"
		"      assign =\n"
		"        map @x\n"
		"        int 1\n");
}

/* A predicate may divide: only a '/' before '{' closes it. */
TEST(lang_parse_predicate_division)
{
	check_dump("kprobe:f / $x / 2 > 1 / { } kprobe:g /pid/ /* c */ { }",
		"program\n"
		"  probe\n"
		"    attach kprobe \"kprobe:f\" name=f\n"
		"    predicate\n"
		"      binary >\n"
		"        binary /\n"
		"          var $x\n"
		"          int 2\n"
		"        int 1\n"
		"    body\n"
		"  probe\n"
		"    attach kprobe \"kprobe:g\" name=g\n"
		"    predicate\n"
		"      builtin pid\n"
		"    body\n");
}

TEST(lang_parse_no_semicolons)
{
	check_dump("BEGIN { if (1) { $a = 1 } $b = 2; $c = 3 }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      if\n"
		"        int 1\n"
		"        then\n"
		"          assign =\n"
		"            var $a\n"
		"            int 1\n"
		"      assign =\n"
		"        var $b\n"
		"        int 2\n"
		"      assign =\n"
		"        var $c\n"
		"        int 3\n");
}

TEST(lang_parse_keywords_as_fields)
{
	check_dump("BEGIN { $a = args.if + args->struct; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $a\n"
		"        binary +\n"
		"          field .if\n"
		"            builtin args\n"
		"          field ->struct\n"
		"            builtin args\n");
}

/* bpftrace's integer forms: separators and decimal exponents. */
TEST(lang_parse_number_forms)
{
	check_dump("BEGIN { $a = 1_000_000; $b = 1e6; $c = 2E3; $d = 0x1e6; $e = 0xdead_beef; $f = 0e100; $g = 1844674407370955161e1; }",
		"program\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $a\n"
		"        int 1000000\n"
		"      assign =\n"
		"        var $b\n"
		"        int 1000000\n"
		"      assign =\n"
		"        var $c\n"
		"        int 2000\n"
		"      assign =\n"
		"        var $d\n"
		"        int 486\n"
		"      assign =\n"
		"        var $e\n"
		"        int 3735928559\n"
		"      assign =\n"
		"        var $f\n"
		"        int 0\n"
		"      assign =\n"
		"        var $g\n"
		"        int 18446744073709551610\n");
}

/* C before the probes, as bpftrace scripts carry it for kernels without BTF. */
TEST(lang_parse_c_definitions)
{
	check_dump("#!/usr/bin/env bpftrace\n"
		  "#ifndef BPFTRACE_HAVE_BTF\n"
		  "#include <linux/sched.h>\n"
		  "#define X \\\n"
		  "  1\n"
		  "#endif\n"
		  "// a comment\n"
		  "struct s {\n"
		  "\tchar c[2]; /* } ; */\n"
		  "\tconst char *p; // ;\n"
		  "};\n"
		  "typedef unsigned int u32_t; enum e { A, B };\n"
		  "union u { int x; };\n"
		  "BEGIN { $x = (struct s *)0; }",
		"program\n"
		"  cdef \"#ifndef BPFTRACE_HAVE_BTF\"\n"
		"  cdef \"#include <linux/sched.h>\"\n"
		"  cdef \"#define X \\\\\\n  1\"\n"
		"  cdef \"#endif\"\n"
		"  cdef \"struct s {\\n\\tchar c[2]; /* } ; */\\n\\tconst char *p; // ;\\n};\"\n"
		"  cdef \"typedef unsigned int u32_t;\"\n"
		"  cdef \"enum e { A, B };\"\n"
		"  cdef \"union u { int x; };\"\n"
		"  probe\n"
		"    attach BEGIN \"BEGIN\"\n"
		"    body\n"
		"      assign =\n"
		"        var $x\n"
		"        cast (struct s *)\n"
		"          int 0\n");
}

TEST(lang_parse_locations)
{
	check_dump_loc("kprobe:vfs_read /pid == 1/ {\n"
		  "\t@[comm, tid] = count();\n"
		  "\t$x = (uint32)-arg0 + 1;\n"
		  "}",
		"program\n"
		"  probe <1:1-4:2>\n"
		"    attach kprobe \"kprobe:vfs_read\" name=vfs_read <1:1-16>\n"
		"    predicate\n"
		"      binary == <1:18-26>\n"
		"        builtin pid <1:18-21>\n"
		"        int 1 <1:25-26>\n"
		"    body <1:28-4:2>\n"
		"      assign = <2:2-24>\n"
		"        map @ <2:2-14>\n"
		"          builtin comm <2:4-8>\n"
		"          builtin tid <2:10-13>\n"
		"        call count <2:17-24>\n"
		"      assign = <3:2-24>\n"
		"        var $x <3:2-4>\n"
		"        binary + <3:7-24>\n"
		"          cast (uint32) <3:7-20>\n"
		"            unary - <3:15-20>\n"
		"              builtin arg0 <3:16-20>\n"
		"          int 1 <3:23-24>\n");
}

TEST(lang_error_missing_brace)
{
	check_error("tracepoint:syscalls:sys_enter_openat { @[comm] = count() ",
		"stdin:1:57: ERROR: syntax error: expected '}' at the end of the block, found end of file\n"
		"tracepoint:syscalls:sys_enter_openat { @[comm] = count() \n"
		"                                                        ^\n");
}

TEST(lang_error_unknown_character)
{
	check_error("BEGIN { # }",
		"stdin:1:9: ERROR: unexpected character '#'\n"
		"BEGIN { # }\n"
		"        ^\n");
}

TEST(lang_error_unknown_control_character)
{
	check_error("BEGIN { \001 }",
		"stdin:1:9: ERROR: unexpected character 0x01\n"
		"BEGIN { \001 }\n"
		"        ^\n");
}

TEST(lang_error_unterminated_string)
{
	check_error("BEGIN { printf(\"abc); }",
		"stdin:1:16-24: ERROR: unterminated string\n"
		"BEGIN { printf(\"abc); }\n"
		"               ~~~~~~~~\n");
}

TEST(lang_error_string_newline)
{
	check_error("BEGIN { printf(\"abc\n"
		  "\"); }",
		"stdin:1:16-20: ERROR: unterminated string\n"
		"BEGIN { printf(\"abc\n"
		"               ~~~~\n");
}

TEST(lang_error_unterminated_comment)
{
	check_error("BEGIN { /* abc }",
		"stdin:1:9-11: ERROR: unterminated comment: '/*' without '*/'\n"
		"BEGIN { /* abc }\n"
		"        ~~\n");
}

TEST(lang_error_bad_number)
{
	check_error("BEGIN { $x = 12abc; }",
		"stdin:1:14-19: ERROR: invalid number '12abc'\n"
		"BEGIN { $x = 12abc; }\n"
		"             ~~~~~\n");
}

TEST(lang_error_bad_octal)
{
	check_error("BEGIN { $x = 09; }",
		"stdin:1:14-16: ERROR: invalid octal number '09'\n"
		"BEGIN { $x = 09; }\n"
		"             ~~\n");
}

TEST(lang_error_bad_hex)
{
	check_error("BEGIN { $x = 0x; }",
		"stdin:1:14-16: ERROR: invalid hex number '0x'\n"
		"BEGIN { $x = 0x; }\n"
		"             ~~\n");
}

TEST(lang_error_number_overflow)
{
	check_error("BEGIN { $x = 18446744073709551616; }",
		"stdin:1:14-34: ERROR: number '18446744073709551616' does not fit in 64 bits\n"
		"BEGIN { $x = 18446744073709551616; }\n"
		"             ~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(lang_error_float)
{
	check_error("BEGIN { $x = 1.5; }",
		"stdin:1:14-17: ERROR: floating-point numbers are not supported: '1.5'\n"
		"BEGIN { $x = 1.5; }\n"
		"             ~~~\n");
}

TEST(lang_error_bad_escape)
{
	check_error("BEGIN { $x = \"a\\q\"; }",
		"stdin:1:16-18: ERROR: invalid escape '\\q' in string\n"
		"BEGIN { $x = \"a\\q\"; }\n"
		"               ~~\n");
}

TEST(lang_error_octal_escape_range)
{
	check_error("BEGIN { $x = \"a\\777\"; }",
		"stdin:1:16-20: ERROR: octal escape '\\777' is out of range\n"
		"BEGIN { $x = \"a\\777\"; }\n"
		"               ~~~~\n");
}

TEST(lang_error_missing_paren_call)
{
	check_error("BEGIN { printf(\"%d\\n\", pid; }",
		"stdin:1:27: ERROR: syntax error: expected ')' to close the call to 'printf', found ';'\n"
		"BEGIN { printf(\"%d\\n\", pid; }\n"
		"                          ^\n");
}

TEST(lang_error_missing_comma_call)
{
	check_error("BEGIN { printf(\"%d\" pid); }",
		"stdin:1:21-24: ERROR: syntax error: expected ')' to close the call to 'printf', found 'pid'\n"
		"BEGIN { printf(\"%d\" pid); }\n"
		"                    ~~~\n");
}

TEST(lang_error_missing_paren_group)
{
	check_error("BEGIN { $x = (1 + 2; }",
		"stdin:1:20: ERROR: syntax error: expected ')' to close '(', found ';'\n"
		"BEGIN { $x = (1 + 2; }\n"
		"                   ^\n");
}

TEST(lang_error_missing_bracket_key)
{
	check_error("BEGIN { @a[1 = 2; }",
		"stdin:1:14: ERROR: syntax error: expected ']' to close the map key, found '='\n"
		"BEGIN { @a[1 = 2; }\n"
		"             ^\n");
}

TEST(lang_error_missing_bracket_index)
{
	check_error("BEGIN { $x = args.a[1; }",
		"stdin:1:22: ERROR: syntax error: expected ']' to close the index, found ';'\n"
		"BEGIN { $x = args.a[1; }\n"
		"                     ^\n");
}

TEST(lang_error_empty_key)
{
	check_error("BEGIN { @x[] = 1; }",
		"stdin:1:12: ERROR: syntax error: expected a map key, found ']'\n"
		"BEGIN { @x[] = 1; }\n"
		"           ^\n");
}

TEST(lang_error_missing_semicolon)
{
	check_error("BEGIN { @x = 1 @y = 2 }",
		"stdin:1:16-18: ERROR: syntax error: expected ';' or '}' after the statement, found '@y'\n"
		"BEGIN { @x = 1 @y = 2 }\n"
		"               ~~\n");
}

TEST(lang_error_no_body)
{
	check_error("BEGIN",
		"stdin:1:6: ERROR: syntax error: the probe has no body, expected '{'\n"
		"BEGIN\n"
		"     ^\n");
}

TEST(lang_error_no_body_after_predicate)
{
	check_error("kprobe:f /pid/",
		"stdin:1:15: ERROR: syntax error: the probe has no body, expected '{'\n"
		"kprobe:f /pid/\n"
		"              ^\n");
}

TEST(lang_error_no_body_token)
{
	check_error("BEGIN printf(\"x\"); }",
		"stdin:1:7-13: ERROR: syntax error: expected '{', ',' or a /predicate/ after the attach point, found 'printf'\n"
		"BEGIN printf(\"x\"); }\n"
		"      ~~~~~~\n");
}

TEST(lang_error_missing_comma_probes)
{
	check_error("BEGIN END { }",
		"stdin:1:7-10: ERROR: syntax error: expected '{', ',' or a /predicate/ after the attach point, found 'END'\n"
		"BEGIN END { }\n"
		"      ~~~\n");
}

TEST(lang_error_attach_after_comma)
{
	check_error("BEGIN, { }",
		"stdin:1:8: ERROR: syntax error: expected an attach point after ',', found '{'\n"
		"BEGIN, { }\n"
		"       ^\n");
}

TEST(lang_error_predicate_unclosed)
{
	check_error("kprobe:f /pid == 1 { }",
		"stdin:1:20: ERROR: syntax error: expected '/' to close the predicate, found '{'\n"
		"kprobe:f /pid == 1 { }\n"
		"                   ^\n");
}

TEST(lang_error_unknown_probe_type)
{
	check_error("foo:bar { }",
		"stdin:1:1-4: ERROR: unknown probe type 'foo'\n"
		"foo:bar { }\n"
		"~~~\n");
}

TEST(lang_error_probe_type_typo)
{
	check_error("kprob:vfs_read { }",
		"stdin:1:1-6: ERROR: unknown probe type 'kprob'; did you mean 'kprobe'?\n"
		"kprob:vfs_read { }\n"
		"~~~~~\n");
}

TEST(lang_error_probe_type_case)
{
	check_error("begin { }",
		"stdin:1:1-6: ERROR: unknown probe type 'begin'; did you mean 'BEGIN'?\n"
		"begin { }\n"
		"~~~~~\n");
}

TEST(lang_error_probe_type_unsupported)
{
	check_error("watchpoint:0x10000000:8:rw { }",
		"stdin:1:1-11: ERROR: probe type 'watchpoint' is not supported\n"
		"watchpoint:0x10000000:8:rw { }\n"
		"~~~~~~~~~~\n");
}

TEST(lang_error_profile_no_rate)
{
	check_error("profile:hz: { }",
		"stdin:1:12: ERROR: malformed attach point 'profile:hz:': expected a number after 'profile:hz:'\n"
		"profile:hz: { }\n"
		"           ^\n");
}

TEST(lang_error_profile_bad_rate)
{
	check_error("profile:hz:abc { }",
		"stdin:1:12-15: ERROR: malformed attach point 'profile:hz:abc': 'abc' is not a number\n"
		"profile:hz:abc { }\n"
		"           ~~~\n");
}

TEST(lang_error_profile_bad_unit)
{
	check_error("profile:xx:99 { }",
		"stdin:1:9-11: ERROR: malformed attach point 'profile:xx:99': unknown unit 'xx', expected hz, s, ms or us\n"
		"profile:xx:99 { }\n"
		"        ~~\n");
}

TEST(lang_error_interval_no_unit)
{
	check_error("interval::1 { }",
		"stdin:1:10: ERROR: malformed attach point 'interval::1': expected a unit (hz, s, ms or us) after 'interval:'\n"
		"interval::1 { }\n"
		"         ^\n");
}

TEST(lang_error_tracepoint_one_part)
{
	check_error("tracepoint:onlyone { }",
		"stdin:1:1-19: ERROR: malformed attach point 'tracepoint:onlyone': expected tracepoint:CATEGORY:NAME\n"
		"tracepoint:onlyone { }\n"
		"~~~~~~~~~~~~~~~~~~\n");
}

TEST(lang_error_tracepoint_empty_category)
{
	check_error("tracepoint::sys_enter_read { }",
		"stdin:1:12: ERROR: malformed attach point 'tracepoint::sys_enter_read': expected a category after 'tracepoint:'\n"
		"tracepoint::sys_enter_read { }\n"
		"           ^\n");
}

TEST(lang_error_uprobe_no_function)
{
	check_error("uprobe:/bin/bash { }",
		"stdin:1:1-17: ERROR: malformed attach point 'uprobe:/bin/bash': expected uprobe:PATH:FUNCTION[+OFFSET]\n"
		"uprobe:/bin/bash { }\n"
		"~~~~~~~~~~~~~~~~\n");
}

TEST(lang_error_usdt_too_many_parts)
{
	check_error("usdt:/bin/x:a:b:c { }",
		"stdin:1:1-18: ERROR: malformed attach point 'usdt:/bin/x:a:b:c': expected usdt:PATH:[PROVIDER:]NAME\n"
		"usdt:/bin/x:a:b:c { }\n"
		"~~~~~~~~~~~~~~~~~\n");
}

TEST(lang_error_kprobe_empty)
{
	check_error("kprobe: { }",
		"stdin:1:8: ERROR: malformed attach point 'kprobe:': expected a function name after 'kprobe:'\n"
		"kprobe: { }\n"
		"       ^\n");
}

TEST(lang_error_kprobe_no_offset)
{
	check_error("kprobe:f+ { }",
		"stdin:1:10: ERROR: malformed attach point 'kprobe:f+': expected an offset after 'kprobe:f+'\n"
		"kprobe:f+ { }\n"
		"         ^\n");
}

TEST(lang_error_kprobe_bad_offset)
{
	check_error("kprobe:f+zz { }",
		"stdin:1:10-12: ERROR: malformed attach point 'kprobe:f+zz': 'zz' is not a number\n"
		"kprobe:f+zz { }\n"
		"         ~~\n");
}

TEST(lang_error_kretprobe_offset)
{
	check_error("kretprobe:vfs_read+8 { }",
		"stdin:1:19-21: ERROR: malformed attach point 'kretprobe:vfs_read+8': kretprobe takes no offset\n"
		"kretprobe:vfs_read+8 { }\n"
		"                  ~~\n");
}

TEST(lang_error_begin_with_args)
{
	check_error("BEGIN:x { }",
		"stdin:1:1-8: ERROR: malformed attach point 'BEGIN:x': expected BEGIN\n"
		"BEGIN:x { }\n"
		"~~~~~~~\n");
}

TEST(lang_error_software_bad_count)
{
	check_error("software:faults:many { }",
		"stdin:1:17-21: ERROR: malformed attach point 'software:faults:many': 'many' is not a number\n"
		"software:faults:many { }\n"
		"                ~~~~\n");
}

TEST(lang_error_unroll_not_integer)
{
	check_error("BEGIN { unroll(x) { } }",
		"stdin:1:16: ERROR: syntax error: expected an integer count in unroll(N), found 'x'\n"
		"BEGIN { unroll(x) { } }\n"
		"               ^\n");
}

TEST(lang_error_unroll_no_block)
{
	check_error("BEGIN { unroll(2) $x = 1; }",
		"stdin:1:19-21: ERROR: syntax error: expected '{' after unroll(N), found '$x'\n"
		"BEGIN { unroll(2) $x = 1; }\n"
		"                  ~~\n");
}

TEST(lang_error_if_no_paren)
{
	check_error("BEGIN { if $x { } }",
		"stdin:1:12-14: ERROR: syntax error: expected '(' after 'if', found '$x'\n"
		"BEGIN { if $x { } }\n"
		"           ~~\n");
}

TEST(lang_error_if_no_block)
{
	check_error("BEGIN { if ($x) @a = 1; }",
		"stdin:1:17-19: ERROR: syntax error: expected '{' after the if condition, found '@a'\n"
		"BEGIN { if ($x) @a = 1; }\n"
		"                ~~\n");
}

TEST(lang_error_else_no_block)
{
	check_error("BEGIN { if ($x) { } else @a = 1; }",
		"stdin:1:26-28: ERROR: syntax error: expected '{' or 'if' after 'else', found '@a'\n"
		"BEGIN { if ($x) { } else @a = 1; }\n"
		"                         ~~\n");
}

TEST(lang_error_while_unclosed)
{
	check_error("BEGIN { while ($i < 3 { } }",
		"stdin:1:23: ERROR: syntax error: expected ')' after the while condition, found '{'\n"
		"BEGIN { while ($i < 3 { } }\n"
		"                      ^\n");
}

TEST(lang_error_assign_to_builtin)
{
	check_error("BEGIN { pid = 1; }",
		"stdin:1:9-12: ERROR: syntax error: cannot assign to this expression, only to a $variable or an @map\n"
		"BEGIN { pid = 1; }\n"
		"        ~~~\n");
}

TEST(lang_error_increment_literal)
{
	check_error("BEGIN { 5++; }",
		"stdin:1:9: ERROR: syntax error: '++' needs a $variable or an @map\n"
		"BEGIN { 5++; }\n"
		"        ^\n");
}

TEST(lang_error_ternary_no_colon)
{
	check_error("BEGIN { $x = 1 ? 2; }",
		"stdin:1:19: ERROR: syntax error: expected ':' in the conditional expression, found ';'\n"
		"BEGIN { $x = 1 ? 2; }\n"
		"                  ^\n");
}

TEST(lang_error_missing_expression)
{
	check_error("BEGIN { $x = ; }",
		"stdin:1:14: ERROR: syntax error: expected an expression, found ';'\n"
		"BEGIN { $x = ; }\n"
		"             ^\n");
}

TEST(lang_error_missing_field)
{
	check_error("BEGIN { $x = args->; }",
		"stdin:1:20: ERROR: syntax error: expected a field name after '->', found ';'\n"
		"BEGIN { $x = args->; }\n"
		"                   ^\n");
}

TEST(lang_error_cast_no_name)
{
	check_error("BEGIN { $x = (struct *)0; }",
		"stdin:1:22: ERROR: syntax error: expected a type name, found '*'\n"
		"BEGIN { $x = (struct *)0; }\n"
		"                     ^\n");
}

TEST(lang_error_cast_unclosed)
{
	check_error("BEGIN { $x = (uint32 arg0; }",
		"stdin:1:22-26: ERROR: syntax error: expected ')' to close the cast, found 'arg0'\n"
		"BEGIN { $x = (uint32 arg0; }\n"
		"                     ~~~~\n");
}

TEST(lang_error_dollar_alone)
{
	check_error("BEGIN { $x = $; }",
		"stdin:1:14: ERROR: expected a variable name after '$'\n"
		"BEGIN { $x = $; }\n"
		"             ^\n");
}

TEST(lang_error_positional_zero)
{
	check_error("BEGIN { $x = $0; }",
		"stdin:1:14-16: ERROR: invalid positional parameter '$0'\n"
		"BEGIN { $x = $0; }\n"
		"             ~~\n");
}

TEST(lang_error_map_digit)
{
	check_error("BEGIN { @1 = 1; }",
		"stdin:1:9-11: ERROR: invalid map name '@1'\n"
		"BEGIN { @1 = 1; }\n"
		"        ~~\n");
}

TEST(lang_error_nested_block)
{
	check_error("BEGIN { { } }",
		"stdin:1:9: ERROR: syntax error: expected a statement, found '{'\n"
		"BEGIN { { } }\n"
		"        ^\n");
}

TEST(lang_error_no_probe)
{
	check_error("{ printf(\"x\"); }",
		"stdin:1:1: ERROR: syntax error: expected a probe such as BEGIN or kprobe:FUNCTION, found '{'\n"
		"{ printf(\"x\"); }\n"
		"^\n");
}

TEST(lang_error_stray_brace)
{
	check_error("BEGIN { } }",
		"stdin:1:11: ERROR: syntax error: expected a probe such as BEGIN or kprobe:FUNCTION, found '}'\n"
		"BEGIN { } }\n"
		"          ^\n");
}

TEST(lang_error_empty_program)
{
	check_error("",
		"stdin:1:1: ERROR: syntax error: the program has no probes\n"
		"\n"
		"^\n");
}

TEST(lang_error_only_comments)
{
	check_error("// nothing here\n"
		  "/* or here */",
		"stdin:1:1: ERROR: syntax error: the program has no probes\n"
		"// nothing here\n"
		"^\n");
}

TEST(lang_error_cdef_after_probe)
{
	check_error("BEGIN { }\n"
		  "#include <linux/sched.h>",
		"stdin:2:1-25: ERROR: C definitions and preprocessor lines must come before the first probe\n"
		"#include <linux/sched.h>\n"
		"~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(lang_error_cdef_unterminated)
{
	check_error("struct foo {\n"
		  "\tint a;\n"
		  "}\n"
		  "BEGIN { }",
		"stdin:1:1-7: ERROR: unterminated C definition: missing ';' at its end\n"
		"struct foo {\n"
		"~~~~~~\n");
}

TEST(lang_error_hash_in_block)
{
	check_error("BEGIN {\n"
		  "#include <x.h>\n"
		  "}",
		"stdin:2:1: ERROR: unexpected character '#'\n"
		"#include <x.h>\n"
		"^\n");
}

TEST(lang_error_later_line)
{
	check_error("BEGIN {\n"
		  "\t$x = 1;\n"
		  "\t$y = `;\n"
		  "}",
		"stdin:3:7: ERROR: unexpected character '`'\n"
		"\t$y = `;\n"
		"\t     ^\n");
}

TEST(lang_error_eof_after_comment)
{
	check_error("BEGIN {\n"
		  "\t@x = 1;\n"
		  "\t// no closing brace\n",
		"stdin:2:9: ERROR: syntax error: expected '}' at the end of the block, found end of file\n"
		"\t@x = 1;\n"
		"\t       ^\n");
}

