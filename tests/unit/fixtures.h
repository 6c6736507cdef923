/* SPDX-License-Identifier: GPL-2.0 */
/* Files for tests that need real binaries: the workload, temp copies. */
#ifndef SONDE_TESTS_FIXTURES_H
#define SONDE_TESTS_FIXTURES_H

#include <stddef.h>

/*
 * Path of build/workloads/workload, found next to the test binary
 * (build/ or build/asan/) or in $SONDE_WORKLOAD; skips the test when
 * it has not been built.
 */
const char *fixture__workload(void);

/* A fresh mkdtemp directory (static storage); fails the test if none. */
const char *fixture__tmpdir(void);
/* Removes a directory made by fixture__tmpdir and everything in it. */
void fixture__rmtree(const char *dir);

/* "dir/name" in a static buffer (one at a time). */
const char *fixture__path(const char *dir, const char *name);

/* Copies at most limit bytes of src to dst (limit SIZE_MAX: all). */
int fixture__copy(const char *src, const char *dst, size_t limit);
/* Reads a whole file into a malloc'd buffer. */
int fixture__slurp(const char *path, unsigned char **buf, size_t *len);
int fixture__spit(const char *path, const void *buf, size_t len);

/*
 * A symbolizer that ignores perf's ~/.debug build-id cache, so what
 * earlier perf runs left there cannot change a test's answer.
 */
struct symbolizer *fixture__symbolizer(void);

/* True when tool (like "strip") is on $PATH. */
int fixture__have_tool(const char *tool);

#endif
