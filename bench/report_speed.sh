#!/usr/bin/env bash
# Speed of `report --stdio` against perf report on one busy system-wide
# recording (-a -g, tens of thousands of samples), medians of RUNS.
#   bench/report_speed.sh [RUNS] [SECONDS]     (root)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
SECS=${2:-6}
WL=build/workloads/workload
[ -x build/sonde ] && [ -x "$WL" ] || make -s all workloads
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# A busy machine: CPU-bound workloads on both cores, and short-lived
# processes coming and going.
"$WL" spin $((SECS * 1000 + 500)) & "$WL" forkspin 20 $((SECS * 50)) &
( end=$((SECONDS + SECS)); while [ $SECONDS -lt $end ]; do ls -l /usr/bin > /dev/null; done ) &
build/sonde record -a -g -F 4999 --duration "$SECS" -o "$OUT/busy.data" 2> "$OUT/record.log"
wait
samples=$(build/sonde report -i "$OUT/busy.data" --json | /usr/bin/python3 -c 'import json,sys; print(sum(json.loads(l)["samples"] for l in sys.stdin))')

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
timed() { # prints seconds of one run of the command
	local s e
	s=$(date +%s%N); "$@" > /dev/null 2>&1; e=$(date +%s%N)
	echo "$(( (e - s) / 1000 ))"
}
for tool in sonde perf; do
	: > "$OUT/$tool"
	for _ in $(seq "$RUNS"); do
		if [ $tool = sonde ]; then
			timed build/sonde report -i "$OUT/busy.data" --stdio >> "$OUT/$tool"
		else
			timed perf report -i "$OUT/busy.data" --stdio >> "$OUT/$tool"
		fi
	done
done
s=$(median < "$OUT/sonde")
p=$(median < "$OUT/perf")
printf 'recording: %s samples, %s MB (-a -g -F 4999, %s s)\n' "$samples" \
	"$(( $(stat -c %s "$OUT/busy.data") / 1000000 ))" "$SECS"
printf 'sonde report --stdio: %8.3f s\nperf report --stdio:  %8.3f s\n' \
	"$(bc -l <<< "$s / 1000000")" "$(bc -l <<< "$p / 1000000")"
printf 'perf/sonde: %.1fx\n' "$(bc -l <<< "$p / $s")"
