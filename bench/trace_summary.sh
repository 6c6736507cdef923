#!/usr/bin/env bash
# Cost of counting and timing syscalls: a loop of N getppid calls,
# untraced, under `sonde trace -s`, `strace -f -c` and `perf trace -s`,
# by wall time of the whole command; medians of RUNS, in one run.  The
# ptrace and perf-trace runs make N/50 calls (they take ~100 µs a call),
# against an untraced run of as many.
#   bench/trace_summary.sh [RUNS] [N]     (root)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
N=${2:-2000000}
WL=build/workloads/workload
[ -x build/sonde ] && [ -x "$WL" ] || make -s all workloads
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
wall_ns() { local t0 t1; t0=$(date +%s%N); "$@" > /dev/null 2>&1; t1=$(date +%s%N); echo $((t1 - t0)); }

SMALL=$((N / 50))
declare -A times
configs="base sonde small strace"
command -v perf > /dev/null && configs="$configs perf"
for run in $(seq "$RUNS"); do
	for c in $configs; do
		case $c in
		base) t=$(wall_ns "$WL" getppid "$N") ;;
		sonde) t=$(wall_ns build/sonde trace -s -o "$OUT/s.txt" -- "$WL" getppid "$N") ;;
		small) t=$(wall_ns "$WL" getppid "$SMALL") ;;
		strace) t=$(wall_ns strace -f -c -o "$OUT/st.txt" "$WL" getppid "$SMALL") ;;
		perf) t=$(wall_ns perf trace -s -o "$OUT/p.txt" -- "$WL" getppid "$SMALL") ;;
		esac
		times[$c]="${times[$c]:-} $t"
	done
done
med() { tr ' ' '\n' <<< "${times[$1]}" | grep . | median; }
base=$(med base)
printf '%d getppid calls, untraced: %.3f s, %.0f ns per call (median of %d runs)\n' \
	"$N" "$(bc -l <<< "$base / 1000000000")" "$(bc -l <<< "$base / $N")" "$RUNS"
for c in $configs; do
	case $c in
	base | small) continue ;;
	sonde) b=$base n=$N ;;
	*) b=$(med small) n=$SMALL ;;
	esac
	printf '%-8s %8.2fx  (%.0f ns added per call)\n' "$c" "$(bc -l <<< "$(med "$c") / $b")" \
		"$(bc -l <<< "($(med "$c") - $b) / $n")"
done
