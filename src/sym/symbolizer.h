/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The symbolizer: an address in an object -> "function+offset".
 *
 * Objects (struct sym_dso) are ELF files, the kernel (kallsyms), JIT
 * perf maps and ELF images held in memory (a vDSO).  Each is loaded once,
 * on its first lookup, into a sorted table; a lookup is a binary search
 * and allocates nothing (except the first time a C++ or Rust name is
 * demangled, which is then kept).
 *
 * Where an ELF object's symbols come from, best first:
 *   - its own .symtab (and .dynsym, always merged in);
 *   - else a separate debug file: by build-id under each debug directory
 *     (DIR/.build-id/xx/yyyy.debug, as Debian's -dbg packages install),
 *     then by .gnu_debuglink (next to the object, in its .debug/
 *     subdirectory, and DIR/<object's directory>/), checked against the
 *     object's build-id or the link's CRC;
 *   - else the MiniDebugInfo in .gnu_debugdata (an xz'd ELF .symtab);
 *   - else only .dynsym.
 * Objects are shared by build-id (and, without one, by device, inode,
 * size and mtime), so a file found under two paths is read once, and an
 * object whose path now holds another file (upgraded, deleted) is still
 * matched by the build-id it was recorded with: from an earlier load, a
 * debug file, or perf's build-id cache (~/.debug/.build-id/xx/yyyy/elf).
 * A file that does not carry the expected build-id is never used.
 *
 * Which name, and where a symbol ends, follow perf: one name per address
 * (sized over unsized, non-weak over weak, global over local, fewer
 * leading underscores, then the longer name; then alphabetical, so the
 * choice is stable); a symbol without a size ends where the next
 * begins; an address past a sized symbol's end and before the next
 * symbol has no name ("[unknown]"), as in perf.
 *
 * Addresses: for ELF objects, either the ELF virtual address (st_value's
 * space) or a file offset, which is what a sample gives
 * (ip - mapping start + mapping pgoff) and is turned into a virtual
 * address through the object's PT_LOAD headers.  Kernel and perf-map
 * addresses are absolute, and a "file offset" is taken as one.
 *
 * Names and dso names returned stay valid until symbolizer__free().  A
 * symbolizer is not thread-safe: use one per thread, or a lock.
 */
#ifndef SONDE_SYM_SYMBOLIZER_H
#define SONDE_SYM_SYMBOLIZER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Build-ids are 20 bytes (SHA-1) in practice; perf allows up to 20. */
#define SYM_BUILD_ID_MAX 32

struct symbolizer;
struct sym_dso;

struct sym_result {
	const char *name;     /* demangled; "[unknown]" when !found */
	const char *raw_name; /* as the object spells it (mangled) */
	/*
	 * The address looked up: an ELF virtual address (absolute for the
	 * kernel and perf maps), or the file offset itself when it falls
	 * in no PT_LOAD segment.
	 */
	uint64_t addr;
	uint64_t offset;    /* addr - sym_start; addr when !found */
	uint64_t sym_start; /* 0 when !found */
	uint64_t sym_size;  /* the range lookups give it: end - start */
	/* The path given, "[kernel.kallsyms]", "[module]", "/tmp/perf-PID.map"
	 */
	const char *dso_name;
	bool found;
};

/* NULL when out of memory. */
struct symbolizer *symbolizer__new(void);
void symbolizer__free(struct symbolizer *s);

/*
 * Where to look for separate debug files: a ':'-separated list of
 * directories, replacing the default "/usr/lib/debug".  Applies to
 * objects not yet loaded.  0 or -ENOMEM.
 */
int symbolizer__set_debug_dirs(struct symbolizer *s, const char *dirs);

/*
 * perf's build-id cache directory, holding .build-id/xx/yyyy/{elf,debug}:
 * default $HOME/.debug; NULL to not use one.  0 or -ENOMEM.
 */
int symbolizer__set_buildid_cache(struct symbolizer *s, const char *dir);

/*
 * An ELF object by path (as the process sees it: "/usr/lib/libc.so.6").
 * root, when not NULL, is prefixed to every path opened for it (the
 * object, its debug files): "/proc/PID/root" for a process in a
 * container; debug directories are tried there first, then on the host.
 * build_id, when known (perf.data records it), pins the object: a file
 * at path with another build-id is not used.  Returns the same dso for
 * the same arguments (and, without a build-id, the same file on disk);
 * loading is deferred to the first lookup.  A missing or unreadable file
 * is not an error: its lookups find nothing.  NULL only when out of
 * memory or on NULL arguments.
 */
struct sym_dso *symbolizer__dso(struct symbolizer *s, const char *path,
				const char *root, const uint8_t *build_id,
				size_t build_id_len);

/*
 * An ELF image in memory, such as a process's vDSO read from its memory
 * or from a recording, named name ("[vdso]").  The image is read during
 * the call and need not outlive it.  NULL when out of memory.
 */
struct sym_dso *symbolizer__dso_memory(struct symbolizer *s, const char *name,
				       const void *image, size_t size);

/*
 * The kernel: text symbols of kallsyms_path (NULL: /proc/kallsyms, which
 * shows addresses to root while kptr_restrict is 0 or 1), loaded on the
 * first lookup.  Module symbols report their "[module]" as dso_name.
 */
struct sym_dso *symbolizer__kernel(struct symbolizer *s,
				   const char *kallsyms_path);

/*
 * A perf map for process pid.  With text (size bytes, as a recording
 * embeds it), parsed during the call; the same text for the same pid
 * gives the same dso.  With text NULL, /tmp/perf-PID.map, read on the
 * first lookup and read again on the first lookup after a call that
 * finds the file changed (the JIT has written more): earlier results
 * stay valid.  NULL when out of memory.
 */
/*
 * Starts reading the kernel's symbols in a thread, so the first kernel
 * lookup finds them ready (or waits for the rest).  For other dsos, and
 * when a thread cannot be had, nothing changes: they load on first use.
 */
int symbolizer__preload(struct symbolizer *s, struct sym_dso *dso);
struct sym_dso *symbolizer__perf_map(struct symbolizer *s, pid_t pid,
				     const char *text, size_t size);

/*
 * Looks up an ELF virtual address (an absolute address for the kernel
 * and perf maps).  0 with out->found set, -ENOENT when nothing is known
 * there (out names "[unknown]"), -EINVAL on NULL arguments.
 */
int symbolizer__lookup_vaddr(struct symbolizer *s, struct sym_dso *dso,
			     uint64_t vaddr, struct sym_result *out);

/* The same for a file offset (ip - map start + pgoff). */
int symbolizer__lookup_file_offset(struct symbolizer *s, struct sym_dso *dso,
				   uint64_t offset, struct sym_result *out);

/*
 * The ELF virtual address of a file offset (for unwinders and line
 * tables).  -ENOENT when no PT_LOAD holds it or the object is unknown.
 * When only a debug file was found, offsets within segments it has no
 * bytes for cannot be translated (objcopy rewrites their p_offset).
 */
int symbolizer__offset_to_vaddr(struct symbolizer *s, struct sym_dso *dso,
				uint64_t offset, uint64_t *vaddr);

/*
 * Loads dso now, if not yet loaded.  0 when it has symbols; otherwise
 * why not: -ENOENT (no file), -ENOEXEC (not ELF), -ESTALE (the file at
 * the path has another build-id and no copy was found), -ENODATA (no
 * symbols in it), -EPERM (kallsyms addresses hidden), -ENOMEM, ...
 */
int symbolizer__load(struct symbolizer *s, struct sym_dso *dso);

/* The name given for dso. */
const char *sym_dso__name(const struct sym_dso *dso);
/* The separate debug file its symbols came from, or NULL (after loading). */
const char *sym_dso__debug_file(const struct sym_dso *dso);
/* Where its symbols came from: ".symtab", "debug file", ".gnu_debugdata",
 * ".dynsym", "kallsyms", "perf map", or NULL (after loading). */
const char *sym_dso__symbol_source(const struct sym_dso *dso);
/* The number of distinct symbols loaded (0 before loading). */
size_t sym_dso__nr_symbols(const struct sym_dso *dso);

#endif
