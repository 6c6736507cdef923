/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The perf.data file format, as perf writes and reads it: the file
 * header, its attr and feature sections, and the record types perf adds
 * to the kernel's own (those come from <linux/perf_event.h>).  Fields
 * are in the byte order of the machine that wrote the file; sonde reads
 * and writes only its own (the magic tells which).
 *
 * Layout of a file:
 *
 *   perf_file_header
 *   ... attrs (perf_file_attr[]) and their ids (u64[]): anywhere, the
 *       header says where
 *   data section: records, each starting with a perf_event_header
 *   feature table: one perf_file_section per bit set in adds_features,
 *       in bit order, at data.offset + data.size exactly
 *   feature contents, where the table points
 */
#ifndef SONDE_PERFDATA_FORMAT_H
#define SONDE_PERFDATA_FORMAT_H

#include <linux/perf_event.h>
#include <stdint.h>

/* "PERFILE2" read as a little-endian u64; byte-swapped in foreign files. */
#define PERF_FILE_MAGIC 0x32454c4946524550ULL
#define PERF_FILE_MAGIC_SWAPPED 0x50455246494c4532ULL

struct perf_file_section {
	uint64_t offset; /* from the start of the file */
	uint64_t size;
};

/* Bits of perf_file_header.adds_features: which feature sections exist. */
enum perf_header_feature {
	HEADER_RESERVED = 0,
	HEADER_TRACING_DATA = 1,
	HEADER_BUILD_ID = 2,
	HEADER_HOSTNAME = 3,
	HEADER_OSRELEASE = 4,
	HEADER_VERSION = 5,
	HEADER_ARCH = 6,
	HEADER_NRCPUS = 7,
	HEADER_CPUDESC = 8,
	HEADER_CPUID = 9,
	HEADER_TOTAL_MEM = 10,
	HEADER_CMDLINE = 11,
	HEADER_EVENT_DESC = 12,
	HEADER_CPU_TOPOLOGY = 13,
	HEADER_NUMA_TOPOLOGY = 14,
	HEADER_BRANCH_STACK = 15,
	HEADER_PMU_MAPPINGS = 16,
	HEADER_GROUP_DESC = 17,
	HEADER_AUXTRACE = 18,
	HEADER_STAT = 19,
	HEADER_CACHE = 20,
	HEADER_SAMPLE_TIME = 21,
	HEADER_MEM_TOPOLOGY = 22,
	HEADER_CLOCKID = 23,
	HEADER_DIR_FORMAT = 24,
	HEADER_BPF_PROG_INFO = 25,
	HEADER_BPF_BTF = 26,
	HEADER_COMPRESSED = 27,
	HEADER_CPU_PMU_CAPS = 28,
	HEADER_CLOCK_DATA = 29,
	HEADER_HYBRID_TOPOLOGY = 30,
	HEADER_PMU_CAPS = 31,
	/*
	 * sonde's own section: named blobs (JIT symbol maps).  Far above
	 * perf's bits so perf will not give it a meaning; perf skips bits
	 * it does not know.
	 */
	HEADER_SONDE_BLOBS = 250,
	HEADER_FEAT_BITS = 256,
};

struct perf_file_header {
	uint64_t magic;	    /* PERF_FILE_MAGIC */
	uint64_t size;	    /* sizeof(struct perf_file_header) */
	uint64_t attr_size; /* stride of the attrs section */
	struct perf_file_section attrs;
	struct perf_file_section data;
	struct perf_file_section event_types; /* unused since perf 3.x */
	uint64_t adds_features[HEADER_FEAT_BITS / 64];
};

/* perf record -o -: no sections; attrs and features come as records. */
struct perf_pipe_file_header {
	uint64_t magic;
	uint64_t size; /* sizeof(struct perf_pipe_file_header) */
};

/*
 * One entry of the attrs section.  On disk the attr takes attr.size
 * bytes, so the stride is header.attr_size, not this struct's size.
 */
struct perf_file_attr {
	struct perf_event_attr attr;
	struct perf_file_section ids; /* u64 ids of the event's fds */
};

/*
 * perf 6.1 refuses attrs larger than its own struct (VER7, 128 bytes):
 * the writer never writes more unless the extra fields are in use.
 */
#define PERF_FILE_ATTR_SIZE_COMPAT PERF_ATTR_SIZE_VER7

/*
 * Strings in feature sections: a u32 length (including the NUL and the
 * zero padding to PERF_NAME_ALIGN), then the bytes.
 */
#define PERF_NAME_ALIGN 64

/* Record types perf adds above the kernel's. */
enum perf_user_record_type {
	PERF_RECORD_USER_TYPE_START = 64,
	PERF_RECORD_HEADER_ATTR = 64,
	PERF_RECORD_HEADER_EVENT_TYPE = 65, /* deprecated */
	PERF_RECORD_HEADER_TRACING_DATA = 66,
	PERF_RECORD_HEADER_BUILD_ID = 67,
	PERF_RECORD_FINISHED_ROUND = 68,
	PERF_RECORD_ID_INDEX = 69,
	PERF_RECORD_AUXTRACE_INFO = 70,
	PERF_RECORD_AUXTRACE = 71,
	PERF_RECORD_AUXTRACE_ERROR = 72,
	PERF_RECORD_THREAD_MAP = 73,
	PERF_RECORD_CPU_MAP = 74,
	PERF_RECORD_STAT_CONFIG = 75,
	PERF_RECORD_STAT = 76,
	PERF_RECORD_STAT_ROUND = 77,
	PERF_RECORD_EVENT_UPDATE = 78,
	PERF_RECORD_TIME_CONV = 79,
	PERF_RECORD_HEADER_FEATURE = 80,
	PERF_RECORD_COMPRESSED = 81,
	PERF_RECORD_FINISHED_INIT = 82,
	PERF_RECORD_COMPRESSED2 = 83,
	PERF_RECORD_BPF_METADATA = 84,
};

/* In misc of a build-id entry: the size byte of the union is valid. */
#define PERF_RECORD_MISC_BUILD_ID_SIZE (1 << 15)
#define PERF_BUILD_ID_MAX 20

/* An entry of HEADER_BUILD_ID (and the PERF_RECORD_HEADER_BUILD_ID record). */
struct perf_record_header_build_id {
	struct perf_event_header header;
	int32_t pid; /* -1: the host (what perf writes) */
	union {
		uint8_t build_id[24];
		struct {
			uint8_t data[PERF_BUILD_ID_MAX];
			uint8_t size;
			uint8_t reserved1;
			uint16_t reserved2;
		};
	};
	char filename[]; /* NUL-terminated, padded to PERF_NAME_ALIGN */
};

struct perf_record_header_attr {
	struct perf_event_header header;
	struct perf_event_attr attr; /* attr.size bytes */
	/* uint64_t id[]; after attr.size bytes of attr */
};

struct perf_record_header_feature {
	struct perf_event_header header;
	uint64_t feat_id;
	/* the feature section's contents */
};

struct perf_record_compressed {
	struct perf_event_header header;
	/* zstd stream bytes up to header.size */
};

/* Newer perf: the payload size, header.size counting the padding. */
struct perf_record_compressed2 {
	struct perf_event_header header;
	uint64_t data_size;
};

/* HEADER_COMPRESSED. */
enum perf_comp_type { PERF_COMP_NONE = 0, PERF_COMP_ZSTD = 1 };
struct perf_feat_compressed {
	uint32_t version;
	uint32_t type; /* enum perf_comp_type */
	uint32_t level;
	uint32_t ratio;
	uint32_t mmap_len;
};

/* Followed by size bytes of trace data that header.size does not count. */
struct perf_record_auxtrace {
	struct perf_event_header header;
	uint64_t size;
	uint64_t offset;
	uint64_t reference;
	uint32_t idx;
	uint32_t tid;
	uint32_t cpu;
	uint32_t reserved;
};

/* Followed by size bytes (rounded up to 8) of tracing data, not counted. */
struct perf_record_header_tracing_data {
	struct perf_event_header header;
	uint32_t size;
	uint32_t pad;
};

struct perf_record_id_index_entry {
	uint64_t id;
	uint64_t idx;
	uint64_t cpu;
	uint64_t tid;
};

struct perf_record_time_conv {
	struct perf_event_header header;
	uint64_t time_shift;
	uint64_t time_mult;
	uint64_t time_zero;
	/* newer perf: time_cycles, time_mask, cap_user_time_zero, ... */
};

/*
 * The kernel's records, whose layout <linux/perf_event.h> gives only in
 * comments.  Each non-SAMPLE record of an event with sample_id_all ends
 * with a sample_id trailer (see reader.h).
 */
struct perf_record_mmap {
	struct perf_event_header header;
	uint32_t pid, tid;
	uint64_t start;
	uint64_t len;
	uint64_t pgoff;
	char filename[];
};

struct perf_record_mmap2 {
	struct perf_event_header header;
	uint32_t pid, tid;
	uint64_t start;
	uint64_t len;
	uint64_t pgoff;
	union {
		struct {
			uint32_t maj;
			uint32_t min;
			uint64_t ino;
			uint64_t ino_generation;
		};
		/* with PERF_RECORD_MISC_MMAP_BUILD_ID */
		struct {
			uint8_t build_id_size;
			uint8_t reserved1;
			uint16_t reserved2;
			uint8_t build_id[PERF_BUILD_ID_MAX];
		};
	};
	uint32_t prot;
	uint32_t flags;
	char filename[];
};

struct perf_record_comm {
	struct perf_event_header header;
	uint32_t pid, tid;
	char comm[];
};

/* PERF_RECORD_FORK and PERF_RECORD_EXIT. */
struct perf_record_fork {
	struct perf_event_header header;
	uint32_t pid, ppid;
	uint32_t tid, ptid;
	uint64_t time;
};

struct perf_record_lost {
	struct perf_event_header header;
	uint64_t id;
	uint64_t lost;
};

struct perf_record_lost_samples {
	struct perf_event_header header;
	uint64_t lost;
};

struct perf_record_throttle {
	struct perf_event_header header;
	uint64_t time;
	uint64_t id;
	uint64_t stream_id;
};

struct perf_record_ksymbol {
	struct perf_event_header header;
	uint64_t addr;
	uint32_t len;
	uint16_t ksym_type;
	uint16_t flags;
	char name[];
};

/*
 * HEADER_SONDE_BLOBS: a u32 version (1) and a u32 count, then per blob
 * this header, the name (NUL-terminated, zero-padded to name_size, a
 * multiple of 8) and size bytes of data zero-padded to a multiple of 8.
 */
#define SONDE_BLOBS_VERSION 1
struct sonde_blob_header {
	uint32_t name_size;
	int32_t pid;
	uint64_t size;
};
#define SONDE_BLOB_JIT_MAP "jit-map"

/* Not in 6.1's headers: a u64 count per branch entry after the entries. */
#define SONDE_SAMPLE_BRANCH_COUNTERS (1ULL << 19)

#endif
