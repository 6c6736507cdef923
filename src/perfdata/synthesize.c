// SPDX-License-Identifier: GPL-2.0
#include "perfdata/synthesize.h"

#include "core/procmaps.h"
#include "core/target.h"
#include "util/fileio.h"
#include "util/strutil.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define RECORD_MAX (PATH_MAX + 256)

/* A record under construction: fixed fields, a string, the trailer. */
struct record {
	unsigned char buf[RECORD_MAX];
	size_t len;
};

static void put(struct record *r, const void *data, size_t size)
{
	if (r->len + size <= sizeof(r->buf)) {
		memcpy(r->buf + r->len, data, size);
		r->len += size;
	}
}

static void put_u32(struct record *r, uint32_t v)
{
	put(r, &v, sizeof(v));
}

static void put_u64(struct record *r, uint64_t v)
{
	put(r, &v, sizeof(v));
}

/* A NUL-terminated string padded to 8 bytes, as the kernel writes it. */
static void put_string(struct record *r, const char *s, size_t max)
{
	size_t len = strnlen(s, max);
	size_t padded = (len + 1 + 7) & ~(size_t)7;
	static const char zeros[8];

	put(r, s, len);
	put(r, zeros, 1);
	put(r, zeros, padded - len - 1);
}

/* sample_id_all: the fields every side-band record carries. */
static void put_sample_id(struct record *r, const struct synth *sy, pid_t pid,
			  pid_t tid)
{
	uint64_t type = sy->attr->sample_type;

	if (type & PERF_SAMPLE_TID) {
		put_u32(r, (uint32_t)pid);
		put_u32(r, (uint32_t)tid);
	}
	if (type & PERF_SAMPLE_TIME)
		put_u64(r, 0); /* before anything sampled */
	if (type & PERF_SAMPLE_ID)
		put_u64(r, sy->id);
	if (type & PERF_SAMPLE_STREAM_ID)
		put_u64(r, sy->id);
	if (type & PERF_SAMPLE_CPU)
		put_u64(r, 0);
	if (type & PERF_SAMPLE_IDENTIFIER)
		put_u64(r, sy->id);
}

static void begin(struct record *r, uint32_t type, uint16_t misc)
{
	struct perf_event_header h = { .type = type, .misc = misc };

	r->len = 0;
	put(r, &h, sizeof(h));
}

static int emit(struct record *r, const struct synth *sy)
{
	struct perf_event_header *h = (struct perf_event_header *)r->buf;

	if (r->len > UINT16_MAX || r->len == sizeof(r->buf))
		return -ENAMETOOLONG;
	h->size = (uint16_t)r->len;
	return sy->sink(r->buf, r->len, sy->ctx);
}

/* Address of a kallsyms symbol; stops reading once both are found. */
static int kernel_text_bounds(uint64_t *start, uint64_t *end)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[512];
	int found = 0;

	if (!f)
		return -errno;
	*start = *end = 0;
	while (found != 3 && fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];

		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		if (!strcmp(name, "_text")) {
			*start = addr;
			found |= 1;
		} else if (!strcmp(name, "_etext")) {
			*end = addr;
			found |= 2;
		}
	}
	fclose(f);
	if (found != 3 || !*start)
		return -ENOENT; /* no addresses: kptr_restrict */
	return 0;
}

int synthesize__kernel(const struct synth *sy)
{
	struct record *r = malloc(sizeof(*r));
	uint64_t start, end;
	int err;

	if (!r)
		return -ENOMEM;
	err = kernel_text_bounds(&start, &end);
	if (!err) {
		/* struct { header; u32 pid, tid; u64 addr, len, pgoff; name } */
		begin(r, PERF_RECORD_MMAP, PERF_RECORD_MISC_KERNEL);
		put_u32(r, (uint32_t)-1);
		put_u32(r, 0);
		put_u64(r, start);
		put_u64(r, end - start);
		put_u64(r, start);
		put_string(r, "[kernel.kallsyms]_text", PATH_MAX);
		put_sample_id(r, sy, -1, 0);
		err = emit(r, sy);
	}
	free(r);
	return err;
}

static int comm_of(pid_t pid, pid_t tid, char *comm, size_t size)
{
	char path[64];
	int n;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", pid, tid);
	n = file__read_text(path, comm, size);
	if (n < 0)
		return n;
	comm[strcspn(comm, "\n")] = '\0';
	return 0;
}

static int synthesize_comms(const struct synth *sy, struct record *r,
			    pid_t pid)
{
	pid_t *tids;
	size_t nr;
	int err = target__threads(pid, &tids, &nr);

	if (err)
		return err == -ENOMEM ? err : 0; /* exited, or not ours to read */
	for (size_t i = 0; !err && i < nr; i++) {
		char comm[64];

		if (comm_of(pid, tids[i], comm, sizeof(comm)))
			continue; /* the thread exited meanwhile */
		/* struct { header; u32 pid, tid; char comm[]; } */
		begin(r, PERF_RECORD_COMM, 0);
		put_u32(r, (uint32_t)pid);
		put_u32(r, (uint32_t)tids[i]);
		put_string(r, comm, sizeof(comm));
		put_sample_id(r, sy, pid, tids[i]);
		err = emit(r, sy);
	}
	free(tids);
	return err;
}

static uint32_t prot_of(const char *perms)
{
	return (perms[0] == 'r' ? PROT_READ : 0) |
	       (perms[1] == 'w' ? PROT_WRITE : 0) |
	       (perms[2] == 'x' ? PROT_EXEC : 0);
}

static int synthesize_mmaps(const struct synth *sy, struct record *r,
			    pid_t pid)
{
	struct procmap *maps;
	size_t nr;
	int err = procmaps__read(pid, &maps, &nr);

	if (err)
		return err == -ENOMEM ? err : 0; /* gone, or not ours to read */
	for (size_t i = 0; !err && i < nr; i++) {
		const struct procmap *m = &maps[i];

		/* Code only, as perf does without --data. */
		if (m->perms[2] != 'x' || !m->path[0])
			continue;
		/*
		 * struct { header; u32 pid, tid; u64 addr, len, pgoff;
		 *          u32 maj, min; u64 ino, ino_generation;
		 *          u32 prot, flags; char filename[]; }
		 */
		begin(r, PERF_RECORD_MMAP2, PERF_RECORD_MISC_USER);
		put_u32(r, (uint32_t)pid);
		put_u32(r, (uint32_t)pid);
		put_u64(r, m->start);
		put_u64(r, m->end - m->start);
		put_u64(r, m->pgoff);
		put_u32(r, m->dev_major);
		put_u32(r, m->dev_minor);
		put_u64(r, m->inode);
		put_u64(r, 0);
		put_u32(r, prot_of(m->perms));
		put_u32(r, m->perms[3] == 's' ? MAP_SHARED : MAP_PRIVATE);
		put_string(r, m->path, PATH_MAX);
		put_sample_id(r, sy, pid, pid);
		err = emit(r, sy);
	}
	procmaps__free(maps);
	return err;
}

int synthesize__process(const struct synth *sy, pid_t pid)
{
	struct record *r = malloc(sizeof(*r));
	int err;

	if (!r)
		return -ENOMEM;
	err = synthesize_comms(sy, r, pid);
	if (!err)
		err = synthesize_mmaps(sy, r, pid);
	free(r);
	return err;
}

int synthesize__all(const struct synth *sy)
{
	DIR *dir = opendir("/proc");
	struct dirent *d;
	int err = 0;

	if (!dir)
		return -errno;
	while (!err && (d = readdir(dir))) {
		unsigned long long pid;

		if (str_to_u64(d->d_name, &pid) || pid > INT32_MAX)
			continue;
		err = synthesize__process(sy, (pid_t)pid);
	}
	closedir(dir);
	return err;
}
