# sonde flamegraph: one self-contained, deterministic SVG from any input,
# with its options, the differential mode, and bad input named.
. "$(dirname "$0")/lib.sh"
need_root

frames() { grep -o 'data-n="[^"]*"' "$1" | sed 's/data-n="//; s/"$//' | sort -u; }

"$SONDE" record -g -F 999 -o "$TMP/g.data" -- "$WL" spin 300 work 600 2>/dev/null || fail "record"
perf record -q -g -F 999 -o "$TMP/p.data" -- "$WL" spin 300 2>/dev/null || fail "perf record"
perf script -i "$TMP/g.data" > "$TMP/g.txt" 2>/dev/null
"$SONDE" collapse "$TMP/g.data" > "$TMP/g.folded"

# Every input form gives the same picture (auto-detected, or stdin).
"$SONDE" flamegraph "$TMP/g.data" > "$TMP/a.svg" || fail "from a recording"
"$SONDE" flamegraph "$TMP/g.txt" > "$TMP/b.svg" || fail "from perf script text"
"$SONDE" flamegraph "$TMP/g.folded" > "$TMP/c.svg" || fail "from folded stacks"
"$SONDE" flamegraph - < "$TMP/g.folded" > "$TMP/d.svg" || fail "from stdin"
"$SONDE" flamegraph --input-format perf-script - < "$TMP/g.txt" > "$TMP/e.svg" || fail "stdin, named format"
for f in b c d e; do cmp -s "$TMP/a.svg" "$TMP/$f.svg" || fail "$f.svg differs from a.svg"; done
for fn in all workload main hot_outer hot_inner hot_work __libc_start_call_main; do
	frames "$TMP/a.svg" | grep -qx "$fn" || fail "no frame $fn"
done
expect_grep '<title>hot_inner \([0-9,]+ samples, [0-9.]+%\)</title>' "$TMP/a.svg"
"$SONDE" flamegraph "$TMP/p.data" -o "$TMP/p.svg" || fail "from perf's recording"
frames "$TMP/p.svg" | grep -qx hot_inner || fail "perf's recording lacks hot_inner"
# Deterministic: the same bytes every time; self-contained: no network.
"$SONDE" flamegraph "$TMP/g.data" | cmp -s - "$TMP/a.svg" || fail "not deterministic"
expect_no_grep 'https?://[^"]*\.(js|css)|<script[^>]*src=' "$TMP/a.svg"
xmllint --noout "$TMP/a.svg" 2>/dev/null || /usr/bin/python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$TMP/a.svg" ||
	fail "the SVG is not well-formed XML"

# Options.
"$SONDE" flamegraph --title 'T<1>' --subtitle 'sub & more' --width 800 --height 20 \
	--countname ns "$TMP/g.folded" > "$TMP/o.svg"
expect_grep '<text id="title"[^>]*>T&lt;1&gt;</text>' "$TMP/o.svg"
expect_grep '<text id="subtitle"[^>]*>sub &amp; more</text>' "$TMP/o.svg"
expect_grep '<svg version="1.1" width="800"' "$TMP/o.svg"
expect_grep 'height="19" fill=' "$TMP/o.svg"
expect_grep '<title>main \([0-9,]+ ns, ' "$TMP/o.svg"
printf 'a;b 1000\na;c 1\n' > "$TMP/small.folded"
"$SONDE" flamegraph "$TMP/small.folded" > "$TMP/m0.svg"
expect_grep 'data-n="c"' "$TMP/m0.svg"
"$SONDE" flamegraph --minwidth 5% "$TMP/small.folded" > "$TMP/m.svg"
expect_no_grep 'data-n="c"' "$TMP/m.svg"
"$SONDE" flamegraph --minwidth 2 "$TMP/small.folded" > "$TMP/m2.svg"
expect_no_grep 'data-n="c"' "$TMP/m2.svg"
"$SONDE" flamegraph --inverted "$TMP/g.folded" > "$TMP/i.svg"
expect_grep '<text id="title"[^>]*>Icicle Graph</text>' "$TMP/i.svg"
y_all=$(grep -o 'data-n="all"[^>]*><title>[^<]*</title><rect x="[^"]*" y="[^"]*"' "$TMP/i.svg" | sed 's/.*y="//; s/"//')
y_main=$(grep -o 'data-n="main"[^>]*><title>[^<]*</title><rect x="[^"]*" y="[^"]*"' "$TMP/i.svg" | head -n 1 | sed 's/.*y="//; s/"//')
awk -v a="$y_all" -v m="$y_main" 'BEGIN { exit !(a < m) }' || fail "--inverted: all is not above main"
"$SONDE" flamegraph --reverse "$TMP/g.folded" > "$TMP/r.svg"
expect_grep 'data-n="hot_inner" data-s="[0-9]+" data-w="[0-9]+" data-d="1"' "$TMP/r.svg"
printf 'a;x 1\nb;y 2\na;z 3\n' > "$TMP/time.folded"
"$SONDE" flamegraph --flamechart "$TMP/time.folded" > "$TMP/fc.svg"
[ "$(grep -o 'data-n="[abxyz]" data-s="[0-9]*"' "$TMP/fc.svg" | grep -c '"a" data-s')" = 2 ] ||
	fail "--flamechart merged frames that are apart in time"
# A flame chart of a recording keeps time order: hot_work ran first.
"$SONDE" record -g -F 999 -o "$TMP/t.data" -- "$WL" work 300 spin 200 2>/dev/null || fail "record"
first_s() { grep -o "data-n=\"$2\" data-s=\"[0-9]*\"" "$1" | head -n 1 | sed 's/.*data-s="//; s/"//'; }
"$SONDE" flamegraph --flamechart "$TMP/t.data" > "$TMP/chart.svg"
[ "$(first_s "$TMP/chart.svg" hot_work)" -lt "$(first_s "$TMP/chart.svg" hot_outer)" ] ||
	fail "--flamechart of a recording lost time order"
"$SONDE" flamegraph "$TMP/t.data" > "$TMP/graph.svg"
[ "$(first_s "$TMP/graph.svg" hot_outer)" -lt "$(first_s "$TMP/graph.svg" hot_work)" ] ||
	fail "a flame graph is not in name order"
"$SONDE" flamegraph --colors mem "$TMP/g.folded" > "$TMP/mem.svg"
cmp -s "$TMP/mem.svg" "$TMP/a.svg" && fail "--colors mem changed nothing"
"$SONDE" collapse --all "$TMP/g.data" > "$TMP/k.folded"
"$SONDE" flamegraph --colors java "$TMP/k.folded" > "$TMP/java.svg"
"$SONDE" flamegraph --hash "$TMP/g.folded" > "$TMP/h.svg"
"$SONDE" flamegraph --palette-file "$TMP/palette.map" "$TMP/g.folded" > "$TMP/pal1.svg"
expect_grep '^hot_inner->rgb\(' "$TMP/palette.map"
"$SONDE" flamegraph --palette-file "$TMP/palette.map" --colors blue "$TMP/g.folded" > "$TMP/pal2.svg"
c1=$(grep -o 'data-n="hot_inner".*fill="[^"]*"' "$TMP/pal1.svg" | head -n 1 | sed 's/.*fill=//')
c2=$(grep -o 'data-n="hot_inner".*fill="[^"]*"' "$TMP/pal2.svg" | head -n 1 | sed 's/.*fill=//')
[ "$c1" = "$c2" ] || fail "the palette file did not keep hot_inner's colour ($c1, $c2)"

# HTML: the same frames, as data for a canvas.
"$SONDE" flamegraph --format html --title 'T<2>' "$TMP/g.data" > "$TMP/a.html" || fail "--format html"
"$SONDE" flamegraph --format html --title 'T<2>' "$TMP/g.data" | cmp -s - "$TMP/a.html" || fail "HTML not deterministic"
expect_grep '<h1 id="title">T&lt;2&gt;</h1>' "$TMP/a.html"
expect_grep '"hot_inner"' "$TMP/a.html"
expect_no_grep '<script[^>]*src=' "$TMP/a.html"
expect_status 2 "$SONDE" flamegraph --format png "$TMP/g.data"

# Differential: growth red, shrink blue; --negate swaps.
printf 'a;b 10\na;c 10\n' > "$TMP/before.folded"
printf 'a;b 30\na;c 5\n' > "$TMP/after.folded"
"$SONDE" flamegraph --diff "$TMP/before.folded" "$TMP/after.folded" > "$TMP/diff.svg" || fail "--diff"
expect_grep 'data-n="b".*fill="rgb\(255,' "$TMP/diff.svg"
expect_grep 'data-n="c".*fill="rgb\([0-9]+,[0-9]+,255\)"' "$TMP/diff.svg"
"$SONDE" flamegraph --diff --negate "$TMP/before.folded" "$TMP/after.folded" > "$TMP/neg.svg"
expect_grep 'data-n="b".*fill="rgb\([0-9]+,[0-9]+,255\)"' "$TMP/neg.svg"
"$SONDE" flamegraph --diff --normalize "$TMP/before.folded" "$TMP/after.folded" > /dev/null || fail "--normalize"
"$SONDE" flamegraph --diff "$TMP/g.data" "$TMP/g.folded" > /dev/null || fail "--diff of a recording and folded"

# Record and draw in one go.
expect_status 0 "$SONDE" flamegraph -F 999 -o "$TMP/live.svg" -- "$WL" spin 200
frames "$TMP/live.svg" | grep -qx hot_inner || fail "live graph lacks hot_inner"

# Bad input: one line naming the problem (and the line number).
printf 'a;b 1\nc;d 2\nbin\0ary\n' > "$TMP/garbage"
expect_status 1 "$SONDE" flamegraph "$TMP/garbage"
expect_one_line_error "is not text: line 3 has a NUL byte"
head -c 2000 /dev/urandom > "$TMP/random"; printf '\0' >> "$TMP/random"
expect_status 1 "$SONDE" flamegraph "$TMP/random"
expect_one_line_error "is not text: line [0-9]+ has a NUL byte"
: > "$TMP/empty"
expect_status 1 "$SONDE" flamegraph "$TMP/empty"
expect_one_line_error "'$TMP/empty' is empty"
printf 'a;b 1\na;c many\n' > "$TMP/bad.folded"
expect_status 1 "$SONDE" flamegraph --input-format folded "$TMP/bad.folded"
expect_one_line_error "line 2 is not a folded stack"
printf 'a;b 1\na;c\n' > "$TMP/cut.folded"
expect_status 1 "$SONDE" flamegraph --input-format folded "$TMP/cut.folded"
expect_one_line_error "line 2 is not a folded stack"
printf 'this is not\nperf script text at all\n' > "$TMP/prose"
expect_status 1 "$SONDE" flamegraph "$TMP/prose"
expect_one_line_error "is not perf script text: line 1"
expect_status 1 "$SONDE" flamegraph "$TMP/none"
expect_one_line_error "cannot open '$TMP/none'"
expect_status 2 "$SONDE" flamegraph --colors plaid "$TMP/g.folded"
expect_status 2 "$SONDE" flamegraph --diff "$TMP/g.folded"

# In a real browser: click to zoom, search, case, URL state.
command -v node >/dev/null && [ -x /usr/bin/chromium ] || skip "node and chromium are needed for the browser test"
[ -d "$TOP/tests/browser/node_modules/playwright-core" ] || skip "run 'npm install' in tests/browser"
node "$TOP/tests/browser/flame.mjs" "$TMP/a.svg" hot_work hot_inner || fail "browser test (SVG)"
node "$TOP/tests/browser/flame_html.mjs" "$TMP/a.html" hot_work hot_inner || fail "browser test (HTML)"
# A profile of 120,000 frames stays usable: loads, zooms and searches.
/usr/bin/python3 -c '
for i in range(60000):
    print("app;main;mod%d;fn%d;leaf%d %d" % (i % 300, i, i, 1 + i % 7))' > "$TMP/huge.folded"
"$SONDE" flamegraph --format html "$TMP/huge.folded" -o "$TMP/huge.html"
node "$TOP/tests/browser/flame_html.mjs" "$TMP/huge.html" mod5 'leaf1.*' || fail "browser test (120,000 frames)"
exit 0
