/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small unit-test harness: TEST(name) { ... } registers a test; each
 * runs in a forked child, so a crash fails one test, not the run.  The
 * run ends with "N passed, N failed" and exits non-zero on any failure.
 */
#ifndef SONDE_TESTS_HARNESS_H
#define SONDE_TESTS_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_test {
	const char *name;
	const char *file;
	void (*fn)(void);
};

void harness__register(const char *name, const char *file, void (*fn)(void));
/* Marks the current test skipped with a reason (exits the child). */
void harness__skip(const char *reason) __attribute__((noreturn));

#define TEST(name)                                                          \
	static void test_##name(void);                                      \
	__attribute__((constructor)) static void register_##name(void)      \
	{                                                                   \
		harness__register(#name, __FILE__, test_##name);            \
	}                                                                   \
	static void test_##name(void)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",      \
				__FILE__, __LINE__, #cond);                 \
			exit(1);                                            \
		}                                                           \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                  \
	do {                                                                \
		long long _a = (long long)(a), _b = (long long)(b);         \
		if (_a != _b) {                                             \
			fprintf(stderr, "  %s:%d: %s == %s: %lld != %lld\n", \
				__FILE__, __LINE__, #a, #b, _a, _b);        \
			exit(1);                                            \
		}                                                           \
	} while (0)

#define CHECK_EQ_STR(a, b)                                                  \
	do {                                                                \
		const char *_a = (a), *_b = (b);                            \
		if (!_a || !_b || strcmp(_a, _b)) {                         \
			fprintf(stderr,                                     \
				"  %s:%d: %s == %s: \"%s\" != \"%s\"\n",    \
				__FILE__, __LINE__, #a, #b,                 \
				_a ? _a : "(null)", _b ? _b : "(null)");    \
			exit(1);                                            \
		}                                                           \
	} while (0)

#endif
