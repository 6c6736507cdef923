# sonde script prints exactly what perf script prints, on sonde's
# recordings and on perf's own.
. "$(dirname "$0")/lib.sh"
need_root

same_as_perf() { # FILE
	"$SONDE" script -i "$1" > "$TMP/sonde.txt" 2> "$TMP/sonde.err" || { cat "$TMP/sonde.err"; fail "sonde script failed on $1"; }
	perf script -i "$1" > "$TMP/perf.txt" 2>/dev/null || fail "perf script failed on $1"
	[ -s "$TMP/perf.txt" ] || fail "perf script printed nothing for $1"
	diff "$TMP/perf.txt" "$TMP/sonde.txt" > "$TMP/diff" ||
		{ head -n 20 "$TMP/diff"; fail "sonde script differs from perf script on $1"; }
}

"$SONDE" record -g -F 999 -o "$TMP/g.data" -- "$WL" spin 300 2>/dev/null || fail "record"
same_as_perf "$TMP/g.data"
expect_grep 'hot_outer\+0x' "$TMP/sonde.txt"
"$SONDE" record -F 999 -o "$TMP/flat.data" -- "$WL" spin 200 2>/dev/null || fail "record"
same_as_perf "$TMP/flat.data"
"$SONDE" record -g -F 999 -o "$TMP/cxx.data" -- "$TOP/build/workloads/cxxwork" 300 2>/dev/null || fail "record"
same_as_perf "$TMP/cxx.data"
expect_grep 'sonde_test::Shape::area\+0x' "$TMP/sonde.txt"
"$WL" spin 600 &
"$SONDE" record -a -g -F 499 --duration 0.5 -o "$TMP/all.data" 2>/dev/null || fail "record -a"
wait
same_as_perf "$TMP/all.data"
expect_grep '\(\[kernel\.kallsyms\]\)$' "$TMP/sonde.txt"

# Tracepoints as sampling events: every hit, with its stack.
"$SONDE" record -e syscalls:sys_enter_write -g -o "$TMP/tp.data" -- "$WL" write 50 2>/dev/null || fail "record -e tracepoint"
same_as_perf "$TMP/tp.data"
[ "$(grep -c 'syscalls:sys_enter_write:' "$TMP/sonde.txt")" = 50 ] || fail "want 50 write samples"
"$SONDE" record -a -e block:block_rq_issue -g -o "$TMP/blk.data" -- \
	sh -c "dd if=/dev/zero of=$TMP/blkfile bs=64k count=20 oflag=direct 2>/dev/null; sync" 2>/dev/null ||
	fail "record -a -e block:block_rq_issue -- COMMAND"
same_as_perf "$TMP/blk.data"
expect_grep 'block:block_rq_issue:' "$TMP/sonde.txt"
expect_grep 'blk_mq_start_request\+0x[0-9a-f]+ \(\[kernel\.kallsyms\]\)$' "$TMP/sonde.txt"

# perf's own files: plain, compressed, system-wide.
perf record -q -g -F 999 -o "$TMP/p.data" -- "$WL" spin 300 2>/dev/null || fail "perf record"
same_as_perf "$TMP/p.data"
perf record -q -z -g -F 999 -o "$TMP/pz.data" -- "$WL" spin 300 2>/dev/null || fail "perf record -z"
same_as_perf "$TMP/pz.data"
perf record -q -a -g -F 499 -o "$TMP/pa.data" -- "$WL" spin 400 2>/dev/null || fail "perf record -a"
same_as_perf "$TMP/pa.data"

# A stripped binary with only .dynsym: its exported functions named.
"$SONDE" record -g -F 999 -o "$TMP/dyn.data" -- "$TOP/build/workloads/workload-dynsym" spin 200 2>/dev/null ||
	fail "record"
same_as_perf "$TMP/dyn.data"
expect_grep 'hot_inner\+0x[0-9a-f]+ \(.*/workload-dynsym\)$' "$TMP/sonde.txt"
expect_grep 'hot_outer\+0x' "$TMP/sonde.txt"
expect_status 0 "$SONDE" report -i "$TMP/dyn.data" --no-children
expect_grep 'workload-dynsym +\[\.\] hot_inner$' "$TMP/out"

# A stripped copy: what perf can name, sonde names alike.
cp "$WL" "$TMP/stripped" && strip "$TMP/stripped"
"$SONDE" record -g -F 999 -o "$TMP/s.data" -- "$TMP/stripped" spin 200 2>/dev/null || fail "record"
same_as_perf "$TMP/s.data"

# The default file is ./perf.data.
(cd "$TMP" && cp g.data perf.data && "$SONDE" script > default.txt) || fail "script of ./perf.data"
cmp -s "$TMP/default.txt" <("$SONDE" script -i "$TMP/g.data") || fail "script without -i"

# A truncated file: what is readable, then where it stopped.
# Cut inside the last records of the data section (offset and size of
# the data section are the u64s at bytes 40 and 48 of the header).
read -r off size < <(od -An -t u8 -j 40 -N 16 "$TMP/g.data")
head -c $((off + size - 100)) "$TMP/g.data" > "$TMP/cut.data"
expect_status 1 "$SONDE" script -i "$TMP/cut.data"
expect_grep 'hot_inner\+0x' "$TMP/out"
expect_one_line_error "'$TMP/cut.data' is truncated at byte [0-9]+; read [0-9]+ samples before it"
head -c 100 "$TMP/g.data" > "$TMP/head.data"
expect_status 1 "$SONDE" script -i "$TMP/head.data"
expect_one_line_error "is truncated: it ends inside its header"
expect_status 1 "$SONDE" script -i /etc/passwd
expect_one_line_error "'/etc/passwd' is not a perf.data file"
expect_status 1 "$SONDE" script -i "$TMP/none.data"
expect_one_line_error "cannot open '$TMP/none.data': No such file or directory"
expect_status 2 "$SONDE" script --bogus
exit 0
