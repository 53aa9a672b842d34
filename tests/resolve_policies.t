#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve on a synthetic kernel: vmlinux and two modules sharing
# kfunc names, under each policy and module order.
. "$(dirname "$0")/lib/tap.sh"

MKBTF=$B/bin/mkbtf
OBJ=$B/bpf/policy.bpf.o
cd "$TAP_TMP" || bail_out "no temp dir"

"$MKBTF" - vmlinux <<'SPEC' || bail_out "mkbtf vmlinux"
int: int int 4 signed
task: struct task 4
  member pid int
pi: proto int
  param x int
pt: proto tp
  param t tp
tp: ptr task
shared: func kf_shared pi
tag bpf_kfunc shared
ktask: func kf_task pt
tag bpf_kfunc ktask
func kf_plain pi
SPEC
# mod_a overrides kf_shared with the exact prototype; mod_b with a long.
"$MKBTF" -b vmlinux - mod_a <<'SPEC' || bail_out "mkbtf mod_a"
pi: proto =int
  param x =int
shared: func kf_shared pi
tag bpf_kfunc shared
modonly: func kf_modonly pi
tag bpf_kfunc modonly
SPEC
"$MKBTF" -b vmlinux - mod_b <<'SPEC' || bail_out "mkbtf mod_b"
long: int long 8 signed
pl: proto =int
  param x long
shared: func kf_shared pl
tag bpf_kfunc shared
modonly: func kf_modonly pl
tag bpf_kfunc modonly
SPEC

# resolve POLICY MODULES...: "name source implementation exists" lines.
resolve() {
	local policy=$1

	shift
	"$BPFTOOL" -j kfunc resolve "$OBJ" file vmlinux modules "$@" policy "$policy" |
		jq -r '.[0].externs[] | "\(.name) \(.source) \(.implementation) \(.exists)"' |
		sort
}

want_libbpf='kf_shared vmlinux vmlinux true
kf_modonly mod_a mod_a true
kf_modonly___v2 mod_a mod_a false
kf_task vmlinux vmlinux true
kf_plain vmlinux vmlinux true
kf_gone null null false
kf_strong_gone null null false'
is "$(resolve libbpf mod_a mod_b)" "$(sort <<<"$want_libbpf")" "libbpf: vmlinux first, then modules in order"

is "$(resolve libbpf mod_b mod_a | grep '^kf_modonly ')" "kf_modonly mod_b mod_b true" \
	"libbpf: first module in search order wins, silently"

want_mf='kf_modonly mod_a mod_a true
kf_shared mod_a mod_a true'
is "$(resolve module-first mod_a mod_b | grep -E '^(kf_shared|kf_modonly) ')" "$want_mf" \
	"module-first: a module copy of a vmlinux kfunc wins"
is "$(resolve module-first mod_b mod_a | grep '^kf_shared ')" "kf_shared mod_b mod_b true" \
	"module-first: in module order, prototype differences aside (int vs long is compatible)"

is "$(resolve kernel-override mod_a mod_b | grep '^kf_shared ')" "kf_shared vmlinux mod_a true" \
	"kernel-override: name binds in vmlinux, the last valid override implements it"
is "$(resolve kernel-override mod_b mod_a | grep '^kf_shared ')" "kf_shared vmlinux mod_a true" \
	"kernel-override: an invalid override (long for int) is skipped"
is "$(resolve kernel-override mod_b | grep '^kf_shared ')" "kf_shared vmlinux vmlinux true" \
	"kernel-override: no valid override keeps vmlinux's implementation"

run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" file vmlinux modules mod_a mod_b
is "$TAP_RC" 1 "a strong extern missing: exit status 1"
is "$(jq -r '.[0].loads' "$TAP_OUT")" false "a strong extern missing: does not load"
is "$(jq -r '.[0].externs[] | select(.name == "kf_plain") | "\(.is_kfunc) \(.reason)"' "$TAP_OUT")" \
	"false not_kfunc" "a FUNC without kfunc evidence binds but is not a kfunc: calls are refused"
is "$(jq -r '.[0].module_order' "$TAP_OUT")" given "module order of files is the order given"
is "$(jq -c '.[0].flavor_groups[] | select(.essential_name == "kf_modonly") | [.flavors, .true_count, .many_true]' "$TAP_OUT")" \
	'[["kf_modonly","kf_modonly___v2"],1,false]' "flavor group: one flavor true"

# A kernel that marks no FUNC as a kfunc: whether one is, is not known.
"$MKBTF" - untagged <<'SPEC' || bail_out "mkbtf untagged"
int: int int 4 signed
pi: proto int
  param x int
func kf_plain pi
SPEC
is "$("$BPFTOOL" -j kfunc resolve "$OBJ" file untagged |
	jq -r '.[0].externs[] | select(.name == "kf_plain") | "\(.outcome) \(.reason)"')" \
	"bound null" "a kernel without kfunc evidence: a FUNC found is taken as callable"

run_cmd "$BPFTOOL" kfunc resolve "$OBJ" file vmlinux modules mod_a
grep -q "kf_plain .*(not a kfunc: calls are rejected)" "$TAP_OUT"
ok $? "plain output warns of a binding to a non-kfunc"
grep -q "kf_strong_gone .*FAIL .*not found in vmlinux or module BTF" "$TAP_OUT"
ok $? "plain output names the strong extern that fails, and why"
grep -q "verdict: load fails: kf_strong_gone" "$TAP_OUT"
ok $? "plain verdict lists the failing externs"

done_testing
