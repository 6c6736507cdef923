/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Writes perf.data files that perf itself reads: the data section is the
 * records as given (from the kernel's ring buffers, or synthesized), and
 * finish() adds the attrs, their ids and the header features perf's
 * report and script use.  Until finish() the file has a valid header
 * with a zero data size, which perf and sonde's reader both take as
 * "recording was interrupted: read to the end of the file".
 *
 * Every function returns 0 or -errno.  An I/O error is sticky: later
 * calls return it again, and finish() fails.
 */
#ifndef SONDE_PERFDATA_WRITER_H
#define SONDE_PERFDATA_WRITER_H

#include <linux/perf_event.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct perf_data_writer;

/* Creates (O_TRUNC) path with a placeholder header; records follow it. */
int perf_data_writer__create(struct perf_data_writer **out, const char *path);

/*
 * An event as opened: its attr (copied as given; only attr.size is set
 * to the size written), the ids of its fds (PERF_EVENT_IOC_ID), and its
 * name for HEADER_EVENT_DESC (NULL: none).  Any time before finish.
 */
int perf_data_writer__add_event(struct perf_data_writer *w,
				const struct perf_event_attr *attr,
				const uint64_t *ids, size_t nr_ids,
				const char *name);

/*
 * Appends records to the data section as they are.  Writes are buffered
 * and large.  A record may be split across calls (a ring buffer that
 * wrapped); the caller makes sure the concatenation is whole records.
 * Samples seen here set HEADER_SAMPLE_TIME when their attr has TIME.
 */
int perf_data_writer__write(struct perf_data_writer *w, const void *records,
			    size_t size);

/* Bytes in the data section so far. */
uint64_t perf_data_writer__data_size(const struct perf_data_writer *w);

/* The command line for HEADER_CMDLINE (argv[0] first). */
int perf_data_writer__set_cmdline(struct perf_data_writer *w, int argc,
				  char *const *argv);

/*
 * One HEADER_BUILD_ID entry (perf's build_id_event) per object that
 * samples hit.  misc is PERF_RECORD_MISC_KERNEL for the kernel
 * ("[kernel.kallsyms]") and its modules, PERF_RECORD_MISC_USER
 * otherwise.  pid is the machine, not a process: perf writes -1 (the
 * host) for everything, and perf treats any other pid as a guest
 * machine, so pass -1.  len is at most 20.
 */
int perf_data_writer__add_build_id(struct perf_data_writer *w, pid_t pid,
				   uint16_t misc, const uint8_t *build_id,
				   size_t len, const char *path);

/*
 * A JIT symbol map (/tmp/perf-PID.map text) folded into the recording,
 * so it can be read where the map file no longer exists.  Kept in
 * sonde's own feature section (HEADER_SONDE_BLOBS), which perf skips.
 */
int perf_data_writer__add_jit_map(struct perf_data_writer *w, pid_t pid,
				  const void *text, size_t size);

/*
 * A named blob in the same section, for other kinds of side data:
 * name is at most 255 bytes ("jit-map" is what add_jit_map uses).
 */
int perf_data_writer__add_blob(struct perf_data_writer *w, const char *name,
			       pid_t pid, const void *data, size_t size);

/*
 * Overrides the first and last sample times (ns) for HEADER_SAMPLE_TIME,
 * for callers whose records do not pass through write().
 */
void perf_data_writer__set_sample_time(struct perf_data_writer *w,
				       uint64_t first, uint64_t last);

/*
 * Writes the attrs with their ids, the feature sections (HOSTNAME,
 * OSRELEASE, VERSION, ARCH, NRCPUS, CPUDESC, CPUID, TOTAL_MEM, CMDLINE,
 * EVENT_DESC, BUILD_ID, SAMPLE_TIME, sonde's blobs) and the final
 * header.  After this the file is complete; only free() may follow.
 */
int perf_data_writer__finish(struct perf_data_writer *w);

/* Closes the file (unfinished files stay as they are); NULL is fine. */
void perf_data_writer__free(struct perf_data_writer *w);

#endif
