#!/usr/bin/env bash
# Symbolizer throughput: loads libc, python3, the kernel and a generated
# binary with 100,000 functions, then times 1,000,000 lookups over them.
#   bench/symbolize.sh [-n LOOKUPS] [--python PATH] [--libc PATH]
# Builds build/libsonde.a if needed; the generated binary is cached in
# build/bench/.  Exits 1 when load + lookups take 1 s or more.
set -eu
cd "$(dirname "$0")/.."
OUT=build/bench
mkdir -p "$OUT"
make -s build/libsonde.a

# The flags the Makefile compiles and links with (make V=1).
CFLAGS="-std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow \
	-Wno-unused-parameter -Wmissing-prototypes -Wstrict-prototypes \
	-Wformat=2 -Wno-format-nonliteral -Wno-format-truncation \
	-O2 -g -fno-omit-frame-pointer -Isrc -Ibuild"
LIBS="-Wl,-Bstatic -lbpf -liberty -Wl,-Bdynamic -lelf -lz -lzstd -llzma \
	-lm -lpthread"

# 100,000 distinct functions.  clang compiles this four times faster
# than gcc (about 5 s against 20 s); either works.
GEN=$OUT/many_functions
if [ ! -x "$GEN" ]; then
	awk 'BEGIN {
		for (i = 0; i < 100000; i++)
			printf "int f_%05d(int x) { return x * %d + %d; }\n", i, i % 97 + 2, i
		print "int main(int argc, char **argv) { (void)argv; return f_00007(argc) & 1; }"
	}' > "$OUT/many_functions.c"
	GEN_CC=$(command -v clang || command -v "${CC:-cc}")
	echo "compiling 100,000 functions with $(basename "$GEN_CC")..." >&2
	"$GEN_CC" -O0 -o "$GEN.tmp" "$OUT/many_functions.c"
	mv "$GEN.tmp" "$GEN"
fi

${CC:-cc} $CFLAGS -o "$OUT/symbolize" bench/symbolize.c build/libsonde.a $LIBS
exec "$OUT/symbolize" "$GEN" "$@"
