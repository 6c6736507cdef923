// SPDX-License-Identifier: GPL-2.0
#include "perfdata/machine.h"

#include "perfdata/format.h"
#include "perfdata/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* An interned string: all maps of all processes share one copy. */
struct istr {
	struct istr *next;
	uint64_t hash;
	char s[];
};

struct comm_entry {
	uint64_t time;
	const char *comm;
};

struct mthread {
	struct machine_thread pub; /* first: pointers convert both ways */
	struct comm_entry *comms;
	size_t nr_comms, cap_comms;
	struct mthread *all_next; /* every thread ever made, for freeing */
};

struct mproc {
	int32_t pid;
	struct machine_map *maps;
	size_t nr, cap;
};

/* Open addressing from an int32 key to a pointer; no deletion needed. */
struct itab {
	struct islot {
		int32_t key;
		void *val; /* NULL: empty slot */
	} * slots;
	size_t cap, nr;
};

struct machine {
	struct istr **strs;
	size_t strs_cap, strs_nr;
	struct itab threads; /* tid -> struct mthread */
	struct itab procs;   /* pid -> struct mproc */
	struct mthread *all_threads;
	struct mproc kernel;
	/* The last process looked up: samples come in runs of one process. */
	struct mproc *last_proc;
	int32_t last_pid;
};

/* ---- small containers ---------------------------------------------- */

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* The interned copy of s[0..n) (s need not be NUL-terminated). */
static const char *intern(struct machine *m, const char *s, size_t n)
{
	uint64_t h = hash_bytes(s, n);
	struct istr *e;

	if (m->strs_cap) {
		for (e = m->strs[h & (m->strs_cap - 1)]; e; e = e->next)
			if (e->hash == h && !strncmp(e->s, s, n) && !e->s[n])
				return e->s;
	}
	if (m->strs_nr + 1 > m->strs_cap / 2) {
		size_t cap = m->strs_cap ? m->strs_cap * 2 : 256;
		struct istr **t = calloc(cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t i = 0; i < m->strs_cap; i++) {
			while ((e = m->strs[i])) {
				m->strs[i] = e->next;
				e->next = t[e->hash & (cap - 1)];
				t[e->hash & (cap - 1)] = e;
			}
		}
		free(m->strs);
		m->strs = t;
		m->strs_cap = cap;
	}
	e = malloc(sizeof(*e) + n + 1);
	if (!e)
		return NULL;
	memcpy(e->s, s, n);
	e->s[n] = '\0';
	e->hash = h;
	e->next = m->strs[h & (m->strs_cap - 1)];
	m->strs[h & (m->strs_cap - 1)] = e;
	m->strs_nr++;
	return e->s;
}

static size_t slot_of(int32_t key, size_t cap)
{
	return ((uint32_t)key * 2654435761u) & (cap - 1);
}

static void *itab_get(const struct itab *t, int32_t key)
{
	if (!t->cap)
		return NULL;
	for (size_t i = slot_of(key, t->cap);; i = (i + 1) & (t->cap - 1)) {
		if (!t->slots[i].val)
			return NULL;
		if (t->slots[i].key == key)
			return t->slots[i].val;
	}
}

static int itab_put(struct itab *t, int32_t key, void *val)
{
	size_t i;

	if ((t->nr + 1) * 4 > t->cap * 3) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct islot *s = calloc(cap, sizeof(*s));

		if (!s)
			return -ENOMEM;
		for (size_t j = 0; j < t->cap; j++) {
			if (!t->slots[j].val)
				continue;
			for (i = slot_of(t->slots[j].key, cap); s[i].val;
			     i = (i + 1) & (cap - 1))
				;
			s[i] = t->slots[j];
		}
		free(t->slots);
		t->slots = s;
		t->cap = cap;
	}
	for (i = slot_of(key, t->cap); t->slots[i].val;
	     i = (i + 1) & (t->cap - 1)) {
		if (t->slots[i].key == key) {
			t->slots[i].val = val;
			return 0;
		}
	}
	t->slots[i].key = key;
	t->slots[i].val = val;
	t->nr++;
	return 0;
}

/* ---- threads ------------------------------------------------------- */

int machine__new(struct machine **out)
{
	struct machine *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m)
		return -ENOMEM;
	m->kernel.pid = -1;
	*out = m;
	return 0;
}

void machine__free(struct machine *m)
{
	struct mthread *t;

	if (!m)
		return;
	while ((t = m->all_threads)) {
		m->all_threads = t->all_next;
		free(t->comms);
		free(t);
	}
	free(m->threads.slots);
	for (size_t i = 0; i < m->procs.cap; i++) {
		struct mproc *p = m->procs.slots[i].val;

		if (p) {
			free(p->maps);
			free(p);
		}
	}
	free(m->procs.slots);
	free(m->kernel.maps);
	for (size_t i = 0; i < m->strs_cap; i++) {
		struct istr *e;

		while ((e = m->strs[i])) {
			m->strs[i] = e->next;
			free(e);
		}
	}
	free(m->strs);
	free(m);
}

/* A new thread tid replaces any earlier one of that tid (tids are reused). */
static struct mthread *thread_new(struct machine *m, int32_t pid, int32_t tid)
{
	struct mthread *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->pub.pid = pid;
	t->pub.tid = tid;
	if (itab_put(&m->threads, tid, t)) {
		free(t);
		return NULL;
	}
	t->all_next = m->all_threads;
	m->all_threads = t;
	return t;
}

static struct mthread *thread_findnew(struct machine *m, int32_t pid,
				      int32_t tid)
{
	struct mthread *t = itab_get(&m->threads, tid);

	if (t && !t->pub.exited) {
		/* Synthesized records may name a thread before its pid is
		 * known. */
		if (t->pub.pid < 0 && pid >= 0)
			t->pub.pid = pid;
		return t;
	}
	return thread_new(m, pid, tid);
}

static int thread_set_comm(struct mthread *t, const char *comm, uint64_t time)
{
	if (t->nr_comms == t->cap_comms) {
		size_t cap = t->cap_comms ? t->cap_comms * 2 : 2;
		struct comm_entry *c = realloc(t->comms, cap * sizeof(*c));

		if (!c)
			return -ENOMEM;
		t->comms = c;
		t->cap_comms = cap;
	}
	t->comms[t->nr_comms].time = time;
	t->comms[t->nr_comms].comm = comm;
	t->nr_comms++;
	t->pub.comm = comm;
	return 0;
}

const struct machine_thread *machine__thread(struct machine *m, int32_t tid)
{
	struct mthread *t = itab_get(&m->threads, tid);

	return t ? &t->pub : NULL;
}

const char *machine__comm_at(struct machine *m, int32_t tid, uint64_t time)
{
	struct mthread *t = itab_get(&m->threads, tid);
	const char *comm;

	if (!t || !t->nr_comms)
		return NULL;
	comm = t->comms[0].comm;
	for (size_t i = 1; i < t->nr_comms; i++) {
		if (t->comms[i].time > time)
			break;
		comm = t->comms[i].comm;
	}
	return comm;
}

/* ---- address spaces ------------------------------------------------ */

static struct mproc *proc_get(struct machine *m, int32_t pid)
{
	struct mproc *p;

	if (pid == -1)
		return &m->kernel;
	if (m->last_proc && m->last_pid == pid)
		return m->last_proc;
	p = itab_get(&m->procs, pid);
	if (p) {
		m->last_proc = p;
		m->last_pid = pid;
	}
	return p;
}

static struct mproc *proc_findnew(struct machine *m, int32_t pid)
{
	struct mproc *p = proc_get(m, pid);

	if (p)
		return p;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->pid = pid;
	if (itab_put(&m->procs, pid, p)) {
		free(p);
		return NULL;
	}
	return p;
}

/* Index of the first map whose start is >= addr. */
static size_t lower_bound(const struct mproc *p, uint64_t addr)
{
	size_t lo = 0, hi = p->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->maps[mid].start < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void map_cut_front(struct machine_map *mp, uint64_t new_start)
{
	mp->pgoff += new_start - mp->start;
	mp->start = new_start;
}

/*
 * Puts nm in p, as a new mapping does in the kernel: whatever it
 * overlaps goes, and maps sticking out on either side keep their parts
 * outside it (split in two when nm lands in the middle of one).
 */
static int proc_insert(struct mproc *p, const struct machine_map *nm)
{
	struct machine_map pieces[3];
	size_t i, j, n = 0;

	if (nm->end <= nm->start)
		return 0;
	i = lower_bound(p, nm->start);
	if (i > 0 && p->maps[i - 1].end > nm->start)
		i--;
	for (j = i; j < p->nr && p->maps[j].start < nm->end; j++)
		;
	if (i < j && p->maps[i].start < nm->start) {
		pieces[n] = p->maps[i];
		pieces[n++].end = nm->start;
	}
	pieces[n++] = *nm;
	if (i < j && p->maps[j - 1].end > nm->end) {
		pieces[n] = p->maps[j - 1];
		map_cut_front(&pieces[n++], nm->end);
	}
	/* Replace maps[i, j) by the n pieces. */
	if (p->nr - (j - i) + n > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct machine_map *maps;

		while (cap < p->nr - (j - i) + n)
			cap *= 2;
		maps = realloc(p->maps, cap * sizeof(*maps));
		if (!maps)
			return -ENOMEM;
		p->maps = maps;
		p->cap = cap;
	}
	memmove(&p->maps[i + n], &p->maps[j], (p->nr - j) * sizeof(*p->maps));
	memcpy(&p->maps[i], pieces, n * sizeof(*pieces));
	p->nr = p->nr - (j - i) + n;
	return 0;
}

static void proc_remove(struct mproc *p, uint64_t start, uint64_t end)
{
	size_t i = lower_bound(p, start);

	if (i < p->nr && p->maps[i].start == start && p->maps[i].end == end) {
		memmove(&p->maps[i], &p->maps[i + 1],
			(p->nr - i - 1) * sizeof(*p->maps));
		p->nr--;
	}
}

static const struct machine_map *proc_find(const struct mproc *p, uint64_t addr)
{
	size_t i;

	if (!p || !p->nr)
		return NULL;
	i = lower_bound(p, addr + 1); /* first map starting after addr */
	if (i == 0)
		return NULL;
	if (addr < p->maps[i - 1].end)
		return &p->maps[i - 1];
	return NULL;
}

int machine__insert_map(struct machine *m, int32_t pid,
			const struct machine_map *map)
{
	struct machine_map nm = *map;
	struct mproc *p = proc_findnew(m, pid);

	if (!p)
		return -ENOMEM;
	nm.filename = intern(m, map->filename ? map->filename : "",
			     map->filename ? strlen(map->filename) : 0);
	if (!nm.filename)
		return -ENOMEM;
	if (pid == -1)
		nm.kernel = true;
	return proc_insert(p, &nm);
}

static bool is_kernel_text(const struct machine_map *mp)
{
	return !strncmp(mp->filename, "[kernel.kallsyms]", 17);
}

const struct machine_map *machine__find_map(struct machine *m, int32_t pid,
					    uint64_t addr, bool kernel)
{
	const struct machine_map *mp;
	struct mproc *p = kernel ? &m->kernel : proc_get(m, pid);
	size_t i;

	mp = proc_find(p, addr);
	if (mp || !kernel || !p->nr)
		return mp;
	/* Past a map's end: the kernel text's, when it is the map below. */
	i = lower_bound(p, addr + 1);
	if (i > 0 && is_kernel_text(&p->maps[i - 1]))
		return &p->maps[i - 1];
	return NULL;
}

size_t machine__maps(struct machine *m, int32_t pid,
		     const struct machine_map **maps)
{
	struct mproc *p = proc_get(m, pid);

	*maps = p ? p->maps : NULL;
	return p ? p->nr : 0;
}

/* The new process pid starts as a copy of ppid's address space. */
static int proc_fork(struct machine *m, int32_t ppid, int32_t pid)
{
	struct mproc *parent, *child;

	if (pid == -1)
		return 0;
	child = proc_findnew(m, pid);
	if (!child)
		return -ENOMEM;
	parent = proc_get(m, ppid);
	child->nr = 0;
	if (!parent || parent == child || !parent->nr)
		return 0;
	if (parent->nr > child->cap) {
		struct machine_map *maps =
			realloc(child->maps, parent->nr * sizeof(*maps));

		if (!maps)
			return -ENOMEM;
		child->maps = maps;
		child->cap = parent->nr;
	}
	memcpy(child->maps, parent->maps, parent->nr * sizeof(*parent->maps));
	child->nr = parent->nr;
	return 0;
}

/* ---- records ------------------------------------------------------- */

/* Length of a NUL-terminated string field of at most max bytes. */
static size_t field_len(const char *s, size_t max)
{
	const char *nul = memchr(s, '\0', max);

	return nul ? (size_t)(nul - s) : max;
}

static int process_comm(struct machine *m, const struct perf_data_record *rec)
{
	const struct perf_record_comm *c = (const void *)rec->header;
	size_t max = rec->size - sizeof(*c);
	const char *comm;
	struct mthread *t;
	int32_t pid, tid;

	if (rec->size < sizeof(*c))
		return 0;
	pid = (int32_t)c->pid;
	tid = (int32_t)c->tid;
	comm = intern(m, c->comm, field_len(c->comm, max));
	if (!comm)
		return -ENOMEM;
	t = thread_findnew(m, pid, tid);
	if (!t)
		return -ENOMEM;
	t->pub.pid = pid;
	/*
	 * An exec keeps the old mappings until new ones cover them, as in
	 * perf: samples taken inside execve itself still name the old
	 * program's code, and the new program's MMAPs replace what they
	 * overlap.
	 */
	return thread_set_comm(t, comm, rec->has_sample ? rec->sample.time : 0);
}

static int process_fork(struct machine *m, const struct perf_data_record *rec)
{
	const struct perf_record_fork *f = (const void *)rec->header;
	struct mthread *parent, *child;
	int32_t pid, tid;
	int err;

	if (rec->size < sizeof(*f))
		return 0;
	pid = (int32_t)f->pid;
	tid = (int32_t)f->tid;
	parent = itab_get(&m->threads, (int32_t)f->ptid);
	/* A new thread, even when one with this tid is still known. */
	child = thread_new(m, pid, tid);
	if (!child)
		return -ENOMEM;
	/* The kernel copies the comm to the child. */
	if (parent && parent->pub.comm) {
		err = thread_set_comm(child, parent->pub.comm, f->time);
		if (err)
			return err;
	}
	if (pid != (int32_t)f->ppid)
		return proc_fork(m, (int32_t)f->ppid, pid);
	return 0;
}

static int process_exit(struct machine *m, const struct perf_data_record *rec)
{
	const struct perf_record_fork *f = (const void *)rec->header;
	struct mthread *t;

	if (rec->size < sizeof(*f))
		return 0;
	t = itab_get(&m->threads, (int32_t)f->tid);
	if (t)
		t->pub.exited = true;
	return 0;
}

static bool record_is_kernel(const struct perf_data_record *rec, int32_t pid)
{
	uint16_t mode = rec->misc & PERF_RECORD_MISC_CPUMODE_MASK;

	return pid == -1 || mode == PERF_RECORD_MISC_KERNEL;
}

static int process_mmap(struct machine *m, const struct perf_data_record *rec)
{
	struct machine_map nm;
	struct mproc *p;
	const char *name;
	size_t max;
	int32_t pid;

	memset(&nm, 0, sizeof(nm));
	if (rec->type == PERF_RECORD_MMAP) {
		const struct perf_record_mmap *e = (const void *)rec->header;

		if (rec->size < sizeof(*e))
			return 0;
		pid = (int32_t)e->pid;
		nm.start = e->start;
		nm.end = e->start + e->len;
		nm.pgoff = e->pgoff;
		/* MMAP says only whether it is code: perf's reading too. */
		nm.prot = (rec->misc & PERF_RECORD_MISC_MMAP_DATA)
				  ? PROT_READ
				  : PROT_READ | PROT_EXEC;
		name = e->filename;
		max = rec->size - sizeof(*e);
	} else {
		const struct perf_record_mmap2 *e = (const void *)rec->header;

		if (rec->size < sizeof(*e))
			return 0;
		pid = (int32_t)e->pid;
		nm.start = e->start;
		nm.end = e->start + e->len;
		nm.pgoff = e->pgoff;
		nm.prot = e->prot;
		nm.flags = e->flags;
		if (rec->misc & PERF_RECORD_MISC_MMAP_BUILD_ID) {
			nm.build_id_size =
				e->build_id_size <= 20 ? e->build_id_size : 20;
			memcpy(nm.build_id, e->build_id, nm.build_id_size);
		} else {
			nm.maj = e->maj;
			nm.min = e->min;
			nm.ino = e->ino;
			nm.ino_generation = e->ino_generation;
		}
		name = e->filename;
		max = rec->size - sizeof(*e);
	}
	if (nm.end < nm.start) /* wrapped: not a mapping */
		return 0;
	nm.filename = intern(m, name, field_len(name, max));
	if (!nm.filename)
		return -ENOMEM;
	if (record_is_kernel(rec, pid)) {
		nm.kernel = true;
		return proc_insert(&m->kernel, &nm);
	}
	p = proc_findnew(m, pid);
	if (!p)
		return -ENOMEM;
	return proc_insert(p, &nm);
}

static int process_ksymbol(struct machine *m,
			   const struct perf_data_record *rec)
{
	const struct perf_record_ksymbol *k = (const void *)rec->header;
	struct machine_map nm;

	if (rec->size < sizeof(*k))
		return 0;
	if (k->flags & PERF_RECORD_KSYMBOL_FLAGS_UNREGISTER) {
		proc_remove(&m->kernel, k->addr, k->addr + k->len);
		return 0;
	}
	memset(&nm, 0, sizeof(nm));
	nm.start = k->addr;
	nm.end = k->addr + k->len;
	if (nm.end <= nm.start)
		return 0;
	nm.prot = PROT_READ | PROT_EXEC;
	nm.kernel = true;
	nm.ksymbol = true;
	nm.filename =
		intern(m, k->name, field_len(k->name, rec->size - sizeof(*k)));
	if (!nm.filename)
		return -ENOMEM;
	return proc_insert(&m->kernel, &nm);
}

int machine__process(struct machine *m, const struct perf_data_record *rec)
{
	switch (rec->type) {
	case PERF_RECORD_COMM:
		return process_comm(m, rec);
	case PERF_RECORD_FORK:
		return process_fork(m, rec);
	case PERF_RECORD_EXIT:
		return process_exit(m, rec);
	case PERF_RECORD_MMAP:
	case PERF_RECORD_MMAP2:
		return process_mmap(m, rec);
	case PERF_RECORD_KSYMBOL:
		return process_ksymbol(m, rec);
	case PERF_RECORD_SAMPLE:
		if (rec->has_sample && (rec->sample.type & PERF_SAMPLE_TID) &&
		    !itab_get(&m->threads, rec->sample.tid) &&
		    !thread_new(m, rec->sample.pid, rec->sample.tid))
			return -ENOMEM;
		return 0;
	}
	return 0;
}
