// SPDX-License-Identifier: GPL-2.0
#include "core/target.h"

#include "util/strutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void target__init(struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->go_fd = -1;
	t->exec_err_fd = -1;
	for (size_t i = 0; i < TARGET_MAX_PIDS; i++)
		t->pidfds[i] = -1;
}

uint64_t target__now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int pidfd_open_compat(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

int target__add_pids(struct target *t, const char *list)
{
	struct strlist items = { 0 };
	int err = strlist__split(&items, list, ',');

	for (size_t i = 0; !err && i < items.nr; i++) {
		unsigned long long v;

		if (str_to_u64(items.items[i], &v) || v == 0 || v > INT32_MAX) {
			err = -EINVAL;
			break;
		}
		if (t->nr_pids == TARGET_MAX_PIDS) {
			err = -E2BIG;
			break;
		}
		if (kill((pid_t)v, 0) && errno == ESRCH) {
			err = -ESRCH;
			break;
		}
		t->pids[t->nr_pids] = (pid_t)v;
		/* Without pidfds we cannot see the exit; counting still works. */
		t->pidfds[t->nr_pids] = pidfd_open_compat((pid_t)v);
		t->nr_pids++;
	}
	if (!err && !items.nr)
		err = -EINVAL;
	strlist__release(&items);
	return err;
}

static void block_end_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGCHLD);
	sigprocmask(SIG_BLOCK, set, NULL);
}

int target__spawn(struct target *t, char **argv)
{
	int go[2], report[2];
	sigset_t set;
	pid_t pid;

	if (pipe2(go, O_CLOEXEC) || pipe2(report, O_CLOEXEC))
		return -errno;
	block_end_signals(&set);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		close(go[0]);
		close(go[1]);
		close(report[0]);
		close(report[1]);
		return err;
	}
	if (pid == 0) {
		char byte;
		int e;

		sigprocmask(SIG_UNBLOCK, &set, NULL);
		close(go[1]);
		close(report[0]);
		/* Held here until the probes are attached; EOF means go. */
		while (read(go[0], &byte, 1) < 0 && errno == EINTR)
			;
		close(go[0]);
		execvp(argv[0], argv);
		e = errno;
		if (write(report[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(report[1]);
	t->argv = argv;
	t->child = pid;
	t->go_fd = go[1];
	t->exec_err_fd = report[0];
	return 0;
}

int target__release(struct target *t)
{
	int child_errno = 0;
	ssize_t n;

	if (t->go_fd < 0)
		return 0;
	close(t->go_fd);
	t->go_fd = -1;
	do {
		n = read(t->exec_err_fd, &child_errno, sizeof(child_errno));
	} while (n < 0 && errno == EINTR);
	close(t->exec_err_fd);
	t->exec_err_fd = -1;
	if (n == sizeof(child_errno)) {
		waitpid(t->child, &t->child_status, 0);
		t->child_reaped = true;
		return -child_errno;
	}
	return 0;
}

static bool reap_child(struct target *t, int flags)
{
	pid_t r;

	if (!t->child || t->child_reaped)
		return t->child_reaped;
	do {
		r = wait4(t->child, &t->child_status, flags,
			  &t->child_rusage);
	} while (r < 0 && errno == EINTR);
	if (r == t->child || (r < 0 && errno == ECHILD))
		t->child_reaped = true;
	return t->child_reaped;
}

int target__run(struct target *t, const struct target_wait *w)
{
	uint64_t start = target__now_ns();
	uint64_t next_interval = w->interval_ns ? start + w->interval_ns : 0;
	uint64_t deadline = w->duration_ns ? start + w->duration_ns : 0;
	size_t max = 1 + TARGET_MAX_PIDS + w->nr_fds, first_extra;
	struct pollfd *pfds = calloc(max, sizeof(*pfds));
	size_t *pid_slot = calloc(max, sizeof(*pid_slot));
	sigset_t set;
	int sfd, ret;

	block_end_signals(&set);
	sfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (sfd < 0 || !pfds || !pid_slot) {
		ret = sfd < 0 ? -errno : -ENOMEM;
		goto out;
	}
	for (;;) {
		size_t nfds = 0, alive = 0;
		uint64_t now = target__now_ns(), wake = 0;
		int timeout = -1;

		if (t->child && reap_child(t, WNOHANG)) {
			ret = TARGET_END_EXITED;
			break;
		}
		pfds[nfds++] = (struct pollfd){ .fd = sfd, .events = POLLIN };
		for (size_t i = 0; i < t->nr_pids; i++) {
			if (t->pids[i] < 0)
				continue; /* gone: kept negated, for the report */
			if (t->pidfds[i] < 0) {
				/* No pidfd: alive as far as we can tell. */
				alive += kill(t->pids[i], 0) == 0 ||
					 errno != ESRCH;
				continue;
			}
			alive++;
			pid_slot[nfds] = i;
			pfds[nfds++] = (struct pollfd){ .fd = t->pidfds[i],
							.events = POLLIN };
		}
		if (t->nr_pids && !alive) {
			ret = TARGET_END_EXITED;
			break;
		}
		first_extra = nfds;
		for (size_t i = 0; i < w->nr_fds; i++)
			pfds[nfds++] = (struct pollfd){ .fd = w->fds[i],
							.events = POLLIN };
		/* An interval due at the deadline is still printed. */
		if (next_interval && now >= next_interval) {
			ret = w->on_interval(w->ctx);
			if (ret < 0)
				break;
			next_interval += w->interval_ns;
			continue;
		}
		if (deadline && now >= deadline) {
			ret = TARGET_END_DURATION;
			break;
		}
		wake = deadline;
		if (next_interval && (!wake || next_interval < wake))
			wake = next_interval;
		if (wake)
			timeout = (int)((wake - now + 999999) / 1000000);
		if (poll(pfds, nfds, timeout) < 0 && errno != EINTR) {
			ret = -errno;
			break;
		}
		if (pfds[0].revents & POLLIN) {
			struct signalfd_siginfo si;
			bool ended = false;

			while (read(sfd, &si, sizeof(si)) == sizeof(si))
				if (si.ssi_signo != SIGCHLD)
					ended = true;
			if (ended) {
				ret = TARGET_END_SIGNAL;
				break;
			}
		}
		for (size_t k = first_extra; k < nfds; k++) {
			if (pfds[k].revents & POLLIN) {
				ret = w->on_ready(w->ctx);
				if (ret < 0)
					goto out;
				break;
			}
		}
		for (size_t k = 1; k < first_extra; k++) {
			size_t i = pid_slot[k];

			if (!(pfds[k].revents & (POLLIN | POLLHUP)))
				continue;
			close(t->pidfds[i]);
			t->pidfds[i] = -1;
			t->pids[i] = -t->pids[i];
			t->nr_gone++;
		}
		if (t->nr_pids && t->nr_gone == t->nr_pids) {
			ret = TARGET_END_EXITED;
			break;
		}
	}
out:
	if (sfd >= 0)
		close(sfd);
	free(pfds);
	free(pid_slot);
	return ret;
}

int target__threads(pid_t pid, pid_t **tids, size_t *nr)
{
	char path[64];
	DIR *dir;
	struct dirent *d;
	pid_t *out = NULL;
	size_t n = 0, cap = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((d = readdir(dir))) {
		unsigned long long v;

		if (str_to_u64(d->d_name, &v))
			continue;
		if (n == cap) {
			pid_t *grown;

			cap = cap ? cap * 2 : 16;
			grown = realloc(out, cap * sizeof(*out));
			if (!grown) {
				free(out);
				closedir(dir);
				return -ENOMEM;
			}
			out = grown;
		}
		out[n++] = (pid_t)v;
	}
	closedir(dir);
	*tids = out;
	*nr = n;
	return 0;
}

int target__finish(struct target *t)
{
	if (!t->child)
		return 0;
	if (t->go_fd >= 0) {
		/* Never released: make the held child exit without exec. */
		kill(t->child, SIGKILL);
		close(t->go_fd);
		t->go_fd = -1;
	} else if (!reap_child(t, WNOHANG)) {
		kill(t->child, SIGTERM);
	}
	reap_child(t, 0);
	if (WIFSIGNALED(t->child_status))
		return 128 + WTERMSIG(t->child_status);
	return WEXITSTATUS(t->child_status);
}

void target__release_all(struct target *t)
{
	for (size_t i = 0; i < t->nr_pids; i++) {
		if (t->pidfds[i] >= 0)
			close(t->pidfds[i]);
		t->pidfds[i] = -1;
	}
	if (t->exec_err_fd >= 0)
		close(t->exec_err_fd);
	t->exec_err_fd = -1;
}
