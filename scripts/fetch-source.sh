#!/bin/bash
# Fetch Debian's linux-source-6.12 (or use LINUX_SOURCE_DEB) and extract what
# the build and tests need into BUILD/linux-source-6.12.
# usage: fetch-source.sh BUILD_DIR [DEB_FILE]
set -euo pipefail

build=$1
deb=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
dest=$build/linux-source-6.12

if [ -z "$deb" ]; then
	name=$("$here/apt-private.sh" "$build/apt" "$build/debs" linux-source-6.12)
	deb=$build/debs/$name
fi
[ -f "$deb" ] || { echo "Error: $deb: no such file" >&2; exit 1; }

rm -rf "$dest" "$build/src-tmp"
mkdir -p "$build/src-tmp"
dpkg-deb --fsys-tarfile "$deb" |
	tar -x -C "$build/src-tmp" --wildcards './usr/src/linux-source-*.tar.xz'
tarball=$(ls "$build"/src-tmp/usr/src/linux-source-*.tar.xz | head -n 1)
top=$(basename "$tarball" .tar.xz)
tar -xJf "$tarball" -C "$build/src-tmp" --wildcards \
	"$top/tools/*" "$top/kernel/bpf/*" "$top/include/*" "$top/scripts/*" \
	"$top/arch/x86/include/*" "$top/Makefile"
mv "$build/src-tmp/$top" "$dest"
rm -rf "$build/src-tmp"
echo "$dest"
