// SPDX-License-Identifier: GPL-2.0
#include "fixtures.h"

#include "sym/symbolizer.h"

#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

const char *fixture__workload(void)
{
	static char path[PATH_MAX];
	static const char *const rel[] = {
		"/workloads/workload",
		"/../workloads/workload",
	};
	const char *env = getenv("SONDE_WORKLOAD");
	char exe[PATH_MAX];
	ssize_t n;

	if (env && access(env, X_OK) == 0)
		return env;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';
		for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
			snprintf(path, sizeof(path), "%s%s", exe, rel[i]);
			if (access(path, X_OK) == 0)
				return path;
		}
	}
	harness__skip("no workload binary (make build/workloads/workload)");
}

static char tmpdir[PATH_MAX];

/* A test that fails or skips exits early; its files go all the same. */
static void remove_tmpdir(void)
{
	if (tmpdir[0])
		fixture__rmtree(tmpdir);
}

const char *fixture__tmpdir(void)
{
	static int registered;
	char *dir = tmpdir;
	const char *base = getenv("TMPDIR");

	snprintf(dir, sizeof(tmpdir), "%s/sonde-test.XXXXXX",
		 base && *base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		fprintf(stderr, "  mkdtemp %s: %s\n", dir, strerror(errno));
		exit(1);
	}
	if (!registered++)
		atexit(remove_tmpdir);
	return dir;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	return remove(path);
}

void fixture__rmtree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fixture__path(const char *dir, const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

int fixture__slurp(const char *path, unsigned char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !(*buf = malloc((size_t)st.st_size + 1))) {
		close(fd);
		return -ENOMEM;
	}
	*len = 0;
	while ((n = read(fd, *buf + *len, (size_t)st.st_size - *len)) > 0)
		*len += (size_t)n;
	close(fd);
	return 0;
}

int fixture__spit(const char *path, const void *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	const char *p = buf;

	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n <= 0) {
			close(fd);
			return -EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	close(fd);
	return 0;
}

int fixture__copy(const char *src, const char *dst, size_t limit)
{
	unsigned char *buf;
	size_t len;
	int err = fixture__slurp(src, &buf, &len);

	if (err)
		return err;
	err = fixture__spit(dst, buf, len < limit ? len : limit);
	free(buf);
	return err;
}

int fixture__have_tool(const char *tool)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

struct symbolizer *fixture__symbolizer(void)
{
	struct symbolizer *s = symbolizer__new();

	if (s && symbolizer__set_buildid_cache(s, NULL)) {
		symbolizer__free(s);
		return NULL;
	}
	return s;
}
