/* SPDX-License-Identifier: GPL-2.0 */
/*
 * USDT probes (SystemTap SDT notes): the .note.stapsdt section of an ELF
 * file, with addresses made ready for uprobes.
 */
#ifndef SONDE_SYM_USDT_H
#define SONDE_SYM_USDT_H

#include <stddef.h>
#include <stdint.h>

struct elf_file;

struct usdt_probe {
	char provider[64];
	char name[64];
	uint64_t pc;	    /* virtual address of the probe's nop */
	uint64_t pc_offset; /* its file offset: the uprobe's offset */
	uint64_t semaphore; /* virtual address, 0 when the probe has none */
	uint64_t semaphore_offset; /* file offset: the ref_ctr_offset */
	char args[512]; /* "-4@%esi 8@-16(%rbp)", as the compiler wrote it */
};

/*
 * Reads every probe of path into a malloc'd array (free with
 * usdt__free), in note order.  A file without probes gives 0 and
 * *nr == 0.  Notes that are malformed, have names that do not fit, or
 * point outside the file are skipped.  Errors as elf_file__open.
 */
int usdt__read(const char *path, struct usdt_probe **probes, size_t *nr);
/* The same, from an already open file. */
int usdt__read_elf(struct elf_file *ef, struct usdt_probe **probes, size_t *nr);
void usdt__free(struct usdt_probe *probes);

/* The first probe provider:name in probes, or NULL. */
const struct usdt_probe *usdt__find(const struct usdt_probe *probes, size_t nr,
				    const char *provider, const char *name);

#endif
