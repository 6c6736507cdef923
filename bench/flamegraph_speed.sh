#!/usr/bin/env bash
# Flame graph speed, in one run:
#  1. collapsing perf script text: sonde collapse in MB/s on one core, and
#     against stackcollapse-perf.pl when FLAMEGRAPH_DIR has it;
#  2. perf.data to SVG: sonde flamegraph against
#     perf script | stackcollapse-perf.pl | flamegraph.pl on the same file.
#   bench/flamegraph_speed.sh [FLAMEGRAPH_DIR] [SECONDS]     (root)
# FLAMEGRAPH_DIR: a checkout of Brendan Gregg's FlameGraph (not shipped).
set -eu
cd "$(dirname "$0")/.."
FG=${1:-}
SECS=${2:-6}
WL=build/workloads/workload
[ -x build/sonde ] && [ -x "$WL" ] || make -s all workloads
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
secs() { local s e; s=$(date +%s%N); "$@"; e=$(date +%s%N); echo "$(( (e - s) / 1000 ))"; }

# A busy machine recorded with stacks, and perf script's text of it.
"$WL" spin $((SECS * 1000 + 500)) & "$WL" forkspin 20 $((SECS * 50)) &
( end=$((SECONDS + SECS)); while [ $SECONDS -lt $end ]; do ls -l /usr/bin > /dev/null; done ) &
build/sonde record -a -g -F 4999 --duration "$SECS" -o "$OUT/busy.data" 2> /dev/null
wait
perf script -i "$OUT/busy.data" > "$OUT/busy.txt" 2> /dev/null
# Text of a few hundred MB: the same recording, repeated.
for _ in $(seq 16); do cat "$OUT/busy.txt"; done > "$OUT/big.txt"
mb=$(( $(stat -c %s "$OUT/big.txt") / 1000000 ))
t=$(secs taskset -c 0 build/sonde collapse "$OUT/big.txt" -o "$OUT/big.folded")
printf 'collapse: %d MB of perf script text in %.3f s: %.0f MB/s (one core)\n' \
	"$mb" "$(bc -l <<< "$t / 1000000")" "$(bc -l <<< "$mb * 1000000 / $t")"
if [ -n "$FG" ] && [ -x "$FG/stackcollapse-perf.pl" ]; then
	# The same big text through the perl script, on one core too.
	tp=$(secs sh -c "taskset -c 0 '$FG/stackcollapse-perf.pl' '$OUT/big.txt' > '$OUT/perl.folded'")
	cmp -s "$OUT/perl.folded" "$OUT/big.folded" && same=identical || same=DIFFERENT
	printf 'stackcollapse-perf.pl: the same %d MB in %.3f s (%.1f MB/s): sonde %.1fx faster, output %s\n' \
		"$mb" "$(bc -l <<< "$tp / 1000000")" "$(bc -l <<< "$mb * 1000000 / $tp")" \
		"$(bc -l <<< "$tp / $t")" "$same"
	tp=$(secs sh -c "perf script -i '$OUT/busy.data' 2>/dev/null | '$FG/stackcollapse-perf.pl' | '$FG/flamegraph.pl' > '$OUT/perl.svg'")
	ts=$(secs build/sonde flamegraph "$OUT/busy.data" -o "$OUT/sonde.svg")
	samples=$(grep -c 'cpu-clock:' "$OUT/busy.txt")
	printf 'perf.data -> SVG (%d samples): perf script | stackcollapse | flamegraph.pl %.3f s, sonde %.3f s: %.1fx\n' \
		"$samples" "$(bc -l <<< "$tp / 1000000")" "$(bc -l <<< "$ts / 1000000")" "$(bc -l <<< "$tp / $ts")"
else
	ts=$(secs build/sonde flamegraph "$OUT/busy.data" -o "$OUT/sonde.svg")
	printf 'perf.data -> SVG: sonde %.3f s (give FLAMEGRAPH_DIR for the perl ratios)\n' "$(bc -l <<< "$ts / 1000000")"
fi
