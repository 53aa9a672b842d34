#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show on Debian's 6.12 kernel files: vmlinux and compressed modules,
# against decl tags counted independently with "btf dump", and the .BTF_ids
# kfunc sets against the decl tags.
. "$(dirname "$0")/lib/tap.sh"

: "${CORPUS:=$(cd "$(dirname "$0")/.." && pwd)/build/corpus/debian-6.12}"
VM=$CORPUS/vmlinux
MODS=$CORPUS/modules
[ -f "$VM" ] && [ -d "$MODS" ] || bail_out "no corpus in $CORPUS (make corpus)"
D=$TAP_TMP
MODULES="nf_conntrack nf_nat nf_flow_table fou xfrm_interface tcp_bbr tcp_dctcp"

run_cmd "$BPFTOOL" -j kfunc show file "$VM" modules "$MODS"
cp "$TAP_OUT" "$D/all.json"
is "$TAP_RC:$(cat "$TAP_ERR")" "0:" "whole tree: exit 0, stderr empty"
is "$(jq -r '[.[] | .source] | unique | join(" ")' "$D/all.json")" \
	"fou nf_conntrack nf_flow_table nf_nat tcp_bbr tcp_dctcp vmlinux xfrm_interface" \
	"kfuncs come from vmlinux and the seven modules"

# names SOURCE: "NAME ID" of that source's kfuncs in the output.
names() {
	jq -r --arg s "$1" '.[] | select(.source == $s) | "\(.name) \(.btf_id)"' \
		"$D/all.json" | LC_ALL=C sort
}

"$BPFTOOL" btf dump file "$VM" >"$D/vmlinux.raw" || bail_out "btf dump of vmlinux failed"
btf_tagged_funcs "$D/vmlinux.raw" bpf_kfunc >"$D/vmlinux.want"
is "$(wc -l <"$D/vmlinux.want")" 132 "vmlinux has 132 bpf_kfunc decl tags"
is "$(names vmlinux)" "$(cat "$D/vmlinux.want")" "vmlinux kfuncs and ids equal its tagged FUNCs"

for m in $MODULES; do
	f=$(find "$MODS" -name "$m.ko.xz")
	if [ -z "$f" ]; then
		ok 1 "$m: module file found"
		continue
	fi
	xz -dc "$f" >"$D/$m.ko" &&
		"$BPFTOOL" -B "$VM" btf dump file "$D/$m.ko" >"$D/$m.raw" ||
		bail_out "cannot dump $f"
	btf_tagged_funcs "$D/$m.raw" bpf_kfunc >"$D/$m.want"
	is "$(names "$m")" "$(cat "$D/$m.want")" \
		"$m: $(wc -l <"$D/$m.want") kfuncs, names and ids equal its own tagged FUNCs"
done
is "$(for m in $MODULES; do printf '%s=%s ' "$m" "$(wc -l <"$D/$m.want")"; done)" \
	"nf_conntrack=10 nf_nat=1 nf_flow_table=1 fou=2 xfrm_interface=2 tcp_bbr=8 tcp_dctcp=6 " \
	"per-module counts"

# Both kinds of evidence agree on every kfunc of every source.
is "$(jq -r '[.[] | .evidence | join(",")] | unique | join(" ")' "$D/all.json")" \
	"decl_tag,btf_ids" "every kfunc has decl_tag and btf_ids evidence"
is "$(jq -r '[.[] | select(.evidence | index("btf_ids")) | "\(.source) \(.name)"] | sort | join(";")' "$D/all.json")" \
	"$(jq -r '[.[] | select(.evidence | index("decl_tag")) | "\(.source) \(.name)"] | sort | join(";")' "$D/all.json")" \
	".BTF_ids kfunc sets name the same FUNCs as the decl tags"
is "$(jq -r '[.[] | .flags_raw | type] | unique | join(" ")' "$D/all.json")" number \
	"flags are known for every kfunc (.BTF_ids read)"
# KF_* flags of net/netfilter/nf_conntrack_bpf.c in Linux 6.12.
is "$(jq -r '.[] | select(.source == "nf_conntrack") | "\(.name) \(.flags | join(","))"' "$D/all.json")" \
"bpf_ct_change_status trusted_args
bpf_ct_change_timeout trusted_args
bpf_ct_insert_entry acquire,release,ret_null
bpf_ct_release release
bpf_ct_set_status trusted_args
bpf_ct_set_timeout trusted_args
bpf_skb_ct_alloc acquire,ret_null
bpf_skb_ct_lookup acquire,ret_null
bpf_xdp_ct_alloc acquire,ret_null
bpf_xdp_ct_lookup acquire,ret_null" "nf_conntrack KF_* flags as its source sets them"
is "$(jq -r '[.[] | select(.flags | index("fastcall"))] | length' "$D/all.json")" 0 \
	"no KF_FASTCALL in 6.12"

# Sources are numbered in the order modules were loaded (sorted paths).
idx=$(jq -r '[.[] | "\(.source_index) \(.source)"] | unique | .[]' "$D/all.json")
is "$(echo "$idx" | sort -n | awk '{print $2}' | paste -sd' ')" \
	"$(echo "$idx" | awk '$2 == "vmlinux"' | awk '{print $2}') $(for m in $MODULES; do find "$MODS" -name "$m.ko.xz"; done | sort | sed 's|.*/||; s|\.ko\.xz$||' | paste -sd' ')" \
	"source_index follows the sorted module paths"

# The same module compressed differently, and renamed: identical output.
m=nf_conntrack
cp "$D/$m.ko" "$D/renamed.ko"
zstd -q -c "$D/$m.ko" >"$D/$m.ko.zst"
gzip -c "$D/$m.ko" >"$D/$m.ko.gz"
"$BPFTOOL" -j kfunc show file "$VM" modules "$(find "$MODS" -name "$m.ko.xz")" >"$D/xz.json"
is "$(jq -r '[.[] | select(.source == "nf_conntrack")] | length' "$D/xz.json")" 10 \
	".ko.xz alone: 10 nf_conntrack kfuncs"
for v in "$m.ko" "$m.ko.zst" "$m.ko.gz" renamed.ko; do
	run_cmd "$BPFTOOL" -j kfunc show file "$VM" modules "$D/$v"
	is_file "$TAP_OUT" "$D/xz.json" "$v gives the same output as .ko.xz"
done
is "$(jq -r '[.[] | .source] | unique | join(" ")' "$TAP_OUT")" "nf_conntrack vmlinux" \
	"the module name comes from .modinfo, not the file name"

# Plain output and filters over the tree.
run_cmd "$BPFTOOL" kfunc show file "$VM" modules "$MODS"
is "$(grep -cE '^[0-9]+: ' "$TAP_OUT")" "$(jq length "$D/all.json")" \
	"plain output lists as many kfuncs as -j"
run_cmd "$BPFTOOL" -j kfunc show module tcp_bbr file "$VM" modules "$MODS"
is "$(jq -r '.[] | "\(.name) \(.btf_id)"' "$TAP_OUT")" "$(names tcp_bbr)" "module tcp_bbr"
run_cmd "$BPFTOOL" -j kfunc show name 'bbr_*' file "$VM" modules "$MODS"
is "$(jq -r '[.[] | "\(.source) \(.name)"] | join(";")' "$TAP_OUT")" \
	"$(names tcp_bbr | awk '{print "tcp_bbr", $1}' | paste -sd';')" \
	"name bbr_*: the tcp_bbr module's kfuncs"

valgrind_clean "valgrind: vmlinux and nf_conntrack.ko.xz" -- \
	"$BPFTOOL" -j kfunc show file "$VM" modules "$(find "$MODS" -name "$m.ko.xz")"

done_testing
