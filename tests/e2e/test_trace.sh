# sonde trace -s: strace -c's table, counted and timed in BPF; calls and
# errors per syscall equal strace -f -c's.
. "$(dirname "$0")/lib.sh"
need_root

# calls and errors per syscall (and the total), from a strace -c table.
calls_errors() {
	awk 'NR > 2 && !/^-/ { print $NF, $4, (NF == 6 ? $5 : 0) }' "$1" | sort
}

# Exact counts: the workload's known calls.
"$SONDE" trace -s -o "$TMP/s.txt" -- "$WL" getppid 20000 write 500 > /dev/null || fail "trace -s"
expect_grep '^% time     seconds  usecs/call     calls    errors syscall$' "$TMP/s.txt"
expect_grep '^------ ----------- ----------- --------- --------- ----------------$' "$TMP/s.txt"
expect_grep '^ *[0-9.]+ +[0-9.]+ +[0-9]+ +20000 +getppid$' "$TMP/s.txt"
expect_grep '^ *[0-9.]+ +[0-9.]+ +[0-9]+ +500 +write$' "$TMP/s.txt"
expect_grep '^ *[0-9.]+ +[0-9.]+ +[0-9]+ +1 +execve$' "$TMP/s.txt"
expect_no_grep 'exit_group' "$TMP/s.txt" # it never returns: strace leaves it out
expect_grep '^100\.00 +[0-9.]+ +[0-9]+ +[0-9]+ .*total$' "$TMP/s.txt"
# Sorted by time, highest first (strace's default).
awk 'NR > 2 && !/^-/ && $NF != "total" { print $2 }' "$TMP/s.txt" | sort -c -r -n ||
	fail "rows not sorted by time"

# --hist: a log2 latency histogram per syscall, in bpftrace's layout, its
# slots adding up to the calls.
"$SONDE" trace -s --hist -o "$TMP/h.txt" -- "$WL" getppid 20000 > /dev/null || fail "trace --hist"
expect_grep '^@\[getppid\]: $' "$TMP/h.txt"
expect_grep '^\[[0-9KM]+, [0-9KM]+\) +[0-9]+ \|@+ *\|$' "$TMP/h.txt"
sum=$(awk '/^@\[getppid\]/ { on = 1; next } on && /^$/ { exit }
	on { sub(/ \|.*/, ""); n += $NF } END { print n }' "$TMP/h.txt")
[ "$sum" = 20000 ] || { cat "$TMP/h.txt"; fail "getppid's histogram holds $sum calls, want 20000"; }

# -e trace=: only the chosen syscalls, filtered in the kernel; ! negates.
"$SONDE" trace -s -e trace=getppid,write -o "$TMP/e.txt" -- "$WL" getppid 2000 write 30 > /dev/null || fail "trace -e"
[ "$(awk 'NR > 2 && !/^-/ && $NF != "total"' "$TMP/e.txt" | wc -l)" = 2 ] || { cat "$TMP/e.txt"; fail "want only getppid and write"; }
expect_grep ' 2000 +getppid$' "$TMP/e.txt"
"$SONDE" trace -s -e '!getppid' -o "$TMP/ne.txt" -- "$WL" getppid 2000 write 30 > /dev/null || fail "trace -e !"
expect_no_grep 'getppid' "$TMP/ne.txt"
expect_grep ' 30 +write$' "$TMP/ne.txt"

# -Z: only failed calls (each row's calls equal its errors).
"$SONDE" trace -s -Z -o "$TMP/z.txt" -- ls /nonexistent/x /etc > /dev/null 2>&1
expect_grep ' [0-9]+ +[0-9]+ +openat$' "$TMP/z.txt"
awk 'NR > 2 && !/^-/ && $4 != $5 { bad = 1 } END { exit bad }' "$TMP/z.txt" ||
	{ cat "$TMP/z.txt"; fail "-Z counted calls that did not fail"; }

# -I: a table per interval of the calls since the last; together, all.
"$SONDE" trace -s -I 200 -o "$TMP/i.txt" -- "$WL" getppid 1000 sleep 500 getppid 2000 > /dev/null || fail "trace -I"
[ "$(grep -cE '^[0-9]+\.[0-9]{3} s:$' "$TMP/i.txt")" -ge 2 ] || { cat "$TMP/i.txt"; fail "want two intervals or more"; }
[ "$(awk '$NF == "getppid" { n += $4 } END { print n }' "$TMP/i.txt")" = 3000 ] ||
	{ cat "$TMP/i.txt"; fail "the intervals' getppid calls do not add up to 3000"; }

# Against strace -f -c: the same syscalls, calls and errors, with forks.
for cmd in "$WL getppid 3000 write 200 fork 2 1000" "ls -l /etc"; do
	# shellcheck disable=SC2086
	strace -f -c -o "$TMP/strace.txt" $cmd > /dev/null 2>&1 || fail "strace $cmd"
	# shellcheck disable=SC2086
	"$SONDE" trace -s -f -o "$TMP/sonde.txt" -- $cmd > /dev/null 2>&1 || fail "trace $cmd"
	diff <(calls_errors "$TMP/strace.txt") <(calls_errors "$TMP/sonde.txt") > "$TMP/d.txt" ||
		{ cat "$TMP/d.txt"; fail "calls or errors differ from strace -f -c for '$cmd'"; }
done

# --per-pid: a table per process, headed "comm (pid), N calls".
"$SONDE" trace -s --per-pid -o "$TMP/pp.txt" -- "$WL" getppid 300 fork 2 1000 > /dev/null || fail "trace --per-pid"
[ "$(grep -cE '^ workload \([0-9]+\), [0-9]+ calls$' "$TMP/pp.txt")" = 3 ] || { cat "$TMP/pp.txt"; fail "want three processes"; }
[ "$(grep -cE ' 1000 +getppid$' "$TMP/pp.txt")" = 2 ] || fail "want 1000 getppid in each child"
expect_grep ' 300 +getppid$' "$TMP/pp.txt"

# --json: the table as one document.
"$SONDE" trace -s --json -o "$TMP/j.json" -- "$WL" getppid 300 > /dev/null || fail "trace -s --json"
/usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
row = [r for r in d["syscalls"] if r["syscall"] == "getppid"][0]
assert row["calls"] == 300 and row["errors"] == 0, row
assert d["total"]["calls"] >= 300
' "$TMP/j.json" || fail "trace -s --json"

# -S calls; the table on stderr by default, as strace prints it.
"$SONDE" trace -s -S calls -- "$WL" getppid 3000 write 200 > /dev/null 2> "$TMP/calls.txt" || fail "trace -S calls"
awk 'NR > 2 && !/^-/ && $NF != "total" { print $4 }' "$TMP/calls.txt" | sort -c -r -n ||
	fail "rows not sorted by calls"
expect_grep '3000 +getppid$' "$TMP/calls.txt"

# -p: a running process, from the attach on; it is not stopped.
"$WL" ready sleep 600 getppid 4000 sleep 300 > "$TMP/wl.out" &
wl=$!
for _ in $(seq 50); do grep -q ready "$TMP/wl.out" && break; sleep 0.05; done
"$SONDE" trace -s -p "$wl" -o "$TMP/p.txt" || fail "trace -p"
wait "$wl"
expect_grep ' 4000 +getppid$' "$TMP/p.txt"

# -a with --duration: the whole system for a while.
"$SONDE" trace -s -a --duration 0.3 -o "$TMP/a.txt" || fail "trace -a"
expect_grep 'total$' "$TMP/a.txt"

# Bad input: one line, non-zero.
expect_status 127 "$SONDE" trace -s -- /nonexistent/cmd
expect_one_line_error "cannot run '/nonexistent/cmd'"
expect_status 1 "$SONDE" trace -s -p 999999999
expect_one_line_error "no such process"
expect_status 2 "$SONDE" trace -s -S bogus -- true
expect_grep "bad sort key 'bogus'" "$TMP/err"
expect_status 2 "$SONDE" trace -s
expect_grep "nothing to trace" "$TMP/err"
expect_status 2 "$SONDE" trace -s -e trace=nosuchcall -- true
expect_one_line_error "unknown syscall 'nosuchcall'"
expect_status 2 "$SONDE" trace -s -e trace=%nosuchclass -- true
expect_one_line_error "syscall class '%nosuchclass'"
echo "ok: trace -s counts as strace -c does"
