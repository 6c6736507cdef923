// SPDX-License-Identifier: GPL-2.0
/*
 * BEGIN and END: run once, in sonde's own task, when the probes are in
 * place and when the run ends (bpf_attach__run_once); nothing attaches.
 */
#include "lang/provider.h"

#include <errno.h>

static int special_expand(const struct lang_attach *ap, const char *file,
			  struct lang_targets *out, struct lang_diag *diag)
{
	const char *name = ap->type == LANG_PROBE_BEGIN ? "BEGIN" : "END";

	return lang_targets__add(out, ap->type, name) ? 0 : -ENOMEM;
}

static int special_attach(const struct lang_target *t, int prog_fd, pid_t pid,
			  struct bpf_attachments *a)
{
	return 0;
}

const struct lang_provider lang_provider_special = {
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.expand = special_expand,
	.attach = special_attach,
};
