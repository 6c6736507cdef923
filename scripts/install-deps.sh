#!/bin/sh
# The Debian packages sonde needs to build and test: the one list.
set -eu
PACKAGES="build-essential clang llvm libbpf-dev bpftool libelf-dev libdw-dev zlib1g-dev
liblzma-dev libzstd-dev libiberty-dev systemtap-sdt-dev pkg-config bc
linux-perf strace bpftrace time libc6-dbg binutils xz-utils python3
chromium openjdk-17-jdk-headless"
cd "$(dirname "$0")/.."
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
# Node.js may come from elsewhere; Debian's only when there is none.
command -v npm > /dev/null || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi
# The browser tests drive Debian's chromium through playwright-core (npm).
if [ ! -d tests/browser/node_modules/playwright-core ]; then
	(cd tests/browser && npm install --no-audit --no-fund --loglevel=error)
fi
