// SPDX-License-Identifier: GPL-2.0
/*
 * perf.data between sonde and perf: perf reads what sonde writes, sonde
 * reads what perf records (plain and zstd), and damaged copies of a
 * real recording fail cleanly.
 */
#include "harness.h"
#include "fixtures.h"
#include "perfdata_synth.h"
#include "perfdata/format.h"
#include "perfdata/machine.h"
#include "perfdata/reader.h"
#include "perfdata/writer.h"
#include "sym/elf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define BASE 0x555555554000ULL

static void need_perf(void)
{
	if (!fixture__have_tool("perf"))
		harness__skip("perf is not installed");
}

struct fn_find {
	const char *name;
	uint64_t addr;
};

static int find_fn(const char *name, uint64_t addr, uint64_t size, void *ctx)
{
	struct fn_find *f = ctx;

	if (!strcmp(name, f->name))
		f->addr = addr;
	return 0;
}

static uint64_t fn_addr(struct elf_file *ef, const char *name)
{
	struct fn_find f = {name, 0};

	elf_file__for_each_function(ef, find_fn, &f);
	CHECK(f.addr);
	return f.addr;
}

/* Runs cmd, stdout and stderr to files in dir; returns the exit status. */
static int run(const char *dir, const char *cmd, char **out, char **err)
{
	char full[PATH_MAX * 3];
	unsigned char *o = NULL, *e = NULL;
	size_t ol = 0, el = 0;
	int status;
	char opath[PATH_MAX], epath[PATH_MAX];

	snprintf(opath, sizeof(opath), "%s/out.txt", dir);
	snprintf(epath, sizeof(epath), "%s/err.txt", dir);
	snprintf(full, sizeof(full), "%s >%s 2>%s", cmd, opath, epath);
	status = system(full);
	CHECK_EQ_INT(fixture__slurp(opath, &o, &ol), 0);
	CHECK_EQ_INT(fixture__slurp(epath, &e, &el), 0);
	o[ol] = '\0';
	e[el] = '\0';
	*out = (char *)o;
	*err = (char *)e;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool says_warning(const char *text)
{
	return strcasestr(text, "warning") || strcasestr(text, "error") ||
	       strcasestr(text, "fail") || strcasestr(text, "unknown") ||
	       strcasestr(text, "unexpected") || strcasestr(text, "broken");
}

/* The kernel's _text, for the MMAP perf uses to place the kernel. */
static uint64_t kernel_text(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256];
	uint64_t addr = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char type, name[128];

		if (sscanf(line, "%llx %c %127s", &a, &type, name) == 3 &&
		    !strcmp(name, "_text")) {
			addr = a;
			break;
		}
	}
	fclose(f);
	return addr;
}

TEST(perfdata_perf_reads_sonde_file)
{
	const char *dir, *wl = fixture__workload();
	char path[PATH_MAX], cmd[PATH_MAX * 2], *out, *err;
	struct perf_data_writer *w;
	struct perf_event_attr attr;
	struct elf_file *ef;
	struct tbuf recs = {0};
	uint64_t inner, outer, mainf, ktext;
	uint8_t bid[20];
	int bid_len;
	static const uint64_t ids[] = {1001, 1002};
	char *argv[] = {"sonde", "record", "-g", "--", (char *)wl, "spin"};
	char abs_wl[PATH_MAX];

	need_perf();
	CHECK(realpath(wl, abs_wl));
	dir = fixture__tmpdir();
	snprintf(path, sizeof(path), "%s/sonde.data", dir);
	CHECK_EQ_INT(elf_file__open(abs_wl, &ef), 0);
	inner = fn_addr(ef, "hot_inner");
	outer = fn_addr(ef, "hot_outer");
	mainf = fn_addr(ef, "main");
	bid_len = elf_file__build_id(ef, bid, sizeof(bid));
	CHECK(bid_len > 0);
	elf_file__close(ef);

	tsynth__cpu_clock_attr(&attr,
			       PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP |
				       PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
				       PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD |
				       PERF_SAMPLE_CALLCHAIN);
	ktext = kernel_text();
	{
		struct tsample s = {
			.pid = 4242, .tid = 4242, .time = 1000000, .id = 1001};
		uint64_t chain[4];

		/* perf places the kernel by this MMAP, as sonde's record does.
		 */
		if (ktext)
			tsynth__mmap(&recs, &attr,
				     &(struct tsample){.id = 1001},
				     (uint32_t)-1, ktext, 0x1000000, ktext,
				     PERF_RECORD_MISC_KERNEL,
				     "[kernel.kallsyms]_text");
		tsynth__comm(&recs, &attr, &s, "workload", true);
		s.time += 1000;
		/* The text segment: file offset 0x1000 at BASE + 0x1000. */
		tsynth__mmap2(&recs, &attr, &s, BASE + 0x1000, 0x1000, 0x1000,
			      PROT_READ | PROT_EXEC, abs_wl);
		for (int i = 0; i < 20; i++) {
			chain[0] = PERF_CONTEXT_USER;
			chain[1] = BASE + inner + 4 + (uint64_t)(i % 8);
			chain[2] = BASE + outer + 20;
			chain[3] = BASE + mainf + 30;
			s.time += 1001000;
			s.ip = chain[1];
			s.cpu = (uint32_t)(i & 1);
			s.id = 1001 + (uint64_t)(i & 1);
			s.period = 1001000;
			s.callchain = chain;
			s.nr = 4;
			s.misc = PERF_RECORD_MISC_USER;
			tsynth__sample(&recs, &attr, &s);
		}
		tsynth__empty(&recs, PERF_RECORD_FINISHED_ROUND);
		s.time += 1000;
		tsynth__fork(&recs, &attr, &s, PERF_RECORD_EXIT, 4242, 1, 4242,
			     1);
	}
	CHECK_EQ_INT(perf_data_writer__create(&w, path), 0);
	CHECK_EQ_INT(perf_data_writer__add_event(w, &attr, ids, 2, "cpu-clock"),
		     0);
	CHECK_EQ_INT(perf_data_writer__write(w, recs.p, recs.len), 0);
	CHECK_EQ_INT(perf_data_writer__set_cmdline(w, 6, argv), 0);
	CHECK_EQ_INT(perf_data_writer__add_build_id(w, -1,
						    PERF_RECORD_MISC_USER, bid,
						    (size_t)bid_len, abs_wl),
		     0);
	CHECK_EQ_INT(
		perf_data_writer__add_jit_map(w, 4242, "1000 10 jitted\n", 15),
		0);
	CHECK_EQ_INT(perf_data_writer__finish(w), 0);
	perf_data_writer__free(w);

	snprintf(cmd, sizeof(cmd), "perf script -i %s", path);
	CHECK_EQ_INT(run(dir, cmd, &out, &err), 0);
	if (*err || !strstr(out, "hot_inner"))
		fprintf(stderr, "  perf script:\n%s\n  stderr:\n%s\n", out,
			err);
	CHECK(!*err);
	CHECK(strstr(out, "workload"));
	CHECK(strstr(out, "4242"));
	CHECK(strstr(out, "hot_inner"));
	CHECK(strstr(out, "hot_outer"));
	CHECK(strstr(out, "cpu-clock"));
	free(out);
	free(err);

	snprintf(cmd, sizeof(cmd), "perf report -i %s --stdio", path);
	CHECK_EQ_INT(run(dir, cmd, &out, &err), 0);
	if (*err || says_warning(out) || !strstr(out, "hot_inner"))
		fprintf(stderr, "  perf report:\n%s\n  stderr:\n%s\n", out,
			err);
	CHECK(!*err);
	CHECK(!says_warning(out));
	CHECK(strstr(out, "hot_inner"));
	CHECK(strstr(out, "workload"));
	CHECK(strstr(out, "Samples: 20"));
	free(out);
	free(err);

	/* The header as perf sees it: our features, nothing it trips on. */
	snprintf(cmd, sizeof(cmd), "perf report -i %s --header-only", path);
	CHECK_EQ_INT(run(dir, cmd, &out, &err), 0);
	CHECK(strstr(out, "# hostname :"));
	CHECK(strstr(out, "# cmdline : sonde record -g --"));
	CHECK(strstr(out, "name = cpu-clock"));
	CHECK(strstr(out, "# time of first sample :"));
	free(out);
	free(err);

	snprintf(cmd, sizeof(cmd), "perf buildid-list -i %s", path);
	CHECK_EQ_INT(run(dir, cmd, &out, &err), 0);
	CHECK(strstr(out, abs_wl));
	free(out);
	free(err);
	tbuf__release(&recs);
}

/* perf record -g of the workload spinning, optionally compressed. */
static const char *perf_record(const char *dir, const char *name,
			       const char *extra)
{
	static char path[PATH_MAX];
	char cmd[PATH_MAX * 3], *out, *err;
	int st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(cmd, sizeof(cmd),
		 "perf record %s -g -e cpu-clock -F 999 -o %s -- %s spin 200",
		 extra, path, fixture__workload());
	st = run(dir, cmd, &out, &err);
	if (st)
		fprintf(stderr, "  %s:\n%s\n", cmd, err);
	CHECK_EQ_INT(st, 0);
	free(out);
	free(err);
	return path;
}

struct perf_walk {
	struct machine *m;
	uint64_t samples, with_chain, resolved, frames, in_workload, comm_ok;
	int32_t pid;
	bool comm_workload, mmap_workload, pid_mismatch;
	const char *wl;
};

static int walk_perf(const struct perf_data_record *rec, void *ctx)
{
	struct perf_walk *pw = ctx;
	const struct perf_sample *s = &rec->sample;
	const struct machine_thread *t;
	bool kernel;

	CHECK_EQ_INT(machine__process(pw->m, rec), 0);
	if (rec->type == PERF_RECORD_COMM) {
		const struct perf_record_comm *c = (const void *)rec->header;

		if (!strcmp(c->comm, "workload") &&
		    (rec->misc & PERF_RECORD_MISC_COMM_EXEC)) {
			pw->comm_workload = true;
			pw->pid = (int32_t)c->pid;
		}
	}
	if (rec->type == PERF_RECORD_MMAP2) {
		const struct perf_record_mmap2 *m = (const void *)rec->header;

		if (strstr(m->filename, "workloads/workload") &&
		    (m->prot & PROT_EXEC))
			pw->mmap_workload = true;
	}
	if (rec->type != PERF_RECORD_SAMPLE)
		return 0;
	CHECK(rec->has_sample);
	CHECK(rec->event);
	pw->samples++;
	if (s->pid != pw->pid || s->tid != pw->pid)
		pw->pid_mismatch = true;
	if (s->callchain_nr > 1)
		pw->with_chain++;
	t = machine__thread(pw->m, s->tid);
	CHECK(t);
	CHECK_EQ_INT(t->pid, s->pid);
	CHECK(t->comm);
	/*
	 * A sample can land between exec enabling the event and the COMM
	 * record (perf report shows it under "perf-exec" too).
	 */
	if (!strcmp(t->comm, "workload"))
		pw->comm_ok++;
	CHECK(machine__comm_at(pw->m, s->tid, s->time));
	/* Every frame of the chain, in the space its context marker says. */
	kernel = s->cpumode == PERF_RECORD_MISC_KERNEL;

	for (uint64_t i = 0; i < s->callchain_nr; i++) {
		uint64_t ip = s->callchain[i];
		const struct machine_map *mp;

		if (ip >= PERF_CONTEXT_MAX) {
			kernel = ip == PERF_CONTEXT_KERNEL;
			continue;
		}
		pw->frames++;
		mp = machine__find_map(pw->m, s->pid, ip, kernel);
		if (!mp)
			continue;
		pw->resolved++;
		if (strstr(mp->filename, "workloads/workload"))
			pw->in_workload++;
	}
	return 0;
}

static void check_perf_file(const char *path, bool compressed)
{
	struct perf_data_reader *r;
	struct perf_walk pw = {0};
	const char *const *argv;
	uint32_t type, level;

	CHECK_EQ_INT(perf_data_reader__open(&r, path), 0);
	CHECK_EQ_INT(machine__new(&pw.m), 0);
	CHECK_EQ_INT(perf_data_reader__nr_events(r), 1);
	CHECK_EQ_STR(perf_data_reader__event(r, 0)->name, "cpu-clock");
	CHECK(perf_data_reader__event(r, 0)->attr.sample_type &
	      PERF_SAMPLE_CALLCHAIN);
	CHECK(perf_data_reader__hostname(r));
	CHECK(perf_data_reader__cmdline(r, &argv) > 5);
	CHECK(strstr(argv[0], "perf"));
	CHECK_EQ_INT(perf_data_reader__compression(r, &type, &level),
		     compressed ? 0 : -ENOENT);
	if (compressed)
		CHECK_EQ_INT(type, PERF_COMP_ZSTD);
	/* perf -z skips its end-of-recording pass, build ids included. */
	if (!compressed)
		CHECK(perf_data_reader__find_build_id(r, "[vdso]"));

	CHECK_EQ_INT(perf_data_reader__for_each(r, walk_perf, &pw), 0);
	CHECK(pw.comm_workload);
	CHECK(pw.mmap_workload);
	CHECK(!pw.pid_mismatch);
	CHECK(pw.samples > 50);
	CHECK(pw.comm_ok + 3 >= pw.samples);
	CHECK_EQ_INT(perf_data_reader__stats(r)->samples, pw.samples);
	CHECK_EQ_INT(perf_data_reader__stats(r)->bad_samples, 0);
	if (compressed)
		CHECK(perf_data_reader__stats(r)->compressed > 0);
	CHECK(pw.with_chain * 10 >= pw.samples * 9);
	/* Most frames land in a known map; most samples spin in the workload.
	 */
	CHECK(pw.resolved * 10 >= pw.frames * 9);
	CHECK(pw.in_workload * 2 >= pw.samples);
	CHECK(machine__find_map(pw.m, -1, 0, true) == NULL);
	machine__free(pw.m);
	perf_data_reader__free(r);
}

TEST(perfdata_reads_perf_record)
{
	const char *dir;

	need_perf();
	fixture__workload();
	dir = fixture__tmpdir();
	check_perf_file(perf_record(dir, "plain.data", ""), false);
}

TEST(perfdata_reads_perf_record_zstd)
{
	const char *dir;

	need_perf();
	fixture__workload();
	dir = fixture__tmpdir();
	check_perf_file(perf_record(dir, "z.data", "-z"), true);
}

/* perf record -o - writes pipe mode: attrs and features as records. */
TEST(perfdata_reads_perf_pipe_mode)
{
	const char *dir;
	char path[PATH_MAX], cmd[PATH_MAX * 3], *out, *err;
	struct perf_data_reader *r;
	struct perf_walk pw = {0};
	int fd;

	need_perf();
	dir = fixture__tmpdir();
	snprintf(path, sizeof(path), "%s/pipe.data", dir);
	snprintf(cmd, sizeof(cmd),
		 "sh -c 'perf record -g -e cpu-clock -F 999 -o - -- %s spin "
		 "200 > %s'",
		 fixture__workload(), path);
	CHECK_EQ_INT(run(dir, cmd, &out, &err), 0);
	free(out);
	free(err);
	/* Through standard input, as "sonde report -i -" would read it. */
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0);
	CHECK(dup2(fd, STDIN_FILENO) == STDIN_FILENO);
	close(fd);
	CHECK_EQ_INT(perf_data_reader__open(&r, "-"), 0);
	CHECK(perf_data_reader__is_pipe(r));
	CHECK_EQ_INT(perf_data_reader__nr_events(r), 1);
	CHECK_EQ_STR(perf_data_reader__event(r, 0)->name, "cpu-clock");
	CHECK(perf_data_reader__hostname(r));
	CHECK(perf_data_reader__has_feature(r, HEADER_CMDLINE));
	CHECK_EQ_INT(machine__new(&pw.m), 0);
	perf_data_reader__set_ordered(r, true);
	CHECK_EQ_INT(perf_data_reader__for_each(r, walk_perf, &pw), 0);
	CHECK(pw.comm_workload);
	CHECK(pw.samples > 50);
	CHECK(pw.resolved * 10 >= pw.frames * 9);
	machine__free(pw.m);
	perf_data_reader__free(r);
}

static int count_only(const struct perf_data_record *rec, void *ctx)
{
	(*(uint64_t *)ctx)++;
	return 0;
}

/* Every cut of a real recording: clean errors, the right stop offsets. */
static void truncate_real(const char *path)
{
	struct perf_data_reader *r;
	unsigned char *file;
	size_t len;
	uint64_t n = 0, data_off, data_end, samples, prev = 0;

	CHECK_EQ_INT(fixture__slurp(path, &file, &len), 0);
	CHECK_EQ_INT(perf_data_reader__open_mem(&r, file, len), 0);
	CHECK_EQ_INT(perf_data_reader__for_each(r, count_only, &n), 0);
	data_off = perf_data_reader__data_offset(r);
	data_end = data_off + perf_data_reader__data_size(r);
	samples = perf_data_reader__stats(r)->samples;
	perf_data_reader__free(r);

	for (size_t cut = 0; cut <= len; cut += cut < data_off + 256 ? 1 : 13) {
		unsigned char *copy = malloc(cut ? cut : 1);
		int err;

		memcpy(copy, file, cut);
		err = perf_data_reader__open_mem(&r, copy, cut);
		if (err) {
			CHECK(err == -ENODATA || err == -EBADMSG);
			CHECK(cut < data_off);
			free(copy);
			continue;
		}
		err = perf_data_reader__for_each(r, count_only, &n);
		if (cut >= data_end) {
			CHECK_EQ_INT(err, 0);
			CHECK_EQ_INT(perf_data_reader__stats(r)->samples,
				     samples);
		} else {
			CHECK_EQ_INT(err, -ENODATA);
			CHECK(perf_data_reader__stop_offset(r) <= cut);
			CHECK(perf_data_reader__stop_offset(r) + 65536 > cut);
			CHECK(perf_data_reader__stats(r)->samples >= prev);
			prev = perf_data_reader__stats(r)->samples;
		}
		perf_data_reader__free(r);
		free(copy);
	}
	free(file);
}

TEST(perfdata_truncated_perf_files)
{
	const char *dir;

	need_perf();
	fixture__workload();
	dir = fixture__tmpdir();
	truncate_real(perf_record(dir, "plain.data", ""));
	truncate_real(perf_record(dir, "z.data", "-z"));
}
