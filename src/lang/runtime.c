// SPDX-License-Identifier: GPL-2.0
/*
 * The user-space side of sonde run: BPF maps created from a compiled
 * program's layout (lang/compile.h), events read from its ring buffer,
 * maps read back and printed as bpftrace 0.17 prints them
 * (render/btmap.h).
 *
 * What the generated code must write for hist() and lhist() (the slot
 * index, a u64 at map->slot_offset of the key), render/hist.h's layout:
 *
 *	hist:	v < 0 -> 0; v == 0 -> 1; otherwise 2 + floor(log2(v)),
 *		i.e. slot k >= 2 counts [2^(k-2), 2^(k-1)); 65 slots
 *		(0..64) cover every int64.
 *	lhist(min, max, step):
 *		v < min -> 0; v >= max -> (max - min) / step + 1;
 *		otherwise (v - min) / step + 1.
 *		(max - min) / step + 2 slots in all.
 *
 * Slot indexes outside these ranges are ignored.  Every entry of such a
 * map whose key bytes differ only in the slot belongs to one histogram.
 *
 * Text of stacks and symbols follows bpftrace 0.17 as it prints them
 * (bpftrace's get_stack, resolve_ksym, resolve_usym): a stack is "\n"
 * then one line per frame, "        func+off" (bpftrace mode; 4 spaces
 * inside a map key), "\t<hex addr> func+off" for the kernel and
 * "\t<hex addr> func+off (path)" for user space (perf mode), the bare
 * hex address (raw mode); an address without a symbol is "0x<hex>"
 * ("0x<hex> ([unknown])" in user perf mode).  ksym()/usym() give the
 * name alone.
 */
#include "lang/runtime.h"

#include "core/procmaps.h"
#include "lang/format.h"
#include "render/btmap.h"
#include "render/hist.h"
#include "sym/symbolizer.h"
#include "util/hashmap.h"
#include "util/strbuf.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Text rendered from one part (stacks, symbols): bounded like btmap's. */
/* Processes whose mappings are kept after they exit. */
#define SEEN_MAX 4096
#define TEXT_MAX BTMAP_MAX_STR

/* One process's mappings, read once per event or per printout. */
struct proc_maps {
	struct procmap *maps;
	size_t nr;
};

struct lang_runtime {
	const struct lang_compiled *c;
	FILE *out;
	struct ring_buffer *rb;
	int err;     /* the first failure of a record during drain */
	bool exited; /* an exit event was read */
	int nr_cpus;
	struct symbolizer *sym; /* on the first stack or symbol */
	struct sym_dso *kernel;
	struct u64map procs_by_pid; /* tgid -> index in procs */
	struct proc_maps *procs;
	size_t nr_procs, cap_procs;
	/*
	 * The traced processes' mappings as last seen alive, for their user
	 * stacks printed after they exit (lang_runtime__remember).
	 */
	struct remembered {
		pid_t pid;
		struct proc_maps pm;
	} * remembered;
	size_t nr_remembered, cap_remembered;
};

static size_t round8(size_t n)
{
	return (n + 7) & ~(size_t)7;
}

static bool is_percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_ARRAY ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_hash(uint32_t type)
{
	return type == BPF_MAP_TYPE_HASH || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* "m_<name>" cut to the kernel's 15 characters, only those it accepts. */
static void map_obj_name(const char *name, char *buf, size_t size)
{
	size_t n = 0;

	buf[n++] = 'm';
	if (name && *name)
		buf[n++] = '_';
	for (; name && *name && n + 1 < size && n < BPF_OBJ_NAME_LEN - 1;
	     name++)
		buf[n++] = isalnum((unsigned char)*name) ? *name : '_';
	buf[n] = '\0';
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int create_map(uint32_t type, const char *name, uint32_t key_size,
		      uint32_t value_size, uint32_t max_entries, int *fd)
{
	LIBBPF_OPTS(bpf_map_create_opts, opts);

	/* Preallocating every entry of a big hash makes creation slow. */
	if (is_hash(type))
		opts.map_flags = BPF_F_NO_PREALLOC;
	*fd = bpf_map_create(type, name, key_size, value_size, max_entries,
			     &opts);
	if (*fd < 0) {
		*fd = -1;
		return errno ? -errno : -EINVAL;
	}
	return 0;
}

int lang_runtime__create_maps(struct lang_compiled *c)
{
	char name[BPF_OBJ_NAME_LEN];
	int err = 0;
	size_t i;

	for (i = 0; !err && i < c->nr_maps; i++) {
		struct lang_map *m = &c->maps[i];

		map_obj_name(m->sema ? m->sema->name : NULL, name,
			     sizeof(name));
		err = create_map(m->type, name, m->key.size, m->value_size,
				 m->max_entries, &m->fd);
	}
	for (i = 0; !err && i < 2; i++) {
		struct lang_stack_map *s = &c->stacks[i];

		if (s->depth)
			err = create_map(BPF_MAP_TYPE_STACK_TRACE,
					 s->user ? "ustack" : "kstack", 4,
					 s->depth * 8, 4096, &s->fd);
	}
	if (!err)
		err = create_map(BPF_MAP_TYPE_RINGBUF, "ring", 0, 0,
				 c->ring_size, &c->ring_fd);
	if (!err && c->scratch_size)
		err = create_map(BPF_MAP_TYPE_PERCPU_ARRAY, "scratch", 4,
				 c->scratch_size, 1, &c->scratch_fd);
	if (!err && c->takes_user_addresses)
		err = create_map(BPF_MAP_TYPE_HASH, "seen", 4, 1, SEEN_MAX,
				 &c->seen_fd);
	if (!err)
		return 0;
	for (i = 0; i < c->nr_maps; i++)
		close_fd(&c->maps[i].fd);
	for (i = 0; i < 2; i++)
		if (c->stacks[i].depth)
			close_fd(&c->stacks[i].fd);
	close_fd(&c->ring_fd);
	close_fd(&c->scratch_fd);
	close_fd(&c->seen_fd);
	return err;
}

static int on_record(void *ctx, void *data, size_t size)
{
	struct lang_runtime *rt = ctx;
	int err;

	/*
	 * After exit() nothing more is printed (bpftrace's rule), and
	 * reading stops: a busy probe would keep the reader going forever.
	 */
	if (rt->exited)
		return -ECANCELED;
	err = lang_runtime__handle(rt, data, size);

	/* Keep reading: one bad record should not hide the others. */
	if (err && !rt->err)
		rt->err = err;
	return 0;
}

int lang_runtime__new(const struct lang_compiled *c, FILE *out,
		      struct lang_runtime **rtp)
{
	struct lang_runtime *rt = calloc(1, sizeof(*rt));
	int err;

	*rtp = NULL;
	if (!rt)
		return -ENOMEM;
	rt->c = c;
	rt->out = out;
	rt->nr_cpus = libbpf_num_possible_cpus();
	if (rt->nr_cpus <= 0) {
		err = rt->nr_cpus ? rt->nr_cpus : -EINVAL;
		free(rt);
		return err;
	}
	if (c->ring_fd >= 0) {
		rt->rb = ring_buffer__new(c->ring_fd, on_record, rt, NULL);
		if (!rt->rb) {
			err = errno ? -errno : -ENOMEM;
			free(rt);
			return err;
		}
	}
	*rtp = rt;
	return 0;
}

static void procs__flush(struct lang_runtime *rt)
{
	for (size_t i = 0; i < rt->nr_procs; i++)
		procmaps__free(rt->procs[i].maps);
	rt->nr_procs = 0;
	u64map__release(&rt->procs_by_pid);
}

void lang_runtime__free(struct lang_runtime *rt)
{
	if (!rt)
		return;
	ring_buffer__free(rt->rb);
	procs__flush(rt);
	free(rt->procs);
	for (size_t i = 0; i < rt->nr_remembered; i++)
		procmaps__free(rt->remembered[i].pm.maps);
	free(rt->remembered);
	symbolizer__free(rt->sym);
	free(rt);
}

int lang_runtime__fd(const struct lang_runtime *rt)
{
	return rt->rb ? ring_buffer__epoll_fd(rt->rb) : -EINVAL;
}

int lang_runtime__drain(struct lang_runtime *rt)
{
	int n;

	if (!rt->rb)
		return -EINVAL;
	n = ring_buffer__consume(rt->rb);
	/* Out now: a command's own output must not overtake ours. */
	if (n > 0)
		fflush(rt->out);
	if (n < 0 && !(n == -ECANCELED && rt->exited))
		return n;
	if (rt->err) {
		n = rt->err;
		rt->err = 0;
		return n;
	}
	return rt->exited;
}

int lang_runtime__end(struct lang_runtime *rt)
{
	int n;

	if (!rt->rb)
		return -EINVAL;
	while ((n = ring_buffer__consume(rt->rb)) == -ECANCELED)
		;
	rt->exited = false;
	return n < 0 ? n : 0;
}

/* ---- symbols and stacks ---- */

static struct symbolizer *symbolizer(struct lang_runtime *rt)
{
	if (!rt->sym)
		rt->sym = symbolizer__new();
	return rt->sym;
}

/* pid's mappings, read on its first use since the last flush; or NULL. */
/* A traced process's mappings as last remembered alive, or NULL. */
static const struct proc_maps *remembered(const struct lang_runtime *rt,
					  pid_t pid)
{
	for (size_t i = 0; i < rt->nr_remembered; i++)
		if (rt->remembered[i].pid == pid)
			return &rt->remembered[i].pm;
	return NULL;
}

static const struct proc_maps *proc_maps(struct lang_runtime *rt, pid_t pid)
{
	uint64_t *slot = u64map__find(&rt->procs_by_pid, (uint32_t)pid);
	struct proc_maps pm = {0};
	bool inserted;

	if (slot)
		return &rt->procs[*slot];
	/* A traced process gone: its mappings as it last had them. */
	if (pid > 0 && procmaps__read(pid, &pm.maps, &pm.nr)) {
		const struct proc_maps *kept = remembered(rt, pid);

		if (kept)
			return kept;
		pm = (struct proc_maps){0};
	}
	if (rt->nr_procs == rt->cap_procs) {
		size_t cap = rt->cap_procs ? rt->cap_procs * 2 : 8;
		struct proc_maps *n = reallocarray(rt->procs, cap, sizeof(*n));

		if (!n) {
			procmaps__free(pm.maps);
			return NULL;
		}
		rt->procs = n;
		rt->cap_procs = cap;
	}
	slot = u64map__slot(&rt->procs_by_pid, (uint32_t)pid, &inserted);
	if (!slot) {
		procmaps__free(pm.maps);
		return NULL;
	}
	/* Any other process gone keeps an empty entry: addresses stay raw. */
	*slot = rt->nr_procs;
	rt->procs[rt->nr_procs] = pm;
	return &rt->procs[rt->nr_procs++];
}

/* A process's mappings as they are now, kept for after it exits. */
static int remember(struct lang_runtime *rt, pid_t pid)
{
	struct proc_maps pm = {0};
	size_t i;

	if (pid <= 0 || rt->nr_remembered >= SEEN_MAX ||
	    procmaps__read(pid, &pm.maps, &pm.nr))
		return 0; /* gone already: its addresses will stay raw */
	for (i = 0; i < rt->nr_remembered; i++)
		if (rt->remembered[i].pid == pid)
			break;
	if (i == rt->nr_remembered) {
		if (rt->nr_remembered == rt->cap_remembered) {
			size_t cap = rt->cap_remembered ? rt->cap_remembered * 2
							: 16;
			struct remembered *n =
				reallocarray(rt->remembered, cap, sizeof(*n));

			if (!n) {
				procmaps__free(pm.maps);
				return -ENOMEM;
			}
			rt->remembered = n;
			rt->cap_remembered = cap;
		}
		rt->nr_remembered++;
	} else {
		procmaps__free(rt->remembered[i].pm.maps);
	}
	rt->remembered[i] = (struct remembered){pid, pm};
	return 0;
}

/* A kernel address's symbol; false when it has none. */
static bool kernel_sym(struct lang_runtime *rt, uint64_t addr,
		       struct sym_result *res)
{
	struct symbolizer *s = symbolizer(rt);

	if (!s)
		return false;
	if (!rt->kernel)
		rt->kernel = symbolizer__kernel(s, "/proc/kallsyms");
	return rt->kernel &&
	       !symbolizer__lookup_vaddr(s, rt->kernel, addr, res) &&
	       res->found;
}

/*
 * A user address's symbol in process pid; *path is the file mapped
 * there, or NULL.  false when it has no symbol.
 */
static bool user_sym(struct lang_runtime *rt, pid_t pid, uint64_t addr,
		     struct sym_result *res, const char **path)
{
	struct symbolizer *s = symbolizer(rt);
	const struct proc_maps *pm = s ? proc_maps(rt, pid) : NULL;
	const struct procmap *m;
	struct sym_dso *dso;
	char root[32];

	*path = NULL;
	m = pm ? procmaps__find(pm->maps, pm->nr, addr) : NULL;
	/* Anonymous and special ("[vdso]") mappings are not files. */
	if (!m || m->path[0] != '/')
		return false;
	*path = m->path;
	snprintf(root, sizeof(root), "/proc/%d/root", (int)pid);
	/* A process gone (its mappings remembered): the file as we see it. */
	dso = symbolizer__dso(s, m->path, access(root, F_OK) ? NULL : root,
			      NULL, 0);
	return dso &&
	       !symbolizer__lookup_file_offset(
		       s, dso, addr - m->start + m->pgoff, res) &&
	       res->found;
}

/* ksym()/usym(): the name alone, or the address as bpftrace shows it. */
static int sym_name(struct lang_runtime *rt, bool user, pid_t pid,
		    uint64_t addr, struct strbuf *sb)
{
	struct sym_result res;
	const char *path;
	bool found = user ? user_sym(rt, pid, addr, &res, &path)
			  : kernel_sym(rt, addr, &res);

	if (found)
		return strbuf__addf(sb, "%s", res.name);
	return strbuf__addf(sb, "0x%" PRIx64, addr);
}

/* One frame, as bpftrace's get_stack() writes it, with its newline. */
static int stack_frame(struct lang_runtime *rt, bool user, pid_t pid,
		       uint64_t addr, enum lang_stack_mode mode,
		       unsigned int indent, struct strbuf *sb)
{
	struct sym_result res;
	const char *path = NULL;
	bool found;
	int err;

	if (mode == LANG_STACK_RAW)
		return strbuf__addf(sb, "%" PRIx64 "\n", addr);
	found = user ? user_sym(rt, pid, addr, &res, &path)
		     : kernel_sym(rt, addr, &res);
	if (mode == LANG_STACK_PERF)
		err = strbuf__addf(sb, "\t%" PRIx64 " ", addr);
	else
		err = strbuf__addf(sb, "%*s", (int)indent, "");
	if (err)
		return err;
	if (found)
		err = strbuf__addf(sb, "%s+%" PRIu64, res.name, res.offset);
	else
		err = strbuf__addf(sb, "0x%" PRIx64, addr);
	if (!err && user && mode == LANG_STACK_PERF)
		err = strbuf__addf(sb, " (%s)",
				   found && path ? path : "[unknown]");
	return err ? err : strbuf__addc(sb, '\n');
}

/*
 * The frames of the stack a KSTACK/USTACK part at p names, each line
 * ended by a newline (none for a stack that cannot be read: returns
 * -ENOENT).
 */
static int stack_frames(struct lang_runtime *rt, const struct lang_part *part,
			const uint8_t *p, unsigned int indent,
			struct strbuf *sb)
{
	bool user = part->kind == LANG_PART_USTACK;
	const struct lang_stack_map *sm = &rt->c->stacks[user];
	uint64_t id, tgid = 0, *ips;
	unsigned int depth = part->depth;
	uint32_t key;
	int err = 0;

	memcpy(&id, p, 8);
	if (user)
		memcpy(&tgid, p + 8, 8);
	/* A failed bpf_get_stackid() leaves a negative id. */
	if (sm->fd < 0 || !sm->depth || (int64_t)id < 0 || id > UINT32_MAX)
		return -ENOENT;
	key = (uint32_t)id;
	ips = calloc(sm->depth, sizeof(*ips));
	if (!ips)
		return -ENOMEM;
	if (bpf_map_lookup_elem(sm->fd, &key, ips)) {
		free(ips);
		return -ENOENT;
	}
	if (!depth || depth > sm->depth)
		depth = sm->depth;
	for (unsigned int i = 0; !err && i < depth && ips[i]; i++)
		err = stack_frame(rt, user, (pid_t)tgid, ips[i],
				  part->stack_mode, indent, sb);
	free(ips);
	return err;
}

/* A stack as print() and printf("%s") show it: "\n" and the frames. */
static int stack_text(struct lang_runtime *rt, const struct lang_part *part,
		      const uint8_t *p, struct strbuf *sb)
{
	int err = strbuf__addc(sb, '\n');

	if (!err)
		err = stack_frames(rt, part, p, 8, sb);
	return err == -ENOENT ? 0 : err;
}

static int username(uint64_t uid, struct strbuf *sb)
{
	struct passwd pw, *found = NULL;
	char buf[1024];

	if (!getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &found) && found)
		return strbuf__addf(sb, "%s", found->pw_name);
	return strbuf__addf(sb, "%" PRIu64, uid);
}

static uint64_t get_u64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

/* A STR part as text: NUL-terminated unless it fills its bytes. */
static int str_text(const struct lang_part *part, const uint8_t *p,
		    struct strbuf *sb)
{
	return strbuf__add(sb, (const char *)p,
			   strnlen((const char *)p, part->len));
}

/*
 * A BUF part as bpftrace's printf shows it: %r escapes what is not
 * printable, %rx every byte, %rh hex bytes separated by spaces.
 */
static int buf_text(const struct lang_part *part, const uint8_t *p, char how,
		    struct strbuf *sb)
{
	uint64_t len = get_u64(p);
	int err = 0;

	if (len > part->len)
		len = part->len;
	for (uint64_t i = 0; !err && i < len; i++) {
		uint8_t b = p[8 + i];

		if (how == 'h')
			err = strbuf__addf(sb, "%s%02x", i ? " " : "", b);
		else if (how == 'x' || !isprint(b))
			err = strbuf__addf(sb, "\\x%02x", b);
		else
			err = strbuf__addc(sb, (char)b);
	}
	return err;
}

/*
 * Any non-integer part as text, into sb (cleared first); NUL-terminated.
 * how is the %r variant for buffers ('r', 'x', 'h').
 */
/* ntop(): "127.0.0.1", "::1", as inet_ntop writes them. */
static int inet_text(const uint8_t *p, struct strbuf *sb)
{
	char text[INET6_ADDRSTRLEN];
	int af = (int)get_u64(p) == AF_INET6 ? AF_INET6 : AF_INET;

	if (!inet_ntop(af, p + 8, text, sizeof(text)))
		return -errno;
	return strbuf__addf(sb, "%s", text);
}

static int part_text(struct lang_runtime *rt, const struct lang_part *part,
		     const uint8_t *p, char how, struct strbuf *sb)
{
	int err;

	strbuf__reset(sb);
	switch (part->kind) {
	case LANG_PART_STR:
		err = str_text(part, p, sb);
		break;
	case LANG_PART_BUF:
		err = buf_text(part, p, how, sb);
		break;
	case LANG_PART_KSTACK:
	case LANG_PART_USTACK:
		err = stack_text(rt, part, p, sb);
		break;
	case LANG_PART_KSYM:
		err = sym_name(rt, false, 0, get_u64(p), sb);
		break;
	case LANG_PART_USYM:
		err = sym_name(rt, true, (pid_t)get_u64(p + 8), get_u64(p), sb);
		break;
	case LANG_PART_PROBE: {
		uint64_t i = get_u64(p);

		err = strbuf__addf(
			sb, "%s",
			i < rt->c->nr_probe_names ? rt->c->probe_names[i] : "");
		break;
	}
	case LANG_PART_USERNAME:
		err = username(get_u64(p), sb);
		break;
	case LANG_PART_INET:
		err = inet_text(p, sb);
		break;
	default: /* integers are not text: their callers format them */
		err = -EINVAL;
		break;
	}
	/* Adding nothing allocates the NUL: a C string even when empty. */
	return err ? err : strbuf__add(sb, "", 0);
}

/* ---- events ---- */

static bool record_fits(const struct lang_record *r, size_t size)
{
	for (size_t i = 0; i < r->nr; i++)
		if ((size_t)r->parts[i].offset + r->parts[i].size > size)
			return false;
	return true;
}

/* The %r variant ('r', 'x', 'h') of each specifier of fmt, in order. */
static void buf_conversions(const struct lang_event *ev, char *how, size_t nr)
{
	struct lang_format_piece piece;
	const char *why;
	size_t pos = 0, i = 0;

	memset(how, 'r', nr);
	while (i < nr && lang_format__next(ev->fmt, ev->fmt_len, &pos, &piece,
					   &why) > 0) {
		if (!piece.is_spec)
			continue;
		if (piece.conv == 'r' && piece.len > 1 &&
		    strchr("xh", piece.text[piece.len - 1]))
			how[i] = piece.text[piece.len - 1];
		i++;
	}
}

/* bpftrace's cat(): the file's bytes, up to a bound, as they are now. */
#define CAT_MAX (1u << 20)

static int cat_file(struct lang_runtime *rt, const char *path)
{
	FILE *f = fopen(path, "re");
	char buf[4096];
	size_t n, total = 0;

	if (!f) {
		fprintf(rt->out, "cat: cannot open %s: %s\n", path,
			strerror(errno));
		return 0;
	}
	while (total < CAT_MAX && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		fwrite(buf, 1, n, rt->out);
		total += n;
	}
	fclose(f);
	return 0;
}

/* printf's text, or cat's path and then the file's contents. */
static int handle_printf(struct lang_runtime *rt, const struct lang_event *ev,
			 const uint8_t *data)
{
	struct lang_format_arg args[LANG_RECORD_MAX_PARTS];
	struct strbuf texts[LANG_RECORD_MAX_PARTS], sb;
	char how[LANG_RECORD_MAX_PARTS];
	size_t nr = ev->args.nr;
	int err = 0;

	buf_conversions(ev, how, nr);
	for (size_t i = 0; i < nr; i++)
		strbuf__init(&texts[i], TEXT_MAX);
	for (size_t i = 0; !err && i < nr; i++) {
		const struct lang_part *part = &ev->args.parts[i];
		const uint8_t *p = data + part->offset;

		args[i] = (struct lang_format_arg){0};
		if (part->kind == LANG_PART_INT) {
			args[i].is_signed = part->is_signed;
			args[i].value = get_u64(p);
			continue;
		}
		err = part_text(rt, part, p, how[i], &texts[i]);
		args[i].is_str = true;
		args[i].str = texts[i].buf;
	}
	strbuf__init(&sb, SIZE_MAX);
	if (!err)
		err = lang_format__render(&sb, ev->fmt, ev->fmt_len, args, nr);
	if (!err && ev->kind == LANG_EVENT_CAT)
		err = cat_file(rt, sb.len ? sb.buf : "");
	else if (!err && sb.len)
		fwrite(sb.buf, 1, sb.len, rt->out);
	strbuf__release(&sb);
	for (size_t i = 0; i < nr; i++)
		strbuf__release(&texts[i]);
	return err;
}

static int handle_time(struct lang_runtime *rt, const struct lang_event *ev)
{
	char fmt[256], buf[512];
	struct tm tm;
	time_t now = time(NULL);
	size_t n;

	if (!ev->fmt)
		snprintf(fmt, sizeof(fmt), "%s", "%H:%M:%S\n");
	else
		snprintf(fmt, sizeof(fmt), "%.*s", (int)ev->fmt_len, ev->fmt);
	if (!localtime_r(&now, &tm))
		return -EINVAL;
	n = strftime(buf, sizeof(buf), fmt, &tm);
	fwrite(buf, 1, n, rt->out);
	return 0;
}

/* An integer part as print() and tuples show it. */
static void print_int(FILE *out, const struct lang_part *part, const uint8_t *p)
{
	uint64_t v = get_u64(p);

	if (part->is_signed)
		fprintf(out, "%" PRId64, (int64_t)v);
	else
		fprintf(out, "%" PRIu64, v);
}

/* print(expr) of a value: the value and a newline; tuples in parens. */
static int handle_print_value(struct lang_runtime *rt,
			      const struct lang_event *ev, const uint8_t *data)
{
	const struct lang_record *r = &ev->args;
	struct strbuf sb;
	int err = 0;

	strbuf__init(&sb, TEXT_MAX);
	if (r->nr > 1)
		fputc('(', rt->out);
	for (size_t i = 0; !err && i < r->nr; i++) {
		const struct lang_part *part = &r->parts[i];

		if (i)
			fputs(", ", rt->out);
		if (part->kind == LANG_PART_INT) {
			print_int(rt->out, part, data + part->offset);
			continue;
		}
		err = part_text(rt, part, data + part->offset, 'r', &sb);
		if (!err)
			fputs(sb.buf, rt->out);
	}
	if (r->nr > 1)
		fputc(')', rt->out);
	fputc('\n', rt->out);
	strbuf__release(&sb);
	return err;
}

/* join(): the strings up to the first empty one, fmt between them. */
static int handle_join(struct lang_runtime *rt, const struct lang_event *ev,
		       const uint8_t *data)
{
	const struct lang_record *r = &ev->args;

	for (size_t i = 0; i < r->nr; i++) {
		const struct lang_part *part = &r->parts[i];
		const char *s = (const char *)data + part->offset;
		size_t len = strnlen(s, part->len);

		if (!len)
			break;
		if (i)
			fwrite(ev->fmt, 1, ev->fmt_len, rt->out);
		fwrite(s, 1, len, rt->out);
	}
	fputc('\n', rt->out);
	return 0;
}

static int map_to_btmap(struct lang_runtime *rt, const struct lang_map *map,
			struct btmap **out);

static int handle_print_map(struct lang_runtime *rt, const struct lang_map *map,
			    const void *data, size_t size)
{
	struct lang_event_print_map ev;
	struct btmap *m;
	int err;

	if (size < sizeof(ev))
		return -EINVAL;
	memcpy(&ev, data, sizeof(ev));
	err = map_to_btmap(rt, map, &m);
	if (err)
		return err;
	err = btmap__print(rt->out, m,
			   ev.top > UINT32_MAX ? 0 : (uint32_t)ev.top,
			   ev.div > UINT32_MAX ? UINT32_MAX : (uint32_t)ev.div);
	btmap__free(m);
	return err;
}

/* Every key of map, read before anything changes it; *keys malloc'd. */
static int read_keys(const struct lang_map *map, uint8_t **keys, size_t *nr)
{
	size_t ksize = map->key.size, cap = 0;
	uint8_t *buf = NULL, *prev = NULL;

	*nr = 0;
	for (;;) {
		if (*nr == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			uint8_t *n = realloc(buf, ncap * ksize);

			if (!n) {
				free(buf);
				return -ENOMEM;
			}
			buf = n;
			cap = ncap;
		}
		prev = *nr ? buf + (*nr - 1) * ksize : NULL;
		if (bpf_map_get_next_key(map->fd, prev, buf + *nr * ksize))
			break;
		(*nr)++;
	}
	if (errno != ENOENT) {
		free(buf);
		return -errno;
	}
	*keys = buf;
	return 0;
}

static int handle_clear(const struct lang_map *map)
{
	uint8_t *keys;
	size_t nr;
	int err = read_keys(map, &keys, &nr);

	for (size_t i = 0; !err && i < nr; i++)
		if (bpf_map_delete_elem(map->fd, keys + i * map->key.size) &&
		    errno != ENOENT)
			err = -errno;
	free(keys);
	return err;
}

/* The bytes of one lookup: a value per possible CPU for per-CPU maps. */
static size_t value_bytes(const struct lang_runtime *rt,
			  const struct lang_map *map)
{
	if (is_percpu(map->type))
		return (size_t)rt->nr_cpus * round8(map->value_size);
	return map->value_size;
}

static int handle_zero(struct lang_runtime *rt, const struct lang_map *map)
{
	uint8_t *keys, *zero;
	size_t nr;
	int err = read_keys(map, &keys, &nr);

	if (err)
		return err;
	zero = calloc(1, value_bytes(rt, map));
	if (!zero)
		err = -ENOMEM;
	for (size_t i = 0; !err && i < nr; i++)
		if (bpf_map_update_elem(map->fd, keys + i * map->key.size, zero,
					BPF_EXIST) &&
		    errno != ENOENT)
			err = -errno;
	free(zero);
	free(keys);
	return err;
}

int lang_runtime__handle(struct lang_runtime *rt, const void *data, size_t size)
{
	const struct lang_compiled *c = rt->c;
	struct lang_event_header h;
	const struct lang_event *ev = NULL;
	const struct lang_map *map = NULL;
	int err;

	if (size < sizeof(h))
		return -EINVAL;
	memcpy(&h, data, sizeof(h));
	switch (h.kind) {
	case LANG_EVENT_PRINTF:
	case LANG_EVENT_CAT:
	case LANG_EVENT_TIME:
	case LANG_EVENT_PRINT_VALUE:
	case LANG_EVENT_JOIN:
		if (h.id >= c->nr_events)
			return -EINVAL;
		ev = &c->events[h.id];
		if (!record_fits(&ev->args, size))
			return -EINVAL;
		break;
	case LANG_EVENT_PRINT_MAP:
	case LANG_EVENT_CLEAR:
	case LANG_EVENT_ZERO:
		if (h.id >= c->nr_maps || c->maps[h.id].fd < 0)
			return -EINVAL;
		map = &c->maps[h.id];
		break;
	case LANG_EVENT_EXIT:
	case LANG_EVENT_PROCESS:
		break;
	default:
		return -EINVAL;
	}
	/* Mappings change: read them again for each event. */
	procs__flush(rt);
	switch (h.kind) {
	case LANG_EVENT_PRINTF:
	case LANG_EVENT_CAT:
		err = handle_printf(rt, ev, data);
		break;
	case LANG_EVENT_TIME:
		err = handle_time(rt, ev);
		break;
	case LANG_EVENT_PRINT_VALUE:
		err = handle_print_value(rt, ev, data);
		break;
	case LANG_EVENT_PRINT_MAP:
		err = handle_print_map(rt, map, data, size);
		break;
	case LANG_EVENT_JOIN:
		err = handle_join(rt, ev, data);
		break;
	case LANG_EVENT_PROCESS:
		err = remember(rt, (pid_t)h.id);
		break;
	case LANG_EVENT_CLEAR:
		err = handle_clear(map);
		break;
	case LANG_EVENT_ZERO:
		err = handle_zero(rt, map);
		break;
	default:
		rt->exited = true;
		err = 0;
		break;
	}
	if (!err && ferror(rt->out))
		err = -EIO;
	return err;
}

/* ---- maps into btmaps ---- */

static enum btmap_kind btmap_kind(const struct lang_map *map)
{
	static const enum btmap_kind of_agg[] = {
		[LANG_AGG_COUNT] = BTMAP_COUNT, [LANG_AGG_SUM] = BTMAP_SUM,
		[LANG_AGG_MIN] = BTMAP_MIN,	[LANG_AGG_MAX] = BTMAP_MAX,
		[LANG_AGG_AVG] = BTMAP_AVG,	[LANG_AGG_STATS] = BTMAP_STATS,
		[LANG_AGG_HIST] = BTMAP_HIST,	[LANG_AGG_LHIST] = BTMAP_LHIST,
	};
	const struct lang_type *v = &map->sema->value;

	if (map->agg != LANG_AGG_NONE)
		return of_agg[map->agg];
	if (map->value.nr > 1 || v->kind == LANG_TYPE_TUPLE)
		return BTMAP_TUPLE;
	if (map->value.nr == 1 && map->value.parts[0].kind == LANG_PART_INT)
		return BTMAP_INT;
	return BTMAP_STR;
}

/* Texts of the parts of one key or value, kept until the entry is added. */
struct parts_text {
	struct btmap_part parts[LANG_RECORD_MAX_PARTS];
	struct strbuf texts[LANG_RECORD_MAX_PARTS];
	size_t nr;
};

static void parts_text__init(struct parts_text *pt)
{
	pt->nr = 0;
	for (size_t i = 0; i < LANG_RECORD_MAX_PARTS; i++)
		strbuf__init(&pt->texts[i], TEXT_MAX);
}

static void parts_text__release(struct parts_text *pt)
{
	for (size_t i = 0; i < LANG_RECORD_MAX_PARTS; i++)
		strbuf__release(&pt->texts[i]);
}

/*
 * The parts of record r at data as btmap parts.  In a key, a stack in
 * bpftrace's mode is a STACK part (btmap indents it); in other modes,
 * and as a value, it is its text as print() shows it.
 */
static int to_btmap_parts(struct lang_runtime *rt, const struct lang_record *r,
			  uint32_t skip_offset, const uint8_t *data,
			  bool as_key, struct parts_text *pt)
{
	int err = 0;

	pt->nr = 0;
	for (size_t i = 0; !err && i < r->nr; i++) {
		const struct lang_part *part = &r->parts[i];
		const uint8_t *p = data + part->offset;
		struct btmap_part *bp = &pt->parts[pt->nr];
		struct strbuf *sb = &pt->texts[pt->nr];

		if (part->offset == skip_offset)
			continue;
		pt->nr++;
		*bp = (struct btmap_part){0};
		if (part->kind == LANG_PART_INT) {
			bp->kind = part->is_signed ? BTMAP_PART_INT
						   : BTMAP_PART_UINT;
			bp->size = part->len <= 8 ? part->len : 8;
			bp->i = (int64_t)get_u64(p);
			continue;
		}
		if (as_key && part->stack_mode == LANG_STACK_BPFTRACE &&
		    (part->kind == LANG_PART_KSTACK ||
		     part->kind == LANG_PART_USTACK)) {
			bp->kind = BTMAP_PART_STACK;
			strbuf__reset(sb);
			err = stack_frames(rt, part, p, 0, sb);
			if (err == -ENOENT) {
				err = 0;
				continue;
			}
			if (!err)
				err = strbuf__add(sb, "", 0);
		} else {
			bp->kind = BTMAP_PART_STR;
			err = part_text(rt, part, p, 'r', sb);
		}
		bp->s = sb->buf;
	}
	return err;
}

/* Sums or combines the per-CPU copies of an aggregation's value. */
struct agg_value {
	int64_t n, total;
	bool set;
};

static void combine(const struct lang_runtime *rt, const struct lang_map *map,
		    const uint8_t *v, struct agg_value *a)
{
	int nr = is_percpu(map->type) ? rt->nr_cpus : 1;
	size_t stride = round8(map->value_size);

	*a = (struct agg_value){0};
	for (int cpu = 0; cpu < nr; cpu++, v += stride) {
		int64_t x = (int64_t)get_u64(v);
		uint64_t second = map->value_size >= 16 ? get_u64(v + 8) : 0;

		switch (map->agg) {
		case LANG_AGG_MIN:
		case LANG_AGG_MAX:
			/* A CPU that never saw the map holds no value. */
			if (second != 1)
				break;
			if (!a->set ||
			    (map->agg == LANG_AGG_MIN ? x < a->n : x > a->n))
				a->n = x;
			a->set = true;
			break;
		case LANG_AGG_AVG:
		case LANG_AGG_STATS:
			a->total += x;
			a->n += (int64_t)second;
			break;
		default:
			a->n = (int64_t)((uint64_t)a->n + (uint64_t)x);
			break;
		}
	}
}

/* A map entry read from the kernel. */
struct raw_entry {
	uint8_t *key; /* its slot zeroed, for hist/lhist */
	uint64_t slot;
	struct agg_value v;
	uint8_t *value; /* plain values */
};

static int raw_entry_cmp(const void *a, const void *b, void *arg)
{
	const struct raw_entry *ea = a, *eb = b;

	return memcmp(ea->key, eb->key, *(const size_t *)arg);
}

static size_t nr_slots(const struct lang_map *map)
{
	const struct lang_type *v = &map->sema->value;

	if (map->agg == LANG_AGG_HIST)
		return HIST_NR_SLOTS;
	return (size_t)((v->lhist_max - v->lhist_min) / v->lhist_step) + 2;
}

/* Adds the entries of one histogram: es[0..nr) share a key. */
static int add_hist(struct lang_runtime *rt, const struct lang_map *map,
		    struct btmap *m, const struct raw_entry *es, size_t nr,
		    uint64_t *slots, size_t n_slots, struct parts_text *key)
{
	int err;

	memset(slots, 0, n_slots * sizeof(*slots));
	for (size_t i = 0; i < nr; i++)
		if (es[i].slot < n_slots)
			slots[es[i].slot] += (uint64_t)es[i].v.n;
	err = to_btmap_parts(rt, &map->key, map->slot_offset, es[0].key, true,
			     key);
	if (!err)
		err = btmap__add_slots(m, key->parts,
				       map->sema->nr_keys ? key->nr : 0, slots,
				       n_slots);
	return err;
}

static int add_hists(struct lang_runtime *rt, const struct lang_map *map,
		     struct btmap *m, struct raw_entry *es, size_t nr,
		     struct parts_text *key)
{
	size_t ksize = map->key.size, n_slots, first = 0;
	uint64_t *slots;
	int err = 0;

	/* Checks lhist's bounds before they size the slots. */
	if (map->agg == LANG_AGG_LHIST) {
		err = btmap__set_lhist(m, map->sema->value.lhist_min,
				       map->sema->value.lhist_max,
				       map->sema->value.lhist_step);
		if (err)
			return err;
	}
	n_slots = nr_slots(map);
	if (n_slots > BTMAP_MAX_SLOTS)
		return -E2BIG;
	slots = calloc(n_slots, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	qsort_r(es, nr, sizeof(*es), raw_entry_cmp, &ksize);
	for (size_t i = 1; !err && i <= nr; i++) {
		if (i < nr && !memcmp(es[i].key, es[first].key, ksize))
			continue;
		err = add_hist(rt, map, m, es + first, i - first, slots,
			       n_slots, key);
		first = i;
	}
	free(slots);
	return err;
}

static int add_entry(struct lang_runtime *rt, const struct lang_map *map,
		     struct btmap *m, const struct raw_entry *e,
		     struct parts_text *key, struct parts_text *val)
{
	size_t nr_key;
	int err;

	err = to_btmap_parts(rt, &map->key, UINT32_MAX, e->key, true, key);
	if (err)
		return err;
	nr_key = map->sema->nr_keys ? key->nr : 0;
	switch (btmap_kind(map)) {
	case BTMAP_AVG:
	case BTMAP_STATS:
		return btmap__add_avg(m, key->parts, nr_key, e->v.n,
				      e->v.total);
	case BTMAP_TUPLE:
	case BTMAP_STR:
		err = to_btmap_parts(rt, &map->value, UINT32_MAX, e->value,
				     false, val);
		if (err)
			return err;
		if (btmap_kind(map) == BTMAP_TUPLE)
			return btmap__add_tuple(m, key->parts, nr_key,
						val->parts, val->nr);
		return btmap__add_str(m, key->parts, nr_key,
				      val->nr ? val->parts[0].s : "");
	case BTMAP_INT:
		return btmap__add_int(m, key->parts, nr_key,
				      (int64_t)get_u64(e->value));
	default:
		return btmap__add_int(m, key->parts, nr_key, e->v.n);
	}
}

static void raw_entries__free(struct raw_entry *es, size_t nr)
{
	for (size_t i = 0; es && i < nr; i++)
		free(es[i].value);
	free(es);
}

/* Every entry of map, its per-CPU values combined; keys into keys. */
static int read_entries(struct lang_runtime *rt, const struct lang_map *map,
			uint8_t *keys, size_t nr, struct raw_entry **out,
			size_t *nr_out)
{
	size_t vbytes = value_bytes(rt, map), n = 0;
	bool hist = map->agg == LANG_AGG_HIST || map->agg == LANG_AGG_LHIST;
	struct raw_entry *es = calloc(nr ? nr : 1, sizeof(*es));
	uint8_t *v = malloc(vbytes ? vbytes : 1);
	int err = 0;

	if (!es || !v) {
		free(v);
		free(es);
		return -ENOMEM;
	}
	for (size_t i = 0; !err && i < nr; i++) {
		struct raw_entry *e = &es[n];

		e->key = keys + i * map->key.size;
		/* Deleted since the keys were read: not an entry any more. */
		if (bpf_map_lookup_elem(map->fd, e->key, v)) {
			if (errno != ENOENT)
				err = -errno;
			continue;
		}
		n++;
		if (map->agg == LANG_AGG_NONE) {
			e->value = malloc(vbytes ? vbytes : 1);
			if (!e->value)
				err = -ENOMEM;
			else
				memcpy(e->value, v, vbytes);
			continue;
		}
		combine(rt, map, v, &e->v);
		if (hist && map->slot_offset + 8 <= map->key.size) {
			e->slot = get_u64(e->key + map->slot_offset);
			memset(e->key + map->slot_offset, 0, 8);
		}
	}
	free(v);
	if (err) {
		raw_entries__free(es, n);
		return err;
	}
	*out = es;
	*nr_out = n;
	return 0;
}

static int fill_btmap(struct lang_runtime *rt, const struct lang_map *map,
		      struct btmap *m)
{
	struct parts_text *key = NULL, *val = NULL;
	struct raw_entry *es = NULL;
	uint8_t *keys = NULL;
	size_t nr_keys, nr = 0;
	int err = read_keys(map, &keys, &nr_keys);

	if (!err)
		err = read_entries(rt, map, keys, nr_keys, &es, &nr);
	if (!err) {
		key = malloc(sizeof(*key));
		val = malloc(sizeof(*val));
		if (!key || !val)
			err = -ENOMEM;
	}
	if (!err) {
		parts_text__init(key);
		parts_text__init(val);
		if (map->agg == LANG_AGG_HIST || map->agg == LANG_AGG_LHIST)
			err = add_hists(rt, map, m, es, nr, key);
		for (size_t i = 0;
		     !err && i < nr && map->agg != LANG_AGG_HIST &&
		     map->agg != LANG_AGG_LHIST;
		     i++)
			err = add_entry(rt, map, m, &es[i], key, val);
		parts_text__release(key);
		parts_text__release(val);
	}
	/* bpftrace shows a count() without keys as 0 before its first hit. */
	if (!err && !nr && map->agg == LANG_AGG_COUNT && !map->sema->nr_keys)
		err = btmap__add_int(m, NULL, 0, 0);
	free(key);
	free(val);
	raw_entries__free(es, nr);
	free(keys);
	return err;
}

static int map_to_btmap(struct lang_runtime *rt, const struct lang_map *map,
			struct btmap **out)
{
	enum btmap_kind kind = btmap_kind(map);
	struct strbuf name;
	struct btmap *m;
	int err;

	*out = NULL;
	strbuf__init(&name, TEXT_MAX);
	err = strbuf__addf(&name, "@%s", map->sema->name);
	m = err ? NULL : btmap__new(name.buf, kind);
	strbuf__release(&name);
	if (!m)
		return err ? err : -ENOMEM;
	if (kind == BTMAP_SUM)
		err = btmap__set_unsigned(m, !map->sema->value.is_signed);
	else if (kind == BTMAP_INT)
		err = btmap__set_unsigned(m, !map->sema->value.is_signed);
	if (!err)
		err = fill_btmap(rt, map, m);
	if (err) {
		btmap__free(m);
		return err;
	}
	*out = m;
	return 0;
}

int lang_runtime__print_maps(struct lang_runtime *rt)
{
	const struct lang_compiled *c = rt->c;
	struct btmap **maps =
		calloc(c->nr_maps ? c->nr_maps : 1, sizeof(*maps));
	size_t nr = 0;
	int err = 0;

	if (!maps)
		return -ENOMEM;
	procs__flush(rt);
	for (size_t i = 0; !err && i < c->nr_maps; i++) {
		if (c->maps[i].fd < 0)
			continue;
		err = map_to_btmap(rt, &c->maps[i], &maps[nr]);
		if (!err)
			nr++;
	}
	if (!err)
		err = btmap__print_all(rt->out, maps, nr);
	for (size_t i = 0; i < nr; i++)
		btmap__free(maps[i]);
	free(maps);
	return err;
}
