#!/bin/bash
# Make sure the Debian packages of a task are installed: install them when
# root, else print the command and fail.
# usage: deps.sh { build | test | go | PACKAGE... }
#	build	building and running bpftool (make, make show)
#	test	that, the test suite and the man pages (make check, make doc),
#		with go below
#	go	Go and cilium/ebpf for the cilium/ebpf loader tests: extracted
#		under build/go/root (not installed); prints that directory
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/.." && pwd)/build

# Go >= 1.25 from trixie-backports, cilium/ebpf 0.22 from forky: extracted
# with dpkg-deb, as nothing else on the system needs them.
go_pkgs=(golang-1.25-go/trixie-backports golang-1.25-src/trixie-backports
	 golang-golang-x-sys-dev/trixie-backports golang-github-cilium-ebpf-dev/forky)
fetch_go() {
	local root=$out/go/root debs deb

	if [ -x "$root/usr/lib/go-1.25/bin/go" ] &&
	   [ -f "$root/usr/share/gocode/src/github.com/cilium/ebpf/go.mod" ]; then
		echo "$root"
		return
	fi
	debs=$(APT_SUITES="trixie trixie-backports forky" \
	       "$here/apt-private.sh" "$out/go/apt" "$out/go/debs" "${go_pkgs[@]}")
	rm -rf "$root.tmp"
	for deb in $debs; do
		dpkg-deb -x "$out/go/debs/$deb" "$root.tmp"
	done
	rm -rf "$root"
	mv "$root.tmp" "$root"
	echo "$root"
}

build=(make gcc clang llvm pkg-config libelf-dev zlib1g-dev libcap-dev libssl-dev
       liblzma-dev libzstd-dev binutils-dev xz-utils perl)
# qemu, busybox and cpio: the VM tests boot the test kernels on an initramfs.
tests=(python3-docutils zstd valgrind jq g++ libclang-rt-14-dev bash-completion
       strace man-db clang-19 qemu-system-x86 busybox-static cpio)
case ${1:-build} in
build)	pkgs=("${build[@]}");;
test)	fetch_go >/dev/null
	pkgs=("${build[@]}" "${tests[@]}");;
go)	fetch_go; exit;;
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
