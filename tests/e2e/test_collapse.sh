# sonde collapse: the bytes FlameGraph's stackcollapse-perf.pl gives.  The
# expected outputs in tests/golden/collapse were made by that script on
# the .perf-script inputs next to them (perf script text of real
# recordings, and edge cases: Java and JIT names, Go methods, C++
# templates and anonymous namespaces, inlined "a->b", unknown frames,
# pid -1 headers, commands with spaces, several events, CRLF).
. "$(dirname "$0")/lib.sh"

G=$TOP/tests/golden/collapse
for in in "$G"/*.perf-script; do
	b=${in%.perf-script}
	for opts in "" "--pid" "--tid" "--kernel" "--jit" "--all" "--addrs" "--all --tid --addrs"; do
		tag=$(echo "$opts" | tr -d ' -')
		want=$b${tag:+.$tag}.folded
		# shellcheck disable=SC2086
		"$SONDE" collapse $opts "$in" > "$TMP/got" 2> "$TMP/err" || fail "collapse $opts $in"
		cmp -s "$want" "$TMP/got" || { diff "$want" "$TMP/got" | head; fail "collapse $opts differs on $(basename "$in")"; }
		# The same from standard input.
		# shellcheck disable=SC2086
		"$SONDE" collapse $opts - < "$in" | cmp -s "$want" - || fail "collapse $opts - differs"
	done
done
"$SONDE" collapse --event-filter task-clock "$G/two-events.perf-script" > "$TMP/got"
cmp -s "$G/two-events.task-clock.folded" "$TMP/got" || fail "--event-filter differs"
"$SONDE" collapse "$G/two-events.perf-script" > /dev/null 2> "$TMP/err"
expect_grep "^sonde: warning: several event types: folded 'cpu-clock' only" "$TMP/err"

# The perl script's reading of "comm -1 ..." headers, and the fix.
"$SONDE" collapse "$G/edge.perf-script" > "$TMP/perl-way"
expect_grep '^perf-exec____-1_\[000\]_____0\.000000:;startup_64 1$' "$TMP/perl-way"
"$SONDE" collapse --fix-headers "$G/edge.perf-script" > "$TMP/fixed"
expect_grep '^perf-exec;startup_64 1$' "$TMP/fixed"

if [ "$(id -u)" = 0 ]; then
	# From a recording: what perf script | stackcollapse-perf.pl gives,
	# here checked as the collapse of perf script's own text.
	for f in g a; do
		if [ $f = a ]; then
			"$WL" spin 400 & "$SONDE" record -a -g -F 499 --duration 0.3 -o "$TMP/$f.data" 2>/dev/null; wait
		else
			"$SONDE" record -g -F 999 -o "$TMP/$f.data" -- "$WL" spin 200 work 300 2>/dev/null
		fi
		perf script -i "$TMP/$f.data" 2>/dev/null > "$TMP/$f.txt"
		for opts in "" "--all --tid"; do
			# shellcheck disable=SC2086
			"$SONDE" collapse $opts "$TMP/$f.txt" > "$TMP/want"
			# shellcheck disable=SC2086
			"$SONDE" collapse $opts "$TMP/$f.data" > "$TMP/got"
			cmp -s "$TMP/want" "$TMP/got" || { diff "$TMP/want" "$TMP/got" | head; fail "collapse $opts of $f.data"; }
		done
	done
	"$SONDE" collapse "$TMP/g.data" > "$TMP/g.folded"
	expect_grep '^workload;__libc_start_call_main;main;hot_outer;hot_inner [0-9]+$' "$TMP/g.folded"
fi

# Bad input: one line, non-zero.
expect_status 1 "$SONDE" collapse "$TMP/none.txt"
expect_one_line_error "cannot open '$TMP/none.txt': No such file or directory"
expect_status 2 "$SONDE" collapse --input-format bogus x
expect_status 2 "$SONDE" collapse --bogus
exit 0
