#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile code for the reachability analysis of kfunc resolve: jumps out
# of their function or into an ld_imm64, an extern relocation on the wrong
# instruction, an endless loop, a million instructions that are all jump
# targets, one more than the verifier takes; then the guard corpus object
# with flipped bytes. Each run ends with its verdict or one "Error: " line,
# in bounded time, with no sanitizer report.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

SEEDS=$(cd "$(dirname "$0")" && pwd)/fuzz/corpus
VM=$SEEDS/source/seed-vmlinux.btf
OBJ=$B/bpf/reach_guards.bpf.o
MUTATE=$B/bin/reach_mutate
D=$TAP_TMP

[ -s "$OBJ" ] && [ -x "$MUTATE" ] || bail_out "missing $OBJ or $MUTATE"

# Broken shapes: the error names the file, the function and the insn.
while read -r kind want; do
	"$MUTATE" "$OBJ" "$D/$kind.o" "$kind" || bail_out "reach_mutate $kind"
	for bin in "${BINS[@]}"; do
		err_is 2 "$want" "${bin##*/}: $kind: $want" -- \
			timeout 60 "$bin" kfunc resolve "$D/$kind.o" file "$VM"
	done
done <<'LIST'
jump_out	out of function or into an ld_imm64
jump_ldimm	insn 5 jumps to 4
reloc_wrong	extern relocation on neither a call nor an ld_imm64
too_many	more than the verifier's 1000000
LIST

# Shapes the verifier takes: a verdict in bounded time.
for kind in endless huge; do
	"$MUTATE" "$OBJ" "$D/$kind.o" "$kind" || bail_out "reach_mutate $kind"
done
for bin in "${BINS[@]}"; do
	tag=${bin##*/}
	run_cmd timeout 60 "$bin" -j kfunc resolve "$D/endless.o" file "$VM"
	is "$TAP_RC:$(jq -r '.[0].programs[] | select(.name == "unguarded") |
		"\(.loads) \(.sites | length)"' "$TAP_OUT")" "1:false 1" \
		"$tag: endless loop around a call: the call is reached, once"
	start=$(date +%s)
	run_cmd timeout 60 "$bin" -j kfunc resolve "$D/huge.o" file "$VM"
	is "$TAP_RC:$(jq -r '.[0].programs[] | select(.name == "lazy_unguarded") |
		.sites[0].insn' "$TAP_OUT")" "1:0" \
		"$tag: 999,999 instructions, all jump targets: a verdict in $(($(date +%s) - start)) s" ||
		diag "$(head -3 "$TAP_ERR")"
done
valgrind_clean "endless loop: no memory errors or leaks" -- \
	"$BPFTOOL" kfunc resolve "$D/endless.o" file "$VM"
valgrind_clean "jump into an ld_imm64: no memory errors or leaks" -- \
	"$BPFTOOL" kfunc resolve "$D/jump_ldimm.o" file "$VM"

# The guard corpus, flipped and cut: verdicts or errors, never worse.
mutate "$OBJ" "$D/flip" flip 80
mutate "$OBJ" "$D/cut" cut 30
for bin in "${BINS[@]}"; do
	sweep "${bin##*/}: guard corpus flipped" "0 1 2" "$D/flip" \
		"$bin" kfunc resolve @ file "$VM"
	HOSTILE_JSON=1 sweep "${bin##*/}: guard corpus cut, -j" "0 1 2" "$D/cut" \
		"$bin" -j kfunc resolve @ file "$VM"
done

done_testing
