// SPDX-License-Identifier: GPL-2.0
/*
 * sonde run: programs in bpftrace's language, compiled by sonde itself.
 * Built so far: the front end (parse, type check, diagnostics with a
 * caret, --dump=ast, --dump=types) and -l, the probes a pattern names, as
 * bpftrace -l lists them.  Compiling to BPF comes next.
 */
#include "cli/commands.h"
#include "core/events.h"
#include "core/tracefs.h"
#include "lang/parser.h"
#include "lang/sema.h"
#include "sym/elf.h"
#include "sym/usdt.h"
#include "util/err.h"
#include "util/strbuf.h"
#include "util/strutil.h"

#include <errno.h>
#include <fnmatch.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct run_opts {
	const char *program; /* -e */
	const char *file;
	const char *dump;    /* --dump=ast or --dump=types */
	bool list;	     /* -l */
	const char *pattern; /* -l's search, or NULL for all */
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

/* "uprobe:PATH:..." or "usdt:PATH:...": that file's functions or notes. */
static int add_file_probes(struct probe_names *pn)
{
	char kind[16], path[4096];
	const char *p = pn->pattern, *colon = p ? strchr(p, ':') : NULL;
	const char *end = colon ? strchr(colon + 1, ':') : NULL;
	struct elf_file *ef;
	int err;

	if (!colon || !end || (size_t)(colon - p) >= sizeof(kind) ||
	    (size_t)(end - colon - 1) >= sizeof(path))
		return 0;
	snprintf(kind, sizeof(kind), "%.*s", (int)(colon - p), p);
	snprintf(path, sizeof(path), "%.*s", (int)(end - colon - 1), colon + 1);
	if (!strcmp(kind, "usdt")) {
		struct usdt_probe *probes;
		size_t nr;

		err = usdt__read(path, &probes, &nr);
		for (size_t i = 0; !err && i < nr; i++) {
			char full[4096 + 160];

			snprintf(full, sizeof(full), "usdt:%s:%s:%s", path,
				 probes[i].provider, probes[i].name);
			err = add_probe(pn, full);
		}
		if (!err)
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
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+e:lh", longopts, NULL)) != -1) {
		switch (c) {
		case 'e':
			o->program = optarg;
			break;
		case 'l':
			o->list = true;
			break;
		case OPT_DUMP:
			if (strcmp(optarg, "ast") && strcmp(optarg, "types"))
				return commands__bad_usage(
					"run",
					"--dump=%s is not built yet: give "
					"--dump=ast or --dump=types",
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
	if (optind < argc)
		o->file = argv[optind];
	if (!!o->program == !!o->file)
		return commands__bad_usage(
			"run", o->program
				       ? "give -e PROGRAM or a file, not both"
				       : "no program: give -e PROGRAM or a "
					 "file");
	return 0;
}

int cmd_run(int argc, char **argv)
{
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
	lang_sema_env__init_system(&env);
	env.filename = o.file ? o.file : "stdin";
	err = lang_sema__check(prog, &env, &sema, &diag);
	if (err == -EINVAL) {
		lang_diag__print(stderr, &diag, o.program ? o.program : text);
		ret = EXIT_USAGE;
	} else if (err) {
		err_say("cannot check the program: %s", strerror(-err));
		ret = EXIT_FAIL;
	} else if (o.dump) {
		strbuf__init(&sb, 64u << 20);
		err = lang_sema__dump(&sb, prog, sema);
		if (!err && sb.len)
			fwrite(sb.buf, 1, sb.len, stdout);
		strbuf__release(&sb);
		ret = err ? EXIT_FAIL : EXIT_OK;
	} else {
		err_say("compiling programs to BPF is not built yet: "
			"--dump=ast shows the parse, --dump=types the types");
		ret = EXIT_FAIL;
	}
out:
	lang_sema__free(sema);
	lang_program__free(prog);
	free(text);
	return ret;
}
