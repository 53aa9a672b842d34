#!/bin/bash
# Make sure the Debian packages the build and tests need are installed:
# install them when root, else print the command and fail.
set -euo pipefail

pkgs=(make gcc clang llvm pkg-config libelf-dev zlib1g-dev libcap-dev libssl-dev
      liblzma-dev libzstd-dev binutils-dev llvm-dev python3-docutils clang-19
      xz-utils zstd perl valgrind jq g++ libclang-rt-14-dev
      bash-completion strace)
[ $# -gt 0 ] && pkgs=("$@")

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
