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

/*
 * The file a probe names, as bpftrace finds it: a path as given; a bare
 * name as a program on $PATH, else as a library in the system's library
 * directories ("libc" -> /lib/x86_64-linux-gnu/libc.so.6: NAME, NAME.so,
 * NAME.so.*, NAME-*.so).  0, or -ENOENT, -ENAMETOOLONG.
 */
int elf_file__find(const char *name, char *path, size_t size);

/*
 * Opens an ELF image held in memory (a vDSO copy, a decompressed
 * .gnu_debugdata).  buf must stay valid and unchanged until the file is
 * closed; it is not freed by elf_file__close.  -ENOEXEC when it is not ELF.
 */
int elf_file__open_memory(void *buf, size_t size, struct elf_file **out);

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

/* One PT_LOAD program header. */
struct elf_segment {
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
	uint32_t flags; /* PF_R, PF_W, PF_X */
};

/*
 * Copies up to max PT_LOAD headers, in file order, into segs.  Returns
 * how many the file has, which may exceed max (call again with more
 * room), or -errno.
 */
int elf_file__load_segments(struct elf_file *ef, struct elf_segment *segs,
			    size_t max);

/*
 * Contents of the first section called name: a pointer into memory the
 * elf_file owns, valid until it is closed.  -ENOENT when absent,
 * -ENODATA when the section has no bytes in the file (SHT_NOBITS, as in
 * a separate debug file), -EINVAL when unreadable.
 */
int elf_file__section_data(struct elf_file *ef, const char *name,
			   const void **data, size_t *size);

/*
 * The .gnu_debuglink section: the separate debug file's name (a base
 * name, copied NUL-terminated into name) and the CRC-32 of its
 * contents.  -ENOENT when absent, -EINVAL when malformed (no NUL, a
 * name with '/', no room for the CRC), -ERANGE when name is too small.
 */
int elf_file__debuglink(struct elf_file *ef, char *name, size_t size,
			uint32_t *crc);

/* A defined symbol of .symtab or .dynsym, for the symbolizer. */
struct elf_symbol {
	const char *name; /* as stored: may end in "@VER" or "@@VER" */
	uint64_t addr;
	uint64_t size;
	uint8_t type;	    /* STT_* */
	uint8_t bind;	    /* STB_* */
	uint8_t visibility; /* STV_* */
	bool exec;	    /* its section is SHF_EXECINSTR */
};

/*
 * Calls cb for every defined symbol with a name (not SHN_UNDEF, not
 * SHN_ABS, not a section or file symbol) of the first section of type
 * table (SHT_SYMTAB or SHT_DYNSYM), in table order.  -ENOENT when the
 * file has no such table with contents.  A nonzero return from cb
 * stops the walk and is returned.  A table cut short by a damaged file
 * yields the symbols it still has.
 */
int elf_file__for_each_symbol(struct elf_file *ef, uint32_t table,
			      int (*cb)(const struct elf_symbol *sym,
					void *ctx),
			      void *ctx);

/*
 * The PLT stubs, named "func@plt" after the symbols of .rela.plt, as perf
 * names them: cb gets each stub's name, address and size.
 */
int elf_file__for_each_plt(struct elf_file *ef,
			   int (*cb)(const char *name, uint64_t addr,
				     uint64_t size, void *ctx),
			   void *ctx);

#endif
