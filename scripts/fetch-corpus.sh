#!/bin/bash
# A Debian cloud kernel as test data: BUILD/corpus/debian-SERIES/ holds
# vmlinux (extracted from vmlinuz), modules/ (.ko.xz as shipped), config
# (its Kconfig) and version (the kernel release). SERIES 6.x is trixie's
# linux-image-*-unsigned, 7.x trixie-backports' linux-binary-unsigned-*
# with linux-modules-* and, for the Kconfig, linux-headers-*.
# usage: fetch-corpus.sh BUILD_DIR SOURCE_TREE SERIES
set -euo pipefail

build=$1
src=$2
series=$3
here=$(cd "$(dirname "$0")" && pwd)
dest=$build/corpus/debian-$series
tmp=$build/corpus/tmp-$series
re=${series//./\\.}

[ -f "$dest/.stamp" ] && [ -f "$dest/config" ] && { echo "$dest"; exit 0; }
case $series in
6.*)
	debs=$("$here/apt-private.sh" "$build/apt" "$build/debs" \
		"linux-image-$re\..*-cloud-amd64-unsigned");;
*)
	bin=$("$here/apt-private.sh" "$build/apt" --newest \
		"linux-binary-unsigned-$re\..*-cloud-amd64")
	ver=${bin#linux-binary-unsigned-}
	debs=$("$here/apt-private.sh" "$build/apt" "$build/debs" \
		"$bin" "linux-modules-$ver" "linux-headers-$ver");;
esac
rm -rf "$dest" "$tmp"
mkdir -p "$tmp" "$dest"
for deb in $debs; do
	dpkg-deb -x "$build/debs/$deb" "$tmp"
done
vmlinuz=$(find "$tmp" -name 'vmlinuz*' -type f | head -n 1)
[ -n "$vmlinuz" ] || { echo "Error: no vmlinuz in $debs" >&2; exit 1; }
"$src/scripts/extract-vmlinux" "$vmlinuz" > "$dest/vmlinux"
config=$(find "$tmp" \( -path '*/boot/config-*' -o -path '*/linux-headers-*/.config' \) \
	-type f | head -n 1)
[ -n "$config" ] || { echo "Error: no Kconfig in $debs" >&2; exit 1; }
cp "$config" "$dest/config"
moddir=$(dirname "$(find "$tmp" -path '*/modules/*/kernel' -type d | head -n 1)")
mv "$moddir/kernel" "$dest/modules"
basename "$moddir" > "$dest/version"
rm -rf "$tmp"
touch "$dest/.stamp"
echo "$dest"
