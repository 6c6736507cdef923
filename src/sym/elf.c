// SPDX-License-Identifier: GPL-2.0
#include "sym/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <libelf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NT_GNU_BUILD_ID_TYPE 3

struct elf_file {
	int fd;
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx; /* 0 when section names cannot be read */
	size_t phnum;
};

/* The headers every entry point relies on; -ENOEXEC when unusable. */
static int read_headers(struct elf_file *ef)
{
	if (!ef->elf || elf_kind(ef->elf) != ELF_K_ELF ||
	    !gelf_getehdr(ef->elf, &ef->ehdr) ||
	    elf_getphdrnum(ef->elf, &ef->phnum))
		return -ENOEXEC;
	if (elf_getshdrstrndx(ef->elf, &ef->shstrndx))
		ef->shstrndx = 0;
	return 0;
}

int elf_file__open(const char *path, struct elf_file **out)
{
	struct elf_file *ef;
	struct stat st;
	int err;

	*out = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	ef = calloc(1, sizeof(*ef));
	if (!ef)
		return -ENOMEM;
	/* O_NONBLOCK: opening a FIFO must not hang before fstat rejects it. */
	ef->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (ef->fd < 0) {
		err = -errno;
		goto fail;
	}
	if (fstat(ef->fd, &st)) {
		err = -errno;
		goto fail;
	}
	if (S_ISDIR(st.st_mode)) {
		err = -EISDIR;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = -ENOEXEC;
		goto fail;
	}
	/*
	 * ELF_C_READ, not ELF_C_READ_MMAP: libelf then reads with pread and
	 * checks each range against the file size, so a file that shrinks
	 * under us (a library being upgraded) gives an error, not SIGBUS.
	 */
	ef->elf = elf_begin(ef->fd, ELF_C_READ, NULL);
	err = read_headers(ef);
	if (err)
		goto fail;
	*out = ef;
	return 0;
fail:
	elf_file__close(ef);
	return err;
}

int elf_file__open_memory(void *buf, size_t size, struct elf_file **out)
{
	struct elf_file *ef;
	int err;

	*out = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -ENOSYS;
	ef = calloc(1, sizeof(*ef));
	if (!ef)
		return -ENOMEM;
	ef->fd = -1;
	ef->elf = elf_memory(buf, size);
	err = read_headers(ef);
	if (err) {
		elf_file__close(ef);
		return err;
	}
	*out = ef;
	return 0;
}

void elf_file__close(struct elf_file *ef)
{
	if (!ef)
		return;
	if (ef->elf)
		elf_end(ef->elf);
	if (ef->fd >= 0)
		close(ef->fd);
	free(ef);
}

int elf_file__type(const struct elf_file *ef)
{
	return ef->ehdr.e_type;
}

int elf_file__machine(const struct elf_file *ef)
{
	return ef->ehdr.e_machine;
}

int elf_file__word_size(const struct elf_file *ef)
{
	return ef->ehdr.e_ident[EI_CLASS] == ELFCLASS32 ? 4 : 8;
}

bool elf_file__big_endian(const struct elf_file *ef)
{
	return ef->ehdr.e_ident[EI_DATA] == ELFDATA2MSB;
}

static const char *section_name(struct elf_file *ef, const GElf_Shdr *shdr)
{
	if (!ef->shstrndx)
		return NULL;
	return elf_strptr(ef->elf, ef->shstrndx, shdr->sh_name);
}

/* Finds a section by name; NULL when absent or unreadable. */
static Elf_Scn *find_section(struct elf_file *ef, const char *name,
			     GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(ef->elf, scn))) {
		const char *n;

		if (!gelf_getshdr(scn, shdr))
			continue;
		n = section_name(ef, shdr);
		if (n && !strcmp(n, name))
			return scn;
	}
	return NULL;
}

int elf_file__section(struct elf_file *ef, const char *name,
		      struct elf_section *sec)
{
	GElf_Shdr shdr;

	if (!find_section(ef, name, &shdr))
		return -ENOENT;
	sec->addr = shdr.sh_addr;
	sec->offset = shdr.sh_offset;
	sec->size = shdr.sh_size;
	sec->type = shdr.sh_type;
	sec->flags = shdr.sh_flags;
	return 0;
}

int elf_file__addr_to_offset(struct elf_file *ef, uint64_t addr,
			     uint64_t *offset)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	GElf_Phdr phdr;

	while ((scn = elf_nextscn(ef->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr) || !(shdr.sh_flags & SHF_ALLOC) ||
		    shdr.sh_type == SHT_NOBITS)
			continue;
		if (addr >= shdr.sh_addr &&
		    addr - shdr.sh_addr < shdr.sh_size) {
			*offset = addr - shdr.sh_addr + shdr.sh_offset;
			return 0;
		}
	}
	/* No section headers (sstrip'ed) or a .bss address: segments. */
	for (size_t i = 0; i < ef->phnum; i++) {
		if (!gelf_getphdr(ef->elf, (int)i, &phdr) ||
		    phdr.p_type != PT_LOAD)
			continue;
		if (addr >= phdr.p_vaddr &&
		    addr - phdr.p_vaddr < phdr.p_memsz) {
			*offset = addr - phdr.p_vaddr + phdr.p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

int elf_file__load_bias(struct elf_file *ef, uint64_t *bias)
{
	GElf_Phdr phdr;

	for (size_t i = 0; i < ef->phnum; i++) {
		if (!gelf_getphdr(ef->elf, (int)i, &phdr))
			continue;
		if (phdr.p_type == PT_LOAD && (phdr.p_flags & PF_X)) {
			*bias = phdr.p_vaddr - phdr.p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

static int walk_notes(Elf_Data *data,
		      int (*cb)(const struct elf_note *note, void *ctx),
		      void *ctx)
{
	size_t off = 0, next, name_off, desc_off;
	GElf_Nhdr nhdr;
	int err;

	/* gelf_getnote checks that header, name and desc fit in data. */
	while ((next = gelf_getnote(data, off, &nhdr, &name_off, &desc_off))) {
		const char *buf = data->d_buf;
		struct elf_note note = {
			.type = nhdr.n_type,
			.owner = "",
			.desc = buf + desc_off,
			.desc_size = nhdr.n_descsz,
		};

		if (nhdr.n_namesz && buf[name_off + nhdr.n_namesz - 1] == '\0')
			note.owner = buf + name_off;
		err = cb(&note, ctx);
		if (err)
			return err;
		off = next;
	}
	return 0;
}

/* Notes of the program headers, for files without section headers. */
static int walk_note_segments(struct elf_file *ef,
			      int (*cb)(const struct elf_note *note, void *ctx),
			      void *ctx)
{
	GElf_Phdr phdr;
	Elf_Data *data;
	int err;

	for (size_t i = 0; i < ef->phnum; i++) {
		if (!gelf_getphdr(ef->elf, (int)i, &phdr) ||
		    phdr.p_type != PT_NOTE)
			continue;
		data = elf_getdata_rawchunk(
			ef->elf, (int64_t)phdr.p_offset, phdr.p_filesz,
			phdr.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR);
		if (!data)
			continue;
		err = walk_notes(data, cb, ctx);
		if (err)
			return err;
	}
	return 0;
}

int elf_file__for_each_note(struct elf_file *ef, const char *section,
			    int (*cb)(const struct elf_note *note, void *ctx),
			    void *ctx)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	Elf_Data *data;
	bool any_section = false;
	int err;

	if (section) {
		scn = find_section(ef, section, &shdr);
		if (!scn)
			return -ENOENT;
		if (shdr.sh_type != SHT_NOTE)
			return -EINVAL;
		data = elf_getdata(scn, NULL);
		return data ? walk_notes(data, cb, ctx) : -EINVAL;
	}
	while ((scn = elf_nextscn(ef->elf, scn))) {
		any_section = true;
		if (!gelf_getshdr(scn, &shdr) || shdr.sh_type != SHT_NOTE)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data)
			continue;
		err = walk_notes(data, cb, ctx);
		if (err)
			return err;
	}
	if (!any_section)
		return walk_note_segments(ef, cb, ctx);
	return 0;
}

struct build_id_ctx {
	unsigned char *buf;
	size_t size;
};

static int build_id_note(const struct elf_note *note, void *arg)
{
	struct build_id_ctx *ctx = arg;

	if (note->type != NT_GNU_BUILD_ID_TYPE || strcmp(note->owner, "GNU") ||
	    !note->desc_size)
		return 0;
	if (note->desc_size > ctx->size || note->desc_size > INT32_MAX)
		return -ERANGE;
	memcpy(ctx->buf, note->desc, note->desc_size);
	return (int)note->desc_size;
}

int elf_file__build_id(struct elf_file *ef, unsigned char *buf, size_t size)
{
	struct build_id_ctx ctx = {buf, size};
	int ret;

	/* The usual home first: one small section, not every note. */
	ret = elf_file__for_each_note(ef, ".note.gnu.build-id", build_id_note,
				      &ctx);
	if (ret <= 0 && ret != -ERANGE)
		ret = elf_file__for_each_note(ef, NULL, build_id_note, &ctx);
	return ret > 0 || ret == -ERANGE ? ret : -ENOENT;
}

struct func_sym {
	const char *name; /* in libelf's string table, not NUL-cut */
	size_t len;	  /* without the version suffix */
	uint64_t addr;
	uint64_t size;
};

static int cmp_func_sym(const void *pa, const void *pb)
{
	const struct func_sym *a = pa, *b = pb;
	size_t n = a->len < b->len ? a->len : b->len;
	int c;

	if (a->addr != b->addr)
		return a->addr < b->addr ? -1 : 1;
	c = memcmp(a->name, b->name, n);
	if (c)
		return c;
	return a->len < b->len ? -1 : a->len > b->len;
}

static bool same_func_sym(const struct func_sym *a, const struct func_sym *b)
{
	return a->addr == b->addr && a->len == b->len &&
	       !memcmp(a->name, b->name, a->len);
}

/* Appends the defined functions of one symbol table to syms. */
static int collect_functions(struct elf_file *ef, Elf_Scn *scn,
			     const GElf_Shdr *shdr, struct func_sym **syms,
			     size_t *nr, size_t *cap)
{
	Elf_Data *data = elf_getdata(scn, NULL);
	size_t entsize = gelf_fsize(ef->elf, ELF_T_SYM, 1, EV_CURRENT);
	size_t count;

	if (!data || !entsize)
		return 0;
	count = data->d_size / entsize;
	if (count > INT_MAX)
		count = INT_MAX; /* gelf_getsym takes an int */
	for (size_t i = 0; i < count; i++) {
		GElf_Sym sym;
		const char *name;
		int type;

		if (!gelf_getsym(data, (int)i, &sym))
			break;
		type = GELF_ST_TYPE(sym.st_info);
		if ((type != STT_FUNC && type != STT_GNU_IFUNC) ||
		    sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(ef->elf, shdr->sh_link, sym.st_name);
		if (!name || !*name || *name == '@')
			continue;
		if (*nr == *cap) {
			size_t ncap = *cap ? *cap * 2 : 256;
			struct func_sym *n = realloc(*syms, ncap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			*syms = n;
			*cap = ncap;
		}
		(*syms)[(*nr)++] = (struct func_sym){
			.name = name,
			.len = strcspn(name, "@"),
			.addr = sym.st_value,
			.size = sym.st_size,
		};
	}
	return 0;
}

int elf_file__for_each_function(struct elf_file *ef,
				int (*cb)(const char *name, uint64_t addr,
					  uint64_t size, void *ctx),
				void *ctx)
{
	struct func_sym *syms = NULL;
	size_t nr = 0, cap = 0, name_cap = 0;
	char *name_buf = NULL;
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	int err = 0;

	while ((scn = elf_nextscn(ef->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr) ||
		    (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM))
			continue;
		err = collect_functions(ef, scn, &shdr, &syms, &nr, &cap);
		if (err)
			goto out;
	}
	if (nr)
		qsort(syms, nr, sizeof(*syms), cmp_func_sym);
	for (size_t i = 0; i < nr; i++) {
		struct func_sym *s = &syms[i];
		uint64_t size = s->size;
		const char *name = s->name;

		/* .symtab and .dynsym both list exported functions. */
		while (i + 1 < nr && same_func_sym(s, &syms[i + 1])) {
			i++;
			if (syms[i].size > size)
				size = syms[i].size;
		}
		if (name[s->len]) {
			/* A versioned name: cut a NUL-terminated copy. */
			if (s->len + 1 > name_cap) {
				char *n = realloc(name_buf, s->len + 1);

				if (!n) {
					err = -ENOMEM;
					goto out;
				}
				name_buf = n;
				name_cap = s->len + 1;
			}
			memcpy(name_buf, name, s->len);
			name_buf[s->len] = '\0';
			name = name_buf;
		}
		err = cb(name, s->addr, size, ctx);
		if (err)
			goto out;
	}
out:
	free(name_buf);
	free(syms);
	return err;
}

int elf_file__load_segments(struct elf_file *ef, struct elf_segment *segs,
			    size_t max)
{
	size_t nr = 0;
	GElf_Phdr phdr;

	for (size_t i = 0; i < ef->phnum && i < INT_MAX; i++) {
		if (!gelf_getphdr(ef->elf, (int)i, &phdr) ||
		    phdr.p_type != PT_LOAD)
			continue;
		if (nr < max)
			segs[nr] = (struct elf_segment){
				.vaddr = phdr.p_vaddr,
				.offset = phdr.p_offset,
				.filesz = phdr.p_filesz,
				.memsz = phdr.p_memsz,
				.flags = phdr.p_flags,
			};
		nr++;
	}
	return nr > INT_MAX ? INT_MAX : (int)nr;
}

int elf_file__section_data(struct elf_file *ef, const char *name,
			   const void **data, size_t *size)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = find_section(ef, name, &shdr);
	Elf_Data *d;

	if (!scn)
		return -ENOENT;
	if (shdr.sh_type == SHT_NOBITS)
		return -ENODATA;
	/* Raw bytes: these sections are opaque blobs, not typed tables. */
	d = elf_rawdata(scn, NULL);
	if (!d || (!d->d_buf && d->d_size))
		return -EINVAL;
	*data = d->d_buf;
	*size = d->d_size;
	return 0;
}

int elf_file__debuglink(struct elf_file *ef, char *name, size_t size,
			uint32_t *crc)
{
	const unsigned char *p;
	const void *data;
	size_t len, n, crc_off;
	uint32_t v;
	int err;

	err = elf_file__section_data(ef, ".gnu_debuglink", &data, &len);
	if (err)
		return err == -ENODATA ? -ENOENT : err;
	p = data;
	n = strnlen((const char *)p, len);
	/* The name, its NUL, padding to 4, then a 4-byte CRC. */
	crc_off = (n + 4) & ~(size_t)3;
	if (!n || n == len || crc_off + 4 > len || memchr(p, '/', n))
		return -EINVAL;
	if (n + 1 > size)
		return -ERANGE;
	memcpy(name, p, n + 1);
	memcpy(&v, p + crc_off, sizeof(v));
	if (elf_file__big_endian(ef) !=
	    (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__))
		v = __builtin_bswap32(v);
	*crc = v;
	return 0;
}

/*
 * Which sections hold code, indexed by section number: symbols carry a
 * section index, and asking libelf for each of 100,000 symbols' section
 * header costs more than reading them all once.
 */
static bool *exec_sections(struct elf_file *ef, size_t *nr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	bool *exec;

	if (elf_getshdrnum(ef->elf, nr) || !*nr)
		return NULL;
	exec = calloc(*nr, sizeof(*exec));
	if (!exec)
		return NULL;
	while ((scn = elf_nextscn(ef->elf, scn))) {
		size_t i = elf_ndxscn(scn);

		if (i < *nr && gelf_getshdr(scn, &shdr))
			exec[i] = (shdr.sh_flags & SHF_EXECINSTR) != 0;
	}
	return exec;
}

/* The SHT_SYMTAB_SHNDX section that extends table's section indices. */
static Elf_Data *xindex_data(struct elf_file *ef, size_t table_ndx)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(ef->elf, scn)))
		if (gelf_getshdr(scn, &shdr) &&
		    shdr.sh_type == SHT_SYMTAB_SHNDX &&
		    shdr.sh_link == table_ndx)
			return elf_getdata(scn, NULL);
	return NULL;
}

int elf_file__for_each_symbol(struct elf_file *ef, uint32_t table,
			      int (*cb)(const struct elf_symbol *sym,
					void *ctx),
			      void *ctx)
{
	size_t entsize = gelf_fsize(ef->elf, ELF_T_SYM, 1, EV_CURRENT);
	Elf_Data *data = NULL, *xdata = NULL;
	size_t count, nr_sec = 0;
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	bool *exec;
	int err = 0;

	while ((scn = elf_nextscn(ef->elf, scn)))
		if (gelf_getshdr(scn, &shdr) && shdr.sh_type == table)
			break;
	if (!scn || !entsize)
		return -ENOENT;
	data = elf_getdata(scn, NULL);
	if (!data || !data->d_buf || data->d_size < entsize)
		return -ENOENT;
	xdata = xindex_data(ef, elf_ndxscn(scn));
	exec = exec_sections(ef, &nr_sec);
	count = data->d_size / entsize;
	if (count > INT_MAX)
		count = INT_MAX; /* gelf_getsym takes an int */
	/* Entry 0 is the reserved null symbol. */
	for (size_t i = 1; i < count; i++) {
		struct elf_symbol es;
		GElf_Sym sym;
		Elf32_Word xndx = 0;
		size_t shndx;
		int type;

		if (!gelf_getsymshndx(data, xdata, (int)i, &sym, &xndx))
			break;
		type = GELF_ST_TYPE(sym.st_info);
		if (type == STT_SECTION || type == STT_FILE ||
		    sym.st_shndx == SHN_UNDEF || sym.st_shndx == SHN_ABS ||
		    !sym.st_name)
			continue;
		shndx = sym.st_shndx == SHN_XINDEX ? xndx : sym.st_shndx;
		es.name = elf_strptr(ef->elf, shdr.sh_link, sym.st_name);
		if (!es.name || !*es.name)
			continue;
		es.addr = sym.st_value;
		es.size = sym.st_size;
		es.type = (uint8_t)type;
		es.bind = (uint8_t)GELF_ST_BIND(sym.st_info);
		es.visibility = (uint8_t)GELF_ST_VISIBILITY(sym.st_other);
		es.exec = exec && shndx < nr_sec && exec[shndx];
		err = cb(&es, ctx);
		if (err)
			break;
	}
	free(exec);
	return err;
}

#define PLT_ENTRY_SIZE 16 /* x86_64 and aarch64 alike */

int elf_file__for_each_plt(struct elf_file *ef,
			   int (*cb)(const char *name, uint64_t addr,
				     uint64_t size, void *ctx),
			   void *ctx)
{
	GElf_Shdr rel_shdr, plt_shdr, sym_shdr;
	Elf_Scn *rel_scn = find_section(ef, ".rela.plt", &rel_shdr);
	Elf_Scn *plt_scn, *sym_scn;
	Elf_Data *rels, *syms;
	uint64_t addr, entry;
	size_t nr;
	char name[512];

	if (!rel_scn || rel_shdr.sh_type != SHT_RELA || !rel_shdr.sh_entsize)
		return 0;
	/* With IBT the stubs are in .plt.sec, with no header entry. */
	plt_scn = find_section(ef, ".plt.sec", &plt_shdr);
	if (plt_scn) {
		addr = plt_shdr.sh_addr;
	} else {
		plt_scn = find_section(ef, ".plt", &plt_shdr);
		if (!plt_scn)
			return 0;
		addr = plt_shdr.sh_addr + PLT_ENTRY_SIZE;
	}
	entry = plt_shdr.sh_entsize ? plt_shdr.sh_entsize : PLT_ENTRY_SIZE;
	sym_scn = elf_getscn(ef->elf, rel_shdr.sh_link);
	if (!sym_scn || !gelf_getshdr(sym_scn, &sym_shdr))
		return 0;
	rels = elf_getdata(rel_scn, NULL);
	syms = elf_getdata(sym_scn, NULL);
	if (!rels || !syms)
		return 0;
	nr = rel_shdr.sh_size / rel_shdr.sh_entsize;
	for (size_t i = 0; i < nr; i++, addr += entry) {
		GElf_Rela rela;
		GElf_Sym sym;
		const char *sname;
		int err;

		if (addr + entry > plt_shdr.sh_addr + plt_shdr.sh_size)
			break;
		if (!gelf_getrela(rels, (int)i, &rela) ||
		    !gelf_getsym(syms, (int)GELF_R_SYM(rela.r_info), &sym))
			continue;
		/* A stub of no symbol (IRELATIVE) is "@plt", as in perf. */
		sname = elf_strptr(ef->elf, sym_shdr.sh_link, sym.st_name);
		if (!sname)
			continue;
		snprintf(name, sizeof(name), "%s@plt", sname);
		err = cb(name, addr, entry, ctx);
		if (err)
			return err;
	}
	return 0;
}

static bool is_file(const char *path, int mode)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, mode);
}

/* An ELF file, not a linker script (libc.so is one). */
static bool is_elf(const char *path)
{
	char magic[SELFMAG];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool elf = fd >= 0 && read(fd, magic, SELFMAG) == SELFMAG &&
		   !memcmp(magic, ELFMAG, SELFMAG);

	if (fd >= 0)
		close(fd);
	return elf;
}

/* dir/NAME, dir/NAME.so, then the first of dir/NAME.so.* and dir/NAME-*.so. */
static bool find_library(const char *dir, const char *name, char *path,
			 size_t size)
{
	static const char *const forms[] = {"%s/%s", "%s/%s.so", "%s/%s.so.*",
					    "%s/%s-*.so"};
	char pattern[PATH_MAX];

	for (size_t i = 0; i < sizeof(forms) / sizeof(*forms); i++) {
		glob_t g;
		bool found;

		snprintf(pattern, sizeof(pattern), forms[i], dir, name);
		if (!strchr(forms[i], '*')) {
			if (!is_file(pattern, R_OK) || !is_elf(pattern))
				continue;
			snprintf(path, size, "%s", pattern);
			return true;
		}
		if (glob(pattern, 0, NULL, &g))
			continue;
		found = g.gl_pathc && is_file(g.gl_pathv[0], R_OK) &&
			is_elf(g.gl_pathv[0]);
		if (found)
			snprintf(path, size, "%s", g.gl_pathv[0]);
		globfree(&g);
		if (found)
			return true;
	}
	return false;
}

int elf_file__find(const char *name, char *path, size_t size)
{
	static const char *const lib_dirs[] = {
#if defined(__x86_64__)
		"/lib/x86_64-linux-gnu",
		"/usr/lib/x86_64-linux-gnu",
#elif defined(__aarch64__)
		"/lib/aarch64-linux-gnu",
		"/usr/lib/aarch64-linux-gnu",
#endif
		"/lib64",
		"/usr/lib64",
		"/lib",
		"/usr/lib",
		"/usr/local/lib",
	};
	const char *env = getenv("PATH");
	char dirs[4096], *save = NULL;

	if (strlen(name) >= size)
		return -ENAMETOOLONG;
	if (strchr(name, '/')) {
		snprintf(path, size, "%s", name);
		return 0;
	}
	snprintf(dirs, sizeof(dirs), "%s", env ? env : "/usr/bin:/bin");
	for (char *d = strtok_r(dirs, ":", &save); d;
	     d = strtok_r(NULL, ":", &save)) {
		char try[PATH_MAX];

		snprintf(try, sizeof(try), "%s/%s", d, name);
		if (is_file(try, X_OK)) {
			snprintf(path, size, "%s", try);
			return 0;
		}
	}
	for (size_t i = 0; i < sizeof(lib_dirs) / sizeof(*lib_dirs); i++)
		if (find_library(lib_dirs[i], name, path, size))
			return 0;
	return -ENOENT;
}
