# sonde doctor: this machine's known facts (see /work/shared/MACHINE.md),
# --json, usage errors, and a run without privileges.
. "$(dirname "$0")/lib.sh"
need_root

# expect_feature OK|missing NAME: doctor's line for NAME says so.
expect_feature() {
	expect_grep "^$1 +$2  " "$TMP/doctor"
}

expect_status 0 "$SONDE" doctor
cp "$TMP/out" "$TMP/doctor"
[ -s "$TMP/err" ] && { cat "$TMP/err" >&2; fail "doctor wrote to stderr"; }
for f in root perf_event_paranoid kptr_restrict lockdown tracefs BTF \
	tracepoints 'raw tracepoints' tp_btf 'BPF on perf events' uprobes \
	'ring buffer'; do
	expect_feature OK "$f"
done
expect_feature missing kprobes
expect_feature missing fentry/fexit
expect_feature missing 'hardware PMU'
expect_grep '^OK +root +uid 0, CAP_PERFMON CAP_BPF CAP_SYS_ADMIN$' "$TMP/doctor"
expect_grep '^missing +kprobes +no kprobe PMU: kprobe:/kretprobe: probes' "$TMP/doctor"
expect_grep '^missing +fentry/fexit +program load fails with EPERM' "$TMP/doctor"
expect_grep '^missing +hardware PMU +.*stat shows <not supported>; sample with cpu-clock$' "$TMP/doctor"
expect_grep '^12 of 15 features available; missing: kprobes, fentry/fexit, hardware PMU$' "$TMP/doctor"
# One line per feature, a blank line, the summary.
[ "$(wc -l < "$TMP/doctor")" = 17 ] || { cat "$TMP/doctor" >&2; fail "want 17 lines"; }

# --json: one document, every feature with the same keys.
expect_status 0 "$SONDE" doctor --json
[ "$(wc -l < "$TMP/out")" = 1 ] || fail "--json: want one line"
/usr/bin/python3 -c '
import json, sys
doc = json.load(sys.stdin)
feats = {f["id"]: f for f in doc["features"]}
assert len(doc["features"]) == 15, len(doc["features"])
for f in doc["features"]:
    assert set(f) == {"id", "name", "ok", "detail", "loss"}, f
    assert isinstance(f["ok"], bool) and f["detail"], f
    assert (f["loss"] is None) == f["ok"], f
for k in ("root", "tracefs", "btf", "tracepoint", "raw_tracepoint", "tp_btf",
          "perf_event", "uprobe", "ringbuf"):
    assert feats[k]["ok"], feats[k]
for k in ("kprobe", "fentry", "hardware_pmu"):
    assert not feats[k]["ok"], feats[k]
assert feats["kprobe"]["loss"].startswith("kprobe:/kretprobe:")
' < "$TMP/out" || fail "doctor --json does not hold the expected facts"

# Usage.
expect_status 0 "$SONDE" doctor --help
expect_grep '^usage: sonde doctor \[-p PID\] \[--json\]' "$TMP/out"
expect_status 2 "$SONDE" doctor --bogus
expect_grep "^sonde: unknown option '--bogus'" "$TMP/err"
expect_status 2 "$SONDE" doctor extra
expect_grep "^sonde: unexpected argument 'extra'" "$TMP/err"

# Without privileges doctor still runs, and says what is missing and why.
NOPRIV="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
expect_status 0 $NOPRIV "$SONDE" doctor
cp "$TMP/out" "$TMP/doctor"
expect_grep '^missing +root +uid 65534, none of CAP_PERFMON CAP_BPF CAP_SYS_ADMIN: ' "$TMP/doctor"
expect_feature missing perf_event_paranoid
expect_feature missing tp_btf
expect_grep '^missing +tp_btf +.*EPERM \(needs root\)' "$TMP/doctor"
expect_feature missing kprobes
expect_grep '^missing +kprobes +no kprobe PMU' "$TMP/doctor"
expect_feature OK BTF
expect_status 0 $NOPRIV "$SONDE" doctor --json
/usr/bin/python3 -c '
import json, sys
feats = {f["id"]: f for f in json.load(sys.stdin)["features"]}
assert not feats["root"]["ok"] and feats["btf"]["ok"]
' < "$TMP/out" || fail "unprivileged doctor --json"
exit 0
