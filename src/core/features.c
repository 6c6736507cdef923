// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel features, probed by doing each thing once: load a two-instruction
 * BPF program of the type, attach it where attaching is cheap and harmless
 * (a program that returns 0), open the perf event, then close everything.
 */
#include "core/features.h"

#include "bpf/loader.h"
#include "core/perf_event.h"
#include "core/procmaps.h"
#include "core/tracefs.h"
#include "util/fileio.h"
#include "util/strutil.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#define CAPBIT_SYS_ADMIN 21
#define CAPBIT_PERFMON 38
#define CAPBIT_BPF 39
#define CAP_MASK(bit) (1ULL << (bit))

#define KPROBE_TYPE_PATH "/sys/bus/event_source/devices/kprobe/type"
#define UPROBE_TYPE_PATH "/sys/bus/event_source/devices/uprobe/type"
#define VMLINUX_BTF_PATH "/sys/kernel/btf/vmlinux"
#define LOCKDOWN_PATH "/sys/kernel/security/lockdown"
#define PROBE_PROG_NAME "sonde_probe"

struct feature_info {
	const char *name;
	const char *id;
	/* Why it is missing, when privilege is not the cause. */
	const char *absent;
	const char *loss;
};

static const struct feature_info infos[FEATURE__COUNT] = {
	[FEATURE_ROOT] = { "root", "root",
			   "sonde runs without root (or CAP_PERFMON and CAP_BPF)",
			   "BPF programs, probes and system-wide profiling are unavailable" },
	[FEATURE_PERF_PARANOID] = { "perf_event_paranoid", "perf_event_paranoid",
				    "perf_event_paranoid limits users without CAP_PERFMON",
				    "system-wide, kernel-space and other users' profiling are unavailable" },
	[FEATURE_KPTR_RESTRICT] = { "kptr_restrict", "kptr_restrict",
				    "kernel symbol addresses are hidden (kptr_restrict)",
				    "kernel addresses cannot be resolved to function names" },
	[FEATURE_LOCKDOWN] = { "lockdown", "lockdown",
			       "the kernel is locked down (confidentiality)",
			       "BPF cannot read kernel memory, and tracefs and kernel profiling are blocked" },
	[FEATURE_TRACEFS] = { "tracefs", "tracefs",
			      "tracefs is not mounted and cannot be mounted",
			      "tracepoints cannot be listed or opened by name" },
	[FEATURE_BTF] = { "BTF", "btf",
			  "this kernel has no BTF (CONFIG_DEBUG_INFO_BTF)",
			  "tp_btf, fentry and CO-RE programs are unavailable" },
	[FEATURE_TRACEPOINT] = { "tracepoints", "tracepoint",
				 "this kernel cannot attach BPF to tracepoints",
				 "tracepoint: probes are unavailable to BPF programs" },
	[FEATURE_RAW_TRACEPOINT] = { "raw tracepoints", "raw_tracepoint",
				     "this kernel has no raw tracepoints for BPF",
				     "rawtracepoint: probes are unavailable" },
	[FEATURE_TP_BTF] = { "tp_btf", "tp_btf",
			     "this kernel has no BTF tracepoints (tp_btf)",
			     "typed tracepoint arguments (tp_btf) are unavailable" },
	[FEATURE_PERF_EVENT] = { "BPF on perf events", "perf_event",
				 "this kernel cannot attach BPF to perf events",
				 "profile: and interval: probes are unavailable" },
	[FEATURE_KPROBE] = { "kprobes", "kprobe",
			     "this kernel has no kprobes (CONFIG_KPROBE_EVENTS)",
			     "kprobe:/kretprobe: probes and kernel function tracing are unavailable" },
	[FEATURE_FENTRY] = { "fentry/fexit", "fentry",
			     "this kernel refuses fentry/fexit programs",
			     "fentry:/fexit: probes are unavailable" },
	[FEATURE_UPROBE] = { "uprobes", "uprobe",
			     "this kernel has no uprobes (CONFIG_UPROBE_EVENTS)",
			     "uprobe:/uretprobe: probes and USDT are unavailable" },
	[FEATURE_RINGBUF] = { "ring buffer", "ringbuf",
			      "this kernel has no BPF ring buffer (Linux 5.8+)",
			      "BPF output must use per-CPU perf buffers" },
	[FEATURE_HW_PMU] = { "hardware PMU", "hardware_pmu",
			     "this machine has no hardware PMU",
			     "no cycles/instructions counters: stat shows <not supported>; sample with cpu-clock" },
};

static struct feature_result results[FEATURE__COUNT];
static bool probed[FEATURE__COUNT];

/* ---- pure parsers ---------------------------------------------------- */

int features__parse_capeff(const char *status, uint64_t *caps)
{
	const char *p = status;
	unsigned long long v;
	char hex[32];
	size_t n;

	while (p && *p) {
		if (str_has_prefix(p, "CapEff:")) {
			p += strlen("CapEff:");
			p += strspn(p, " \t");
			n = strspn(p, "0123456789abcdefABCDEF");
			if (n == 0 || n > 16)
				return -EINVAL;
			memcpy(hex, "0x", 2);
			memcpy(hex + 2, p, n);
			hex[n + 2] = '\0';
			if (str_to_u64(hex, &v))
				return -EINVAL;
			*caps = v;
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -ENOENT;
}

const char *features__cap_names(uint64_t caps, char *buf, size_t size)
{
	static const struct {
		int bit;
		const char *name;
	} names[] = {
		{ CAPBIT_PERFMON, "CAP_PERFMON" },
		{ CAPBIT_BPF, "CAP_BPF" },
		{ CAPBIT_SYS_ADMIN, "CAP_SYS_ADMIN" },
	};
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(caps & CAP_MASK(names[i].bit)) || len >= size)
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s",
					len ? " " : "", names[i].name);
	}
	return buf;
}

const char *features__paranoid_meaning(int level)
{
	if (level <= -1)
		return "no limits";
	if (level == 0)
		return "no raw tracepoint data";
	if (level == 1)
		return "no system-wide events, no raw tracepoint data";
	if (level == 2)
		return "own processes only, user space only";
	return "no perf events at all on kernels with the Debian patch, else as 2";
}

int features__parse_lockdown(const char *text, char *mode, size_t size)
{
	const char *open = strchr(text, '[');
	const char *close = open ? strchr(open, ']') : NULL;
	size_t n;

	if (!close || size == 0)
		return -EINVAL;
	n = (size_t)(close - open - 1);
	if (n == 0 || n >= size)
		return -EINVAL;
	memcpy(mode, open + 1, n);
	mode[n] = '\0';
	return 0;
}

bool features__kallsyms_line_has_address(const char *line)
{
	size_t n = strspn(line, "0123456789abcdefABCDEF");

	if (n == 0 || (line[n] != ' ' && line[n] != '\t'))
		return false;
	for (size_t i = 0; i < n; i++)
		if (line[i] != '0')
			return true;
	return false;
}

/* ---- helpers ---------------------------------------------------------- */

static const char *errname(int err)
{
	const char *name = strerrorname_np(err < 0 ? -err : err);

	return name ? name : strerror(err < 0 ? -err : err);
}

static uint64_t effective_caps(void)
{
	static bool done;
	static uint64_t caps;
	char buf[4096];

	if (done)
		return caps;
	done = true;
	if (file__read_text("/proc/self/status", buf, sizeof(buf)) < 0 ||
	    features__parse_capeff(buf, &caps))
		caps = 0;
	return caps;
}

bool features__privileged(void)
{
	uint64_t caps = effective_caps();

	return (caps & CAP_MASK(CAPBIT_SYS_ADMIN)) ||
	       ((caps & CAP_MASK(CAPBIT_PERFMON)) &&
		(caps & CAP_MASK(CAPBIT_BPF)));
}

static bool denied(int err)
{
	return (err == -EPERM || err == -EACCES) && !features__privileged();
}

static void set_ok(struct feature_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_ok(struct feature_result *r, const char *fmt, ...)
{
	va_list ap;

	r->ok = true;
	r->error = 0;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

/* Missing: detail is the text, verbatim. */
static void set_missing(struct feature_result *r, int err, const char *fmt,
			...) __attribute__((format(printf, 3, 4)));
static void set_missing(struct feature_result *r, int err, const char *fmt,
			...)
{
	va_list ap;

	r->ok = false;
	r->error = err ? err : -EOPNOTSUPP;
	va_start(ap, fmt);
	vsnprintf(r->detail, sizeof(r->detail), fmt, ap);
	va_end(ap);
}

/* Missing because STEP failed with err: "STEP fails with EPERM". */
static void set_failed(struct feature_result *r, int err, const char *step)
{
	const char *why = "";

	if (denied(err))
		why = " (needs root)";
	else if ((err == -EPERM || err == -EACCES) && geteuid() == 0)
		why = " even as root";
	set_missing(r, err, "%s fails with %s%s", step, errname(err), why);
}

static unsigned int kernel_version_code(void)
{
	struct utsname u;
	unsigned int a = 0, b = 0, c = 0;

	if (uname(&u) || sscanf(u.release, "%u.%u.%u", &a, &b, &c) < 2)
		return 0;
	return (a << 16) + (b << 8) + (c > 255 ? 255 : c);
}

/* "r0 = 0; exit": every program type accepts it. */
static int load_prog(enum bpf_prog_type type, enum bpf_attach_type attach,
		     uint32_t btf_id)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = attach,
		    .attach_btf_id = btf_id,
		    .kern_version = kernel_version_code());

	/* An fd, or -errno (libbpf 1.x). */
	return bpf_prog_load(type, PROBE_PROG_NAME, "GPL", insns,
			     sizeof(insns) / sizeof(insns[0]), &opts);
}

static int attach_bpf(int perf_fd, int prog_fd)
{
	return ioctl(perf_fd, PERF_EVENT_IOC_SET_BPF, prog_fd) ? -errno : 0;
}

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* vmlinux BTF, loaded once for the ids the tp_btf and fentry probes need. */
#define FENTRY_FUNC "vfs_read"
#define TP_BTF_EVENT "sched_switch"

static struct {
	bool done;
	int error;
	unsigned int nr_types;
	int tp_id; /* btf_trace_sched_switch, or -errno */
	int func_id; /* vfs_read, or -errno */
} vmlinux;

static void vmlinux_btf_lookup(void)
{
	struct btf *btf;

	if (vmlinux.done)
		return;
	vmlinux.done = true;
	if (access(VMLINUX_BTF_PATH, R_OK)) {
		vmlinux.error = -errno;
		vmlinux.tp_id = vmlinux.func_id = vmlinux.error;
		return;
	}
	btf = btf__load_vmlinux_btf();
	if (!btf) {
		vmlinux.error = errno ? -errno : -EINVAL;
		vmlinux.tp_id = vmlinux.func_id = vmlinux.error;
		return;
	}
	vmlinux.nr_types = btf__type_cnt(btf);
	vmlinux.tp_id = btf__find_by_name_kind(btf, "btf_trace_" TP_BTF_EVENT,
					       BTF_KIND_TYPEDEF);
	vmlinux.func_id = btf__find_by_name_kind(btf, FENTRY_FUNC,
						 BTF_KIND_FUNC);
	btf__free(btf);
}

/* ---- one probe per feature ------------------------------------------- */

static void probe_root(struct feature_result *r)
{
	uint64_t caps = effective_caps();
	unsigned int uid = (unsigned int)geteuid();
	char names[64];

	features__cap_names(caps, names, sizeof(names));
	if (features__privileged())
		set_ok(r, "uid %u, %s", uid, names);
	else if (names[0])
		set_missing(r, -EPERM, "uid %u, only %s", uid, names);
	else
		set_missing(r, -EPERM,
			    "uid %u, none of CAP_PERFMON CAP_BPF CAP_SYS_ADMIN",
			    uid);
}

static void probe_paranoid(struct feature_result *r)
{
	int level, err;

	err = file__read_int("/proc/sys/kernel/perf_event_paranoid", &level);
	if (err) {
		set_failed(r, err, "reading perf_event_paranoid");
		return;
	}
	if (features__privileged())
		set_ok(r, "%d, does not limit root (others: %s)", level,
		       features__paranoid_meaning(level));
	else if (level <= -1)
		set_ok(r, "%d: %s", level, features__paranoid_meaning(level));
	else
		set_missing(r, -EACCES, "%d limits uid %u (%s)", level,
			    (unsigned int)geteuid(),
			    features__paranoid_meaning(level));
}

static void probe_kptr_restrict(struct feature_result *r)
{
	FILE *f;
	char line[512];
	bool visible = false;
	int level, lines = 0;
	char lvl[16] = "?";

	if (file__read_int("/proc/sys/kernel/kptr_restrict", &level) == 0)
		snprintf(lvl, sizeof(lvl), "%d", level);
	f = fopen("/proc/kallsyms", "re");
	if (!f) {
		set_missing(r, -errno, "no /proc/kallsyms (CONFIG_KALLSYMS)");
		return;
	}
	/* The first symbols are per-CPU offsets at 0; look further. */
	while (!visible && lines++ < 4096 && fgets(line, sizeof(line), f))
		visible = features__kallsyms_line_has_address(line);
	fclose(f);
	if (visible)
		set_ok(r, "%s, /proc/kallsyms shows addresses", lvl);
	else
		set_missing(r, -EACCES, "%s, /proc/kallsyms shows zeros to uid %u",
			    lvl, (unsigned int)geteuid());
}

static void probe_lockdown(struct feature_result *r)
{
	char buf[256], mode[64];
	int n = file__read_text(LOCKDOWN_PATH, buf, sizeof(buf));

	if (n == -ENOENT) {
		set_ok(r, "no lockdown LSM");
		return;
	}
	if (n < 0) {
		/* Not knowing is not a reason to refuse anything. */
		set_ok(r, "unknown: reading %s fails with %s", LOCKDOWN_PATH,
		       errname(n));
		return;
	}
	if (features__parse_lockdown(buf, mode, sizeof(mode))) {
		set_ok(r, "unknown: cannot parse %s", LOCKDOWN_PATH);
		return;
	}
	if (!strcmp(mode, "confidentiality"))
		set_missing(r, -EPERM, "confidentiality");
	else if (!strcmp(mode, "integrity"))
		set_ok(r, "integrity: bpf_probe_write_user is blocked");
	else
		set_ok(r, "%s", mode);
}

static void probe_tracefs(struct feature_result *r)
{
	const char *root = tracefs__root();
	char path[PATH_MAX];

	if (!root) {
		set_failed(r, tracefs__error(), "mounting tracefs");
		return;
	}
	snprintf(path, sizeof(path), "%s/events", root);
	if (access(path, R_OK | X_OK)) {
		int err = -errno;

		set_missing(r, err, "%s is not readable by uid %u (%s)", root,
			    (unsigned int)geteuid(), errname(err));
		return;
	}
	set_ok(r, "%s%s", root,
	       tracefs__mounted_by_us() ? ", mounted by sonde" : "");
}

static void probe_btf(struct feature_result *r)
{
	vmlinux_btf_lookup();
	if (vmlinux.error == -ENOENT)
		set_missing(r, -ENOENT, "no %s", VMLINUX_BTF_PATH);
	else if (vmlinux.error)
		set_failed(r, vmlinux.error, "loading " VMLINUX_BTF_PATH);
	else
		set_ok(r, "%s, %u types", VMLINUX_BTF_PATH, vmlinux.nr_types);
}

static void probe_tracepoint(struct feature_result *r)
{
	struct perf_event_attr attr = { 0 };
	int id, prog = -1, pfd = -1, err;

	id = tracefs__event_id("sched", "sched_switch");
	if (id < 0) {
		set_failed(r, id, "finding sched:sched_switch in tracefs");
		return;
	}
	prog = load_prog(BPF_PROG_TYPE_TRACEPOINT, 0, 0);
	if (prog < 0) {
		set_failed(r, prog, "program load");
		return;
	}
	attr.type = PERF_TYPE_TRACEPOINT;
	attr.config = (uint64_t)id;
	attr.sample_period = 1;
	attr.disabled = 1;
	pfd = perf_event__open(&attr, -1, 0, -1, 0);
	if (pfd < 0) {
		set_failed(r, pfd, "perf_event_open sched:sched_switch");
		goto out;
	}
	err = attach_bpf(pfd, prog);
	if (err)
		set_failed(r, err, "attach to sched:sched_switch");
	else
		set_ok(r, "BPF attaches to sched:sched_switch");
out:
	close_fd(pfd);
	close_fd(prog);
}

static void probe_raw_tracepoint(struct feature_result *r)
{
	int prog, link;

	prog = load_prog(BPF_PROG_TYPE_RAW_TRACEPOINT, 0, 0);
	if (prog < 0) {
		set_failed(r, prog, "program load");
		return;
	}
	link = bpf_raw_tracepoint_open(TP_BTF_EVENT, prog);
	if (link < 0)
		set_failed(r, link, "attach to " TP_BTF_EVENT);
	else
		set_ok(r, "BPF attaches to " TP_BTF_EVENT);
	close_fd(link);
	close_fd(prog);
}

/* fentry and tp_btf: BPF_PROG_TYPE_TRACING against a vmlinux BTF id. */
static void probe_tracing(struct feature_result *r, enum bpf_attach_type type,
			  int btf_id, const char *what)
{
	char step[96];
	int prog, link;

	if (btf_id < 0) {
		snprintf(step, sizeof(step), "finding %s in vmlinux BTF", what);
		set_failed(r, btf_id, step);
		return;
	}
	prog = load_prog(BPF_PROG_TYPE_TRACING, type, (uint32_t)btf_id);
	if (prog < 0) {
		set_failed(r, prog, "program load");
		return;
	}
	link = bpf_raw_tracepoint_open(NULL, prog);
	if (link < 0) {
		snprintf(step, sizeof(step), "attach to %s", what);
		set_failed(r, link, step);
	} else {
		set_ok(r, "BPF attaches to %s", what);
	}
	close_fd(link);
	close_fd(prog);
}

static void probe_tp_btf(struct feature_result *r)
{
	vmlinux_btf_lookup();
	probe_tracing(r, BPF_TRACE_RAW_TP, vmlinux.tp_id,
		      "btf_trace_" TP_BTF_EVENT);
}

static void probe_fentry(struct feature_result *r)
{
	vmlinux_btf_lookup();
	probe_tracing(r, BPF_TRACE_FENTRY, vmlinux.func_id, FENTRY_FUNC);
}

static void probe_perf_event(struct feature_result *r)
{
	struct perf_event_attr attr = { 0 };
	int prog, pfd = -1, err;

	prog = load_prog(BPF_PROG_TYPE_PERF_EVENT, 0, 0);
	if (prog < 0) {
		set_failed(r, prog, "program load");
		return;
	}
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_period = 10000000;
	attr.disabled = 1;
	pfd = perf_event__open(&attr, 0, -1, -1, 0);
	if (pfd < 0) {
		set_failed(r, pfd, "perf_event_open cpu-clock");
		goto out;
	}
	err = attach_bpf(pfd, prog);
	if (err)
		set_failed(r, err, "attach to cpu-clock");
	else
		set_ok(r, "BPF attaches to cpu-clock");
out:
	close_fd(pfd);
	close_fd(prog);
}

/* A kprobe or uprobe perf event (PMU type pmu_type) with a program on it. */
static void probe_probe_event(struct feature_result *r, int pmu_type,
			      uint64_t config1, uint64_t config2, pid_t pid,
			      int cpu, const char *what)
{
	struct perf_event_attr attr = { 0 };
	char step[128];
	int prog, pfd = -1, err;

	prog = load_prog(BPF_PROG_TYPE_KPROBE, 0, 0);
	if (prog < 0) {
		set_failed(r, prog, "program load");
		return;
	}
	attr.type = (uint32_t)pmu_type;
	attr.config1 = config1;
	attr.config2 = config2;
	attr.sample_period = 1;
	attr.disabled = 1;
	pfd = perf_event__open(&attr, pid, cpu, -1, 0);
	if (pfd < 0) {
		snprintf(step, sizeof(step), "perf_event_open %s", what);
		set_failed(r, pfd, step);
		goto out;
	}
	err = attach_bpf(pfd, prog);
	if (err) {
		snprintf(step, sizeof(step), "attach to %s", what);
		set_failed(r, err, step);
	} else {
		set_ok(r, "BPF attaches to %s", what);
	}
out:
	close_fd(pfd);
	close_fd(prog);
}

static void probe_kprobe(struct feature_result *r)
{
	static const char func[] = FENTRY_FUNC;
	const char *root;
	char path[PATH_MAX];
	int type, err;

	err = file__read_int(KPROBE_TYPE_PATH, &type);
	if (err == -ENOENT) {
		/* Before 4.17 kprobes were created through tracefs only. */
		root = tracefs__root();
		snprintf(path, sizeof(path), "%s/kprobe_events",
			 root ? root : "/sys/kernel/tracing");
		if (root && access(path, F_OK) == 0)
			set_ok(r, "no kprobe PMU, but %s (legacy)", path);
		else
			set_missing(r, -ENOENT, "no kprobe PMU");
		return;
	}
	if (err) {
		set_failed(r, err, "reading " KPROBE_TYPE_PATH);
		return;
	}
	probe_probe_event(r, type, (uint64_t)(uintptr_t)func, 0, -1, 0,
			  "kprobe:" FENTRY_FUNC);
}

/* A function of our own executable for the uprobe probe to point at. */
__attribute__((noinline, used)) int features__uprobe_target(int x);
__attribute__((noinline, used)) int features__uprobe_target(int x)
{
	__asm__ volatile("" : "+r"(x));
	return x + 1;
}

/* The file and file offset that hold addr in this process's mappings. */
static int self_file_offset(uintptr_t addr, char *path, size_t size,
			    uint64_t *offset)
{
	struct procmap *maps;
	const struct procmap *m;
	size_t nr;
	int err = procmaps__read(0, &maps, &nr);

	if (err)
		return err;
	m = procmaps__find(maps, nr, addr);
	err = -ENOENT;
	if (m && m->path[0] == '/' && strlen(m->path) < size) {
		snprintf(path, size, "%s", m->path);
		*offset = addr - m->start + m->pgoff;
		err = 0;
	}
	procmaps__free(maps);
	return err;
}

static void probe_uprobe(struct feature_result *r)
{
	char path[PATH_MAX], what[96];
	const char *base;
	uint64_t offset = 0;
	int type, err;

	err = file__read_int(UPROBE_TYPE_PATH, &type);
	if (err == -ENOENT) {
		set_missing(r, -ENOENT, "no uprobe PMU");
		return;
	}
	if (err) {
		set_failed(r, err, "reading " UPROBE_TYPE_PATH);
		return;
	}
	err = self_file_offset((uintptr_t)features__uprobe_target, path,
			       sizeof(path), &offset);
	if (err) {
		set_failed(r, err, "finding a function in /proc/self/maps");
		return;
	}
	base = strrchr(path, '/');
	snprintf(what, sizeof(what), "uprobe:%.64s:features__uprobe_target",
		 base ? base + 1 : path);
	/* Bound to this process: no other process sees the breakpoint. */
	probe_probe_event(r, type, (uint64_t)(uintptr_t)path, offset, 0, -1,
			  what);
}

static void probe_ringbuf(struct feature_result *r)
{
	long page = sysconf(_SC_PAGESIZE);
	int fd;

	fd = bpf_map_create(BPF_MAP_TYPE_RINGBUF, PROBE_PROG_NAME, 0, 0,
			    (uint32_t)(page > 0 ? page : 4096), NULL);
	if (fd < 0) {
		set_failed(r, fd, "ringbuf map create");
		return;
	}
	set_ok(r, "BPF_MAP_TYPE_RINGBUF map created");
	close(fd);
}

static void probe_hw_pmu(struct feature_result *r)
{
	struct perf_event_attr attr = { 0 };
	int fd;

	attr.type = PERF_TYPE_HARDWARE;
	attr.config = PERF_COUNT_HW_CPU_CYCLES;
	attr.disabled = 1;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = perf_event__open(&attr, 0, -1, -1, 0);
	if (fd == -ENOENT || fd == -EOPNOTSUPP || fd == -ENODEV) {
		set_missing(r, fd, "no PMU (cycles: %s)", errname(fd));
		return;
	}
	if (fd < 0) {
		set_failed(r, fd, "perf_event_open cycles");
		return;
	}
	set_ok(r, "cycles counter opens");
	close(fd);
}

static void (*const probes[FEATURE__COUNT])(struct feature_result *) = {
	[FEATURE_ROOT] = probe_root,
	[FEATURE_PERF_PARANOID] = probe_paranoid,
	[FEATURE_KPTR_RESTRICT] = probe_kptr_restrict,
	[FEATURE_LOCKDOWN] = probe_lockdown,
	[FEATURE_TRACEFS] = probe_tracefs,
	[FEATURE_BTF] = probe_btf,
	[FEATURE_TRACEPOINT] = probe_tracepoint,
	[FEATURE_RAW_TRACEPOINT] = probe_raw_tracepoint,
	[FEATURE_TP_BTF] = probe_tp_btf,
	[FEATURE_PERF_EVENT] = probe_perf_event,
	[FEATURE_KPROBE] = probe_kprobe,
	[FEATURE_FENTRY] = probe_fentry,
	[FEATURE_UPROBE] = probe_uprobe,
	[FEATURE_RINGBUF] = probe_ringbuf,
	[FEATURE_HW_PMU] = probe_hw_pmu,
};

/* ---- public ----------------------------------------------------------- */

const struct feature_result *features__probe(enum feature f)
{
	if ((unsigned int)f >= FEATURE__COUNT) {
		static const struct feature_result bad = {
			.error = -EINVAL, .detail = "unknown feature"
		};
		return &bad;
	}
	if (probed[f])
		return &results[f];
	bpf_loader__init();
	probes[f](&results[f]);
	probed[f] = true;
	return &results[f];
}

void features__probe_all(struct feature_result out[FEATURE__COUNT])
{
	for (int f = 0; f < FEATURE__COUNT; f++)
		out[f] = *features__probe((enum feature)f);
}

bool features__have(enum feature f)
{
	return features__probe(f)->ok;
}

const char *features__name(enum feature f)
{
	return (unsigned int)f < FEATURE__COUNT ? infos[f].name : "?";
}

const char *features__id(enum feature f)
{
	return (unsigned int)f < FEATURE__COUNT ? infos[f].id : "?";
}

const char *features__loss(enum feature f)
{
	return (unsigned int)f < FEATURE__COUNT ? infos[f].loss : "";
}

/* Missing for lack of privilege rather than for lack of a kernel feature. */
static bool for_privilege(enum feature f, const struct feature_result *r)
{
	if (f == FEATURE_ROOT)
		return true;
	if (f == FEATURE_LOCKDOWN)
		return false;
	return denied(r->error) ||
	       (f == FEATURE_PERF_PARANOID && !features__privileged());
}

const char *features__message(enum feature f, char *msg, size_t size)
{
	const struct feature_result *r = features__probe(f);

	if ((unsigned int)f >= FEATURE__COUNT)
		snprintf(msg, size, "unknown feature %d", (int)f);
	else if (r->ok)
		snprintf(msg, size, "%s: available (%s)", infos[f].name,
			 r->detail);
	else if (for_privilege(f, r))
		snprintf(msg, size,
			 "without root (or CAP_PERFMON and CAP_BPF), %s",
			 infos[f].loss);
	else
		snprintf(msg, size, "%s: %s", infos[f].absent, infos[f].loss);
	return msg;
}

int features__require(enum feature f, char *msg, size_t size)
{
	const struct feature_result *r = features__probe(f);

	if (r->ok)
		return 0;
	features__message(f, msg, size);
	return for_privilege(f, r) ? -EPERM : -EOPNOTSUPP;
}
