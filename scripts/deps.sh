#!/bin/bash
# Make sure the Debian packages of a task are installed: install them when
# root, else print the command and fail.
# usage: deps.sh { build | test | PACKAGE... }
#	build	building and running bpftool (make, make show)
#	test	that, the test suite and the man pages (make check, make doc)
set -euo pipefail

build=(make gcc clang llvm pkg-config libelf-dev zlib1g-dev libcap-dev libssl-dev
       liblzma-dev libzstd-dev binutils-dev xz-utils perl)
tests=(python3-docutils zstd valgrind jq g++ libclang-rt-14-dev bash-completion
       strace man-db clang-19)
case ${1:-build} in
build)	pkgs=("${build[@]}");;
test)	pkgs=("${build[@]}" "${tests[@]}");;
*)	pkgs=("$@");;
esac

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "Installing: ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get -q update >&2 || true
	apt-get -q install -y --no-install-recommends "${missing[@]}" >&2
	exit 0
fi
echo "Error: missing packages; run: apt-get install ${missing[*]}" >&2
exit 1
