// SPDX-License-Identifier: GPL-2.0
#include "core/procmaps.h"

#include "util/strutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DELETED_SUFFIX " (deleted)"
/*
 * A maps file with vm.max_map_count (65530) mappings of long paths is a
 * few megabytes; anything past this is not a maps file.
 */
#define MAPS_MAX_BYTES (256u << 20)


/* Strict unsigned parsing: strtoull would also take signs and spaces. */
static int scan_num(const char **p, unsigned int base, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int d;

	if (str_hex_digit(*s) < 0 || (unsigned int)str_hex_digit(*s) >= base)
		return -EINVAL;
	while ((d = str_hex_digit(*s)) >= 0 && (unsigned int)d < base) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -EINVAL;
		v = v * base + (uint64_t)d;
		s++;
	}
	*p = s;
	*out = v;
	return 0;
}

static int expect(const char **p, char c)
{
	if (**p != c)
		return -EINVAL;
	(*p)++;
	return 0;
}

static bool is_perm(char c, char allowed)
{
	return c == allowed || c == '-';
}

int procmaps__parse_line(const char *line, struct procmap *m, char *path_buf,
			 size_t path_size)
{
	const char *p = line;
	uint64_t major, minor;
	size_t len;

	memset(m, 0, sizeof(*m));
	m->path = "";
	if (scan_num(&p, 16, &m->start) || expect(&p, '-') ||
	    scan_num(&p, 16, &m->end) || expect(&p, ' ') || m->start > m->end)
		return -EINVAL;
	if (!is_perm(p[0], 'r') || !is_perm(p[1], 'w') || !is_perm(p[2], 'x') ||
	    (p[3] != 'p' && p[3] != 's'))
		return -EINVAL;
	memcpy(m->perms, p, 4);
	m->perms[4] = '\0';
	p += 4;
	if (expect(&p, ' ') || scan_num(&p, 16, &m->pgoff) || expect(&p, ' ') ||
	    scan_num(&p, 16, &major) || expect(&p, ':') ||
	    scan_num(&p, 16, &minor) || expect(&p, ' ') ||
	    scan_num(&p, 10, &m->inode) || major > UINT32_MAX ||
	    minor > UINT32_MAX)
		return -EINVAL;
	m->dev_major = (uint32_t)major;
	m->dev_minor = (uint32_t)minor;
	/* The kernel pads to a column; the path may itself hold spaces. */
	while (*p == ' ' || *p == '\t')
		p++;
	len = strcspn(p, "\n");
	if (len >= strlen(DELETED_SUFFIX) &&
	    !memcmp(p + len - strlen(DELETED_SUFFIX), DELETED_SUFFIX,
		    strlen(DELETED_SUFFIX))) {
		m->deleted = true;
		len -= strlen(DELETED_SUFFIX);
	}
	if (!path_size || len >= path_size)
		return -ENAMETOOLONG;
	memcpy(path_buf, p, len);
	path_buf[len] = '\0';
	m->path = path_buf;
	return 0;
}

/* Reads a whole /proc file: its size is unknown until read. */
static int read_proc_file(const char *path, char **out, size_t *out_len)
{
	size_t len = 0, cap = 65536;
	char *buf = malloc(cap);
	int fd, err = 0;

	if (!buf)
		return -ENOMEM;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	for (;;) {
		ssize_t n;

		if (cap - len < 4096) {
			char *nbuf;

			if (cap >= MAPS_MAX_BYTES) {
				err = -EFBIG;
				goto out;
			}
			nbuf = realloc(buf, cap * 2);
			if (!nbuf) {
				err = -ENOMEM;
				goto out;
			}
			buf = nbuf;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* ESRCH: the process exited while we read. */
			err = errno == ESRCH ? -ENOENT : -errno;
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
out:
	if (fd >= 0)
		close(fd);
	if (err) {
		free(buf);
		return err;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

static void maps_file(pid_t pid, char *buf, size_t size)
{
	if (pid > 0)
		snprintf(buf, size, "/proc/%d/maps", (int)pid);
	else
		snprintf(buf, size, "/proc/self/maps");
}

int procmaps__read(pid_t pid, struct procmap **maps, size_t *nr)
{
	char path[64], *text, *line, *pool;
	struct procmap *arr;
	size_t len, lines = 0, n = 0, used = 0;
	int err;

	*maps = NULL;
	*nr = 0;
	maps_file(pid, path, sizeof(path));
	err = read_proc_file(path, &text, &len);
	if (err)
		return err;
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	lines++; /* a last line without its newline */
	/*
	 * One block: the entries, then their paths.  No path is longer
	 * than the text it came from, so len + 1 bytes hold them all and
	 * the pointers never move.
	 */
	arr = NULL;
	if (lines <= (SIZE_MAX - len - 1) / sizeof(*arr))
		arr = malloc(lines * sizeof(*arr) + len + 1);
	if (!arr) {
		free(text);
		return -ENOMEM;
	}
	pool = (char *)(arr + lines);
	line = text;
	while (line < text + len && n < lines) {
		char *next = strchr(line, '\n');

		if (next)
			*next = '\0';
		/* A line we cannot read costs that mapping only. */
		if (!procmaps__parse_line(line, &arr[n], pool + used,
					  len + 1 - used)) {
			used += strlen(arr[n].path) + 1;
			n++;
		}
		if (!next)
			break;
		line = next + 1;
	}
	free(text);
	*maps = arr;
	*nr = n;
	return 0;
}

void procmaps__free(struct procmap *maps)
{
	free(maps);
}

const struct procmap *procmaps__find(const struct procmap *maps, size_t nr,
				     uint64_t addr)
{
	size_t lo = 0, hi = nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < maps[mid].start)
			hi = mid;
		else if (addr >= maps[mid].end)
			lo = mid + 1;
		else
			return &maps[mid];
	}
	return NULL;
}

int procmaps__objects(pid_t pid, struct strlist *paths)
{
	size_t nr, first = paths->nr;
	struct procmap *maps;
	int err;

	err = procmaps__read(pid, &maps, &nr);
	if (err)
		return err;
	for (size_t i = 0; i < nr && !err; i++) {
		const struct procmap *m = &maps[i];
		bool seen = false;

		/* "[vdso]", "anon_inode:...", and memfds are not files. */
		if (m->path[0] != '/' || m->deleted || m->perms[2] != 'x')
			continue;
		for (size_t k = first; k < paths->nr && !seen; k++)
			seen = !strcmp(paths->items[k], m->path);
		if (!seen)
			err = strlist__push(paths, m->path);
	}
	procmaps__free(maps);
	return err;
}

int procmaps__root_path(pid_t pid, const char *path, char *buf, size_t size)
{
	int n;

	if (pid > 0)
		n = snprintf(buf, size, "/proc/%d/root%s", (int)pid, path);
	else
		n = snprintf(buf, size, "/proc/self/root%s", path);
	if (n < 0 || (size_t)n >= size)
		return -ENAMETOOLONG;
	return 0;
}
