#!/bin/bash
# Debian trixie's 6.12 cloud kernel as test data: BUILD/corpus/debian-6.12/
# holds vmlinux (extracted from vmlinuz) and modules/ (.ko.xz as shipped).
# usage: fetch-corpus.sh BUILD_DIR SOURCE_TREE
set -euo pipefail

build=$1
src=$2
here=$(cd "$(dirname "$0")" && pwd)
dest=$build/corpus/debian-6.12

[ -f "$dest/.stamp" ] && { echo "$dest"; exit 0; }
name=$("$here/apt-private.sh" "$build/apt" "$build/debs" \
	'linux-image-6.12.*-cloud-amd64-unsigned')
rm -rf "$dest" "$build/corpus/tmp"
mkdir -p "$build/corpus/tmp" "$dest"
dpkg-deb -x "$build/debs/$name" "$build/corpus/tmp"
vmlinuz=$(ls "$build"/corpus/tmp/boot/vmlinuz-* | head -n 1)
"$src/scripts/extract-vmlinux" "$vmlinuz" > "$dest/vmlinux"
mv "$build"/corpus/tmp/lib/modules/*/kernel "$dest/modules" 2>/dev/null ||
	mv "$build"/corpus/tmp/usr/lib/modules/*/kernel "$dest/modules"
rm -rf "$build/corpus/tmp"
touch "$dest/.stamp"
echo "$dest"
