#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show on bad input: exit 2, one "Error: " line naming the file, under
# -j a JSON object with "error" alone; a few under valgrind. Also kfunc show
# without privileges.
. "$(dirname "$0")/lib/tap.sh"

: "${CORPUS:=$(cd "$(dirname "$0")/.." && pwd)/build/corpus/debian-6.12}"
D=$TAP_TMP
MKBTF=$B/bin/mkbtf
VMLINUX_BTF=/sys/kernel/btf/vmlinux
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# A small valid vmlinux and module, to break.
cat >"$D/vm.spec" <<'SPEC'
u64: int u64 8
p: proto u64
  param x u64
f: func bpf_one p
tag bpf_kfunc f
SPEC
cat >"$D/mod.spec" <<'SPEC'
p: proto void
  param x =u64
f: func bpf_mod_one p
tag bpf_kfunc f
SPEC
"$MKBTF" "$D/vm.spec" "$D/vm.btf" && "$MKBTF" -b "$D/vm.btf" "$D/mod.spec" "$D/mod.btf" ||
	bail_out "mkbtf failed"
run_cmd "$BPFTOOL" kfunc show file "$D/vm.btf" modules "$D/mod.btf"
is "$TAP_RC:$(grep -c '^[0-9]' "$TAP_OUT")" "0:2" "the unbroken fixtures load"

# bad NAME PATH SUBSTR ARGS...: kfunc show ARGS fails naming PATH, in plain
# and in JSON. When PATH is the vmlinux, plain output is empty too (with a
# bad module, what came before it may have been printed).
bad() {
	local name=$1 path=$2 sub=$3

	shift 3
	err_is 2 "$path" "$name: exit 2, one Error line naming the file" -- \
		"$BPFTOOL" kfunc show "$@"
	if [ -n "$sub" ] && ! grep -qF -- "$sub" "$TAP_ERR"; then
		ok 1 "$name: says '$sub'"
		sed 's/^/#   stderr: /' "$TAP_ERR"
	elif [ -n "$sub" ]; then
		ok 0 "$name: says '$sub'"
	fi
	if [ "$path" = "$5" ]; then
		is "$(wc -c <"$TAP_OUT")" 0 "$name: nothing on stdout"
	fi
	run_cmd "$BPFTOOL" -j kfunc show "$@"
	is "$TAP_RC:$(jq -c 'type == "object" and keys == ["error"] and
			      (.error | type == "string")' "$TAP_OUT" 2>&1)" \
		"2:true" "$name, -j: exit 2, a JSON object with \"error\" alone"
	is "$(jq -r .error "$TAP_OUT" | grep -cF -- "$path")" 1 "$name, -j: the error names the file"
	is "$(wc -c <"$TAP_ERR")" 0 "$name, -j: nothing on stderr"
}

bad "missing file" "$D/nosuch" "No such file" file "$D/nosuch"
bad "missing module" "$D/nosuch.ko" "No such file" \
	file "$D/vm.btf" modules "$D/nosuch.ko"
mkdir "$D/dir"
bad "directory as vmlinux" "$D/dir" "directory" file "$D/dir"
echo "hello, world" >"$D/text"
bad "text file" "$D/text" "not an ELF file or raw BTF" file "$D/text"
: >"$D/empty"
bad "empty file" "$D/empty" "" file "$D/empty"
bad "empty module" "$D/empty" "" file "$D/vm.btf" modules "$D/empty"
bad "ELF without .BTF" /bin/true ".BTF" file /bin/true

size=$(stat -c %s "$D/vm.btf")
for n in 4 23 24 40 $((size / 2)) $((size - 1)); do
	head -c "$n" "$D/vm.btf" >"$D/trunc$n"
	bad "vmlinux BTF cut at $n of $size bytes" "$D/trunc$n" "" file "$D/trunc$n"
done
msize=$(stat -c %s "$D/mod.btf")
for n in 24 $((msize / 2)) $((msize - 1)); do
	head -c "$n" "$D/mod.btf" >"$D/mtrunc$n"
	bad "module BTF cut at $n of $msize bytes" "$D/mtrunc$n" "" \
		file "$D/vm.btf" modules "$D/mtrunc$n"
done
head -c 1000000 "$VMLINUX_BTF" >"$D/vmlinux.cut"
bad "kernel BTF cut at 1 MB" "$D/vmlinux.cut" "corrupt or truncated" file "$D/vmlinux.cut"

# flip FILE OFFSET OUT: OUT is FILE with the byte at OFFSET inverted.
flip() {
	cp "$1" "$3"
	printf "$(printf '\\%03o' $(( ~$(od -An -tu1 -j "$2" -N1 "$1") & 255 )))" |
		dd of="$3" bs=1 seek="$2" conv=notrunc status=none
}
# Header: magic 0-1, version 2, flags 3, hdr_len 4, type_off 8, type_len
# 12, str_off 16, str_len 20.
for off in 0 2 3 4 8 12 16 20 23; do
	flip "$D/vm.btf" "$off" "$D/flip$off"
	bad "vmlinux BTF header byte $off flipped" "$D/flip$off" "" file "$D/flip$off"
done
flip "$D/mod.btf" 12 "$D/mflip12"
bad "module BTF header byte 12 flipped" "$D/mflip12" "" file "$D/vm.btf" modules "$D/mflip12"

# Real modules on the wrong base, and a truncated .ko.xz.
ko=$(find "$CORPUS/modules" -name nf_conntrack.ko.xz)
[ -n "$ko" ] || bail_out "no corpus in $CORPUS (make corpus)"
bad "Debian module on the running kernel's BTF" "$ko" "" \
	file "$VMLINUX_BTF" modules "$ko"
bad "Debian module on a small base" "$ko" "" file "$D/vm.btf" modules "$ko"
kosize=$(stat -c %s "$ko")
head -c $((kosize / 2)) "$ko" >"$D/nf_conntrack.ko.xz"
bad "truncated .ko.xz" "$D/nf_conntrack.ko.xz" "" \
	file "$CORPUS/vmlinux" modules "$D/nf_conntrack.ko.xz"
xz -dc "$ko" | head -c 100000 >"$D/cut.ko"
bad "truncated .ko" "$D/cut.ko" "" file "$CORPUS/vmlinux" modules "$D/cut.ko"

# Without permission to read (root reads anything: drop to nobody).
cp "$D/vm.btf" "$D/noperm.btf"
chmod 000 "$D/noperm.btf"
err_is 2 "$D/noperm.btf" "unreadable vmlinux as nobody" -- \
	"${NOBODY[@]}" "$BPFTOOL" kfunc show file "$D/noperm.btf"
ok "$(grep -q 'Permission denied' "$TAP_ERR"; echo $?)" "unreadable vmlinux: says Permission denied"
cp "$D/mod.btf" "$D/noperm_mod.btf"
chmod 000 "$D/noperm_mod.btf"
err_is 2 "$D/noperm_mod.btf" "unreadable module as nobody" -- \
	"${NOBODY[@]}" "$BPFTOOL" kfunc show file "$D/vm.btf" modules "$D/noperm_mod.btf"
mkdir -p "$D/tree/sub"
cp "$D/mod.btf" "$D/tree/sub/m.btf"
chmod 000 "$D/tree/sub"
err_is 2 "$D/tree/sub" "unreadable module directory as nobody" -- \
	"${NOBODY[@]}" "$BPFTOOL" kfunc show file "$D/vm.btf" modules "$D/tree"

# kallsyms is resolve's: the other commands refuse it, in their usage.
echo "ffffffff81000000 T _text" >"$D/kallsyms"
for cmd in show "override show" diff header; do
	args=(file "$D/vm.btf" symbols "$D/kallsyms")
	[ "$cmd" = diff ] && args+=(file "$D/vm.btf")
	[ "$cmd" = header ] && args=(name 'bpf_*' "${args[@]}")
	# shellcheck disable=SC2086 # the command's words
	err_is 2 "'symbols FILE' is for 'resolve'" "$cmd ... symbols FILE: refused" -- \
		"$BPFTOOL" kfunc $cmd "${args[@]}"
done

# Under valgrind, errors free what they allocated.
valgrind_clean "valgrind: truncated vmlinux BTF" -- "$BPFTOOL" kfunc show file "$D/trunc$((size / 2))"
valgrind_clean "valgrind: module on the wrong base, -j" -- \
	"$BPFTOOL" -j kfunc show file "$D/vm.btf" modules "$ko"
valgrind_clean "valgrind: truncated .ko.xz" -- \
	"$BPFTOOL" kfunc show file "$D/vm.btf" modules "$D/nf_conntrack.ko.xz"
valgrind_clean "valgrind: flipped header" -- "$BPFTOOL" -j kfunc show file "$D/flip8"

# The running kernel without privileges.
"$BPFTOOL" -j kfunc show >"$D/root.json" 2>/dev/null
run_cmd "${NOBODY[@]}" "$BPFTOOL" -j kfunc show
is "$TAP_RC" 0 "kfunc show as nobody: exit 0"
is_file "$TAP_OUT" "$D/root.json" "as nobody: the same vmlinux kfuncs as root"
is "$(grep -vc '^Warning: ' "$TAP_ERR")" 0 "as nobody: stderr holds only warnings"
if [ -n "$(ls /sys/kernel/btf | grep -vx vmlinux)" ]; then
	is "$(grep -c 'module BTF ids unreadable' "$TAP_ERR")" 1 \
		"as nobody with modules loaded: says module BTF ids are unreadable"
else
	is "$(wc -c <"$TAP_ERR")" 0 "as nobody, no modules loaded: nothing to say"
fi

done_testing
