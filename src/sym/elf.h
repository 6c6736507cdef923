/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small ELF reader over libelf: identity, build-id, function symbols,
 * notes, and the address <-> file offset arithmetic that uprobes and the
 * symbolizer need.  Every entry point tolerates truncated or corrupt
 * files: it fails with -errno, it does not crash.
 */
#ifndef SONDE_SYM_ELF_H
#define SONDE_SYM_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf_file;

/*
 * Opens path.  -ENOENT/-EACCES/... from open(2), -EISDIR for a
 * directory, -ENOEXEC for anything that is not a readable ELF file.
 */
int elf_file__open(const char *path, struct elf_file **out);
void elf_file__close(struct elf_file *ef);

/* e_type: ET_EXEC, ET_DYN, ET_REL, ET_CORE. */
int elf_file__type(const struct elf_file *ef);
/* e_machine: EM_X86_64, EM_AARCH64, ... */
int elf_file__machine(const struct elf_file *ef);
/* Size of an address in the file: 4 or 8. */
int elf_file__word_size(const struct elf_file *ef);
bool elf_file__big_endian(const struct elf_file *ef);

/*
 * Copies the NT_GNU_BUILD_ID note into buf.  Returns its length,
 * -ENOENT when the file has none, -ERANGE when buf is too small.
 */
int elf_file__build_id(struct elf_file *ef, unsigned char *buf, size_t size);

/*
 * Calls cb for each defined STT_FUNC and STT_GNU_IFUNC symbol of .symtab
 * and .dynsym, in address order, each (name, addr) pair once.  Names
 * lose a "@VERSION" or "@@VERSION" suffix.  A nonzero return from cb
 * stops the walk and is returned.  Unreadable symbol tables are skipped,
 * so a damaged file yields what it still has.
 */
int elf_file__for_each_function(struct elf_file *ef,
				int (*cb)(const char *name, uint64_t addr,
					  uint64_t size, void *ctx),
				void *ctx);

struct elf_note {
	uint32_t type;
	const char *owner; /* "GNU", "stapsdt"; "" when unnamed */
	const void *desc;  /* raw bytes, in the file's byte order */
	size_t desc_size;
};

/*
 * Calls cb for each note of the SHT_NOTE section named section, or of
 * every SHT_NOTE section when section is NULL (PT_NOTE segments when the
 * file has no section headers).  -ENOENT when the named section does not
 * exist.  A nonzero return from cb stops the walk and is returned.
 */
int elf_file__for_each_note(struct elf_file *ef, const char *section,
			    int (*cb)(const struct elf_note *note, void *ctx),
			    void *ctx);

struct elf_section {
	uint64_t addr;
	uint64_t offset;
	uint64_t size;
	uint32_t type;	/* SHT_* */
	uint64_t flags; /* SHF_* */
};

/* Header of the first section called name, or -ENOENT. */
int elf_file__section(struct elf_file *ef, const char *name,
		      struct elf_section *sec);

/*
 * File offset of virtual address addr: from the allocated section that
 * holds it, else from the PT_LOAD segment that does.  -ENOENT when none.
 */
int elf_file__addr_to_offset(struct elf_file *ef, uint64_t addr,
			     uint64_t *offset);

/*
 * p_vaddr - p_offset of the first executable PT_LOAD: add it to a file
 * offset (ip - map start + map pgoff) to get the address symbols use.
 * -ENOENT when there is no executable segment.
 */
int elf_file__load_bias(struct elf_file *ef, uint64_t *bias);

#endif
