#!/usr/bin/env bash
# Fuzzes sonde's parsers and file readers with libFuzzer (clang), each for
# SECONDS, and prints how many inputs each target ran.
#   bench/fuzz.sh [SECONDS]
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-30}
make -s fuzz-targets
for t in build/fuzz/fuzz_*; do
	corpus=build/fuzz/corpus-$(basename "$t")
	mkdir -p "$corpus"
	case $t in
	*elf) cp -n build/workloads/workload /bin/true "$corpus/" 2>/dev/null || true ;;
	*tracefs*) cp -n /sys/kernel/tracing/events/sched/sched_switch/format "$corpus/" 2>/dev/null || true ;;
	*lang*) cp -n /usr/sbin/*.bt "$corpus/" 2>/dev/null || true ;;
	*procmaps*) head -n 20 /proc/self/maps | split -l 1 - "$corpus/line-" ;;
	*jvm_map*) printf '0x00007f3e08ec7620 0x0000000000000278 long Hot.spin(int)\n0x7f3e08938380 0x7d0 StubRoutines (1)\n' > "$corpus/map" ;;
	*symbolizer*|*perfdata*) cp -n build/workloads/workload "$corpus/" 2>/dev/null || true ;;
	esac
	runs=$("$t" -max_total_time="$SECONDS_EACH" -max_len=65536 "$corpus" 2>&1 |
		awk '/^#[0-9]+/ { n = $1 } /ERROR|SUMMARY/ { print; bad = 1 } END { sub("#", "", n); print n; exit bad }' | tail -n 1)
	printf '%-28s %s inputs in %ss, no crash\n' "$(basename "$t")" "$runs" "$SECONDS_EACH"
done
