# The command table: help, --help, --version, unknown commands.
. "$(dirname "$0")/lib.sh"

expect_status 0 "$SONDE" --version
expect_grep '^sonde ' "$TMP/out"
expect_status 0 "$SONDE" help
cp "$TMP/out" "$TMP/help"
for c in list stat doctor; do
	expect_grep "^  $c " "$TMP/help"
	expect_status 0 "$SONDE" help "$c"
	expect_grep "^usage: sonde $c" "$TMP/out"
	expect_status 0 "$SONDE" "$c" --help
	expect_grep "^usage: sonde $c" "$TMP/out"
done
expect_status 2 "$SONDE" stst
expect_one_line_error "'stst' is not a sonde command; did you mean 'stat'"
expect_status 2 "$SONDE" frobnicate
expect_one_line_error "not a sonde command"
expect_status 2 "$SONDE"
expect_status 2 "$SONDE" stat --no-such-flag
expect_grep "^sonde: " "$TMP/err"
exit 0
