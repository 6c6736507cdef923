/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of the traced machine as the records describe it, so each
 * sample can be given its process and mappings: threads by tid (pid,
 * comm over time), per-process address spaces from MMAP/MMAP2 (forks
 * copy them, exec empties them, new mappings cut old ones as the
 * kernel's mmap does), and the kernel's maps (its text, modules, BPF
 * programs from KSYMBOL).
 *
 * Feed it every record in order with machine__process(); look up as
 * samples arrive.  Strings (comm, filename) stay valid until
 * machine__free(); a map pointer only until the next
 * machine__process() or machine__insert_map() call.
 */
#ifndef SONDE_PERFDATA_MACHINE_H
#define SONDE_PERFDATA_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct perf_data_record;

struct machine_map {
	uint64_t start, end; /* [start, end) */
	uint64_t pgoff;	     /* file offset of start */
	/*
	 * As the record gave it: "/usr/lib/libc.so.6", "[vdso]", "//anon",
	 * "[kernel.kallsyms]_text", a module's path or name, a BPF
	 * program's symbol name.
	 */
	const char *filename;
	uint32_t prot, flags; /* PROT_*, MAP_* (MMAP2); PROT_EXEC for MMAP */
	uint32_t maj, min;
	uint64_t ino, ino_generation;
	uint8_t build_id_size; /* 0: the record carried none */
	uint8_t build_id[20];
	bool kernel;  /* in the kernel's address space */
	bool ksymbol; /* from PERF_RECORD_KSYMBOL (BPF program, trampoline) */
};

struct machine_thread {
	int32_t pid, tid;
	const char *comm; /* the latest; NULL before any COMM or fork */
	bool exited;
};

int machine__new(struct machine **out);
void machine__free(struct machine *m); /* NULL ok */

/*
 * Updates the state from one record: COMM (exec too), FORK, EXIT,
 * MMAP, MMAP2, KSYMBOL; a SAMPLE makes its thread known.  Other records
 * and malformed ones are ignored.  0 or -ENOMEM.
 */
int machine__process(struct machine *m, const struct perf_data_record *rec);

/* The thread tid, or NULL when no record named it. */
const struct machine_thread *machine__thread(struct machine *m, int32_t tid);
/*
 * The comm tid had at time (ns, the records' clock): the last one set
 * at or before time, else the first; NULL when it never had one.
 */
const char *machine__comm_at(struct machine *m, int32_t tid, uint64_t time);

/*
 * The map holding addr in process pid (kernel false) or in the kernel
 * (kernel true; pid unused), or NULL.  The kernel's text map reaches up
 * to the next kernel map, as perf extends it: its MMAP gives only the
 * text, while code outside it (init text, trampolines) is the kernel's.
 */
const struct machine_map *machine__find_map(struct machine *m, int32_t pid,
					    uint64_t addr, bool kernel);

/* The maps of pid (or the kernel's with pid -1), sorted by address. */
size_t machine__maps(struct machine *m, int32_t pid,
		     const struct machine_map **maps);

/*
 * Adds a mapping to pid's address space (-1: the kernel's), cutting
 * the ones it overlaps; map->filename is copied.  What MMAP records do;
 * for callers with mappings from elsewhere (/proc/PID/maps).
 */
int machine__insert_map(struct machine *m, int32_t pid,
			const struct machine_map *map);

#endif
