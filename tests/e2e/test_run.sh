# sonde run, as built so far: bpftrace's syntax parsed (--dump=ast) and
# type-checked (--dump=types), errors at the source with a caret, and -l
# listing probes as bpftrace -l.
. "$(dirname "$0")/lib.sh"

# -l: the same names bpftrace -l prints, for each kind sonde lists.
"$SONDE" run -l 'tracepoint:syscalls:sys_enter_open*' > "$TMP/l.txt" || fail "run -l"
expect_grep '^tracepoint:syscalls:sys_enter_openat$' "$TMP/l.txt"
"$SONDE" run -l "uprobe:$WL:do_*" > "$TMP/u.txt" || fail "run -l uprobe"
expect_grep "^uprobe:$WL:do_getppid\$" "$TMP/u.txt"
"$SONDE" run -l "usdt:$WL:*" > "$TMP/usdt.txt" || fail "run -l usdt"
expect_grep "^usdt:$WL:sonde_test:tick\$" "$TMP/usdt.txt"
if command -v bpftrace > /dev/null && [ "$(id -u)" = 0 ]; then
	for pattern in 'tracepoint:syscalls:sys_enter_open*' '*getppid*' "uprobe:$WL:*" "usdt:$WL:*"; do
		bpftrace -l "$pattern" 2> /dev/null | grep -v '^\(software\|hardware\):\*' | sort > "$TMP/bt.txt"
		"$SONDE" run -l "$pattern" | grep -v '^\(software\|hardware\):' > "$TMP/s.txt"
		diff "$TMP/bt.txt" "$TMP/s.txt" > "$TMP/d.txt" || { cat "$TMP/d.txt"; fail "run -l '$pattern' differs from bpftrace -l"; }
	done
fi

# --dump=ast: the parse of a one-liner, and of a file.
"$SONDE" run --dump=ast -e 'tracepoint:syscalls:sys_enter_openat /pid == 1/ { @[comm] = count(); }' > "$TMP/ast.txt" ||
	fail "run --dump=ast"
expect_grep '^    attach tracepoint "tracepoint:syscalls:sys_enter_openat" category=syscalls name=sys_enter_openat$' "$TMP/ast.txt"
expect_grep '^        call count$' "$TMP/ast.txt"
printf 'BEGIN { printf("hello\\n"); }\n// done\nEND { @x = hist(retval); }\n' > "$TMP/p.bt"
"$SONDE" run --dump=ast "$TMP/p.bt" > "$TMP/ast2.txt" || fail "run --dump=ast FILE"
[ "$(grep -c '^  probe$' "$TMP/ast2.txt")" = 2 ] || fail "want two probes"

# A syntax error: file, line and column, the line and a caret; status 2.
expect_status 2 "$SONDE" run -e 'BEGIN { @x = count() '
expect_grep "^stdin:1:21: ERROR: syntax error: expected '}' at the end of the block" "$TMP/err"
expect_grep '^BEGIN \{ @x = count\(\) $' "$TMP/err"
expect_grep '^                    \^$' "$TMP/err"
expect_status 2 "$SONDE" run -e 'foo:bar { }'
expect_grep "unknown probe type 'foo'" "$TMP/err"
expect_status 2 "$SONDE" run --dump=llvm -e 'BEGIN { exit(); }'
expect_grep "unknown stage 'llvm'" "$TMP/err"
expect_status 2 "$SONDE" run
expect_grep "no program" "$TMP/err"
expect_status 1 "$SONDE" run /nonexistent.bt
expect_one_line_error "cannot read '/nonexistent.bt'"
# --dump=types: the type checker's view; a type error, file and caret.
"$SONDE" run --dump=types -e 'kprobe:vfs_read { @[comm] = count(); }' > "$TMP/types.txt" ||
	fail "run --dump=types"
expect_grep '^  1:21 builtin comm: string\[16\]$' "$TMP/types.txt"
expect_grep '^  @\[string\[16\]\]: count$' "$TMP/types.txt"
printf 'BEGIN {\n\t@x = cont();\n}\n' > "$TMP/bad.bt"
expect_status 2 "$SONDE" run "$TMP/bad.bt"
expect_grep "^$TMP/bad.bt:2:7-13: ERROR: unknown function 'cont'; did you mean 'count'?" "$TMP/err"
# Without root: one line, before any probe is looked at; the front end
# (--dump) still works.
if command -v setpriv > /dev/null; then
	expect_status 3 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SONDE" run -e 'tracepoint:syscalls:sys_enter_openat { @ = args.flags; }'
	expect_one_line_error "without root \\(or CAP_PERFMON and CAP_BPF\\)"
	expect_status 0 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$SONDE" run --dump=ast -e 'BEGIN { exit(); }'
fi

echo "ok: run parses bpftrace's language and lists probes"

