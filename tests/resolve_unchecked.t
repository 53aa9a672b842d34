#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve says why a program's type was not checked: no probe, or a
# type the kernel refuses outright (this kernel: fentry and lsm loads are
# EPERM), as the real loader (lib/reach_oracle.c) shows program by
# program.
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
run_cmd "$BPFTOOL" kfunc resolve "$OBJ" kernel probe
is "$(grep -c 'program type not checked: the kernel refuses its type to this process (EPERM)$' "$TAP_OUT")" \
	"$(grep -c ' eperm$' <<<"$real")" "  plain: each says why"

run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ"
is "$(jq -c '[.[0].programs[] | [.prog_type_checked, .not_checked]] | unique' "$TAP_OUT")" \
	'[[false,"no_probe"]]' "without a probe: not checked, no_probe"
run_cmd "$BPFTOOL" kfunc resolve "$OBJ"
is "$(grep -c 'program type not checked: program types not probed (kernel probe)$' "$TAP_OUT")" 3 \
	"  plain: each says why"

done_testing
