// SPDX-License-Identifier: GPL-2.0
/*
 * kprobe:FUNC[+OFFSET], kretprobe:FUNC through the kernel's kprobe PMU;
 * fentry/fexit through BPF trampolines, the function found in the
 * kernel's BTF.  Where the kernel lacks them (as
 * this project's test machine does), the probe is refused when the
 * program is checked, with the feature's own sentence.
 */
#include "lang/provider.h"

#include "bpf/attach.h"
#include "core/features.h"

#include <errno.h>
#include <string.h>

static int kernel_expand(const struct lang_attach *ap, const char *file,
			 struct lang_targets *out, struct lang_diag *diag)
{
	bool tracing =
		ap->type == LANG_PROBE_FENTRY || ap->type == LANG_PROBE_FEXIT;
	char msg[FEATURE_MSG_MAX];
	struct lang_target *t;
	uint32_t id = 0, nr_args = 0;
	int err;

	if (features__require(tracing ? FEATURE_FENTRY : FEATURE_KPROBE, msg,
			      sizeof(msg)))
		return lang_diag__error(diag, file, ap->loc, "%s: %s", ap->raw,
					msg);
	if (ap->wildcard)
		return lang_diag__error(diag, file, ap->loc,
					"%s: wildcards in kernel functions "
					"are not built yet",
					ap->raw);
	if (tracing) {
		err = bpf_attach__btf_func(ap->name, &id, &nr_args);
		if (err)
			return lang_diag__error(
				diag, file, ap->loc, "%s: %s", ap->raw,
				err == -ENOENT ? "no such function in the "
						 "kernel's BTF"
					       : "the kernel has no BTF");
	}
	t = lang_targets__add(out, ap->type, ap->raw);
	if (!t || !(t->path = strdup(ap->name)))
		return -ENOMEM;
	t->offset = ap->offset;
	t->btf_id = id;
	t->nr_args = nr_args;
	return 0;
}

static int kernel_attach(const struct lang_target *t, int prog_fd, pid_t pid,
			 struct bpf_attachments *a)
{
	if (t->type == LANG_PROBE_FENTRY || t->type == LANG_PROBE_FEXIT)
		return bpf_attach__tracing(a, prog_fd);
	return bpf_attach__kprobe(a, prog_fd, t->path, t->offset,
				  t->type == LANG_PROBE_KRETPROBE);
}

const struct lang_provider lang_provider_kernel = {
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = kernel_expand,
	.attach = kernel_attach,
};

static enum bpf_attach_type tracing_attach_type(const struct lang_target *t)
{
	return t->type == LANG_PROBE_FEXIT ? BPF_TRACE_FEXIT : BPF_TRACE_FENTRY;
}

/* fentry/fexit: BPF trampolines on a kernel function found in BTF. */
const struct lang_provider lang_provider_tracing = {
	.prog_type = BPF_PROG_TYPE_TRACING,
	.attach_type = tracing_attach_type,
	.expand = kernel_expand,
	.attach = kernel_attach,
};
