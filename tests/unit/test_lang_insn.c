// SPDX-License-Identifier: GPL-2.0
/*
 * BPF instructions built by hand: the encoding, the jump fixups, the
 * listing; and the same counter program loaded and attached to each
 * kind of event source sonde run uses (bpf/attach.c), counting for real.
 */
#include "harness.h"
#include "bpf/attach.h"
#include "fixtures.h"
#include "lang/insn.h"
#include "sym/elf.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
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

/* The counter, loaded as type; its map in *map_fd.  Skips without root. */
static int load_counter(enum bpf_prog_type type, int *map_fd)
{
	char log[4096] = "";
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log,
		    .log_size = sizeof(log));
	struct insn_buf b;
	int prog_fd;

	if (geteuid())
		harness__skip("needs root");
	*map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "count", 4, 8, 1, NULL);
	CHECK(*map_fd >= 0);
	insn_buf__init(&b);
	build_counter(&b, *map_fd);
	CHECK_EQ_INT(insn_buf__finish(&b), 0);
	prog_fd = bpf_prog_load(type, "count", "GPL", b.insns, b.nr, &opts);
	if (prog_fd < 0)
		fprintf(stderr, "%s\n", log);
	CHECK(prog_fd >= 0);
	insn_buf__release(&b);
	return prog_fd;
}

static uint64_t count_of(int map_fd)
{
	uint32_t key = 0;
	uint64_t count = 0;

	CHECK(!bpf_map_lookup_elem(map_fd, &key, &count));
	return count;
}

/* Runs the workload with args and waits for it. */
static void run_workload(char *const args[])
{
	pid_t pid = fork();
	int status;

	CHECK(pid >= 0);
	if (!pid) {
		execv(args[0], args);
		_exit(127);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      !WEXITSTATUS(status));
}

TEST(attach_tracepoint_counts)
{
	struct bpf_attachments a = {0};
	int map_fd, prog_fd = load_counter(BPF_PROG_TYPE_TRACEPOINT, &map_fd);
	char *const args[] = {(char *)fixture__workload(), "getppid", "1000",
			      NULL};

	CHECK(!bpf_attach__tracepoint(&a, prog_fd, "syscalls",
				      "sys_enter_getppid"));
	run_workload(args);
	bpf_attach__release(&a);
	/* Every task's calls count: the workload's and maybe others'. */
	CHECK(count_of(map_fd) >= 1000);
	CHECK_EQ_INT(bpf_attach__tracepoint(&a, prog_fd, "syscalls", "nope"),
		     -ENOENT);
	close(prog_fd);
	close(map_fd);
}

TEST(attach_raw_tracepoint_counts)
{
	struct bpf_attachments a = {0};
	int map_fd,
		prog_fd = load_counter(BPF_PROG_TYPE_RAW_TRACEPOINT, &map_fd);
	char *const args[] = {(char *)fixture__workload(), "getppid", "1000",
			      NULL};

	CHECK(!bpf_attach__raw_tracepoint(&a, prog_fd, "sys_enter"));
	run_workload(args);
	bpf_attach__release(&a);
	CHECK(count_of(map_fd) >= 1000);
	close(prog_fd);
	close(map_fd);
}

static int find_function(const char *name, uint64_t addr, uint64_t size,
			 void *ctx)
{
	uint64_t *found = ctx;

	if (!strcmp(name, "do_getppid"))
		*found = addr;
	return 0;
}

TEST(attach_uprobe_and_uretprobe_count)
{
	const char *path = fixture__workload();
	struct bpf_attachments a = {0};
	int map_fd, prog_fd = load_counter(BPF_PROG_TYPE_KPROBE, &map_fd);
	char *const args[] = {(char *)path, "getppid", "1", "getppid",
			      "1",	    "getppid", "1", NULL};
	struct elf_file *ef;
	uint64_t addr = 0, offset;

	CHECK(!elf_file__open(path, &ef));
	CHECK(!elf_file__for_each_function(ef, find_function, &addr));
	CHECK(addr);
	CHECK(!elf_file__addr_to_offset(ef, addr, &offset));
	elf_file__close(ef);
	CHECK(!bpf_attach__uprobe(&a, prog_fd, path, offset, false, 0, -1));
	CHECK(!bpf_attach__uprobe(&a, prog_fd, path, offset, true, 0, -1));
	run_workload(args);
	bpf_attach__release(&a);
	/* do_getppid entered and returned three times. */
	CHECK_EQ_INT(count_of(map_fd), 6);
	close(prog_fd);
	close(map_fd);
}

TEST(attach_sampling_counts)
{
	struct bpf_attachments a = {0};
	int map_fd, prog_fd = load_counter(BPF_PROG_TYPE_PERF_EVENT, &map_fd);
	char *const args[] = {(char *)fixture__workload(), "spin", "300", NULL};

	CHECK(!bpf_attach__sampling(&a, prog_fd, PERF_TYPE_SOFTWARE,
				    PERF_COUNT_SW_CPU_CLOCK, 1000, true, -1));
	run_workload(args);
	bpf_attach__release(&a);
	/* 300 ms at 1000 Hz on the CPU the workload burnt, and idle ones. */
	CHECK(count_of(map_fd) >= 100);
	close(prog_fd);
	close(map_fd);
}

/* BEGIN and END run once, in sonde's task, through the kernel's test run. */
TEST(attach_run_once)
{
	int map_fd,
		prog_fd = load_counter(BPF_PROG_TYPE_RAW_TRACEPOINT, &map_fd);

	CHECK_EQ_INT(bpf_attach__run_once(prog_fd), 0);
	CHECK_EQ_INT(bpf_attach__run_once(prog_fd), 0);
	CHECK_EQ_INT(count_of(map_fd), 2);
	close(prog_fd);
	close(map_fd);
}

TEST(attach_kprobe_says_when_missing)
{
	struct bpf_attachments a = {0};
	int map_fd, prog_fd = load_counter(BPF_PROG_TYPE_KPROBE, &map_fd);
	int err = bpf_attach__kprobe(&a, prog_fd, "vfs_read", 0, false);

	/* This kernel has no kprobes; where there are, it attaches. */
	CHECK(err == 0 || err == -ENOENT);
	bpf_attach__release(&a);
	close(prog_fd);
	close(map_fd);
}
