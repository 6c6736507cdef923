#!/usr/bin/env bash
# Set-up time of `stat -e 'syscalls:sys_enter_*'`: from the command line
# to the counted command's first instruction, and the whole run, for
# sonde and for perf, on the same machine in one run.  Medians of RUNS.
#   bench/stat_setup.sh [RUNS]     (root; perf from Debian's linux-perf)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
SONDE=build/sonde
EVENTS='syscalls:sys_enter_*'
[ -x "$SONDE" ] || make -s
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }

# One run: prints "setup_ms total_ms".  The counted command is date, which
# prints the moment it started.
one() {
	local start first end
	start=$(date +%s%N)
	first=$("$@" -e "$EVENTS" -- date +%s%N 2>/dev/null)
	end=$(date +%s%N)
	echo "$(( (first - start) / 1000 ))" "$(( (end - start) / 1000 ))"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure() { # NAME CMD...: prints "NAME setup_us total_us"
	local name=$1 i; shift
	: > /tmp/bench-$name
	for i in $(seq "$RUNS"); do one "$@" >> /tmp/bench-$name; done
	echo "$name $(cut -d' ' -f1 /tmp/bench-$name | median) $(cut -d' ' -f2 /tmp/bench-$name | median)"
}

s=$(measure sonde "$SONDE" stat)
p=$(measure perf perf stat)
read -r _ s_setup s_total <<< "$s"
read -r _ p_setup p_total <<< "$p"
n=$(ls -d /sys/kernel/tracing/events/syscalls/sys_enter_* | wc -l)
printf '%d tracepoints, median of %d runs\n' "$n" "$RUNS"
printf '%-6s set-up %8.1f ms   whole run %9.1f ms\n' sonde "$(bc <<< "scale=1; $s_setup/1000")" "$(bc <<< "scale=1; $s_total/1000")"
printf '%-6s set-up %8.1f ms   whole run %9.1f ms\n' perf "$(bc <<< "scale=1; $p_setup/1000")" "$(bc <<< "scale=1; $p_total/1000")"
printf 'perf/sonde: set-up %.1fx, whole run %.1fx\n' "$(bc -l <<< "$p_setup/$s_setup")" "$(bc -l <<< "$p_total/$s_total")"
