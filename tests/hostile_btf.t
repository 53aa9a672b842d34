#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile content: BTF that libbpf parses but that is not what a compiler
# or pahole writes (reference loops, bad header lengths, huge counts,
# unterminated strings), module BTF on the wrong base, 5000-character
# names, and object files that are empty, without BTF or not BPF. Each
# gives its output when the input is valid after all, else exit 2 with
# one "Error: " line; none crashes, hangs or trips a sanitizer (BPFTOOL_SAN
# runs them too when set) or valgrind.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

: "${CORPUS:=$(cd "$(dirname "$0")/.." && pwd)/build/corpus/debian-6.12}"
D=$TAP_TMP
MKBTF=$B/bin/mkbtf
MACH=$(gcc -dumpmachine)

# mk NAME [-b BASE]: raw BTF $D/NAME.btf from the spec on stdin.
mk() {
	local name=$1

	shift
	"$MKBTF" "$@" - "$D/$name.btf" || bail_out "mkbtf $name"
}

# each RC SUBSTR DESC -- ARGS...: err_is (or exit RC with output when
# SUBSTR is empty) for every bpftool build; then valgrind on the first.
each() {
	local rc=$1 sub=$2 desc=$3 bin why

	shift 3
	[ "$1" = "--" ] && shift
	for bin in "${BINS[@]}"; do
		HOSTILE_TRIED=$((HOSTILE_TRIED + 1))
		if [ -n "$sub" ]; then
			err_is "$rc" "$sub" "${bin##*/}: $desc" -- "$bin" "$@"
		else
			why=$(judge "$rc" "$bin" "$@")
			ok "$([ -z "$why" ]; echo $?)" "${bin##*/}: $desc"
			[ -n "$why" ] && diag "$why"
		fi
	done
}

# A kfunc whose prototype is made of the types in the spec before it.
kfunc_of() {
	printf 'p: proto %s\n  param x %s\nf: func %s p\ntag bpf_kfunc f\n' "$1" "$1" "$2"
}

mk base <<'SPEC'
int: int int 4 signed
task: struct task_struct 8
  member pid int
tp: ptr task
p: proto tp
  param p tp
f: func bpf_task_acquire p
tag bpf_kfunc f
SPEC
each 0 "" "the base fixture loads" -- kfunc show file "$D/base.btf"

# Reference loops: libbpf takes them, our walks and btf_dump would not end.
loops() {	# loops SUFFIX [-b BASE]: one BTF per kind of loop
	local x=$1

	shift
	{ echo "a: ptr b"; echo "b: ptr a"; kfunc_of a bpf_ptr_loop; } | mk "ptrloop$x" "$@"
	{ echo "t: typedef t_t t"; kfunc_of t bpf_typedef_loop; } | mk "tdloop$x" "$@"
	{ echo "c: const v"; echo "v: volatile c"; kfunc_of c bpf_mod_loop; } | mk "modloop$x" "$@"
	{ [ $# = 0 ] && echo "i: int int 4"; echo "arr: array arr =int 4"
	  kfunc_of arr bpf_array_loop; } | mk "arrloop$x" "$@"
	printf 'pp: ptr pr\npr: proto void\n  param self pp\nf: func bpf_proto_loop pr\ntag bpf_kfunc f\n' |
		mk "protoloop$x" "$@"
}
loops "" -b "$D/base.btf"
mv "$D/arrloop.btf" "$D/arrloop_m.btf"
for l in ptrloop tdloop modloop protoloop; do mv "$D/$l.btf" "$D/${l}_m.btf"; done
loops ""
for l in ptrloop tdloop modloop arrloop protoloop; do
	run_cmd "$BPFTOOL" btf dump file "$D/$l.btf"
	ok "$TAP_RC" "$l: libbpf (bpftool btf dump) accepts the loop"
	each 2 "refers back to itself" "$l: kfunc show rejects the loop" -- \
		kfunc show file "$D/$l.btf"
	each 2 "refers back to itself" "$l: as a module on the base" -- \
		kfunc show file "$D/base.btf" modules "$D/${l}_m.btf"
done
valgrind_clean "valgrind: ptr loop" -- "$BPFTOOL" kfunc show file "$D/ptrloop.btf"
# A loop through a struct is how C lists look: valid.
cat <<'SPEC' | mk list
node: struct node 8
  member next np
np: ptr node
p: proto np
  param n np
f: func bpf_list_next p
tag bpf_kfunc f
SPEC
each 0 "" "a list node struct (loop through a struct) is valid" -- \
	kfunc show file "$D/list.btf"
is "$(grep -c 'struct node \*bpf_list_next(struct node \*n)' "$TAP_OUT")" 1 \
	"  and prints its prototype"

# An int of 0 bytes (libbpf takes it; btf_dump divides by its alignment).
python3 - "$D/base.btf" "$D/int0.btf" <<'PY'
import struct, sys
d = bytearray(open(sys.argv[1], 'rb').read())
hdr_len, type_off = struct.unpack_from('<II', d, 4)
o = hdr_len + type_off			# type [1], the int
struct.pack_into('<II', d, o + 8, 0, 0)	# size 0, no bits
open(sys.argv[2], 'wb').write(d)
PY
each 2 "type [1] of size 0" "an int of size 0" -- kfunc show file "$D/int0.btf"

# A struct member of a function type, or an array of them.
for m in fp arr; do
	{ echo "int: int int 4 signed"; echo "fp: proto int"; echo "arr: array fp int 2";
	  echo "s: struct bad 8"; echo "  member x $m 0"; echo "sp: ptr s";
	  kfunc_of sp "bpf_bad_$m"; } | mk "member_$m"
	each 2 "has a member of no size" "a struct member of type $m" -- \
		kfunc show file "$D/member_$m.btf"
done

# Header fields: header length, section offsets and lengths.
hdr() {	# hdr OUT FIELD VALUE: base.btf with one u32 header field set
	python3 - "$D/base.btf" "$1" "$2" "$3" <<'PY'
import struct, sys
src, out, field, val = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4], 0)
d = bytearray(open(src, 'rb').read())
off = {'hdr_len': 4, 'type_off': 8, 'type_len': 12, 'str_off': 16, 'str_len': 20}[field]
cur = struct.unpack_from('<I', d, 4)[0]	# 24, or 32 from libbpf >= 1.8
struct.pack_into('<I', d, off, val)
if field == 'hdr_len' and val > cur and val < 64:
    d[cur:cur] = bytes(val - cur)	# room for the longer header
open(out, 'wb').write(d)
PY
}
# "FIELD:VALUE": corrupt; "FIELD:VALUE:ok": a zero-padded longer header.
for spec in hdr_len:0xffffffff hdr_len:0 hdr_len:23 hdr_len:25 hdr_len:36:ok \
	type_off:0xfffffff0 type_len:0xffffffff type_len:0x7ffffffc str_off:0xffffffff \
	str_len:0xffffffff str_len:0 type_off:2; do
	IFS=: read -r field val good <<<"$spec"
	hdr "$D/h.btf" "$field" "$val"
	if [ -n "$good" ]; then
		each 0 "" "BTF header $field = $val (zero padded): valid" -- kfunc show file "$D/h.btf"
	else
		each 2 "corrupt" "BTF header $field = $val" -- kfunc show file "$D/h.btf"
	fi
done
# Strings not NUL-terminated at the end of the string section.
python3 - "$D/base.btf" "$D/noterm.btf" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
d[-1] = ord('x')
open(sys.argv[2], 'wb').write(d)
PY
each 2 "corrupt or truncated BTF" "unterminated string section" -- kfunc show file "$D/noterm.btf"

# .BTF_ids: a set8 whose count is huge; .modinfo without its terminator.
tid=$("$BPFTOOL" btf dump file "$D/base.btf" | awk '$3 == "'\''bpf_task_acquire'\''" { gsub(/[][]/, "", $1); print $1 }')
elf() {	# elf OUT BTF C-SOURCE
	echo "$3" >"$D/e.c"
	gcc -c "$D/e.c" -o "$D/e.o" && objcopy --add-section .BTF="$2" "$D/e.o" "$1" ||
		bail_out "cannot make $1"
}
for cnt in 0xffffffff 0x20000000 2; do
	elf "$D/set8.elf" "$D/base.btf" \
		"unsigned int __BTF_ID__set8__s[] __attribute__((section(\".BTF_ids\"), used)) = { $cnt, 1, $tid, 1 };"
	each 0 "" "set8 with cnt $cnt" -- kfunc show file "$D/set8.elf"
	# 2 pairs do not fit either: not a set.
	is "$(grep -o 'evidence .*' "$TAP_OUT")" "evidence decl_tag" \
		"  set8 cnt $cnt: the set is ignored, the tag found"
done
elf "$D/set8.elf" "$D/base.btf" \
	"unsigned int __BTF_ID__set8__s[] __attribute__((section(\".BTF_ids\"), used)) = { 1, 1, $tid, 1 };"
each 0 "" "set8 that fits" -- kfunc show file "$D/set8.elf"
is "$(grep -o 'flags .*' "$TAP_OUT")" "flags acquire  evidence decl_tag,btf_ids" "  its flags and evidence are read"
printf 'p: proto void\nf: func bpf_mod_kf p\ntag bpf_kfunc f\n' | mk mod -b "$D/base.btf"
elf "$D/mymod.ko" "$D/mod.btf" \
	'const char m[4] __attribute__((section(".modinfo"), used)) = "name";'
each 0 "" "module .modinfo 'name' without '=' nor NUL" -- \
	kfunc show file "$D/base.btf" modules "$D/mymod.ko"
is "$(grep -c 'source mymod ' "$TAP_OUT")" 1 "  the module is named after its file"
elf "$D/mymod.ko" "$D/mod.btf" \
	'const char m[9] __attribute__((section(".modinfo"), used)) = "name=abcd";'
each 0 "" "module .modinfo 'name=abcd' without NUL" -- \
	kfunc show file "$D/base.btf" modules "$D/mymod.ko"
is "$(grep -c 'source mymod ' "$TAP_OUT")" 1 "  an unterminated name is not used"

# Module BTF on the wrong base.
xz -dc "$CORPUS/modules/net/ipv4/tcp_dctcp.ko.xz" >"$D/tcp_dctcp.ko"
each 2 "tcp_dctcp.ko" "Debian module on a small base" -- \
	kfunc show file "$D/base.btf" modules "$D/tcp_dctcp.ko"
each 2 "tcp_dctcp.ko" "Debian module on the running kernel's vmlinux" -- \
	kfunc show file /sys/kernel/btf/vmlinux modules "$D/tcp_dctcp.ko"
each 2 "mod.btf" "small module on the Debian vmlinux" -- \
	kfunc show file "$CORPUS/vmlinux" modules "$D/mod.btf"
each 2 "mod.btf" "override check of a module on the wrong base" -- \
	kfunc override check "$D/mod.btf" -B "$CORPUS/vmlinux"

# 5000-character names: a kernel kfunc and an object extern that binds it.
long=bpf_$(printf 'x%.0s' $(seq 5000))
{ echo "int: int int 4 signed"; kfunc_of int "$long"; } | mk long
each 0 "" "5000-character kfunc name" -- kfunc show file "$D/long.btf"
is "$(grep -o "$long" "$TAP_OUT" | head -1 | wc -c)" 5005 "  printed whole"
cat >"$D/long.bpf.c" <<SRC
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
extern int $long(int x) __ksym;
extern int ${long}___flavor(int x) __ksym __weak;
extern int ${long}_missing(int x) __ksym __weak;
SEC("syscall") int prog(void *ctx) { return $long(1) + ${long}___flavor(2) + ${long}_missing(3); }
char LICENSE[] SEC("license") = "GPL";
SRC
clang -target bpf -g -O2 -I"$LIBBPF_INC" -I/usr/include/"$MACH" -c "$D/long.bpf.c" -o "$D/long.bpf.o" ||
	bail_out "clang long.bpf.c"
each "0 1" "" "object with 5000-character externs" -- kfunc resolve "$D/long.bpf.o" file "$D/long.btf"
run_cmd "$BPFTOOL" -j kfunc resolve "$D/long.bpf.o" file "$D/long.btf"
is "$(jq -r '[.. | objects | select(has("outcome")) | .outcome] | sort | join(",")' "$TAP_OUT" 2>&1)" \
	"bound,bound,unset" "  two bind (one by its flavor), the missing one is unset"
valgrind_clean "valgrind: resolve with 5000-character names" -- \
	"$BPFTOOL" kfunc resolve "$D/long.bpf.o" file "$D/long.btf"

# Object files that are not what resolve needs.
: >"$D/empty.o"
each 2 "not an ELF file" "empty object file" -- kfunc resolve "$D/empty.o" file "$D/base.btf"
printf '\177ELF' >"$D/magic.o"
each 2 "magic.o" "ELF magic alone" -- kfunc resolve "$D/magic.o" file "$D/base.btf"
cat >"$D/plain.bpf.c" <<'SRC'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
extern void bpf_rcu_read_lock(void) __ksym;
SEC("syscall") int prog(void *ctx) { bpf_rcu_read_lock(); return 0; }
char LICENSE[] SEC("license") = "GPL";
SRC
clang -target bpf -O2 -I"$LIBBPF_INC" -I/usr/include/"$MACH" -c "$D/plain.bpf.c" -o "$D/nobtf.bpf.o" ||
	bail_out "clang without -g"
each 2 "compile with -g" "object without BTF (clang without -g)" -- \
	kfunc resolve "$D/nobtf.bpf.o" file "$D/base.btf"
gcc -c -x c - -o "$D/x86.o" <<<'int f(void) { return 0; }'
each 2 "not a BPF object file" "x86 object" -- kfunc resolve "$D/x86.o" file "$D/base.btf"
each 2 "not a BPF object file" "x86 executable" -- kfunc resolve /bin/true file "$D/base.btf"
each 2 "is a directory" "directory as object" -- kfunc resolve "$D" file "$D/base.btf"
clang -target bpf -g -O2 -x c -c - -o "$D/empty.bpf.o" <<<'' || bail_out "clang empty"
each 2 "compile with -g" "BPF object with nothing in it" -- \
	kfunc resolve "$D/empty.bpf.o" file "$D/base.btf"
valgrind_clean "valgrind: object without BTF" -- \
	"$BPFTOOL" kfunc resolve "$D/nobtf.bpf.o" file "$D/base.btf"

diag "hostile inputs tried: $HOSTILE_TRIED"
done_testing
