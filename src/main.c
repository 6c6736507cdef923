// SPDX-License-Identifier: GPL-2.0
/* sonde: dynamic tracing and profiling for Linux.  Dispatch only. */
#include "cli/commands.h"
#include "util/err.h"
#include "util/strutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#ifndef SONDE_VERSION
#define SONDE_VERSION "0.0.0"
#endif

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const struct command command_table[] = {
	{ "list", cmd_list, "list what can be observed: events, tracepoints, syscalls, USDT probes, functions",
	  "[PATTERN] [-v] [--json] [--usdt PATH|PID] [--functions PATH]\n"
	  "\n"
	  "  PATTERN            glob over names, e.g. 'syscalls:*open*'\n"
	  "  -v, --verbose      show each tracepoint's fields; with --functions, addresses and sizes\n"
	  "      --usdt PATH|PID  USDT probes in a binary, or in every object a process maps\n"
	  "      --functions PATH functions a uprobe can attach to (demangled)\n"
	  "      --json         JSON output\n" },
	{ "stat", cmd_stat, "count events of a command, processes or the whole system",
	  "[-e EVENT,...] [-p PID,... | -a | [--] COMMAND [ARGS...]] [-I MS] [--duration S] [-x SEP] [--json]\n"
	  "\n"
	  "  -e, --event EVENT  events to count; globs allowed ('syscalls:sys_enter_*')\n"
	  "  -p, --pid PID,...  count existing processes (all their threads), without stopping them\n"
	  "  -a, --all-cpus     count system-wide\n"
	  "  -I, --interval-print MS  print counts every MS milliseconds\n"
	  "      --duration S   stop after S seconds (fractions allowed)\n"
	  "  -x, --field-separator SEP  CSV output as perf stat -x prints it\n"
	  "      --json         JSON output, one object per interval and one for the totals\n"
	  "\n"
	  "Ctrl-C or SIGTERM ends the count and prints the totals.\n" },
	{ "record", cmd_record, "sample stacks of a command, processes or the system into perf.data",
	  "[-F HZ | -c PERIOD] [-g] [-e EVENT] [-p PID,... | -t TID,... | -a | [--] COMMAND [ARGS...]]\n"
	  "              [--duration S] [-o FILE] [-m PAGES]\n"
	  "\n"
	  "  -e, --event EVENT  sampling event (default cpu-clock); any software event or tracepoint\n"
	  "  -F, --freq HZ      samples per second (default 99)\n"
	  "  -c, --count N      one sample every N events\n"
	  "  -g                 record call stacks (frame pointers)\n"
	  "      --call-graph MODE  fp or none\n"
	  "  -p, --pid PID,...  existing processes (all threads, and what they start)\n"
	  "  -t, --tid TID,...  existing threads only\n"
	  "  -a, --all-cpus     the whole system\n"
	  "      --duration S   stop after S seconds\n"
	  "  -o, --output FILE  perf.data file to write (default perf.data; the old one becomes .old)\n"
	  "  -m, --mmap-pages N ring buffer pages per CPU, a power of two (default 128)\n"
	  "\n"
	  "Ctrl-C, SIGTERM, --duration or the command's exit end the recording; the file is\n"
	  "complete after each.  perf report and perf script read it.\n" },
	{ "report", cmd_report, "show where the samples of a recording went, as perf report does",
	  "[-i FILE] [--sort KEYS] [--children|--no-children] [-g] [--percent-limit P] [--stdio] [--json]\n"
	  "\n"
	  "  -i, --input FILE   the recording (default perf.data); sonde's or perf's\n"
	  "  -s, --sort KEYS    comm, pid, dso, sym, comma-separated (default comm,dso,sym)\n"
	  "      --children     overhead with callees included, when stacks were recorded (default)\n"
	  "      --no-children  self overhead only\n"
	  "  -g, --call-graph   the call graph under each entry\n"
	  "      --percent-limit P  hide entries under P percent\n"
	  "      --stdio        text output (the default)\n"
	  "      --json         JSON output, one object per event\n" },
	{ "script", cmd_script, "print every sample in perf script's layout",
	  "[-i FILE]\n"
	  "\n"
	  "  -i, --input FILE   the recording (default perf.data); sonde's or perf's\n" },
	{ "collapse", cmd_collapse, "fold stacks as FlameGraph's stackcollapse-perf.pl does",
	  "[FILE|-] [--pid] [--tid] [--kernel] [--jit] [--all] [--addrs] [--event-filter EVENT]\n"
	  "              [--input-format auto|perf-data|perf-script] [--fix-headers] [-o FILE]\n"
	  "\n"
	  "  FILE               a recording or perf script text (default perf.data; - is stdin)\n"
	  "      --pid          \"comm-PID\" as the root frame\n"
	  "      --tid          \"comm-PID/TID\" as the root frame\n"
	  "      --kernel       mark kernel frames _[k]\n"
	  "      --jit          mark JIT frames _[j]\n"
	  "      --all          both\n"
	  "      --addrs        unknown frames keep their address\n"
	  "      --event-filter EVENT  this event only (default: the first seen)\n"
	  "      --fix-headers  read \"comm -1 ...\" headers right (stackcollapse-perf.pl does not)\n"
	  "  -o, --output FILE  write there instead of standard output\n" },
	{ "flamegraph", cmd_flamegraph, "draw a flame graph (SVG) from a recording, perf script text or folded stacks",
	  "[INPUT|-] [-o FILE] [--format svg|html] [--title T] [--subtitle S] [--width PX] [--height PX]\n"
	  "              [--minwidth PX|P%] [--countname NAME] [--reverse] [--inverted] [--flamechart]\n"
	  "              [--colors PALETTE] [--hash] [--palette-file FILE] [--input-format F]\n"
	  "       sonde flamegraph --diff BEFORE AFTER [--normalize] [--negate] [...]\n"
	  "       sonde flamegraph -p PID | -a | -- COMMAND [-F HZ] [--duration S] [...]\n"
	  "\n"
	  "  INPUT              a recording (sonde's or perf's), perf script text or folded\n"
	  "                     stacks, told apart by their content (default perf.data; - is stdin)\n"
	  "  -o, --output FILE  write the graph there (default standard output)\n"
	  "      --format F     svg (default), or html: a canvas page for very large profiles\n"
	  "      --title, --subtitle TEXT   the headings\n"
	  "      --width PX     image width (default 1200); --height PX: frame height (16)\n"
	  "      --minwidth PX|P%  omit frames narrower (default 0.1 px)\n"
	  "      --countname NAME  what a count is (default samples)\n"
	  "      --reverse      stacks reversed: callers above callees\n"
	  "      --inverted     an icicle graph: the root at the top\n"
	  "      --flamechart   input order (time) instead of name order\n"
	  "      --colors P     hot, mem, io, wakeup, java, js, perl, red, green, blue, aqua,\n"
	  "                     yellow, purple, orange (default hot)\n"
	  "      --hash         colours from names (similar names, similar colours)\n"
	  "      --palette-file FILE  name->colour map kept across graphs\n"
	  "      --diff BEFORE AFTER  red where AFTER grew, blue where it shrank\n"
	  "      --normalize    scale BEFORE to AFTER's total;  --negate: swap the colours\n"
	  "  -p, -a, -- COMMAND  record now (with -F, --duration), then draw\n" },
	{ "trace", cmd_trace, "trace syscalls in BPF, without ptrace: strace's lines, or its -c summary",
	  "[-s [-S KEY] [--hist] [--per-pid] [-I MS]] [-e trace=SET] [-Z] [-T] [-t|-tt|-ttt] [-y]\n"
	  "             [--string-limit N] [-p PID,... | -a | -- COMMAND ARGS] [-f] [--duration S] [-o FILE]\n"
	  "\n"
	  "  (no -s)            one line per call in strace's notation: arguments decoded\n"
	  "                     (paths, buffers, flags, structs, sockaddrs), errno names\n"
	  "  -e trace=SET       only these syscalls: names and classes %file %desc %network\n"
	  "                     %process %memory %signal %ipc %creds; a leading ! negates\n"
	  "                     the set; filtered in the kernel\n"
	  "  -Z, --failed-only  only calls that failed\n"
	  "  -T                 time spent in each call, <seconds>\n"
	  "  -t, -tt, -ttt      time of day, with microseconds, or since the epoch\n"
	  "  -y                 the path behind each file descriptor: 3</etc/passwd>\n"
	  "      --string-limit N  bytes of strings and buffers shown (default 32)\n"
	  "  -s, -c, --summary-only  count, time and errors per syscall, in strace -c's table\n"
	  "  -S, --summary-sort-by KEY  time (default), calls, errors or name\n"
	  "      --hist         and a log2 latency histogram per syscall (bpftrace's layout)\n"
	  "      --per-pid      a table per process\n"
	  "  -I MS              a table every MS milliseconds, of the calls since the last\n"
	  "  -p, --pid PID,...  running processes and all their threads\n"
	  "  -a, --all-cpus     the whole system (lines carry comm/pid)\n"
	  "  -f                 children are always followed; with -o, every line starts\n"
	  "                     with its pid, as strace -f -o writes it\n"
	  "      --duration S   stop after S seconds\n"
	  "  -o, --output FILE  write there (default standard error, as strace)\n"
	  "\n"
	  "A command is held until the probes are attached, and traced with its children\n"
	  "from its first syscall; the target is never stopped. Events the reader could not\n"
	  "keep up with are counted and reported as \"N events lost\". Ctrl-C, SIGTERM,\n"
	  "--duration or the command's exit end the trace.\n" },
	{ "run", cmd_run, "probes in bpftrace's language, compiled to BPF by sonde itself",
	  "[-e PROGRAM | FILE] [ARGS...] [-p PID | -c 'COMMAND ARGS'] [-q]\n"
	  "                [--dump=ast|types|ir|bpf] | -l [PATTERN]\n"
	  "\n"
	  "  -e PROGRAM         the program text (else a file); ARGS are $1, $2, ... ($#)\n"
	  "  -p, --pid PID      probes fire only in that process\n"
	  "  -c, --command CMD  run CMD (its pid is cpid) and stop when it exits\n"
	  "  -q, --quiet        no \"Attaching N probes...\" line\n"
	  "      --dump=STAGE   print a compilation stage and stop: ast (the parse),\n"
	  "                     types (each expression's type, the maps and variables),\n"
	  "                     ir (the intermediate code), bpf (the instructions)\n"
	  "  -l [PATTERN]       list probes, as bpftrace -l: tracepoint:CAT:NAME,\n"
	  "                     software:/hardware: events, uprobe:PATH:FUNC and\n"
	  "                     usdt:PATH:PROVIDER:NAME (give the path in PATTERN)\n"
	  "\n"
	  "Probes: BEGIN END tracepoint: rawtracepoint: uprobe: uretprobe: usdt: profile:\n"
	  "interval: software: hardware: kprobe: kretprobe: (fentry/fexit: not yet). The\n"
	  "maps print at exit (exit(), Ctrl-C, the command's end) as bpftrace prints them.\n" },
	{ "doctor", cmd_doctor, "say what this kernel lets sonde do",
	  "[-p PID] [--json]\n"
	  "\n"
	  "  -p, --pid PID      also check that process: for a JVM, whether its\n"
	  "                     compiled Java frames keep frame pointers\n"
	  "  --json             JSON output\n" },
	{ "help", cmd_help, "show the commands, or one command's options", "[COMMAND]\n" },
	{ "version", cmd_version, "print sonde's version", "\n" },
};

#define NR_COMMANDS (sizeof(command_table) / sizeof(command_table[0]))

const struct command *commands__find(const char *name)
{
	for (size_t i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(command_table[i].name, name))
			return &command_table[i];
	return NULL;
}

void commands__usage(const char *name, FILE *out)
{
	const struct command *cmd = commands__find(name);

	if (!cmd)
		return;
	fprintf(out, "usage: sonde %s %s", cmd->name, cmd->usage);
}

int commands__bad_usage(const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_vsay(fmt, ap);
	va_end(ap);
	fprintf(stderr, "see 'sonde %s --help'\n", name);
	return EXIT_USAGE;
}

int commands__parse_duration(const char *name, const char *arg,
			     unsigned long long *ns)
{
	if (str_to_seconds_ns(arg, ns) || !*ns)
		return commands__bad_usage(name,
					   "bad duration '%s': give seconds",
					   arg);
	return 0;
}

int commands__parse_interval(const char *name, const char *arg,
			     unsigned long long *ns)
{
	unsigned long long ms;

	if (str_to_u64(arg, &ms) || ms < 10 || ms > 86400000)
		return commands__bad_usage(
			name, "bad interval '%s': give milliseconds, 10 or more",
			arg);
	*ns = ms * 1000000ULL;
	return 0;
}

static void print_overview(FILE *out)
{
	fprintf(out, "usage: sonde [--version] [--help] COMMAND [ARGS]\n\n"
		     "commands:\n");
	for (size_t i = 0; i < NR_COMMANDS; i++)
		fprintf(out, "  %-10s %s\n", command_table[i].name,
			command_table[i].summary);
	fprintf(out, "\nSee 'sonde COMMAND --help' for a command's options.\n");
}

static int cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		print_overview(stdout);
		return EXIT_OK;
	}
	if (!commands__find(argv[1])) {
		err_say("no help for '%s': not a sonde command", argv[1]);
		return EXIT_USAGE;
	}
	commands__usage(argv[1], stdout);
	return EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("sonde %s\n", SONDE_VERSION);
	return EXIT_OK;
}

static int unknown_command(const char *name)
{
	const char *names[NR_COMMANDS], *close[4];
	size_t nr;

	for (size_t i = 0; i < NR_COMMANDS; i++)
		names[i] = command_table[i].name;
	nr = str_suggest(name, names, NR_COMMANDS, close, 4);
	if (!nr) {
		err_say("'%s' is not a sonde command; see 'sonde help'", name);
		return EXIT_USAGE;
	}
	fprintf(stderr, "sonde: '%s' is not a sonde command; did you mean", name);
	for (size_t i = 0; i < nr; i++)
		fprintf(stderr, "%s '%s'", i ? (i + 1 == nr ? " or" : ",") : "",
			close[i]);
	fputs("?\n", stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	const struct command *cmd;

	if (argc < 2) {
		print_overview(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return cmd_version(0, NULL);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv);
	if (argv[1][0] == '-') {
		err_say("unknown option '%s'; see 'sonde help'", argv[1]);
		return EXIT_USAGE;
	}
	cmd = commands__find(argv[1]);
	if (!cmd)
		return unknown_command(argv[1]);
	return cmd->fn(argc - 1, argv + 1);
}
