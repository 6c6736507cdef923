// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: programs in bpftrace's language, parsed, type-checked
 * (every tracepoint has one fixed format, every USDT probe 3 arguments),
 * the types dumped, and compiled to BPF when no probe names a file (the
 * fuzzer's paths would open whatever they name).
 */
#include "core/tracefs.h"
#include "lang/compile.h"
#include "lang/parser.h"
#include "lang/sema.h"
#include "util/strbuf.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char format[] =
	"name: x\nID: 1\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n\n"
	"\tfield:int dfd;\toffset:8;\tsize:8;\tsigned:0;\n"
	"\tfield:const char * filename;\toffset:16;\tsize:8;\tsigned:0;\n"
	"\tfield:const char *const * argv;\toffset:24;\tsize:8;\tsigned:0;\n"
	"\tfield:char comm[16];\toffset:32;\tsize:16;\tsigned:0;\n"
	"\tfield:unsigned long args[6];\toffset:48;\tsize:48;\tsigned:0;\n"
	"\tfield:__data_loc char[] name;\toffset:96;\tsize:4;\tsigned:0;\n"
	"\tfield:long ret;\toffset:104;\tsize:8;\tsigned:1;\n\n"
	"print fmt: \"x\"\n";

static int fuzz_format(void *ctx, const char *category, const char *name,
		       struct tracefs_format *fmt)
{
	return tracefs__parse_format(format, fmt);
}

static int fuzz_glob(void *ctx, const char *category, const char *name,
		     int (*cb)(void *arg, const char *category,
			       const char *name),
		     void *arg)
{
	int err = cb(arg, "syscalls", "a");

	return err ? err : cb(arg, "sched", "b");
}

static int fuzz_usdt(void *ctx, const char *path, const char *provider,
		     const char *name, unsigned int *nr)
{
	*nr = 3;
	return 0;
}

static bool names_files(const struct lang_program *prog)
{
	for (size_t p = 0; p < prog->nr_probes; p++)
		for (size_t a = 0; a < prog->probes[p]->nr_attach; a++) {
			enum lang_probe_type t = prog->probes[p]->attach[a].type;

			if (t == LANG_PROBE_UPROBE || t == LANG_PROBE_URETPROBE ||
			    t == LANG_PROBE_USDT)
				return true;
		}
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const positional[] = {"1", "str"};
	struct lang_sema_env env = {
		.tracepoint_format = fuzz_format,
		.tracepoint_glob = fuzz_glob,
		.usdt_nr_args = fuzz_usdt,
		.positional = positional,
		.nr_positional = 2,
	};
	struct lang_program *prog = NULL;
	struct lang_sema *sema = NULL;
	struct lang_diag diag;
	struct strbuf sb;

	lang_diag__init(&diag);
	if (lang__parse((const char *)data, size, "fuzz", &prog, &diag))
		return 0;
	strbuf__init(&sb, 16 << 20);
	if (!lang_sema__check(prog, &env, &sema, &diag)) {
		struct lang_compiled c;

		lang_sema__dump(&sb, prog, sema);
		if (!names_files(prog)) {
			lang_compile(prog, sema,
				     &(struct lang_compile_opts){.env = &env},
				     &c, &diag);
			lang_compiled__release(&c);
		}
	} else
		lang_diag__render(&sb, &diag, (const char *)data, size);
	strbuf__release(&sb);
	lang_sema__free(sema);
	lang_program__free(prog);
	return 0;
}
