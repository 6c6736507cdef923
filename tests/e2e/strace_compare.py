#!/usr/bin/python3
"""Compares two traces in strace -f -o notation ("PID  call(...) = ret").

    strace_compare.py STRACE_FILE SONDE_FILE

Both runs are of the same command, so processes are matched by the order in
which they appear.  A call split by other threads (<unfinished ...>, then
<... resumed>) is joined back into one line.  What differs between two runs
of a program is masked: addresses and other hex, process ids, the contents
of getrandom, times.  Then each process's sequence of syscalls must be the
same, and each call's decoded arguments and return value must agree.
Prints the differences and exits 1 when there are any.
"""
import re
import sys

LINE = re.compile(r"^(\d+)\s+(.*)$")
CALL = re.compile(r"^([a-z_0-9]+)\((.*)$")
RESUMED = re.compile(r"^<\.\.\. ([a-z_0-9]+) resumed>(.*)$")
HEX = re.compile(r"0x[0-9a-f]+")
# Values that differ from run to run whatever the tracer.
RUN_DEPENDENT = {
    "getrandom": None,  # random bytes
    "clock_gettime": None,
    "gettimeofday": None,
    "time": None,
    "sysinfo": None,  # uptime, free memory
    "getppid": None,  # the first process's parent is the tracer
}


def calls(path):
    """Per process (in order of appearance): a list of (name, text)."""
    procs, order, partial = {}, [], {}
    with open(path, errors="replace") as f:
        for raw in f:
            m = LINE.match(raw.rstrip("\n"))
            if not m:
                continue
            pid, rest = int(m.group(1)), m.group(2)
            if pid not in procs:
                procs[pid] = []
                order.append(pid)
            if rest.startswith(("+++", "---")):
                continue
            if rest.endswith(" <unfinished ...>"):
                partial[pid] = rest[: -len(" <unfinished ...>")]
                continue
            r = RESUMED.match(rest)
            if r:
                rest = partial.pop(pid, r.group(1) + "(") + r.group(2)
            c = CALL.match(rest)
            if c:
                procs[pid].append((c.group(1), rest))
    return procs, order


def normalize(text, pids):
    text = HEX.sub("0xX", text)
    # A socket's own port is chosen by the kernel, differently each run.
    if text.startswith("getsockname("):
        text = re.sub(r"port=htons\(\d+\)", "port=htons(P)", text)
    text = re.sub(r"\s+= ", " = ", text)
    text = re.sub(r" <\d+\.\d+>$", "", text)
    for pid in pids:
        text = re.sub(r"\b%d\b" % pid, "PID", text)
    return text


def comparable(calls_of):
    """Drops what only one tracer can see: execve attempts that failed
    (execvp tries each PATH entry; sonde's command is followed from its
    exec on)."""
    return [
        (n, t) for n, t in calls_of if not (n == "execve" and " = -1 " in t)
    ]


def main():
    want, want_order = calls(sys.argv[1])
    got, got_order = calls(sys.argv[2])
    problems = []
    if len(want_order) != len(got_order):
        problems.append(
            "%d processes under strace, %d under sonde"
            % (len(want_order), len(got_order))
        )
    matched = compared = 0
    for w_pid, g_pid in zip(want_order, got_order):
        w, g = comparable(want[w_pid]), comparable(got[g_pid])
        w_names, g_names = [n for n, _ in w], [n for n, _ in g]
        if w_names != g_names:
            for i, (a, b) in enumerate(zip(w_names, g_names)):
                if a != b:
                    break
            else:
                i = min(len(w_names), len(g_names))
            problems.append(
                "process #%d: syscall %d is %s under strace, %s under sonde"
                % (
                    want_order.index(w_pid) + 1,
                    i + 1,
                    w_names[i] if i < len(w_names) else "(none)",
                    g_names[i] if i < len(g_names) else "(none)",
                )
            )
            continue
        for (name, a), (_, b) in zip(w, g):
            if name in RUN_DEPENDENT:
                continue
            compared += 1
            na, nb = normalize(a, want_order), normalize(b, got_order)
            if na == nb:
                matched += 1
            else:
                problems.append("strace: %s\n  sonde:  %s" % (na, nb))
    for p in problems:
        print(p)
    print("%d of %d calls decoded alike" % (matched, compared))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
