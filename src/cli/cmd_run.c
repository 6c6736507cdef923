// SPDX-License-Identifier: GPL-2.0
/*
 * sonde run: programs in bpftrace's language, compiled by sonde itself
 * (lang/): parsed, type-checked, generated as IR and lowered to BPF,
 * loaded, attached through the providers; the runtime prints what the
 * probes send and the maps at the end, as bpftrace does.  -l lists the
 * probes a pattern names, as bpftrace -l.
 */
#include "bpf/attach.h"
#include "cli/commands.h"
#include "cli/target_args.h"
#include "core/events.h"
#include "core/features.h"
#include "core/target.h"
#include "core/tracefs.h"
#include "lang/compile.h"
#include "lang/parser.h"
#include "lang/runtime.h"
#include "lang/sema.h"
#include "sym/elf.h"
#include "sym/usdt.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strutil.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct run_opts {
	const char *program; /* -e */
	const char *file;
	const char *dump;    /* --dump=ast|types|ir|bpf */
	bool list;	     /* -l */
	const char *pattern; /* -l's search, or NULL for all */
	const char *pid;     /* -p */
	const char *command; /* -c */
	bool quiet;	     /* -q */
	char **positional;   /* $1..., after the program */
	size_t nr_positional;
};

/* Probes found by -l, sorted before printing. */
struct probe_names {
	struct strlist names;
	const char *pattern;
};

/*
 * bpftrace's matching: the pattern against the whole name, or, without
 * a provider in it, against what follows the provider.
 */
static bool probe_matches(const char *pattern, const char *full)
{
	const char *rest = strchr(full, ':');

	if (!pattern || !fnmatch(pattern, full, 0))
		return true;
	return !strchr(pattern, ':') && rest && !fnmatch(pattern, rest + 1, 0);
}

static int add_probe(struct probe_names *pn, const char *full)
{
	if (!probe_matches(pn->pattern, full))
		return 0;
	return strlist__push(&pn->names, full);
}

static int add_tracepoint(const char *category, const char *name, void *ctx)
{
	char full[512];

	snprintf(full, sizeof(full), "tracepoint:%s:%s", category, name);
	return add_probe(ctx, full);
}

static int add_fixed_events(struct probe_names *pn)
{
	size_t nr;
	const struct event_def *defs = events__defs(&nr);
	int err = 0;

	for (size_t i = 0; !err && i < nr; i++) {
		char full[256];

		snprintf(full, sizeof(full), "%s:%s:",
			 defs[i].kind == EVENT_HARDWARE ? "hardware"
							: "software",
			 defs[i].name);
		err = add_probe(pn, full);
	}
	return err;
}

struct function_ctx {
	struct probe_names *pn;
	const char *kind;
	const char *path;
};

static int add_function(const char *name, uint64_t addr, uint64_t size,
			void *ctx)
{
	struct function_ctx *f = ctx;
	char full[1024];

	snprintf(full, sizeof(full), "%s:%s:%s", f->kind, f->path, name);
	return add_probe(f->pn, full);
}

/* The USDT probes or the functions of one file, against pn's pattern. */
static int add_probes_of(struct probe_names *pn, const char *kind,
			 const char *path)
{
	struct elf_file *ef;
	int err;

	if (!strcmp(kind, "usdt")) {
		struct usdt_probe *probes;
		size_t nr;

		err = usdt__read(path, &probes, &nr);
		if (err)
			return err;
		for (size_t i = 0; !err && i < nr; i++) {
			char full[4096 + 160];

			snprintf(full, sizeof(full), "usdt:%s:%s:%s", path,
				 probes[i].provider, probes[i].name);
			err = add_probe(pn, full);
		}
		usdt__free(probes);
		return err;
	}
	if (strcmp(kind, "uprobe") && strcmp(kind, "uretprobe"))
		return 0;
	err = elf_file__open(path, &ef);
	if (err)
		return err;
	err = elf_file__for_each_function(
		ef, add_function,
		&(struct function_ctx){.pn = pn, .kind = kind, .path = path});
	elf_file__close(ef);
	return err;
}

/*
 * "uprobe:PATH:..." or "usdt:PATH:...": that file's functions or notes;
 * "libc" or "bash" as the file found, in the names and the pattern.
 */
static int add_file_probes(struct probe_names *pn)
{
	char kind[16], name[4096], path[4096], pattern[8192];
	const char *p = pn->pattern, *colon = p ? strchr(p, ':') : NULL;
	const char *end = colon ? strchr(colon + 1, ':') : NULL;
	struct probe_names found = {.names = pn->names, .pattern = pattern};
	int err;

	if (!colon || !end || (size_t)(colon - p) >= sizeof(kind) ||
	    (size_t)(end - colon - 1) >= sizeof(name))
		return 0;
	snprintf(kind, sizeof(kind), "%.*s", (int)(colon - p), p);
	snprintf(name, sizeof(name), "%.*s", (int)(end - colon - 1), colon + 1);
	if (elf_file__find(name, path, sizeof(path)))
		return 0;
	snprintf(pattern, sizeof(pattern), "%s:%s%s", kind, path, end);
	err = add_probes_of(&found, kind, path);
	pn->names = found.names;
	return err;
}

static int list_probes(const struct run_opts *o)
{
	struct probe_names pn = {.pattern = o->pattern};
	int err = tracefs__for_each_event(add_tracepoint, &pn);

	if (!err)
		err = add_fixed_events(&pn);
	if (!err)
		err = add_file_probes(&pn);
	if (err) {
		err_say("cannot list probes: %s",
			err == -ENOEXEC ? "not an ELF file" : strerror(-err));
		strlist__release(&pn.names);
		return err_exit_code(err);
	}
	strlist__sort(&pn.names);
	for (size_t i = 0; i < pn.names.nr; i++)
		puts(pn.names.items[i]);
	strlist__release(&pn.names);
	return EXIT_OK;
}

/* A program file, whole and NUL-terminated, up to the parser's limit. */
static int read_program(const char *path, char **text, size_t *len)
{
	FILE *f = fopen(path, "re");
	char *buf = f ? malloc(LANG_SOURCE_MAX + 1) : NULL;
	int err = 0;

	if (!f)
		return -errno;
	if (!buf) {
		fclose(f);
		return -ENOMEM;
	}
	*len = fread(buf, 1, LANG_SOURCE_MAX + 1, f);
	if (ferror(f))
		err = -EIO;
	else if (*len > LANG_SOURCE_MAX)
		err = -EFBIG;
	fclose(f);
	if (err) {
		free(buf);
		return err;
	}
	buf[*len] = '\0';
	*text = buf;
	return 0;
}

static int parse_args(int argc, char **argv, struct run_opts *o)
{
	enum { OPT_DUMP = 256 };
	static const struct option longopts[] = {
		{"dump", required_argument, NULL, OPT_DUMP},
		{"pid", required_argument, NULL, 'p'},
		{"command", required_argument, NULL, 'c'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "e:lhp:c:q", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'e':
			o->program = optarg;
			break;
		case 'l':
			o->list = true;
			break;
		case 'p':
			o->pid = optarg;
			break;
		case 'c':
			o->command = optarg;
			break;
		case 'q':
			o->quiet = true;
			break;
		case OPT_DUMP:
			if (strcmp(optarg, "ast") && strcmp(optarg, "types") &&
			    strcmp(optarg, "ir") && strcmp(optarg, "bpf"))
				return commands__bad_usage(
					"run",
					"unknown stage '%s': give --dump=ast, "
					"types, ir or bpf",
					optarg);
			o->dump = optarg;
			break;
		case 'h':
			commands__usage("run", stdout);
			exit(EXIT_OK);
		default:
			return commands__bad_usage("run", "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (o->list) {
		o->pattern = optind < argc ? argv[optind] : NULL;
		return 0;
	}
	if (!o->program && optind < argc)
		o->file = argv[optind++];
	if (!o->program && !o->file)
		return commands__bad_usage("run", "no program: give -e PROGRAM "
						  "or a file");
	if (o->pid && o->command)
		return commands__bad_usage("run", "give -p or -c, not both");
	o->positional = argv + optind;
	o->nr_positional = (size_t)(argc - optind);
	return 0;
}

/* --dump=ir and --dump=bpf: each program, headed by its probes. */
static void dump_compiled(const struct lang_compiled *c, const char *stage)
{
	for (size_t i = 0; i < c->nr_progs; i++) {
		const struct lang_prog *p = &c->progs[i];

		printf("%sprogram %zu:", i ? "\n" : "", i);
		for (size_t t = 0; t < p->targets.nr && t < 8; t++)
			printf(" %s", p->targets.items[t].probe);
		if (p->targets.nr > 8)
			printf(" ... (%zu probes)", p->targets.nr);
		printf("\n");
		fflush(stdout);
		if (!strcmp(stage, "ir"))
			ir__dump(stdout, &p->ir);
		else
			insn__dump(stdout, p->insns.insns, p->insns.nr);
	}
}

static enum bpf_prog_type prog_type(const struct lang_prog *p)
{
	const struct lang_provider *pv = lang_provider__of(p->type);

	return pv ? pv->prog_type : BPF_PROG_TYPE_UNSPEC;
}

/* The verifier's last words: the line that names the failure. */
static const char *verifier_reason(char *log)
{
	char *end = log + strlen(log), *line;

	while (end > log && (end[-1] == '\n' || end[-1] == ' '))
		*--end = '\0';
	for (line = end; line > log && line[-1] != '\n'; line--)
		;
	/* "processed N insns ..." closes a log; the reason is before it. */
	if (!strncmp(line, "processed ", 10) && line > log) {
		line[-1] = '\0';
		return verifier_reason(log);
	}
	return line;
}

/*
 * The instruction the verifier stopped at: the last "N: (op) ..." line
 * of its log; -1 when there is none.
 */
static long failed_insn(const char *log)
{
	long at = -1;

	for (const char *line = log; line && *line;) {
		char *end;
		long n = strtol(line, &end, 10);

		if (end != line && end[0] == ':' && end[1] == ' ' &&
		    end[2] == '(')
			at = n;
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return at;
}

/*
 * Says why the kernel refused p: at the statement the failing
 * instruction was generated for, with the verifier's reason.
 */
static void say_rejected(const struct lang_prog *p, char *log, const char *file,
			 const char *source)
{
	long at = failed_insn(log);
	const char *reason = *log ? verifier_reason(log) : strerror(errno);
	struct lang_diag diag;

	if (at >= 0 && (size_t)at < p->insns.nr &&
	    p->insns.origins[at] < p->ir.nr_origins) {
		lang_diag__init(&diag);
		lang_diag__error(&diag, file,
				 p->ir.origins[p->insns.origins[at]],
				 "the kernel's verifier rejected the code of "
				 "this statement: %s",
				 reason);
		lang_diag__print(stderr, &diag, source);
		return;
	}
	err_say("the kernel rejected the program of %s: %s",
		p->targets.nr ? p->targets.items[0].probe : "a probe", reason);
}

static int load_progs(struct lang_compiled *c, const char *file,
		      const char *source)
{
	char *log = NULL;

	for (size_t i = 0; i < c->nr_progs; i++) {
		struct lang_prog *p = &c->progs[i];
		const struct lang_provider *pv = lang_provider__of(p->type);
		LIBBPF_OPTS(bpf_prog_load_opts, opts);

		/* fentry/fexit: bound to their function when loaded. */
		if (pv->attach_type && p->targets.nr) {
			opts.expected_attach_type =
				pv->attach_type(&p->targets.items[0]);
			opts.attach_btf_id = p->targets.items[0].btf_id;
		}

		p->fd = bpf_prog_load(prog_type(p), "sonde_run", "GPL",
				      p->insns.insns, p->insns.nr, &opts);
		if (p->fd >= 0)
			continue;
		/* Again, with the verifier's log, to say why. */
		log = calloc(1, 1u << 22);
		if (!log)
			return -ENOMEM;
		opts.log_buf = log;
		opts.log_size = 1u << 22;
		opts.log_level = 1;
		p->fd = bpf_prog_load(prog_type(p), "sonde_run", "GPL",
				      p->insns.insns, p->insns.nr, &opts);
		/* EACCES is also the verifier's word: a log says which. */
		if (!*log && (errno == EPERM || errno == EACCES)) {
			err_say("loading BPF programs needs root (or CAP_BPF "
				"and CAP_PERFMON): %s",
				strerror(errno));
			free(log);
			return -EPERM;
		}
		say_rejected(p, log, file, source);
		free(log);
		return -EINVAL;
	}
	return 0;
}

static size_t nr_attach_points(const struct lang_compiled *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->nr_progs; i++)
		n += c->progs[i].targets.nr;
	return n;
}

static bool is_uprobe(enum lang_probe_type type)
{
	return type == LANG_PROBE_UPROBE || type == LANG_PROBE_URETPROBE ||
	       type == LANG_PROBE_USDT;
}

static int attach_prog(const struct lang_prog *p, pid_t pid,
		       struct bpf_attachments *a)
{
	const struct lang_provider *pv = lang_provider__of(p->type);

	for (size_t t = 0; t < p->targets.nr; t++) {
		int err = pv->attach(&p->targets.items[t], p->fd,
				     pid > 0 ? pid : -1, a);

		if (err) {
			err_say("cannot attach %s: %s",
				p->targets.items[t].probe, strerror(-err));
			return err;
		}
	}
	return 0;
}

/*
 * Probes on one place run in program order, as bpftrace's: uprobes run
 * their programs last attached first, so they attach in reverse.
 */
static int attach_progs(const struct lang_compiled *c, pid_t pid,
			struct bpf_attachments *a)
{
	int err = 0;

	for (size_t i = 0; !err && i < c->nr_progs; i++)
		if (!is_uprobe(c->progs[i].type))
			err = attach_prog(&c->progs[i], pid, a);
	for (size_t i = c->nr_progs; !err && i-- > 0;)
		if (is_uprobe(c->progs[i].type))
			err = attach_prog(&c->progs[i], pid, a);
	return err;
}

/* BEGIN or END: their programs, run once in sonde's task. */
static int run_special(const struct lang_compiled *c, enum lang_probe_type type)
{
	for (size_t i = 0; i < c->nr_progs; i++) {
		int ret;

		if (c->progs[i].type != type)
			continue;
		ret = bpf_attach__run_once(c->progs[i].fd);
		if (ret < 0) {
			err_say("cannot run %s: %s",
				type == LANG_PROBE_BEGIN ? "BEGIN" : "END",
				strerror(-ret));
			return ret;
		}
	}
	return 0;
}

struct run_loop {
	struct lang_runtime *rt;
	bool exited;
	int err;
};

static int on_events(void *ctx)
{
	struct run_loop *l = ctx;
	int ret = lang_runtime__drain(l->rt);

	if (ret < 0) {
		l->err = ret;
		return ret;
	}
	if (ret == 1) {
		l->exited = true;
		return -ECANCELED; /* exit(): the wait ends */
	}
	return 0;
}

/* -c 'COMMAND ARGS': split on blanks, as bpftrace splits it. */
static char **split_command(char *cmd)
{
	size_t n = 0;
	char **argv = calloc(strlen(cmd) / 2 + 2, sizeof(*argv));
	char *save = NULL;

	if (!argv)
		return NULL;
	for (char *w = strtok_r(cmd, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save))
		argv[n++] = w;
	argv[n] = NULL;
	return argv;
}

static int run_compiled(const struct run_opts *o, struct lang_compiled *c,
			struct target *t, const char *file, const char *source)
{
	struct bpf_attachments att = {0};
	struct run_loop l = {0};
	int fd, err, end;

	err = lang_runtime__create_maps(c);
	if (err) {
		err_say("cannot create the program's maps: %s", strerror(-err));
		return err_exit_code(err);
	}
	err = lang_compile__bind_maps(c);
	if (!err)
		err = load_progs(c, file, source);
	if (err)
		return err == -EPERM ? EXIT_NOPERM : EXIT_FAIL;
	err = lang_runtime__new(c, stdout, &l.rt);
	if (err) {
		err_say("cannot read the program's events: %s", strerror(-err));
		return EXIT_FAIL;
	}
	err = attach_progs(c, t->nr_pids ? t->pids[0] : t->child, &att);
	if (!err && !o->quiet) {
		size_t n = nr_attach_points(c);

		printf("Attaching %zu probe%s...\n", n, n == 1 ? "" : "s");
		fflush(stdout);
	}
	if (!err)
		err = run_special(c, LANG_PROBE_BEGIN);
	if (!err && on_events(&l) == 0 && t->child) {
		err = target__release(t);
		if (err)
			err_say("cannot run '%s': %s", t->argv[0],
				strerror(-err));
	}
	fd = lang_runtime__fd(l.rt);
	if (!err && !l.exited) {
		end = target__run(t, &(struct target_wait){
					     .fds = &fd,
					     .nr_fds = 1,
					     .on_ready = on_events,
					     .interval_ns = 100000000,
					     .on_interval = on_events,
					     .ctx = &l,
				     });
		if (end < 0 && end != -ECANCELED && !l.err)
			err_say("the run stopped: %s", strerror(-end));
	}
	bpf_attach__release(&att);
	if (!err && !l.err) {
		if (!l.exited)
			on_events(&l);
		err = lang_runtime__end(l.rt);
		if (!err)
			err = run_special(c, LANG_PROBE_END);
		if (!err)
			on_events(&l);
	}
	if (!err && !l.err)
		err = lang_runtime__print_maps(l.rt);
	lang_runtime__free(l.rt);
	if (l.err)
		err_say("cannot print the program's events: %s",
			strerror(-l.err));
	return err || l.err ? EXIT_FAIL : EXIT_OK;
}

static int compile_and_run(const struct run_opts *o,
			   const struct lang_program *prog,
			   const struct lang_sema *sema,
			   const struct lang_sema_env *env, const char *source)
{
	struct lang_compiled c = {0};
	struct lang_diag diag;
	struct target t;
	char *cmd = o->command ? strdup(o->command) : NULL;
	char **argv = cmd ? split_command(cmd) : NULL;
	int ret, err;

	target__init(&t);
	if (o->command && (!argv || !argv[0])) {
		free(cmd);
		free(argv);
		return commands__bad_usage("run", "-c needs a command");
	}
	/* The command first: its pid is cpid, compiled in. */
	if (!o->dump) {
		ret = target_args__open("run",
					&(struct target_args){
						.pids = o->pid,
						.system_wide = !o->pid && !argv,
						.argv = argv,
					},
					&t);
		if (ret)
			goto out;
	}
	lang_diag__init(&diag);
	err = lang_compile(prog, sema,
			   &(struct lang_compile_opts){
				   .env = env,
				   .pid = t.nr_pids ? t.pids[0] : 0,
				   .cpid = t.child,
				   .start_ns = target__now_ns(),
			   },
			   &c, &diag);
	if (err == -EINVAL && diag.set) {
		lang_diag__print(stderr, &diag, source);
		ret = EXIT_USAGE;
	} else if (err) {
		err_say("cannot compile the program: %s", strerror(-err));
		ret = EXIT_FAIL;
	} else if (o->dump) {
		dump_compiled(&c, o->dump);
		ret = EXIT_OK;
	} else {
		ret = run_compiled(o, &c, &t, env->filename, source);
	}
out:
	if (t.child && t.go_fd >= 0)
		target__finish(&t);
	else if (t.child)
		target__finish(&t);
	target__release_all(&t);
	lang_compiled__release(&c);
	free(argv);
	free(cmd);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	char msg[FEATURE_MSG_MAX];
	struct run_opts o = {0};
	struct lang_program *prog = NULL;
	struct lang_sema *sema = NULL;
	struct lang_sema_env env;
	struct lang_diag diag;
	struct strbuf sb;
	char *text = NULL;
	size_t len = 0;
	int ret = parse_args(argc, argv, &o), err;

	if (ret)
		return ret;
	if (o.list)
		return list_probes(&o);
	if (o.file) {
		err = read_program(o.file, &text, &len);
		if (err) {
			err_say("cannot read '%s': %s", o.file, strerror(-err));
			return EXIT_FAIL;
		}
	}
	lang_diag__init(&diag);
	err = lang__parse(o.program ? o.program : text,
			  o.program ? strlen(o.program) : len,
			  o.file ? o.file : "stdin", &prog, &diag);
	if (err) {
		lang_diag__print(stderr, &diag, o.program ? o.program : text);
		free(text);
		return EXIT_USAGE;
	}
	if (o.dump && !strcmp(o.dump, "ast")) {
		strbuf__init(&sb, 64u << 20);
		err = lang_ast__dump(&sb, prog, 0);
		if (!err && sb.len)
			fwrite(sb.buf, 1, sb.len, stdout);
		strbuf__release(&sb);
		ret = err ? EXIT_FAIL : EXIT_OK;
		goto out;
	}
	/* Said once, before the probes' files are read and refused one by one.
	 */
	if (!o.dump && features__require(FEATURE_ROOT, msg, sizeof(msg))) {
		err_say("%s", msg);
		ret = EXIT_NOPERM;
		goto out;
	}
	lang_sema_env__init_system(&env);
	env.filename = o.file ? o.file : "stdin";
	env.positional = (const char *const *)o.positional;
	env.nr_positional = o.nr_positional;
	err = lang_sema__check(prog, &env, &sema, &diag);
	if (err == -EINVAL) {
		lang_diag__print(stderr, &diag, o.program ? o.program : text);
		ret = EXIT_USAGE;
	} else if (err) {
		err_say("cannot check the program: %s", strerror(-err));
		ret = EXIT_FAIL;
	} else if (o.dump && !strcmp(o.dump, "types")) {
		strbuf__init(&sb, 64u << 20);
		err = lang_sema__dump(&sb, prog, sema);
		if (!err && sb.len)
			fwrite(sb.buf, 1, sb.len, stdout);
		strbuf__release(&sb);
		ret = err ? EXIT_FAIL : EXIT_OK;
	} else {
		ret = compile_and_run(&o, prog, sema, &env,
				      o.program ? o.program : text);
	}
out:
	lang_sema__free(sema);
	lang_program__free(prog);
	free(text);
	return ret;
}
