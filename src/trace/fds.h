/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each traced process's descriptors name, for -y, learnt from the
 * calls themselves: sonde prints after the fact, when /proc may already
 * show a closed or reused descriptor (or no process at all).  What the
 * stream did not show is read from /proc.
 */
#ifndef SONDE_TRACE_FDS_H
#define SONDE_TRACE_FDS_H

#include "trace/decode.h"

#include <stdbool.h>
#include <stddef.h>

struct fd_table;

int fd_table__new(struct fd_table **out);
/* Whether syscall nr (native) changes what descriptors name. */
bool fd_table__changes_fds(int nr);
/* After a call printed: opens, closes and dups change the table. */
void fd_table__update(struct fd_table *t, const struct syscall_call *c);
/* A process ended: its descriptors are forgotten. */
void fd_table__forget(struct fd_table *t, int pid);
/* decode_opts.fd_path: the table's path, else /proc's. */
int fd_table__path(void *table, int pid, int fd, char *buf, size_t size);
void fd_table__free(struct fd_table *t);

#endif
