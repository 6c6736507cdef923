// SPDX-License-Identifier: GPL-2.0
/*
 * The compiler, end to end below the command: programs to IR and BPF
 * (golden dumps, so a change in the generated code is seen and judged),
 * and a set of programs covering the language, each loaded into the
 * kernel with its maps, so the verifier accepts what the generator makes.
 */
#include "harness.h"
#include "lang/codegen.h"
#include "lang/compile.h"
#include "lang/parser.h"
#include "lang/runtime.h"
#include "lang/sema.h"

#include <bpf/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct compiled {
	struct lang_program *prog;
	struct lang_sema *sema;
	struct lang_sema_env env;
	struct lang_compiled c;
};

static void compile(const char *src, struct compiled *out)
{
	struct lang_diag diag;

	memset(out, 0, sizeof(*out));
	lang_diag__init(&diag);
	lang_sema_env__init_system(&out->env);
	if (lang__parse(src, strlen(src), "stdin", &out->prog, &diag) ||
	    lang_sema__check(out->prog, &out->env, &out->sema, &diag) ||
	    lang_compile(out->prog, out->sema,
			 &(struct lang_compile_opts){.env = &out->env}, &out->c,
			 &diag)) {
		fprintf(stderr, "  %s: %d:%d: %s\n", src, diag.loc.line,
			diag.loc.col, diag.msg);
		CHECK(0);
	}
}

static void release(struct compiled *x)
{
	lang_compiled__release(&x->c);
	lang_sema__free(x->sema);
	lang_program__free(x->prog);
}

/* The listing of program i: IR or BPF. */
static char *dump(const struct lang_prog *p, bool bpf)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK(out);
	if (bpf)
		insn__dump(out, p->insns.insns, p->insns.nr);
	else
		ir__dump(out, &p->ir);
	fclose(out);
	return text;
}

static void check_dump(const char *src, bool bpf, const char *want)
{
	struct compiled x;
	char *text;

	compile(src, &x);
	CHECK_EQ_INT(x.c.nr_progs, 1);
	text = dump(&x.c.progs[0], bpf);
	CHECK_EQ_STR(text, want);
	free(text);
	release(&x);
}

TEST(lang_compile_count_ir_and_bpf)
{
	const char *src = "BEGIN { @ = count(); }";

	/*
	 * The key (slot0) and a zero value to create the entry with;
	 * constants, maps and addresses are made where they are used.
	 */
	check_dump(src, false,
		   "  v1 = ctx\n"
		   "  slot0 = 0\n"
		   "  v2 = &slot0 + 0\n"
		   "  slot1 = 0\n"
		   "  v4 = &slot1 + 0\n"
		   "  v5 = map fd 0\n"
		   "  v6 = call map_lookup_elem(v5, v2)\n"
		   "  v3 = v6\n"
		   "  if v3 != 0 goto L1\n"
		   "  v7 = map fd 0\n"
		   "  v8 = 1\n"
		   "  v9 = call map_update_elem(v7, v2, v4, v8)\n"
		   "  v10 = map fd 0\n"
		   "  v11 = call map_lookup_elem(v10, v2)\n"
		   "  v3 = v11\n"
		   "  if v3 == 0 goto L0\n"
		   "L1:\n"
		   "  v12 = *(u64 *)(v3 + 0)\n"
		   "  v13 = v12 + 1\n"
		   "  *(u64 *)(v3 + 0) = v13\n"
		   "L0:\n"
		   "  return 0\n");
	check_dump(src, true,
		   "   0: (7b) *(u64 *)(r10 -24) = r1\n"
		   "   1: (7a) *(u64 *)(r10 -8) = 0\n"
		   "   2: (7a) *(u64 *)(r10 -16) = 0\n"
		   "   3: (18) r1 = map[fd:0]\n"
		   "   5: (bf) r2 = r10\n"
		   "   6: (07) r2 += -8\n"
		   "   7: (85) call bpf_map_lookup_elem#1\n"
		   "   8: (bf) r6 = r0\n"
		   "   9: (55) if r6 != 0x0 goto pc+16\n"
		   "  10: (18) r1 = map[fd:0]\n"
		   "  12: (bf) r2 = r10\n"
		   "  13: (07) r2 += -8\n"
		   "  14: (bf) r3 = r10\n"
		   "  15: (07) r3 += -16\n"
		   "  16: (b7) r4 = 1\n"
		   "  17: (85) call bpf_map_update_elem#2\n"
		   "  18: (18) r1 = map[fd:0]\n"
		   "  20: (bf) r2 = r10\n"
		   "  21: (07) r2 += -8\n"
		   "  22: (85) call bpf_map_lookup_elem#1\n"
		   "  23: (bf) r7 = r0\n"
		   "  24: (bf) r6 = r7\n"
		   "  25: (15) if r6 == 0x0 goto pc+3\n"
		   "  26: (79) r7 = *(u64 *)(r6 +0)\n"
		   "  27: (07) r7 += 1\n"
		   "  28: (7b) *(u64 *)(r6 +0) = r7\n"
		   "  29: (b7) r0 = 0\n"
		   "  30: (95) exit\n");
}

/* A comparison with a constant jumps on it; printf's record is sent whole. */
TEST(lang_compile_predicate_and_printf_ir)
{
	check_dump("tracepoint:syscalls:sys_enter_openat /args.flags == 0/ "
		   "{ printf(\"%s %d\\n\", comm, pid); }",
		   false,
		   "  v1 = ctx\n"
		   "  v2 = *(u64 *)(v1 + 32)\n"
		   "  if v2 != 0 goto L0\n"
		   "  slot0 = 0\n"
		   "  v3 = &slot0 + 0\n"
		   "  v4 = 0\n"
		   "  *(u64 *)(v3 + 0) = v4\n"
		   "  slot1 = 0\n"
		   "  v5 = &slot1 + 0\n"
		   "  v6 = 16\n"
		   "  v7 = call get_current_comm(v5, v6)\n"
		   "  v8 = *(u64 *)(v5 + 0)\n"
		   "  *(u64 *)(v3 + 8) = v8\n"
		   "  v9 = *(u64 *)(v5 + 8)\n"
		   "  *(u64 *)(v3 + 16) = v9\n"
		   "  v10 = call get_current_pid_tgid()\n"
		   "  v11 = v10 >> 32\n"
		   "  *(u64 *)(v3 + 24) = v11\n"
		   "  v12 = map fd 65538\n"
		   "  v13 = 32\n"
		   "  v14 = 0\n"
		   "  v15 = call ringbuf_output(v12, v3, v13, v14)\n"
		   "L0:\n"
		   "  return 0\n");
}

/* hist's slot: 0 negative, 1 zero, else 2 + log2 by halving the range. */
TEST(lang_compile_hist_slot_ir)
{
	check_dump("BEGIN { @h = hist(5); }", false,
		   "  v1 = ctx\n"
		   "  v2 = 5\n"
		   "  slot0 = 0\n"
		   "  v3 = &slot0 + 0\n"
		   "  v4 = 0\n"
		   "  if v2 s< 0 goto L1\n"
		   "  v4 = 1\n"
		   "  if v2 == 0 goto L1\n"
		   "  v5 = 0\n"
		   "  v6 = v2\n"
		   "  v7 = v6 >> 32\n"
		   "  if v7 == 0 goto L2\n"
		   "  v6 = v7\n"
		   "  v8 = v5 + 32\n"
		   "  v5 = v8\n"
		   "L2:\n"
		   "  v9 = v6 >> 16\n"
		   "  if v9 == 0 goto L3\n"
		   "  v6 = v9\n"
		   "  v10 = v5 + 16\n"
		   "  v5 = v10\n"
		   "L3:\n"
		   "  v11 = v6 >> 8\n"
		   "  if v11 == 0 goto L4\n"
		   "  v6 = v11\n"
		   "  v12 = v5 + 8\n"
		   "  v5 = v12\n"
		   "L4:\n"
		   "  v13 = v6 >> 4\n"
		   "  if v13 == 0 goto L5\n"
		   "  v6 = v13\n"
		   "  v14 = v5 + 4\n"
		   "  v5 = v14\n"
		   "L5:\n"
		   "  v15 = v6 >> 2\n"
		   "  if v15 == 0 goto L6\n"
		   "  v6 = v15\n"
		   "  v16 = v5 + 2\n"
		   "  v5 = v16\n"
		   "L6:\n"
		   "  v17 = v6 >> 1\n"
		   "  if v17 == 0 goto L7\n"
		   "  v6 = v17\n"
		   "  v18 = v5 + 1\n"
		   "  v5 = v18\n"
		   "L7:\n"
		   "  v19 = v5 + 2\n"
		   "  v4 = v19\n"
		   "L1:\n"
		   "  *(u64 *)(v3 + 8) = v4\n"
		   "  slot1 = 0\n"
		   "  v21 = &slot1 + 0\n"
		   "  v22 = map fd 0\n"
		   "  v23 = call map_lookup_elem(v22, v3)\n"
		   "  v20 = v23\n"
		   "  if v20 != 0 goto L8\n"
		   "  v24 = map fd 0\n"
		   "  v25 = 1\n"
		   "  v26 = call map_update_elem(v24, v3, v21, v25)\n"
		   "  v27 = map fd 0\n"
		   "  v28 = call map_lookup_elem(v27, v3)\n"
		   "  v20 = v28\n"
		   "  if v20 == 0 goto L0\n"
		   "L8:\n"
		   "  v29 = *(u64 *)(v20 + 0)\n"
		   "  v30 = v29 + 1\n"
		   "  *(u64 *)(v20 + 0) = v30\n"
		   "L0:\n"
		   "  return 0\n");
}

/*
 * fexit on a kernel without trampolines cannot be expanded: its code is
 * generated here for a target as the provider makes it where the kernel
 * has them (vfs_read, 4 arguments): arguments and the return value are
 * the trampoline context's words, and func the kernel's func ip.
 */
TEST(lang_compile_fexit_ir)
{
	const char *src =
		"fexit:vfs_read { printf(\"%d %d\\n\", arg1, retval); "
		"@[func] = count(); }";
	struct lang_target t = {.type = LANG_PROBE_FEXIT,
				.probe = "fexit:vfs_read",
				.path = "vfs_read",
				.nr_args = 4};
	struct lang_compiled c = {.ring_fd = -1, .scratch_fd = -1};
	struct lang_program *prog;
	struct lang_sema *sema;
	struct lang_diag diag;
	struct ir_func f;
	bool per_target = false;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	lang_diag__init(&diag);
	ir_func__init(&f);
	CHECK_EQ_INT(lang__parse(src, strlen(src), "stdin", &prog, &diag), 0);
	CHECK_EQ_INT(lang_sema__check(prog, NULL, &sema, &diag), 0);
	c.nr_maps = 1;
	c.maps = calloc(1, sizeof(*c.maps));
	c.maps[0].sema = lang_sema__map(sema, 0);
	CHECK_EQ_INT(lang_codegen__probe(
			     &(struct lang_codegen){
				     .c = &c,
				     .prog = prog,
				     .sema = sema,
				     .opts = &(struct lang_compile_opts){0},
				     .file = "stdin",
				     .target = &t,
			     },
			     &f, &per_target, &diag),
		     0);
	CHECK(per_target); /* one program per traced function */
	out = open_memstream(&text, &len);
	ir__dump(out, &f);
	fclose(out);
	CHECK(strstr(text, "*(u64 *)(v1 + 8)\n"));  /* arg1 */
	CHECK(strstr(text, "*(u64 *)(v1 + 32)\n")); /* retval after 4 args */
	CHECK(strstr(text, "call get_func_ip(v1)\n"));
	free(text);
	ir_func__release(&f);
	free(c.maps);
	free(c.events);
	lang_sema__free(sema);
	lang_program__free(prog);
}

/* Programs over the whole language, each one accepted by the verifier. */
static const char *const loadable[] = {
	"BEGIN { @ = count(); @s = sum(3); @mn = min(-2); @mx = max(7); "
	"@a = avg(4); @st = stats(5); @h = hist(100); @l = lhist(5, 0, 10, 2); "
	"}",
	"BEGIN { @x[1, \"a\"] = 5; @y = @x[1, \"a\"] + 1; delete(@x[1, "
	"\"a\"]); "
	"@x[2, \"b\"]++; @x[3, \"c\"] += 4; }",
	"BEGIN { $s = \"abc\"; if ($s == \"abc\") { printf(\"%s %d\\n\", $s, "
	"1); } else { exit(); } }",
	"BEGIN { $i = 0; while ($i < 10) { $i++; if ($i == 5) { break; } } "
	"unroll(3) { $i += 2; } @i = $i > 3 ? $i : -$i; }",
	"BEGIN { @t = (1, \"two\", comm); @u = @t; print(@t); print(7); "
	"print(\"s\"); time(); time(\"%H\\n\"); clear(@u); zero(@t); }",
	"BEGIN { @[comm, pid, tid, uid, gid, cpu, nsecs, elapsed] = count(); "
	"@r = rand; @c = cgroup; @n = numaid; @j = jiffies; }",
	"BEGIN { @k[kstack] = count(); @u[ustack(5)] = count(); "
	"printf(\"%s\\n\", ksym(0)); @p = probe; @who = username; exit(); }",
	"BEGIN { $p = (uint64 *)0; @v = *$p; @s = str($p); @s2 = str($p, 4); "
	"@b = buf($p, 8); @w = (int8)-1; @x = (uint16)70000; }",
	"tracepoint:syscalls:sys_enter_openat /comm == \"x\" && args.dfd < 0/ "
	"{ @[str(args.filename)] = count(); @f = args->flags & 3; }",
	"tracepoint:sched:sched_process_exec { @[args.filename] = count(); }",
	"rawtracepoint:sys_enter { @[arg1] = count(); }",
	"profile:hz:99 { @[kstack(3)] = count(); }",
	"interval:ms:100 { @n++; if (@n > 2) { exit(); } }",
	"software:page-faults:1 { @[comm] = count(); }",
	/* records past the stack's 512 bytes, built in the scratch value */
	"tracepoint:syscalls:sys_enter_execve { join(args.argv); "
	"join(args.argv, \",\"); printf(\"%s %s %s %s %s %s %s %s %s\\n\", "
	"str(args.filename), str(args.filename), str(args.filename), "
	"str(args.filename), str(args.filename), str(args.filename), "
	"str(args.filename), str(args.filename), comm); }",
	"BEGIN { @a = kaddr(\"__start_rodata\"); @[comm, str(comm), "
	"str(comm), str(comm), str(comm), str(comm), str(comm)] = count(); }",
	"tracepoint:sock:inet_sock_set_state { @[ntop(args->saddr), "
	"ntop(args->family, args->daddr_v6), bswap(args->dport)] = count(); "
	"cat(\"/proc/%d/stat\", pid); }",
	"tracepoint:syscalls:sys_exit_read { @ = hist(args.ret); @l[comm] = "
	"lhist(args.ret, -10, 100, 10); }",
};

TEST(lang_compile_programs_load)
{
	for (size_t i = 0; i < sizeof(loadable) / sizeof(*loadable); i++) {
		struct compiled x;

		compile(loadable[i], &x);
		CHECK_EQ_INT(lang_runtime__create_maps(&x.c), 0);
		CHECK_EQ_INT(lang_compile__bind_maps(&x.c), 0);
		for (size_t p = 0; p < x.c.nr_progs; p++) {
			struct lang_prog *lp = &x.c.progs[p];
			const struct lang_provider *pv =
				lang_provider__of(lp->type);
			static char log[1 << 20];
			LIBBPF_OPTS(bpf_prog_load_opts, opts);

			lp->fd = bpf_prog_load(pv->prog_type, "t", "GPL",
					       lp->insns.insns, lp->insns.nr,
					       &opts);
			if (lp->fd < 0) {
				/* Again with the verifier's log, to show it. */
				opts.log_buf = log;
				opts.log_size = sizeof(log);
				opts.log_level = 1;
				lp->fd = bpf_prog_load(pv->prog_type, "t",
						       "GPL", lp->insns.insns,
						       lp->insns.nr, &opts);
				fprintf(stderr, "  %s\n  %s\n", loadable[i],
					log + (strlen(log) > 600
						       ? strlen(log) - 600
						       : 0));
			}
			CHECK(lp->fd >= 0);
		}
		release(&x);
	}
}
