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

# Programs on a fleet: bpf_cpumask_populate() is in 7.3 and in this kernel,
# not in 6.12. On 6.12 the unguarded program fails at the call, the guarded
# one loads; elsewhere both load. The running kernel's column is the real
# loader's verdict.
REACH=$B/bpf/fleet_reach.bpf.o
: "${CORPUS7:=$TOP/build/corpus/debian-7.3}"
mkdir -p "$TAP_TMP/progs/deb612" "$TAP_TMP/progs/deb73"
ln -s "$DEB/vmlinux" "$TAP_TMP/progs/deb612/vmlinux"
ln -s "$CORPUS7/vmlinux" "$TAP_TMP/progs/deb73/vmlinux"
run_cmd "$BPFTOOL" -j kfunc resolve "$REACH" kernels "$TAP_TMP/progs" kernel
is "$TAP_RC" 1 "fleet with a kernel that lacks a kfunc: exit 1"
is "$(jq -r '.[] | "\(.kernel) \(.externs_bind) \([.programs[] | "\(.name)=\(.loads)"] | join(","))"' "$TAP_OUT")" \
"deb612 true unguarded=false,guarded=true
deb73 true unguarded=true,guarded=true
running true unguarded=true,guarded=true" "per kernel and program: only the unguarded call on 6.12 fails"
is "$(jq -r '.[0].programs[0].sites | map("\(.extern) \(.kind) \(.reason)") | join(";")' "$TAP_OUT")" \
	"bpf_cpumask_populate call not_found" "  the site: the call of the missing kfunc"
"$B/bin/reach_oracle" "$REACH" > "$TAP_TMP/real" 2> "$TAP_TMP/real.err"
is "$(sed -n 's/ loads$/=true/; s/ fails$/=false/; /^object/d; p' "$TAP_TMP/real" | paste -sd,)" \
	"$(jq -r '.[2].programs | map("\(.name)=\(.loads)") | join(",")' "$TAP_OUT")" \
	"running kernel: the real load of each program agrees" || diag "$(cat "$TAP_TMP/real.err")"
run_cmd "$BPFTOOL" kfunc resolve "$REACH" kernels "$TAP_TMP/progs" kernel
grep -Eq "^  PROG unguarded +NO +yes +yes$" "$TAP_OUT" && grep -Eq "^  PROG guarded +yes +yes +yes$" "$TAP_OUT"
ok $? "plain: a PROG row per program, a cell per kernel" || diag "$(cat "$TAP_OUT")"
grep -q "^  deb612: program unguarded: .*insn [0-9]*: calls bpf_cpumask_populate: function 'bpf_cpumask_populate' not found" "$TAP_OUT"
ok $? "plain: the failing call site on 6.12, with why" || diag "$(cat "$TAP_OUT")"

done_testing
