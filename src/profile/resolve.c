// SPDX-License-Identifier: GPL-2.0
#include "profile/resolve.h"

#include "core/procmaps.h"
#include "perfdata/machine.h"
#include "perfdata/reader.h"
#include "sym/symbolizer.h"
#include "util/hashmap.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#define KERNEL_DSO "[kernel.kallsyms]"
#define UNKNOWN_DSO "[unknown]"
#define MAX_JIT_MAPS 4096

struct cached_frame {
	const struct machine_map *map;
	uint64_t ip;
	struct resolved_frame frame;
};

struct jit_map {
	pid_t pid;
	struct sym_dso *dso;
};

struct resolver {
	struct machine *machine;
	const struct perf_data_reader *reader;
	struct symbolizer *sym;
	struct u64map cache; /* hash(map, ip) -> index + 1 into frames */
	struct cached_frame *frames;
	size_t nr_frames, cap_frames;
	struct jit_map jit[MAX_JIT_MAPS];
	size_t nr_jit;
	struct u64map jit_by_pid; /* pid -> index in jit */
	struct sym_dso *vdso;
	bool defer_kernel;
};

int resolver__new(struct resolver **out, struct machine *m,
		  const struct perf_data_reader *reader)
{
	struct resolver *rs = calloc(1, sizeof(*rs));

	if (!rs)
		return -ENOMEM;
	rs->machine = m;
	rs->reader = reader;
	rs->sym = symbolizer__new();
	if (!rs->sym) {
		free(rs);
		return -ENOMEM;
	}
	*out = rs;
	return 0;
}

void resolver__free(struct resolver *rs)
{
	if (!rs)
		return;
	symbolizer__free(rs->sym);
	u64map__release(&rs->cache);
	u64map__release(&rs->jit_by_pid);
	free(rs->frames);
	free(rs);
}

void resolver__preload_kernel(struct resolver *rs)
{
	symbolizer__preload(rs->sym, symbolizer__kernel(rs->sym, NULL));
}

void resolver__defer_kernel(struct resolver *rs, bool defer)
{
	rs->defer_kernel = defer;
}

int resolver__add_jit_map(struct resolver *rs, pid_t pid, const char *text,
			  size_t size)
{
	struct sym_dso *dso;
	uint64_t *slot;
	bool inserted;

	if (rs->nr_jit == MAX_JIT_MAPS)
		return -E2BIG;
	dso = symbolizer__perf_map(rs->sym, pid, text, size);
	if (!dso)
		return -ENOMEM;
	slot = u64map__slot(&rs->jit_by_pid, (uint32_t)pid, &inserted);
	if (!slot)
		return -ENOMEM;
	*slot = rs->nr_jit;
	rs->jit[rs->nr_jit++] = (struct jit_map){ pid, dso };
	return 0;
}

/* The JIT map of pid: folded into the recording, or /tmp/perf-PID.map. */
static struct sym_dso *jit_dso(struct resolver *rs, pid_t pid)
{
	uint64_t *slot = u64map__find(&rs->jit_by_pid, (uint32_t)pid);
	bool inserted;

	if (slot)
		return rs->jit[*slot].dso;
	if (rs->nr_jit == MAX_JIT_MAPS)
		return NULL;
	rs->jit[rs->nr_jit] = (struct jit_map){
		pid, symbolizer__perf_map(rs->sym, pid, NULL, 0)
	};
	slot = u64map__slot(&rs->jit_by_pid, (uint32_t)pid, &inserted);
	if (slot)
		*slot = rs->nr_jit;
	return rs->jit[rs->nr_jit++].dso;
}

/* The vDSO of this kernel: sonde's own copy has the same symbols. */
static struct sym_dso *vdso_dso(struct resolver *rs)
{
	uint64_t image = getauxval(AT_SYSINFO_EHDR);
	const struct procmap *m;
	struct procmap *maps;
	size_t nr;

	if (rs->vdso || !image || procmaps__read(0, &maps, &nr))
		return rs->vdso;
	m = procmaps__find(maps, nr, image);
	if (m)
		rs->vdso = symbolizer__dso_memory(rs->sym, "[vdso]",
						  (const void *)(uintptr_t)image,
						  m->end - image);
	procmaps__free(maps);
	return rs->vdso;
}

/*
 * Anonymous executable memory, where JIT compilers put code: named by
 * the process's perf map, as perf takes it (a memfd is a file to perf).
 */
static bool is_anon(const char *name)
{
	return !strcmp(name, "//anon") || !strncmp(name, "/dev/zero", 9) ||
	       !strncmp(name, "/anon_hugepage", 14);
}

static struct sym_dso *dso_of_map(struct resolver *rs, pid_t pid,
				  const struct machine_map *map)
{
	const char *name = map->filename;

	if (map->kernel)
		return symbolizer__kernel(rs->sym, NULL);
	if (is_anon(name))
		return jit_dso(rs, pid);
	if (!strcmp(name, "[vdso]"))
		return vdso_dso(rs);
	if (!map->build_id_size && rs->reader) {
		const struct perf_data_build_id *bid =
			perf_data_reader__find_build_id(rs->reader, name);

		if (bid)
			return symbolizer__dso(rs->sym, name, NULL, bid->id,
					       bid->size);
	}
	return symbolizer__dso(rs->sym, name, NULL,
			       map->build_id_size ? map->build_id : NULL,
			       map->build_id_size);
}

static void resolve(struct resolver *rs, pid_t pid, uint64_t ip,
		    const struct machine_map *map, struct resolved_frame *f)
{
	struct sym_dso *dso;
	struct sym_result res;
	int err;

	*f = (struct resolved_frame){ .ip = ip, .addr = ip, .dso = UNKNOWN_DSO };
	if (!map) {
		f->kind = FRAME_USER;
		return;
	}
	f->kind = map->kernel ? FRAME_KERNEL : FRAME_USER;
	f->addr = ip - map->start + map->pgoff;
	f->dso = map->kernel ? KERNEL_DSO : map->filename;
	dso = dso_of_map(rs, pid, map);
	if (!dso)
		return;
	if (map->kernel || is_anon(map->filename))
		err = symbolizer__lookup_vaddr(rs->sym, dso, ip, &res);
	else
		err = symbolizer__lookup_file_offset(rs->sym, dso, f->addr,
						     &res);
	if (is_anon(map->filename)) {
		/* perf names the object after the map file, there or not. */
		f->kind = FRAME_JIT;
		f->dso = sym_dso__name(dso);
	}
	if (err || !res.found)
		return;
	f->sym = res.name;
	f->offset = res.offset;
}

/* Names the frame at ip, without the cache. */
static void resolve_frame(struct resolver *rs, pid_t pid, uint64_t ip,
			  bool kernel, const struct machine_map *map,
			  struct resolved_frame *out)
{
	if (kernel && map && rs->defer_kernel) {
		*out = (struct resolved_frame){
			.ip = ip,
			.addr = ip - map->start + map->pgoff,
			.dso = KERNEL_DSO,
			.kind = FRAME_KERNEL,
			.deferred = true,
		};
		return;
	}
	resolve(rs, pid, ip, map, out);
	if (!map && !kernel) {
		/* Unmapped user addresses may still be JIT code of a perf map. */
		struct sym_dso *jit = jit_dso(rs, pid);
		struct sym_result res;

		if (jit && !symbolizer__lookup_vaddr(rs->sym, jit, ip, &res) &&
		    res.found) {
			out->sym = res.name;
			out->offset = res.offset;
			out->dso = res.dso_name;
			out->kind = FRAME_JIT;
		}
	}
}

int resolver__frame(struct resolver *rs, pid_t pid, uint64_t ip, bool kernel,
		    struct resolved_frame *out)
{
	const struct machine_map *map =
		machine__find_map(rs->machine, kernel ? -1 : pid, ip, kernel);
	uint64_t key = hash__mix((uint64_t)(uintptr_t)map, ip);
	struct cached_frame *c;
	uint64_t *slot;
	bool inserted;

	if (!map && !kernel)
		key = hash__mix(key, (uint64_t)pid);
	/* Room for a new entry first, so a cache slot never dangles. */
	if (rs->nr_frames == rs->cap_frames) {
		size_t cap = rs->cap_frames ? rs->cap_frames * 2 : 4096;
		struct cached_frame *grown =
			realloc(rs->frames, cap * sizeof(*grown));

		if (!grown) {
			resolve_frame(rs, pid, ip, kernel, map, out);
			out->id = 0;
			return 0;
		}
		rs->frames = grown;
		rs->cap_frames = cap;
	}
	slot = u64map__slot(&rs->cache, key, &inserted);
	if (slot && !inserted) {
		c = &rs->frames[*slot - 1];
		if (c->map == map && c->ip == ip) {
			/* Named now, if it was left unnamed before. */
			if (c->frame.deferred && !rs->defer_kernel)
				resolve_frame(rs, pid, ip, kernel, map,
					      &c->frame);
			c->frame.id = (uint32_t)*slot;
			*out = c->frame;
			return 0;
		}
	}
	resolve_frame(rs, pid, ip, kernel, map, out);
	out->id = 0;
	if (!slot || !inserted)
		return 0; /* a hash collision: not cached, still right */
	rs->frames[rs->nr_frames] = (struct cached_frame){ map, ip, *out };
	*slot = ++rs->nr_frames;
	out->id = (uint32_t)*slot;
	return 0;
}

size_t resolver__stack(struct resolver *rs, pid_t pid, uint64_t ip,
		       bool ip_in_kernel, const uint64_t *callchain,
		       size_t nr_callchain, struct resolved_frame *frames,
		       size_t max)
{
	bool kernel = ip_in_kernel;
	size_t n = 0;

	if (!nr_callchain) {
		if (max)
			resolver__frame(rs, pid, ip, kernel, &frames[n++]);
		return n;
	}
	for (size_t i = 0; i < nr_callchain && n < max; i++) {
		uint64_t addr = callchain[i];

		if (addr >= PERF_CONTEXT_MAX) {
			/* A context marker: it says where the next ones are. */
			if (addr == PERF_CONTEXT_KERNEL)
				kernel = true;
			else if (addr == PERF_CONTEXT_USER)
				kernel = false;
			continue;
		}
		resolver__frame(rs, pid, addr, kernel, &frames[n++]);
	}
	return n;
}
