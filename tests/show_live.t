#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show on the running kernel against an independent reading of
# /sys/kernel/btf/vmlinux through "btf dump" (raw and C output).
. "$(dirname "$0")/lib/tap.sh"

VMLINUX=/sys/kernel/btf/vmlinux
[ -r "$VMLINUX" ] || bail_out "$VMLINUX is needed"
D=$TAP_TMP

"$BPFTOOL" btf dump file "$VMLINUX" >"$D/raw" || bail_out "btf dump failed"
"$BPFTOOL" btf dump file "$VMLINUX" format c >"$D/c" || bail_out "btf dump format c failed"

btf_tagged_funcs "$D/raw" bpf_kfunc >"$D/want"
btf_tagged_funcs "$D/raw" bpf_fastcall >"$D/want_fastcall"

run_cmd "$BPFTOOL" -j kfunc show
cp "$TAP_OUT" "$D/j"
is "$TAP_RC:$(cat "$TAP_ERR")" "0:" "-j kfunc show: exit 0, stderr empty"
is "$(jq -r type "$D/j")" array "the output is a JSON array"

n=$(wc -l <"$D/want")
ok "$([ "$n" -gt 50 ]; echo $?)" "the kernel has tagged kfuncs ($n)"
jq -r '.[] | select(.source == "vmlinux") | "\(.name) \(.btf_id)"' "$D/j" | LC_ALL=C sort >"$D/got"
is "$(cut -d' ' -f1 "$D/got")" "$(cut -d' ' -f1 "$D/want")" \
	"names equal the FUNCs with a bpf_kfunc decl tag"
is "$(cat "$D/got")" "$(cat "$D/want")" "btf_id of each equals its FUNC id in the raw dump"
is "$(jq -r '[.[] | select(.source == "vmlinux") | .name] | length' "$D/j")" "$n" \
	"each vmlinux kfunc listed once"
is "$(jq -r '[.[] | select(.fastcall) | .name] | sort | join(" ")' "$D/j")" \
	"$(cut -d' ' -f1 "$D/want_fastcall" | paste -sd' ')" \
	"fastcall set equals the FUNCs with a bpf_fastcall decl tag"
is "$(jq -r '[.[] | select(.source == "vmlinux") |
	"\(.source_index) \(.btf_obj_id) \(.evidence | join(","))"] | unique | join(";")' "$D/j")" \
	"0 1 decl_tag" "vmlinux: source index 0, BTF object 1, evidence decl_tag"

# Prototypes: what format c declares under BPF_NO_KFUNC_PROTOTYPES;
# bpftool >= 7.6 marks bpf_fastcall kfuncs there, we in a field.
awk '/^#ifndef BPF_NO_KFUNC_PROTOTYPES/ { on = 1; next }
     on && /^#endif/ { on = 0 }
     on && /__ksym;$/' "$D/c" >"$D/c_decls"
sed -e 's/^extern //' -e 's/^__bpf_fastcall //' -e 's/ __weak __ksym;$//' \
	-e 's/  */ /g' "$D/c_decls" | sort >"$D/c_protos"
if grep -q "__bpf_fastcall" "$D/c_decls"; then
	is "$(grep "__bpf_fastcall" "$D/c_decls" | grep -o '[a-z_0-9]*(' | tr -d '(' | sort | paste -sd' ')" \
		"$(jq -r '[.[] | select(.fastcall) | .name] | sort | join(" ")' "$D/j")" \
		"format c's __bpf_fastcall kfuncs are the fastcall ones"
fi
jq -r '.[] | select(.source == "vmlinux") | .prototype' "$D/j" |
	sed -e 's/  */ /g' | sort >"$D/protos"
m=$(wc -l <"$D/c_protos")
ok "$([ "$m" -gt 50 ]; echo $?)" "format c declares kfunc prototypes ($m)"
missing=$(comm -23 "$D/c_protos" "$D/protos")
is "$missing" "" "every format c kfunc prototype is shown identically"
is "$(comm -13 "$D/c_protos" "$D/protos" | wc -l)" 0 "no prototype format c lacks"

# Return types and arguments are consistent with the prototype.
bad=$(jq -r '.[] | . as $k | select($k.prototype | startswith($k.return) | not) |
	.name' "$D/j" 2>&1)
is "$bad" "" "each prototype starts with its return type"
bad=$(jq -r '.[] | . as $k | .args[] | select(.annotation != null) | . as $a |
	select(($a.name | endswith($a.annotation)) or $a.name == $a.annotation | not) |
	"\($k.name) \($a.name)"' "$D/j" 2>&1)
is "$bad" "" "annotations are suffixes of their argument names"
n_annot=$(jq '[.[].args[] | select(.annotation != null)] | length' "$D/j")
ok "$([ "$n_annot" -gt 10 ]; echo $?)" "arguments with annotations are found ($n_annot)"

# Plain output: one header line per kfunc, in the same order.
run_cmd "$BPFTOOL" kfunc show
is "$TAP_RC:$(cat "$TAP_ERR")" \
	"0:Warning: KF_* flags unknown for $(jq length "$D/j") kfuncs: only a kernel's ELF files have .BTF_ids ('file VMLINUX modules DIR')" \
	"plain kfunc show: exit 0, flags unknown said once"
is "$(grep -E '^[0-9]+: ' "$TAP_OUT" | awk '{print $2, $1}' | tr -d :)" \
	"$(jq -r '.[] | "\(.name) \(.btf_id)"' "$D/j")" "plain lists the same kfuncs in order"
run_cmd "$BPFTOOL" -j kfunc show kernel
is_file "$TAP_OUT" "$D/j" "'kernel' SOURCE is the default"
run_cmd "$BPFTOOL" -j kfunc show file "$VMLINUX"
is "$(jq -r '.[] | "\(.name) \(.btf_id) \(.prototype)"' "$TAP_OUT")" \
	"$(jq -r '.[] | select(.source == "vmlinux") | "\(.name) \(.btf_id) \(.prototype)"' "$D/j")" \
	"file $VMLINUX lists what the running kernel does"
is "$(jq -r '[.[] | .btf_obj_id] | unique | map(tostring) | join(" ")' "$TAP_OUT")" null \
	"a file has no BTF object id"

# Filters against jq selections of the full list.
run_cmd "$BPFTOOL" -j kfunc show name 'bpf_dynptr_*'
is "$(jq -r '.[].name' "$TAP_OUT")" \
	"$(jq -r '.[] | select(.name | startswith("bpf_dynptr_")) | .name' "$D/j")" \
	"name glob bpf_dynptr_*"
run_cmd "$BPFTOOL" -j kfunc show module vmlinux
is_file "$TAP_OUT" <(jq -c '[.[] | select(.source == "vmlinux")]' "$D/j") \
	"module vmlinux"

valgrind_clean "valgrind: -j kfunc show on the running kernel" -- "$BPFTOOL" -j kfunc show

done_testing
