// SPDX-License-Identifier: GPL-2.0
/* Kernel types from this kernel's BTF, as sonde run reads struct members. */
#include "harness.h"
#include "lang/ktypes.h"

#include <errno.h>
#include <string.h>

/* A kernel built without BTF has nothing to check here. */
static bool have_btf(void)
{
	struct lang_type t;
	uint32_t off;

	return ktypes__member("struct task_struct", 0, "pid", &t, &off) !=
	       -ENODATA;
}

TEST(ktypes_members_of_kernel_structs)
{
	struct lang_type t;
	uint32_t off, pid_off;

	if (!have_btf())
		return;
	CHECK_EQ_INT(
		ktypes__member("struct task_struct", 0, "pid", &t, &pid_off),
		0);
	CHECK(t.kind == LANG_TYPE_INT && t.size == 4 && t.is_signed);
	CHECK_EQ_INT(ktypes__member("struct task_struct", 0, "tgid", &t, &off),
		     0);
	CHECK_EQ_INT(off, pid_off + 4); /* pid_t pid; pid_t tgid; */
	CHECK_EQ_INT(ktypes__member("struct task_struct", 0, "comm", &t, &off),
		     0);
	CHECK(t.kind == LANG_TYPE_STR && t.size == 16);
	CHECK_EQ_INT(ktypes__member("struct task_struct", 0, "se", &t, &off),
		     0);
	CHECK(t.kind == LANG_TYPE_RECORD &&
	      !strcmp(t.pointee, "struct sched_entity"));
	CHECK_EQ_INT(
		ktypes__member("struct task_struct", 0, "parent", &t, &off), 0);
	CHECK(t.kind == LANG_TYPE_PTR &&
	      !strcmp(t.pointee, "struct task_struct"));
	/* In an unnamed union of struct sk_buff: found through it. */
	CHECK_EQ_INT(ktypes__member("struct sk_buff", 0, "next", &t, &off), 0);
	CHECK(t.kind == LANG_TYPE_PTR && !strcmp(t.pointee, "struct sk_buff"));
	CHECK_EQ_INT(ktypes__member("struct task_struct", 0, "no_such_member",
				    &t, &off),
		     -ESRCH);
	CHECK_EQ_INT(
		ktypes__member("struct sonde_no_such_struct", 0, "x", &t, &off),
		-ENOENT);
}

TEST(ktypes_enum_constants)
{
	int64_t v = -1;

	if (!have_btf())
		return;
	CHECK_EQ_INT(ktypes__enum_value("TCP_ESTABLISHED", &v), 0);
	CHECK_EQ_INT(v, 1);
	CHECK_EQ_INT(ktypes__enum_value("SONDE_NO_SUCH_CONSTANT", &v), -ENOENT);
}
