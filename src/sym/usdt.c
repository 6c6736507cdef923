// SPDX-License-Identifier: GPL-2.0
#include "sym/usdt.h"

#include "sym/elf.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NT_STAPSDT 3
#define STAPSDT_OWNER "stapsdt"
#define STAPSDT_NOTES ".note.stapsdt"
#define STAPSDT_BASE ".stapsdt.base"

struct usdt_ctx {
	struct elf_file *ef;
	int word;
	bool big_endian;
	bool have_base;
	uint64_t base_addr; /* where .stapsdt.base really is */
	struct usdt_probe *probes;
	size_t nr, cap;
};

/* An address in the file's own width and byte order. */
static uint64_t read_word(const unsigned char *p, int word, bool big_endian)
{
	uint64_t v = 0;

	for (int i = 0; i < word; i++) {
		int shift = big_endian ? (word - 1 - i) * 8 : i * 8;

		v |= (uint64_t)p[i] << shift;
	}
	return v;
}

/*
 * Copies the NUL-terminated string at *p (which must end before end)
 * into buf and advances *p past it.  False when it is unterminated or
 * does not fit.
 */
static bool take_string(const char **p, const char *end, char *buf, size_t size)
{
	const char *nul = memchr(*p, '\0', (size_t)(end - *p));
	size_t len;

	if (!nul)
		return false;
	len = (size_t)(nul - *p);
	if (len >= size)
		return false;
	memcpy(buf, *p, len + 1);
	*p = nul + 1;
	return true;
}

static int parse_probe(struct usdt_ctx *ctx, const struct elf_note *note,
		       struct usdt_probe *pr)
{
	const unsigned char *desc = note->desc;
	const char *p, *end = (const char *)desc + note->desc_size;
	int w = ctx->word;
	uint64_t base;

	/* Three addresses, then three strings of at least a NUL each. */
	if (note->desc_size < (size_t)w * 3 + 3)
		return -EINVAL;
	memset(pr, 0, sizeof(*pr));
	pr->pc = read_word(desc, w, ctx->big_endian);
	base = read_word(desc + w, w, ctx->big_endian);
	pr->semaphore = read_word(desc + 2 * w, w, ctx->big_endian);
	p = (const char *)desc + 3 * w;
	if (!take_string(&p, end, pr->provider, sizeof(pr->provider)) ||
	    !take_string(&p, end, pr->name, sizeof(pr->name)) ||
	    !take_string(&p, end, pr->args, sizeof(pr->args)) ||
	    !pr->provider[0] || !pr->name[0])
		return -EINVAL;
	/*
	 * The note records where .stapsdt.base was at link time; if the
	 * file was prelinked or otherwise moved since, the section's
	 * address says by how much, and pc and semaphore move with it.
	 */
	if (ctx->have_base && base && base != ctx->base_addr) {
		uint64_t delta = ctx->base_addr - base;

		pr->pc += delta;
		if (pr->semaphore)
			pr->semaphore += delta;
	}
	/* uprobes take file offsets, not addresses. */
	if (elf_file__addr_to_offset(ctx->ef, pr->pc, &pr->pc_offset))
		return -EINVAL;
	if (pr->semaphore && elf_file__addr_to_offset(ctx->ef, pr->semaphore,
						      &pr->semaphore_offset))
		return -EINVAL;
	return 0;
}

static int usdt_note(const struct elf_note *note, void *arg)
{
	struct usdt_ctx *ctx = arg;
	struct usdt_probe pr;

	if (note->type != NT_STAPSDT || strcmp(note->owner, STAPSDT_OWNER))
		return 0;
	/* A malformed note costs that probe, not the others. */
	if (parse_probe(ctx, note, &pr))
		return 0;
	if (ctx->nr == ctx->cap) {
		size_t cap = ctx->cap ? ctx->cap * 2 : 16;
		struct usdt_probe *n = realloc(ctx->probes, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		ctx->probes = n;
		ctx->cap = cap;
	}
	ctx->probes[ctx->nr++] = pr;
	return 0;
}

int usdt__read_elf(struct elf_file *ef, struct usdt_probe **probes, size_t *nr)
{
	struct usdt_ctx ctx = {
		.ef = ef,
		.word = elf_file__word_size(ef),
		.big_endian = elf_file__big_endian(ef),
	};
	struct elf_section base;
	int err;

	*probes = NULL;
	*nr = 0;
	if (!elf_file__section(ef, STAPSDT_BASE, &base)) {
		ctx.have_base = true;
		ctx.base_addr = base.addr;
	}
	err = elf_file__for_each_note(ef, STAPSDT_NOTES, usdt_note, &ctx);
	if (err == -ENOENT)
		err = 0;
	if (err) {
		free(ctx.probes);
		return err;
	}
	*probes = ctx.probes;
	*nr = ctx.nr;
	return 0;
}

int usdt__read(const char *path, struct usdt_probe **probes, size_t *nr)
{
	struct elf_file *ef;
	int err;

	*probes = NULL;
	*nr = 0;
	err = elf_file__open(path, &ef);
	if (err)
		return err;
	err = usdt__read_elf(ef, probes, nr);
	elf_file__close(ef);
	return err;
}

void usdt__free(struct usdt_probe *probes)
{
	free(probes);
}

const struct usdt_probe *usdt__find(const struct usdt_probe *probes, size_t nr,
				    const char *provider, const char *name)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(probes[i].provider, provider) &&
		    !strcmp(probes[i].name, name))
			return &probes[i];
	return NULL;
}
