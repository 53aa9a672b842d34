#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve says why a program's type was not checked: no probe, or a
# type the kernel refuses outright (this kernel: fentry and lsm loads are
# EPERM), as the real loader (lib/reach_oracle.c) shows program by
# program; and the exit status does not pass what was not checked (3).
. "$(dirname "$0")/lib/tap.sh"

OBJ=$B/bpf/type_refused.bpf.o
ORACLE=$B/bin/reach_oracle

"$ORACLE" "$OBJ" >"$TAP_TMP/real" 2>"$TAP_TMP/real.err"
# What each program's real load says: loads, eperm, or fails.
real=$(grep -v '^object ' "$TAP_TMP/real" | while read -r prog outcome; do
	if [ "$outcome" = loads ]; then
		echo "$prog loads"
	elif grep -Eq "^$prog: libbpf: prog '$prog': BPF program load failed: (-EPERM|Operation not permitted)" \
		"$TAP_TMP/real.err"; then
		echo "$prog eperm"
	else
		echo "$prog fails"
	fi
done | sort)
diag "real loads: $(tr '\n' ' ' <<<"$real")"

run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" kernel probe
is "$(jq -r '.[0].programs[] |
	"\(.name) \(if .not_checked == "type_eperm" then "eperm"
		    elif .loads and .prog_type_checked then "loads" else "fails" end)"' "$TAP_OUT" | sort)" \
	"$real" "kernel probe: not_checked type_eperm for exactly the programs whose load is EPERM, the others as loaded"
is "$(jq -c '[.[0].programs[] | select(.prog_type_checked) | .not_checked] | unique' "$TAP_OUT")" \
	"[null]" "  a checked program: not_checked null"
# The gate: a failing program gives 1, else an unchecked one 3, else 0.
if grep -q ' fails$' <<<"$real"; then
	want_rc=1
elif grep -q ' eperm$' <<<"$real"; then
	want_rc=3
else
	want_rc=0
fi
is "$TAP_RC" "$want_rc" "  exit status $want_rc, as the real loads say"
run_cmd "$BPFTOOL" kfunc resolve "$OBJ" kernel probe
is "$(grep -c 'program type not checked: the kernel refuses its type to this process (EPERM)$' "$TAP_OUT")" \
	"$(grep -c ' eperm$' <<<"$real")" "  plain: each says why"

run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ"
is "$(jq -c '[.[0].programs[] | [.prog_type_checked, .not_checked]] | unique' "$TAP_OUT")" \
	'[[false,"no_probe"]]' "without a probe: not checked, no_probe"
is "$TAP_RC:$(jq '.[0] | [.loads, .checked]' -c "$TAP_OUT")" "3:[true,false]" \
	"  exit status 3: the object loads as far as was checked, its program types were not"
run_cmd "$BPFTOOL" kfunc resolve "$OBJ"
is "$(grep -c 'program type not checked: program types not probed (kernel probe)$' "$TAP_OUT")" 3 \
	"  plain: each says why"
is "$TAP_RC:$(grep '^  verdict: ' "$TAP_OUT")" \
	"3:  verdict: loads, program types not checked: program fentry_rcu, program lsm_rcu, program tc_rcu" \
	"  plain: the verdict names them, exit status 3"

# A kernel of files without a saved probe, and one with a probe saved
# here: unchecked (3), then checked as kernel probe is.
cp /sys/kernel/btf/vmlinux "$TAP_TMP/vmlinux"
run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" file "$TAP_TMP/vmlinux"
is "$TAP_RC:$(jq -c '[.[0].programs[] | .not_checked] | unique' "$TAP_OUT")" '3:["no_probe"]' \
	"file without a probe: exit status 3, no_probe"
"$BPFTOOL" -j kfunc probe >"$TAP_TMP/probe.json" 2>"$TAP_TMP/probe.err"
run_cmd "$BPFTOOL" kfunc resolve "$OBJ" file "$TAP_TMP/vmlinux" probe "$TAP_TMP/probe.json"
is "$TAP_RC" "$want_rc" "file with its saved probe: exit status $want_rc, as the real loads say"

done_testing
