#!/usr/bin/env bash
# Start-up of `record -g -- COMMAND`: from the command line to the
# recorded command's first instruction, sonde against perf, medians of
# RUNS.  The command is date, which prints when it started.
#   bench/record_startup.sh [RUNS]     (root)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
[ -x build/sonde ] || make -s
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
startup_us() { # CMD...: microseconds until date ran
	local start first
	start=$(date +%s%N)
	first=$("$@" -- date +%s%N 2>/dev/null | tail -n 1)
	echo $(( (first - start) / 1000 ))
}
for _ in $(seq "$RUNS"); do
	startup_us build/sonde record -g -o "$OUT/s.data" >> "$OUT/sonde"
	startup_us perf record -g -o "$OUT/p.data" >> "$OUT/perf"
done
s=$(median < "$OUT/sonde")
p=$(median < "$OUT/perf")
printf 'sonde record: sampling %6.1f ms after the command line\n' "$(bc -l <<< "$s / 1000")"
printf 'perf record:  sampling %6.1f ms after the command line\n' "$(bc -l <<< "$p / 1000")"
printf 'perf/sonde: %.1fx\n' "$(bc -l <<< "$p / $s")"
