#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc override { show | check } on synthetic BTF made by mkbtf: a vmlinux,
# modules split on it, and a module split on another base with other type
# ids. Golden outputs in tests/golden/override_* (UPDATE_GOLDEN=1 rewrites
# them); exit codes; bad input.
. "$(dirname "$0")/lib/tap.sh"

G=$(cd "$(dirname "$0")" && pwd)/golden
MKBTF=$B/bin/mkbtf
D=$TAP_TMP

# k_same: overridden exactly by mod_a (parameter renamed) and mod_b.
# k_bad: mod_a has u64 flags (invalid), mod_b is exact (valid over vmlinux).
# k_fwd: mod_b takes a forward-declared struct sock (invalid).
# k_collide: in both modules, not in vmlinux (collision).
cat >"$D/vmlinux.spec" <<'SPEC'
s32: int int 4 signed
uint: int unsigned_int 4
ull: int unsigned_long_long 8
u32: typedef u32 uint
u64: typedef u64 ull
sock: struct sock 8
  member x s32
sockp: ptr sock
p1: proto s32
  param sk sockp
  param flags u32
f1: func k_same p1
tag bpf_kfunc f1
f2: func k_bad p1
tag bpf_kfunc f2
p3: proto s32
  param sk sockp
f3: func k_fwd p3
tag bpf_kfunc f3
p4: proto void
f4: func k_only_vm p4
tag bpf_kfunc f4
SPEC

cat >"$D/mod_a.spec" <<'SPEC'
sp: ptr =sock
pa: proto =int
  param s sp
  param flags =u32
fa: func k_same pa
tag bpf_kfunc fa
pb: proto =int
  param sk sp
  param flags =u64
fb: func k_bad pb
tag bpf_kfunc fb
pv: proto void
fc: func k_collide pv
tag bpf_kfunc fc
fd: func k_only_a pv
tag bpf_kfunc fd
SPEC

cat >"$D/mod_b.spec" <<'SPEC'
sp: ptr =sock
pa: proto =int
  param sk sp
  param flags =u32
fa: func k_same pa
tag bpf_kfunc fa
fb: func k_bad pa
tag bpf_kfunc fb
fw: fwd sock struct
fwp: ptr fw
pf: proto =int
  param sk fwp
ff: func k_fwd pf
tag bpf_kfunc ff
pv: proto void
fc: func k_collide pv
tag bpf_kfunc fc
SPEC

cat >"$D/mod_ok.spec" <<'SPEC'
sp: ptr =sock
pa: proto =int
  param sk sp
  param flags =u32
fa: func k_same pa
tag bpf_kfunc fa
SPEC

# Another kernel's base: same names, other ids, struct sock of another size.
cat >"$D/other.spec" <<'SPEC'
b: int _Bool 1 bool
x: struct unrelated 4
  member y b
ull: int unsigned_long_long 8
uint: int unsigned_int 4
u64: typedef u64 ull
u32: typedef u32 uint
s32: int int 4 signed
sock: struct sock 16
  member x s32
  member y ull
SPEC

"$MKBTF" "$D/vmlinux.spec" "$D/vmlinux.btf" &&
	"$MKBTF" -b "$D/vmlinux.btf" "$D/mod_a.spec" "$D/mod_a.btf" &&
	"$MKBTF" -b "$D/vmlinux.btf" "$D/mod_b.spec" "$D/mod_b.btf" &&
	"$MKBTF" -b "$D/vmlinux.btf" "$D/mod_ok.spec" "$D/mod_ok.btf" &&
	"$MKBTF" "$D/other.spec" "$D/other.btf" &&
	"$MKBTF" -b "$D/other.btf" "$D/mod_a.spec" "$D/other_a.btf" &&
	"$MKBTF" -b "$D/other.btf" "$D/mod_ok.spec" "$D/other_ok.btf" ||
	bail_out "mkbtf failed"

SRC=(file "$D/vmlinux.btf" modules "$D/mod_a.btf" "$D/mod_b.btf")

# golden NAME RC ARGS...: stdout of bpftool ARGS (temporary directory
# replaced by TMP) against golden/override_NAME; exit RC, stderr empty.
golden() {
	local name=$1 rc=$2

	shift 2
	run_cmd "$BPFTOOL" "$@"
	sed -i "s|$D|TMP|g" "$TAP_OUT"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$TAP_OUT" "$G/override_$name"
	fi
	is "$TAP_RC:$(cat "$TAP_ERR")" "$rc:" "$name: exit $rc, stderr empty"
	is_file "$TAP_OUT" "$G/override_$name" "$name: output matches golden/override_$name"
}

golden show_plain 1 kfunc override show "${SRC[@]}"
golden show_json 1 -j kfunc override show "${SRC[@]}"
golden show_reversed 1 kfunc override show file "$D/vmlinux.btf" modules "$D/mod_b.btf" "$D/mod_a.btf"
golden check_plain 1 kfunc override check "$D/mod_a.btf" file "$D/vmlinux.btf" modules "$D/mod_b.btf"
golden check_other_base 0 -p kfunc override check "$D/other_ok.btf" -B "$D/other.btf" file "$D/vmlinux.btf"

J=$D/show.json
"$BPFTOOL" -j kfunc override show "${SRC[@]}" >"$J"
is "$(jq -r 'type' "$J")" array "show -j: an array"
schema='
def sn: type == "string" or type == "null";
all(.[];
  (keys == ["bindings","in_vmlinux","name","providers","valid"])
  and (.providers | type == "array" and length > 1 and all(.[];
        keys == ["against","btf_id","btf_obj_id","libbpf_compatible","note",
                 "prototype","reason","source","valid","verdict"]
        and (.source | type == "string") and (.btf_id | type == "number")
        and (.prototype | type == "string") and (.valid | type == "boolean")
        and (.reason | sn) and (.note | sn) and (.against | sn)
        and (.libbpf_compatible | type == "boolean" or type == "null")
        and ((.reason == null) == .valid)))
  and (.bindings | keys == ["kernel_override","libbpf","module_first"])
  and (.bindings.libbpf | keys == ["btf_id","shadowed","source"])
  and (.bindings.module_first | keys == ["btf_id","source"])
  and (.bindings.kernel_override | keys == ["btf_id","btf_source","impl_source"]))'
is "$(jq -e "$schema" "$J")" true "show -j: every object has the documented fields"
is "$(jq -r '[.[].name] | join(" ")' "$J")" "k_bad k_collide k_fwd k_same" \
	"names with several providers, sorted"
is "$(jq -r '.[] | "\(.name) \([.providers[].source] | join(">")) \(.valid)"' "$J")" \
"k_bad vmlinux>mod_a>mod_b false
k_collide mod_a>mod_b false
k_fwd vmlinux>mod_b false
k_same vmlinux>mod_a>mod_b true" "chains in load order, verdict per name"
is "$(jq -r '.[] | select(.name == "k_same") | .providers[] | "\(.source) \(.verdict) \(.against) \(.note)"' "$J")" \
"vmlinux first null null
mod_a valid vmlinux argument 1 named 'sk' vs 's'
mod_b valid mod_a argument 1 named 's' vs 'sk'" \
	"k_same: mod_b overrides mod_a's override; renames are notes"
is "$(jq -r '.[] | select(.name == "k_same") | .bindings | "\(.libbpf.source) \(.libbpf.shadowed) \(.module_first.source) \(.kernel_override.btf_source) \(.kernel_override.impl_source)"' "$J")" \
	'vmlinux ["mod_a","mod_b"] mod_a vmlinux mod_b' "k_same: what each policy binds"
is "$(jq -r '.[] | select(.name == "k_bad") | .providers[1:][] | "\(.source) \(.verdict) \(.against) \(.libbpf_compatible) \(.reason)"' "$J")" \
"mod_a invalid vmlinux true argument 2 (flags): 'u32' vs 'u64' (typedef 'u32' vs 'u64')
mod_b valid vmlinux true null" "k_bad: mod_a invalid but libbpf-compatible; mod_b compared with vmlinux"
is "$(jq -r '.[] | select(.name == "k_bad") | .bindings.kernel_override.impl_source' "$J")" mod_b \
	"k_bad: implementation from the last valid override"
is "$(jq -r '.[] | select(.name == "k_fwd") | .providers[1] | "\(.verdict) \(.libbpf_compatible) \(.reason)"' "$J")" \
	"invalid false argument 1 (sk): 'struct sock *' vs 'struct sock *' (struct vs forward declaration)" \
	"k_fwd: FWD vs STRUCT, libbpf rejects it too"
is "$(jq -r '.[] | select(.name == "k_collide") | "\(.in_vmlinux) \(.providers[1].verdict) \(.bindings.libbpf.source) \(.bindings.libbpf.shadowed) \(.bindings.module_first.source) \(.bindings.kernel_override.impl_source)"' "$J")" \
	"false collision mod_a [\"mod_b\"] mod_a mod_a" "k_collide: collision, first module binds"
run_cmd "$BPFTOOL" -p kfunc override show "${SRC[@]}"
is "$(jq -S . "$TAP_OUT")" "$(jq -S . "$J")" "-p and -j carry the same data"

# Exit 0 when every override is valid, or none.
run_cmd "$BPFTOOL" kfunc override show file "$D/vmlinux.btf" modules "$D/mod_ok.btf"
is "$TAP_RC $(head -1 "$TAP_OUT")" "0 k_same: vmlinux -> mod_ok" "valid override only: exit 0"
run_cmd "$BPFTOOL" kfunc override show file "$D/vmlinux.btf"
is "$TAP_RC $(cat "$TAP_OUT")" "0 no kfunc name has several providers" "vmlinux alone: exit 0"
run_cmd "$BPFTOOL" -j kfunc override show file "$D/vmlinux.btf"
is "$TAP_RC $(cat "$TAP_OUT")" "0 []" "vmlinux alone, JSON: empty array"

# check: the module is last in the chain; only its names are reported.
run_cmd "$BPFTOOL" -j kfunc override check "$D/mod_b.btf" file "$D/vmlinux.btf" modules "$D/mod_a.btf"
is "$TAP_RC $(jq -r '"\(.module) \(.kfunc_cnt) \(.override_cnt) \(.invalid_cnt) \(.valid) \([.overrides[].name] | join(","))"' "$TAP_OUT")" \
	"1 mod_b 4 4 3 false k_bad,k_collide,k_fwd,k_same" "check mod_b over vmlinux + mod_a"
run_cmd "$BPFTOOL" -j kfunc override check "$D/mod_ok.btf" file "$D/vmlinux.btf"
is "$TAP_RC $(jq -r '"\(.valid) \(.override_cnt) \(.overrides[0].providers[1].verdict)"' "$TAP_OUT")" \
	"0 true 1 valid" "check a valid override: exit 0"
run_cmd "$BPFTOOL" -j kfunc override check "$D/other_a.btf" -B "$D/other.btf" file "$D/vmlinux.btf"
is "$TAP_RC $(jq -r '[.overrides[] | "\(.name):\(.providers[1].verdict)"] | join(" ")' "$TAP_OUT")" \
	"1 k_bad:invalid k_same:valid" "check across bases: verdicts compare by structure, not ids"
run_cmd "$BPFTOOL" kfunc override check "$D/mod_a.btf" file "$D/vmlinux.btf" modules "$D/mod_a.btf" "$D/mod_ok.btf"
is "$TAP_RC $(grep -c '^k_' "$TAP_OUT") $(cat "$TAP_ERR")" \
	"1 2 Warning: $D/vmlinux.btf: the target already has module mod_a, compared without it" \
	"check skips the target's module of the same name, with a warning"
run_cmd "$BPFTOOL" kfunc override check "$D/vmlinux.btf" -B "$D/other.btf" file "$D/vmlinux.btf"
is "$TAP_RC" 2 "a vmlinux BTF given as module on a wrong base: exit 2"

# Bad input: one Error line, exit 2; JSON error object.
printf 'not a kernel file\n' >"$D/text.ko"
err_is 2 "No such file" "missing module file" -- \
	"$BPFTOOL" kfunc override check "$D/nope.ko" file "$D/vmlinux.btf"
err_is 2 "not an ELF file or raw BTF" "module file that is not ELF" -- \
	"$BPFTOOL" kfunc override check "$D/text.ko" file "$D/vmlinux.btf"
err_is 2 "$D/other_a.btf" "module split on another base than the target's" -- \
	"$BPFTOOL" kfunc override check "$D/other_a.btf" file "$D/vmlinux.btf"
run_cmd "$BPFTOOL" kfunc override check "$D/mod_a.btf" -B "$D/text.ko" file "$D/vmlinux.btf"
is "$TAP_RC:$(grep -c '^Error: failed to parse base BTF' "$TAP_ERR")" "255:1" \
	"-B that is not a kernel file: bpftool's own error"
err_is 2 "needs a MODULE_FILE" "check without a module" -- "$BPFTOOL" kfunc override check
err_is 2 "what is 'base'" "the former base keyword" -- "$BPFTOOL" kfunc override check "$D/mod_a.btf" base x
cmp -s <("$BPFTOOL" -j kfunc override) <("$BPFTOOL" -j kfunc override show)
ok $? "override alone: show, bpftool's first command"
err_is 2 "needs 'show' or 'check'" "unknown subcommand" -- "$BPFTOOL" kfunc override frob
err_is 2 "what is 'extra'?" "extra word after SOURCE" -- \
	"$BPFTOOL" kfunc override show file "$D/vmlinux.btf" extra
err_is 2 "not an ELF file or raw BTF" "show on a bad vmlinux" -- \
	"$BPFTOOL" kfunc override show file "$D/text.ko"
run_cmd "$BPFTOOL" -j kfunc override check "$D/nope.ko" file "$D/vmlinux.btf"
is "$TAP_RC $(jq -r '.error | type' "$TAP_OUT") $(jq -c 'keys' "$TAP_OUT")" '2 string ["error"]' \
	"-j error: one JSON error object on stdout, exit 2"
run_cmd "$BPFTOOL" -j kfunc override show file "$D/text.ko"
is "$TAP_RC $(jq -c 'keys' "$TAP_OUT")" '2 ["error"]' "-j show error: only the error object"

valgrind_clean "valgrind: show with chains and collisions" -- \
	"$BPFTOOL" -j kfunc override show "${SRC[@]}"
valgrind_clean "valgrind: check across bases" -- \
	"$BPFTOOL" kfunc override check "$D/other_a.btf" -B "$D/other.btf" file "$D/vmlinux.btf"
valgrind_clean "valgrind: module on the wrong base" -- \
	"$BPFTOOL" -j kfunc override check "$D/other_a.btf" file "$D/vmlinux.btf"
valgrind_clean "valgrind: missing module" -- \
	"$BPFTOOL" kfunc override check "$D/nope.ko" file "$D/vmlinux.btf"

done_testing
