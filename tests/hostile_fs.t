#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile file systems: unreadable files and directories (as nobody),
# symlink loops, FIFOs and devices, paths longer than PATH_MAX and module
# trees deeper than it. Each ends with its output or one "Error: " line
# and exit 2, naming the path, without hanging.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

SEEDS=$(cd "$(dirname "$0")" && pwd)/fuzz/corpus
D=$TAP_TMP
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# Private copies nobody can read: the source tree may not be readable.
cp "$SEEDS/source/seed-vmlinux.btf" "$D/vmlinux"
mkdir -p "$D/mods/net" "$D/kernels/k1"
cp "$SEEDS/module/seed-module.ko" "$D/mods/net/fuzzmod.ko"
cp "$SEEDS/inflate/seed-module.ko.xz" "$D/mods/other.ko.xz"
cp "$D/vmlinux" "$D/kernels/k1/vmlinux"
cp "$D/mods/net/fuzzmod.ko" "$D/kernels/k1/"
cp "$B/bpf/policy.bpf.o" "$D/obj.o"
chmod -R a+rX "$D"

# each RC SUBSTR DESC -- CMD...: err_is (exit 0 and stdout kept when
# SUBSTR is empty), for every bpftool build (CMD's "BPFTOOL" replaced).
each() {
	local rc=$1 sub=$2 desc=$3 bin why

	shift 3
	[ "$1" = "--" ] && shift
	for bin in "${BINS[@]}"; do
		HOSTILE_TRIED=$((HOSTILE_TRIED + 1))
		if [ -n "$sub" ]; then
			err_is "$rc" "$sub" "${bin##*/}: $desc" -- "${@//BPFTOOL/$bin}"
		else
			why=$(judge "$rc" "${@//BPFTOOL/$bin}")
			ok "$([ -z "$why" ]; echo $?)" "${bin##*/}: $desc"
			[ -n "$why" ] && diag "$why"
		fi
	done
}

each 0 "" "as nobody: the readable tree loads" -- \
	"${NOBODY[@]}" BPFTOOL kfunc show file "$D/vmlinux" modules "$D/mods"
is "$(grep -c '^[0-9]' "$TAP_OUT")" 10 "  4 vmlinux + 2 x 3 module kfuncs"

# Unreadable vmlinux, module file, module directory, kernel directory.
chmod 000 "$D/mods/net/fuzzmod.ko"
each 2 "fuzzmod.ko: Permission denied" "as nobody: unreadable module file" -- \
	"${NOBODY[@]}" BPFTOOL kfunc show file "$D/vmlinux" modules "$D/mods"
each 2 "fuzzmod.ko: Permission denied" "as nobody: unreadable module file given" -- \
	"${NOBODY[@]}" BPFTOOL kfunc show file "$D/vmlinux" modules "$D/mods/net/fuzzmod.ko"
chmod 644 "$D/mods/net/fuzzmod.ko"
chmod 000 "$D/mods/net"
each 2 "net: Permission denied" "as nobody: unreadable module directory" -- \
	"${NOBODY[@]}" BPFTOOL kfunc show file "$D/vmlinux" modules "$D/mods"
chmod 755 "$D/mods/net"
chmod 000 "$D/vmlinux"
each 2 "vmlinux: Permission denied" "as nobody: unreadable vmlinux" -- \
	"${NOBODY[@]}" BPFTOOL kfunc show file "$D/vmlinux"
each 2 "Permission denied" "as nobody: resolve on an unreadable vmlinux" -- \
	"${NOBODY[@]}" BPFTOOL kfunc resolve "$D/obj.o" file "$D/vmlinux"
# -B is bpftool's: it refuses a base it cannot parse, with exit status 255.
run_cmd "${NOBODY[@]}" "$BPFTOOL" kfunc override check "$D/mods/net/fuzzmod.ko" -B "$D/vmlinux"
is "$TAP_RC:$(grep -c '^Error: failed to parse base BTF' "$TAP_ERR")" "255:1" \
	"as nobody: override check on an unreadable -B base: bpftool's error"
chmod 644 "$D/vmlinux"
chmod 000 "$D/obj.o"
each 2 "obj.o: Permission denied" "as nobody: unreadable object" -- \
	"${NOBODY[@]}" BPFTOOL kfunc resolve "$D/obj.o" file "$D/vmlinux"
chmod 644 "$D/obj.o"
chmod 000 "$D/kernels/k1"
each 2 "Permission denied" "as nobody: unreadable kernel directory" -- \
	"${NOBODY[@]}" BPFTOOL kfunc resolve "$D/obj.o" kernels "$D/kernels"
chmod 755 "$D/kernels/k1"
each "0 1" "" "as nobody: the kernel directory resolves again" -- \
	"${NOBODY[@]}" BPFTOOL kfunc resolve "$D/obj.o" kernels "$D/kernels"

# Symlink loops: given, or met while walking (links are not followed into
# directories, and a dangling or looping link is no module).
ln -s loop "$D/loop"
ln -s loop2 "$D/loop1"
ln -s loop1 "$D/loop2"
ln -s .. "$D/mods/net/up"
ln -s ../../loop1 "$D/mods/net/looplink.ko"
each 2 "loop: Too many levels of symbolic links" "vmlinux is a symlink loop" -- \
	BPFTOOL kfunc show file "$D/loop"
each 2 "loop1: Too many levels of symbolic links" "module is a symlink loop" -- \
	BPFTOOL kfunc show file "$D/vmlinux" modules "$D/loop1"
each 2 "Too many levels of symbolic links" "object is a symlink loop" -- \
	BPFTOOL kfunc resolve "$D/loop" file "$D/vmlinux"
each 0 "" "module tree with a loop to its parent and a looping .ko link" -- \
	BPFTOOL kfunc show file "$D/vmlinux" modules "$D/mods"
is "$(grep -c '^[0-9]' "$TAP_OUT")" 10 "  the same 10 kfuncs"
rm "$D/mods/net/up" "$D/mods/net/looplink.ko"

# FIFOs and devices block or never end: refused without reading.
mkfifo "$D/fifo" "$D/mods/fifo.ko"
each 2 "fifo: not a regular file" "vmlinux is a FIFO" -- \
	BPFTOOL kfunc show file "$D/fifo"
each 2 "fifo: not a regular file" "object is a FIFO" -- \
	BPFTOOL kfunc resolve "$D/fifo" file "$D/vmlinux"
each 2 "/dev/zero: not a regular file" "vmlinux is /dev/zero" -- \
	BPFTOOL kfunc show file /dev/zero
each 2 "/dev/null: not a regular file" "module is /dev/null" -- \
	BPFTOOL kfunc show file "$D/vmlinux" modules /dev/null
each 0 "" "a FIFO named .ko in a module tree is no module" -- \
	BPFTOOL kfunc show file "$D/vmlinux" modules "$D/mods"
rm "$D/mods/fifo.ko"

# Paths: longer than PATH_MAX given, and a module tree deeper than it.
long=$D/$(printf 'd%.0s' $(seq 200))
for i in $(seq 18); do long+=/$(printf 'e%.0s' $(seq 250)); done
each 2 "File name too long" "vmlinux path of $(printf %s "$long/vmlinux" | wc -c) bytes" -- \
	BPFTOOL kfunc show file "$long/vmlinux"
deep=$D/deep
mkdir "$deep"
(
	cd "$deep" || exit 1
	for i in $(seq 20); do
		d=$(printf 'n%.0s' $(seq 240))
		mkdir "$d" && cd "$d" || exit 1
	done
	cp "$D/mods/net/fuzzmod.ko" .
) || bail_out "cannot make a deep tree"
each "0 2" "" "module tree deeper than PATH_MAX ($(find "$deep" -name '*.ko' | wc -c) bytes)" -- \
	BPFTOOL kfunc show file "$D/vmlinux" modules "$deep"
name=$(printf 'm%.0s' $(seq 252)).ko
cp "$D/mods/net/fuzzmod.ko" "$D/mods/$name"
each 2 "No such file or directory" "missing module under a 3800-byte path: the reason stays" -- \
	BPFTOOL kfunc show file "$D/vmlinux" modules "${long:0:3800}"
each 0 "" "module file name of 255 characters" -- \
	BPFTOOL kfunc show file "$D/vmlinux" modules "$D/mods/$name"
is "$(grep -c '^[0-9]' "$TAP_OUT")" 7 "  4 + 3 kfuncs"

diag "hostile inputs tried: $HOSTILE_TRIED"
done_testing
