#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve on a fleet: Debian's 6.12 kernel (kfuncs in modules) and
# the running kernel side by side, each parsed once. Where each extern
# binds is checked against what `kfunc show` lists for that kernel.
. "$(dirname "$0")/lib/tap.sh"

OBJ=$B/bpf/fleet.bpf.o
DEB=$CORPUS
[ -f "$DEB/vmlinux" ] || bail_out "no Debian corpus at $DEB"

# Expected binding per kfunc name: the first source in search order that
# lists it in `kfunc show` (these externs are declared compatibly).
expect() {
	local name=$1 json=$2

	jq -r --arg n "$name" '[.[] | select(.name == $n)] | sort_by(.source_index) |
		if length == 0 then "-" else .[0].source end' "$json"
}

"$BPFTOOL" -j kfunc show file "$DEB/vmlinux" modules "$DEB/modules" > "$TAP_TMP/deb.json" ||
	bail_out "show on Debian failed"
"$BPFTOOL" -j kfunc show > "$TAP_TMP/run.json" || bail_out "show on this kernel failed"

run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" file "$DEB/vmlinux" modules "$DEB/modules" kernel
is "$TAP_RC" 0 "all weak: loads everywhere, exit 0"
is "$(jq -r 'map(.kernel) | join(" ")' "$TAP_OUT")" "$DEB/vmlinux running" \
	"one result per kernel, in the order given"
cp "$TAP_OUT" "$TAP_TMP/fleet.json"

for name in bbr_init dctcp_init bpf_skb_ct_lookup bpf_ct_set_nat_info \
	    bpf_xdp_flow_lookup bpf_rcu_read_lock; do
	for k in 0 1; do
		json=$([ $k = 0 ] && echo "$TAP_TMP/deb.json" || echo "$TAP_TMP/run.json")
		want=$(expect "$name" "$json")
		got=$(jq -r --arg n "$name" --argjson k $k \
			'.[$k].externs[] | select(.name == $n) |
			 if .exists then .source else "-" end' "$TAP_TMP/fleet.json")
		is "$got" "$want" "$name on $(jq -r ".[$k].kernel" "$TAP_TMP/fleet.json"): binds where show lists it first"
	done
done

# The point of a fleet view: module on one kernel, built in on the other.
is "$(jq -r '.[0].externs[] | select(.name == "bbr_init") | .source' "$TAP_TMP/fleet.json")" \
	tcp_bbr "bbr_init is tcp_bbr's on Debian 6.12"
is "$(jq -r '.[0].externs[] | select(.name == "bpf_ct_set_nat_info") | .source' "$TAP_TMP/fleet.json")" \
	nf_nat "bpf_ct_set_nat_info is nf_nat's on Debian 6.12"

# Plain output: a matrix with a column per kernel.
run_cmd "$BPFTOOL" kfunc resolve "$OBJ" file "$DEB/vmlinux" modules "$DEB/modules" kernel
head -2 "$TAP_OUT" | tail -1 | grep -q "EXTERN .*vmlinux .*running"
ok $? "plain: header names each kernel" || diag "$(head -3 "$TAP_OUT")"
grep -Eq "^  bbr_init +tcp_bbr +[a-z]" "$TAP_OUT"
ok $? "plain: a row per extern, a cell per kernel" || diag "$(cat "$TAP_OUT")"

# kernels DIR: one subdirectory per kernel.
mkdir -p "$TAP_TMP/fleet/deb" "$TAP_TMP/fleet/syn"
ln -s "$DEB/vmlinux" "$TAP_TMP/fleet/deb/vmlinux"
cp -al "$DEB/modules" "$TAP_TMP/fleet/deb/modules" 2>/dev/null ||
	cp -a "$DEB/modules" "$TAP_TMP/fleet/deb/modules"
cp /sys/kernel/btf/vmlinux "$TAP_TMP/fleet/syn/vmlinux"
run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" kernels "$TAP_TMP/fleet"
is "$(jq -r 'map(.kernel) | join(" ")' "$TAP_OUT")" "deb syn" "kernels DIR: a kernel per subdirectory"
is "$(jq -c '[.[] | .externs[] | select(.name == "bbr_init") | .source]' "$TAP_OUT")" \
	"$(jq -c '[.[] | .externs[] | select(.name == "bbr_init") | .source]' "$TAP_TMP/fleet.json")" \
	"kernels DIR gives the same bindings as the explicit targets"

done_testing
