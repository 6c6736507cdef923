# sonde record: perf.data files that perf itself reads, for commands,
# processes and the whole system; ends cleanly on every kind of stop.
. "$(dirname "$0")/lib.sh"
need_root

# perf reads the file, without complaint, and names the known functions.
perf_reads() { # FILE
	perf script -i "$1" > "$TMP/script" 2> "$TMP/script.err" || { cat "$TMP/script.err"; fail "perf script failed on $1"; }
	perf report -i "$1" --stdio > "$TMP/report" 2> "$TMP/report.err" || { cat "$TMP/report.err"; fail "perf report failed on $1"; }
	expect_no_grep 'WARNING|unexpected|failed|Error' "$TMP/script.err"
	expect_no_grep 'WARNING|unexpected|failed|Error' "$TMP/report.err"
}

# A command with call stacks: every frame of the workload named.
expect_status 0 "$SONDE" record -g -F 999 -o "$TMP/cmd.data" -- "$WL" spin 400
expect_grep "^\[ sonde record: [0-9]+ samples written to '$TMP/cmd.data'" "$TMP/err"
perf_reads "$TMP/cmd.data"
expect_grep '^workload +[0-9]+ \[[0-9]{3}\] +[0-9]+\.[0-9]{6}: +[0-9]+ cpu-clock:' "$TMP/script"
expect_grep '^	 +[0-9a-f]+ hot_inner\+0x[0-9a-f]+ \(.*/workload\)$' "$TMP/script"
expect_grep '^	 +[0-9a-f]+ hot_outer\+0x[0-9a-f]+ \(.*/workload\)$' "$TMP/script"
expect_grep '^	 +[0-9a-f]+ main\+0x[0-9a-f]+ \(.*/workload\)$' "$TMP/script"
expect_grep '\[\.\] hot_inner' "$TMP/report"
n=$(grep -c 'cpu-clock:' "$TMP/script")
[ "$n" -ge 200 ] || fail "only $n samples at 999 Hz for 0.4 s"
# The default is 99 Hz; the exit status of the command is passed on.
expect_status 3 "$SONDE" record -o "$TMP/rc.data" -- sh -c "$WL spin 300; exit 3"
perf_reads "$TMP/rc.data"
n=$(grep -c 'cpu-clock:' "$TMP/script")
[ "$n" -ge 15 ] && [ "$n" -le 45 ] || fail "$n samples at 99 Hz for 0.3 s"

# Children started during the recording, gone before the report.
expect_status 0 "$SONDE" record -g -F 999 -o "$TMP/kids.data" -- "$WL" forkspin 2 200
perf_reads "$TMP/kids.data"
[ "$(grep -E '^workload' "$TMP/script" | awk '{ print $2 }' | sort -u | wc -l)" -ge 2 ] ||
	fail "samples of the children are missing"
expect_grep 'hot_inner\+0x' "$TMP/script"

# -p: a running process, attached without stopping it, named after it exits.
"$WL" ready spin 1500 > "$TMP/ready" &
wl=$!
while [ ! -s "$TMP/ready" ]; do sleep 0.01; done
expect_status 0 "$SONDE" record -g -F 999 -p "$wl" -o "$TMP/pid.data"
wait "$wl" || fail "the workload did not finish normally under -p"
expect_grep "process $wl exited during the recording" "$TMP/err"
perf_reads "$TMP/pid.data"
expect_grep "^workload +$wl " "$TMP/script"
expect_grep 'hot_outer\+0x' "$TMP/script"

# -p follows what the process starts after the attach.
"$WL" ready sleep 500 forkspin 2 300 > "$TMP/ready3" &
wl=$!
while [ ! -s "$TMP/ready3" ]; do sleep 0.01; done
expect_status 0 "$SONDE" record -g -F 999 -p "$wl" -o "$TMP/follow.data"
wait "$wl"
perf_reads "$TMP/follow.data"
[ "$(grep -E '^workload' "$TMP/script" | awk '{ print $2 }' | sort -u | wc -l)" -ge 2 ] ||
	fail "-p did not follow the children"

# -t: one thread only, not the rest of its process.
"$WL" ready threads 2 3000000 > "$TMP/ready4" &
wl=$!
while [ ! -s "$TMP/ready4" ]; do sleep 0.01; done
sleep 0.1
tid=$(ls /proc/$wl/task | grep -v "^$wl\$" | head -n 1)
expect_status 0 "$SONDE" record -t "$tid" -o "$TMP/tid.data" --duration 0.5
kill "$wl" 2>/dev/null; wait "$wl" 2>/dev/null
perf_reads "$TMP/tid.data"
[ "$(grep -E '^ *workload' "$TMP/script" | awk '{ print $2 }' | sort -u)" = "$tid" ] ||
	fail "-t $tid recorded other threads too"

# -a with --duration: kernel frames named too.
"$WL" spin 700 &
expect_status 0 "$SONDE" record -a -g -F 999 --duration 0.5 -o "$TMP/all.data"
wait
perf_reads "$TMP/all.data"
expect_grep '\(\[kernel\.kallsyms\]\)$' "$TMP/script"
expect_grep 'hot_inner\+0x' "$TMP/script"

# Ctrl-C and SIGTERM: the file is complete.
for sig in INT TERM; do
	"$WL" spin 3000 &
	wl=$!
	"$SONDE" record -g -p "$wl" -o "$TMP/sig.data" 2> "$TMP/sig.err" &
	rec=$!
	sleep 0.5
	kill -s "$sig" "$rec"
	wait "$rec" || fail "record ended by SIG$sig exited $?"
	kill "$wl"; wait "$wl" 2>/dev/null
	perf_reads "$TMP/sig.data"
	expect_grep 'hot_inner\+0x' "$TMP/script"
done

# A JIT symbol map is folded into the recording: JIT frames stay named
# after the process and its /tmp/perf-PID.map are gone.
expect_status 0 "$SONDE" record -g -F 999 -o "$TMP/jit.data" -- "$WL" jit 300
perf_reads "$TMP/jit.data"
jpid=$(awk 'NR == 1 { print $2 }' "$TMP/script")
expect_grep 'LJitDemo;::spinLoop\+0x[0-9a-f]+ \(/tmp/perf-[0-9]+\.map\)$' "$TMP/script"
rm -f "/tmp/perf-$jpid.map"
expect_status 0 "$SONDE" report -i "$TMP/jit.data" --no-children
expect_grep "^ +[0-9.]+%  workload +perf-$jpid\.map +\[\.\] LJitDemo;::spinLoop$" "$TMP/out"
expect_status 0 "$SONDE" script -i "$TMP/jit.data"
expect_grep 'LJitDemo;::spinLoop\+0x' "$TMP/out"

# On a pipe, no progress line.
expect_no_grep $'\r' "$TMP/err"

# The previous recording is kept as .old, as perf does.
cp "$TMP/cmd.data" "$TMP/keep.data"
expect_status 0 "$SONDE" record -o "$TMP/keep.data" -- true
cmp -s "$TMP/cmd.data" "$TMP/keep.data.old" || fail "the old recording was not kept"

# Errors: one line each.
expect_status 1 "$SONDE" record -p 2147483647 -o "$TMP/x.data"
expect_one_line_error "no such process: '2147483647'"
expect_status 2 "$SONDE" record -e no-such-event -o "$TMP/x.data" -- true
expect_one_line_error "unknown event 'no-such-event'"
expect_status 127 "$SONDE" record -o "$TMP/x.data" -- /no/such/cmd
expect_one_line_error "cannot run '/no/such/cmd'"
expect_status 2 "$SONDE" record -F 0 -- true
expect_status 2 "$SONDE" record --call-graph dwarf -- true
expect_grep "unknown call graph mode 'dwarf'" "$TMP/err"
expect_status 2 "$SONDE" record
expect_grep '^sonde: nothing to record' "$TMP/err"
expect_status 1 "$SONDE" record -o /no/such/dir/x.data -- true
expect_one_line_error "cannot create '/no/such/dir/x.data'"
if command -v setpriv >/dev/null; then
	chmod 600 "$TMP/cmd.data"
	expect_status 1 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SONDE" report -i "$TMP/cmd.data"
	expect_one_line_error "cannot open '$TMP/cmd.data': Permission denied"
	expect_status 3 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SONDE" record -a -o /tmp/nobody.data --duration 0.1
	expect_one_line_error "no permission to sample system-wide: kernel.perf_event_paranoid is"
fi
exit 0
