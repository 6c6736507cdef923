// SPDX-License-Identifier: GPL-2.0
#include "sym/symbolizer.h"

#include "sym/elf.h"
#include "sym/sources.h"
#include "sym/symtab.h"
#include "util/hashmap.h"
#include "util/strutil.h"

#include <elf.h>
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define UNKNOWN "[unknown]"
#define KERNEL_NAME "[kernel.kallsyms]"
#define DEFAULT_DEBUG_DIR "/usr/lib/debug"
#define PAGE 4096ULL

/* Whole-file reads (kallsyms, perf maps): memory stays bounded. */
#define TEXT_FILE_MAX (1ULL << 30)
/* A decompressed .gnu_debugdata; real ones are a few MiB. */
#define MINIDEBUG_MAX (256ULL << 20)
/* PT_LOAD headers kept per object; real objects have 2-6. */
#define MAX_SEGMENTS 32

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr)-offsetof(type, member)))

/*
 * Objects hang off util's u64map by a 64-bit hash of their key: the map
 * holds the first node of a chain of nodes with that hash, and the
 * owner compares full keys along it.
 */
struct hnode {
	struct hnode *next;
	uint64_t hash;
};

/* What identifies a file on disk when it has no build-id. */
struct file_id {
	uint64_t dev, ino, size;
	int64_t mtime_sec, mtime_nsec;
};

enum dso_kind {
	DSO_ELF,
	DSO_MEMORY,
	DSO_KERNEL,
	DSO_PERF_MAP_FILE,
	DSO_PERF_MAP_TEXT,
};

/* Loaded symbols, shared by every dso naming the same object. */
struct sym_image {
	struct symtab tab;
	struct elf_segment segs[MAX_SEGMENTS];
	size_t nr_segs;
	uint8_t build_id[SYM_BUILD_ID_MAX];
	size_t build_id_len;
	struct file_id id;
	bool have_id;
	char *debug_file;
	const char *source;
	struct hnode bid_node, id_node;
	struct sym_image *next; /* every image, kept until the end */
};

struct sym_dso {
	struct hnode node;
	enum dso_kind kind;
	char *name;
	char *root;
	uint8_t build_id[SYM_BUILD_ID_MAX];
	size_t build_id_len;
	struct file_id id; /* without a build-id: the file asked for */
	bool have_id;
	pid_t pid;
	uint64_t text_hash;
	size_t text_size;
	/* Perf map files: the file as last read (not part of the key). */
	struct file_id read_id;
	bool have_read_id;
	struct sym_image *img;
	bool loaded;
	int status;
	struct kernel_preload *preload; /* kallsyms being read meanwhile */
	struct sym_dso *next;
};

struct symbolizer {
	struct u64map dsos;
	struct u64map by_build_id;
	struct u64map by_file_id;
	struct sym_dso *all_dsos;
	struct sym_image *all_images;
	struct strlist debug_dirs;
	char *buildid_cache;
};

/* ---- hashing ---------------------------------------------------------- */

static int chain__add(struct u64map *m, struct hnode *n, uint64_t hash)
{
	bool inserted;
	uint64_t *slot = u64map__slot(m, hash, &inserted);

	if (!slot)
		return -ENOMEM;
	n->hash = hash;
	n->next = inserted ? NULL : (struct hnode *)(uintptr_t)*slot;
	*slot = (uintptr_t)n;
	return 0;
}

static struct hnode *chain__first(const struct u64map *m, uint64_t hash)
{
	uint64_t *v = u64map__find(m, hash);

	return v ? (struct hnode *)(uintptr_t)*v : NULL;
}

/* A string's hash, NULL apart from "" so no two keys collide by shape. */
static uint64_t hash_str(uint64_t h, const char *s)
{
	return hash__mix(h, s ? hash__bytes(s, strlen(s)) : 1);
}

/* ---- files ------------------------------------------------------------ */

static void file_id__from_stat(struct file_id *id, const struct stat *st)
{
	*id = (struct file_id){
		.dev = st->st_dev,
		.ino = st->st_ino,
		.size = (uint64_t)st->st_size,
		.mtime_sec = st->st_mtim.tv_sec,
		.mtime_nsec = st->st_mtim.tv_nsec,
	};
}

static bool file_id__equal(const struct file_id *a, const struct file_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

static uint64_t file_id__hash(const struct file_id *id)
{
	return hash__bytes(id, sizeof(*id));
}

/* root + a + b into buf; -ENAMETOOLONG when it does not fit. */
static int join3(char *buf, size_t size, const char *root, const char *a,
		 const char *b)
{
	int n = snprintf(buf, size, "%s%s%s", root ? root : "", a ? a : "",
			 b ? b : "");

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/*
 * Reads a whole file of unknown size (procfs files report 0) into a
 * malloc'd buffer, at most max bytes.  -EFBIG past max.
 */
static int read_whole(const char *path, size_t max, char **out, size_t *len)
{
	size_t cap = 1 << 16, n = 0;
	char *buf = NULL, *nb;
	ssize_t r;
	int fd, err = 0;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				err = -EFBIG;
				goto out;
			}
			cap = cap * 2 > max ? max : cap * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto out;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
out:
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* The CRC-32 .gnu_debuglink records: zlib's, over the whole file. */
static int file_crc32(const char *path, uint32_t *crc)
{
	unsigned char buf[65536];
	uLong c = crc32(0L, Z_NULL, 0);
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	while ((r = read(fd, buf, sizeof(buf))) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			close(fd);
			return (int)r;
		}
		c = crc32(c, buf, (uInt)r);
	}
	close(fd);
	*crc = (uint32_t)c;
	return 0;
}

static void hex_build_id(const uint8_t *id, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[id[i] >> 4];
		out[2 * i + 1] = digits[id[i] & 15];
	}
	out[2 * len] = '\0';
}

/* ---- the symbolizer --------------------------------------------------- */

struct symbolizer *symbolizer__new(void)
{
	struct symbolizer *s = calloc(1, sizeof(*s));
	const char *home = getenv("HOME");

	if (!s)
		return NULL;
	if (strlist__push(&s->debug_dirs, DEFAULT_DEBUG_DIR))
		goto fail;
	if (home && *home) {
		size_t n = strlen(home) + sizeof("/.debug");

		s->buildid_cache = malloc(n);
		if (!s->buildid_cache)
			goto fail;
		snprintf(s->buildid_cache, n, "%s/.debug", home);
	}
	return s;
fail:
	symbolizer__free(s);
	return NULL;
}

static void image__free(struct sym_image *img)
{
	symtab__release(&img->tab);
	free(img->debug_file);
	free(img);
}

static int ensure_loaded(struct symbolizer *s, struct sym_dso *dso);

void symbolizer__free(struct symbolizer *s)
{
	if (!s)
		return;
	while (s->all_dsos) {
		struct sym_dso *d = s->all_dsos;

		s->all_dsos = d->next;
		if (d->preload)
			ensure_loaded(s, d);
		free(d->name);
		free(d->root);
		free(d);
	}
	while (s->all_images) {
		struct sym_image *img = s->all_images;

		s->all_images = img->next;
		image__free(img);
	}
	u64map__release(&s->dsos);
	u64map__release(&s->by_build_id);
	u64map__release(&s->by_file_id);
	strlist__release(&s->debug_dirs);
	free(s->buildid_cache);
	free(s);
}

int symbolizer__set_debug_dirs(struct symbolizer *s, const char *dirs)
{
	struct strlist list = {0};
	int err = strlist__split(&list, dirs ? dirs : "", ':');

	if (err) {
		strlist__release(&list);
		return err;
	}
	strlist__release(&s->debug_dirs);
	s->debug_dirs = list;
	return 0;
}

int symbolizer__set_buildid_cache(struct symbolizer *s, const char *dir)
{
	char *copy = NULL;

	if (dir && !(copy = strdup(dir)))
		return -ENOMEM;
	free(s->buildid_cache);
	s->buildid_cache = copy;
	return 0;
}

static struct sym_image *image__new(struct symbolizer *s,
				    enum symtab_flavour flavour)
{
	struct sym_image *img = calloc(1, sizeof(*img));

	if (!img)
		return NULL;
	symtab__init(&img->tab, flavour);
	img->next = s->all_images;
	s->all_images = img;
	return img;
}

static uint64_t build_id_hash(const uint8_t *id, size_t len)
{
	return hash__bytes(id, len);
}

static struct sym_image *image_by_build_id(struct symbolizer *s,
					   const uint8_t *id, size_t len)
{
	uint64_t h = build_id_hash(id, len);

	for (struct hnode *n = chain__first(&s->by_build_id, h); n;
	     n = n->next) {
		struct sym_image *img =
			container_of(n, struct sym_image, bid_node);

		if (n->hash == h && img->build_id_len == len &&
		    !memcmp(img->build_id, id, len))
			return img;
	}
	return NULL;
}

static struct sym_image *image_by_file_id(struct symbolizer *s,
					  const struct file_id *id)
{
	uint64_t h = file_id__hash(id);

	for (struct hnode *n = chain__first(&s->by_file_id, h); n;
	     n = n->next) {
		struct sym_image *img =
			container_of(n, struct sym_image, id_node);

		if (n->hash == h && file_id__equal(&img->id, id))
			return img;
	}
	return NULL;
}

/* Makes img findable by its build-id and file identity, if it has them. */
static int image__register(struct symbolizer *s, struct sym_image *img)
{
	int err = 0;

	/*
	 * An empty image is not worth sharing: another dso with the same
	 * build-id may yet find a debug file this one did not.
	 */
	if (!img->tab.nr)
		return 0;
	if (img->build_id_len &&
	    !image_by_build_id(s, img->build_id, img->build_id_len))
		err = chain__add(
			&s->by_build_id, &img->bid_node,
			build_id_hash(img->build_id, img->build_id_len));
	if (!err && img->have_id && !image_by_file_id(s, &img->id))
		err = chain__add(&s->by_file_id, &img->id_node,
				 file_id__hash(&img->id));
	return err;
}

/* ---- dsos ------------------------------------------------------------- */

struct dso_key {
	enum dso_kind kind;
	const char *name;
	const char *root;
	const uint8_t *build_id;
	size_t build_id_len;
	const struct file_id *id; /* NULL: none */
	pid_t pid;
	uint64_t text_hash;
	size_t text_size;
};

static uint64_t dso_key__hash(const struct dso_key *k)
{
	uint64_t h = hash__mix(0, (uint64_t)k->kind);

	h = hash_str(h, k->name);
	h = hash_str(h, k->root);
	h = hash__mix(h, hash__bytes(k->build_id, k->build_id_len));
	if (k->id)
		h = hash__mix(h, hash__bytes(k->id, sizeof(*k->id)));
	h = hash__mix(h, (uint64_t)k->pid);
	return hash__mix(h, k->text_hash);
}

static bool str_eq(const char *a, const char *b)
{
	return (!a || !b) ? a == b : !strcmp(a, b);
}

static bool dso_key__match(const struct dso_key *k, const struct sym_dso *d)
{
	return d->kind == k->kind && str_eq(d->name, k->name) &&
	       str_eq(d->root, k->root) && d->build_id_len == k->build_id_len &&
	       (!k->build_id_len ||
		!memcmp(d->build_id, k->build_id, k->build_id_len)) &&
	       d->have_id == !!k->id &&
	       (!k->id || file_id__equal(&d->id, k->id)) && d->pid == k->pid &&
	       d->text_hash == k->text_hash && d->text_size == k->text_size;
}

static struct sym_dso *dso_find(struct symbolizer *s, const struct dso_key *k,
				uint64_t h)
{
	for (struct hnode *n = chain__first(&s->dsos, h); n; n = n->next) {
		struct sym_dso *d = container_of(n, struct sym_dso, node);

		if (n->hash == h && dso_key__match(k, d))
			return d;
	}
	return NULL;
}

/* The dso for key k, created (not loaded) when new.  NULL: no memory. */
static struct sym_dso *dso_get(struct symbolizer *s, const struct dso_key *k,
			       bool *created)
{
	uint64_t h = dso_key__hash(k);
	struct sym_dso *d = dso_find(s, k, h);

	*created = false;
	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->kind = k->kind;
	d->name = strdup(k->name);
	d->root = k->root ? strdup(k->root) : NULL;
	if (!d->name || (k->root && !d->root))
		goto fail;
	if (k->build_id_len)
		memcpy(d->build_id, k->build_id, k->build_id_len);
	d->build_id_len = k->build_id_len;
	if (k->id) {
		d->id = *k->id;
		d->have_id = true;
	}
	d->pid = k->pid;
	d->text_hash = k->text_hash;
	d->text_size = k->text_size;
	if (chain__add(&s->dsos, &d->node, h))
		goto fail;
	d->next = s->all_dsos;
	s->all_dsos = d;
	*created = true;
	return d;
fail:
	free(d->name);
	free(d->root);
	free(d);
	return NULL;
}

struct sym_dso *symbolizer__dso(struct symbolizer *s, const char *path,
				const char *root, const uint8_t *build_id,
				size_t build_id_len)
{
	struct dso_key k = {.kind = DSO_ELF, .name = path, .root = root};
	char full[PATH_MAX];
	struct file_id id;
	struct stat st;
	bool created;

	if (!s || !path) {
		errno = EINVAL;
		return NULL;
	}
	if (root && (!*root || !strcmp(root, "/")))
		k.root = NULL;
	if (build_id && build_id_len && build_id_len <= SYM_BUILD_ID_MAX) {
		k.build_id = build_id;
		k.build_id_len = build_id_len;
	} else if (!join3(full, sizeof(full), k.root, path, NULL) &&
		   !stat(full, &st) && S_ISREG(st.st_mode)) {
		/* No build-id to go by: the file as it is now. */
		file_id__from_stat(&id, &st);
		k.id = &id;
	}
	return dso_get(s, &k, &created);
}

/* ---- loading ELF objects ---------------------------------------------- */

struct add_ctx {
	struct symtab *tab;
	size_t added;
	int err;
};

static int add_elf_symbol(const struct elf_symbol *sym, void *arg)
{
	struct add_ctx *ctx = arg;
	enum symtab_bind bind;
	enum symtab_kind kind;
	size_t len;

	switch (sym->type) {
	case STT_FUNC:
	case STT_GNU_IFUNC:
		kind = SYMTAB_FUNC;
		break;
	case STT_NOTYPE:
		/*
		 * Assembly entry points often carry no type.  perf takes
		 * such labels too, except hidden ones; local labels
		 * (".L") and ARM mapping symbols ("$x") are not code names.
		 */
		if (!sym->exec || sym->visibility == STV_HIDDEN ||
		    sym->visibility == STV_INTERNAL || sym->name[0] == '$' ||
		    (sym->name[0] == '.' && sym->name[1] == 'L'))
			return 0;
		kind = SYMTAB_LABEL;
		break;
	default:
		return 0;
	}
	switch (sym->bind) {
	case STB_LOCAL:
		bind = SYMTAB_LOCAL;
		break;
	case STB_WEAK:
		bind = SYMTAB_WEAK;
		break;
	default:
		bind = SYMTAB_GLOBAL; /* GLOBAL, GNU_UNIQUE */
		break;
	}
	/*
	 * Versioned names stay whole ("memcpy@@GLIBC_2.14"), as perf shows
	 * them; a name that is only a version is no name.
	 */
	len = strlen(sym->name);
	if (!len || sym->name[0] == '@')
		return 0;
	ctx->err = symtab__add_name(ctx->tab, sym->addr, sym->size, sym->name,
				    len, bind, kind);
	if (ctx->err)
		return ctx->err;
	ctx->added++;
	return 0;
}

/* Adds a table's symbols; the number added, or -ENOMEM. */
static long add_elf_table(struct sym_image *img, struct elf_file *ef,
			  uint32_t table)
{
	struct add_ctx ctx = {.tab = &img->tab};

	elf_file__for_each_symbol(ef, table, add_elf_symbol, &ctx);
	return ctx.err ? ctx.err : (long)ctx.added;
}

static int add_plt_stub(const char *name, uint64_t addr, uint64_t size,
			void *arg)
{
	struct add_ctx *ctx = arg;

	ctx->err = symtab__add_name(ctx->tab, addr, size, name, strlen(name),
				    SYMTAB_GLOBAL, SYMTAB_FUNC);
	if (!ctx->err)
		ctx->added++;
	return ctx->err;
}

/* The "func@plt" stubs: a call through the PLT is named, as in perf. */
static long add_plt(struct sym_image *img, struct elf_file *ef)
{
	struct add_ctx ctx = {.tab = &img->tab};

	elf_file__for_each_plt(ef, add_plt_stub, &ctx);
	return ctx.err ? ctx.err : (long)ctx.added;
}

static void copy_segments(struct sym_image *img, struct elf_file *ef,
			  bool only_with_bytes)
{
	struct elf_segment segs[MAX_SEGMENTS];
	int n = elf_file__load_segments(ef, segs, MAX_SEGMENTS);

	img->nr_segs = 0;
	for (int i = 0; i < n && i < MAX_SEGMENTS; i++) {
		/*
		 * A debug file's segments without bytes have a p_offset
		 * objcopy made up: they would translate offsets wrongly.
		 */
		if (only_with_bytes && !segs[i].filesz)
			continue;
		img->segs[img->nr_segs++] = segs[i];
	}
}

static bool build_id_matches(struct elf_file *ef, const uint8_t *id, size_t len)
{
	unsigned char got[SYM_BUILD_ID_MAX];
	int n = elf_file__build_id(ef, got, sizeof(got));

	return n > 0 && (size_t)n == len && !memcmp(got, id, len);
}

/* Opens path if it is an ELF file carrying build-id id. */
static struct elf_file *open_with_build_id(const char *path, const uint8_t *id,
					   size_t len)
{
	struct elf_file *ef;

	if (elf_file__open(path, &ef))
		return NULL;
	if (!build_id_matches(ef, id, len)) {
		elf_file__close(ef);
		return NULL;
	}
	return ef;
}

/*
 * One search for an object's separate debug file.  A candidate counts
 * only when it is not the object itself, matches it, and has a .symtab.
 */
struct debug_search {
	struct symbolizer *s;
	const struct sym_dso *dso;
	const uint8_t *build_id;
	size_t build_id_len;
	const struct stat *obj_st; /* NULL: no object */
	char found[PATH_MAX];
};

static bool has_symtab(struct elf_file *ef)
{
	struct elf_section sec;

	return !elf_file__section(ef, ".symtab", &sec) &&
	       sec.type == SHT_SYMTAB && sec.size;
}

static bool is_object_itself(const struct debug_search *ds, const char *path)
{
	struct stat st;

	return ds->obj_st && !stat(path, &st) &&
	       st.st_dev == ds->obj_st->st_dev &&
	       st.st_ino == ds->obj_st->st_ino;
}

static struct elf_file *try_debug_by_build_id(struct debug_search *ds,
					      const char *path)
{
	struct elf_file *ef;

	if (is_object_itself(ds, path))
		return NULL;
	ef = open_with_build_id(path, ds->build_id, ds->build_id_len);
	if (ef && !has_symtab(ef)) {
		elf_file__close(ef);
		return NULL;
	}
	if (ef)
		snprintf(ds->found, sizeof(ds->found), "%s", path);
	return ef;
}

/*
 * DIR/.build-id/xx/yyyy.debug under each debug directory, in the
 * object's root first, then on the host; then perf's build-id cache.
 */
static struct elf_file *debug_by_build_id(struct debug_search *ds)
{
	const char *root = ds->dso->root;
	char hex[2 * SYM_BUILD_ID_MAX + 1], rel[2 * SYM_BUILD_ID_MAX + 32];
	char path[PATH_MAX];
	struct elf_file *ef;

	if (ds->build_id_len < 2)
		return NULL;
	hex_build_id(ds->build_id, ds->build_id_len, hex);
	snprintf(rel, sizeof(rel), "/.build-id/%.2s/%s.debug", hex, hex + 2);
	for (int pass = root ? 0 : 1; pass < 2; pass++) {
		for (size_t i = 0; i < ds->s->debug_dirs.nr; i++) {
			if (join3(path, sizeof(path), pass ? NULL : root,
				  ds->s->debug_dirs.items[i], rel))
				continue;
			ef = try_debug_by_build_id(ds, path);
			if (ef)
				return ef;
		}
	}
	if (ds->s->buildid_cache) {
		snprintf(rel, sizeof(rel), "/.build-id/%.2s/%s/debug", hex,
			 hex + 2);
		if (!join3(path, sizeof(path), ds->s->buildid_cache, rel,
			   NULL) &&
		    (ef = try_debug_by_build_id(ds, path)))
			return ef;
	}
	return NULL;
}

/*
 * The last resort: the object as perf's cache first saw it.  When that
 * copy was not stripped, its .symtab names a stripped object with the
 * same build-id, as perf uses it.
 */
static struct elf_file *cached_unstripped_copy(struct debug_search *ds)
{
	char hex[2 * SYM_BUILD_ID_MAX + 1], rel[2 * SYM_BUILD_ID_MAX + 32];
	char path[PATH_MAX];

	if (ds->build_id_len < 2 || !ds->s->buildid_cache)
		return NULL;
	hex_build_id(ds->build_id, ds->build_id_len, hex);
	snprintf(rel, sizeof(rel), "/.build-id/%.2s/%s/elf", hex, hex + 2);
	if (join3(path, sizeof(path), ds->s->buildid_cache, rel, NULL))
		return NULL;
	return try_debug_by_build_id(ds, path);
}

static struct elf_file *try_debuglink(struct debug_search *ds, const char *path,
				      uint32_t crc)
{
	uint8_t id[SYM_BUILD_ID_MAX];
	struct elf_file *ef;
	uint32_t got;
	bool ok;
	int n;

	if (is_object_itself(ds, path) || elf_file__open(path, &ef))
		return NULL;
	/*
	 * A build-id on both sides is the stronger check, and cheaper
	 * than reading the whole file for its CRC.
	 */
	n = elf_file__build_id(ef, id, sizeof(id));
	if (ds->build_id_len && n > 0)
		ok = (size_t)n == ds->build_id_len &&
		     !memcmp(id, ds->build_id, ds->build_id_len);
	else
		ok = !file_crc32(path, &got) && got == crc;
	if (!ok)
		goto reject;
	if (!has_symtab(ef))
		goto reject;
	snprintf(ds->found, sizeof(ds->found), "%s", path);
	return ef;
reject:
	elf_file__close(ef);
	return NULL;
}

/*
 * gdb's places for a .gnu_debuglink name: the object's directory, its
 * .debug/ subdirectory, and each debug directory + the object's
 * directory; those under the object's root first.
 */
static struct elf_file *debug_by_link(struct debug_search *ds,
				      struct elf_file *obj)
{
	const char *root = ds->dso->root, *slash;
	char link[NAME_MAX + 1], dir[PATH_MAX], path[PATH_MAX], sub[PATH_MAX];
	struct elf_file *ef;
	uint32_t crc;

	if (!obj || elf_file__debuglink(obj, link, sizeof(link), &crc))
		return NULL;
	slash = strrchr(ds->dso->name, '/');
	if (!slash)
		return NULL;
	snprintf(dir, sizeof(dir), "%.*s/", (int)(slash - ds->dso->name),
		 ds->dso->name);
	if (!join3(path, sizeof(path), root, dir, link) &&
	    (ef = try_debuglink(ds, path, crc)))
		return ef;
	if (!join3(sub, sizeof(sub), dir, ".debug/", link) &&
	    !join3(path, sizeof(path), root, sub, NULL) &&
	    (ef = try_debuglink(ds, path, crc)))
		return ef;
	for (int pass = root ? 0 : 1; pass < 2; pass++) {
		for (size_t i = 0; i < ds->s->debug_dirs.nr; i++) {
			if (join3(sub, sizeof(sub), ds->s->debug_dirs.items[i],
				  dir, link) ||
			    join3(path, sizeof(path), pass ? NULL : root, sub,
				  NULL))
				continue;
			ef = try_debuglink(ds, path, crc);
			if (ef)
				return ef;
		}
	}
	return NULL;
}

/* Adds the .symtab of the MiniDebugInfo in obj; the number added. */
static long add_minidebug(struct sym_image *img, struct elf_file *obj)
{
	const void *xz;
	void *raw;
	size_t xz_len, raw_len;
	struct elf_file *mini;
	long n;

	if (elf_file__section_data(obj, ".gnu_debugdata", &xz, &xz_len) ||
	    minidebug__decompress(xz, xz_len, MINIDEBUG_MAX, &raw, &raw_len))
		return 0;
	if (elf_file__open_memory(raw, raw_len, &mini)) {
		free(raw);
		return 0;
	}
	n = add_elf_table(img, mini, SHT_SYMTAB);
	elf_file__close(mini);
	free(raw);
	return n;
}

/* The object itself from perf's build-id cache: .build-id/xx/yyyy/elf. */
static struct elf_file *object_from_cache(struct symbolizer *s,
					  const uint8_t *id, size_t len)
{
	char hex[2 * SYM_BUILD_ID_MAX + 1], path[PATH_MAX];

	if (!s->buildid_cache || len < 2)
		return NULL;
	hex_build_id(id, len, hex);
	if (snprintf(path, sizeof(path), "%s/.build-id/%.2s/%s/elf",
		     s->buildid_cache, hex, hex + 2) >= (int)sizeof(path))
		return NULL;
	return open_with_build_id(path, id, len);
}

/*
 * Symbols of every source an ELF object has, into img.  obj may be NULL
 * (the object is gone): then only debug files can help.
 */
static int load_elf_symbols(struct symbolizer *s, struct sym_dso *dso,
			    struct sym_image *img, struct elf_file *obj,
			    const struct stat *obj_st)
{
	struct debug_search ds = {
		.s = s,
		.dso = dso,
		.build_id = img->build_id,
		.build_id_len = img->build_id_len,
		.obj_st = obj_st,
	};
	struct elf_file *dbg = NULL;
	long symtab = 0, dynsym = 0, n;

	if (obj) {
		long plt;

		symtab = add_elf_table(img, obj, SHT_SYMTAB);
		dynsym = add_elf_table(img, obj, SHT_DYNSYM);
		plt = add_plt(img, obj);
		if (symtab < 0 || dynsym < 0 || plt < 0)
			return -ENOMEM;
		img->source = symtab ? ".symtab" :
			      dynsym ? ".dynsym" :
			      plt    ? "PLT stubs" :
				       NULL;
		copy_segments(img, obj, false);
	}
	/* A full .symtab needs no help; a debug file adds only DWARF. */
	if (symtab)
		return 0;
	dbg = debug_by_build_id(&ds);
	if (!dbg)
		dbg = debug_by_link(&ds, obj);
	if (dbg) {
		n = add_elf_table(img, dbg, SHT_SYMTAB);
		if (!obj)
			copy_segments(img, dbg, true);
		elf_file__close(dbg);
		if (n < 0)
			return -ENOMEM;
		img->debug_file = strdup(ds.found);
		if (!img->debug_file)
			return -ENOMEM;
		img->source = "debug file";
		return 0;
	}
	if (obj) {
		n = add_minidebug(img, obj);
		if (n < 0)
			return -ENOMEM;
		if (n) {
			img->source = ".gnu_debugdata";
			return 0;
		}
	}
	dbg = cached_unstripped_copy(&ds);
	if (dbg) {
		n = add_elf_table(img, dbg, SHT_SYMTAB);
		elf_file__close(dbg);
		if (n < 0)
			return -ENOMEM;
		if (n)
			img->source = "perf's build-id cache";
	}
	return 0;
}

static int finish_image(struct symbolizer *s, struct sym_dso *dso,
			struct sym_image *img)
{
	int err = symtab__finish(&img->tab);

	if (err)
		return err;
	dso->img = img;
	return image__register(s, img);
}

static int load_elf(struct symbolizer *s, struct sym_dso *dso)
{
	char path[PATH_MAX];
	struct elf_file *obj = NULL;
	struct sym_image *img;
	struct stat st;
	bool have_st = false;
	uint8_t id[SYM_BUILD_ID_MAX];
	int n, err = 0, status = -ENOENT;
	size_t id_len = dso->build_id_len;

	memcpy(id, dso->build_id, id_len);
	if (id_len && (img = image_by_build_id(s, id, id_len))) {
		dso->img = img;
		return 0;
	}
	if (!join3(path, sizeof(path), dso->root, dso->name, NULL) &&
	    !stat(path, &st) && S_ISREG(st.st_mode)) {
		struct file_id fid;

		file_id__from_stat(&fid, &st);
		have_st = true;
		if (!id_len && (img = image_by_file_id(s, &fid))) {
			dso->img = img;
			return 0;
		}
		status = elf_file__open(path, &obj);
	}
	if (obj) {
		uint8_t got[SYM_BUILD_ID_MAX];

		n = elf_file__build_id(obj, got, sizeof(got));
		if (id_len && (n <= 0 || (size_t)n != id_len ||
			       memcmp(got, id, id_len))) {
			/* Another file now: never name its code for ours. */
			elf_file__close(obj);
			obj = NULL;
			have_st = false;
			status = -ESTALE;
		} else if (!id_len && n > 0) {
			id_len = (size_t)n;
			memcpy(id, got, id_len);
			img = image_by_build_id(s, id, id_len);
			if (img) {
				elf_file__close(obj);
				dso->img = img;
				return 0;
			}
		}
	}
	if (!obj && id_len)
		obj = object_from_cache(s, id, id_len);

	img = image__new(s, SYMTAB_ELF);
	if (!img) {
		err = -ENOMEM;
		goto out;
	}
	memcpy(img->build_id, id, id_len);
	img->build_id_len = id_len;
	if (have_st && obj) {
		file_id__from_stat(&img->id, &st);
		img->have_id = true;
	}
	err = load_elf_symbols(s, dso, img, obj, have_st ? &st : NULL);
	if (!err)
		err = finish_image(s, dso, img);
	if (!err && !img->tab.nr)
		err = obj || img->debug_file ? -ENODATA : status;
out:
	elf_file__close(obj);
	return err;
}

/* ---- other kinds ------------------------------------------------------ */

/* kallsyms into img: the status load_kernel gives, -EPERM when hidden. */
static int parse_kallsyms(struct sym_image *img, const char *path)
{
	size_t len, hidden = 0;
	char *text;
	int err = read_whole(path, TEXT_FILE_MAX, &text, &len);

	if (err)
		return err;
	err = kallsyms__parse(&img->tab, text, len, &hidden);
	free(text);
	if (!err)
		err = symtab__finish(&img->tab);
	if (err)
		return err;
	if (!img->tab.nr)
		return hidden ? -EPERM : -ENODATA;
	return 0;
}

static int load_kernel(struct symbolizer *s, struct sym_dso *dso)
{
	struct sym_image *img = image__new(s, SYMTAB_KALLSYMS);

	if (!img)
		return -ENOMEM;
	img->source = "kallsyms";
	dso->img = img;
	return parse_kallsyms(img, dso->root);
}

/*
 * Reading /proc/kallsyms costs tens of milliseconds of kernel time; a
 * thread can do it while the caller reads its recording.  The thread
 * touches only its image; ensure_loaded() joins it.
 */
struct kernel_preload {
	pthread_t thread;
	struct sym_image *img;
	const char *path;
	int status;
};

static void *preload_kallsyms(void *arg)
{
	struct kernel_preload *p = arg;

	p->status = parse_kallsyms(p->img, p->path);
	return NULL;
}

int symbolizer__preload(struct symbolizer *s, struct sym_dso *dso)
{
	struct kernel_preload *p;

	if (!s || !dso || dso->kind != DSO_KERNEL || dso->loaded ||
	    dso->preload)
		return 0;
	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->img = image__new(s, SYMTAB_KALLSYMS);
	if (!p->img) {
		free(p);
		return -ENOMEM;
	}
	p->img->source = "kallsyms";
	p->path = dso->root;
	if (pthread_create(&p->thread, NULL, preload_kallsyms, p)) {
		free(p);
		return 0; /* loads when first needed, as without */
	}
	dso->preload = p;
	return 0;
}

static int parse_perf_map(struct symbolizer *s, struct sym_dso *dso,
			  const char *text, size_t len)
{
	struct sym_image *img = image__new(s, SYMTAB_SPANS);
	int err;

	if (!img)
		return -ENOMEM;
	img->source = "perf map";
	err = perfmap__parse(&img->tab, text, len);
	if (err)
		return err;
	dso->img = img;
	return img->tab.nr ? 0 : -ENODATA;
}

static int load_perf_map_file(struct symbolizer *s, struct sym_dso *dso)
{
	struct stat st;
	char *text;
	size_t len;
	int fd, err;

	/* Note what is read, so a later call can tell the file grew. */
	fd = open(dso->name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (!fstat(fd, &st)) {
		file_id__from_stat(&dso->read_id, &st);
		dso->have_read_id = true;
	}
	close(fd);
	err = read_whole(dso->name, TEXT_FILE_MAX, &text, &len);
	if (err)
		return err;
	err = parse_perf_map(s, dso, text, len);
	free(text);
	return err;
}

static int ensure_loaded(struct symbolizer *s, struct sym_dso *dso)
{
	if (dso->loaded)
		return dso->status;
	if (dso->preload) {
		pthread_join(dso->preload->thread, NULL);
		dso->img = dso->preload->img;
		dso->status = dso->preload->status;
		free(dso->preload);
		dso->preload = NULL;
		dso->loaded = true;
		return dso->status;
	}
	dso->img = NULL;
	switch (dso->kind) {
	case DSO_ELF:
		dso->status = load_elf(s, dso);
		break;
	case DSO_KERNEL:
		dso->status = load_kernel(s, dso);
		break;
	case DSO_PERF_MAP_FILE:
		dso->status = load_perf_map_file(s, dso);
		break;
	default:
		/* Memory images and perf map texts load when made. */
		dso->status = -ENODATA;
		break;
	}
	/* Failed or not, once: a missing file stays missing. */
	dso->loaded = true;
	return dso->status;
}

struct sym_dso *symbolizer__kernel(struct symbolizer *s,
				   const char *kallsyms_path)
{
	/* The path rides in root: name is what results show. */
	struct dso_key k = {
		.kind = DSO_KERNEL,
		.name = KERNEL_NAME,
		.root = kallsyms_path ? kallsyms_path : "/proc/kallsyms",
	};
	bool created;

	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	return dso_get(s, &k, &created);
}

struct sym_dso *symbolizer__perf_map(struct symbolizer *s, pid_t pid,
				     const char *text, size_t size)
{
	char name[64];
	struct dso_key k = {.name = name, .pid = pid};
	struct sym_dso *dso;
	struct stat st;
	struct file_id now;
	bool created;

	if (!s) {
		errno = EINVAL;
		return NULL;
	}
	snprintf(name, sizeof(name), "/tmp/perf-%d.map", (int)pid);
	if (text) {
		k.kind = DSO_PERF_MAP_TEXT;
		k.text_hash = hash__bytes(text, size);
		k.text_size = size;
		dso = dso_get(s, &k, &created);
		if (dso && created) {
			dso->status = parse_perf_map(s, dso, text, size);
			dso->loaded = true;
		}
		return dso;
	}
	k.kind = DSO_PERF_MAP_FILE;
	dso = dso_get(s, &k, &created);
	if (!dso || created || !dso->loaded)
		return dso;
	/*
	 * Changed since read: read it again on the next lookup.  The old
	 * image stays with the symbolizer, so names handed out live on.
	 */
	if (!stat(name, &st)) {
		file_id__from_stat(&now, &st);
		if (!dso->have_read_id || !file_id__equal(&now, &dso->read_id))
			dso->loaded = false;
	}
	return dso;
}

struct sym_dso *symbolizer__dso_memory(struct symbolizer *s, const char *name,
				       const void *image, size_t size)
{
	struct dso_key k = {.kind = DSO_MEMORY, .name = name};
	struct sym_image *img;
	struct elf_file *ef;
	struct sym_dso *dso;
	uint8_t id[SYM_BUILD_ID_MAX];
	bool created;
	void *copy;
	int n, err;

	if (!s || !name || (!image && size)) {
		errno = EINVAL;
		return NULL;
	}
	k.text_hash = hash__bytes(image, size);
	k.text_size = size;
	dso = dso_get(s, &k, &created);
	if (!dso || !created)
		return dso;
	dso->loaded = true;
	dso->status = -ENOEXEC;
	/* libelf may convert in place: read from a private copy. */
	copy = malloc(size ? size : 1);
	if (!copy) {
		dso->status = -ENOMEM;
		return dso;
	}
	memcpy(copy, image, size);
	if (elf_file__open_memory(copy, size, &ef)) {
		free(copy);
		return dso;
	}
	n = elf_file__build_id(ef, id, sizeof(id));
	img = n > 0 ? image_by_build_id(s, id, (size_t)n) : NULL;
	if (img) {
		dso->img = img;
		dso->status = img->tab.nr ? 0 : -ENODATA;
		goto out;
	}
	img = image__new(s, SYMTAB_ELF);
	if (!img) {
		dso->status = -ENOMEM;
		goto out;
	}
	if (n > 0) {
		memcpy(img->build_id, id, (size_t)n);
		img->build_id_len = (size_t)n;
	}
	copy_segments(img, ef, false);
	err = 0;
	if (add_elf_table(img, ef, SHT_SYMTAB) < 0 ||
	    add_elf_table(img, ef, SHT_DYNSYM) < 0)
		err = -ENOMEM;
	img->source = ".dynsym";
	if (!err)
		err = finish_image(s, dso, img);
	dso->status = err ? err : img->tab.nr ? 0 : -ENODATA;
out:
	elf_file__close(ef);
	free(copy);
	return dso;
}

/* ---- lookups ---------------------------------------------------------- */

int symbolizer__load(struct symbolizer *s, struct sym_dso *dso)
{
	if (!s || !dso)
		return -EINVAL;
	return ensure_loaded(s, dso);
}

static bool is_absolute(const struct sym_dso *dso)
{
	return dso->kind == DSO_KERNEL || dso->kind == DSO_PERF_MAP_FILE ||
	       dso->kind == DSO_PERF_MAP_TEXT;
}

/* What a lookup says when nothing is known at addr. */
static void result__unknown(struct sym_result *out, const struct sym_dso *dso,
			    uint64_t addr)
{
	*out = (struct sym_result){
		.name = UNKNOWN,
		.raw_name = UNKNOWN,
		.addr = addr,
		.offset = addr,
		.dso_name = dso ? dso->name : UNKNOWN,
	};
}

int symbolizer__lookup_vaddr(struct symbolizer *s, struct sym_dso *dso,
			     uint64_t vaddr, struct sym_result *out)
{
	struct symtab *t;
	const char *mod;
	long i;

	if (!out)
		return -EINVAL;
	result__unknown(out, dso, vaddr);
	if (!s || !dso)
		return -EINVAL;
	if (!dso->loaded)
		ensure_loaded(s, dso);
	if (!dso->img)
		return -ENOENT;
	t = &dso->img->tab;
	i = symtab__find(t, vaddr);
	if (i < 0)
		return -ENOENT;
	out->found = true;
	out->name = symtab__name(t, (size_t)i);
	out->raw_name = symtab__raw_name(t, (size_t)i);
	if (t->spans) {
		out->sym_start = t->spans[i].start;
		out->sym_size = t->spans[i].size;
	} else {
		out->sym_start = t->starts[i];
		out->sym_size = t->ents[i].end - t->starts[i];
	}
	out->offset = vaddr - out->sym_start;
	mod = symtab__module(t, (size_t)i);
	if (mod)
		out->dso_name = mod;
	return 0;
}

static int offset_to_vaddr(const struct sym_image *img, uint64_t off,
			   uint64_t *vaddr)
{
	/*
	 * The segment holding the offset.  A mapping starts on a page
	 * boundary, so its first page may begin before p_offset: the
	 * second pass accepts that slack.
	 */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < img->nr_segs; i++) {
			const struct elf_segment *sg = &img->segs[i];
			uint64_t lo =
				pass ? sg->offset & ~(PAGE - 1) : sg->offset;

			if (off >= lo && off - sg->offset < sg->filesz) {
				*vaddr = off - sg->offset + sg->vaddr;
				return 0;
			}
			if (pass && off >= lo && off < sg->offset) {
				*vaddr = sg->vaddr - (sg->offset - off);
				return 0;
			}
		}
	}
	return -ENOENT;
}

int symbolizer__offset_to_vaddr(struct symbolizer *s, struct sym_dso *dso,
				uint64_t offset, uint64_t *vaddr)
{
	if (!s || !dso || !vaddr)
		return -EINVAL;
	if (is_absolute(dso)) {
		*vaddr = offset;
		return 0;
	}
	if (!dso->loaded)
		ensure_loaded(s, dso);
	if (!dso->img)
		return -ENOENT;
	return offset_to_vaddr(dso->img, offset, vaddr);
}

int symbolizer__lookup_file_offset(struct symbolizer *s, struct sym_dso *dso,
				   uint64_t offset, struct sym_result *out)
{
	uint64_t vaddr;
	int err;

	if (!out)
		return -EINVAL;
	err = symbolizer__offset_to_vaddr(s, dso, offset, &vaddr);
	if (err) {
		/* Nothing maps it: report the offset itself, unnamed. */
		result__unknown(out, dso, offset);
		return err;
	}
	return symbolizer__lookup_vaddr(s, dso, vaddr, out);
}

/* ---- accessors -------------------------------------------------------- */

const char *sym_dso__name(const struct sym_dso *dso)
{
	return dso ? dso->name : NULL;
}

const char *sym_dso__debug_file(const struct sym_dso *dso)
{
	return dso && dso->img ? dso->img->debug_file : NULL;
}

const char *sym_dso__symbol_source(const struct sym_dso *dso)
{
	return dso && dso->img && dso->img->tab.nr ? dso->img->source : NULL;
}

size_t sym_dso__nr_symbols(const struct sym_dso *dso)
{
	return dso && dso->img ? dso->img->tab.nr : 0;
}
