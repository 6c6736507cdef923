// SPDX-License-Identifier: GPL-2.0
/*
 * sonde list: what can be observed, grouped as perf list groups it, plus
 * the USDT probes and the functions of a binary or a process.
 */
#include "cli/commands.h"
#include "core/events.h"
#include "core/features.h"
#include "core/procmaps.h"
#include "core/syscalls.h"
#include "core/tracefs.h"
#include "render/json.h"
#include "sym/demangle.h"
#include "sym/elf.h"
#include "sym/usdt.h"
#include "util/err.h"
#include "util/strutil.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct list_opts {
	const char *pattern; /* a glob; a plain word matches as *word* */
	char glob[256];
	bool verbose;
	bool json;
	const char *usdt;
	const char *functions;
};

struct lister {
	const struct list_opts *o;
	struct json j;
	size_t shown;
};

static bool wanted(const struct list_opts *o, const char *name)
{
	return !o->pattern || str_glob_match(o->glob, name);
}

/* One event line: perf list's "  NAME   [Kind]" or a JSON object. */
static void show_event(struct lister *l, const char *name, const char *alias,
		       const char *group, const char *kind, bool supported,
		       const char *desc)
{
	char label[160];

	l->shown++;
	if (l->o->json) {
		json__begin_object(&l->j);
		json__kv_string(&l->j, "name", name);
		if (alias)
			json__kv_string(&l->j, "alias", alias);
		json__kv_string(&l->j, "group", group);
		json__kv_bool(&l->j, "supported", supported);
		if (desc)
			json__kv_string(&l->j, "description", desc);
		return; /* the caller may add fields, then closes it */
	}
	if (alias)
		snprintf(label, sizeof(label), "%s OR %s", name, alias);
	else
		snprintf(label, sizeof(label), "%s", name);
	printf("  %-50s [%s%s]\n", label, kind,
	       supported ? "" : ", not supported by this kernel");
}

static void end_event(struct lister *l)
{
	if (l->o->json)
		json__end_object(&l->j);
}

static void list_fixed(struct lister *l, enum event_kind kind)
{
	size_t nr;
	const struct event_def *defs = events__defs(&nr);
	bool have_pmu = kind != EVENT_HARDWARE || features__have(FEATURE_HW_PMU);

	for (size_t i = 0; i < nr; i++) {
		const struct event_def *d = &defs[i];

		if (d->kind != kind ||
		    (!wanted(l->o, d->name) &&
		     !(d->alias && wanted(l->o, d->alias))))
			continue;
		show_event(l, d->name, d->alias,
			   kind == EVENT_HARDWARE ? "hardware" : "software",
			   kind == EVENT_HARDWARE ? "Hardware event" :
						    "Software event",
			   have_pmu, d->desc);
		end_event(l);
	}
}

static void show_fields(struct lister *l, const char *category,
			const char *name)
{
	struct tracefs_format fmt;

	if (tracefs__read_format(category, name, &fmt))
		return;
	if (l->o->json) {
		json__key(&l->j, "fields");
		json__begin_array(&l->j);
	}
	for (size_t i = 0; i < fmt.nr_fields; i++) {
		const struct tracefs_field *f = &fmt.fields[i];

		if (f->common)
			continue;
		if (l->o->json) {
			json__begin_object(&l->j);
			json__kv_string(&l->j, "name", f->name);
			json__kv_string(&l->j, "type", f->type);
			json__kv_uint(&l->j, "offset", f->offset);
			json__kv_uint(&l->j, "size", f->size);
			json__kv_bool(&l->j, "signed", f->is_signed);
			json__end_object(&l->j);
		} else {
			printf("      %s;\n", f->decl);
		}
	}
	if (l->o->json)
		json__end_array(&l->j);
}

static int list_tracepoint(const char *category, const char *name, void *ctx)
{
	struct lister *l = ctx;
	char full[EVENT_NAME_MAX];

	snprintf(full, sizeof(full), "%s:%s", category, name);
	if (!wanted(l->o, full))
		return 0;
	show_event(l, full, NULL, "tracepoint", "Tracepoint event", true,
		   NULL);
	if (l->o->verbose)
		show_fields(l, category, name);
	end_event(l);
	return 0;
}

static void list_syscalls(struct lister *l)
{
	size_t nr;
	const struct syscall_entry *t = syscalls__native(&nr);
	char kind[32];

	for (size_t i = 0; i < nr; i++) {
		if (!wanted(l->o, t[i].name))
			continue;
		snprintf(kind, sizeof(kind), "Syscall %d", t[i].nr);
		show_event(l, t[i].name, NULL, "syscall", kind, true, NULL);
		if (l->o->json)
			json__kv_int(&l->j, "number", t[i].nr);
		end_event(l);
	}
}

static int list_events(struct lister *l)
{
	int err;

	if (l->o->json) {
		json__begin_object(&l->j);
		json__key(&l->j, "events");
		json__begin_array(&l->j);
	} else {
		printf("\nList of pre-defined events (to be used in -e):\n\n");
	}
	list_fixed(l, EVENT_HARDWARE);
	list_fixed(l, EVENT_SOFTWARE);
	err = tracefs__for_each_event(list_tracepoint, l);
	list_syscalls(l);
	if (l->o->json) {
		json__end_array(&l->j);
		json__end_object(&l->j);
		json__end_line(&l->j);
	}
	if (err) {
		err_say("cannot list tracepoints: %s%s", strerror(-err),
			err == -EACCES || err == -EPERM ?
				" (tracefs needs root)" :
				"");
		return err_exit_code(err);
	}
	if (!l->shown && l->o->pattern) {
		err_say("nothing matches '%s'", l->o->pattern);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* A PID when the argument is all digits and such a process exists. */
static bool as_pid(const char *arg, pid_t *pid)
{
	unsigned long long v;
	char path[64];
	struct stat st;

	if (str_to_u64(arg, &v) || v == 0 || v > INT32_MAX)
		return false;
	snprintf(path, sizeof(path), "/proc/%llu", v);
	*pid = (pid_t)v;
	return stat(path, &st) == 0 || stat(arg, &st) != 0;
}

static void show_probes(struct lister *l, const char *shown_path,
			const struct usdt_probe *p, size_t nr)
{
	char name[160];
	bool header = false;

	for (size_t i = 0; i < nr; i++) {
		snprintf(name, sizeof(name), "%s:%s", p[i].provider,
			 p[i].name);
		if (!wanted(l->o, name))
			continue;
		l->shown++;
		if (l->o->json) {
			json__begin_object(&l->j);
			json__kv_string(&l->j, "path", shown_path);
			json__kv_string(&l->j, "provider", p[i].provider);
			json__kv_string(&l->j, "name", p[i].name);
			json__kv_string(&l->j, "args", p[i].args);
			json__kv_uint(&l->j, "address", p[i].pc);
			json__kv_bool(&l->j, "semaphore", p[i].semaphore != 0);
			if (p[i].semaphore)
				json__kv_uint(&l->j, "semaphore_address",
					      p[i].semaphore);
			json__end_object(&l->j);
			continue;
		}
		if (!header)
			printf("%s\n", shown_path);
		header = true;
		printf("  %-40s %-10s %s\n", name,
		       p[i].semaphore ? "semaphore" : "-",
		       p[i].args[0] ? p[i].args : "(no arguments)");
	}
}

static int usdt_of_file(struct lister *l, const char *open_path,
			const char *shown_path, bool quiet)
{
	struct usdt_probe *probes = NULL;
	size_t nr = 0;
	int err = usdt__read(open_path, &probes, &nr);

	if (err) {
		if (!quiet)
			err_say("cannot read USDT probes of '%s': %s",
				shown_path,
				err == -ENOEXEC ? "not an ELF file" :
						  strerror(-err));
		return err;
	}
	show_probes(l, shown_path, probes, nr);
	usdt__free(probes);
	return 0;
}

static int list_usdt(struct lister *l)
{
	struct strlist objects = { 0 };
	char path[4096];
	pid_t pid;
	int err = 0;

	if (l->o->json) {
		json__begin_object(&l->j);
		json__key(&l->j, "probes");
		json__begin_array(&l->j);
	}
	if (as_pid(l->o->usdt, &pid)) {
		err = procmaps__objects(pid, &objects);
		if (err == -ENOENT || err == -ESRCH)
			err_say("no such process: %d", pid);
		else if (err)
			err_say("cannot read the mappings of process %d: %s",
				pid, strerror(-err));
		for (size_t i = 0; !err && i < objects.nr; i++) {
			if (procmaps__root_path(pid, objects.items[i], path,
						sizeof(path)))
				continue;
			/* Objects that vanished or are not ELF: skip them. */
			usdt_of_file(l, path, objects.items[i], true);
		}
	} else {
		err = usdt_of_file(l, l->o->usdt, l->o->usdt, false);
	}
	if (l->o->json) {
		json__end_array(&l->j);
		json__end_object(&l->j);
		json__end_line(&l->j);
	}
	strlist__release(&objects);
	if (err)
		return err_exit_code(err);
	if (!l->shown)
		fprintf(stderr, "sonde: no USDT probes%s%s in '%s'\n",
			l->o->pattern ? " matching " : "",
			l->o->pattern ? l->o->pattern : "", l->o->usdt);
	return EXIT_OK;
}

struct function {
	char *name; /* demangled */
	char *raw; /* as in the symbol table */
	uint64_t addr;
	uint64_t size;
};

struct function_list {
	struct function *items;
	size_t nr, cap;
	int err;
};

static int collect_function(const char *name, uint64_t addr, uint64_t size,
			    void *ctx)
{
	struct function_list *fl = ctx;
	char *demangled = demangle__name(name, true);
	struct function *f;

	if (fl->nr == fl->cap) {
		size_t cap = fl->cap ? fl->cap * 2 : 256;
		struct function *grown =
			realloc(fl->items, cap * sizeof(*grown));

		if (!grown) {
			free(demangled);
			return -ENOMEM;
		}
		fl->items = grown;
		fl->cap = cap;
	}
	f = &fl->items[fl->nr];
	f->raw = strdup(name);
	f->name = demangled ? demangled : strdup(name);
	f->addr = addr;
	f->size = size;
	if (!f->raw || !f->name) {
		free(f->raw);
		free(f->name);
		return -ENOMEM;
	}
	fl->nr++;
	return 0;
}

static int cmp_function(const void *a, const void *b)
{
	const struct function *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int list_functions(struct lister *l)
{
	struct function_list fl = { 0 };
	struct elf_file *ef = NULL;
	int err = elf_file__open(l->o->functions, &ef);

	if (err) {
		err_say("cannot read '%s': %s", l->o->functions,
			err == -ENOEXEC ? "not an ELF file" : strerror(-err));
		return err_exit_code(err);
	}
	err = elf_file__for_each_function(ef, collect_function, &fl);
	elf_file__close(ef);
	if (err) {
		err_say("cannot read the symbols of '%s': %s", l->o->functions,
			strerror(-err));
		goto out;
	}
	if (fl.nr > 1)
		qsort(fl.items, fl.nr, sizeof(*fl.items), cmp_function);
	if (l->o->json) {
		json__begin_object(&l->j);
		json__kv_string(&l->j, "path", l->o->functions);
		json__key(&l->j, "functions");
		json__begin_array(&l->j);
	}
	for (size_t i = 0; i < fl.nr; i++) {
		const struct function *f = &fl.items[i];

		if (!wanted(l->o, f->name) && !wanted(l->o, f->raw))
			continue;
		l->shown++;
		if (l->o->json) {
			json__begin_object(&l->j);
			json__kv_string(&l->j, "name", f->name);
			if (strcmp(f->name, f->raw))
				json__kv_string(&l->j, "mangled", f->raw);
			json__kv_uint(&l->j, "address", f->addr);
			json__kv_uint(&l->j, "size", f->size);
			json__end_object(&l->j);
		} else if (l->o->verbose) {
			printf("%016llx %8llu %s\n",
			       (unsigned long long)f->addr,
			       (unsigned long long)f->size, f->name);
		} else {
			printf("%s\n", f->name);
		}
	}
	if (l->o->json) {
		json__end_array(&l->j);
		json__end_object(&l->j);
		json__end_line(&l->j);
	}
	if (!fl.nr)
		fprintf(stderr,
			"sonde: no function symbols in '%s' (stripped?)\n",
			l->o->functions);
out:
	for (size_t i = 0; i < fl.nr; i++) {
		free(fl.items[i].name);
		free(fl.items[i].raw);
	}
	free(fl.items);
	return err ? err_exit_code(err) : EXIT_OK;
}

int cmd_list(int argc, char **argv)
{
	enum { OPT_JSON = 256, OPT_USDT, OPT_FUNCTIONS };
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "usdt", required_argument, NULL, OPT_USDT },
		{ "functions", required_argument, NULL, OPT_FUNCTIONS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct list_opts o = { 0 };
	struct lister l = { .o = &o };
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			o.verbose = true;
			break;
		case OPT_JSON:
			o.json = true;
			break;
		case OPT_USDT:
			o.usdt = optarg;
			break;
		case OPT_FUNCTIONS:
			o.functions = optarg;
			break;
		case 'h':
			commands__usage("list", stdout);
			return EXIT_OK;
		default:
			return commands__bad_usage("list", "unknown option '%s'",
						   argv[optind - 1]);
		}
	}
	if (optind < argc)
		o.pattern = argv[optind++];
	if (optind < argc)
		return commands__bad_usage("list", "unexpected argument '%s'",
					   argv[optind]);
	if (o.usdt && o.functions)
		return commands__bad_usage(
			"list", "--usdt and --functions do not go together");
	if (o.pattern)
		snprintf(o.glob, sizeof(o.glob),
			 str_is_glob(o.pattern) ? "%s" : "*%s*", o.pattern);
	json__init(&l.j, stdout, false);
	if (o.usdt)
		return list_usdt(&l);
	if (o.functions)
		return list_functions(&l);
	return list_events(&l);
}
