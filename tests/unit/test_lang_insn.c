// SPDX-License-Identifier: GPL-2.0
/*
 * BPF instructions built by hand: the encoding, the jump fixups, the
 * listing, and a program the kernel's verifier accepts and runs.
 */
#include "harness.h"
#include "core/tracefs.h"
#include "lang/insn.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* count[0] += 1 in an array map: what `@ = count()` compiles to. */
static void build_counter(struct insn_buf *b, int map_fd)
{
	int out = insn_buf__label(b);

	insn_buf__emit(b, insn__store_imm(BPF_W, BPF_REG_10, -4, 0));
	insn_buf__emit(b, insn__mov_reg(BPF_REG_2, BPF_REG_10));
	insn_buf__emit(b, insn__alu64_imm(BPF_ADD, BPF_REG_2, -4));
	insn_buf__load_map_fd(b, BPF_REG_1, map_fd);
	insn_buf__emit(b, insn__call(BPF_FUNC_map_lookup_elem));
	insn_buf__jump_imm(b, BPF_JEQ, BPF_REG_0, 0, out);
	insn_buf__emit(b, insn__mov_imm(BPF_REG_1, 1));
	insn_buf__emit(b, insn__atomic_add(BPF_DW, BPF_REG_0, 0, BPF_REG_1));
	insn_buf__place(b, out);
	insn_buf__emit(b, insn__mov_imm(BPF_REG_0, 0));
	insn_buf__emit(b, insn__exit());
}

static char *listing(const struct insn_buf *b)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	insn__dump(out, b->insns, b->nr);
	fclose(out);
	return text;
}

TEST(insn_counter_listing_and_jump)
{
	struct insn_buf b;
	char *text;

	insn_buf__init(&b);
	build_counter(&b, 7);
	CHECK_EQ_INT(insn_buf__finish(&b), 0);
	CHECK_EQ_INT(b.nr, 11);
	/* The jump skips the two instructions of the increment. */
	CHECK_EQ_INT(b.insns[6].off, 2);
	text = listing(&b);
	CHECK_EQ_STR(text, "   0: (62) *(u32 *)(r10 -4) = 0\n"
			   "   1: (bf) r2 = r10\n"
			   "   2: (07) r2 += -4\n"
			   "   3: (18) r1 = map[fd:7]\n"
			   "   5: (85) call bpf_map_lookup_elem#1\n"
			   "   6: (15) if r0 == 0x0 goto pc+2\n"
			   "   7: (b7) r1 = 1\n"
			   "   8: (db) lock *(u64 *)(r0 +0) += r1\n"
			   "   9: (b7) r0 = 0\n"
			   "  10: (95) exit\n");
	free(text);
	insn_buf__release(&b);
}

TEST(insn_forms)
{
	struct insn_buf b;
	char *text;
	int back;

	insn_buf__init(&b);
	back = insn_buf__label(&b);
	insn_buf__place(&b, back);
	insn_buf__load_imm64(&b, BPF_REG_3, 0x1122334455667788ull);
	insn_buf__emit(&b, insn__load(BPF_B, BPF_REG_4, BPF_REG_1, 16));
	insn_buf__emit(&b, insn__store(BPF_H, BPF_REG_10, -8, BPF_REG_4));
	insn_buf__emit(&b, insn__alu64_reg(BPF_ARSH, BPF_REG_4, BPF_REG_5));
	insn_buf__emit(&b, insn__make(BPF_ALU | BPF_NEG, BPF_REG_2, 0, 0, 0));
	insn_buf__jump_reg(&b, BPF_JSLT, BPF_REG_4, BPF_REG_3, back);
	insn_buf__goto(&b, back);
	insn_buf__emit(&b, insn__call(9999));
	CHECK_EQ_INT(insn_buf__finish(&b), 0);
	text = listing(&b);
	CHECK_EQ_STR(text, "   0: (18) r3 = 0x1122334455667788\n"
			   "   2: (71) r4 = *(u8 *)(r1 +16)\n"
			   "   3: (6b) *(u16 *)(r10 -8) = r4\n"
			   "   4: (cf) r4 s>>= r5\n"
			   "   5: (84) w2 = -w2\n"
			   "   6: (cd) if r4 s< r3 goto pc-7\n"
			   "   7: (05) goto pc-8\n"
			   "   8: (85) call #9999\n");
	free(text);
	insn_buf__release(&b);
}

TEST(insn_unplaced_label_fails)
{
	struct insn_buf b;

	insn_buf__init(&b);
	insn_buf__goto(&b, insn_buf__label(&b));
	CHECK_EQ_INT(insn_buf__finish(&b), -EINVAL);
	insn_buf__release(&b);
}

/* The kernel runs what the builder makes: a counter on a tracepoint. */
TEST(insn_program_loads_and_counts)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_TRACEPOINT,
					.size = sizeof(attr),
					.sample_period = 1,
					.disabled = 1 };
	char log[4096] = "";
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log,
		    .log_size = sizeof(log), .log_level = 0);
	struct insn_buf b;
	uint32_t key = 0;
	uint64_t count = 0;
	int map_fd, prog_fd, perf_fd, id;

	if (geteuid())
		harness__skip("needs root");
	id = tracefs__event_id("syscalls", "sys_enter_getppid");
	if (id < 0)
		harness__skip("no syscalls:sys_enter_getppid tracepoint");
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "count", 4, 8, 1, NULL);
	CHECK(map_fd >= 0);
	insn_buf__init(&b);
	build_counter(&b, map_fd);
	CHECK_EQ_INT(insn_buf__finish(&b), 0);
	prog_fd = bpf_prog_load(BPF_PROG_TYPE_TRACEPOINT, "count", "GPL",
				b.insns, b.nr, &opts);
	if (prog_fd < 0)
		fprintf(stderr, "%s\n", log);
	CHECK(prog_fd >= 0);
	attr.config = (uint64_t)id;
	perf_fd = (int)syscall(SYS_perf_event_open, &attr, getpid(), -1, -1,
			       PERF_FLAG_FD_CLOEXEC);
	CHECK(perf_fd >= 0);
	CHECK(!ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd));
	CHECK(!ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0));
	for (int i = 0; i < 100; i++)
		syscall(SYS_getppid);
	CHECK(!ioctl(perf_fd, PERF_EVENT_IOC_DISABLE, 0));
	CHECK(!bpf_map_lookup_elem(map_fd, &key, &count));
	CHECK_EQ_INT(count, 100);
	close(perf_fd);
	close(prog_fd);
	close(map_fd);
	insn_buf__release(&b);
}
