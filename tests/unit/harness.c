// SPDX-License-Identifier: GPL-2.0
#include "harness.h"

#include <sys/wait.h>
#include <unistd.h>

#define MAX_TESTS 1024
#define EXIT_SKIP 77

static struct unit_test tests[MAX_TESTS];
static int nr_tests;

void harness__register(const char *name, const char *file, void (*fn)(void))
{
	if (nr_tests == MAX_TESTS) {
		fprintf(stderr, "harness: more than %d tests\n", MAX_TESTS);
		exit(2);
	}
	tests[nr_tests++] = (struct unit_test){ name, file, fn };
}

void harness__skip(const char *reason)
{
	fprintf(stderr, "  skipped: %s\n", reason);
	exit(EXIT_SKIP);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, skipped = 0;

	for (int i = 0; i < nr_tests; i++) {
		pid_t pid;
		int status;

		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		fflush(NULL);
		pid = fork();
		if (pid == 0) {
			tests[i].fn();
			/* exit, not _exit: LeakSanitizer checks at exit. */
			exit(0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) < 0) {
			perror("harness");
			return 2;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			passed++;
			printf("ok   %s\n", tests[i].name);
		} else if (WIFEXITED(status) &&
			   WEXITSTATUS(status) == EXIT_SKIP) {
			skipped++;
			printf("skip %s\n", tests[i].name);
		} else {
			failed++;
			printf("FAIL %s (%s)%s\n", tests[i].name, tests[i].file,
			       WIFSIGNALED(status) ? " crashed" : "");
		}
	}
	if (skipped)
		printf("%d passed, %d failed, %d skipped\n", passed, failed,
		       skipped);
	else
		printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
