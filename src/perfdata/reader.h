/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reads perf.data files written by sonde or by perf (file and pipe
 * mode): the header, the events (attrs with their ids and names), the
 * feature sections later stages need, and the data section's records
 * in file order, with zstd-compressed records (perf record -z)
 * decompressed on the way and each sample parsed by its event's
 * sample_type.
 *
 * The file is mapped, not read: records handed out point into it, so
 * iterating is one pass over memory with no copies.  Nothing is
 * trusted: a truncated or damaged file yields what can be read, then
 * for_each() fails with a distinct error and stop_offset() says where.
 */
#ifndef SONDE_PERFDATA_READER_H
#define SONDE_PERFDATA_READER_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct perf_data_reader;

/* An event of the file: an attr and the ids of its fds. */
struct perf_data_event {
	/* Copied to this struct's size: newer fields zero, unknown dropped. */
	struct perf_event_attr attr;
	const char *name; /* HEADER_EVENT_DESC / EVENT_UPDATE; NULL if none */
	const uint64_t *ids;
	size_t nr_ids;
	size_t idx; /* position in the file's attrs */
	/* Bytes of the sample_id trailer of its non-SAMPLE records. */
	uint32_t id_hdr_size;
};

struct perf_sample_regs {
	uint64_t abi;	      /* PERF_SAMPLE_REGS_ABI_*; NONE: no regs */
	uint64_t mask;	      /* the attr's sample_regs_* */
	const uint64_t *regs; /* one per bit of mask, lowest bit first */
};

/*
 * A sample's fields, or the sample_id trailer of another record (then
 * only pid, tid, time, id, stream_id and cpu can be set).  type says
 * which fields the record carried; the others hold the defaults: pid
 * and tid -1, cpu UINT32_MAX, everything else 0/NULL.  Pointers point
 * into the record and live as long as it does.
 */
struct perf_sample {
	uint64_t type; /* PERF_SAMPLE_* bits present */
	uint64_t id;
	uint64_t ip;
	int32_t pid, tid;
	uint64_t time;
	uint64_t addr;
	uint64_t stream_id;
	uint32_t cpu;
	uint64_t period;
	uint16_t cpumode; /* header.misc & PERF_RECORD_MISC_CPUMODE_MASK */
	/* PERF_SAMPLE_READ: the read_format block as is, u64s */
	const uint64_t *read;
	uint32_t read_nr;
	/* PERF_SAMPLE_CALLCHAIN: ips with PERF_CONTEXT_* markers */
	uint64_t callchain_nr;
	const uint64_t *callchain;
	/* PERF_SAMPLE_RAW */
	uint32_t raw_size;
	const void *raw;
	/* PERF_SAMPLE_BRANCH_STACK */
	uint64_t branch_nr;
	uint64_t branch_hw_idx; /* with PERF_SAMPLE_BRANCH_HW_INDEX */
	const struct perf_branch_entry *branches;
	const uint64_t *branch_counters; /* NULL unless recorded */
	struct perf_sample_regs user_regs;
	/* PERF_SAMPLE_STACK_USER */
	uint64_t user_stack_size;
	const void *user_stack;
	uint64_t user_stack_dyn_size;
	uint64_t weight;
	uint64_t data_src;
	uint64_t transaction;
	struct perf_sample_regs intr_regs;
	uint64_t phys_addr;
	uint64_t cgroup;
	uint64_t data_page_size;
	uint64_t code_page_size;
	uint64_t aux_size;
	const void *aux;
};

struct perf_data_record {
	/* The whole record, header->size bytes, 8-byte aligned. */
	const struct perf_event_header *header;
	uint32_t type;
	uint16_t misc;
	uint16_t size;
	/*
	 * Where the record starts in the file; for a record that came out
	 * of a compressed one, where that compressed record starts.
	 */
	uint64_t file_offset;
	bool compressed;
	/* Its event; NULL for perf's own records and unknown sample ids. */
	const struct perf_data_event *event;
	/*
	 * SAMPLE: sample holds the parsed sample.  Kernel records of an
	 * event with sample_id_all: sample holds the trailer.  Otherwise
	 * false, and sample holds the defaults.
	 */
	bool has_sample;
	struct perf_sample sample;
};

/*
 * Opens a perf.data file ("-" reads standard input, for pipe mode).
 * -EINVAL: not a perf.data file; -EPROTONOSUPPORT: a byte-swapped or
 * version 1 file; -ENODATA: the file ends inside its header or attrs;
 * -EBADMSG: the header or attrs are inconsistent; -errno of open/mmap.
 * Damaged feature sections do not fail the open: what they held is
 * missing (has_feature() false).
 */
int perf_data_reader__open(struct perf_data_reader **out, const char *path);
/* The same over memory the caller keeps alive until free(). */
int perf_data_reader__open_mem(struct perf_data_reader **out, const void *data,
			       size_t size);
void perf_data_reader__free(struct perf_data_reader *r);

/*
 * Calls cb for each record of the data section in file order: kernel
 * records and perf's (FINISHED_ROUND, ID_INDEX, ...); the contents of
 * COMPRESSED records in their place; record types sonde does not know
 * are skipped.  A SAMPLE that does not parse by its sample_type is
 * skipped and counted.  A nonzero return from cb stops the walk and is
 * returned.  Otherwise 0 when the whole data section was read,
 * -ENODATA when the file ends early (a truncated file),
 * -EBADMSG when a record is damaged (bad size, bad compressed data),
 * -ENOMEM; then stop_offset() tells the first byte not read.
 * Can be called again: each call starts from the beginning.
 */
int perf_data_reader__for_each(struct perf_data_reader *r,
			       int (*cb)(const struct perf_data_record *rec,
					 void *ctx),
			       void *ctx);
/*
 * Time order, as perf report and script deliver: records are held back
 * and handed over sorted by time, within the bounds perf record's
 * FINISHED_ROUND records give (a record can be held until the end of
 * the round after its own); FINISHED_ROUND records themselves are not
 * handed over.  Records without a time keep their place after the one
 * before them.  Costs memory for two rounds of records.  Off by default.
 */
void perf_data_reader__set_ordered(struct perf_data_reader *r, bool ordered);

/* File offset where the last for_each stopped (end of data when whole). */
uint64_t perf_data_reader__stop_offset(const struct perf_data_reader *r);

struct perf_data_stats {
	uint64_t records; /* handed to the callback */
	uint64_t samples;
	uint64_t lost;	       /* sum of PERF_RECORD_LOST counts */
	uint64_t lost_samples; /* sum of PERF_RECORD_LOST_SAMPLES */
	uint64_t unknown;      /* records of unknown type, skipped */
	uint64_t bad_samples;  /* SAMPLEs that did not parse, skipped */
	uint64_t unknown_ids;  /* samples whose id names no event */
	uint64_t compressed;   /* COMPRESSED records decompressed */
	uint64_t decompressed_bytes;
};
/* Counts of the last for_each. */
const struct perf_data_stats *
perf_data_reader__stats(const struct perf_data_reader *r);

/*
 * Parses a SAMPLE record of event ev into s; -EBADMSG when the record is
 * shorter than its sample_type says.  For callers holding records of
 * their own (a live ring buffer); rec must be 8-byte aligned.
 */
int perf_sample__parse(struct perf_sample *s, const struct perf_data_event *ev,
		       const struct perf_event_header *rec);
/* The sample_id trailer of a non-SAMPLE record; -EBADMSG if too short. */
int perf_sample__parse_id(struct perf_sample *s,
			  const struct perf_data_event *ev,
			  const struct perf_event_header *rec);
/* Fills id_hdr_size of an event whose attr is set. */
void perf_data_event__init(struct perf_data_event *ev);

/* The file's events. */
size_t perf_data_reader__nr_events(const struct perf_data_reader *r);
const struct perf_data_event *
perf_data_reader__event(const struct perf_data_reader *r, size_t idx);
/* The event one of whose fds had id, or NULL. */
const struct perf_data_event *
perf_data_reader__event_by_id(const struct perf_data_reader *r, uint64_t id);

bool perf_data_reader__is_pipe(const struct perf_data_reader *r);
/*
 * True when the header has a zero data size (the recorder did not
 * finish): the data section is read to the end of the file.
 */
bool perf_data_reader__is_unfinished(const struct perf_data_reader *r);
uint64_t perf_data_reader__data_offset(const struct perf_data_reader *r);
/* Bytes of data section present in the file. */
uint64_t perf_data_reader__data_size(const struct perf_data_reader *r);

/* Feature sections.  Strings are NULL when the file has none. */
bool perf_data_reader__has_feature(const struct perf_data_reader *r, int feat);
const char *perf_data_reader__hostname(const struct perf_data_reader *r);
const char *perf_data_reader__osrelease(const struct perf_data_reader *r);
const char *perf_data_reader__version(const struct perf_data_reader *r);
const char *perf_data_reader__arch(const struct perf_data_reader *r);
const char *perf_data_reader__cpudesc(const struct perf_data_reader *r);
const char *perf_data_reader__cpuid(const struct perf_data_reader *r);
/* HEADER_NRCPUS; -ENOENT without it. */
int perf_data_reader__nr_cpus(const struct perf_data_reader *r,
			      uint32_t *online, uint32_t *avail);
/* HEADER_TOTAL_MEM in kB; 0 without it. */
uint64_t perf_data_reader__total_mem(const struct perf_data_reader *r);
/* HEADER_CMDLINE: the number of words, *argv set to them (0, NULL: none). */
size_t perf_data_reader__cmdline(const struct perf_data_reader *r,
				 const char *const **argv);
/* HEADER_SAMPLE_TIME; -ENOENT without it. */
int perf_data_reader__sample_time(const struct perf_data_reader *r,
				  uint64_t *first, uint64_t *last);
/* HEADER_COMPRESSED: type (PERF_COMP_*) and level; -ENOENT without it. */
int perf_data_reader__compression(const struct perf_data_reader *r,
				  uint32_t *type, uint32_t *level);

struct perf_data_build_id {
	int32_t pid;   /* -1: the host */
	uint16_t misc; /* PERF_RECORD_MISC_KERNEL / _USER (cpumode bits) */
	uint8_t size;
	uint8_t id[20];
	const char *path;
};
/* HEADER_BUILD_ID entries, in file order. */
size_t perf_data_reader__nr_build_ids(const struct perf_data_reader *r);
const struct perf_data_build_id *
perf_data_reader__build_id(const struct perf_data_reader *r, size_t idx);
/* The build id recorded for path, or NULL. */
const struct perf_data_build_id *
perf_data_reader__find_build_id(const struct perf_data_reader *r,
				const char *path);

/* sonde's named blobs (HEADER_SONDE_BLOBS). */
struct perf_data_blob {
	const char *name;
	int32_t pid;
	const void *data; /* into the file; not NUL-terminated */
	size_t size;
};
size_t perf_data_reader__nr_blobs(const struct perf_data_reader *r);
const struct perf_data_blob *
perf_data_reader__blob(const struct perf_data_reader *r, size_t idx);
/* The JIT map (perf-PID.map text) folded in for pid; -ENOENT if none. */
int perf_data_reader__jit_map(const struct perf_data_reader *r, int32_t pid,
			      const void **text, size_t *size);

#endif
