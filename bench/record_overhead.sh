#!/usr/bin/env bash
# Overhead of `record -g` on a CPU-bound workload, from the workload's own
# timer: untraced, under sonde and under perf, at 99, 999 and 4999 Hz, in
# one run.  Medians of RUNS; prints slowdowns against the untraced run.
#   bench/record_overhead.sh [RUNS] [ROUNDS]     (root)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
ROUNDS=${2:-5000}
WL=build/workloads/workload
[ -x build/sonde ] && [ -x "$WL" ] || make -s all workloads
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
work_ns() { "$@" | awk '/^work_ns/ { print $2 }'; }

# Interleave the configurations run by run, so drift hits all alike.
declare -A times
configs="base"
for hz in 99 999 4999; do configs="$configs sonde-$hz perf-$hz"; done
for run in $(seq "$RUNS"); do
	for c in $configs; do
		case $c in
		base) t=$(work_ns "$WL" work "$ROUNDS") ;;
		sonde-*) t=$(work_ns build/sonde record -g -F "${c#sonde-}" -o "$OUT/s.data" -- "$WL" work "$ROUNDS" 2>/dev/null) ;;
		perf-*) t=$(work_ns perf record -g -F "${c#perf-}" -o "$OUT/p.data" -- "$WL" work "$ROUNDS" 2>/dev/null) ;;
		esac
		times[$c]="${times[$c]:-} $t"
	done
done
med() { tr ' ' '\n' <<< "${times[$1]}" | grep . | median; }
base=$(med base)
printf 'untraced: %.3f s (median of %d runs)\n' "$(bc -l <<< "$base / 1000000000")" "$RUNS"
printf '%8s  %12s  %12s\n' Hz sonde perf
for hz in 99 999 4999; do
	printf '%8s  %11.3fx  %11.3fx\n' "$hz" \
		"$(bc -l <<< "$(med sonde-$hz) / $base")" "$(bc -l <<< "$(med perf-$hz) / $base")"
done
