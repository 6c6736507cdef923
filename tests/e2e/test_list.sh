# sonde list: events, tracepoints, syscalls, USDT probes and functions.
. "$(dirname "$0")/lib.sh"
need_root

expect_status 0 "$SONDE" list
expect_grep '^  task-clock +\[Software event\]$' "$TMP/out"
expect_grep '^  context-switches OR cs +\[Software event\]$' "$TMP/out"
expect_grep '^  cpu-cycles OR cycles +\[Hardware event' "$TMP/out"
expect_grep '^  sched:sched_switch +\[Tracepoint event\]$' "$TMP/out"
expect_grep '^  syscalls:sys_enter_openat +\[Tracepoint event\]$' "$TMP/out"
expect_grep '^  getppid +\[Syscall [0-9]+\]$' "$TMP/out"
# This kernel has no PMU: hardware events say so (where there is one, they don't).
if ! perf stat -e cycles true 2>&1 | grep -q 'not supported'; then
	expect_no_grep 'not supported by this kernel' "$TMP/out"
else
	expect_grep '^  instructions +\[Hardware event, not supported by this kernel\]$' "$TMP/out"
fi
# Every tracepoint tracefs has is listed.
n_tracefs=$(find /sys/kernel/tracing/events -mindepth 2 -maxdepth 2 -type d | wc -l)
n_listed=$(grep -c '\[Tracepoint event\]' "$TMP/out")
[ "$n_tracefs" = "$n_listed" ] || fail "tracefs has $n_tracefs tracepoints, list shows $n_listed"

# Patterns: globs, and a plain word as a substring.
expect_status 0 "$SONDE" list 'syscalls:*open*'
expect_grep '^  syscalls:sys_enter_openat ' "$TMP/out"
expect_no_grep 'sched:' "$TMP/out"
expect_no_grep 'task-clock' "$TMP/out"
expect_status 0 "$SONDE" list getppid
expect_grep '^  syscalls:sys_exit_getppid ' "$TMP/out"
expect_grep '^  getppid +\[Syscall' "$TMP/out"
expect_status 1 "$SONDE" list 'no_such_thing_*'
expect_one_line_error "nothing matches 'no_such_thing_\*'"

# -v: a tracepoint's fields, from its format file.
expect_status 0 "$SONDE" list -v syscalls:sys_enter_openat
expect_grep '^      const char \* filename;$' "$TMP/out"
expect_grep '^      int flags;$' "$TMP/out"
expect_no_grep 'common_pid' "$TMP/out"

# --json, with fields under -v.
expect_status 0 "$SONDE" list --json -v 'sched:sched_process_fork'
/usr/bin/python3 - "$TMP/out" <<'PY' || fail "bad JSON from list"
import json, sys
doc = json.load(open(sys.argv[1]))
[ev] = doc["events"]
assert ev["name"] == "sched:sched_process_fork" and ev["group"] == "tracepoint"
assert "child_pid" in [f["name"] for f in ev["fields"]]
PY
expect_status 0 "$SONDE" list --json
/usr/bin/python3 - "$TMP/out" <<'PY' || fail "bad JSON from list"
import json, sys
groups = {e["group"] for e in json.load(open(sys.argv[1]))["events"]}
assert groups == {"software", "hardware", "tracepoint", "syscall"}, groups
PY

# --usdt on a binary: the workload's probe, no semaphore.
expect_status 0 "$SONDE" list --usdt "$WL"
expect_grep "^$WL\$" "$TMP/out"
expect_grep '^  sonde_test:tick +- +-8@[^ ]+ -8@[^ ]+$' "$TMP/out"
# Debian's python3 has probes with semaphores; in a running process too.
PY3=$(readlink -f /usr/bin/python3)
expect_status 0 "$SONDE" list --usdt "$PY3" 'python:*'
expect_grep '^  python:gc__start +semaphore ' "$TMP/out"
expect_grep '^  python:function__entry +semaphore ' "$TMP/out"
/usr/bin/python3 -c 'import time; time.sleep(30)' &
py=$!
sleep 0.3
expect_status 0 "$SONDE" list --usdt "$py"
expect_grep "^$PY3\$" "$TMP/out"
expect_grep '^  python:gc__start +semaphore ' "$TMP/out"
expect_status 0 "$SONDE" list --json --usdt "$py" 'python:gc__start'
/usr/bin/python3 - "$TMP/out" "$PY3" <<'PY' || fail "bad USDT JSON"
import json, sys
[p] = json.load(open(sys.argv[1]))["probes"]
assert p["provider"] == "python" and p["name"] == "gc__start" and p["semaphore"]
assert p["path"] == sys.argv[2], p
PY
kill "$py"
expect_status 1 "$SONDE" list --usdt 2147483647
expect_one_line_error "no such process: 2147483647"
expect_status 1 "$SONDE" list --usdt /etc/passwd
expect_one_line_error "cannot read USDT probes of '/etc/passwd': not an ELF file"

# --functions: .symtab and .dynsym, demangled.
expect_status 0 "$SONDE" list --functions "$WL"
for f in do_getppid hot_inner hot_outer fire_usdt main; do
	expect_grep "^$f\$" "$TMP/out"
done
expect_status 0 "$SONDE" list --functions "$TOP/build/workloads/cxxwork" sonde_test
expect_grep '^sonde_test::Shape::area\(int\) const$' "$TMP/out"
expect_grep '^long sonde_test::accumulate<long>\(long\)$' "$TMP/out"
expect_status 0 "$SONDE" list -v --functions "$WL" hot_inner
expect_grep '^[0-9a-f]{16} +[0-9]+ hot_inner$' "$TMP/out"
# A stripped binary keeps only .dynsym.
cp "$WL" "$TMP/stripped" && strip "$TMP/stripped"
expect_status 0 "$SONDE" list --functions "$TMP/stripped"
expect_no_grep '^hot_inner$' "$TMP/out"
expect_status 0 "$SONDE" list --functions "$(readlink -f /lib/x86_64-linux-gnu/libc.so.6)" malloc
expect_grep '^malloc$' "$TMP/out"
expect_status 1 "$SONDE" list --functions /no/such/file
expect_one_line_error "cannot read '/no/such/file': No such file or directory"

expect_status 2 "$SONDE" list --usdt "$WL" --functions "$WL"
expect_status 2 "$SONDE" list a b
exit 0
