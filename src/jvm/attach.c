// SPDX-License-Identifier: GPL-2.0
#include "jvm/attach.h"

#include "core/procmaps.h"
#include "util/fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define ATTACH_WAIT_MS 5000
#define OUTPUT_MAX (64 << 20)

bool jvm__is_hotspot(pid_t pid)
{
	struct procmap *maps;
	size_t nr;
	bool found = false;

	if (procmaps__read(pid, &maps, &nr))
		return false;
	for (size_t i = 0; i < nr && !found; i++) {
		const char *slash = strrchr(maps[i].path, '/');

		found = slash && !strcmp(slash + 1, "libjvm.so");
	}
	procmaps__free(maps);
	return found;
}

/* The pid the process has in its own pid namespace (NSpid's last). */
static pid_t ns_pid(pid_t pid)
{
	char path[64], buf[4096], *p;
	pid_t last = pid;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (file__read_text(path, buf, sizeof(buf)) < 0)
		return pid;
	p = strstr(buf, "\nNSpid:");
	if (!p)
		return pid;
	p += 7;
	while (*p && *p != '\n') {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p)
			break;
		last = (pid_t)v;
		p = end;
	}
	return last;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000};

	nanosleep(&ts, NULL);
}

/* The attach socket, /tmp/.java_pidNSPID as the JVM sees it. */
static int socket_path(pid_t pid, char *buf, size_t size)
{
	int n = snprintf(buf, size, "/proc/%d/root/tmp/.java_pid%d", pid,
			 ns_pid(pid));

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/*
 * Whether the JVM was started with -XX:+DisableAttachMechanism, on its
 * command line or in the environment variables HotSpot reads options
 * from: it would answer SIGQUIT with a thread dump on its output.
 */
static bool attach_disabled(pid_t pid)
{
	static const char option[] = "-XX:+DisableAttachMechanism";
	static const char *const files[] = {"cmdline", "environ"};
	char path[64], buf[65536];

	for (size_t i = 0; i < 2; i++) {
		int n;

		snprintf(path, sizeof(path), "/proc/%d/%s", pid, files[i]);
		n = file__read_text(path, buf, sizeof(buf));
		/* NUL-separated: search each string. */
		for (int at = 0; n > 0 && at < n;
		     at += (int)strlen(buf + at) + 1)
			if (strstr(buf + at, option))
				return true;
	}
	return false;
}

/*
 * The JVM starts its attach listener on SIGQUIT when an .attach_pid file
 * is in its working directory (or /tmp); without the file, SIGQUIT
 * would only print a thread dump.
 */
static int start_listener(pid_t pid, const char *sock)
{
	char trigger[PATH_MAX];
	struct stat st;
	int fd, err = -ETIMEDOUT;

	snprintf(trigger, sizeof(trigger), "/proc/%d/cwd/.attach_pid%d", pid,
		 ns_pid(pid));
	fd = open(trigger, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(trigger, sizeof(trigger),
			 "/proc/%d/root/tmp/.attach_pid%d", pid, ns_pid(pid));
		fd = open(trigger, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
	}
	close(fd);
	if (kill(pid, SIGQUIT)) {
		err = -errno;
		unlink(trigger);
		return err;
	}
	for (int waited = 0; waited < ATTACH_WAIT_MS; waited += 20) {
		if (!stat(sock, &st) && S_ISSOCK(st.st_mode)) {
			err = 0;
			break;
		}
		sleep_ms(20);
	}
	unlink(trigger);
	return err;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * One attach operation: protocol 1 sends "1", the operation's name and
 * three arguments, each NUL-ended; the reply is a status line ("0" is
 * success) and the operation's output.
 */
static int attach_request(pid_t pid, const char *operation,
			  const char *const args[3], char **output)
{
	struct sockaddr_un addr = {.sun_family = AF_UNIX};
	char sock[PATH_MAX], request[PATH_MAX + 512];
	size_t len = 0, cap = 4096;
	struct stat st;
	char *out = NULL;
	int fd, err, n;

	*output = NULL;
	err = socket_path(pid, sock, sizeof(sock));
	if (err)
		return err;
	if (stat(sock, &st) || !S_ISSOCK(st.st_mode)) {
		if (attach_disabled(pid))
			return -EPERM;
		err = start_listener(pid, sock);
		if (err)
			return err;
	}
	if (strlen(sock) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, sock);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr))) {
		err = -errno;
		close(fd);
		return err;
	}
	n = snprintf(request, sizeof(request), "1%c%s%c%s%c%s%c%s%c", 0,
		     operation, 0, args[0], 0, args[1], 0, args[2], 0);
	if (n < 0 || (size_t)n >= sizeof(request)) {
		close(fd);
		return -E2BIG;
	}
	err = write_all(fd, request, (size_t)n);
	out = malloc(cap);
	while (!err && out) {
		ssize_t got = read(fd, out + len, cap - len - 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		len += (size_t)got;
		if (len + 1 == cap) {
			char *grown =
				cap < OUTPUT_MAX ? realloc(out, cap * 2) : NULL;

			if (!grown) {
				err = -E2BIG;
				break;
			}
			out = grown;
			cap *= 2;
		}
	}
	close(fd);
	if (!out)
		return -ENOMEM;
	if (err) {
		free(out);
		return err;
	}
	out[len] = '\0';
	/*
	 * The reply starts with the operation's status: "0" is success;
	 * otherwise the output says why, and is handed back too.
	 */
	err = strncmp(out, "0\n", 2) ? -EPROTO : 0;
	n = (int)strcspn(out, "\n");
	n += out[n] == '\n';
	memmove(out, out + n, len - (size_t)n + 1);
	*output = out;
	return err;
}

int jvm__jcmd(pid_t pid, const char *command, char **output)
{
	const char *const args[3] = {command, "", ""};

	return attach_request(pid, "jcmd", args, output);
}

int jvm__load_agent(pid_t pid, const void *library, size_t size, char **reply)
{
	/* The JVM opens the library as it sees the file system. */
	const char *inside = "/tmp/.sonde-perfmap-agent.so";
	const char *const args[3] = {inside, "true", ""};
	char path[PATH_MAX];
	int fd, err;

	*reply = NULL;
	snprintf(path, sizeof(path), "/proc/%d/root%s", pid, inside);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	err = write_all(fd, library, size);
	close(fd);
	if (!err)
		err = attach_request(pid, "load", args, reply);
	/* Once loaded, the JVM has it mapped: no file is left behind. */
	unlink(path);
	/* The reply carries Agent_OnAttach's return code: 0 is success. */
	if (!err && *reply &&
	    strtol(*reply + strcspn(*reply, "0123456789-"), NULL, 10))
		err = -EPROTO;
	return err;
}

/*
 * "long Hot.spin(int)" -> "Hot.spin": the method's class and name,
 * without return type and parameters, as async-profiler shows them.
 * The JVM's own blobs ("Interpreter", "StubRoutines (1)") stay whole.
 */
static size_t java_name(const char *name, size_t len, char *out, size_t size)
{
	const char *open = memchr(name, '(', len);
	const char *end = name + len, *start = name;
	size_t n;

	if (open && memchr(name, '.', (size_t)(open - name))) {
		end = open;
		for (const char *p = name; p < end; p++)
			if (*p == ' ')
				start = p + 1;
	}
	n = (size_t)(end - start);
	if (n >= size)
		n = size - 1;
	memcpy(out, start, n);
	out[n] = '\0';
	return n;
}

int jvm__read_perf_map(const char *path, char **text, size_t *size)
{
	char *out, *line = NULL, name[1024];
	size_t used = 0, cap = 0, room;
	struct stat st;
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	if (fstat(fileno(f), &st)) {
		int err = -errno;

		fclose(f);
		return err;
	}
	room = (size_t)st.st_size + 64;
	out = malloc(room);
	if (!out) {
		fclose(f);
		return -ENOMEM;
	}
	/* Each "0xSTART 0xSIZE NAME" line, as "START SIZE SHORT-NAME". */
	while (getline(&line, &cap, f) > 0) {
		unsigned long long start, len;
		int pos = 0;
		size_t n;

		if (sscanf(line, "%llx %llx %n", &start, &len, &pos) < 2 ||
		    !pos)
			continue;
		n = java_name(line + pos, strcspn(line + pos, "\r\n"), name,
			      sizeof(name));
		if (!n)
			continue;
		if (used + n + 40 > room) {
			char *grown = realloc(out, room * 2 + n + 40);

			if (!grown)
				break;
			out = grown;
			room = room * 2 + n + 40;
		}
		used += (size_t)sprintf(out + used, "%llx %llx %s\n", start,
					len, name);
	}
	free(line);
	fclose(f);
	*text = out;
	*size = used;
	return 0;
}

/* The agent's shared library, embedded by the build (agent/). */
extern const char jvm_perfmap_agent[], jvm_perfmap_agent_end[];

/* The first line of a refusal, for the user. */
static void say_why(const char *reply, char *why, size_t size)
{
	size_t n = reply ? strcspn(reply, "\n") : 0;

	snprintf(why, size, "%.*s", (int)n, n ? reply : "no reason given");
}

int jvm__perf_map(pid_t pid, bool use_agent, char **text, size_t *size,
		  char *why, size_t why_size)
{
	char path[PATH_MAX], *reply = NULL;
	int err = -EPROTO;

	snprintf(why, why_size, "%s", "");
	if (!use_agent) {
		err = jvm__jcmd(pid, "Compiler.perfmap", &reply);
		free(reply);
		reply = NULL;
	}
	/* JDK 8 and 11 have no Compiler.perfmap: the agent writes the map. */
	if (err == -EPROTO) {
		err = jvm__load_agent(
			pid, jvm_perfmap_agent,
			(size_t)(jvm_perfmap_agent_end - jvm_perfmap_agent),
			&reply);
		if (err == -EPROTO)
			say_why(reply, why, why_size);
		free(reply);
	}
	if (err)
		return err;
	snprintf(path, sizeof(path), "/proc/%d/root/tmp/perf-%d.map", pid,
		 ns_pid(pid));
	return jvm__read_perf_map(path, text, size);
}

int jvm__preserves_frame_pointers(pid_t pid)
{
	char *flags = NULL;
	int err = jvm__jcmd(pid, "VM.flags -all", &flags), on;

	if (err) {
		free(flags);
		return err;
	}
	/* "     bool PreserveFramePointer   = true   {...}" */
	on = 0;
	for (char *p = strstr(flags, "PreserveFramePointer"); p;
	     p = strstr(p + 1, "PreserveFramePointer")) {
		char *eq = strchr(p, '=');
		char *nl = strchr(p, '\n');

		if (eq && (!nl || eq < nl)) {
			on = !strncmp(eq + 1 + strspn(eq + 1, " "), "true", 4);
			break;
		}
	}
	free(flags);
	return on;
}

const char *jvm__strerror(int err)
{
	if (err == -EPERM)
		return "attach is disabled (-XX:+DisableAttachMechanism)";
	if (err == -ETIMEDOUT)
		return "the JVM did not open its attach socket";
	return strerror(-err);
}
