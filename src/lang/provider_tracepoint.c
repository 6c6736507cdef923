// SPDX-License-Identifier: GPL-2.0
/*
 * tracepoint:CATEGORY:NAME (wildcards in both) and rawtracepoint:NAME.
 * A tracepoint program reads the event's fields (args.*) at the offsets
 * of its tracefs format; a raw tracepoint program gets the tracepoint's
 * own arguments.
 */
#include "lang/provider.h"

#include "bpf/attach.h"
#include "core/tracefs.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct match {
	const struct lang_attach *ap;
	struct lang_targets *out;
};

static int add_tracepoint(struct lang_targets *out, const char *category,
			  const char *name)
{
	char probe[512];
	struct lang_target *t;

	snprintf(probe, sizeof(probe), "tracepoint:%s:%s", category, name);
	t = lang_targets__add(out, LANG_PROBE_TRACEPOINT, probe);
	if (!t)
		return -ENOMEM;
	t->category = strdup(category);
	t->name = strdup(name);
	return t->category && t->name ? 0 : -ENOMEM;
}

static int match_one(const char *category, const char *name, void *ctx)
{
	struct match *m = ctx;

	if (fnmatch(m->ap->category, category, 0) ||
	    fnmatch(m->ap->name, name, 0))
		return 0;
	return add_tracepoint(m->out, category, name);
}

static int tracepoint_expand(const struct lang_attach *ap, const char *file,
			     struct lang_targets *out, struct lang_diag *diag)
{
	struct match m = {ap, out};
	size_t before = out->nr;
	int err;

	if (!ap->wildcard) {
		err = tracefs__event_id(ap->category, ap->name);
		if (err >= 0)
			return add_tracepoint(out, ap->category, ap->name);
	} else {
		err = tracefs__for_each_event(match_one, &m);
		if (!err && out->nr > before)
			return 0;
	}
	if (err == -ENOMEM)
		return err;
	if (err && err != -ENOENT)
		return lang_diag__error(diag, file, ap->loc,
					"cannot read the tracepoints: %s",
					strerror(-err));
	return lang_diag__error(diag, file, ap->loc,
				"%s matches no tracepoint (see sonde run -l "
				"'tracepoint:%s:*')",
				ap->raw, ap->category);
}

static int tracepoint_attach(const struct lang_target *t, int prog_fd,
			     pid_t pid, struct bpf_attachments *a)
{
	return bpf_attach__tracepoint(a, prog_fd, t->category, t->name);
}

const struct lang_provider lang_provider_tracepoint = {
	.prog_type = BPF_PROG_TYPE_TRACEPOINT,
	.expand = tracepoint_expand,
	.attach = tracepoint_attach,
};

static int raw_expand(const struct lang_attach *ap, const char *file,
		      struct lang_targets *out, struct lang_diag *diag)
{
	struct lang_target *t;

	if (ap->wildcard)
		return lang_diag__error(diag, file, ap->loc,
					"rawtracepoint names take no "
					"wildcards: name the tracepoint");
	t = lang_targets__add(out, LANG_PROBE_RAWTRACEPOINT, ap->raw);
	if (!t || !(t->name = strdup(ap->name)))
		return -ENOMEM;
	return 0;
}

static int raw_attach(const struct lang_target *t, int prog_fd, pid_t pid,
		      struct bpf_attachments *a)
{
	return bpf_attach__raw_tracepoint(a, prog_fd, t->name);
}

const struct lang_provider lang_provider_rawtracepoint = {
	.prog_type = BPF_PROG_TYPE_RAW_TRACEPOINT,
	.expand = raw_expand,
	.attach = raw_attach,
};
