# sonde: a plain Makefile.  `make` builds build/sonde; `make test` runs the
# whole suite (unit tests, the same under ASan+UBSan, end-to-end tests).

VERSION := $(shell git describe --tags --always --dirty 2>/dev/null || echo 0.1.0)
ARCH := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')

CC ?= gcc
CLANG ?= clang
BPFTOOL ?= bpftool
BUILD ?= build
# `make V=1` shows the commands.
Q := $(if $(V),,@)

WARN := -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter -Wmissing-prototypes \
	-Wstrict-prototypes -Wformat=2 -Wno-format-nonliteral $(if $(findstring clang,$(CC)),,-Wno-format-truncation)
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=gnu11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -fno-omit-frame-pointer \
	-Isrc -I$(BUILD) -DSONDE_VERSION='"$(VERSION)"' -MMD -MP
# libbpf and libiberty are linked statically: at run time the binary needs
# only libc, libelf, zlib, libzstd and liblzma, all in a base Debian system.

LIBS := -Wl,-Bstatic -lbpf -liberty -Wl,-Bdynamic -lelf -lz -lzstd -llzma -lm -lpthread

LIB_SRC := $(wildcard src/util/*.c src/core/*.c src/sym/*.c src/bpf/*.c src/render/*.c \
	src/perfdata/*.c src/profile/*.c src/unwind/*.c src/jvm/*.c src/trace/*.c \
	src/lang/*.c)
CLI_SRC := src/main.c $(wildcard src/cli/*.c)
GEN_SRC := $(BUILD)/gen/syscall_table.c
BPF_SRC := $(wildcard bpf/*.bpf.c)
SKELS := $(patsubst bpf/%.bpf.c,$(BUILD)/bpf/%.skel.h,$(BPF_SRC))

LIB_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRC)) $(BUILD)/obj/gen/syscall_table.o \
	$(BUILD)/obj/gen/errno_table.o $(BUILD)/obj/gen/perfmap_agent.o
CLI_OBJ := $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRC))

UNIT_SRC := $(wildcard tests/unit/*.c)
WORKLOADS := $(patsubst tests/workloads/%.c,$(BUILD)/workloads/%,$(wildcard tests/workloads/*.c)) \
	$(patsubst tests/workloads/%.cc,$(BUILD)/workloads/%,$(wildcard tests/workloads/*.cc)) \
	$(BUILD)/workloads/workload-dynsym

all: $(BUILD)/sonde

# The JVMTI agent for JVMs without Compiler.perfmap (JDK 8, 11): a shared
# library for the JVM, built against the JDK's jvmti.h and carried inside
# sonde (.incbin), written out only for the JVM to load.
JDK_INCLUDE ?= $(patsubst %/jvmti.h,%,$(firstword $(wildcard /usr/lib/jvm/*/include/jvmti.h)))
$(BUILD)/agent/libsonde-perfmap.so: agent/perfmap_agent.c
	@test -n "$(JDK_INCLUDE)" || { echo "no JDK headers (jvmti.h): run scripts/install-deps.sh" >&2; exit 1; }
	@mkdir -p $(dir $@)
	gcc -shared -fPIC -O2 -Wall -Wextra -Werror -Wno-unused-parameter \
		-I$(JDK_INCLUDE) -I$(JDK_INCLUDE)/linux -o $@ $<
$(BUILD)/obj/gen/perfmap_agent.o: $(BUILD)/agent/libsonde-perfmap.so
	@mkdir -p $(dir $@)
	printf '%s\n' '.section .rodata' '.globl jvm_perfmap_agent, jvm_perfmap_agent_end' \
		'jvm_perfmap_agent:' '.incbin "$<"' 'jvm_perfmap_agent_end:' \
		'.section .note.GNU-stack,"",@progbits' | $(CC) -c -x assembler -o $@ -

$(BUILD)/sonde: $(CLI_OBJ) $(BUILD)/libsonde.a
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/libsonde.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

GEN_HEADERS := $(patsubst src/render/assets/%.js,$(BUILD)/gen/%_js.h,$(wildcard src/render/assets/*.js))

# Objects may include BPF skeletons and generated headers: those first.
$(BUILD)/obj/%.o: %.c | $(SKELS) $(GEN_HEADERS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Ibpf -c -o $@ $<

$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(ALL_CFLAGS) -Ibpf -c -o $@ $<

# Browser-side code of the flame graphs, embedded as a C string.
$(BUILD)/gen/%_js.h: src/render/assets/%.js scripts/embed-text.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-text.sh $< $*_js > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/syscall_table.c: scripts/gen-syscall-table.sh
	@mkdir -p $(dir $@)
	sh $< > $@.tmp && mv $@.tmp $@

# errno names for the strace-notation decoder, from the UAPI headers.
$(BUILD)/gen/errno_table.c: scripts/gen-errno-table.sh
	@mkdir -p $(dir $@)
	sh $< > $@.tmp && mv $@.tmp $@

# Kernel-side programs: compiled here, embedded as skeletons, never at run time.
$(BUILD)/bpf/%.bpf.o: bpf/%.bpf.c $(wildcard bpf/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Ibpf \
		-idirafter /usr/include/$(shell uname -m)-linux-gnu -c $< -o $@

$(BUILD)/bpf/%.skel.h: $(BUILD)/bpf/%.bpf.o
	$(BPFTOOL) gen skeleton $< name $(subst -,_,$*)_bpf > $@.tmp && mv $@.tmp $@

# Test workloads: symbols, and frame pointers in every function (-O0:
# gcc drops them from leaf functions at -O1 even with -fno-omit-frame-pointer).
$(BUILD)/workloads/%: tests/workloads/%.c
	@mkdir -p $(dir $@)
	$(CC) -O0 -g -fno-omit-frame-pointer -Wall -Werror -o $@ $< -lpthread

# A stripped workload whose functions survive in .dynsym (-rdynamic), as a
# shipped binary that exports its symbols would.
$(BUILD)/workloads/workload-dynsym: tests/workloads/workload.c
	@mkdir -p $(dir $@)
	$(CC) -O0 -g -fno-omit-frame-pointer -rdynamic -Wall -Werror -o $@ $< -lpthread
	strip $@

$(BUILD)/workloads/%: tests/workloads/%.cc
	@mkdir -p $(dir $@)
	$(CXX) -O0 -g -fno-omit-frame-pointer -Wall -Werror -o $@ $<

$(BUILD)/unit-tests: $(UNIT_SRC) $(BUILD)/libsonde.a
	$(CC) $(ALL_CFLAGS) -Ibpf -Itests/unit -o $@ $(UNIT_SRC) $(BUILD)/libsonde.a $(LIBS)

# The same library and unit tests under AddressSanitizer and UBSan.
asan-unit-tests:
	$(MAKE) --no-print-directory BUILD=$(BUILD)/asan CC=clang \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all" \
		$(BUILD)/asan/unit-tests

workloads: $(WORKLOADS)

# The README's first command: sonde's main job on the bundled workload:
# count its syscalls, then profile it and draw its flame graph.
demo: all workloads
	$(BUILD)/sonde stat -e task-clock,context-switches,page-faults,'syscalls:sys_enter_*' \
		-- $(BUILD)/workloads/workload spin 300 getppid 20000 write 2000 fork 2 1000
	$(BUILD)/sonde flamegraph -F 999 --title 'sonde demo' -o $(BUILD)/demo.svg \
		-- $(BUILD)/workloads/workload spin 300 work 1000 forkspin 2 200
	@echo "flame graph: $(BUILD)/demo.svg (open it in a browser: click, search)"

# libFuzzer targets for the parsers (bench/fuzz.sh runs them).
FUZZ_TARGETS := $(patsubst bench/fuzz/%.c,$(BUILD)/fuzz/%,$(wildcard bench/fuzz/*.c))
fuzz-targets: workloads
	$(MAKE) --no-print-directory BUILD=$(BUILD)/fuzzlib CC=clang \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" $(BUILD)/fuzzlib/libsonde.a
	$(MAKE) --no-print-directory $(FUZZ_TARGETS)

$(BUILD)/fuzz/%: bench/fuzz/%.c $(BUILD)/fuzzlib/libsonde.a
	@mkdir -p $(dir $@)
	clang -std=gnu11 -D_GNU_SOURCE -O1 -g -fsanitize=fuzzer,address,undefined -Isrc \
		-o $@ $< $(BUILD)/fuzzlib/libsonde.a $(LIBS)

test: all workloads $(BUILD)/unit-tests asan-unit-tests
	$(BUILD)/unit-tests
	ASAN_OPTIONS=detect_leaks=1 $(BUILD)/asan/unit-tests
	tests/e2e/run.sh

clean:
	rm -rf $(BUILD)

.PHONY: all demo test clean workloads asan-unit-tests fuzz-targets

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# Keep generated intermediates (skeletons, embedded scripts) between builds.
.SECONDARY:
