#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# seed.sh MKSEEDS CORPUS_DIR: (re)make the seed-* files of the regression
# corpus from the fuzz targets' fixed BTF, the test BPF objects ($B/bpf)
# and the Debian 6.12 test corpus ($CORPUS). Other files are kept.
set -euo pipefail

MK=$1
C=$2
LLVM_OBJCOPY=${LLVM_OBJCOPY:-llvm-objcopy-14}
: "${BPFTOOL:?}" "${B:?}" "${CORPUS:?}" "${CLANG:=clang}" "${LIBBPF_INC:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SPLIT=$'\n--KFUNC-FUZZ-SPLIT--\n'

"$MK" "$T"

# func_id BTF NAME [BASE]: type id of FUNC NAME.
func_id() {
	"$BPFTOOL" ${3:+-B "$3"} btf dump file "$1" |
		awk -v n="'$2'" '$2 == "FUNC" && $3 == n { gsub(/[][]/, "", $1); print $1; exit }'
}

# make_elf OUT BTF MODNAME SET... : an ELF object with .BTF, a set8 in
# .BTF_ids per SET ("FLAGS:ID:KF_FLAGS,ID:KF_FLAGS..."), .modinfo when
# MODNAME is not empty.
make_elf() {
	local out=$1 btf=$2 mod=$3 n=0 set flags pairs cnt words p
	shift 3
	{
		for set in "$@"; do
			flags=${set%%:*}
			pairs=${set#*:}
			cnt=$(tr ',' '\n' <<<"$pairs" | wc -l)
			words=$cnt,$flags
			for p in ${pairs//,/ }; do
				words+=,${p%%:*},${p#*:}
			done
			echo "unsigned int __BTF_ID__set8__set$n[] __attribute__((section(\".BTF_ids\"), used)) = { $words };"
			n=$((n + 1))
		done
		[ -n "$mod" ] &&
			echo "const char modinfo[] __attribute__((section(\".modinfo\"), used)) = \"license=GPL\\0name=$mod\";"
		echo "int fuzz_text(void) { return 0; }"
	} >"$T/elf.c"
	gcc -c -O0 "$T/elf.c" -o "$T/elf.o"
	objcopy --add-section .BTF="$btf" "$T/elf.o" "$out"
}

V=$T/vmlinux.btf
M=$T/module.btf
v_rcu=$(func_id "$V" bpf_rcu_read_lock)
v_acq=$(func_id "$V" bpf_task_acquire)
v_iter=$(func_id "$V" bpf_iter_num_new)
v_plain=$(func_id "$V" plain_function)
m_rcu=$(func_id "$M" bpf_rcu_read_lock "$V")
m_own=$(func_id "$M" mod_kfunc "$V")

for t in object source module inflate resolve compare fleet; do
	mkdir -p "$C/$t"
	rm -f "$C/$t"/seed-*
done

# source: raw BTF, ELF with sets (relocatable, shared, stripped), the head
# of a real vmlinux's BTF.
cp "$V" "$C/source/seed-vmlinux.btf"
make_elf "$C/source/seed-vmlinux-rel.elf" "$V" "" \
	"1:$v_rcu:0,$v_acq:5,$v_iter:256" "0:$v_plain:0"
gcc -shared -nostdlib "$C/source/seed-vmlinux-rel.elf" -o "$C/source/seed-vmlinux-dyn.elf"
objcopy --strip-all "$C/source/seed-vmlinux-rel.elf" "$C/source/seed-vmlinux-nosym.elf"
objcopy --dump-section .BTF="$T/debian.btf" "$CORPUS/vmlinux" "$T/junk"
head -c 2048 "$T/debian.btf" >"$C/source/seed-debian-head.btf"

# module: raw split BTF, a .ko with .modinfo and a set, a real module's BTF.
cp "$M" "$C/module/seed-module.btf"
make_elf "$C/module/seed-module.ko" "$M" fuzzmod "1:$m_rcu:0,$m_own:32"
objcopy --strip-all "$C/module/seed-module.ko" "$C/module/seed-module-nosym.ko"
xz -dc "$CORPUS/modules/net/ipv4/tcp_dctcp.ko.xz" >"$T/dctcp.ko"
objcopy --dump-section .BTF="$C/module/seed-debian-tcp_dctcp.btf" "$T/dctcp.ko" "$T/junk"

# inflate: the module compressed three ways, and a real .ko.xz.
xz -c "$C/module/seed-module.ko" >"$C/inflate/seed-module.ko.xz"
zstd -q -c "$C/module/seed-module.ko" >"$C/inflate/seed-module.ko.zst"
gzip -c "$C/module/seed-module.ko" >"$C/inflate/seed-module.ko.gz"
xz -c "$M" >"$C/inflate/seed-module.btf.xz"
cp "$CORPUS/modules/net/ipv4/tcp_dctcp.ko.xz" "$C/inflate/seed-debian-tcp_dctcp.ko.xz"

# object: the test suite's BPF objects, one without BTF, one not BPF.
for o in fleet no_externs oracle_vars oracle_weak policy oracle_strong_flavor st_ops; do
	cp "$B/bpf/$o.bpf.o" "$C/object/seed-$o.bpf.o"
done
"$CLANG" -target bpf -O2 -I"$LIBBPF_INC" -I/usr/include/"$(gcc -dumpmachine)" \
	-c "$(dirname "$0")/../bpf/no_externs.bpf.c" -o "$C/object/seed-nobtf.bpf.o"
cp "$T/elf.o" "$C/object/seed-x86.o"

# reach: the guard corpus, by two compilers when at hand, and its hostile
# variants of a few instructions.
mkdir -p "$C/reach"
for o in "$B"/bpf/reach_guards.bpf.o "$B"/bpf/clang-*/reach_guards.bpf.o; do
	[ -f "$o" ] && cp "$o" "$C/reach/seed-$(basename "$(dirname "$o")")-$(basename "$o")"
done
for kind in jump_out jump_ldimm reloc_wrong endless; do
	"$B/bin/reach_mutate" "$B/bpf/reach_guards.bpf.o" "$C/reach/seed-$kind.bpf.o" "$kind"
done

# resolve: vmlinux and modules, raw and ELF.
{ cat "$V"; printf '%s' "$SPLIT"; cat "$M"; } >"$C/resolve/seed-raw"
{ cat "$C/source/seed-vmlinux-rel.elf"; printf '%s' "$SPLIT"; cat "$C/module/seed-module.ko"
  printf '%s' "$SPLIT"; cat "$M"; } >"$C/resolve/seed-elf"

# compare: BTF pairs.
$LLVM_OBJCOPY --dump-section .BTF="$T/policy.btf" "$B/bpf/policy.bpf.o" "$T/junk"
$LLVM_OBJCOPY --dump-section .BTF="$T/weak.btf" "$B/bpf/oracle_weak.bpf.o" "$T/junk"
{ cat "$V"; printf '%s' "$SPLIT"; cat "$V"; } >"$C/compare/seed-same"
{ cat "$T/policy.btf"; printf '%s' "$SPLIT"; cat "$V"; } >"$C/compare/seed-policy"
{ cat "$T/weak.btf"; printf '%s' "$SPLIT"; cat "$T/policy.btf"; } >"$C/compare/seed-objects"

# fleet: two kernels, the first half of the parts and the second.
{ cat "$C/resolve/seed-raw"; printf '%s' "$SPLIT"; cat "$C/resolve/seed-raw"; } \
	>"$C/fleet/seed-same"
{ cat "$C/resolve/seed-elf"; printf '%s' "$SPLIT"; cat "$C/resolve/seed-raw"; } \
	>"$C/fleet/seed-elf-raw"
{ cat "$C/resolve/seed-raw"; printf '%s' "$SPLIT"; cat "$V"; } >"$C/fleet/seed-module-gone"

du -sh "$C"
