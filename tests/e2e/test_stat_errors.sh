# sonde stat: every bad input gets one line naming the problem.
. "$(dirname "$0")/lib.sh"
need_root

expect_status 2 "$SONDE" stat -e syscalls:sys_enter_getppidd -- true
expect_one_line_error "unknown event 'syscalls:sys_enter_getppidd'; did you mean 'syscalls:sys_enter_getppid'"
expect_status 2 "$SONDE" stat -e task-clocks -- true
expect_one_line_error "unknown event 'task-clocks'; did you mean 'task-clock'"
expect_status 2 "$SONDE" stat -e 'nosuch:*' -- true
expect_one_line_error "unknown event 'nosuch:\*'"
expect_status 1 "$SONDE" stat -p 2147483647
expect_one_line_error "no such process: '2147483647'"
expect_status 2 "$SONDE" stat -p abc
expect_grep "^sonde: bad process id list 'abc'" "$TMP/err"
expect_status 2 "$SONDE" stat
expect_grep "^sonde: nothing to count" "$TMP/err"
expect_status 2 "$SONDE" stat -a -p 1
expect_grep "^sonde: give only one of" "$TMP/err"
expect_status 2 "$SONDE" stat --duration abc -a
expect_grep "^sonde: bad duration 'abc'" "$TMP/err"
expect_status 2 "$SONDE" stat -I 0 -a
expect_grep "^sonde: bad interval '0'" "$TMP/err"
expect_status 1 "$SONDE" stat -o /no/such/dir/out -- true
expect_one_line_error "cannot open '/no/such/dir/out'"

# No privilege: an unprivileged user counting system-wide.
if command -v setpriv >/dev/null; then
	expect_status 3 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SONDE" stat -a -e task-clock --duration 0.1
	expect_one_line_error "no permission to count 'task-clock' system-wide: kernel.perf_event_paranoid is"
	expect_status 3 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SONDE" stat -e sched:sched_switch -- true
	expect_one_line_error "no permission to count tracepoint 'sched:sched_switch'"
fi

# Too many events for the file limit: named, with the numbers.
( ulimit -n 40 && "$SONDE" stat -a -e 'sched:*,irq:*,timer:*' --duration 0.1 ) >"$TMP/out" 2>"$TMP/err"
[ $? = 1 ] || { cat "$TMP/err"; fail "too many events: want exit 1"; }
expect_one_line_error "too many events: [0-9]+ counters need [0-9]+ file descriptors, but the limit is 40"
exit 0
