# sonde report: perf report --stdio's table and call graphs, checked
# against perf report on the same files.
. "$(dirname "$0")/lib.sh"
need_root

# The same lines as perf report (order of equal overheads aside).  A
# frame-pointer walk now and then reads a word of text as a return
# address (0x3131...: neither user nor kernel space); perf files such a
# frame under [k], sonde under [.], so those lines are left out.
no_garbage() { grep -v -P '\[unknown\] +\[[.k]\] 0x(?!0000|ffff)[0-9a-f]{16}$'; }
same_lines_as_perf() { # FILE SONDE-ARGS -- PERF-ARGS
	f=$1; shift
	sargs=(); while [ "$1" != "--" ]; do sargs+=("$1"); shift; done; shift
	"$SONDE" report -i "$f" "${sargs[@]}" > "$TMP/s.txt" || fail "sonde report ${sargs[*]} failed on $f"
	perf report -i "$f" --stdio "$@" 2>/dev/null | sed '1,3d' > "$TMP/p.txt"
	diff <(grep -v -e '^#$' -e '^# (Tip' -e '^$' "$TMP/s.txt" | sed 's/ *$//' | no_garbage | sort) \
	     <(grep -v -e '^#$' -e '^# (Tip' -e '^$' "$TMP/p.txt" | sed 's/ *$//' | no_garbage | sort) > "$TMP/d.txt" ||
		{ head -n 20 "$TMP/d.txt"; fail "sonde report ${sargs[*]} differs from perf report $* on $f"; }
}

"$SONDE" record -g -F 999 -o "$TMP/g.data" -- "$WL" spin 300 work 800 2>/dev/null || fail "record"
perf record -q -g -F 999 -o "$TMP/p.data" -- "$WL" spin 300 work 800 2>/dev/null || fail "perf record"
for f in "$TMP/g.data" "$TMP/p.data"; do
	same_lines_as_perf "$f" -- -g none
	same_lines_as_perf "$f" --no-children -- --no-children -g none
	same_lines_as_perf "$f" -g -- -g
	same_lines_as_perf "$f" -g --no-children -- -g --no-children
	same_lines_as_perf "$f" --sort dso -- --sort dso -g none
	same_lines_as_perf "$f" --no-children --sort pid,sym -- --no-children --sort pid,sym -g none
done

expect_status 0 "$SONDE" report -i "$TMP/g.data"
expect_grep '^# Children      Self  Command +Shared Object +Symbol' "$TMP/out"
expect_grep '^ +[0-9.]+% +[0-9.]+%  workload +workload +\[\.\] hot_inner$' "$TMP/out"
expect_grep '^ +[0-9.]+% +0\.00%  workload +workload +\[\.\] hot_outer$' "$TMP/out"
expect_grep '^ +[0-9.]+% +0\.00%  workload +workload +\[\.\] hot_work$' "$TMP/out"
expect_status 0 "$SONDE" report -i "$TMP/g.data" -g --no-children
expect_grep '^# Overhead  Command' "$TMP/out"
expect_grep '^            ---__libc_start_call_main$' "$TMP/out"
expect_grep '^               \|--[0-9.]+%--hot_outer$' "$TMP/out"
expect_status 0 "$SONDE" report -i "$TMP/g.data" --percent-limit 50
expect_no_grep 'hot_work' "$TMP/out"
expect_grep 'hot_outer' "$TMP/out"

# Without stacks: self overhead only, as perf.
"$SONDE" record -F 999 -o "$TMP/flat.data" -- "$WL" spin 200 2>/dev/null || fail "record"
expect_status 0 "$SONDE" report -i "$TMP/flat.data"
expect_grep '^# Overhead  Command' "$TMP/out"
same_lines_as_perf "$TMP/flat.data" --

# The whole system, kernel symbols marked [k].
"$WL" spin 500 &
"$SONDE" record -a -g -F 499 --duration 0.4 -o "$TMP/all.data" 2>/dev/null || fail "record -a"
wait
expect_status 0 "$SONDE" report -i "$TMP/all.data" --no-children
expect_grep '\[kernel\.kallsyms\] +\[k\] ' "$TMP/out"
expect_grep 'workload +\[\.\] hot_inner' "$TMP/out"

# JSON: the same numbers.
expect_status 0 "$SONDE" report -i "$TMP/g.data" --json -g
/usr/bin/python3 - "$TMP/out" <<'PY' || fail "bad report JSON"
import json, sys
doc = json.loads(open(sys.argv[1]).readline())
assert doc["event"] == "cpu-clock" and doc["samples"] > 100
e = {x["symbol"]: x for x in doc["entries"]}
assert 99.0 < sum(x["self"] for x in doc["entries"]) <= 100.01
assert e["main"]["children"] > 95 and e["hot_inner"]["self"] > 90
assert e["main"]["callgraph"][0]["symbol"] == "main"
PY

# A truncated file: the table of what was read, then where it stopped.
# Cut inside the last records of the data section (offset and size of
# the data section are the u64s at bytes 40 and 48 of the header).
read -r off size < <(od -An -t u8 -j 40 -N 16 "$TMP/g.data")
head -c $((off + size - 100)) "$TMP/g.data" > "$TMP/cut.data"
expect_status 1 "$SONDE" report -i "$TMP/cut.data"
expect_grep 'hot_inner' "$TMP/out"
expect_one_line_error "'$TMP/cut.data' is truncated at byte [0-9]+; read [0-9]+ samples before it"

expect_status 2 "$SONDE" report -i "$TMP/g.data" --sort bogus
expect_grep "^sonde: unknown sort key 'bogus' \(have: comm, pid, dso, sym\)" "$TMP/err"
expect_status 2 "$SONDE" report -i "$TMP/g.data" --percent-limit 200
expect_status 1 "$SONDE" report -i "$TMP/missing.data"
expect_one_line_error "cannot open '$TMP/missing.data': No such file or directory"
expect_status 1 "$SONDE" report -i /etc/hostname
expect_one_line_error "is not a perf.data file"
exit 0
