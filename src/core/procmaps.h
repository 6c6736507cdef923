/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/PID/maps: a process's memory mappings and the objects behind them. */
#ifndef SONDE_CORE_PROCMAPS_H
#define SONDE_CORE_PROCMAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct strlist;

struct procmap {
	uint64_t start, end; /* [start, end) */
	uint64_t pgoff;	     /* file offset of start */
	uint32_t dev_major, dev_minor;
	uint64_t inode;
	char perms[5]; /* "r-xp" */
	bool deleted;  /* the path carried " (deleted)", now cut off */
	/*
	 * "/usr/lib/libc.so.6", "[heap]", "[vdso]", "" when anonymous.
	 * Points into storage owned with the array: a pointer rather than
	 * a PATH_MAX buffer keeps processes with tens of thousands of
	 * mappings from costing hundreds of megabytes.
	 */
	const char *path;
};

/*
 * Parses one line of a maps file ("start-end perms pgoff maj:min inode
 * path", with or without the newline).  The path is copied into
 * path_buf (of path_size bytes) and m->path points there.  Returns 0,
 * -EINVAL for a malformed line, -ENAMETOOLONG when the path does not fit.
 */
int procmaps__parse_line(const char *line, struct procmap *m, char *path_buf,
			 size_t path_size);

/*
 * Reads /proc/PID/maps (pid 0: the calling process) into a malloc'd
 * array sorted by address; free it with procmaps__free.  -ENOENT when
 * the process is gone, -EACCES without ptrace access to it.
 */
int procmaps__read(pid_t pid, struct procmap **maps, size_t *nr);
void procmaps__free(struct procmap *maps);

/* The mapping holding addr, or NULL; maps sorted as procmaps__read gives. */
const struct procmap *procmaps__find(const struct procmap *maps, size_t nr,
				     uint64_t addr);

/*
 * Appends to paths, once each and in address order, the files the
 * process maps executable: the program and its shared objects, as paths
 * inside the process's mount namespace.  Deleted files are left out
 * (their path names another file or none), as are anonymous and special
 * mappings.  Open them through procmaps__root_path.
 */
int procmaps__objects(pid_t pid, struct strlist *paths);

/*
 * Formats "/proc/PID/root" + path into buf: the name under which the
 * calling process reaches a file as process pid sees it, across mount
 * namespaces and chroots.  -ENAMETOOLONG when buf is too small.
 */
int procmaps__root_path(pid_t pid, const char *path, char *buf, size_t size);

#endif
