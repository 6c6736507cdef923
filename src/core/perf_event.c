// SPDX-License-Identifier: GPL-2.0
#include "core/perf_event.h"

#include "util/fileio.h"

#include <dirent.h>
#include <pthread.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int perf_event__open(struct perf_event_attr *attr, pid_t pid, int cpu,
		     int group_fd, unsigned long flags)
{
	long fd;

	if (!attr->size)
		attr->size = sizeof(*attr);
	fd = syscall(SYS_perf_event_open, attr, pid, cpu, group_fd,
			  flags | PERF_FLAG_FD_CLOEXEC);

	return fd < 0 ? -errno : (int)fd;
}

int perf_event__online_cpus(int **cpus, size_t *nr)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	char buf[4096];
	int *out = NULL;
	size_t n = 0;
	char *p;

	if (!f)
		return -errno;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -EIO;
	}
	fclose(f);
	/* "0-3,5,7-8" */
	for (p = buf; *p && *p != '\n';) {
		char *end;
		long lo = strtol(p, &end, 10), hi = lo;
		int *grown;

		if (end == p)
			break;
		if (*end == '-')
			hi = strtol(end + 1, &end, 10);
		if (hi < lo || hi - lo > 65536) {
			free(out);
			return -EINVAL;
		}
		grown = realloc(out, (n + (size_t)(hi - lo + 1)) * sizeof(int));
		if (!grown) {
			free(out);
			return -ENOMEM;
		}
		out = grown;
		for (long c = lo; c <= hi; c++)
			out[n++] = (int)c;
		p = *end == ',' ? end + 1 : end;
	}
	if (!n) {
		free(out);
		return -EINVAL;
	}
	*cpus = out;
	*nr = n;
	return 0;
}

int perf_event__reserve_fds(size_t needed, size_t *limit)
{
	struct rlimit rl;
	size_t want;
	DIR *d = opendir("/proc/self/fd");
	size_t open_now = 0;

	if (d) {
		while (readdir(d))
			open_now++;
		closedir(d);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl))
		return -errno;
	want = needed + open_now + 16;
	*limit = (size_t)rl.rlim_cur;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur >= want)
		return 0;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want) {
		*limit = (size_t)rl.rlim_max;
		return -EMFILE;
	}
	rl.rlim_cur = want;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		return -errno;
	*limit = want;
	return 0;
}

int perf_event__paranoid(void)
{
	int v;

	return file__read_int("/proc/sys/kernel/perf_event_paranoid", &v) ? 2 :
									      v;
}

#define CLOSE_THREADS 32

struct close_slice {
	const int *fds;
	size_t nr;
	size_t start;
};

static void *close_stride(void *arg)
{
	const struct close_slice *s = arg;

	for (size_t i = s->start; i < s->nr; i += CLOSE_THREADS)
		close(s->fds[i]);
	return NULL;
}

void perf_event__close_all(const int *fds, size_t nr)
{
	struct close_slice slices[CLOSE_THREADS];
	pthread_t threads[CLOSE_THREADS];
	bool started[CLOSE_THREADS] = { false };

	if (nr <= 1) {
		for (size_t i = 0; i < nr; i++)
			close(fds[i]);
		return;
	}
	for (size_t t = 0; t < CLOSE_THREADS && t < nr; t++) {
		slices[t] = (struct close_slice){ fds, nr, t };
		started[t] = !pthread_create(&threads[t], NULL, close_stride,
					     &slices[t]);
		if (!started[t])
			close_stride(&slices[t]);
	}
	for (size_t t = 0; t < CLOSE_THREADS && t < nr; t++)
		if (started[t])
			pthread_join(threads[t], NULL);
}
