// SPDX-License-Identifier: GPL-2.0
/*
 * The test suite's workload: steps run in order, each with known
 * functions, a known number of syscalls and a USDT probe, so tests can
 * assert exactly what sonde must report.
 *
 *   getppid N      N getppid calls (in do_getppid)
 *   getppid-timed N  the same; prints "getppid_ns T", the loop's own time
 *   iov            writev of three buffers into a pipe, readv of them back;
 *                  sendmsg and recvmsg of two over a socketpair
 *   pipe MS        a thread blocks reading a pipe; MS ms later the main
 *                  thread writes "ping" to it (a call other threads'
 *                  calls interleave with)
 *   write N        N one-byte writes to /dev/null
 *   spin MS        burn CPU for MS ms in hot_outer -> hot_inner
 *   threads K N    K threads, each making N getppid calls
 *   fork K N       K child processes, each making N getppid calls
 *   forkspin K MS  K child processes, each burning CPU for MS ms
 *   work N         N rounds of hot_inner (fixed work); prints "work_ns T"
 *   jit MS         run generated code for MS ms, named in /tmp/perf-PID.map
 *                  (x86_64), as a JIT compiler would
 *   sleep MS       sleep
 *   usdt N         fire the probe sonde_test:tick N times
 *   add N          N calls add_numbers(i, 100), i = 0..N-1, returning
 *                  i + 100 (arguments and a return value for uprobes)
 *   ready          write "ready\n" to stdout and flush
 *   await PATH     wait until PATH exists (a test's signal that its
 *                  tracer is attached)
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sdt.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>

volatile unsigned long sink;

__attribute__((noinline)) void do_getppid(long n)
{
	for (long i = 0; i < n; i++)
		sink += (unsigned long)syscall(SYS_getppid);
}

__attribute__((noinline)) static void do_write(long n)
{
	int fd = open("/dev/null", O_WRONLY);

	for (long i = 0; i < n; i++)
		sink += (unsigned long)write(fd, "x", 1);
	close(fd);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

__attribute__((noinline)) void hot_inner(void)
{
	for (int i = 0; i < 100000; i++)
		sink += (unsigned long)i * 7;
}

__attribute__((noinline)) void hot_outer(long ms)
{
	double end = now_ms() + ms;

	while (now_ms() < end)
		hot_inner();
}

__attribute__((noinline)) void hot_work(long rounds)
{
	for (long r = 0; r < rounds; r++)
		hot_inner();
}

__attribute__((noinline)) void fire_usdt(long n)
{
	for (long i = 0; i < n; i++)
		DTRACE_PROBE2(sonde_test, tick, i, n);
}

__attribute__((noinline)) long add_numbers(long a, long b)
{
	sink += (unsigned long)a;
	return a + b;
}

#if defined(__x86_64__)
/*
 * x86_64 code for "for (i = 0; i < 100000; i++) ; return", copied into
 * anonymous executable memory and named in a perf map, as a JIT does.
 */
static const unsigned char jit_loop[] = {
	0xb9, 0xa0, 0x86, 0x01, 0x00, /* mov $100000, %ecx */
	0xff, 0xc9,		      /* 1: dec %ecx */
	0x75, 0xfc,		      /* jnz 1b */
	0xc3,			      /* ret */
};

static void run_jit(long ms)
{
	unsigned char *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char path[64];
	FILE *map;
	double end;

	if (code == MAP_FAILED) {
		perror("workload: mmap");
		exit(1);
	}
	memcpy(code, jit_loop, sizeof(jit_loop));
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", getpid());
	map = fopen(path, "w");
	if (!map) {
		perror("workload: perf map");
		exit(1);
	}
	fprintf(map, "%lx %zx LJitDemo;::spinLoop\n", (unsigned long)code,
		sizeof(jit_loop));
	fclose(map);
	end = now_ms() + ms;
	while (now_ms() < end)
		((void (*)(void))code)();
}
#else
static void run_jit(long ms)
{
	(void)ms;
	fprintf(stderr, "workload: jit needs x86_64\n");
	exit(2);
}
#endif

static int pipe_fds[2];

static void *pipe_reader(void *arg)
{
	char buf[8];

	sink += (unsigned long)read(pipe_fds[0], buf, sizeof(buf));
	return arg;
}

static void pipe_step(long ms)
{
	pthread_t reader;

	if (pipe(pipe_fds))
		exit(1);
	pthread_create(&reader, NULL, pipe_reader, NULL);
	usleep((useconds_t)ms * 1000);
	sink += (unsigned long)write(pipe_fds[1], "ping", 4);
	pthread_join(reader, NULL);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
}

static void iov_step(void)
{
	char a[16], b[64];
	struct iovec out[3] = { { "hello", 5 }, { " world\n", 7 },
				{ "0123456789012345678901234567890123456789", 40 } };
	struct iovec in[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct msghdr msg = { 0 };
	int fds[2];

	if (pipe(fds))
		exit(1);
	sink += (unsigned long)writev(fds[1], out, 3);
	sink += (unsigned long)readv(fds[0], in, 2);
	close(fds[0]);
	close(fds[1]);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, fds))
		exit(1);
	msg.msg_iov = out;
	msg.msg_iovlen = 2;
	sink += (unsigned long)sendmsg(fds[0], &msg, MSG_NOSIGNAL);
	msg.msg_iov = in;
	sink += (unsigned long)recvmsg(fds[1], &msg, 0);
	close(fds[0]);
	close(fds[1]);
}

static void *thread_main(void *arg)
{
	do_getppid((long)arg);
	return NULL;
}

static long arg_at(int argc, char **argv, int i)
{
	if (i >= argc) {
		fprintf(stderr, "workload: '%s' needs a number\n", argv[i - 1]);
		exit(2);
	}
	return strtol(argv[i], NULL, 0);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *step = argv[i];

		if (!strcmp(step, "getppid")) {
			do_getppid(arg_at(argc, argv, ++i));
		} else if (!strcmp(step, "write")) {
			do_write(arg_at(argc, argv, ++i));
		} else if (!strcmp(step, "spin")) {
			hot_outer(arg_at(argc, argv, ++i));
		} else if (!strcmp(step, "sleep")) {
			usleep((useconds_t)arg_at(argc, argv, ++i) * 1000);
		} else if (!strcmp(step, "usdt")) {
			fire_usdt(arg_at(argc, argv, ++i));
		} else if (!strcmp(step, "add")) {
			long n = arg_at(argc, argv, ++i);

			for (long k = 0; k < n; k++)
				sink += (unsigned long)add_numbers(k, 100);
		} else if (!strcmp(step, "await")) {
			const char *path = i + 1 < argc ? argv[++i] : "";

			while (access(path, F_OK))
				usleep(1000);
		} else if (!strcmp(step, "ready")) {
			printf("ready\n");
			fflush(stdout);
		} else if (!strcmp(step, "threads")) {
			long k = arg_at(argc, argv, ++i);
			long n = arg_at(argc, argv, ++i);
			pthread_t tids[64];

			for (long t = 0; t < k && t < 64; t++)
				pthread_create(&tids[t], NULL, thread_main,
					       (void *)n);
			for (long t = 0; t < k && t < 64; t++)
				pthread_join(tids[t], NULL);
		} else if (!strcmp(step, "iov")) {
			iov_step();
		} else if (!strcmp(step, "pipe")) {
			pipe_step(arg_at(argc, argv, ++i));
		} else if (!strcmp(step, "getppid-timed")) {
			double start = now_ms();

			do_getppid(arg_at(argc, argv, ++i));
			printf("getppid_ns %.0f\n", (now_ms() - start) * 1e6);
			fflush(stdout);
		} else if (!strcmp(step, "work")) {
			double start = now_ms();

			hot_work(arg_at(argc, argv, ++i));
			printf("work_ns %.0f\n", (now_ms() - start) * 1e6);
			fflush(stdout);
		} else if (!strcmp(step, "jit")) {
			run_jit(arg_at(argc, argv, ++i));
		} else if (!strcmp(step, "forkspin")) {
			long k = arg_at(argc, argv, ++i);
			long ms = arg_at(argc, argv, ++i);

			for (long c = 0; c < k; c++) {
				if (fork() == 0) {
					hot_outer(ms);
					_exit(0);
				}
			}
			while (wait(NULL) > 0)
				;
		} else if (!strcmp(step, "fork")) {
			long k = arg_at(argc, argv, ++i);
			long n = arg_at(argc, argv, ++i);

			for (long c = 0; c < k; c++) {
				if (fork() == 0) {
					do_getppid(n);
					_exit(0);
				}
			}
			while (wait(NULL) > 0)
				;
		} else {
			fprintf(stderr, "workload: unknown step '%s'\n", step);
			return 2;
		}
	}
	return 0;
}
