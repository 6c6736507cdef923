// SPDX-License-Identifier: GPL-2.0
/*
 * uprobe:PATH:FUNC[+OFFSET], uretprobe:PATH:FUNC (wildcards in FUNC) and
 * usdt:PATH:[PROVIDER:]NAME: the ELF's functions or stapsdt notes, at
 * file offsets, attached through the kernel's uprobe PMU (USDT
 * semaphores counted by the kernel while attached).
 */
#include "lang/provider.h"

#include "bpf/attach.h"
#include "sym/elf.h"
#include "sym/usdt.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct function_match {
	const struct lang_attach *ap;
	const char *path;
	struct elf_file *ef;
	struct lang_targets *out;
};

static int match_function(const char *name, uint64_t addr, uint64_t size,
			  void *ctx)
{
	struct function_match *m = ctx;
	const struct lang_attach *ap = m->ap;
	bool ret = ap->type == LANG_PROBE_URETPROBE;
	struct lang_target *t;
	char probe[4096 + 512];
	uint64_t offset;

	if (fnmatch(ap->name, name, 0) ||
	    elf_file__addr_to_offset(m->ef, addr, &offset))
		return 0;
	snprintf(probe, sizeof(probe), "%s:%s:%s", ret ? "uretprobe" : "uprobe",
		 m->path, name);
	t = lang_targets__add(m->out, ap->type, probe);
	if (!t || !(t->path = strdup(m->path)))
		return -ENOMEM;
	t->offset = offset + ap->offset;
	return 0;
}

static int open_error(const struct lang_attach *ap, const char *file,
		      struct lang_diag *diag, int err)
{
	return lang_diag__error(
		diag, file, ap->loc, "cannot read '%s': %s", ap->target,
		err == -ENOEXEC ? "not an ELF file" : strerror(-err));
}

static int uprobe_expand(const struct lang_attach *ap, const char *file,
			 struct lang_targets *out, struct lang_diag *diag)
{
	struct elf_file *ef;
	size_t before = out->nr;
	char path[PATH_MAX];
	int err = elf_file__find(ap->target, path, sizeof(path));

	if (!err)
		err = elf_file__open(path, &ef);
	if (err)
		return open_error(ap, file, diag, err);
	err = elf_file__for_each_function(
		ef, match_function,
		&(struct function_match){
			.ap = ap, .path = path, .ef = ef, .out = out});
	elf_file__close(ef);
	if (err)
		return err;
	if (out->nr == before)
		return lang_diag__error(diag, file, ap->loc,
					"no function of '%s' matches '%s'",
					ap->target, ap->name);
	return 0;
}

static int uprobe_attach(const struct lang_target *t, int prog_fd, pid_t pid,
			 struct bpf_attachments *a)
{
	return bpf_attach__uprobe(a, prog_fd, t->path, t->offset,
				  t->type == LANG_PROBE_URETPROBE,
				  t->ref_ctr_offset, pid);
}

const struct lang_provider lang_provider_uprobe = {
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = uprobe_expand,
	.attach = uprobe_attach,
};

static int usdt_expand(const struct lang_attach *ap, const char *file,
		       struct lang_targets *out, struct lang_diag *diag)
{
	struct usdt_probe *probes;
	size_t nr, before = out->nr;
	char path[PATH_MAX];
	int err = elf_file__find(ap->target, path, sizeof(path));

	if (!err)
		err = usdt__read(path, &probes, &nr);
	if (err)
		return open_error(ap, file, diag, err);
	for (size_t i = 0; !err && i < nr; i++) {
		const struct usdt_probe *p = &probes[i];
		char probe[4096 + 160];
		struct lang_target *t;

		if ((ap->category && fnmatch(ap->category, p->provider, 0)) ||
		    fnmatch(ap->name, p->name, 0))
			continue;
		snprintf(probe, sizeof(probe), "usdt:%s:%s:%s", path,
			 p->provider, p->name);
		t = lang_targets__add(out, LANG_PROBE_USDT, probe);
		if (!t || !(t->path = strdup(path)) ||
		    !(t->usdt_args = strdup(p->args))) {
			err = -ENOMEM;
			break;
		}
		t->offset = p->pc_offset;
		t->ref_ctr_offset = p->semaphore_offset;
	}
	usdt__free(probes);
	if (!err && out->nr == before)
		return lang_diag__error(diag, file, ap->loc,
					"no USDT probe of '%s' matches '%s'",
					ap->target, ap->raw);
	return err;
}

const struct lang_provider lang_provider_usdt = {
	.prog_type = BPF_PROG_TYPE_KPROBE,
	.expand = usdt_expand,
	.attach = uprobe_attach,
};
