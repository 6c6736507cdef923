// SPDX-License-Identifier: GPL-2.0
#include "trace/fds.h"

#include "core/syscalls.h"
#include "util/hashmap.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fd_table {
	struct u64map paths; /* pid << 32 | fd -> char *, 0 when closed */
	int open_nr, openat_nr, openat2_nr, creat_nr, close_nr;
	int dup_nr, dup2_nr, dup3_nr, fcntl_nr;
};

int fd_table__new(struct fd_table **out)
{
	struct fd_table *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	t->open_nr = syscalls__number("open");
	t->creat_nr = syscalls__number("creat");
	t->openat_nr = syscalls__number("openat");
	t->openat2_nr = syscalls__number("openat2");
	t->close_nr = syscalls__number("close");
	t->dup_nr = syscalls__number("dup");
	t->dup2_nr = syscalls__number("dup2");
	t->dup3_nr = syscalls__number("dup3");
	t->fcntl_nr = syscalls__number("fcntl");
	*out = t;
	return 0;
}

bool fd_table__changes_fds(int nr)
{
	static const char *const names[] = {
		"open", "creat", "openat", "openat2", "close",
		"dup",	"dup2",	 "dup3",   "fcntl",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (syscalls__number(names[i]) == nr)
			return true;
	return false;
}

static uint64_t key_of(int pid, int fd)
{
	return (uint64_t)(uint32_t)pid << 32 | (uint32_t)fd;
}

static const char *known(const struct fd_table *t, int pid, int fd)
{
	uint64_t *slot = u64map__find(&t->paths, key_of(pid, fd));

	return slot ? (const char *)(uintptr_t)*slot : NULL;
}

static void set_path(struct fd_table *t, int pid, int fd, const char *path)
{
	bool inserted;
	uint64_t *slot = u64map__slot(&t->paths, key_of(pid, fd), &inserted);
	char *copy = path ? strdup(path) : NULL;

	if (!slot) {
		free(copy);
		return;
	}
	free((char *)(uintptr_t)*slot);
	*slot = (uintptr_t)copy;
}

static int proc_link(int pid, int fd, char *buf, size_t size)
{
	char link[64];
	ssize_t n;

	if (fd == AT_FDCWD)
		snprintf(link, sizeof(link), "/proc/%d/cwd", pid);
	else
		snprintf(link, sizeof(link), "/proc/%d/fd/%d", pid, fd);
	n = readlink(link, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

int fd_table__path(void *table, int pid, int fd, char *buf, size_t size)
{
	const char *path = fd == AT_FDCWD ? NULL : known(table, pid, fd);

	if (!path)
		return proc_link(pid, fd, buf, size);
	snprintf(buf, size, "%s", path);
	return 0;
}

/* The path an open call named, made absolute against its directory. */
static void opened(struct fd_table *t, const struct syscall_call *c, int dirfd)
{
	const struct call_capture *cap = NULL;
	char dir[PATH_MAX], path[PATH_MAX * 2];

	/* The path is the call's first string capture. */
	for (int i = 0; i < TRACE_MAX_CAPTURES && !cap; i++)
		if (c->cap[i].data && !c->cap[i].err)
			cap = &c->cap[i];
	if (!cap)
		return;
	snprintf(path, sizeof(path), "%.*s", (int)cap->len,
		 (const char *)cap->data);
	if (path[0] != '/' &&
	    !fd_table__path(t, c->pid, dirfd, dir, sizeof(dir))) {
		char rel[PATH_MAX];

		snprintf(rel, sizeof(rel), "%s", path);
		snprintf(path, sizeof(path), "%s/%s", dir, rel);
	}
	set_path(t, c->pid, (int)c->ret, path);
}

static void copied(struct fd_table *t, const struct syscall_call *c, int from)
{
	const char *path = known(t, c->pid, from);

	set_path(t, c->pid, (int)c->ret, path);
}

void fd_table__update(struct fd_table *t, const struct syscall_call *c)
{
	int nr = c->nr;

	if (!c->returned || c->ret < 0)
		return;
	if (nr == t->open_nr || nr == t->creat_nr)
		opened(t, c, AT_FDCWD);
	else if (nr == t->openat_nr || nr == t->openat2_nr)
		opened(t, c, (int)c->args[0]);
	else if (nr == t->close_nr)
		set_path(t, c->pid, (int)c->args[0], NULL);
	else if (nr == t->dup_nr || nr == t->dup2_nr || nr == t->dup3_nr)
		copied(t, c, (int)c->args[0]);
	else if (nr == t->fcntl_nr &&
		 (c->args[1] == F_DUPFD || c->args[1] == F_DUPFD_CLOEXEC))
		copied(t, c, (int)c->args[0]);
}

void fd_table__forget(struct fd_table *t, int pid)
{
	for (size_t i = 0; i < t->paths.cap; i++) {
		if (!t->paths.used[i] ||
		    t->paths.keys[i] >> 32 != (uint64_t)(uint32_t)pid)
			continue;
		free((char *)(uintptr_t)t->paths.values[i]);
		t->paths.values[i] = 0;
	}
}

void fd_table__free(struct fd_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->paths.cap; i++)
		if (t->paths.used[i])
			free((char *)(uintptr_t)t->paths.values[i]);
	u64map__release(&t->paths);
	free(t);
}
