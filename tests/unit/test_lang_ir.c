// SPDX-License-Identifier: GPL-2.0
/*
 * The IR and its lowering: programs built in IR, lowered with register
 * allocation and spills, accepted by the kernel's verifier and run
 * (through BPF_PROG_TEST_RUN, as BEGIN blocks will be).
 */
#include "harness.h"
#include "bpf/attach.h"
#include "lang/ir.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* @[pid] = count(), in IR. */
static void build_count_by_pid(struct ir_func *f, int map_fd)
{
	uint32_t key = ir__slot(f, 8), one = ir__slot(f, 8);
	uint32_t miss = ir__label(f), done = ir__label(f);
	uint32_t id = ir__call(f, BPF_FUNC_get_current_pid_tgid, NULL, 0);
	uint32_t pid = ir__alu_imm(f, BPF_RSH, id, 32);
	uint32_t map = ir__vreg(f), key_p = ir__vreg(f), one_p = ir__vreg(f);
	uint32_t value, args[4];

	ir__emit(f, (struct ir_insn){.op = IR_SLOT_STORE,
				     .size = BPF_DW,
				     .slot = key,
				     .a = pid});
	ir__emit(f, (struct ir_insn){.op = IR_MAP_FD, .d = map, .imm = map_fd});
	ir__emit(f,
		 (struct ir_insn){.op = IR_SLOT_ADDR, .d = key_p, .slot = key});
	args[0] = map;
	args[1] = key_p;
	value = ir__call(f, BPF_FUNC_map_lookup_elem, args, 2);
	ir__emit(f, (struct ir_insn){.op = IR_BRANCH,
				     .alu = BPF_JEQ,
				     .a = value,
				     .imm = miss,
				     .imm2 = 0});
	ir__emit(f, (struct ir_insn){.op = IR_ATOMIC_ADD,
				     .a = value,
				     .b = ir__const(f, 1)});
	ir__emit(f, (struct ir_insn){.op = IR_JUMP, .imm = done});
	ir__emit(f, (struct ir_insn){.op = IR_LABEL, .imm = miss});
	ir__emit(f, (struct ir_insn){.op = IR_SLOT_STORE,
				     .size = BPF_DW,
				     .slot = one,
				     .a = ir__const(f, 1)});
	ir__emit(f,
		 (struct ir_insn){.op = IR_SLOT_ADDR, .d = one_p, .slot = one});
	args[2] = one_p;
	args[3] = ir__const(f, BPF_ANY);
	ir__call(f, BPF_FUNC_map_update_elem, args, 4);
	ir__emit(f, (struct ir_insn){.op = IR_LABEL, .imm = done});
	ir__emit(f, (struct ir_insn){.op = IR_RETURN, .imm = 0});
}

static char *dump_text(const struct ir_func *f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ir__dump(out, f);
	fclose(out);
	return text;
}

TEST(ir_dump)
{
	struct ir_func f;
	char *text;

	ir_func__init(&f);
	build_count_by_pid(&f, 5);
	text = dump_text(&f);
	CHECK_EQ_STR(text, "  v1 = call get_current_pid_tgid()\n"
			   "  v2 = v1 >> 32\n"
			   "  *(u64 *)(slot0 + 0) = v2\n"
			   "  v3 = map fd 5\n"
			   "  v4 = &slot0 + 0\n"
			   "  v6 = call map_lookup_elem(v3, v4)\n"
			   "  if v6 == 0 goto L0\n"
			   "  v7 = 1\n"
			   "  atomic *(u64 *)(v6 + 0) += v7\n"
			   "  goto L1\n"
			   "L0:\n"
			   "  v8 = 1\n"
			   "  *(u64 *)(slot1 + 0) = v8\n"
			   "  v5 = &slot1 + 0\n"
			   "  v9 = 0\n"
			   "  v10 = call map_update_elem(v3, v4, v5, v9)\n"
			   "L1:\n"
			   "  return 0\n");
	free(text);
	ir_func__release(&f);
}

TEST(ir_use_before_set_is_refused)
{
	struct ir_func f;
	struct insn_buf b;
	uint32_t v = 0;

	ir_func__init(&f);
	insn_buf__init(&b);
	v = ir__vreg(&f);
	ir__alu_imm(&f, BPF_ADD, v, 1);
	CHECK_EQ_INT(ir__lower(&f, &b), -EINVAL);
	insn_buf__release(&b);
	ir_func__release(&f);
}

/* Loads f as a raw tracepoint program (a BEGIN block). */
static int load(const struct ir_func *f)
{
	char log[65536] = "";
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log,
		    .log_size = sizeof(log), .log_level = 1);
	struct insn_buf b;
	int fd;

	insn_buf__init(&b);
	CHECK_EQ_INT(ir__lower(f, &b), 0);
	fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "ir", "GPL", b.insns,
			   b.nr, &opts);
	if (fd < 0) {
		insn__dump(stderr, b.insns, b.nr);
		fprintf(stderr, "%s\n", log);
	}
	insn_buf__release(&b);
	return fd;
}

TEST(ir_program_runs)
{
	struct ir_func f;
	uint64_t key = (uint64_t)getpid(), count = 0;
	int map_fd, prog_fd;

	if (geteuid())
		harness__skip("needs root");
	map_fd = bpf_map_create(BPF_MAP_TYPE_HASH, "by_pid", 8, 8, 64, NULL);
	CHECK(map_fd >= 0);
	ir_func__init(&f);
	build_count_by_pid(&f, map_fd);
	prog_fd = load(&f);
	CHECK(prog_fd >= 0);
	CHECK_EQ_INT(bpf_attach__run_once(prog_fd), 0);
	CHECK_EQ_INT(bpf_attach__run_once(prog_fd), 0);
	CHECK_EQ_INT(bpf_attach__run_once(prog_fd), 0);
	CHECK(!bpf_map_lookup_elem(map_fd, &key, &count));
	CHECK_EQ_INT(count, 3);
	close(prog_fd);
	close(map_fd);
	ir_func__release(&f);
}

/* More live values than r6..r9 across a call: some live on the stack. */
TEST(ir_spills_under_pressure)
{
	struct ir_func f;
	uint32_t v[10], sum, slot, key_p, val_p, map, args[4];
	uint32_t key = 0;
	uint64_t got = 0;
	int map_fd, prog_fd;

	if (geteuid())
		harness__skip("needs root");
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "out", 4, 8, 1, NULL);
	CHECK(map_fd >= 0);
	ir_func__init(&f);
	for (int i = 0; i < 10; i++)
		v[i] = ir__const(&f, (i + 1) * 1000003LL);
	ir__call(&f, BPF_FUNC_ktime_get_ns, NULL, 0); /* clobbers r0..r5 */
	sum = v[0];
	for (int i = 1; i < 10; i++)
		sum = ir__alu(&f, BPF_ADD, sum, v[i]);
	slot = ir__slot(&f, 16);
	ir__emit(&f, (struct ir_insn){.op = IR_SLOT_STORE,
				      .size = BPF_W,
				      .slot = slot,
				      .a = ir__const(&f, 0)});
	ir__emit(&f, (struct ir_insn){.op = IR_SLOT_STORE,
				      .size = BPF_DW,
				      .slot = slot,
				      .imm = 8,
				      .a = sum});
	map = ir__vreg(&f);
	key_p = ir__vreg(&f);
	val_p = ir__vreg(&f);
	ir__emit(&f,
		 (struct ir_insn){.op = IR_MAP_FD, .d = map, .imm = map_fd});
	ir__emit(&f, (struct ir_insn){
			     .op = IR_SLOT_ADDR, .d = key_p, .slot = slot});
	ir__emit(&f, (struct ir_insn){.op = IR_SLOT_ADDR,
				      .d = val_p,
				      .slot = slot,
				      .imm = 8});
	args[0] = map;
	args[1] = key_p;
	args[2] = val_p;
	args[3] = ir__const(&f, BPF_ANY);
	ir__call(&f, BPF_FUNC_map_update_elem, args, 4);
	ir__emit(&f, (struct ir_insn){.op = IR_RETURN, .imm = 0});
	prog_fd = load(&f);
	CHECK(prog_fd >= 0);
	CHECK_EQ_INT(bpf_attach__run_once(prog_fd), 0);
	CHECK(!bpf_map_lookup_elem(map_fd, &key, &got));
	CHECK_EQ_INT(got, 55 * 1000003LL);
	close(prog_fd);
	close(map_fd);
	ir_func__release(&f);
}
