# sonde stat: counts on commands, processes and the whole system; output
# layouts; and counts checked against the real perf.
. "$(dirname "$0")/lib.sh"
need_root

# Default set on a command, perf's layout.
expect_status 0 "$SONDE" stat -- "$WL" spin 50
for e in task-clock context-switches cpu-migrations page-faults cycles instructions; do
	expect_grep "^ +([0-9.]+|<not supported>) +(msec )? *$e( |$)" "$TMP/err"
done
expect_grep "^ Performance counter stats for '$WL spin 50':" "$TMP/err"
expect_grep '^ +[0-9]+\.[0-9]{9} seconds time elapsed' "$TMP/err"
expect_grep '^ +[0-9]+\.[0-9]{9} seconds user' "$TMP/err"
expect_grep 'task-clock +# +[0-9.]+ CPUs utilized' "$TMP/err"

# Exact counts, across threads and children, equal to perf's.
expect_status 0 "$SONDE" stat -x, -e syscalls:sys_enter_getppid,syscalls:sys_exit_getppid \
	-- "$WL" getppid 1000 threads 3 100 fork 2 50
expect_grep '^1400,,syscalls:sys_enter_getppid,' "$TMP/err"
expect_grep '^1400,,syscalls:sys_exit_getppid,' "$TMP/err"
perf stat -x, -e syscalls:sys_enter_getppid -- "$WL" getppid 1000 threads 3 100 fork 2 50 2>"$TMP/perf"
expect_grep '^1400,,syscalls:sys_enter_getppid,' "$TMP/perf"

# Other tracepoints go through perf events, inherited by children.
expect_status 0 "$SONDE" stat -x, -e sched:sched_process_fork -- "$WL" fork 3 1
expect_grep '^3,,sched:sched_process_fork,' "$TMP/err"

# A glob: non-zero counts only, largest first.
expect_status 0 "$SONDE" stat -e 'syscalls:sys_enter_*' -- "$WL" getppid 777 write 33
head -n 4 "$TMP/err" | tail -n 1 | grep -Eq '^ +777 +syscalls:sys_enter_getppid$' ||
	{ cat "$TMP/err"; fail "getppid is not the first and largest count"; }
expect_grep '^ +33 +syscalls:sys_enter_write$' "$TMP/err"
expect_no_grep '^ +0 +syscalls:' "$TMP/err"
awk '/syscalls:/ { if (prev != "" && $1 > prev) bad = 1; prev = $1 } END { exit bad }' "$TMP/err" ||
	fail "glob counts are not sorted, largest first"

# The exit status of the command is passed on; command not found is 127.
expect_status 7 "$SONDE" stat -e task-clock -- sh -c 'exit 7'
expect_status 127 "$SONDE" stat -- /no/such/command
expect_one_line_error "cannot run '/no/such/command': No such file or directory"
# perf-style: the command without "--".
expect_status 0 "$SONDE" stat -e task-clock true

# -p: an existing process, counted without stopping it, until it exits.
"$WL" ready sleep 1000 getppid 300 sleep 100 > "$TMP/ready" &
wl=$!
while [ ! -s "$TMP/ready" ]; do sleep 0.01; done
expect_status 1 "$SONDE" stat -x, -e syscalls:sys_enter_getppid,task-clock -p "$wl"
expect_grep '^300,,syscalls:sys_enter_getppid,' "$TMP/err"
expect_grep "^sonde: process $wl exited during the count" "$TMP/err"
wait

# -a with --duration, and -I intervals.
"$WL" sleep 200 getppid 2000 &
expect_status 0 "$SONDE" stat -a -x, -e syscalls:sys_enter_getppid --duration 1
wait
count=$(cut -d, -f1 "$TMP/err")
[ "$count" -ge 2000 ] || fail "system-wide count $count < 2000"
# -a with a command: the whole system, while the command runs.
expect_status 0 "$SONDE" stat -a -x, -e syscalls:sys_enter_getppid -- "$WL" getppid 1234
count=$(cut -d, -f1 "$TMP/err")
[ "$count" -ge 1234 ] || fail "system-wide count $count < 1234"
expect_status 0 "$SONDE" stat -I 100 -e task-clock -- "$WL" spin 450
expect_grep '^#           time             counts unit events$' "$TMP/err"
[ "$(grep -Ec '^ +[0-9]+\.[0-9]{9} +[0-9.]+ msec task-clock' "$TMP/err")" -ge 3 ] ||
	{ cat "$TMP/err"; fail "fewer than 3 interval lines"; }
expect_status 0 "$SONDE" stat -I 100 -x';' -e context-switches -- "$WL" sleep 250
expect_grep '^[0-9]+\.[0-9]{9};[0-9]+;;context-switches;' "$TMP/err"

# JSON: one object per line; the totals carry the exact count.
expect_status 0 "$SONDE" stat --json -e syscalls:sys_enter_getppid,task-clock,cycles -- "$WL" getppid 123
/usr/bin/python3 - "$TMP/err" <<'PY' || fail "bad JSON"
import json, sys
doc = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
c = {x["event"]: x for x in doc["counters"]}
assert c["syscalls:sys_enter_getppid"]["value"] == 123, c
assert c["task-clock"]["unit"] == "msec"
assert "supported" in c["cycles"]
assert doc["elapsed_s"] > 0 and "user_s" in doc
PY

# -o FILE
expect_status 0 "$SONDE" stat -o "$TMP/out.txt" -e task-clock -- true
expect_grep 'task-clock' "$TMP/out.txt"

# Ctrl-C and SIGTERM end the count and still print the totals.
for sig in INT TERM; do
	"$WL" sleep 3000 &
	wl=$!
	"$SONDE" stat -e task-clock -p "$wl" 2>"$TMP/sig" &
	st=$!
	sleep 0.3
	kill -s "$sig" "$st"
	wait "$st" || fail "stat ended by SIG$sig exited $?"
	expect_grep 'task-clock' "$TMP/sig"
	expect_grep 'seconds time elapsed' "$TMP/sig"
	kill "$wl"; wait "$wl" 2>/dev/null
done
exit 0
