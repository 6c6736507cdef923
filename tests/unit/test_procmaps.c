// SPDX-License-Identifier: GPL-2.0
#include "harness.h"
#include "fixtures.h"
#include "core/procmaps.h"
#include "util/strutil.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static char path_buf[PATH_MAX];

static void parse(const char *line, struct procmap *m)
{
	CHECK_EQ_INT(procmaps__parse_line(line, m, path_buf, sizeof(path_buf)),
		     0);
}

TEST(procmaps_parse_file)
{
	struct procmap m;

	parse("7f1c2a400000-7f1c2a428000 r-xp 00028000 fd:01 1316954"
	      "                    /usr/lib/x86_64-linux-gnu/libc.so.6\n",
	      &m);
	CHECK_EQ_INT(m.start, 0x7f1c2a400000ULL);
	CHECK_EQ_INT(m.end, 0x7f1c2a428000ULL);
	CHECK_EQ_STR(m.perms, "r-xp");
	CHECK_EQ_INT(m.pgoff, 0x28000);
	CHECK_EQ_INT(m.dev_major, 0xfd);
	CHECK_EQ_INT(m.dev_minor, 1);
	CHECK_EQ_INT(m.inode, 1316954);
	CHECK_EQ_STR(m.path, "/usr/lib/x86_64-linux-gnu/libc.so.6");
	CHECK(!m.deleted);
}

TEST(procmaps_parse_anonymous_and_special)
{
	struct procmap m;

	parse("7ffd1c9a1000-7ffd1c9c2000 rw-p 00000000 00:00 0 "
	      "                         [stack]",
	      &m);
	CHECK_EQ_STR(m.path, "[stack]");
	CHECK_EQ_STR(m.perms, "rw-p");
	CHECK_EQ_INT(m.inode, 0);

	parse("55d0c3e6f000-55d0c3e90000 rw-p 00000000 00:00 0"
	      "                          [heap]\n",
	      &m);
	CHECK_EQ_STR(m.path, "[heap]");

	parse("7ffd1c9f5000-7ffd1c9f7000 r-xp 00000000 00:00 0 "
	      "                         [vdso]\n",
	      &m);
	CHECK_EQ_STR(m.path, "[vdso]");
	CHECK_EQ_STR(m.perms, "r-xp");

	/* Anonymous: nothing after the inode, with or without padding. */
	parse("7f1c2a5f0000-7f1c2a5fd000 rw-p 00000000 00:00 0 \n", &m);
	CHECK_EQ_STR(m.path, "");
	parse("7f1c2a5f0000-7f1c2a5fd000 rw-p 00000000 00:00 0", &m);
	CHECK_EQ_STR(m.path, "");
	CHECK(!m.deleted);

	/* 32-bit style short addresses, shared mapping. */
	parse("08048000-08049000 r--s 00000000 08:02 42 /dev/shm/x", &m);
	CHECK_EQ_INT(m.start, 0x08048000);
	CHECK_EQ_STR(m.perms, "r--s");
	CHECK_EQ_INT(m.dev_major, 8);
	CHECK_EQ_INT(m.dev_minor, 2);
	CHECK_EQ_STR(m.path, "/dev/shm/x");
}

TEST(procmaps_parse_spaces_and_deleted)
{
	struct procmap m;

	parse("7f0000000000-7f0000001000 r-xp 00001000 08:01 77 "
	      "    /opt/my app/lib thing.so\n",
	      &m);
	CHECK_EQ_STR(m.path, "/opt/my app/lib thing.so");
	CHECK(!m.deleted);

	parse("7f0000000000-7f0000001000 r-xp 00000000 08:01 77 "
	      "    /tmp/old lib.so (deleted)\n",
	      &m);
	CHECK_EQ_STR(m.path, "/tmp/old lib.so");
	CHECK(m.deleted);

	parse("7f0000000000-7f0000001000 rw-s 00000000 00:01 1025 "
	      "    /memfd:jit (deleted)",
	      &m);
	CHECK_EQ_STR(m.path, "/memfd:jit");
	CHECK(m.deleted);

	/* High addresses and large offsets fit in 64 bits. */
	parse("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 "
	      "                 [vsyscall]",
	      &m);
	CHECK_EQ_INT(m.start, 0xffffffffff600000ULL);
	CHECK_EQ_STR(m.perms, "--xp");
}

TEST(procmaps_parse_rejects_garbage)
{
	struct procmap m;
	char small[8];
	static const char *const bad[] = {
		"",
		"\n",
		"hello world",
		"7f00-7e00 r-xp 00000000 00:00 0", /* end before start */
		"7f00 7f10 r-xp 00000000 00:00 0",
		"7f00-7f10 rwzp 00000000 00:00 0",
		"7f00-7f10 r-xq 00000000 00:00 0",
		"7f00-7f10 r-x 00000000 00:00 0",
		"7f00-7f10 r-xp 0000000g 00:00 0",
		"7f00-7f10 r-xp 00000000 00-00 0",
		"7f00-7f10 r-xp 00000000 00:00 x",
		"-7f00-7f10 r-xp 00000000 00:00 0",
		" 7f00-7f10 r-xp 00000000 00:00 0",
		"7f00-7f10 r-xp -1 00:00 0",
		"7f00-7f10 r-xp 00000000 100000000:00 0",
		"1ffffffffffffffff-2 r-xp 00000000 00:00 0",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (procmaps__parse_line(bad[i], &m, path_buf,
					 sizeof(path_buf)) != -EINVAL) {
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
			CHECK(0);
		}
	}
	CHECK_EQ_INT(procmaps__parse_line("7f00-7f10 r-xp 00000000 00:00 1 "
					  "/a/rather/long/path",
					  &m, small, sizeof(small)),
		     -ENAMETOOLONG);
	CHECK_EQ_INT(procmaps__parse_line("7f00-7f10 r-xp 00000000 00:00 1 "
					  "/a/b/c/",
					  &m, small, sizeof(small)),
		     0);
	CHECK_EQ_STR(m.path, "/a/b/c/");
}

static int marker;

TEST(procmaps_read_self)
{
	struct procmap *maps;
	const struct procmap *m;
	uint64_t code = (uint64_t)(uintptr_t)&procmaps__read;
	uint64_t data = (uint64_t)(uintptr_t)&marker;
	int local;
	uint64_t stack = (uint64_t)(uintptr_t)&local;
	bool have_stack = false;
	char exe[PATH_MAX];
	ssize_t n;
	size_t nr;

	CHECK_EQ_INT(procmaps__read(0, &maps, &nr), 0);
	CHECK(nr > 5);
	for (size_t i = 0; i < nr; i++) {
		CHECK(maps[i].start < maps[i].end);
		if (i)
			CHECK(maps[i - 1].end <= maps[i].start);
		have_stack |= !strcmp(maps[i].path, "[stack]");
	}
	CHECK(have_stack);

	m = procmaps__find(maps, nr, code);
	CHECK(m);
	CHECK(m->perms[2] == 'x');
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	CHECK(n > 0);
	exe[n] = '\0';
	CHECK_EQ_STR(m->path, exe);
	CHECK(m->inode != 0);
	m = procmaps__find(maps, nr, data);
	CHECK(m);
	CHECK(m->perms[1] == 'w');
	m = procmaps__find(maps, nr, stack);
	CHECK(m);
	CHECK(!procmaps__find(maps, nr, 0));
	CHECK(!procmaps__find(maps, 0, code));
	procmaps__free(maps);
	procmaps__free(NULL);
}

TEST(procmaps_read_by_pid_and_errors)
{
	struct procmap *maps;
	size_t nr, nr_self;

	CHECK_EQ_INT(procmaps__read(getpid(), &maps, &nr), 0);
	procmaps__free(maps);
	CHECK_EQ_INT(procmaps__read(0, &maps, &nr_self), 0);
	procmaps__free(maps);
	CHECK(nr > 5 && nr_self > 5);
	/* Above any pid_max. */
	CHECK_EQ_INT(procmaps__read(INT32_MAX, &maps, &nr), -ENOENT);
	CHECK(maps == NULL);
	CHECK_EQ_INT(nr, 0);
}

/* Maps a file whose name has spaces, then deletes it. */
TEST(procmaps_read_deleted_and_spaced)
{
	const char *dir = fixture__tmpdir();
	char path[PATH_MAX];
	struct procmap *maps;
	const struct procmap *m;
	struct strlist objs = { 0 };
	void *p;
	bool exec;
	size_t nr;
	int fd;

	snprintf(path, sizeof(path), "%s/a file with spaces", dir);
	CHECK_EQ_INT(fixture__spit(path, "hello", 5), 0);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) /* a noexec /tmp */
		p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	CHECK(p != MAP_FAILED);
	close(fd);

	CHECK_EQ_INT(procmaps__read(0, &maps, &nr), 0);
	m = procmaps__find(maps, nr, (uint64_t)(uintptr_t)p);
	CHECK(m);
	CHECK_EQ_STR(m->path, path);
	CHECK(!m->deleted);
	exec = m->perms[2] == 'x';
	procmaps__free(maps);

	CHECK_EQ_INT(procmaps__objects(0, &objs), 0);
	if (exec)
		CHECK(strlist__contains(&objs, path));
	strlist__release(&objs);

	CHECK_EQ_INT(unlink(path), 0);
	CHECK_EQ_INT(procmaps__read(0, &maps, &nr), 0);
	m = procmaps__find(maps, nr, (uint64_t)(uintptr_t)p);
	CHECK(m);
	CHECK_EQ_STR(m->path, path);
	CHECK(m->deleted);
	procmaps__free(maps);

	/* A deleted file is not an object we could open by its path. */
	CHECK_EQ_INT(procmaps__objects(0, &objs), 0);
	CHECK(!strlist__contains(&objs, path));
	strlist__release(&objs);
	munmap(p, 4096);
	fixture__rmtree(dir);
}

TEST(procmaps_objects_self)
{
	struct strlist objs = { 0 };
	char exe[PATH_MAX], root[PATH_MAX + 32];
	bool have_libc = false;
	ssize_t n;

	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	CHECK(n > 0);
	exe[n] = '\0';
	CHECK_EQ_INT(strlist__push(&objs, "/already/there"), 0);
	CHECK_EQ_INT(procmaps__objects(0, &objs), 0);
	CHECK_EQ_STR(objs.items[0], "/already/there");
	CHECK(objs.nr > 2);
	/* The program maps itself first. */
	CHECK_EQ_STR(objs.items[1], exe);
	for (size_t i = 1; i < objs.nr; i++) {
		CHECK(objs.items[i][0] == '/');
		for (size_t k = i + 1; k < objs.nr; k++)
			CHECK(strcmp(objs.items[i], objs.items[k]));
		have_libc |= strstr(objs.items[i], "/libc.so") != NULL ||
			     strstr(objs.items[i], "/libc-") != NULL;
	}
	CHECK(have_libc);
	CHECK(!strlist__contains(&objs, "[vdso]"));

	CHECK_EQ_INT(procmaps__root_path(getpid(), exe, root, sizeof(root)), 0);
	CHECK(str_has_prefix(root, "/proc/"));
	CHECK(str_has_suffix(root, exe));
	CHECK_EQ_INT(access(root, R_OK), 0);
	CHECK_EQ_INT(procmaps__root_path(0, "/usr/lib/x", root, sizeof(root)),
		     0);
	CHECK_EQ_STR(root, "/proc/self/root/usr/lib/x");
	CHECK_EQ_INT(procmaps__root_path(1, "/usr/lib/x", root, 8),
		     -ENAMETOOLONG);
	strlist__release(&objs);
	CHECK_EQ_INT(procmaps__objects(INT32_MAX, &objs), -ENOENT);
	CHECK_EQ_INT(objs.nr, 0);
}
