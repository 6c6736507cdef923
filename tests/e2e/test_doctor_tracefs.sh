# sonde doctor mounts tracefs when it is missing, and says so.
. "$(dirname "$0")/lib.sh"
need_root

TRACING=/sys/kernel/tracing
tracefs_mounted() { grep -q "^[^ ]* $TRACING tracefs " /proc/mounts; }

was_mounted=no
tracefs_mounted && was_mounted=yes
restore() {
	if [ "$was_mounted" = yes ]; then
		tracefs_mounted || mount -t tracefs nodev "$TRACING"
	else
		while tracefs_mounted && umount "$TRACING" 2>/dev/null; do :; done
	fi
	rm -rf "$TMP"
}
trap restore EXIT

# Unmount every layer; a busy tracefs (a tracer running now) means skip.
for _ in 1 2 3 4; do
	tracefs_mounted || break
	umount "$TRACING" 2>/dev/null || skip "cannot unmount $TRACING (busy)"
done
tracefs_mounted && skip "tracefs is mounted on $TRACING too many times"
grep -q ' tracefs ' /proc/mounts && skip "tracefs is mounted elsewhere too"

expect_status 0 "$SONDE" doctor
expect_grep "^OK +tracefs +$TRACING, mounted by sonde$" "$TMP/out"
tracefs_mounted || fail "doctor did not leave tracefs mounted"
[ -r "$TRACING/events/sched/sched_switch/id" ] || fail "tracefs has no events"
# The tracepoint probes ran on the tracefs sonde mounted.
expect_grep '^OK +tracepoints +' "$TMP/out"

# Mounted already: doctor says nothing about mounting.
expect_status 0 "$SONDE" doctor
expect_grep "^OK +tracefs +$TRACING$" "$TMP/out"
exit 0
