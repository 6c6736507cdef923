// SPDX-License-Identifier: GPL-2.0
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

int file__read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t total = 0;
	ssize_t n;

	if (fd < 0)
		return -errno;
	while (total + 1 < size) {
		n = read(fd, buf + total, size - 1 - total);
		if (n < 0) {
			int err = -errno;

			close(fd);
			return err;
		}
		if (n == 0)
			break;
		total += (size_t)n;
	}
	close(fd);
	if (size)
		buf[total] = '\0';
	return (int)total;
}

int file__read_int(const char *path, int *out)
{
	char buf[64], *end;
	long v;
	int n = file__read_text(path, buf, sizeof(buf));

	if (n < 0)
		return n;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf || errno || v < INT_MIN || v > INT_MAX)
		return -EINVAL;
	*out = (int)v;
	return 0;
}
