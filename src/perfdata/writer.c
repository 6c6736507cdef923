// SPDX-License-Identifier: GPL-2.0
#include "perfdata/writer.h"

#include "core/events.h"
#include "core/tracefs.h"
#include "util/strutil.h"

#include "perfdata/format.h"
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef SONDE_VERSION
#define SONDE_VERSION "0"
#endif

/* Large enough that a busy recording makes few write(2) calls. */
#define WRITE_BUF_SIZE (1u << 20)
#define BLOB_NAME_MAX 255

struct wevent {
	struct perf_event_attr attr;
	uint64_t *ids;
	size_t nr_ids;
	char *name;
};

struct wbuild_id {
	int32_t pid;
	uint16_t misc;
	uint8_t len;
	uint8_t id[PERF_BUILD_ID_MAX];
	char *path;
};

struct wblob {
	char *name;
	int32_t pid;
	void *data;
	size_t size;
};

struct perf_data_writer {
	int fd;
	int err; /* sticky: the first failure */
	bool finished;
	/*
	 * The data section starts once the first records reach the file,
	 * after the attrs of the events known then: an interrupted
	 * recording still has its attrs, and a finished one usually needs
	 * no second copy.  0 until then.
	 */
	uint64_t data_offset;
	struct perf_file_section early_attrs;
	size_t early_nr_events;
	uint64_t data_size;
	unsigned char *buf;
	size_t buf_len;

	struct wevent *events;
	size_t nr_events;
	char **argv;
	int argc;
	struct wbuild_id *build_ids;
	size_t nr_build_ids;
	struct wblob *blobs;
	size_t nr_blobs;

	/* HEADER_SAMPLE_TIME: the range of sample times seen */
	uint64_t first_time, last_time;
	bool have_time, time_fixed;
	/* Walking records across write() calls that split them. */
	uint64_t scan_skip;
	unsigned char scan_hdr[sizeof(struct perf_event_header)];
	size_t scan_hdr_len;
	bool scan_off;
	uint64_t last_id; /* cache of the id -> event lookup */
	const struct wevent *last_event;
};

static int full_pwrite(int fd, const void *buf, size_t size, uint64_t off)
{
	const unsigned char *p = buf;

	while (size) {
		ssize_t n = pwrite(fd, p, size, (off_t)off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		size -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static void header_init(struct perf_file_header *h, size_t attr_bytes)
{
	memset(h, 0, sizeof(*h));
	h->magic = PERF_FILE_MAGIC;
	h->size = sizeof(*h);
	h->attr_size = attr_bytes + sizeof(struct perf_file_section);
	h->data.offset = sizeof(*h);
}

int perf_data_writer__create(struct perf_data_writer **out, const char *path)
{
	struct perf_data_writer *w;
	struct perf_file_header h;
	int err;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->buf = malloc(WRITE_BUF_SIZE);
	if (!w->buf) {
		free(w);
		return -ENOMEM;
	}
	w->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (w->fd < 0) {
		err = -errno;
		free(w->buf);
		free(w);
		return err;
	}
	/*
	 * A header with no attrs and a zero data size: what an interrupted
	 * recording leaves, which readers take as "read to end of file".
	 */
	header_init(&h, sizeof(struct perf_event_attr));
	err = full_pwrite(w->fd, &h, sizeof(h), 0);
	if (err) {
		perf_data_writer__free(w);
		return err;
	}
	*out = w;
	return 0;
}

static int writer_check(const struct perf_data_writer *w)
{
	if (w->err)
		return w->err;
	if (w->finished)
		return -EINVAL;
	return 0;
}

static int set_err(struct perf_data_writer *w, int err)
{
	if (!w->err)
		w->err = err;
	return err;
}

int perf_data_writer__add_event(struct perf_data_writer *w,
				const struct perf_event_attr *attr,
				const uint64_t *ids, size_t nr_ids,
				const char *name)
{
	struct wevent *ev, *events;
	int err = writer_check(w);

	if (err)
		return err;
	if (!attr || (nr_ids && !ids))
		return -EINVAL;
	if (nr_ids > (1u << 24))
		return -E2BIG;
	events = realloc(w->events, (w->nr_events + 1) * sizeof(*events));
	if (!events)
		return -ENOMEM;
	w->events = events;
	ev = &events[w->nr_events];
	memset(ev, 0, sizeof(*ev));
	ev->attr = *attr;
	if (nr_ids) {
		ev->ids = malloc(nr_ids * sizeof(*ids));
		if (!ev->ids)
			return -ENOMEM;
		memcpy(ev->ids, ids, nr_ids * sizeof(*ids));
	}
	ev->nr_ids = nr_ids;
	if (name) {
		ev->name = strdup(name);
		if (!ev->name) {
			free(ev->ids);
			return -ENOMEM;
		}
	}
	w->nr_events++;
	w->last_event = NULL;
	return 0;
}

static const struct wevent *event_of_id(struct perf_data_writer *w, uint64_t id)
{
	if (w->last_event && w->last_id == id)
		return w->last_event;
	for (size_t i = 0; i < w->nr_events; i++) {
		for (size_t j = 0; j < w->events[i].nr_ids; j++) {
			if (w->events[i].ids[j] == id) {
				w->last_id = id;
				w->last_event = &w->events[i];
				return w->last_event;
			}
		}
	}
	return NULL;
}

/* Notes the time of a whole SAMPLE record for HEADER_SAMPLE_TIME. */
static void note_sample(struct perf_data_writer *w, const unsigned char *rec,
			size_t size)
{
	const struct wevent *ev = &w->events[0];
	size_t off = sizeof(struct perf_event_header);
	uint64_t type, v;

	if (w->nr_events > 1 &&
	    (ev->attr.sample_type & PERF_SAMPLE_IDENTIFIER)) {
		if (size < off + 8)
			return;
		memcpy(&v, rec + off, 8);
		ev = event_of_id(w, v);
		if (!ev)
			return;
	}
	type = ev->attr.sample_type;
	if (!(type & PERF_SAMPLE_TIME))
		return;
	off += 8 * (!!(type & PERF_SAMPLE_IDENTIFIER) +
		    !!(type & PERF_SAMPLE_IP) + !!(type & PERF_SAMPLE_TID));
	if (size < off + 8)
		return;
	memcpy(&v, rec + off, 8);
	if (!w->have_time || v < w->first_time)
		w->first_time = v;
	if (!w->have_time || v > w->last_time)
		w->last_time = v;
	w->have_time = true;
}

/*
 * Walks the record headers of a write() to find samples.  Records split
 * across calls are skipped by size; a sample split that way is not
 * timed, which at worst narrows the range by one sample.
 */
static void scan_records(struct perf_data_writer *w, const unsigned char *p,
			 size_t n)
{
	struct perf_event_header hdr;

	while (n && !w->scan_off) {
		if (w->scan_skip) {
			size_t k = w->scan_skip < n ? (size_t)w->scan_skip : n;

			p += k;
			n -= k;
			w->scan_skip -= k;
			continue;
		}
		if (w->scan_hdr_len || n < sizeof(hdr)) {
			size_t k = sizeof(hdr) - w->scan_hdr_len;

			if (k > n)
				k = n;
			memcpy(w->scan_hdr + w->scan_hdr_len, p, k);
			w->scan_hdr_len += k;
			p += k;
			n -= k;
			if (w->scan_hdr_len < sizeof(hdr))
				return;
			memcpy(&hdr, w->scan_hdr, sizeof(hdr));
			w->scan_hdr_len = 0;
			if (hdr.size < sizeof(hdr)) {
				w->scan_off = true;
				return;
			}
			w->scan_skip = hdr.size - sizeof(hdr);
			continue;
		}
		memcpy(&hdr, p, sizeof(hdr));
		if (hdr.size < sizeof(hdr)) {
			/* Not records after all: stop looking, keep writing. */
			w->scan_off = true;
			return;
		}
		if (hdr.size > n) {
			w->scan_skip = hdr.size - n;
			return;
		}
		if (hdr.type == PERF_RECORD_SAMPLE && w->nr_events &&
		    !w->time_fixed)
			note_sample(w, p, hdr.size);
		p += hdr.size;
		n -= hdr.size;
	}
}

static size_t attr_bytes(const struct perf_data_writer *w);
static size_t align_up(size_t v, size_t a);

/*
 * Writes the ids and attrs of the events known so far at off; returns
 * the attrs section in *attrs and the offset after it in *end.
 */
static int write_attrs(struct perf_data_writer *w, uint64_t off, size_t abytes,
		       struct perf_file_section *attrs, uint64_t *end)
{
	size_t entry = abytes + sizeof(struct perf_file_section);
	unsigned char *buf = calloc(w->nr_events ? w->nr_events : 1, entry);
	int err = 0;

	if (!buf)
		return -ENOMEM;
	for (size_t i = 0; i < w->nr_events && !err; i++) {
		struct perf_event_attr attr = w->events[i].attr;
		struct perf_file_section ids = {
			.offset = off,
			.size = w->events[i].nr_ids * sizeof(uint64_t),
		};

		err = full_pwrite(w->fd, w->events[i].ids, ids.size, off);
		off += ids.size;
		attr.size = (uint32_t)abytes;
		memcpy(buf + i * entry, &attr, abytes);
		memcpy(buf + i * entry + abytes, &ids, sizeof(ids));
	}
	attrs->offset = off;
	attrs->size = w->nr_events * entry;
	if (!err)
		err = full_pwrite(w->fd, buf, attrs->size, off);
	free(buf);
	*end = off + attrs->size;
	return err;
}

/* Fixes where the data starts: after the header and the attrs known now. */
static int start_data(struct perf_data_writer *w)
{
	struct perf_file_header h;
	size_t abytes = attr_bytes(w);
	uint64_t end;
	int err;

	err = write_attrs(w, sizeof(h), abytes, &w->early_attrs, &end);
	if (err)
		return set_err(w, err);
	w->early_nr_events = w->nr_events;
	w->data_offset = align_up(end, 8);
	header_init(&h, abytes);
	h.attrs = w->early_attrs;
	h.data.offset = w->data_offset;
	err = full_pwrite(w->fd, &h, sizeof(h), 0);
	if (err)
		return set_err(w, err);
	return 0;
}

static int flush_buf(struct perf_data_writer *w)
{
	uint64_t off;
	int err;

	if (!w->buf_len)
		return 0;
	if (!w->data_offset) {
		err = start_data(w);
		if (err)
			return err;
	}
	off = w->data_offset + w->data_size - w->buf_len;
	err = full_pwrite(w->fd, w->buf, w->buf_len, off);
	w->buf_len = 0;
	if (err)
		return set_err(w, err);
	return 0;
}

int perf_data_writer__write(struct perf_data_writer *w, const void *records,
			    size_t size)
{
	int err = writer_check(w);

	if (err)
		return err;
	if (!size)
		return 0;
	scan_records(w, records, size);
	if (w->buf_len + size <= WRITE_BUF_SIZE) {
		memcpy(w->buf + w->buf_len, records, size);
		w->buf_len += size;
		w->data_size += size;
		return 0;
	}
	/* Data offsets follow data_size, so flush before counting the rest. */
	err = flush_buf(w);
	if (err)
		return err;
	if (size < WRITE_BUF_SIZE) {
		memcpy(w->buf, records, size);
		w->buf_len = size;
		w->data_size += size;
		return 0;
	}
	if (!w->data_offset) {
		err = start_data(w);
		if (err)
			return err;
	}
	err = full_pwrite(w->fd, records, size, w->data_offset + w->data_size);
	if (err)
		return set_err(w, err);
	w->data_size += size;
	return 0;
}

uint64_t perf_data_writer__data_size(const struct perf_data_writer *w)
{
	return w->data_size;
}

static void free_argv(struct perf_data_writer *w)
{
	for (int i = 0; i < w->argc; i++)
		free(w->argv[i]);
	free(w->argv);
	w->argv = NULL;
	w->argc = 0;
}

int perf_data_writer__set_cmdline(struct perf_data_writer *w, int argc,
				  char *const *argv)
{
	int err = writer_check(w);

	if (err)
		return err;
	if (argc < 0 || argc > 65536)
		return -EINVAL;
	free_argv(w);
	if (!argc)
		return 0;
	w->argv = calloc((size_t)argc, sizeof(*w->argv));
	if (!w->argv)
		return -ENOMEM;
	for (int i = 0; i < argc; i++) {
		w->argv[i] = strdup(argv[i] ? argv[i] : "");
		if (!w->argv[i]) {
			w->argc = i;
			free_argv(w);
			return -ENOMEM;
		}
	}
	w->argc = argc;
	return 0;
}

int perf_data_writer__add_build_id(struct perf_data_writer *w, pid_t pid,
				   uint16_t misc, const uint8_t *build_id,
				   size_t len, const char *path)
{
	struct wbuild_id *b, *all;
	int err = writer_check(w);

	if (err)
		return err;
	if (!len || len > PERF_BUILD_ID_MAX || !path || !*path)
		return -EINVAL;
	/* The entry's size is a u16, name included. */
	if (strlen(path) >= 4096)
		return -ENAMETOOLONG;
	all = realloc(w->build_ids, (w->nr_build_ids + 1) * sizeof(*all));
	if (!all)
		return -ENOMEM;
	w->build_ids = all;
	b = &all[w->nr_build_ids];
	memset(b, 0, sizeof(*b));
	b->path = strdup(path);
	if (!b->path)
		return -ENOMEM;
	b->pid = pid;
	b->misc = misc;
	b->len = (uint8_t)len;
	memcpy(b->id, build_id, len);
	w->nr_build_ids++;
	return 0;
}

int perf_data_writer__add_blob(struct perf_data_writer *w, const char *name,
			       pid_t pid, const void *data, size_t size)
{
	struct wblob *b, *all;
	int err = writer_check(w);

	if (err)
		return err;
	if (!name || !*name || strlen(name) > BLOB_NAME_MAX)
		return -EINVAL;
	all = realloc(w->blobs, (w->nr_blobs + 1) * sizeof(*all));
	if (!all)
		return -ENOMEM;
	w->blobs = all;
	b = &all[w->nr_blobs];
	memset(b, 0, sizeof(*b));
	b->name = strdup(name);
	b->data = malloc(size ? size : 1);
	if (!b->name || !b->data) {
		free(b->name);
		free(b->data);
		return -ENOMEM;
	}
	if (size)
		memcpy(b->data, data, size);
	b->pid = pid;
	b->size = size;
	w->nr_blobs++;
	return 0;
}

int perf_data_writer__add_jit_map(struct perf_data_writer *w, pid_t pid,
				  const void *text, size_t size)
{
	return perf_data_writer__add_blob(w, SONDE_BLOB_JIT_MAP, pid, text,
					  size);
}

void perf_data_writer__set_sample_time(struct perf_data_writer *w,
				       uint64_t first, uint64_t last)
{
	w->first_time = first;
	w->last_time = last;
	w->have_time = true;
	w->time_fixed = true;
}

/* A growable buffer for one feature section's contents. */
struct fbuf {
	unsigned char *p;
	size_t len, cap;
	int err;
};

static void fb_put(struct fbuf *b, const void *data, size_t size)
{
	if (b->err || !size)
		return;
	if (b->len + size > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		unsigned char *p;

		while (cap < b->len + size)
			cap *= 2;
		p = realloc(b->p, cap);
		if (!p) {
			b->err = -ENOMEM;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, data, size);
	b->len += size;
}

static void fb_zero(struct fbuf *b, size_t size)
{
	static const unsigned char zeros[64];

	while (size) {
		size_t k = size < sizeof(zeros) ? size : sizeof(zeros);

		fb_put(b, zeros, k);
		size -= k;
	}
}

static void fb_u32(struct fbuf *b, uint32_t v)
{
	fb_put(b, &v, sizeof(v));
}

static void fb_u64(struct fbuf *b, uint64_t v)
{
	fb_put(b, &v, sizeof(v));
}

static size_t align_up(size_t v, size_t a)
{
	return (v + a - 1) / a * a;
}

/* perf's string: a u32 length counting the NUL and padding to 64. */
static void fb_string(struct fbuf *b, const char *s)
{
	size_t len = strlen(s) + 1, padded = align_up(len, PERF_NAME_ALIGN);

	fb_u32(b, (uint32_t)padded);
	fb_put(b, s, len);
	fb_zero(b, padded - len);
}

/* The value of "key : value" from the first CPU of /proc/cpuinfo. */
static int cpuinfo_value(const char *text, const char *key, char *out,
			 size_t size)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len == 0)
			break; /* end of the first processor's block */
		if (!strncmp(line, key, klen) &&
		    (line[klen] == '\t' || line[klen] == ' ' ||
		     line[klen] == ':')) {
			const char *v = memchr(line, ':', len);
			size_t n = 0;
			bool space = false;

			if (!v)
				return -ENOENT;
			v++;
			while (v < line + len && (*v == ' ' || *v == '\t'))
				v++;
			/* Squash runs of blanks, as perf does for brand
			 * strings. */
			for (; v < line + len && n + 1 < size; v++) {
				if (*v == ' ' || *v == '\t') {
					space = true;
					continue;
				}
				if (space && n + 2 < size)
					out[n++] = ' ';
				space = false;
				out[n++] = *v;
			}
			out[n] = '\0';
			return n ? 0 : -ENOENT;
		}
		line = end ? end + 1 : NULL;
	}
	return -ENOENT;
}

/* Highest present CPU number + 1, as perf's nr_cpus_avail. */
static uint32_t cpus_present(void)
{
	char buf[256], *p;
	long max = -1, v;
	long conf = sysconf(_SC_NPROCESSORS_CONF);

	if (file__read_text("/sys/devices/system/cpu/present", buf,
			    sizeof(buf)) > 0) {
		for (p = buf; *p;) {
			if (*p < '0' || *p > '9') {
				p++;
				continue;
			}
			v = strtol(p, &p, 10);
			if (v > max)
				max = v;
		}
	}
	if (max >= 0)
		return (uint32_t)(max + 1);
	return conf > 0 ? (uint32_t)conf : 1;
}

static uint64_t mem_total_kb(void)
{
	char buf[512];
	const char *p;

	if (file__read_text("/proc/meminfo", buf, sizeof(buf)) <= 0)
		return 0;
	p = strstr(buf, "MemTotal:");
	if (!p)
		return 0;
	return strtoull(p + strlen("MemTotal:"), NULL, 10);
}

struct feat_ctx {
	struct perf_data_writer *w;
	size_t attr_bytes;
	struct utsname uts;
	char cpuinfo[8192];
	bool have_cpuinfo;
};

#define FORMAT_MAX (256 << 10)

/* A tracefs file as perf records it: its size in 8 bytes, then itself. */
static void put_tracefs_file(struct fbuf *b, const char *rel, char *buf)
{
	const char *root = tracefs__root();
	char path[PATH_MAX];
	int n = -ENOENT;

	if (root) {
		snprintf(path, sizeof(path), "%s/%s", root, rel);
		n = file__read_text(path, buf, FORMAT_MAX);
	}
	fb_u64(b, n > 0 ? (uint64_t)n : 0);
	if (n > 0)
		fb_put(b, buf, (size_t)n);
}

/*
 * HEADER_TRACING_DATA: the format files of the tracepoints recorded,
 * without which perf refuses a file with tracepoint events.  The layout
 * is perf's "tracing" data, version 0.6: a header, header_page and
 * header_event, ftrace's own formats, each system's event formats, then
 * empty kallsyms, printk formats and saved cmdlines.
 */
static int tracing_data(struct perf_data_writer *w, struct fbuf *b)
{
	static const char magic[] = { 23, 8, 68, 't', 'r', 'a', 'c',
				      'i', 'n', 'g' };
	struct strlist names = { 0 }, systems = { 0 };
	uint32_t page = (uint32_t)sysconf(_SC_PAGESIZE);
	char *buf, name[EVENT_NAME_MAX], rel[PATH_MAX];

	for (size_t i = 0; i < w->nr_events; i++)
		if (w->events[i].attr.type == PERF_TYPE_TRACEPOINT &&
		    strchr(events__name_of(PERF_TYPE_TRACEPOINT,
					   w->events[i].attr.config, name,
					   sizeof(name)),
			   ':'))
			strlist__push(&names, name);
	if (!names.nr)
		return -ENOENT;
	buf = malloc(FORMAT_MAX);
	if (!buf) {
		strlist__release(&names);
		return -ENOMEM;
	}
	strlist__uniq(&names);
	for (size_t i = 0; i < names.nr; i++) {
		snprintf(name, sizeof(name), "%s", names.items[i]);
		*strchr(name, ':') = '\0';
		strlist__push(&systems, name);
	}
	strlist__uniq(&systems);
	fb_put(b, magic, sizeof(magic));
	fb_put(b, "0.6", 4);
	fb_put(b, &(uint8_t){ 0 }, 1); /* little endian */
	fb_put(b, &(uint8_t){ sizeof(long) }, 1);
	fb_u32(b, page);
	fb_put(b, "header_page", 12);
	put_tracefs_file(b, "events/header_page", buf);
	fb_put(b, "header_event", 13);
	put_tracefs_file(b, "events/header_event", buf);
	fb_u32(b, 0); /* ftrace's own event formats */
	fb_u32(b, (uint32_t)systems.nr);
	for (size_t s = 0; s < systems.nr; s++) {
		size_t len = strlen(systems.items[s]);
		uint32_t count = 0;

		fb_put(b, systems.items[s], len + 1);
		for (size_t i = 0; i < names.nr; i++)
			count += !strncmp(names.items[i], systems.items[s],
					  len) &&
				 names.items[i][len] == ':';
		fb_u32(b, count);
		for (size_t i = 0; i < names.nr; i++) {
			if (strncmp(names.items[i], systems.items[s], len) ||
			    names.items[i][len] != ':')
				continue;
			snprintf(rel, sizeof(rel), "events/%s/%s/format",
				 systems.items[s], names.items[i] + len + 1);
			put_tracefs_file(b, rel, buf);
		}
	}
	fb_u32(b, 0); /* kallsyms */
	fb_u32(b, 0); /* printk formats */
	fb_u64(b, 0); /* saved cmdlines */
	free(buf);
	strlist__release(&names);
	strlist__release(&systems);
	return 0;
}

/*
 * Fills b with feature feat's contents; -ENOENT when there is nothing
 * to write (the bit stays clear).
 */
static int feature_contents(struct feat_ctx *c, int feat, struct fbuf *b)
{
	struct perf_data_writer *w = c->w;
	char text[256];

	switch (feat) {
	case HEADER_TRACING_DATA:
		return tracing_data(w, b);
	case HEADER_BUILD_ID:
		if (!w->nr_build_ids)
			return -ENOENT;
		for (size_t i = 0; i < w->nr_build_ids; i++) {
			const struct wbuild_id *bi = &w->build_ids[i];
			struct perf_record_header_build_id e;
			size_t name_len = strlen(bi->path) + 1;
			size_t padded = align_up(name_len, PERF_NAME_ALIGN);

			memset(&e, 0, sizeof(e));
			e.header.misc =
				bi->misc | PERF_RECORD_MISC_BUILD_ID_SIZE;
			e.header.size = (uint16_t)(sizeof(e) + padded);
			e.pid = bi->pid;
			memcpy(e.data, bi->id, bi->len);
			e.size = bi->len;
			fb_put(b, &e, sizeof(e));
			fb_put(b, bi->path, name_len);
			fb_zero(b, padded - name_len);
		}
		return 0;
	case HEADER_HOSTNAME:
		fb_string(b, c->uts.nodename);
		return 0;
	case HEADER_OSRELEASE:
		fb_string(b, c->uts.release);
		return 0;
	case HEADER_VERSION:
		fb_string(b, "sonde " SONDE_VERSION);
		return 0;
	case HEADER_ARCH:
		fb_string(b, c->uts.machine);
		return 0;
	case HEADER_NRCPUS: {
		long online = sysconf(_SC_NPROCESSORS_ONLN);

		/* perf's order: available first, then online. */
		fb_u32(b, cpus_present());
		fb_u32(b, online > 0 ? (uint32_t)online : 1);
		return 0;
	}
	case HEADER_CPUDESC:
		if (!c->have_cpuinfo ||
		    cpuinfo_value(c->cpuinfo, "model name", text, sizeof(text)))
			return -ENOENT;
		fb_string(b, text);
		return 0;
	case HEADER_CPUID: {
		char vendor[64], family[16], model[16], stepping[16];

		/* x86's "vendor,family,model,stepping"; others have no cheap
		 * one. */
		if (!c->have_cpuinfo ||
		    cpuinfo_value(c->cpuinfo, "vendor_id", vendor,
				  sizeof(vendor)) ||
		    cpuinfo_value(c->cpuinfo, "cpu family", family,
				  sizeof(family)) ||
		    cpuinfo_value(c->cpuinfo, "model", model, sizeof(model)) ||
		    cpuinfo_value(c->cpuinfo, "stepping", stepping,
				  sizeof(stepping)))
			return -ENOENT;
		snprintf(text, sizeof(text), "%s,%s,%s,%s", vendor, family,
			 model, stepping);
		fb_string(b, text);
		return 0;
	}
	case HEADER_TOTAL_MEM: {
		uint64_t kb = mem_total_kb();

		if (!kb)
			return -ENOENT;
		fb_u64(b, kb);
		return 0;
	}
	case HEADER_CMDLINE:
		if (!w->argc)
			return -ENOENT;
		fb_u32(b, (uint32_t)w->argc);
		for (int i = 0; i < w->argc; i++)
			fb_string(b, w->argv[i]);
		return 0;
	case HEADER_EVENT_DESC: {
		uint32_t nr = 0;

		/*
		 * perf names an event from here by its first id; an entry
		 * without a name would rename it "", so unnamed events are
		 * left to perf's naming from the attr.
		 */
		for (size_t i = 0; i < w->nr_events; i++)
			nr += w->events[i].name && w->events[i].nr_ids;
		if (!nr)
			return -ENOENT;
		fb_u32(b, nr);
		fb_u32(b, (uint32_t)c->attr_bytes);
		for (size_t i = 0; i < w->nr_events; i++) {
			const struct wevent *ev = &w->events[i];
			struct perf_event_attr attr = ev->attr;

			if (!ev->name || !ev->nr_ids)
				continue;
			attr.size = (uint32_t)c->attr_bytes;
			fb_put(b, &attr, c->attr_bytes);
			fb_u32(b, (uint32_t)ev->nr_ids);
			fb_string(b, ev->name);
			fb_put(b, ev->ids, ev->nr_ids * sizeof(uint64_t));
		}
		return 0;
	}
	case HEADER_SAMPLE_TIME:
		if (!w->have_time)
			return -ENOENT;
		fb_u64(b, w->first_time);
		fb_u64(b, w->last_time);
		return 0;
	case HEADER_SONDE_BLOBS:
		if (!w->nr_blobs)
			return -ENOENT;
		fb_u32(b, SONDE_BLOBS_VERSION);
		fb_u32(b, (uint32_t)w->nr_blobs);
		for (size_t i = 0; i < w->nr_blobs; i++) {
			const struct wblob *bl = &w->blobs[i];
			struct sonde_blob_header h;
			size_t name_len = strlen(bl->name) + 1;

			memset(&h, 0, sizeof(h));
			h.name_size = (uint32_t)align_up(name_len, 8);
			h.pid = bl->pid;
			h.size = bl->size;
			fb_put(b, &h, sizeof(h));
			fb_put(b, bl->name, name_len);
			fb_zero(b, h.name_size - name_len);
			fb_put(b, bl->data, bl->size);
			fb_zero(b, align_up(bl->size, 8) - bl->size);
		}
		return 0;
	}
	return -ENOENT;
}

static const int written_features[] = {
	HEADER_TRACING_DATA,
	HEADER_BUILD_ID,    HEADER_HOSTNAME,   HEADER_OSRELEASE,
	HEADER_VERSION,	    HEADER_ARCH,       HEADER_NRCPUS,
	HEADER_CPUDESC,	    HEADER_CPUID,      HEADER_TOTAL_MEM,
	HEADER_CMDLINE,	    HEADER_EVENT_DESC, HEADER_SAMPLE_TIME,
	HEADER_SONDE_BLOBS,
};
#define NR_WRITTEN_FEATURES \
	(sizeof(written_features) / sizeof(written_features[0]))

/*
 * Bytes of each attr to write: the whole struct, except that perf 6.1
 * rejects attrs larger than its own, so fields past that size are
 * dropped when no event uses them.
 */
static size_t attr_bytes(const struct perf_data_writer *w)
{
	size_t full = sizeof(struct perf_event_attr);

	if (full <= PERF_FILE_ATTR_SIZE_COMPAT)
		return full;
	for (size_t i = 0; i < w->nr_events; i++) {
		const unsigned char *p = (const void *)&w->events[i].attr;

		for (size_t j = PERF_FILE_ATTR_SIZE_COMPAT; j < full; j++)
			if (p[j])
				return full;
	}
	return PERF_FILE_ATTR_SIZE_COMPAT;
}

int perf_data_writer__finish(struct perf_data_writer *w)
{
	struct perf_file_section table[NR_WRITTEN_FEATURES];
	struct fbuf feats[NR_WRITTEN_FEATURES] = {{0}};
	bool present[NR_WRITTEN_FEATURES] = {false};
	struct perf_file_header h;
	struct feat_ctx *c;
	uint64_t table_off, off;
	size_t nr = 0;
	int err = writer_check(w);

	if (err)
		return err;
	err = flush_buf(w);
	if (err)
		return err;
	c = calloc(1, sizeof(*c));
	if (!c)
		return set_err(w, -ENOMEM);
	c->w = w;
	c->attr_bytes = attr_bytes(w);
	if (uname(&c->uts))
		memset(&c->uts, 0, sizeof(c->uts));
	c->have_cpuinfo = file__read_text("/proc/cpuinfo", c->cpuinfo,
					  sizeof(c->cpuinfo)) > 0;
	if (!w->data_offset) {
		err = start_data(w);
		if (err)
			goto out;
	}
	header_init(&h, c->attr_bytes);
	h.data.offset = w->data_offset;
	h.data.size = w->data_size;

	for (size_t i = 0; i < NR_WRITTEN_FEATURES; i++) {
		int feat = written_features[i];

		present[i] = feature_contents(c, feat, &feats[i]) == 0;
		if (feats[i].err) {
			err = feats[i].err;
			goto out;
		}
		if (present[i]) {
			h.adds_features[feat / 64] |= 1ULL << (feat % 64);
			nr++;
		}
	}
	/* perf looks for the feature table right after the data. */
	table_off = h.data.offset + h.data.size;
	off = table_off + nr * sizeof(struct perf_file_section);
	nr = 0;
	for (size_t i = 0; i < NR_WRITTEN_FEATURES && !err; i++) {
		if (!present[i])
			continue;
		table[nr].offset = off;
		table[nr].size = feats[i].len;
		nr++;
		err = full_pwrite(w->fd, feats[i].p, feats[i].len, off);
		off += feats[i].len;
	}
	if (!err)
		err = full_pwrite(w->fd, table, nr * sizeof(table[0]),
				  table_off);

	/* Events added after the data started need the attrs written again. */
	if (!err && w->nr_events == w->early_nr_events)
		h.attrs = w->early_attrs;
	else if (!err)
		err = write_attrs(w, align_up(off, 8), c->attr_bytes, &h.attrs,
				  &off);
	/* The header last: until here the file reads as an unfinished one. */
	if (!err)
		err = full_pwrite(w->fd, &h, sizeof(h), 0);
out:
	for (size_t i = 0; i < NR_WRITTEN_FEATURES; i++)
		free(feats[i].p);
	free(c);
	if (err)
		return set_err(w, err);
	w->finished = true;
	return 0;
}

void perf_data_writer__free(struct perf_data_writer *w)
{
	if (!w)
		return;
	if (w->fd >= 0) {
		if (!w->finished && !w->err)
			flush_buf(w);
		close(w->fd);
	}
	for (size_t i = 0; i < w->nr_events; i++) {
		free(w->events[i].ids);
		free(w->events[i].name);
	}
	free(w->events);
	free_argv(w);
	for (size_t i = 0; i < w->nr_build_ids; i++)
		free(w->build_ids[i].path);
	free(w->build_ids);
	for (size_t i = 0; i < w->nr_blobs; i++) {
		free(w->blobs[i].name);
		free(w->blobs[i].data);
	}
	free(w->blobs);
	free(w->buf);
	free(w);
}
