#!/bin/bash
# Fetch Debian's linux-source-VERSION (or use DEB_FILE) and extract what the
# build and tests need into BUILD/linux-source-VERSION. Where the suites no
# longer offer that version, the newest linux-source-* they offer is used.
# usage: fetch-source.sh BUILD_DIR VERSION [DEB_FILE]
set -euo pipefail

build=$1
version=$2
deb=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
dest=$build/linux-source-$version

if [ -z "$deb" ]; then
	pkg=linux-source-$version
	if ! "$here/apt-private.sh" "$build/apt" --has "$pkg"; then
		pkg=$("$here/apt-private.sh" "$build/apt" --newest 'linux-source-[0-9.]*')
		echo "Warning: linux-source-$version is not offered any more; using $pkg" >&2
	fi
	name=$("$here/apt-private.sh" "$build/apt" "$build/debs" "$pkg")
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
desc="$(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version)"
echo "$desc" > "$dest/.debian"
echo "Using $desc" >&2
echo "$dest"
