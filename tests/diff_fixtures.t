#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc diff and kfunc header on two synthetic kernels made by mkbtf, each
# a vmlinux and a module with .BTF_ids kfunc sets, one kfunc per kind of
# change; the header's flavors compiled and checked with kfunc resolve.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/btf_ids.sh"

MKBTF=$B/bin/mkbtf
D=$TAP_TMP
mkdir -p "$D/old" "$D/new"

# What changes from old to new, by kfunc:
#	kf_same		nothing
#	kf_renamed	a parameter's name only: no change
#	kf_gone		removed
#	kf_new		added
#	kf_triple___v2	added, a kernel name with a flavor separator
#	kf_compat	int to long argument: libbpf still binds old externs
#	kf_incompat	a second argument: old externs no longer bind
#	kf_ptr		int to struct task *: old externs no longer bind
#	kf_flags	acquire to acquire,ret_null
#	kf_fastcall	gains a bpf_fastcall decl tag
#	kf_twin		gains implicit_args and its kf_twin_impl FUNC
#	kf_moves	vmlinux to module moda
#	kf_modkeep	in moda on both, nothing
common='int: int int 4 signed
long: int long 8 signed
task: struct task 4
  member pid int
tp: ptr task
p1: proto int
  param x int
p1y: proto int
  param y int
p2: proto int
  param x int
  param y int
pl: proto int
  param x long
pt: proto int
  param x tp'

cat >"$D/old.spec" <<SPEC
$common
f1: func kf_same p1
f2: func kf_renamed p1
f3: func kf_gone p1
f4: func kf_compat p1
f5: func kf_incompat p1
f6: func kf_ptr p1
f7: func kf_flags p1
f8: func kf_fastcall p1
f9: func kf_twin p1
f10: func kf_moves p1
SPEC
cat >"$D/new.spec" <<SPEC
$common
f1: func kf_same p1
f2: func kf_renamed p1y
f4: func kf_compat pl
f5: func kf_incompat p2
f6: func kf_ptr pt
f7: func kf_flags p1
f8: func kf_fastcall p1
tag bpf_fastcall f8
f9: func kf_twin p1
f9i: func kf_twin_impl p2
f11: func kf_new p1
f12: func kf_triple___v2 p1
SPEC
for k in old new; do
	awk '$2 == "func" && $3 !~ /_impl$/ { print "tag bpf_kfunc " substr($1, 1, length($1) - 1) }' \
		"$D/$k.spec" >>"$D/$k.spec"
done
"$MKBTF" "$D/old.spec" "$D/old.btf" && "$MKBTF" "$D/new.spec" "$D/new.btf" ||
	bail_out "mkbtf vmlinux"
modspec='mp: proto =int
  param x =int
f1: func kf_modkeep mp
tag bpf_kfunc f1'
"$MKBTF" -b "$D/old.btf" - "$D/old.mod.btf" <<<"$modspec" &&
printf '%s\nf2: func kf_moves mp\ntag bpf_kfunc f2\n' "$modspec" |
	"$MKBTF" -b "$D/new.btf" - "$D/new.mod.btf" || bail_out "mkbtf moda"

# kset KERNEL NAME:FLAGS...: the kfunc set of that kernel's vmlinux.
kset() {
	local k=$1 nf pairs=()

	shift
	for nf in "$@"; do
		pairs+=("$(btf_id "$D/$k.btf" "${nf%:*}"):${nf#*:}")
	done
	set8 "${pairs[@]}"
}
ACQUIRE=1
RET_NULL=4
IMPLICIT=$((1 << 16))
btf_elf "$D/old/vmlinux" "$D/old.btf" "$(kset old kf_same:0 kf_renamed:0 kf_gone:0 \
	kf_compat:0 kf_incompat:0 kf_ptr:0 kf_flags:$ACQUIRE kf_fastcall:0 kf_twin:0 kf_moves:0)"
btf_elf "$D/new/vmlinux" "$D/new.btf" "$(kset new kf_same:0 kf_renamed:0 kf_compat:0 \
	kf_incompat:0 kf_ptr:0 kf_flags:$((ACQUIRE | RET_NULL)) kf_fastcall:0 \
	kf_twin:$IMPLICIT kf_new:0 kf_triple___v2:0)"
for k in old new; do
	ids=()
	for n in kf_modkeep kf_moves; do
		i=$(btf_id "$D/$k.mod.btf" $n "$D/$k.btf")
		[ -n "$i" ] && ids+=("$i:0")
	done
	btf_elf "$D/$k/moda.ko" "$D/$k.mod.btf" "$(set8 "${ids[@]}")
const char m[] __attribute__((section(\".modinfo\"), used)) = \"name=moda\";"
done
OLD=(file "$D/old/vmlinux" modules "$D/old/moda.ko")
NEW=(file "$D/new/vmlinux" modules "$D/new/moda.ko")

run_cmd "$BPFTOOL" -j kfunc diff "${OLD[@]}" "${NEW[@]}"
J=$D/diff.json
cp "$TAP_OUT" "$J"
is "$TAP_RC:$(cat "$TAP_ERR"):$(jq -r '"\(.old) \(.new)"' "$J")" \
	"1::$D/old/vmlinux $D/new/vmlinux" "-j: exit 1 on changes, the kernels named"
want='kf_compat prototype
kf_fastcall flags
kf_flags flags
kf_gone removed
kf_incompat prototype
kf_moves source
kf_new added
kf_ptr prototype
kf_triple___v2 added
kf_twin flags,impl'
is "$(jq -r '.kfuncs[] | "\(.name) \(.changes | join(","))"' "$J")" "$want" \
	"every kind of change, and nothing for a renamed parameter or an unchanged kfunc"
is "$(jq -r '.kfuncs[] | select(.compatible != null) | "\(.name) \(.compatible)"' "$J")" \
	"kf_compat true
kf_incompat false
kf_ptr false" "libbpf's rule: int to long still binds, a new argument or pointer for int does not"
is "$(jq -r '.kfuncs[] | select(.name == "kf_incompat") | "\(.old.prototype)|\(.new.prototype)|\(.difference)"' "$J")" \
	"int kf_incompat(int x)|int kf_incompat(int x, int y)|1 argument vs 2" \
	"a prototype change: both prototypes and the difference"
is "$(jq -r '.kfuncs[] | select(.name == "kf_flags") | "\(.old.flags | join(",")) \(.old.flags_raw) \(.new.flags | join(",")) \(.new.flags_raw)"' "$J")" \
	"acquire $ACQUIRE acquire,ret_null $((ACQUIRE | RET_NULL))" "flags from .BTF_ids on both sides"
is "$(jq -r '.kfuncs[] | select(.name == "kf_fastcall") | "\(.old.fastcall) \(.new.fastcall)"' "$J")" \
	"false true" "a bpf_fastcall tag that appears is a flags change"
is "$(jq -r '.kfuncs[] | select(.name == "kf_twin") | "\(.old.impl) \(.new.impl) \(.new.flags | join(","))"' "$J")" \
	"null kf_twin_impl implicit_args" "the implicit-args twin appears with its flag"
is "$(jq -r '.kfuncs[] | select(.name == "kf_moves") | "\(.old.source) \(.new.source)"' "$J")" \
	"vmlinux moda" "a kfunc moving from vmlinux to a module"
is "$(jq -r '.kfuncs[] | select(.name == "kf_gone" or .name == "kf_new") | "\(.name) \(.old.source) \(.new.source)"' "$J")" \
	"kf_gone vmlinux null
kf_new null vmlinux" "added and removed kfuncs have one side"

run_cmd "$BPFTOOL" kfunc diff "${NEW[@]}" "${OLD[@]}"
is "$TAP_RC:$(cat "$TAP_ERR")" "1:" "plain, reversed: exit 1, stderr empty"
is "$(grep -E '^[-+~] ' "$TAP_OUT" | sort | paste -sd' ')" \
	"+ kf_gone  source vmlinux - kf_new  source vmlinux - kf_triple___v2  source vmlinux ~ kf_compat ~ kf_fastcall ~ kf_flags ~ kf_incompat ~ kf_moves ~ kf_ptr ~ kf_twin" \
	"plain, reversed: added and removed swap, the same names change"
is "$(grep -A1 '^~ kf_ptr' "$TAP_OUT" | tail -1)" \
	"	prototype: argument 1 (x): 'struct task *' vs 'int' (pointer vs int); old externs no longer bind" \
	"plain: the difference and libbpf's verdict"
is "$(grep -E '^	(source|implicit|flags)' "$TAP_OUT")" \
	"	flags: none (bpf_fastcall tag) -> none
	flags: acquire,ret_null -> acquire
	source: moda -> vmlinux
	flags: implicit_args -> none
	implicit args twin kf_twin_impl went" "plain: flags, source and twin changes"
is "$(tail -1 "$TAP_OUT")" \
	"1 added, 2 removed, 7 changed (3 prototypes, 2 of them no longer bind old externs)" \
	"plain: the summary"

run_cmd "$BPFTOOL" -j kfunc diff "${OLD[@]}" "${NEW[@]}" name 'kf_*compat'
is "$TAP_RC:$(jq -r '[.kfuncs[].name] | join(" ")' "$TAP_OUT")" "1:kf_compat kf_incompat" \
	"name PATTERN keeps matching names"
run_cmd "$BPFTOOL" kfunc diff "${OLD[@]}" "${OLD[@]}"
is "$TAP_RC:$(cat "$TAP_OUT")" "0:kfuncs of $D/old/vmlinux -> $D/old/vmlinux
0 added, 0 removed, 0 changed (0 prototypes, 0 of them no longer bind old externs)" \
	"a kernel against itself: no change, exit 0"
run_cmd "$BPFTOOL" kfunc diff name kf_same "${OLD[@]}" "${NEW[@]}"
is "$TAP_RC" 0 "no change among the names kept: exit 0"

err_is 2 "expected two SOURCEs, got 1" "one SOURCE" -- "$BPFTOOL" kfunc diff "${OLD[@]}"
err_is 2 "expected two SOURCEs, got 3" "three SOURCEs" -- \
	"$BPFTOOL" kfunc diff "${OLD[@]}" "${NEW[@]}" "${NEW[@]}"
err_is 2 "what is 'bogus'?" "an unknown word" -- "$BPFTOOL" kfunc diff bogus "${OLD[@]}"
err_is 2 "$D/none" "a missing file" -- "$BPFTOOL" kfunc diff "${OLD[@]}" file "$D/none"
run_cmd "$BPFTOOL" -j kfunc diff "${OLD[@]}"
is "$TAP_RC:$(jq -r .error "$TAP_OUT")" "2:expected two SOURCEs, got 1" "-j: the error as a JSON object"
valgrind_clean "valgrind: diff" -- "$BPFTOOL" -j kfunc diff "${OLD[@]}" "${NEW[@]}"
valgrind_clean "valgrind: plain diff" -- "$BPFTOOL" kfunc diff "${NEW[@]}" "${OLD[@]}"

# The header for both kernels: one declaration per name of one prototype
# on both, a __weak flavor per prototype otherwise, named after the
# prototype: every "int (int x)" variant is ___pbd181c95, of any kfunc.
run_cmd "$BPFTOOL" kfunc header name 'kf_*' "${OLD[@]}" "${NEW[@]}"
H=$D/kfuncs.h
cp "$TAP_OUT" "$H"
is "$TAP_RC:$(cat "$TAP_ERR")" "0:" "header: exit 0, stderr empty"
is "$(grep '^extern' "$H")" \
	"extern int kf_compat(int x) __ksym;
extern int kf_fastcall(int x) __ksym;
extern int kf_flags(int x) __ksym;
extern int kf_gone___pbd181c95(int x) __ksym __weak;
extern int kf_incompat___pbd181c95(int x) __ksym __weak;
extern int kf_incompat___p7cbaa529(int x, int y) __ksym __weak;
extern int kf_modkeep(int x) __ksym;
extern int kf_moves(int x) __ksym;
extern int kf_new___pbd181c95(int x) __ksym __weak;
extern int kf_ptr___pbd181c95(int x) __ksym __weak;
extern int kf_ptr___pfe857478(struct task *x) __ksym __weak;
extern int kf_renamed(int x) __ksym;
extern int kf_same(int x) __ksym;
extern int kf_triple___v2___pbd181c95(int x) __ksym __weak;
extern int kf_twin(int x) __ksym;" \
	"header: flavors where prototypes differ or a kernel lacks the kfunc, a second suffix for kf_triple___v2"
is "$(grep -B1 '^extern int kf_moves' "$H" | head -1)" \
	"/* kf_moves: $D/old/vmlinux (vmlinux), $D/new/vmlinux (moda) */" \
	"header: the comment lists the kernels, and the source on each"
is "$(grep '^struct' "$H")" "struct task;" "header: structs the prototypes name are declared"

# A program using each declaration, for each compiler: every flavor
# compiles, and kfunc resolve binds exactly one per name where it exists.
sed -n 's/^extern [^(]*[ *]\([A-Za-z0-9_]*\)(.*/\1/p' "$H" >"$D/names"
{
	echo '#include <linux/types.h>'
	echo '#include <bpf/bpf_helpers.h>'
	# libbpf binds no forward declaration to a kernel struct: define it.
	echo 'struct task { int pid; };'
	echo '#include "kfuncs.h"'
	echo '__u32 seen;'
	echo 'SEC("syscall") int probe(void *ctx) {'
	# Strong externs too: bpf_ksym_exists() is for __weak ones only.
	awk '{ printf "\t{ void *p = (void *)%s; asm volatile(\"\" : \"+r\"(p)); seen += !!p; }\n", $1 }' \
		"$D/names"
	echo '	return 0; }'
	echo 'char LICENSE[] SEC("license") = "GPL";'
} >"$D/prog.bpf.c"
: "${CLANG19:=$(command -v clang-19)}"
[ -n "$CLANG19" ] || bail_out "no clang-19 (make test-deps)"
for cc in "${CLANG:-clang}" "$CLANG19"; do
	v=$("$cc" --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p;q')
	check "header compiles with clang $v" -- "$cc" -target bpf -g -O2 -I"$LIBBPF_INC" \
		-I"/usr/include/$(gcc -dumpmachine)" -c "$D/prog.bpf.c" -o "$D/prog$v.o"
	run_cmd "$BPFTOOL" -j kfunc resolve "$D/prog$v.o" "${OLD[@]}" "${NEW[@]}"
	# Per kernel and essential name: how many flavors bind.
	got=$(jq -r '.[] | .kernel as $k | .externs[] | select(.exists) | "\($k | split("/")[-2]) \(.name)"' "$TAP_OUT" |
		sed 's/___p[0-9a-f]*$//' | sort | uniq -c | awk '{ print $2, $3, $1 }')
	# Where each exists, from the table above.
	want=$(for n in kf_same kf_renamed kf_compat kf_incompat kf_ptr kf_flags \
			kf_fastcall kf_twin kf_moves kf_modkeep; do
		echo "new $n 1"
		echo "old $n 1"
	done
	echo "old kf_gone 1"
	echo "new kf_new 1"
	echo "new kf_triple___v2 1")
	want=$(sort <<<"$want")
	is "$got" "$want" "clang $v: on each kernel exactly one flavor of each kfunc binds, none where it is missing"
done

err_is 2 "expected one of 'name NAME' or 'object OBJECT'" "header needs names" -- \
	"$BPFTOOL" kfunc header "${OLD[@]}"
err_is 2 "no kfunc named 'nothing*' on any kernel" "header: nothing matches" -- \
	"$BPFTOOL" kfunc header name 'nothing*' "${OLD[@]}"
run_cmd "$BPFTOOL" kfunc header object "$D/prog$v.o" "${OLD[@]}" "${NEW[@]}"
is "$TAP_RC:$(grep '^extern' "$TAP_OUT")" "0:$(grep '^extern' "$H")" \
	"header object OBJECT: the kfuncs an object declares, the same declarations"
valgrind_clean "valgrind: header" -- "$BPFTOOL" kfunc header name 'kf_*' "${OLD[@]}" "${NEW[@]}"

done_testing
