#!/usr/bin/env bash
# What tracing syscalls costs the target, by the target's own timer (the
# loop's time, not sonde's start-up or final drain); medians of RUNS, in
# one run:
#  - a loop of N getppid calls: untraced, `sonde trace -s` (counts, errors,
#    time), `sonde trace -o FILE` (every call decoded, strace's lines), the
#    floor of any syscall tracer here (`perf stat` counting the two raw
#    syscall tracepoints, no BPF), and the peers on N/50 calls (ptrace and
#    perf trace take ~40-100 µs a call): `strace -f -c`, `strace -f -o`,
#    `perf trace -s`, `perf trace -o`;
#  - gzip of a SIZE_MB file, untraced and under `sonde trace -s`.
# Lost events (sonde prints "N events lost") are reported beside the ratio.
#   bench/trace.sh [RUNS] [N] [SIZE_MB]     (root)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
N=${2:-2000000}
SIZE_MB=${3:-200}
WL=build/workloads/workload
[ -x build/sonde ] && [ -x "$WL" ] || make -s all workloads
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# The loop's own time, from the workload's "getppid_ns T" line.
loop_ns() { "$@" 2> "$OUT/err" | awk '/^getppid_ns/ { print $2 }'; }
# sonde's last word on stderr: "sonde: N events lost: ...".
lost() { awk '/events lost/ { n += $2 } END { print n + 0 }' "$OUT/err"; }

SMALL=$((N / 50))
declare -A times losses
configs="base sonde_s sonde_o small strace_c strace_o"
command -v perf > /dev/null && configs="$configs perf_stat perf_s perf_o"
for run in $(seq "$RUNS"); do
	for c in $configs; do
		case $c in
		base) t=$(loop_ns "$WL" getppid-timed "$N") ;;
		sonde_s) t=$(loop_ns build/sonde trace -s -o "$OUT/t" -- "$WL" getppid-timed "$N") ;;
		sonde_o) t=$(loop_ns build/sonde trace -o "$OUT/t" -- "$WL" getppid-timed "$N")
			losses[$c]="${losses[$c]:-} $(lost)" ;;
		small) t=$(loop_ns "$WL" getppid-timed "$SMALL") ;;
		strace_c) t=$(loop_ns strace -f -c -o "$OUT/t" "$WL" getppid-timed "$SMALL") ;;
		strace_o) t=$(loop_ns strace -f -o "$OUT/t" "$WL" getppid-timed "$SMALL") ;;
		perf_stat) t=$(loop_ns perf stat -e raw_syscalls:sys_enter,raw_syscalls:sys_exit -o "$OUT/t" -- "$WL" getppid-timed "$N") ;;
		perf_s) t=$(loop_ns perf trace -s -o "$OUT/t" -- "$WL" getppid-timed "$SMALL") ;;
		perf_o) t=$(loop_ns perf trace -o "$OUT/t" -- "$WL" getppid-timed "$SMALL") ;;
		esac
		times[$c]="${times[$c]:-} $t"
	done
done
med() { tr ' ' '\n' <<< "$1" | grep . | median; }
base=$(med "${times[base]}")
printf '%d getppid calls, untraced: %.3f s, %.0f ns per call (loop time, median of %d runs)\n' \
	"$N" "$(bc -l <<< "$base / 1000000000")" "$(bc -l <<< "$base / $N")" "$RUNS"
for c in $configs; do
	case $c in
	base | small) continue ;;
	sonde_* | perf_stat) b=$base n=$N ;;
	*) b=$(med "${times[small]}") n=$SMALL ;;
	esac
	t=$(med "${times[$c]}")
	printf '%-9s %8.2fx  (%.0f ns added per call, %d calls)' "$c" "$(bc -l <<< "$t / $b")" \
		"$(bc -l <<< "($t - $b) / $n")" "$n"
	[ -n "${losses[$c]:-}" ] && printf ', %s events lost (median)' "$(med "${losses[$c]}")"
	echo
done

# gzip: a long-running, syscall-light target, by its own wall time.
head -c $((SIZE_MB * 1024 * 1024 / 4 * 3)) /dev/urandom | base64 -w 100 > "$OUT/data"
gzip_ns() { "$@" sh -c 's=$(date +%s%N); gzip -c "$1" > /dev/null; echo $(($(date +%s%N) - s))' sh "$OUT/data" 2> /dev/null | tail -1; }
for run in $(seq "$RUNS"); do
	times[gz_base]="${times[gz_base]:-} $(gzip_ns env)"
	times[gz_sonde]="${times[gz_sonde]:-} $(gzip_ns build/sonde trace -s -o "$OUT/t" --)"
done
gb=$(med "${times[gz_base]}")
printf 'gzip of %d MB: %.2f s untraced; sonde trace -s %.3fx\n' "$SIZE_MB" \
	"$(bc -l <<< "$gb / 1000000000")" "$(bc -l <<< "$(med "${times[gz_sonde]}") / $gb")"
