#!/usr/bin/env bash
# Runs every end-to-end test (tests/e2e/test_*.sh), each in its own shell.
cd "$(dirname "$0")" || exit 2
passed=0 failed=0 skipped=0
for t in test_*.sh; do
	[ -n "${1:-}" ] && [[ "$t" != *"$1"* ]] && continue
	start=$(date +%s.%N)
	bash "$t" > "/tmp/sonde-e2e-$t.log" 2>&1
	rc=$?
	secs=$(echo "$(date +%s.%N) - $start" | bc)
	case $rc in
	0) passed=$((passed + 1)); printf 'ok   %s (%.1fs)\n' "$t" "$secs" ;;
	77) skipped=$((skipped + 1)); printf 'skip %s: %s\n' "$t" "$(tail -n 1 "/tmp/sonde-e2e-$t.log")" ;;
	*) failed=$((failed + 1)); printf 'FAIL %s\n' "$t"; sed 's/^/    /' "/tmp/sonde-e2e-$t.log" | tail -n 40 ;;
	esac
done
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
