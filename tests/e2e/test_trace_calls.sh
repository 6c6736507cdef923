# sonde trace: one line per call in strace's notation, read by BPF in the
# kernel; compared with strace -f on the suite's workloads, ls -l /etc and
# python3 connecting to a closed port.
. "$(dirname "$0")/lib.sh"
need_root

# Exact counts and decoding of the workload's known calls.
"$SONDE" trace -o "$TMP/w.txt" -- "$WL" getppid 300 write 5 > /dev/null || fail "trace"
[ "$(grep -c '^getppid() *= [0-9]*$' "$TMP/w.txt")" = 300 ] || { head "$TMP/w.txt"; fail "want 300 getppid lines"; }
[ "$(grep -cE '^write\([0-9]+, "x", 1\) += 1$' "$TMP/w.txt")" = 5 ] || fail "want 5 decoded writes"
# Paths whole; other strings cut at 32 bytes, as strace -s 32 cuts them.
expect_grep '^execve\("'"$WL"'", \["'"${WL:0:32}"'"\.\.\., "getppid", "300", "write", "5"\], 0x[0-9a-f]+ /\* [0-9]+ vars \*/\) = 0$' "$TMP/w.txt"
expect_grep '^openat\(AT_FDCWD, "/dev/null", O_WRONLY\) += [0-9]+$' "$TMP/w.txt"
expect_grep '^exit_group\(0\) += \?$' "$TMP/w.txt"
expect_grep '^\+\+\+ exited with 0 \+\+\+$' "$TMP/w.txt"
# The " = " at strace's column 40.
awk '/^getppid/ { if (index($0, "= ") != 41) bad = 1 } END { exit bad }' "$TMP/w.txt" ||
	fail "return values not at column 40"

# iovecs: each buffer's bytes, read ones as the call filled them; and in
# a msghdr.
"$SONDE" trace -e trace=writev,readv,sendmsg,recvmsg -o "$TMP/v.txt" -- "$WL" iov > /dev/null || fail "trace iov"
expect_grep '^sendmsg\([0-9]+, \{msg_name=NULL, msg_namelen=0, msg_iov=\[\{iov_base="hello", iov_len=5\}, \{iov_base=" world\\n", iov_len=7\}\], msg_iovlen=2, msg_controllen=0, msg_flags=0\}, MSG_NOSIGNAL\) = 12$' "$TMP/v.txt"
expect_grep '^recvmsg\([0-9]+, \{msg_name=NULL, msg_namelen=0, msg_iov=\[\{iov_base="hello world\\n", iov_len=16\}, \{iov_base="", iov_len=64\}\], msg_iovlen=2, msg_controllen=0, msg_flags=0\}, 0\) = 12$' "$TMP/v.txt"
expect_grep '^writev\([0-9]+, \[\{iov_base="hello", iov_len=5\}, \{iov_base=" world\\n", iov_len=7\}, \{iov_base="01234567890123456789012345678901"\.\.\., iov_len=40\}\], 3\) = 52$' "$TMP/v.txt"
expect_grep '^readv\([0-9]+, \[\{iov_base="hello world\\n0123", iov_len=16\}, \{iov_base="45678901234567890123456789012345"\.\.\., iov_len=64\}\], 2\) = 52$' "$TMP/v.txt"

# Errors: name and message; -Z keeps only failed calls.
"$SONDE" trace -Z -e trace=openat,newfstatat,statx -o "$TMP/z.txt" -- ls /nonexistent/x > /dev/null 2>&1
expect_grep '"/nonexistent/x".* = -1 ENOENT \(No such file or directory\)$' "$TMP/z.txt"
grep -v '^+++' "$TMP/z.txt" | grep -v ' = -1 ' && fail "-Z printed a call that succeeded"

# A call other threads interleave with: <unfinished ...> and <... resumed>,
# with pid prefixes once there are two threads.
"$SONDE" trace -o "$TMP/p.txt" -- "$WL" pipe 200 > /dev/null || fail "trace pipe"
expect_grep '^\[pid +[0-9]+\] read\([0-9]+,  <unfinished \.\.\.>$' "$TMP/p.txt"
expect_grep '^\[pid +[0-9]+\] <\.\.\. read resumed>"ping", 8\) += 4$' "$TMP/p.txt"
expect_grep '^\[pid +[0-9]+\] write\([0-9]+, "ping", 4\) += 4$' "$TMP/p.txt"

# Signals as strace shows their delivery; -e trace=none leaves only them
# and the exits.
"$SONDE" trace -e trace=none -o "$TMP/sig.txt" -- bash -c 'trap : USR1; kill -USR1 $$' > /dev/null || fail "trace signals"
expect_grep '^--- SIGUSR1 \{si_signo=SIGUSR1, si_code=SI_USER, si_pid=[0-9]+, si_uid=0\} ---$' "$TMP/sig.txt"
[ "$(grep -vc '^\(---\|+++\)' "$TMP/sig.txt")" = 0 ] || fail "trace=none printed calls"
"$SONDE" trace -e trace=kill -o "$TMP/kill.txt" -- sh -c 'kill -TERM $$' > /dev/null
expect_grep '^\+\+\+ killed by SIGTERM \+\+\+$' "$TMP/kill.txt"

# -T, -tt, -ttt; -y; --string-limit.
"$SONDE" trace -T -tt -e trace=getppid -o "$TMP/t.txt" -- "$WL" getppid 3 > /dev/null || fail "trace -T -tt"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6} getppid\(\) += [0-9]+ <0\.[0-9]{6}>$' "$TMP/t.txt"
"$SONDE" trace -ttt -e trace=getppid -o "$TMP/t3.txt" -- "$WL" getppid 1 > /dev/null || fail "trace -ttt"
expect_grep '^[0-9]{10}\.[0-9]{6} getppid\(\)' "$TMP/t3.txt"
"$SONDE" trace -y -e trace=write -o "$TMP/y.txt" -- "$WL" write 1 > /dev/null || fail "trace -y"
expect_grep '^write\([0-9]+</dev/null>, "x", 1\) += 1$' "$TMP/y.txt"
"$SONDE" trace --string-limit 4 -e trace=read -o "$TMP/s.txt" -- cat /etc/passwd > /dev/null || fail "trace --string-limit"
expect_grep '^read\([0-9]+, "root"\.\.\., [0-9]+\) += [0-9]+$' "$TMP/s.txt"

# --json: a document per call; exits and the command's end too.
"$SONDE" trace --json -e trace=openat,write -o "$TMP/j.json" -- "$WL" write 2 > /dev/null || fail "trace --json"
/usr/bin/python3 -c '
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
writes = [d for d in docs if d.get("syscall") == "write"]
assert len(writes) == 2 and writes[0]["args"].endswith("\"x\", 1") and writes[0]["ret"] == 1, writes
opens = [d for d in docs if d.get("syscall") == "openat" and "/dev/null" in d["args"]]
assert opens and opens[0]["return"] == str(opens[0]["ret"]), opens
assert docs[-1].get("exited") == 0, docs[-1]
' "$TMP/j.json" || { cat "$TMP/j.json"; fail "trace --json"; }

# -e trace=%class, filtered in the kernel.
"$SONDE" trace -e trace=%network -o "$TMP/n.txt" -- /usr/bin/python3 -c \
	'import socket; socket.socket().connect_ex(("127.0.0.1", 1))' > /dev/null || fail "trace %network"
expect_grep '^socket\(AF_INET, SOCK_STREAM\|SOCK_CLOEXEC, IPPROTO_IP\) = [0-9]+$' "$TMP/n.txt"
expect_grep '^connect\([0-9]+, \{sa_family=AF_INET, sin_port=htons\(1\), sin_addr=inet_addr\("127\.0\.0\.1"\)\}, 16\) = -1 ECONNREFUSED \(Connection refused\)$' "$TMP/n.txt"
grep -vE '^(socket|connect|\+\+\+)' "$TMP/n.txt" | grep -vE '^(getsockopt|setsockopt|getsockname|getpeername|socketpair|bind|listen|accept|shutdown|send|recv)' &&
	fail "%network let other calls through"

# Against strace -f: the same calls in the same order, decoded alike.
compare() {
	strace -f -o "$TMP/strace.txt" "$@" > /dev/null 2>&1
	"$SONDE" trace -f -o "$TMP/sonde.txt" -- "$@" > /dev/null 2>&1
	/usr/bin/python3 "$(dirname "$0")/strace_compare.py" "$TMP/strace.txt" "$TMP/sonde.txt" > "$TMP/cmp.txt" ||
		{ cat "$TMP/cmp.txt"; fail "sonde and strace -f differ on '$*'"; }
	tail -1 "$TMP/cmp.txt"
}
compare "$WL" getppid 100 write 20 fork 2 50 iov
compare ls -l /etc
compare /usr/bin/python3 -c 'import socket; socket.socket().connect(("127.0.0.1", 1))'

# -p: a running process, not stopped. It makes its calls once sonde says
# it is attached, as scripts wait for strace's line.
"$WL" ready await "$TMP/go" getppid 1000 sleep 300 > "$TMP/wl.out" &
wl=$!
for _ in $(seq 50); do grep -q ready "$TMP/wl.out" && break; sleep 0.05; done
"$SONDE" trace -p "$wl" -e trace=getppid -o "$TMP/pp.txt" 2> "$TMP/pp.err" &
tr=$!
for _ in $(seq 200); do grep -q attached "$TMP/pp.err" && break; sleep 0.05; done
expect_grep "^sonde: Process $wl attached\$" "$TMP/pp.err"
touch "$TMP/go"
wait "$wl"
wait "$tr" || fail "trace -p"
[ "$(grep -c '^getppid()' "$TMP/pp.txt")" = 1000 ] || fail "want the 1000 getppid calls after the attach"

# -a: every process, each line with its command and pid.
# Probes are live once a first workload's call shows; the next is counted.
"$SONDE" trace -a -e trace=getppid --duration 20 -o "$TMP/a.txt" &
tr=$!
for _ in $(seq 100); do
	"$WL" getppid 1 > /dev/null
	grep -q '^workload/' "$TMP/a.txt" && break
	sleep 0.1
done
"$WL" getppid 10 > /dev/null &
wl=$!
wait "$wl"
sleep 0.1
kill -INT "$tr"
wait "$tr" || fail "trace -a"
[ "$(grep -c "^workload/$wl getppid()" "$TMP/a.txt")" = 10 ] || { cat "$TMP/a.txt"; fail "want workload/PID on -a lines"; }
# sonde leaves itself out: its own output would feed the trace.
"$SONDE" trace -a --duration 0.3 -o "$TMP/self.txt" &
tr=$!
wait "$tr" || fail "trace -a"
expect_no_grep "^sonde/$tr " "$TMP/self.txt"

# A reader that falls behind: its output blocked in a pipe no one reads
# for a while, the ring fills; what could not be sent is counted and said,
# in the stream and at the end, and every call is either printed or lost.
"$SONDE" trace -e trace=getppid -- "$WL" getppid 1000000 2>&1 > /dev/null |
	{ sleep 2; cat; } > "$TMP/l.txt"
lost=$(awk '/^[0-9]+ events lost$/ { n += $1 } END { print n + 0 }' "$TMP/l.txt")
printed=$(grep -c '^getppid()' "$TMP/l.txt")
[ "$lost" -gt 0 ] || fail "no events lost with a blocked reader"
expect_grep "^sonde: $lost events lost" "$TMP/l.txt"
[ $((lost + printed)) -ge 1000000 ] || fail "$printed printed + $lost lost < 1000000 calls"

# Bad input: one line, non-zero.
expect_status 127 "$SONDE" trace -- /nonexistent/cmd
expect_one_line_error "cannot run '/nonexistent/cmd'"
expect_status 1 "$SONDE" trace -p 999999999
expect_one_line_error "no such process"
expect_status 2 "$SONDE" trace -e trace=%bogus -- true
expect_one_line_error "unknown syscall class '%bogus'"
expect_status 2 "$SONDE" trace --string-limit x -- true
expect_grep "bad --string-limit 'x'" "$TMP/err"
expect_status 2 "$SONDE" trace -I 100 -- true
expect_grep "belong to the summary" "$TMP/err"
echo "ok: trace prints calls as strace does"
