# sonde run, end to end: real programs of every probe kind against the
# workload, whose events are known, so each printout is asserted exactly
# (bpftrace 0.17's, checked by hand against it).  Every mismatch is
# reported before the test fails, so one run lists them all.
. "$(dirname "$0")/lib.sh"
need_root
U="usdt:$WL:sonde_test:tick" # arg0 = 0..N-1, arg1 = N
GETPPID=$(printf '#include <sys/syscall.h>\nSYS_getppid\n' | cpp -P 2> /dev/null | tail -n 1)
case $GETPPID in '' | *[!0-9]*) GETPPID=110 ;; esac

failures=0
bad() { echo "MISMATCH: $*" >&2; failures=$((failures + 1)); }
# expect_run ARGS...: sonde run ARGS exits 0 and prints exactly stdin.
expect_run() {
	cat > "$TMP/want"
	timeout 60 "$SONDE" run "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ "$rc" != 0 ]; then
		cat "$TMP/err" >&2; bad "sonde run $* exited $rc"
	elif ! diff -u --label want --label got "$TMP/want" "$TMP/out" >&2; then
		bad "sonde run $*"
	fi
}
# expect_match ARGS...: sonde run ARGS exits 0 and each regex on stdin
# matches a line of its output.
expect_match() {
	timeout 60 "$SONDE" run "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	[ "$rc" = 0 ] || { cat "$TMP/out" "$TMP/err" >&2; bad "sonde run $* exited $rc"; return; }
	while IFS= read -r re; do
		grep -Eq -- "$re" "$TMP/out" || { cat "$TMP/out" >&2; bad "no line matches /$re/: sonde run $*"; }
	done
}
# expect_error STATUS REGEX ARGS...: sonde run ARGS fails with STATUS,
# says REGEX in its first line on stderr, with one error only, and
# attaches nothing.
expect_error() {
	want=$1 re=$2; shift 2
	timeout 60 "$SONDE" run "$@" > "$TMP/out" 2> "$TMP/err"
	rc=$?
	if [ "$rc" != "$want" ]; then
		cat "$TMP/out" "$TMP/err" >&2; bad "sonde run $* exited $rc, want $want"
	elif ! head -n 1 "$TMP/err" | grep -Eq -- "$re"; then
		cat "$TMP/err" >&2; bad "first error line does not match /$re/: sonde run $*"
	elif [ "$(grep -c 'ERROR\|^sonde:' "$TMP/err")" != 1 ]; then
		cat "$TMP/err" >&2; bad "want one error: sonde run $*"
	elif grep -q Attaching "$TMP/out"; then
		bad "attached anyway: sonde run $*"
	fi
}

# BEGIN before the command runs, END after it: the workload's "ready"
# comes between them.
expect_run -e 'BEGIN { printf("begin\n"); } END { printf("end\n"); }' -c "$WL ready" <<'OUT'
Attaching 2 probes...
begin
ready
end


OUT
# -q: no "Attaching" line.
expect_run -q -e 'BEGIN { printf("hi %d\n", 1 + 2); exit(); }' <<'OUT'
hi 3


OUT

# Tracepoints, as bpftrace's, fire for every process (-c does not filter
# them): "pid == cpid" keeps the command's.
# Integer fields, a string through str(), compared in a predicate; the
# command's write(2)s to /dev/null, on fd 3.
expect_run -e 'tracepoint:syscalls:sys_enter_openat /pid == cpid && str(args->filename) == "/dev/null"/ {
	printf("open %s wronly=%d\n", str(args->filename), args->flags & 3); }
tracepoint:syscalls:sys_enter_write /pid == cpid/ { @fd[args->fd] = count(); @bytes = sum(args->count); }' -c "$WL write 5" <<'OUT'
Attaching 2 probes...
open /dev/null wronly=1


@bytes: 5
@fd[3]: 5
OUT
# A __data_loc string: sched_process_exec's filename, the command's.
expect_run -e 'tracepoint:sched:sched_process_exec { printf("%s %s %d\n", str(args->filename), comm, pid == cpid); }' \
	-c "$WL getppid 1" <<OUT
Attaching 1 probe...
$WL workload 1


OUT
# A syscall's return value, from the exit tracepoint.
expect_run -e 'tracepoint:syscalls:sys_exit_getppid /pid == cpid/ { @[args->ret > 0] = count(); }' -c "$WL getppid 4" <<'OUT'
Attaching 1 probe...


@[1]: 4
OUT
# Raw tracepoints: sys_enter's arg1 is the syscall's number.
expect_run -e "rawtracepoint:sys_enter /pid == cpid && arg1 == $GETPPID/ { @ = count(); }" -c "$WL getppid 7" <<'OUT'
Attaching 1 probe...


@: 7
OUT

# Uprobes: arguments, return values, func, probe, ustack naming the
# workload's own functions (the sleep keeps it alive while they are
# resolved, through it, as bpftrace does too).
expect_run -e "uprobe:$WL:add_numbers { @args[arg0] = sum(arg1); printf(\"%s %s(%d, %d)\\n\", probe, func, arg0, arg1); }
uretprobe:$WL:add_numbers { @ret = sum(retval); printf(\"= %d\\n\", retval); }" -c "$WL add 3 sleep 200" <<OUT
Attaching 2 probes...
uprobe:$WL:add_numbers add_numbers(0, 100)
= 100
uprobe:$WL:add_numbers add_numbers(1, 100)
= 101
uprobe:$WL:add_numbers add_numbers(2, 100)
= 102


@args[0]: 100
@args[1]: 100
@args[2]: 100
@ret: 303
OUT
expect_run -e "uprobe:$WL:do_getppid { printf(\"n=%d\\n\", arg0); }" -c "$WL getppid 12 threads 2 5" <<'OUT'
Attaching 1 probe...
n=12
n=5
n=5


OUT
expect_match -e "uprobe:$WL:add_numbers /arg0 == 1/ { printf(\"%s\\n\", ustack); }" -c "$WL add 2 sleep 200" <<'RE'
^        add_numbers\+0$
^        main\+[0-9]+$
RE
# kstack of a syscall: its entry from user space.
expect_match -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @[kstack] = count(); }' -c "$WL getppid 3" <<'RE'
^    entry_SYSCALL|^    el0_svc|^    do_syscall
^\]: 3$
RE

# USDT: arguments.
expect_run -e "$U { printf(\"tick %d of %d\\n\", arg0, arg1); }" -c "$WL usdt 3" <<'OUT'
Attaching 1 probe...
tick 0 of 3
tick 1 of 3
tick 2 of 3


OUT

# Timed probes: profile, interval and software events count something;
# exit() ends a run that would last 60 s.
expect_match -e 'profile:hz:99 { @p = count(); } interval:ms:100 { @i = count(); }
software:cpu-clock:1000000 { @c = count(); } software:page-faults:1 { @f = count(); }' -c "$WL spin 400" <<'RE'
^@p: [1-9][0-9]*$
^@i: [1-9][0-9]*$
^@c: [1-9][0-9]*$
^@f: [1-9][0-9]*$
RE
expect_match -e 'interval:ms:20 { @n = count(); } interval:ms:150 { printf("stop\n"); exit(); }' -c "$WL sleep 60000" <<'RE'
^stop$
^@n: [1-9][0-9]*$
RE

# What this kernel lacks: a clear error, no attach, non-zero status.
expect_error 2 'no kprobes' -e 'kprobe:vfs_read { @ = count(); }'
expect_error 2 'no kprobes' -e 'kretprobe:vfs_read { @ = count(); }'
expect_error 2 'fentry' -e 'fentry:vfs_read { @ = count(); }'
expect_error 2 'hardware:cpu-cycles.*(PMU|hardware|not supported|unavailable)' -e 'hardware:cpu-cycles:100000 { @ = count(); }'

# Errors in the program's probes, and one the verifier refuses.
expect_error 2 'sys_enter_nosuch matches no tracepoint' -e 'tracepoint:syscalls:sys_enter_nosuch { @ = count(); }'
expect_error 2 "no function of '$WL' matches 'no_such_fn'" -e "uprobe:$WL:no_such_fn { @ = count(); }"
expect_error 2 "no USDT probe" -e "usdt:$WL:sonde_test:nosuch { @ = count(); }"
expect_error 2 "has no field 'nosuch'" -e 'tracepoint:syscalls:sys_enter_getppid { @ = args->nosuch; }'
expect_error 1 "verifier rejected" -e 'BEGIN { $i = 0; while ($i < 100000000) { $i++; } }'

# -c: cpid is the command's pid (else nothing is counted); its threads'
# tid differ.
expect_run -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { @[pid == cpid, tid == pid] = count(); }' -c "$WL getppid 5 threads 2 3" <<'OUT'
Attaching 1 probe...


@[1, 1]: 5
@[1, 0]: 6
OUT

# -p PID: only that process, not the same workload run beside it (for
# tracepoints too, unlike bpftrace -p); the run ends when it exits.  It waits (await) until the probes are live.
"$WL" ready await "$TMP/go" add 20 usdt 4 getppid 6 > "$TMP/wl.out" &
wpid=$!
for _ in $(seq 500); do grep -q ready "$TMP/wl.out" && break; sleep 0.02; done
timeout 60 "$SONDE" run -e "uprobe:$WL:add_numbers { @add = count(); } $U { @usdt = count(); }
tracepoint:syscalls:sys_enter_getppid { @getppid[pid == $wpid] = count(); }" -p "$wpid" > "$TMP/p.out" 2> "$TMP/p.err" &
spid=$!
for _ in $(seq 500); do grep -q Attaching "$TMP/p.out" && break; sleep 0.02; done
"$WL" add 7 usdt 5 getppid 3
touch "$TMP/go"
wait "$wpid"
wait "$spid" || { cat "$TMP/p.err" >&2; bad "run -p exited $?"; }
printf 'Attaching 3 probes...\n\n\n@add: 20\n@getppid[1]: 6\n@usdt: 4\n' > "$TMP/want"
diff -u --label want --label got "$TMP/want" "$TMP/p.out" >&2 || bad "run -p $wpid"

# Positional parameters: $1 as a number, str($2), $#; in a predicate;
# in a .bt file.
expect_run -e 'BEGIN { printf("%d %s %d\n", $1, str($2), $#); exit(); }' 42 hello <<'OUT'
Attaching 1 probe...
42 hello 2


OUT
printf '%s\n' "$U /arg0 == \$1/ { printf(\"hit %d\\n\", arg0); }" > "$TMP/p.bt"
expect_run -c "$WL usdt 5" "$TMP/p.bt" 3 <<'OUT'
Attaching 1 probe...
hit 3


OUT
# Options after the file, as bpftrace (its getopt permutes) takes them.
expect_run "$TMP/p.bt" -c "$WL usdt 5" 3 <<'OUT'
Attaching 1 probe...
hit 3


OUT
# A numeric parameter is a string too, to str().
expect_run -e 'BEGIN { printf("%s|%s\n", str($1), str($2)); exit(); }' 3 x <<'OUT'
Attaching 1 probe...
3|x


OUT

# Every aggregation, printed at the end: arg0 = 0..9.
expect_run -e "$U { @c = count(); @s = sum(arg0); @a = avg(arg0); @mi = min(arg0); @ma = max(arg0);
	@st = stats(arg0); @h = hist(arg0); @l = lhist(arg0, 0, 10, 5); @k[arg0 < 3, arg1] = count(); }" -c "$WL usdt 10" <<'OUT'
Attaching 1 probe...


@a: 4

@c: 10
@h: 
[0]                    1 |@@@@@@@@@@@@@                                       |
[1]                    1 |@@@@@@@@@@@@@                                       |
[2, 4)                 2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[4, 8)                 4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[8, 16)                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |

@k[1, 10]: 3
@k[0, 10]: 7
@l: 
[0, 5)                 5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[5, 10)                5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|

@ma: 9
@mi: 0
@s: 45
@st: count 10, average 4, total 45

OUT
# Maps: delete, print with top and div, clear, zero, print of a value.
# (A cleared map prints nothing; zeroed entries tie, sonde orders them by
# key.)
expect_run -e "$U { @s[arg0] = sum(arg0 * 100); if (arg0 == 4) { delete(@s[1]); } }
END { print(@s, 2); print(@s, 0, 100); print(7); print(\"v\"); zero(@s); @gone[1] = 1; clear(@gone); }" -c "$WL usdt 5" <<'OUT'
Attaching 2 probes...
@s[3]: 300
@s[4]: 400
@s[0]: 0
@s[2]: 2
@s[3]: 3
@s[4]: 4
7
v



@s[0]: 0
@s[2]: 0
@s[3]: 0
@s[4]: 0
OUT
# Control flow: if/else, ternary, while, unroll; tuples; time() prints
# something of its format.
expect_run -e "$U { if (arg0 == 0) { printf(\"zero\\n\"); } else if (arg0 == 1) { printf(\"one\\n\"); } else { printf(\"%s\\n\", arg0 % 2 ? \"odd\" : \"even\"); } }" -c "$WL usdt 4" <<'OUT'
Attaching 1 probe...
zero
one
even
odd


OUT
expect_run -e "$U /arg0 == 3/ { \$i = 0; while (\$i < 3) { \$i++; } unroll(2) { \$i += 10; } \$t = (\$i, comm, \"x\"); print(\$t); printf(\"%d %s\\n\", \$t.0, \$t.2); }" -c "$WL usdt 4" <<'OUT'
Attaching 1 probe...
(23, workload, x)
23 x


OUT
expect_match -e 'BEGIN { time("at %H:%M:%S\n"); exit(); }' <<'RE'
^at [0-9]{2}:[0-9]{2}:[0-9]{2}$
RE
# Two probes on one point run in the program's order.
expect_run -e "$U { printf(\"first\\n\"); } $U { printf(\"second\\n\"); }" -c "$WL usdt 1" <<'OUT'
Attaching 2 probes...
first
second


OUT
# exit() inside a block: the run ends at the second tick.
expect_run -e "$U { @n = count(); if (arg0 == 1) { exit(); } }" -c "$WL usdt 2 sleep 60000" <<'OUT'
Attaching 1 probe...


@n: 2
OUT

# --dump=ir and --dump=bpf print the program, without running it.
expect_match --dump=ir -e 'tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }' <<'RE'
^program 0: tracepoint:syscalls:sys_enter_getppid
RE
expect_match --dump=bpf -e 'tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }' <<'RE'
^program 0: tracepoint:syscalls:sys_enter_getppid
^ *[0-9]+: \([0-9a-f]{2}\) .*exit
RE

# join() of an argv (a record bigger than the BPF stack, built in the
# per-CPU scratch value); libraries and programs named as bpftrace finds
# them; kaddr() from kallsyms.
expect_run -e 'tracepoint:syscalls:sys_enter_execve /pid == cpid/ { join(args.argv); join(args.argv, ","); }' -c "$WL getppid 1" <<OUT
Attaching 1 probe...
$WL getppid 1
$WL,getppid,1


OUT
expect_match -l 'uprobe:libc:malloc' <<'RE'
^uprobe:/.*/libc\.so\.6:malloc$
RE
expect_match -e 'uprobe:libc:syscall /pid == cpid/ { @[probe] = count(); }' -c "$WL getppid 3" <<'RE'
^@\[uprobe:/.*/libc\.so\.6:syscall\]: 3$
RE
expect_match -e 'BEGIN { printf("%d\n", kaddr("__start_rodata") != 0); exit(); }' <<'RE'
^1$
RE

# Kernel structs from BTF: members, embedded structs, pointers followed.
expect_run -e 'uprobe:'"$WL"':add_numbers /pid == cpid/ { $t = (struct task_struct *)curtask; printf("%d %d %s %d %d\n", $t->tgid == pid, $t->pid == tid, $t->comm, $t->parent->tgid > 0, $t->se.vruntime > 0); }' -c "$WL add 1" <<OUT
Attaching 1 probe...
1 1 workload 1 1


OUT
expect_error 2 'struct task_struct has no field .nope.' -e 'BEGIN { @ = ((struct task_struct *)curtask)->nope; }'
cat > "$TMP/connect.py" <<'PY'
import socket
socket.socket().connect_ex(("127.0.0.1", 1))
PY
# ntop() of a socket's addresses: a tracepoint's u8[16], a struct sock's
# int and u8[16] (inside unnamed unions: a v4 socket's ::ffff:a.b.c.d),
# for a connect to a closed port (IPv6 may be off where the tests run).
expect_match -e 'tracepoint:sock:inet_sock_set_state /pid == cpid/ { $sk = (struct sock *)args->skaddr; printf("%d %s %s %s\n", $sk->__sk_common.skc_family, ntop($sk->__sk_common.skc_daddr), ntop($sk->__sk_common.skc_v6_daddr.in6_u.u6_addr8), ntop(args->family, args->daddr_v6)); }' \
	-c "/usr/bin/python3 $TMP/connect.py" <<'RE'
^2 127\.0\.0\.1 ::ffff:127\.0\.0\.1 0\.0\.0\.0$
RE

# A user stack printed after its process exited: named from the mappings
# read while it lived (bpftrace prints bare addresses here).
expect_match -e 'uprobe:'"$WL"':do_getppid { @[ustack(2)] = count(); }' -c "$WL getppid 1 sleep 100" <<'RE'
^ +do_getppid\+0$
^ +main\+[0-9]+$
RE

[ "$failures" = 0 ] || fail "$failures of sonde run's end-to-end checks failed"
echo "ok: sonde run runs programs of every probe kind"
