#!/usr/bin/env bash
# `sonde run` against bpftrace (issue 7), on the same machine in one run;
# medians of RUNS, sonde/bpftrace ratios (below 1 is sonde ahead):
#  - start-up of
#      tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }
#    plus a probe on getppid, called in a loop by a process (niced, so it
#    leaves the tracer the CPU), that exits: from the command line to that
#    probe's first event (the probe live: compiling, loading, attaching),
#    and to the tool's exit (the whole run: also the final print and
#    detaching, where the kernel waits for RCU grace periods);
#  - peak memory (max RSS, /usr/bin/time -f %M) of that getppid run;
#  - cost per event, by the target's own timer: a loop of N getppid calls
#    untraced, then under each tool (-c) with
#      tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }
#      tracepoint:raw_syscalls:sys_exit { @ = hist(args->ret); }
#    the slowdown, the ns added per call, and sonde's added ns over
#    bpftrace's.  The count one-liner's @[bench-getppid] must be N: any other
#    count is printed beside it.
# Goals (issue 7): start-up <= 50 ms, max RSS <= 15 MB, added ns <= 1.0x.
#   bench/run.sh [RUNS] [N]     (root)
# ${TOOL[...]} is a command line: split on purpose.
# shellcheck disable=SC2086
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-7}
N=${2:-2000000}
WL=build/workloads/workload
[ -x build/sonde ] && [ -x "$WL" ] || make -s all workloads
command -v bpftrace > /dev/null || { echo "bpftrace is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }
OUT=$(mktemp -d)
LOOP=
trap '[ -n "$LOOP" ] && kill "$LOOP" 2> /dev/null; rm -rf "$OUT"' EXIT
# The workload under a name of its own: the count one-liner counts by comm,
# and the test suite's runs of "workload" may be going on beside this one.
cp "$WL" "$OUT/bench-getppid"
WL=$OUT/bench-getppid

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
med() { tr ' ' '\n' <<< "$1" | grep . | median; }
declare -A vals
add() { vals[$1]="${vals[$1]:-} $2"; }
# The command line of each tool (bpftrace 0.17 says on stderr it cannot
# raise RLIMIT_MEMLOCK: harmless).
declare -A TOOL=([sonde]="build/sonde run" [bpftrace]=bpftrace)

# Start-up.  The probe keeps the least nsecs (CLOCK_MONOTONIC) since $2, the
# command line's moment by date (CLOCK_REALTIME) less OFF, the difference of
# the clocks: min() rather than printf, since sonde goes on printing events
# that come after exit() (bpftrace drops them), and less $2 since bpftrace
# 0.17 prints nothing for a min() of 2^32 or more.  A run that does not end
# within 10 s, or reports no event, is reported.
OFF=$(python3 -c 'import time; print(time.time_ns() - time.monotonic_ns())')
OPENAT='tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }'
GETPPID="$OPENAT tracepoint:syscalls:sys_enter_getppid /pid == \$1/ { @live = min(nsecs - \$2); exit(); }"
nice -n 19 "$WL" getppid 100000000000 > /dev/null &
LOOP=$!
declare -A failed
startup() { # TOOL: adds TOOL_live and TOOL_whole, in µs
	local t=$1 s e live rc=0
	s=$(date +%s%N)
	timeout 10 ${TOOL[$t]} -e "$GETPPID" $LOOP $((s - OFF)) > "$OUT/out" 2>&1 || rc=$?
	e=$(date +%s%N)
	live=$(awk '/^@live: [0-9]/ { print $2 }' "$OUT/out")
	[ $rc = 0 ] || failed[$t]="${failed[$t]:-} rc=$rc"
	[ -n "$live" ] || { failed[$t]="${failed[$t]:-} no-event"; live=$((e - s)); }
	add "${t}_live" $((live / 1000))
	add "${t}_whole" $(((e - s) / 1000))
}
for _ in $(seq "$RUNS"); do
	for t in sonde bpftrace; do
		startup $t
		# timeout's rusage includes the tool's, its only child.
		/usr/bin/time -f %M -o "$OUT/rss" timeout 10 ${TOOL[$t]} -e "$GETPPID" $LOOP \
			$(($(date +%s%N) - OFF)) > /dev/null 2>&1 || true
		add "${t}_rss" "$(tail -n 1 "$OUT/rss")"
	done
done
kill $LOOP 2> /dev/null || true
wait $LOOP 2> /dev/null || true
LOOP=

echo "start-up of '$OPENAT' plus a probe on a getppid loop that exits (median of $RUNS):"
for v in live whole; do
	s=$(med "${vals[sonde_$v]}") b=$(med "${vals[bpftrace_$v]}")
	case $v in
	live) what="to the first event" ;;
	whole) what="to the exit" ;;
	esac
	printf '  %-19s sonde %6.1f ms  bpftrace %6.1f ms  sonde/bpftrace %.2fx\n' "$what" \
		"$(bc -l <<< "$s / 1000")" "$(bc -l <<< "$b / 1000")" "$(bc -l <<< "$s / $b")"
done
for t in sonde bpftrace; do
	[ -n "${failed[$t]:-}" ] && echo "  $t failed:${failed[$t]}"
done
s=$(med "${vals[sonde_rss]}") b=$(med "${vals[bpftrace_rss]}")
printf 'max RSS of that run:   sonde %6.1f MB  bpftrace %6.1f MB  sonde/bpftrace %.2fx\n' \
	"$(bc -l <<< "$s / 1024")" "$(bc -l <<< "$b / 1024")" "$(bc -l <<< "$s / $b")"

# Cost per event: the loop's own time, from the workload's "getppid_ns T".
COUNT='tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }'
HIST='tracepoint:raw_syscalls:sys_exit { @ = hist(args->ret); }'
loop_ns() { "$@" > "$OUT/out" 2> /dev/null || true; awk '/^getppid_ns/ { print $2 }' "$OUT/out"; }
declare -A bad added
configs="base sonde_count bpftrace_count sonde_hist bpftrace_hist"
for _ in $(seq "$RUNS"); do
	for c in $configs; do
		case $c in
		base) t=$(loop_ns "$WL" getppid-timed "$N") ;;
		*_count) t=$(loop_ns ${TOOL[${c%_*}]} -e "$COUNT" -c "$WL getppid-timed $N")
			n=$(awk '/^@\[bench-getppid\]:/ { print $2 }' "$OUT/out")
			[ "$n" = "$N" ] || bad[$c]="${bad[$c]:-} ${n:-none}" ;;
		*_hist) t=$(loop_ns ${TOOL[${c%_*}]} -e "$HIST" -c "$WL getppid-timed $N") ;;
		esac
		[ -n "$t" ] || { echo "$c: no getppid_ns line" >&2; t=0; }
		add "$c" "$t"
	done
done
base=$(med "${vals[base]}")
printf '%d getppid calls, untraced: %.3f s, %.0f ns per call (loop time, median of %d runs)\n' \
	"$N" "$(bc -l <<< "$base / 1000000000")" "$(bc -l <<< "$base / $N")" "$RUNS"
for p in count hist; do
	case $p in
	count) echo "  '$COUNT'" ;;
	hist) echo "  '$HIST'" ;;
	esac
	for t in sonde bpftrace; do
		v=$(med "${vals[${t}_$p]}")
		added[$t]=$(bc -l <<< "($v - $base) / $N")
		printf '    %-8s %6.2fx  (%.0f ns added per call)' $t "$(bc -l <<< "$v / $base")" "${added[$t]}"
		[ -n "${bad[${t}_$p]:-}" ] && printf ', @[bench-getppid] was%s, not %d' "${bad[${t}_$p]}" "$N"
		echo
	done
	printf '    sonde/bpftrace added ns per call: %.2fx\n' "$(bc -l <<< "${added[sonde]} / ${added[bpftrace]}")"
done
