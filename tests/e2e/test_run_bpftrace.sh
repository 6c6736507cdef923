# sonde run against bpftrace itself: the same one-liners, on workloads
# whose events are known, print the same bytes.  The only liberty: map
# lines whose values tie may come in another order (bpftrace prints them
# in its hash table's), so bt_normalise.py sorts each run of them.
. "$(dirname "$0")/lib.sh"
need_root
command -v bpftrace > /dev/null || skip "no bpftrace"
command -v python3 > /dev/null || skip "no python3"
NORM=$TOP/tests/e2e/bt_normalise.py
# A copy of the workload under a name of its own: its comm and its
# uprobes are this test's alone, whatever else runs on the machine.
NAME=wl-$$
cp "$WL" "$TMP/$NAME" || fail "cannot copy the workload"
WL=$TMP/$NAME
U="usdt:$WL:sonde_test:tick" # arg0 = 0..N-1, arg1 = N

failures=0 n=0
# same PROGRAM COMMAND: both tools run PROGRAM with -c COMMAND; their
# stdout, normalised, must be equal, and so must their exit statuses.
same() {
	n=$((n + 1))
	timeout 30 bpftrace -e "$1" -c "$2" > "$TMP/bt.$n" 2> "$TMP/bt.err"
	bt_rc=$?
	timeout 30 "$SONDE" run -e "$1" -c "$2" > "$TMP/s.$n" 2> "$TMP/s.err"
	s_rc=$?
	if [ "$bt_rc" != "$s_rc" ]; then
		echo "--- $1" >&2; grep -v RLIMIT_MEMLOCK "$TMP/bt.err" >&2; cat "$TMP/s.err" >&2
		echo "MISMATCH: bpftrace exited $bt_rc, sonde $s_rc: $1" >&2
		failures=$((failures + 1))
		return
	fi
	if ! diff -u --label bpftrace --label sonde <(python3 "$NORM" "$TMP/bt.$n") <(python3 "$NORM" "$TMP/s.$n") > "$TMP/d.$n"; then
		echo "--- $1 (-c '$2')" >&2; cat "$TMP/d.$n" "$TMP/s.err" >&2
		echo "MISMATCH: output differs: $1" >&2
		failures=$((failures + 1))
	fi
}

W="/comm == \"$NAME\"/" # the workload's own syscalls, not the machine's

# Counting, by comm, by probe, by several keys; across threads and forks.
same "tracepoint:syscalls:sys_enter_getppid $W { @[comm] = count(); }" "$WL getppid 100"
same "tracepoint:syscalls:sys_enter_getppid $W { @[comm] = count(); }" "$WL threads 4 250"
same "tracepoint:syscalls:sys_enter_getppid $W { @ = count(); }" "$WL fork 3 100"
same "tracepoint:syscalls:sys_enter_getppid,tracepoint:syscalls:sys_enter_write $W { @[probe] = count(); }" "$WL getppid 30 write 20"
same "$U { @[arg0 % 2, arg0 % 3] = count(); }" "$WL usdt 60"
same "tracepoint:syscalls:sys_exit_getppid $W { @[args->ret > 0] = count(); }" "$WL getppid 10"
# Sums, averages, extremes, stats, histograms.
same "tracepoint:syscalls:sys_enter_write $W { @bytes[args->fd] = sum(args->count); }" "$WL write 50"
same "$U { @s = stats(arg0); @a = avg(arg0); @mi = min(arg0); @ma = max(arg0); @neg = min(arg0 - 5); }" "$WL usdt 100"
same "$U { @ = hist(arg0); @k = hist(arg0 * 1000); }" "$WL usdt 100"
same "$U { @ = lhist(arg0, 0, 100, 10); @out = lhist(arg0, 10, 50, 10); }" "$WL usdt 100"
same "tracepoint:syscalls:sys_enter_write $W { @ = hist(args->count); @l = lhist(args->count, 0, 4, 1); }" "$WL write 7"
# printf's conversions, str() of a syscall's argument and of a
# __data_loc string.
same "$U /arg0 < 3/ { printf(\"%d %s %-10s| %x %u %5d|%-5d|\\n\", arg0, comm, comm, arg0 + 250, arg1, arg0, arg0); }" "$WL usdt 10"
same "tracepoint:syscalls:sys_enter_openat $W { printf(\"open %s\\n\", str(args->filename)); }" "$WL write 1"
# Kernel structs and enums from BTF: the current task's members.
same "uprobe:$WL:add_numbers { \$t = (struct task_struct *)curtask; printf(\"%d %d %s %s %d\\n\", \$t->tgid == pid, \$t->pid == tid, \$t->comm, \$t->group_leader->comm, TCP_ESTABLISHED); @[\$t->comm, \$t->se.vruntime > 0] = count(); }" "$WL add 2"
# strncmp() against a name, and of two literals; reg().
same "uprobe:$WL:add_numbers { printf(\"%d %d %d %d %d\\n\", strncmp(comm, \"wl-\", 3), strncmp(comm, \"wlx\", 3), strncmp(\"abc\", \"abd\", 2), reg(\"si\"), reg(\"di\") == arg0); }" "$WL add 2"
# sizeof of types and of values.
same "BEGIN { \$x = (uint16)1; printf(\"%d %d %d %d\\n\", sizeof(uint32), sizeof(uint8), sizeof(comm), sizeof(\$x)); exit(); }" "$WL getppid 1"
# ntop(), bswap(), cat().
same "BEGIN { printf(\"%s %s %x %x %x\\n\", ntop(0x0100007f), ntop(2, 0x0100007f), bswap((uint16)0x1234), bswap((uint32)0x12345678), bswap(0x1122334455667788)); cat(\"/proc/sys/kernel/%s\", \"ostype\"); @[ntop(0x0100007f)] = count(); exit(); }" "$WL getppid 1"
# Widths as C's printf reads them: "%d" shows a 64-bit value's low half.
same "BEGIN { printf(\"%d %x %u %ld %lu %lx %X %o|%d %hhd %hu\\n\", 0x100000001, 0x100000001, 0x100000001, 0x100000001, -1, -1, 0x1ff, 8, (uint32)-1, 255, 70000); exit(); }" "$WL getppid 1"
same "tracepoint:syscalls:sys_enter_openat $W { @[str(args->filename)] = count(); }" "$WL write 1 write 1"
same "tracepoint:sched:sched_process_exec $W { printf(\"exec %s\\n\", str(args->filename)); }" "$WL getppid 1"
# Uprobes: arguments and return values.
same "uprobe:$WL:add_numbers { @[arg0] = sum(arg1); } uretprobe:$WL:add_numbers { @r = hist(retval); @m = max(retval); printf(\"ret %d\\n\", retval); }" "$WL add 5"
# The process must outlive the printing: both resolve ustack's symbols
# through it (bpftrace, too, prints bare addresses after it exited).
same "uprobe:$WL:add_numbers /arg0 == 2/ { printf(\"%s\\n\", ustack); }" "$WL add 3 sleep 300"
# Maps printed, cleared, zeroed, deleted; print's top and div.
same "$U { @c[arg0 % 4] = count(); } END { print(@c); clear(@c); }" "$WL usdt 10"
same "$U { @c[arg0] = count(); if (arg0 == 5) { delete(@c[2]); } }" "$WL usdt 6"
same "$U { @s[arg0] = sum(arg0 * 100); } END { print(@s, 3); print(@s, 0, 10); zero(@s); }" "$WL usdt 8"
# exit() on the last event (print reads the map when the event reaches
# user space, so an earlier one would race); the sleep after it is cut.
same "$U { @x = count(); @y = sum(arg0); } $U /arg0 == 9/ { print(@x); exit(); }" "$WL usdt 10 sleep 5000"
same "$U { @x = count(); @y = sum(arg0); if (arg0 == 9) { print(@x); print(@y); exit(); } }" "$WL usdt 10 sleep 5000"
# Control flow: if/else, ternary, while, unroll, string predicates.
# (A while loop's bound is a constant: bpftrace's own code for "$i < arg0"
# is too complex for this kernel's verifier.)
same "$U { if (arg0 < 2) { printf(\"low %d\\n\", arg0); } else if (arg0 < 4) { printf(\"mid %d\\n\", arg0); } else { printf(\"high\\n\"); } }" "$WL usdt 6"
same "$U { printf(\"%s\\n\", arg0 % 2 == 0 ? \"even\" : \"odd\"); @[arg0 > 2 ? 1 : 0] = count(); }" "$WL usdt 5"
same "$U /arg0 == 3/ { \$i = 0; while (\$i < 3) { printf(\"w%d\\n\", \$i); \$i++; } }" "$WL usdt 5"
same "$U /arg0 == 0/ { \$i = 10; unroll(3) { printf(\"u%d\\n\", \$i); \$i += 5; } }" "$WL usdt 2"
same "tracepoint:syscalls:sys_enter_getppid /comm != \"$NAME\" && comm == \"$NAME\"/ { @ = count(); } $U /comm == \"$NAME\"/ { @ok = count(); }" "$WL getppid 10 usdt 3"
same "$U { \$t = (arg0, \"x\", comm); if (arg0 == 1) { print(\$t); printf(\"%d %s\\n\", \$t.0, \$t.1); } @[arg0 % 2, \"k\"] = count(); }" "$WL usdt 4"
# BEGIN and END around the run, print of a value, exit from BEGIN.
same "BEGIN { printf(\"begin\\n\"); @n = 1; } $U { @n += 1; } END { printf(\"end %d\\n\", @n); print(5); }" "$WL usdt 3"
same "BEGIN { printf(\"only begin\\n\"); exit(); } END { printf(\"end\\n\"); }" "$WL sleep 1"

# Two probes on one point, in program order; func of a uprobe (resolved,
# by both, through the process: it must outlive the printing); BEGIN and
# END; a kernel stack; iovec counts.
same "$U /arg0 == 0/ { printf(\"first\\n\"); } $U /arg0 == 0/ { printf(\"second\\n\"); }" "$WL usdt 2"
same "uprobe:$WL:add_numbers { printf(\"%s %d\\n\", func, arg0); }" "$WL add 2 sleep 300"
# (bpftrace reads BEGIN's printf from its perf buffer after the command
# starts: under load a command's own output can come first there, so the
# order against the command's output is asserted in test_run_probes.sh.)
same "BEGIN { printf(\"begin\\n\"); } END { printf(\"end\\n\"); }" "$WL getppid 1"
same "tracepoint:syscalls:sys_enter_getppid $W { @[kstack] = count(); }" "$WL getppid 20"
same "tracepoint:syscalls:sys_enter_writev,tracepoint:syscalls:sys_enter_readv $W { @[probe, args->vlen] = count(); }" "$WL iov"

echo "$n one-liners, $failures differ from bpftrace"
[ "$failures" = 0 ] || fail "$failures of $n one-liners print differently under bpftrace and sonde run"
echo "ok: sonde run prints what bpftrace prints"
