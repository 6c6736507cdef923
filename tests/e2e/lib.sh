# Helpers for end-to-end tests: sourced by each tests/e2e/test_*.sh.
# A test exits 0 (pass), 1 (fail) or 77 (skip, with a printed reason).
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SONDE=$TOP/build/sonde
WL=$TOP/build/workloads/workload
TMP=$(mktemp -d /tmp/sonde-e2e.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
need_root() { [ "$(id -u)" = 0 ] || skip "needs root"; }

# expect_grep PATTERN FILE: FILE has a line matching the extended regex.
expect_grep() {
	grep -Eq -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "no line matches /$1/ in $2"; }
}
expect_no_grep() {
	! grep -Eq -- "$1" "$2" || { echo "--- $2:" >&2; cat "$2" >&2; fail "a line matches /$1/ in $2"; }
}
# expect_status WANT CMD...: runs CMD, checks its exit status.
expect_status() {
	want=$1; shift
	"$@" >"$TMP/out" 2>"$TMP/err"; got=$?
	[ "$got" = "$want" ] || { cat "$TMP/out" "$TMP/err" >&2; fail "'$*' exited $got, want $want"; }
}
# One line on stderr, naming the problem.
expect_one_line_error() {
	[ "$(wc -l < "$TMP/err")" = 1 ] || { cat "$TMP/err" >&2; fail "want one line on stderr"; }
	expect_grep "^sonde: .*$1" "$TMP/err"
}
