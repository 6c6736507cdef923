// SPDX-License-Identifier: GPL-2.0
/*
 * The type checker: the types it gives the bpftrace one-liners (fake
 * tracepoint formats and USDT notes), and each error's message and
 * caret.
 */
#include "harness.h"
#include "fixtures.h"
#include "core/tracefs.h"
#include "lang/diag.h"
#include "lang/parser.h"
#include "lang/sema.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DUMP_MAX (1u << 20)

static const char openat_fmt[] =
	"name: sys_enter_openat\nID: 782\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char "
	"common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"dfd: 0x%08lx\", REC->dfd\n";

static const char exit_read_fmt[] =
	"name: sys_exit_read\nID: 700\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:long ret;\toffset:16;\tsize:8;\tsigned:1;\n\n"
	"print fmt: \"0x%lx\", REC->ret\n";

static const char raw_enter_fmt[] =
	"name: sys_enter\nID: 21\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
	"\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n\n"
	"print fmt: \"NR %ld\", REC->id\n";

static const char switch_fmt[] =
	"name: sched_switch\nID: 300\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"x\"\n";

static const char execve_fmt[] =
	"name: sys_enter_execve\nID: 800\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"
	"\tfield:const char * filename;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char *const * argv;\toffset:24;\tsize:8;\tsigned:0;\n\n"
	"print fmt: \"x\"\n";

static const char kfree_skb_fmt[] =
	"name: kfree_skb\nID: 1500\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
	"\tfield:void * skbaddr;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:__data_loc char[] name;\toffset:16;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"x\"\n";

static const char rq_issue_fmt[] =
	"name: block_rq_issue\nID: 1200\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
	"\tfield:dev_t dev;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:sector_t sector;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:unsigned int nr_sector;\toffset:24;\tsize:4;\tsigned:0;\n"
	"\tfield:unsigned int bytes;\toffset:28;\tsize:4;\tsigned:0;\n"
	"\tfield:char rwbs[8];\toffset:32;\tsize:8;\tsigned:0;\n"
	"\tfield:char comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:__data_loc char[] cmd;\toffset:56;\tsize:4;\tsigned:0;\n\n"
	"print fmt: \"x\"\n";

static const struct {
	const char *category, *name, *text;
} fmts[] = {
	{"syscalls", "sys_enter_openat", openat_fmt},
	{"syscalls", "sys_exit_read", exit_read_fmt},
	{"raw_syscalls", "sys_enter", raw_enter_fmt},
	{"sched", "sched_switch", switch_fmt},
	{"syscalls", "sys_enter_execve", execve_fmt},
	{"skb", "kfree_skb", kfree_skb_fmt},
	{"block", "block_rq_issue", rq_issue_fmt},
};

static int fake_format(void *ctx, const char *category, const char *name,
		       struct tracefs_format *fmt)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++)
		if (!strcmp(fmts[i].category, category) &&
		    !strcmp(fmts[i].name, name))
			return tracefs__parse_format(fmts[i].text, fmt);
	return -ENOENT;
}

static int fake_glob(void *ctx, const char *category, const char *name,
		     int (*cb)(void *arg, const char *category,
			       const char *name),
		     void *arg)
{
	size_t i;
	int err;

	(void)ctx;
	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		if (fnmatch(category, fmts[i].category, 0) ||
		    fnmatch(name, fmts[i].name, 0))
			continue;
		err = cb(arg, fmts[i].category, fmts[i].name);
		if (err)
			return err;
	}
	return 0;
}

static int fake_usdt(void *ctx, const char *path, const char *provider,
		     const char *name, unsigned int *nr)
{
	(void)ctx;
	(void)path;
	if (!strcmp(name, "function__entry")) {
		*nr = 3;
		return 0;
	}
	return -ENOENT;
}

static const char *const positional[] = {"42", "bash"};

static const struct lang_sema_env fake_env = {
	.tracepoint_format = fake_format,
	.tracepoint_glob = fake_glob,
	.usdt_nr_args = fake_usdt,
	.positional = positional,
	.nr_positional = 2,
};

/* Checks src, which must be valid, and returns the types' dump. */
static char *types_of(const char *src)
{
	struct lang_program *prog = NULL;
	struct lang_sema *sema = NULL;
	struct lang_diag diag;
	struct strbuf sb;
	int err;

	lang_diag__init(&diag);
	err = lang__parse(src, strlen(src), NULL, &prog, &diag);
	if (err)
		lang_diag__print(stderr, &diag, src);
	CHECK_EQ_INT(err, 0);
	err = lang_sema__check(prog, &fake_env, &sema, &diag);
	if (err)
		lang_diag__print(stderr, &diag, src);
	CHECK_EQ_INT(err, 0);
	CHECK(sema && !diag.set);
	strbuf__init(&sb, DUMP_MAX);
	CHECK_EQ_INT(lang_sema__dump(&sb, prog, sema), 0);
	lang_sema__free(sema);
	lang_program__free(prog);
	return sb.buf;
}

static void check_types(const char *src, const char *expected)
{
	char *dump = types_of(src);

	CHECK_EQ_STR(dump, expected);
	free(dump);
}

/* Each of the NULL-terminated lines must be in the dump of src. */
static void check_has(const char *src, ...)
{
	char *dump = types_of(src);
	const char *line;
	va_list ap;

	va_start(ap, src);
	while ((line = va_arg(ap, const char *))) {
		if (!strstr(dump, line)) {
			fprintf(stderr, "  missing \"%s\" in:\n%s", line, dump);
			exit(1);
		}
	}
	va_end(ap);
	free(dump);
}

/* Checks src, which must fail, and returns the rendered diagnostic. */
static void check_error(const char *src, const char *expected)
{
	struct lang_program *prog = NULL;
	struct lang_sema *sema = (struct lang_sema *)1;
	struct lang_diag diag;
	struct strbuf sb;
	int err;

	lang_diag__init(&diag);
	err = lang__parse(src, strlen(src), NULL, &prog, &diag);
	if (err)
		lang_diag__print(stderr, &diag, src);
	CHECK_EQ_INT(err, 0);
	CHECK_EQ_INT(lang_sema__check(prog, &fake_env, &sema, &diag), -EINVAL);
	CHECK(sema == NULL);
	CHECK(diag.set);
	strbuf__init(&sb, DUMP_MAX);
	CHECK_EQ_INT(lang_diag__render(&sb, &diag, src, strlen(src)), 0);
	CHECK_EQ_STR(sb.buf, expected);
	strbuf__release(&sb);
	lang_program__free(prog);
}

TEST(lang_sema_openat_printf)
{
	check_types("tracepoint:syscalls:sys_enter_openat { printf(\"%s "
		    "%s\\n\", comm, str(args.filename)); }",
		    "types\n"
		    "  1:40 call printf: void\n"
		    "  1:47 string: string[7]\n"
		    "  1:58 builtin comm: string[16]\n"
		    "  1:64 call str: string[64]\n"
		    "  1:68 field .filename: ptr(const char, user)\n"
		    "  1:68 builtin args: args\n");
}

TEST(lang_sema_count_by_comm)
{
	check_types("tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }",
		    "types\n"
		    "  1:37 map @: count\n"
		    "  1:39 builtin comm: string[16]\n"
		    "  1:47 call count: count\n"
		    "maps\n"
		    "  @[string[16]]: count\n");
}

TEST(lang_sema_sum_ret)
{
	check_has("tracepoint:syscalls:sys_exit_read /args.ret/ { @[comm] = "
		  "sum(args.ret); }",
		  "1:36 field .ret: int64\n", "call sum: sum\n",
		  "  @[string[16]]: sum\n", NULL);
	check_has("tracepoint:syscalls:sys_exit_read { @bytes = "
		  "hist(args->ret); }",
		  "field ->ret: int64\n", "  @bytes: hist\n", NULL);
	check_has("tracepoint:syscalls:sys_exit_read /pid == 1234/ { @[comm] = "
		  "lhist(args.ret, 0, 1000, 100); }",
		  "binary ==: int64\n", "builtin pid: uint32\n",
		  "  @[string[16]]: lhist(0,1000,100)\n", NULL);
}

/* bpftrace's one-liner tutorial, lessons 1 to 12 (but the struct one). */
TEST(lang_sema_tutorial)
{
	static const char *const progs[] = {
		"BEGIN { printf(\"hello world\\n\"); }",
		"tracepoint:syscalls:sys_enter_openat { printf(\"%s %s\\n\", "
		"comm, str(args.filename)); }",
		"tracepoint:raw_syscalls:sys_enter { @[comm] = count(); }",
		"tracepoint:syscalls:sys_exit_read /pid == 18644/ { @bytes = "
		"hist(args.ret); }",
		"kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200); }",
		"kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read "
		"/@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); "
		"delete(@start[tid]); }",
		"tracepoint:sched:sched* { @[probe] = count(); } interval:s:5 "
		"{ exit(); }",
		"profile:hz:99 { @[kstack] = count(); }",
		"tracepoint:sched:sched_switch { @[kstack] = count(); }",
		"tracepoint:block:block_rq_issue { @ = hist(args.bytes); }",
		"tracepoint:syscalls:sys_exit_read /args.ret/ { @[comm] = "
		"sum(args.ret); }",
		"tracepoint:syscalls:sys_enter_openat /comm == \"bash\"/ { "
		"printf(\"%-16s %s\\n\", comm, str(args.filename)); }",
		"uretprobe:/bin/bash:readline { printf(\"read a line: %s\\n\", "
		"str(retval)); }",
		"kprobe:do_sys_open { printf(\"%s: %s\\n\", comm, str(arg1)); "
		"}",
		"profile:hz:99 /pid == 189/ { @[ustack, comm] = count(); }",
		"interval:s:1 { printf(\"%d\\n\", @c); clear(@c); } "
		"t:raw_syscalls:sys_enter { @c++; }",
		"t:block:block_rq_issue { @[args.rwbs, str(args.cmd)] = "
		"count(); }",
		"software:faults:100 { @[comm, pid] = count(); }",
		"hardware:cache-misses:1000000 { @[comm, cpu] = count(); }",
		"BEGIN { @ts = nsecs; } END { printf(\"%llu ms\\n\", (nsecs - "
		"@ts) / 1000000); time(); }",
	};
	size_t i;

	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		free(types_of(progs[i]));
	check_has("t:block:block_rq_issue { @ = hist(args.bytes); }",
		  "field .bytes: uint32\n", NULL);
	check_has("t:block:block_rq_issue { @[args.rwbs] = count(); }",
		  "  @[string[8]]: count\n", NULL);
}

TEST(lang_sema_tracepoint_fields)
{
	/* syscall arguments: the record's width, the C type's sign */
	check_has("t:syscalls:sys_enter_openat { $d = args.dfd; $m = "
		  "args.mode; $f = args.flags; }",
		  "  probe 0 $d: int64\n", "  probe 0 $m: uint64\n",
		  "  probe 0 $f: int64\n", NULL);
	check_has("t:raw_syscalls:sys_enter { @[args.args[0]] = count(); }",
		  "field .args: uint64[6]\n", "index: uint64\n", NULL);
	check_has("t:sched:sched_switch { @[args.prev_comm, args.next_pid] = "
		  "count(); }",
		  "field .prev_comm: string[16]\n", "field .next_pid: int32\n",
		  "  @[string[16], int64]: count\n", NULL);
	check_has("t:syscalls:sys_enter_execve { printf(\"%s\\n\", "
		  "str(args.argv[0])); }",
		  "field .argv: ptr(const char *, user)\n",
		  "index: ptr(const char, user)\n", NULL);
	check_has("t:skb:kfree_skb { @[str(args.name)] = count(); "
		  "printf(\"%p\\n\", args.skbaddr); }",
		  "field .name: string[64] data_loc\n",
		  "field .skbaddr: ptr(void, kernel)\n", NULL);
	check_has(
		"t:syscalls:sys_enter_openat { @[args.common_pid] = count(); }",
		"field .common_pid: int32\n", NULL);
}

TEST(lang_sema_probes_args)
{
	check_has("uprobe:/bin/bash:readline { printf(\"%d\\n\", arg0); } "
		  "uretprobe:/bin/bash:readline { printf(\"%s\\n\", "
		  "str(retval)); }",
		  "builtin arg0: uint64\n", "builtin retval: uint64\n", NULL);
	check_has(
		"kretprobe:vfs_read { @bytes = lhist(retval, 0, 2000, 200); }",
		"  @bytes: lhist(0,2000,200)\n", NULL);
	check_has("usdt:/usr/bin/python3:python:function__entry { @[str(arg1), "
		  "str(arg0)] = count(); }",
		  "builtin arg1: uint64\n",
		  "  @[string[64], string[64]]: count\n", NULL);
	check_has("kprobe:do_nanosleep { printf(\"%s %s\\n\", func, probe); }",
		  "builtin func: ksym\n", "builtin probe: probe\n", NULL);
	check_has("uprobe:/bin/bash:readline { @[func] = count(); }",
		  "  @[usym]: count\n", NULL);
	check_has("rawtracepoint:sched_switch { @[arg1] = count(); }",
		  "  @[uint64]: count\n", NULL);
}

TEST(lang_sema_profile_stacks)
{
	check_has("profile:hz:99 /pid == 189/ { @[ustack] = count(); }",
		  "  @[ustack(127)]: count\n", NULL);
	check_has("profile:hz:99 { @[kstack(5), ustack(perf, 10), comm] = "
		  "count(); }",
		  "call kstack: kstack(5)\n",
		  "  @[kstack(5), ustack(perf, 10), string[16]]: count\n",
		  NULL);
	check_has("kprobe:vfs_read { @[kstack] = count(); } interval:s:5 { "
		  "print(@); clear(@); }",
		  "  @[kstack(127)]: count\n", NULL);
	check_has("interval:s:1 { time(\"%H:%M:%S\\n\"); print(@x, 10); "
		  "zero(@x); exit(); } kprobe:f { @x[pid] = max(nsecs); }",
		  "  @x[uint64]: max\n", NULL);
}

TEST(lang_sema_vars_and_maps)
{
	check_types("kprobe:vfs_read { @start[tid] = nsecs; } "
		    "kretprobe:vfs_read /@start[tid]/ { $d = nsecs - "
		    "@start[tid]; @ns[comm] = hist($d); delete(@start[tid]); }",
		    "types\n"
		    "  1:19 map @start: uint64\n"
		    "  1:26 builtin tid: uint32\n"
		    "  1:33 builtin nsecs: uint64\n"
		    "  1:62 map @start: uint64\n"
		    "  1:69 builtin tid: uint32\n"
		    "  1:77 var $d: uint64\n"
		    "  1:82 binary -: uint64\n"
		    "  1:82 builtin nsecs: uint64\n"
		    "  1:90 map @start: uint64\n"
		    "  1:97 builtin tid: uint32\n"
		    "  1:103 map @ns: hist\n"
		    "  1:107 builtin comm: string[16]\n"
		    "  1:115 call hist: hist\n"
		    "  1:120 var $d: uint64\n"
		    "  1:125 call delete: void\n"
		    "  1:132 map @start: uint64\n"
		    "  1:139 builtin tid: uint32\n"
		    "maps\n"
		    "  @start[uint64]: uint64\n"
		    "  @ns[string[16]]: hist\n"
		    "vars\n"
		    "  probe 1 $d: uint64\n");
	/* read in BEGIN before the probe that fills it */
	check_has("END { printf(\"%d\\n\", @total); } kprobe:f { @total = "
		  "@total + 1; @n++; @s += 2; }",
		  "1:22 map @total: int64\n", "  @n: int64\n", "  @s: int64\n",
		  NULL);
	check_has("BEGIN { $s = \"a\"; $s = comm; $i = 1; $i = (uint8)2; $i += "
		  "1; $i++; }",
		  "  probe 0 $s: string[16]\n", "  probe 0 $i: int64\n", NULL);
	check_has("BEGIN { $x = 1; } END { $x = \"s\"; }",
		  "  probe 0 $x: int64\n", "  probe 1 $x: string[2]\n", NULL);
	check_has("BEGIN { @[\"a\"] = 1; @[comm] = 2; }",
		  "  @[string[16]]: int64\n", NULL);
	check_has("BEGIN { $t = (1, \"x\"); @t = $t; printf(\"%d %s\\n\", "
		  "$t.0, $t.1); }",
		  "field .0: int64\n", "field .1: string[2]\n", NULL);
	check_has("BEGIN { @u[username] = count(); @k[ksym(0)] = count(); }",
		  "  @u[username]: count\n", "  @k[ksym]: count\n", NULL);
}

TEST(lang_sema_expressions)
{
	check_has("BEGIN { $a = 1 < 2; $b = comm == \"bash\"; $c = (uint32)5; "
		  "$d = -(uint16)1; $e = 1 ? \"a\" : \"bcd\"; $f = !5; $g = "
		  "sizeof(uint16); }",
		  "  probe 0 $a: int64\n", "  probe 0 $b: int64\n",
		  "  probe 0 $c: uint32\n", "  probe 0 $d: int64\n",
		  "  probe 0 $e: string[4]\n", "  probe 0 $f: int64\n",
		  "  probe 0 $g: uint64\n", NULL);
	check_has("BEGIN { $p = (int32 *)0; $v = *$p; $q = $p + 1; $b = "
		  "buf($p, 8); printf(\"%r\\n\", $b); }",
		  "  probe 0 $p: ptr(int32, kernel)\n", "  probe 0 $v: int32\n",
		  "  probe 0 $q: ptr(int32, kernel)\n",
		  "  probe 0 $b: buf[8]\n", NULL);
	check_has("BEGIN { $a = 0xffffffffffffffff; $b = 0x7fffffffffffffff; }",
		  "  probe 0 $a: uint64\n", "  probe 0 $b: int64\n", NULL);
	check_has("BEGIN { printf(\"%d %s\\n\", $1, $2); printf(\"%d\\n\", "
		  "$#); }",
		  "positional: int64\n", "positional $2: string[5]\n", NULL);
	check_has("BEGIN { $i = 0; while ($i < 5) { $i++; if ($i == 3) { "
		  "break; } } unroll (3) { $i--; } }",
		  "  probe 0 $i: int64\n", NULL);
	check_has("BEGIN { printf(\"%-10s %5d %lu %llx %x %c %% %p %i %o %X "
		  "%ld %lld %llu %lx\\n\", comm, pid, nsecs, 1, 2, 65, 0, 1, "
		  "2, 3, 4, 5, 6, 7); }",
		  "call printf: void\n", NULL);
}

TEST(lang_sema_errors_names)
{
	check_error("kprobe:f { @x = cont(); }",
		    "stdin:1:17-23: ERROR: unknown function 'cont'; did you "
		    "mean 'count'?\n"
		    "kprobe:f { @x = cont(); }\n"
		    "                ~~~~~~\n");
	check_error("kprobe:f { @x = frobnicate(); }",
		    "stdin:1:17-29: ERROR: unknown function 'frobnicate'\n"
		    "kprobe:f { @x = frobnicate(); }\n"
		    "                ~~~~~~~~~~~~\n");
	check_error("BEGIN { @x = cmm; }",
		    "stdin:1:14-17: ERROR: unknown identifier 'cmm'; did you "
		    "mean 'comm'?\n"
		    "BEGIN { @x = cmm; }\n"
		    "             ~~~\n");
	check_error("BEGIN { printf(\"%d\\n\", $x); }",
		    "stdin:1:24-26: ERROR: $x is used before it is assigned\n"
		    "BEGIN { printf(\"%d\\n\", $x); }\n"
		    "                       ~~\n");
	/* variables belong to their probe */
	check_error("BEGIN { $x = 1; } END { $y = $x; }",
		    "stdin:1:30-32: ERROR: $x is used before it is assigned\n"
		    "BEGIN { $x = 1; } END { $y = $x; }\n"
		    "                             ~~\n");
}

TEST(lang_sema_errors_printf)
{
	check_error("BEGIN { printf(\"%s\\n\", 1 + 2); }",
		    "stdin:1:24-29: ERROR: printf: %s expects a string, got a "
		    "64-bit integer\n"
		    "BEGIN { printf(\"%s\\n\", 1 + 2); }\n"
		    "                       ~~~~~\n");
	check_error("BEGIN { printf(\"%d\\n\", comm); }",
		    "stdin:1:24-28: ERROR: printf: %d expects an integer, got "
		    "a string\n"
		    "BEGIN { printf(\"%d\\n\", comm); }\n"
		    "                       ~~~~\n");
	check_error("BEGIN { printf(\"%d %d\\n\", 1); }",
		    "stdin:1:9-29: ERROR: printf: the format has 2 specifiers "
		    "but 1 argument is given\n"
		    "BEGIN { printf(\"%d %d\\n\", 1); }\n"
		    "        ~~~~~~~~~~~~~~~~~~~~\n");
	check_error("BEGIN { printf(\"%d\\n\", 1, 2); }",
		    "stdin:1:9-29: ERROR: printf: the format has 1 specifier "
		    "but 2 arguments are given\n"
		    "BEGIN { printf(\"%d\\n\", 1, 2); }\n"
		    "        ~~~~~~~~~~~~~~~~~~~~\n");
	check_error(
		"BEGIN { printf(\"%q\\n\", 1); }",
		"stdin:1:16-22: ERROR: printf: unknown format specifier '%q'\n"
		"BEGIN { printf(\"%q\\n\", 1); }\n"
		"               ~~~~~~\n");
	check_error("BEGIN { $f = \"%d\"; printf($f, 1); }",
		    "stdin:1:27-29: ERROR: printf: the format must be a string "
		    "literal\n"
		    "BEGIN { $f = \"%d\"; printf($f, 1); }\n"
		    "                          ~~\n");
	check_error("BEGIN { printf(\"%lu\\n\", kstack); }",
		    "stdin:1:25-31: ERROR: printf: %lu expects an integer, got "
		    "a kernel stack\n"
		    "BEGIN { printf(\"%lu\\n\", kstack); }\n"
		    "                        ~~~~~~\n");
}

TEST(lang_sema_errors_maps)
{
	check_error("BEGIN { @x[1] = 1; @x[1, 2] = 2; }",
		    "stdin:1:20-28: ERROR: map @x is used with 2 keys here and "
		    "1 key elsewhere\n"
		    "BEGIN { @x[1] = 1; @x[1, 2] = 2; }\n"
		    "                   ~~~~~~~~\n");
	check_error("BEGIN { @x = 1; @x[1] = 2; }",
		    "stdin:1:17-22: ERROR: map @x is used with 1 key here and "
		    "no keys elsewhere\n"
		    "BEGIN { @x = 1; @x[1] = 2; }\n"
		    "                ~~~~~\n");
	check_error("BEGIN { @x[1] = 1; @x[\"a\"] = 2; }",
		    "stdin:1:23-26: ERROR: map @x has a key of a string here "
		    "and of a 64-bit integer elsewhere\n"
		    "BEGIN { @x[1] = 1; @x[\"a\"] = 2; }\n"
		    "                      ~~~\n");
	check_error("BEGIN { @x[1, 2] = 1; @x[1, comm] = 2; }",
		    "stdin:1:29-33: ERROR: map @x: key 2 is a string here and "
		    "a 64-bit integer elsewhere\n"
		    "BEGIN { @x[1, 2] = 1; @x[1, comm] = 2; }\n"
		    "                            ~~~~\n");
	check_error("BEGIN { @x = count(); } END { @x = 1; }",
		    "stdin:1:36: ERROR: map @x is assigned a 64-bit integer "
		    "here and count() elsewhere\n"
		    "BEGIN { @x = count(); } END { @x = 1; }\n"
		    "                                   ^\n");
	check_error("BEGIN { @x = count(); } END { @x = sum(1); }",
		    "stdin:1:36-42: ERROR: map @x is assigned sum() here and "
		    "count() elsewhere\n"
		    "BEGIN { @x = count(); } END { @x = sum(1); }\n"
		    "                                   ~~~~~~\n");
	check_error("BEGIN { @x = 1; @x = comm; }",
		    "stdin:1:22-26: ERROR: map @x holds a string here and a "
		    "64-bit integer elsewhere\n"
		    "BEGIN { @x = 1; @x = comm; }\n"
		    "                     ~~~~\n");
	check_error("BEGIN { @x = count(); printf(\"%d\\n\", @x); }",
		    "stdin:1:38-40: ERROR: map @x holds count() and cannot be "
		    "read as a value\n"
		    "BEGIN { @x = count(); printf(\"%d\\n\", @x); }\n"
		    "                                     ~~\n");
	check_error(
		"BEGIN { printf(\"%d\\n\", @never); }",
		"stdin:1:24-30: ERROR: map @never is read but never assigned\n"
		"BEGIN { printf(\"%d\\n\", @never); }\n"
		"                       ~~~~~~\n");
	check_error("BEGIN { $x = count(); }",
		    "stdin:1:14-21: ERROR: count() can only be assigned to a "
		    "map: @m = count(...)\n"
		    "BEGIN { $x = count(); }\n"
		    "             ~~~~~~~\n");
	check_error("BEGIN { @x = count() + 1; }",
		    "stdin:1:14-21: ERROR: count() must be assigned directly "
		    "to a map: @m = count(...)\n"
		    "BEGIN { @x = count() + 1; }\n"
		    "             ~~~~~~~\n");
	check_error("BEGIN { @x = \"s\"; @x++; }",
		    "stdin:1:19-23: ERROR: ++ needs an integer, map @x holds a "
		    "string\n"
		    "BEGIN { @x = \"s\"; @x++; }\n"
		    "                  ~~~~\n");
	check_error("BEGIN { @x[1] = 1; clear(@x[1]); }",
		    "stdin:1:26-31: ERROR: clear() takes a whole map: @x, "
		    "without keys\n"
		    "BEGIN { @x[1] = 1; clear(@x[1]); }\n"
		    "                         ~~~~~\n");
	check_error(
		"BEGIN { @x[1] = 1; delete(@x); }",
		"stdin:1:27-29: ERROR: map @x is used with no keys here and 1 "
		"key elsewhere\n"
		"BEGIN { @x[1] = 1; delete(@x); }\n"
		"                          ~~\n");
}

TEST(lang_sema_errors_aggregations)
{
	check_error("BEGIN { @ = count(1); }",
		    "stdin:1:13-21: ERROR: count() takes no arguments\n"
		    "BEGIN { @ = count(1); }\n"
		    "            ~~~~~~~~\n");
	check_error("BEGIN { @ = sum(comm); }",
		    "stdin:1:17-21: ERROR: sum: the value must be an integer, "
		    "got a string\n"
		    "BEGIN { @ = sum(comm); }\n"
		    "                ~~~~\n");
	check_error("BEGIN { @ = lhist(1, 0, 100, 0); }",
		    "stdin:1:30: ERROR: lhist: the step must be a positive "
		    "constant\n"
		    "BEGIN { @ = lhist(1, 0, 100, 0); }\n"
		    "                             ^\n");
	check_error("BEGIN { $s = 10; @ = lhist(1, 0, 100, $s); }",
		    "stdin:1:39-41: ERROR: lhist: the step must be a positive "
		    "constant\n"
		    "BEGIN { $s = 10; @ = lhist(1, 0, 100, $s); }\n"
		    "                                      ~~\n");
	check_error("BEGIN { @ = lhist(1, 100, 0, 10); }",
		    "stdin:1:27: ERROR: lhist: the maximum must be greater "
		    "than the minimum\n"
		    "BEGIN { @ = lhist(1, 100, 0, 10); }\n"
		    "                          ^\n");
	check_error(
		"BEGIN { @ = lhist(1, pid, 10, 1); }",
		"stdin:1:22-25: ERROR: lhist: the minimum must be a constant\n"
		"BEGIN { @ = lhist(1, pid, 10, 1); }\n"
		"                     ~~~\n");
	check_error(
		"BEGIN { @ = hist(1, 9); }",
		"stdin:1:13-23: ERROR: hist() takes one integer argument\n"
		"BEGIN { @ = hist(1, 9); }\n"
		"            ~~~~~~~~~~\n");
}

TEST(lang_sema_errors_probe_context)
{
	check_error("tracepoint:syscalls:sys_enter_openat { printf(\"%s\\n\", "
		    "str(args.fname)); }",
		    "stdin:1:59-69: ERROR: tracepoint "
		    "syscalls:sys_enter_openat has no field 'fname'\n"
		    "tracepoint:syscalls:sys_enter_openat { printf(\"%s\\n\", "
		    "str(args.fname)); }\n"
		    "                                                          "
		    "~~~~~~~~~~\n");
	check_error("t:syscalls:sys_enter_openat { @ = args.xyzzy_nothing; }",
		    "stdin:1:35-53: ERROR: tracepoint "
		    "syscalls:sys_enter_openat has no field 'xyzzy_nothing'\n"
		    "t:syscalls:sys_enter_openat { @ = args.xyzzy_nothing; }\n"
		    "                                  ~~~~~~~~~~~~~~~~~~\n");
	check_error(
		"t:syscalls:sys_enter_nothing { @ = args.x; }",
		"stdin:1:36-40: ERROR: cannot read the format of tracepoint "
		"syscalls:sys_enter_nothing: No such file or directory\n"
		"t:syscalls:sys_enter_nothing { @ = args.x; }\n"
		"                                   ~~~~\n");
	check_error("t:syscalls:sys_enter_openat, t:syscalls:sys_exit_read { @ "
		    "= args.ret; }",
		    "stdin:1:61-69: ERROR: tracepoint "
		    "syscalls:sys_enter_openat has no field 'ret'\n"
		    "t:syscalls:sys_enter_openat, t:syscalls:sys_exit_read { @ "
		    "= args.ret; }\n"
		    "                                                          "
		    "  ~~~~~~~~\n");
	check_error("kprobe:f { @ = args.x; }",
		    "stdin:1:16-20: ERROR: args is only available in "
		    "tracepoint probes\n"
		    "kprobe:f { @ = args.x; }\n"
		    "               ~~~~\n");
	check_error("t:syscalls:sys_enter_openat { @ = arg0; }",
		    "stdin:1:35-39: ERROR: arg0 is only available in kprobe, "
		    "uprobe, usdt, rawtracepoint and fentry probes\n"
		    "t:syscalls:sys_enter_openat { @ = arg0; }\n"
		    "                                  ~~~~\n");
	check_error("kprobe:f { @ = retval; }",
		    "stdin:1:16-22: ERROR: retval is only available in "
		    "kretprobe, uretprobe and fexit probes\n"
		    "kprobe:f { @ = retval; }\n"
		    "               ~~~~~~\n");
	check_error("BEGIN { @ = arg1; }",
		    "stdin:1:13-17: ERROR: arg1 is only available in kprobe, "
		    "uprobe, usdt, rawtracepoint and fentry probes\n"
		    "BEGIN { @ = arg1; }\n"
		    "            ~~~~\n");
	check_error(
		"usdt:/usr/bin/python3:python:function__entry { @ = arg3; }",
		"stdin:1:52-56: ERROR: usdt probe python:function__entry has 3 "
		"arguments; arg3 is out of range\n"
		"usdt:/usr/bin/python3:python:function__entry { @ = arg3; }\n"
		"                                                   ~~~~\n");
	check_error(
		"t:syscalls:sys_enter_openat { @ = args; }",
		"stdin:1:35-39: ERROR: args can only be used as args.FIELD\n"
		"t:syscalls:sys_enter_openat { @ = args; }\n"
		"                                  ~~~~\n");
	check_error("interval:s:1 { @[func] = count(); }",
		    "stdin:1:18-22: ERROR: func is only available in kprobe, "
		    "uprobe, fentry and usdt probes and their return probes\n"
		    "interval:s:1 { @[func] = count(); }\n"
		    "                 ~~~~\n");
}

TEST(lang_sema_errors_expressions)
{
	check_error("BEGIN { if (comm < \"a\") { exit(); } }",
		    "stdin:1:13-23: ERROR: strings can only be compared with "
		    "== and !=\n"
		    "BEGIN { if (comm < \"a\") { exit(); } }\n"
		    "            ~~~~~~~~~~\n");
	check_error("BEGIN { $x = comm == 1; }",
		    "stdin:1:14-23: ERROR: cannot compare a string with a "
		    "64-bit integer\n"
		    "BEGIN { $x = comm == 1; }\n"
		    "             ~~~~~~~~~\n");
	check_error("BEGIN { $x = comm + 1; }",
		    "stdin:1:14-18: ERROR: the operands of '+' must be "
		    "integers, got a string\n"
		    "BEGIN { $x = comm + 1; }\n"
		    "             ~~~~\n");
	check_error("BEGIN { $x = 1; $x = \"s\"; }",
		    "stdin:1:22-25: ERROR: $x holds a 64-bit integer and "
		    "cannot be assigned a string\n"
		    "BEGIN { $x = 1; $x = \"s\"; }\n"
		    "                     ~~~\n");
	check_error("BEGIN { $x = 1 ? 2 : \"s\"; }",
		    "stdin:1:14-25: ERROR: the branches of ?: have different "
		    "types: a 64-bit integer and a string\n"
		    "BEGIN { $x = 1 ? 2 : \"s\"; }\n"
		    "             ~~~~~~~~~~~\n");
	check_error("BEGIN /comm/ { exit(); }",
		    "stdin:1:8-12: ERROR: a predicate must be an integer, got "
		    "a string\n"
		    "BEGIN /comm/ { exit(); }\n"
		    "       ~~~~\n");
	check_error("BEGIN { while (comm) { } }",
		    "stdin:1:16-20: ERROR: a condition must be an integer, got "
		    "a string\n"
		    "BEGIN { while (comm) { } }\n"
		    "               ~~~~\n");
	check_error("BEGIN { unroll (101) { } }",
		    "stdin:1:17-20: ERROR: unroll: the count must be from 1 to "
		    "100\n"
		    "BEGIN { unroll (101) { } }\n"
		    "                ~~~\n");
	check_error("BEGIN { break; }",
		    "stdin:1:9-14: ERROR: break outside a loop\n"
		    "BEGIN { break; }\n"
		    "        ~~~~~\n");
	check_error("BEGIN { $x = (struct foo)1; }",
		    "stdin:1:14-27: ERROR: cannot cast to 'struct foo'\n"
		    "BEGIN { $x = (struct foo)1; }\n"
		    "             ~~~~~~~~~~~~~\n");
	check_error("BEGIN { $x = (uint32)comm; }",
		    "stdin:1:22-26: ERROR: cannot cast a string to 'uint32'\n"
		    "BEGIN { $x = (uint32)comm; }\n"
		    "                     ~~~~\n");
	check_error("BEGIN { $x = printf(\"a\"); }",
		    "stdin:1:14-25: ERROR: printf() has no value\n"
		    "BEGIN { $x = printf(\"a\"); }\n"
		    "             ~~~~~~~~~~~\n");
	check_error("BEGIN { $x = ustack(7000); }",
		    "stdin:1:21-25: ERROR: ustack: the depth must be a "
		    "constant from 1 to 1024\n"
		    "BEGIN { $x = ustack(7000); }\n"
		    "                    ~~~~\n");
	check_error("BEGIN { $t = (1, 2); $x = $t.2; }",
		    "stdin:1:27-31: ERROR: the tuple has 2 items; .2 is out of "
		    "range\n"
		    "BEGIN { $t = (1, 2); $x = $t.2; }\n"
		    "                          ~~~~\n");
	check_error("t:raw_syscalls:sys_enter { @ = args.args[6]; }",
		    "stdin:1:42: ERROR: index 6 is out of range: the array has "
		    "6 elements\n"
		    "t:raw_syscalls:sys_enter { @ = args.args[6]; }\n"
		    "                                         ^\n");
}

/* An error before a map's assignment is the one reported. */
TEST(lang_sema_first_real_error)
{
	check_error("END { printf(\"%d\\n\", @total); } kprobe:f { $y = comm + "
		    "1; @total = 1; }",
		    "stdin:1:49-53: ERROR: the operands of '+' must be "
		    "integers, got a string\n"
		    "END { printf(\"%d\\n\", @total); } kprobe:f { $y = comm + "
		    "1; @total = 1; }\n"
		    "                                                ~~~~\n");
}

TEST(lang_sema_address_calls)
{
	check_has("BEGIN { $a = kaddr(\"avenrun\"); printf(\"%lu\\n\", *$a); }",
		  "  probe 0 $a: uint64\n", NULL);
	check_has("uprobe:/bin/bash:readline { @[reg(\"ip\"), uaddr(\"main\")] "
		  "= count(); }",
		  "  @[uint64, uint64]: count\n", NULL);
	check_error("BEGIN { $a = kaddr(comm); }",
		    "stdin:1:14-25: ERROR: kaddr() takes one name as a string "
		    "literal\n"
		    "BEGIN { $a = kaddr(comm); }\n"
		    "             ~~~~~~~~~~~\n");
}

TEST(lang_sema_wildcard_tracepoints)
{
	/* the field must be in every match; its type from the first */
	check_has("t:syscalls:sys_enter_* { @[str(args.filename)] = count(); }",
		  "field .filename: ptr(const char, user)\n",
		  "  @[string[64]]: count\n", NULL);
	check_error("t:syscalls:sys_e* { @[args.filename] = count(); }",
		    "stdin:1:23-36: ERROR: tracepoint syscalls:sys_exit_read "
		    "has no field 'filename'\n"
		    "t:syscalls:sys_e* { @[args.filename] = count(); }\n"
		    "                      ~~~~~~~~~~~~~\n");
	check_error("t:nothing:* { @ = args.x; }",
		    "stdin:1:19-23: ERROR: no tracepoint matches t:nothing:*\n"
		    "t:nothing:* { @ = args.x; }\n"
		    "                  ~~~~\n");
	/* no args: nothing to look up */
	check_has("t:syscalls:sys_enter_* { @[probe] = count(); }",
		  "  @[probe]: count\n", NULL);
}

TEST(lang_sema_more_errors)
{
	check_error(
		"t:syscalls:sys_enter_openat { @ = str(args.filenme); }",
		"stdin:1:39-51: ERROR: tracepoint syscalls:sys_enter_openat "
		"has no field 'filenme'; did you mean 'filename'?\n"
		"t:syscalls:sys_enter_openat { @ = str(args.filenme); }\n"
		"                                      ~~~~~~~~~~~~\n");
	check_error("t:raw_syscalls:sys_enter { $a = args.args; }",
		    "stdin:1:33-42: ERROR: an array cannot be stored; index it "
		    "or read it with buf()\n"
		    "t:raw_syscalls:sys_enter { $a = args.args; }\n"
		    "                                ~~~~~~~~~\n");
	check_error("interval:s:1 { print(@never); }",
		    "stdin:1:22-28: ERROR: map @never is never assigned\n"
		    "interval:s:1 { print(@never); }\n"
		    "                     ~~~~~~\n");
	check_error("BEGIN { $x = 1; $x = \"a\" + 1; }",
		    "stdin:1:22-25: ERROR: the operands of '+' must be "
		    "integers, got a string\n"
		    "BEGIN { $x = 1; $x = \"a\" + 1; }\n"
		    "                     ~~~\n");
	check_error("BEGIN { @[kstack(3)] = count(); @[kstack] = count(); }",
		    "stdin:1:35-41: ERROR: map @ has a key of kstack(127) here "
		    "and of kstack(3) elsewhere\n"
		    "BEGIN { @[kstack(3)] = count(); @[kstack] = count(); }\n"
		    "                                  ~~~~~~\n");
	check_error(
		"BEGIN { $p = (struct task_struct *)curtask; $x = $p->pid; }",
		"stdin:1:50-57: ERROR: cannot read field 'pid' of 'struct "
		"task_struct': struct types are not supported yet\n"
		"BEGIN { $p = (struct task_struct *)curtask; $x = $p->pid; }\n"
		"                                                 ~~~~~~~\n");
	check_error("BEGIN { @x = 1; @y = @x[1]; }",
		    "stdin:1:22-27: ERROR: map @x is used with 1 key here and "
		    "no keys elsewhere\n"
		    "BEGIN { @x = 1; @y = @x[1]; }\n"
		    "                     ~~~~~\n");
}

/* The type a consumer reads through the accessors. */
TEST(lang_sema_accessors)
{
	const char *src = "kprobe:f { @[comm, pid] = hist(arg0); $x = 1; }";
	struct lang_program *prog = NULL;
	struct lang_sema *sema = NULL;
	const struct lang_sema_map *m;
	const struct lang_sema_var *v;
	struct lang_diag diag;
	char name[64];

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	CHECK_EQ_INT(lang_sema__check(prog, NULL, &sema, &diag), 0);
	CHECK_EQ_INT(lang_sema__nr_maps(sema), 1);
	m = lang_sema__find_map(sema, "");
	CHECK(m && m == lang_sema__map(sema, 0));
	CHECK_EQ_INT(m->nr_keys, 2);
	CHECK_EQ_INT(m->keys[0].kind, LANG_TYPE_STR);
	CHECK_EQ_INT(m->keys[0].size, 16);
	CHECK_EQ_INT(m->keys[1].kind, LANG_TYPE_INT);
	CHECK_EQ_INT(m->keys[1].size, 8);
	CHECK_EQ_INT(m->value.kind, LANG_TYPE_AGG);
	CHECK_EQ_INT(m->value.agg, LANG_AGG_HIST);
	CHECK_EQ_STR(lang_type__describe(&m->value, name, sizeof(name)),
		     "hist()");
	CHECK_EQ_INT(lang_sema__nr_vars(sema), 1);
	v = lang_sema__var(sema, 0);
	CHECK_EQ_STR(v->name, "x");
	CHECK_EQ_STR(lang_type__name(&v->type, name, sizeof(name)), "int64");
	CHECK(lang_sema__type(sema, prog->nr_exprs) == NULL);
	CHECK(lang_sema__map(sema, 1) == NULL);
	lang_sema__free(sema);
	lang_sema__free(NULL);
	lang_program__free(prog);
}

/* The file name a caller put in diag stays in the message. */
TEST(lang_sema_keeps_file_name)
{
	const char *src = "BEGIN { @x = cont(); }";
	struct lang_program *prog = NULL;
	struct lang_sema *sema = NULL;
	struct lang_diag diag;

	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), "t.bt", &prog, &diag), 0);
	snprintf(diag.file, sizeof(diag.file), "t.bt");
	CHECK_EQ_INT(lang_sema__check(prog, NULL, &sema, &diag), -EINVAL);
	CHECK_EQ_STR(diag.file, "t.bt");
	CHECK_EQ_INT(diag.loc.col, 14);
	lang_program__free(prog);
}

/* The real tracefs: sys_enter_openat's filename is a user string. */
TEST(lang_sema_real_tracefs)
{
	const char *src = "tracepoint:syscalls:sys_enter_openat { printf(\"%s "
			  "%s\\n\", comm, str(args.filename)); }";
	struct lang_program *prog = NULL;
	struct lang_sema *sema = NULL;
	struct lang_sema_env env;
	struct lang_diag diag;
	struct tracefs_format fmt;
	const struct lang_type *t;
	const struct lang_expr *field;

	if (geteuid() != 0)
		harness__skip("needs root for tracefs");
	if (tracefs__read_format("syscalls", "sys_enter_openat", &fmt))
		harness__skip("no syscalls:sys_enter_openat tracepoint");
	lang_sema_env__init_system(&env);
	lang_diag__init(&diag);
	CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag), 0);
	if (lang_sema__check(prog, &env, &sema, &diag))
		lang_diag__print(stderr, &diag, src);
	CHECK(sema);
	/* printf(fmt, comm, str(args.filename)): the field is str's arg */
	field = prog->probes[0]
			->body.items[0]
			->expr->call.args.items[2]
			->call.args.items[0];
	t = lang_sema__expr_type(sema, field);
	CHECK_EQ_INT(t->kind, LANG_TYPE_PTR);
	CHECK_EQ_STR(t->pointee, "const char");
	CHECK(t->user);
	lang_sema__free(sema);
	lang_program__free(prog);
}

/* The system environment's USDT count: sonde_test:tick has 2 arguments. */
TEST(lang_sema_real_usdt)
{
	const char *wl = fixture__workload();
	struct lang_program *prog = NULL;
	struct lang_sema *sema = NULL;
	struct lang_sema_env env;
	struct lang_diag diag;
	char src[512];
	int i;

	lang_sema_env__init_system(&env);
	for (i = 1; i <= 2; i++) {
		snprintf(src, sizeof(src),
			 "usdt:%s:sonde_test:tick { @[arg%d] = count(); }", wl,
			 i);
		lang_diag__init(&diag);
		CHECK_EQ_INT(lang__parse(src, strlen(src), NULL, &prog, &diag),
			     0);
		CHECK_EQ_INT(lang_sema__check(prog, &env, &sema, &diag),
			     i == 1 ? 0 : -EINVAL);
		if (i == 2)
			CHECK_EQ_STR(diag.msg,
				     "usdt probe sonde_test:tick has 2 "
				     "arguments; arg2 is out of range");
		lang_sema__free(sema);
		sema = NULL;
		lang_program__free(prog);
	}
}
