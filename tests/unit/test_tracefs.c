// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "core/tracefs.h"

static const char openat_format[] =
	"name: sys_enter_openat\n"
	"ID: 782\n"
	"format:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n"
	"\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n"
	"\tfield:__data_loc char[] name;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\n"
	"print fmt: \"dfd: 0x%08lx\", REC->dfd\n";

TEST(tracefs_parse_format)
{
	struct tracefs_format fmt;

	CHECK_EQ_INT(tracefs__parse_format(openat_format, &fmt), 0);
	CHECK_EQ_INT(fmt.id, 782);
	CHECK_EQ_INT(fmt.nr_fields, 6);
	CHECK(fmt.fields[0].common);
	CHECK_EQ_STR(fmt.fields[1].name, "common_pid");
	CHECK(fmt.fields[1].is_signed);
	CHECK_EQ_STR(fmt.fields[3].name, "filename");
	CHECK_EQ_STR(fmt.fields[3].type, "const char *");
	CHECK_EQ_INT(fmt.fields[3].offset, 24);
	CHECK_EQ_STR(fmt.fields[4].name, "args");
	CHECK_EQ_INT(fmt.fields[4].array_len, 6);
	CHECK_EQ_STR(fmt.fields[5].name, "name");
	CHECK_EQ_STR(fmt.fields[5].type, "__data_loc char[]");
	CHECK(!fmt.fields[5].common);
}

TEST(tracefs_parse_format_rejects_garbage)
{
	struct tracefs_format fmt;

	CHECK(tracefs__parse_format("", &fmt) < 0);
	CHECK(tracefs__parse_format("\x01\x02garbage\n", &fmt) < 0);
	CHECK(tracefs__parse_format("ID: 1\nfield:int x; offset:zz\n", &fmt) < 0);
}
