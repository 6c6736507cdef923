// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: programs in bpftrace's language, parsed and dumped. */
#include "lang/parser.h"
#include "util/strbuf.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lang_program *prog = NULL;
	struct lang_diag diag;
	struct strbuf sb;

	lang_diag__init(&diag);
	if (lang__parse((const char *)data, size, "fuzz", &prog, &diag)) {
		strbuf__init(&sb, 1 << 20);
		lang_diag__render(&sb, &diag, (const char *)data, size);
		strbuf__release(&sb);
		return 0;
	}
	strbuf__init(&sb, 16 << 20);
	lang_ast__dump(&sb, prog, 0);
	strbuf__release(&sb);
	lang_program__free(prog);
	return 0;
}
