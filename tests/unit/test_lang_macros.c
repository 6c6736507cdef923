// SPDX-License-Identifier: GPL-2.0
/* Integer macros of a script's preamble and of the headers it includes. */
#include "harness.h"
#include "lang/macros.h"
#include "lang/parser.h"

#include <errno.h>
#include <string.h>

static struct lang_macros *macros_of(const char *src, bool have_btf,
				     const char *const *dirs)
{
	struct lang_program *prog;
	struct lang_macros *m = NULL;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), "stdin", &prog, &diag), 0);
	CHECK_EQ_INT(lang_macros__read(prog, have_btf, dirs, &m), 0);
	lang_program__free(prog);
	return m;
}

static int64_t value_of(const struct lang_macros *m, const char *name)
{
	int64_t v = 0;

	CHECK_EQ_INT(lang_macros__value(m, name, &v), 0);
	return v;
}

TEST(macros_of_the_preamble)
{
	struct lang_macros *m = macros_of("#define A 0x10\n"
					  "#define B (A)\n"
					  "#define C (-3) /* a comment */\n"
					  "#define D 7UL\n"
					  "#define F(x) ((x) + 1)\n"
					  "#define A 99\n"
					  "#ifndef BPFTRACE_HAVE_BTF\n"
					  "#define E 1\n"
					  "#else\n"
					  "#define E 2\n"
					  "#endif\n"
					  "#ifdef NOT_DEFINED\n"
					  "#define G 1\n"
					  "#endif\n"
					  "BEGIN { exit(); }\n",
					  true, NULL);

	CHECK_EQ_INT(value_of(m, "A"), 16); /* the first definition stays */
	CHECK_EQ_INT(value_of(m, "B"), 16);
	CHECK_EQ_INT(value_of(m, "C"), -3);
	CHECK_EQ_INT(value_of(m, "D"), 7);
	CHECK_EQ_INT(value_of(m, "E"), 2);
	CHECK_EQ_INT(lang_macros__value(m, "F", &(int64_t){0}), -ENOENT);
	CHECK_EQ_INT(lang_macros__value(m, "G", &(int64_t){0}), -ENOENT);
	lang_macros__free(m);
}

/* bpftrace's tcp tools: AF_INET from <sys/socket.h> when BTF is there. */
TEST(macros_of_included_headers)
{
	static const char *const dirs[] = {"/usr/include/x86_64-linux-gnu",
					   "/usr/include/aarch64-linux-gnu",
					   "/usr/include", NULL};
	struct lang_macros *m = macros_of("#ifndef BPFTRACE_HAVE_BTF\n"
					  "#include <linux/socket.h>\n"
					  "#else\n"
					  "#include <sys/socket.h>\n"
					  "#endif\n"
					  "BEGIN { exit(); }\n",
					  true, dirs);

	CHECK_EQ_INT(value_of(m, "AF_INET"), 2);
	CHECK_EQ_INT(value_of(m, "AF_INET6"), 10);
	CHECK_EQ_INT(lang_macros__value(m, "SONDE_NOT_A_MACRO", &(int64_t){0}),
		     -ENOENT);
	lang_macros__free(m);
}
