/* SPDX-License-Identifier: GPL-2.0 */
/* Small files of /proc, /sys and tracefs, read whole. */
#ifndef SONDE_UTIL_FILEIO_H
#define SONDE_UTIL_FILEIO_H

#include <stddef.h>

/* Reads up to size-1 bytes, NUL-terminated: the length, or -errno. */
int file__read_text(const char *path, char *buf, size_t size);
/* Reads a file holding one decimal integer: 0, -errno or -EINVAL. */
int file__read_int(const char *path, int *out);

#endif
