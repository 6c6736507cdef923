# Java: a running HotSpot JVM's JIT-compiled methods get their names
# through the JVM's attach socket (no jcmd, no agent), in its own cwd
# and in another mount and pid namespace; the JVM keeps running.  A JVM
# sonde starts writes its map as it exits.
. "$(dirname "$0")/lib.sh"
need_root
command -v javac > /dev/null || skip "no JDK (javac)"
javac -d "$TMP" "$TOP/tests/workloads/Hot.java" || fail "javac"

# start_jvm NAME [JVM-FLAGS...]: runs Hot in $TMP/NAME (its cwd), waits
# until its methods are compiled; JVM is its pid.
start_jvm() {
	name=$1; shift
	mkdir -p "$TMP/$name"
	(cd "$TMP/$name" && exec java -XX:CompileCommand=quiet \
		-XX:CompileCommand=dontinline,Hot.spin "$@" -cp "$TMP" Hot 30000 \
		> "$TMP/$name/out" 2>&1) &
	JVM=$!
	for _ in $(seq 100); do grep -q ready "$TMP/$name/out" 2>/dev/null && break; sleep 0.1; done
	grep -q ready "$TMP/$name/out" || fail "the JVM did not start: $(cat "$TMP/$name/out")"
	sleep 1.5 # C2 compiles work() and spin()
}
stop_jvm() { kill "$JVM" 2>/dev/null; wait "$JVM" 2>/dev/null; }
trap 'kill $JVM 2>/dev/null; rm -rf "$TMP"' EXIT

# -XX:+PreserveFramePointer: whole Java stacks, named, down to the launcher;
# jcmd is not on PATH, and sonde leaves no attach file behind.
start_jvm fp -XX:+PreserveFramePointer
PATH=/usr/sbin:/sbin "$SONDE" record -g -p "$JVM" --duration 1.5 -o "$TMP/fp.data" \
	2> "$TMP/fp.err" || { cat "$TMP/fp.err"; fail "record -p JVM"; }
expect_no_grep "warning" "$TMP/fp.err"
# Still at work after sonde detached: its CPU time keeps growing.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
before=$(cpu_ticks "$JVM") || fail "the JVM did not survive the recording"
sleep 0.5
[ "$(cpu_ticks "$JVM")" -gt "$before" ] || fail "the JVM stopped working after the recording"
[ -z "$(find "$TMP/fp" /tmp -maxdepth 1 -name ".attach_pid$JVM")" ] || fail "an attach file was left"
"$SONDE" collapse "$TMP/fp.data" > "$TMP/fp.folded" || fail "collapse"
expect_grep '^java;.*JavaMain;.*Hot\.work;Hot\.spin [0-9]+$' "$TMP/fp.folded"
"$SONDE" report -i "$TMP/fp.data" --stdio --no-children > "$TMP/fp.report" || fail "report"
expect_grep '%  java +perf-[0-9]+\.map +\[\.\] Hot\.spin$' "$TMP/fp.report"
# The flame graph marks JIT frames and takes the java palette on its own.
"$SONDE" flamegraph "$TMP/fp.data" -o "$TMP/fp.svg" || fail "flamegraph"
expect_grep '<title>Hot\.spin_\[j\] ' "$TMP/fp.svg"
expect_grep 'fill="rgb\((5[0-9]|[6-9][0-9]|1[01][0-9]),2[0-9][0-9],' "$TMP/fp.svg" # java palette: JIT green
# doctor -p reads the JVM's flags.
"$SONDE" doctor -p "$JVM" > "$TMP/fp.doctor" || fail "doctor -p JVM"
expect_grep "^process $JVM: a HotSpot JVM" "$TMP/fp.doctor"
expect_grep '^OK +java frame pointers +-XX:\+PreserveFramePointer is on' "$TMP/fp.doctor"
stop_jvm

# Without it, names still, and a warning that stacks are cut short.
start_jvm nofp
"$SONDE" record -g -p "$JVM" --duration 1 -o "$TMP/nofp.data" 2> "$TMP/nofp.err" || fail "record"
expect_grep "JVM $JVM runs without -XX:\+PreserveFramePointer" "$TMP/nofp.err"
"$SONDE" report -i "$TMP/nofp.data" --stdio --no-children > "$TMP/nofp.report" || fail "report"
expect_grep '\[\.\] Hot\.(spin|work)$' "$TMP/nofp.report"
# sonde's JVMTI agent, the way for JDK 8 and 11, forced here on JDK 17.
SONDE_JAVA_AGENT=1 "$SONDE" record -p "$JVM" --duration 1 -o "$TMP/agent.data" 2> "$TMP/agent.err" ||
	{ cat "$TMP/agent.err"; fail "record with the agent"; }
expect_no_grep "refused|cannot" "$TMP/agent.err"
"$SONDE" report -i "$TMP/agent.data" --stdio --no-children > "$TMP/agent.report" || fail "report"
expect_grep '%  java +perf-[0-9]+\.map +\[\.\] Hot\.(spin|work)$' "$TMP/agent.report"
[ ! -e /tmp/.sonde-perfmap-agent.so ] || fail "the agent's file was left"
kill -0 "$JVM" || fail "the JVM did not survive the agent"
"$SONDE" doctor -p "$JVM" --json > "$TMP/nofp.json" || fail "doctor -p JVM --json"
expect_grep '"process":\{"pid":'"$JVM"',"jvm":true,"java_frame_pointers":false\}' "$TMP/nofp.json"
"$SONDE" doctor -p "$JVM" > "$TMP/nofp.doctor" || fail "doctor -p JVM"
expect_grep '^missing +java frame pointers .*stacks stop one frame deep' "$TMP/nofp.doctor"
stop_jvm
expect_status 1 "$SONDE" doctor -p "$JVM"
expect_one_line_error "no such process: $JVM"

# Attach disabled: said, and no SIGQUIT (it would print a thread dump).
start_jvm noattach -XX:+DisableAttachMechanism
"$SONDE" record -p "$JVM" --duration 0.5 -o "$TMP/noattach.data" 2> "$TMP/noattach.err" || fail "record"
expect_grep "JVM $JVM: attach is disabled \(-XX:\+DisableAttachMechanism\)" "$TMP/noattach.err"
stop_jvm
expect_no_grep "thread dump" "$TMP/noattach/out"

# A JVM in its own pid and mount namespaces, with a private /tmp: reached
# through /proc/PID/root with the pid it has in there.
mkdir -p "$TMP/ns"
unshare --mount --pid --fork --propagation private sh -c \
	"mount --bind $TMP /mnt && mount -t tmpfs tmpfs /tmp && mount -t proc proc /proc &&
	 exec java -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,Hot.spin -XX:+PreserveFramePointer -cp /mnt Hot 30000" \
	> "$TMP/ns/out" 2>&1 &
NS=$!
for _ in $(seq 100); do grep -q ready "$TMP/ns/out" 2>/dev/null && break; sleep 0.1; done
JVM=$(pgrep -P "$NS" java)
[ -n "$JVM" ] || fail "the namespaced JVM did not start: $(cat "$TMP/ns/out")"
grep -q "NSpid:.*[[:space:]]1$" "/proc/$JVM/status" || fail "the JVM is not pid 1 in its namespace"
sleep 1.5
"$SONDE" record -g -p "$JVM" --duration 1 -o "$TMP/ns.data" 2> "$TMP/ns.err" || fail "record"
"$SONDE" collapse "$TMP/ns.data" > "$TMP/ns.folded" || fail "collapse"
expect_grep 'Hot\.work;Hot\.spin [0-9]+$' "$TMP/ns.folded"
kill "$JVM"; wait "$NS" 2>/dev/null

# A JVM sonde starts: it writes its map as it exits (JAVA_TOOL_OPTIONS),
# with frame pointers kept for -g.
(cd "$TMP" && "$SONDE" record -g -o "$TMP/child.data" -- java -XX:CompileCommand=quiet \
	-XX:CompileCommand=dontinline,Hot.spin -cp "$TMP" Hot 2500 > "$TMP/child.out" 2> "$TMP/child.err") ||
	{ cat "$TMP/child.err"; fail "record -- java"; }
expect_grep "Picked up JAVA_TOOL_OPTIONS: .*-XX:\+DumpPerfMapAtExit -XX:\+PreserveFramePointer" "$TMP/child.err"
"$SONDE" collapse "$TMP/child.data" > "$TMP/child.folded" || fail "collapse"
expect_grep '^java;.*JavaMain;.*Hot\.work;Hot\.spin [0-9]+$' "$TMP/child.folded"
echo "ok: Java frames named (own cwd, no jcmd, other namespaces, started by sonde, JVMTI agent)"
