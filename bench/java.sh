#!/usr/bin/env bash
# Java: what -XX:+PreserveFramePointer costs, what profiling a JVM costs
# (sonde and perf, record -g at 999 Hz, frame pointers on), from the
# JVM's own work rate; and how long sonde takes to fetch a running
# JVM's JIT map.  Medians of RUNS, in one run.
#   bench/java.sh [RUNS] [MS]     (root, a JDK)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
MS=${2:-4000}
[ -x build/sonde ] || make -s all
command -v javac >/dev/null || { echo "no JDK (javac)" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
javac -d "$OUT" tests/workloads/Hot.java

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
calls() { "$@" 2>/dev/null | awk '/^calls/ { print $2 }'; }
JAVA="java -cp $OUT"

declare -A rate
for run in $(seq "$RUNS"); do
	rate[base]="${rate[base]:-} $(calls $JAVA Hot "$MS")"
	rate[fp]="${rate[fp]:-} $(calls $JAVA -XX:+PreserveFramePointer Hot "$MS")"
	rate[sonde]="${rate[sonde]:-} $(calls build/sonde record -g -F 999 -o "$OUT/s.data" -- $JAVA Hot "$MS")"
	rate[perf]="${rate[perf]:-} $(calls perf record -g -F 999 -o "$OUT/p.data" -- $JAVA -XX:+PreserveFramePointer Hot "$MS")"
done
med() { tr ' ' '\n' <<< "${rate[$1]}" | grep . | median; }
base=$(med base)
printf 'work() calls in %d ms, untraced: %s (median of %d runs)\n' "$MS" "$base" "$RUNS"
printf 'PreserveFramePointer      %.3fx of the untraced rate\n' "$(bc -l <<< "$(med fp) / $base")"
printf 'sonde record -g -F 999    %.3fx\n' "$(bc -l <<< "$(med sonde) / $base")"
printf 'perf record -g -F 999     %.3fx\n' "$(bc -l <<< "$(med perf) / $base")"

# Fetching the map of a running JVM: record -p for 0.1 s, less the 0.1 s.
$JAVA Hot 60000 > "$OUT/jvm.out" &
jvm=$!
sleep 3
times=""
for run in $(seq "$RUNS"); do
	t0=$(date +%s%N)
	build/sonde record -p "$jvm" --duration 0.1 -o "$OUT/m.data" 2>/dev/null
	t1=$(date +%s%N)
	times="$times $(( (t1 - t0) / 1000000 - 100 ))"
done
kill "$jvm"; wait "$jvm" 2>/dev/null || true
printf 'JIT map of a running JVM (two Compiler.perfmap + flags): %s ms (median)\n' \
	"$(tr ' ' '\n' <<< "$times" | grep . | median)"
