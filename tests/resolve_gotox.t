#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve on indirect jumps (gotox, 7.x): the verifier follows the
# entries of the jump table that the loaded offset selects, one for a known
# offset, every one of the table for an offset it does not know; a kfunc
# call at an entry followed is reachable, a guarded one is not. Jump tables
# that libbpf refuses (an entry out of the section or of the function) are
# input errors. This kernel has no insn_array maps to load them with: the
# predictions here are the analysis's; the corpus VMs load them.
. "$(dirname "$0")/lib/tap.sh"

objs=("$B"/bpf/gotox.bpf.o "$B"/bpf/clang-19/gotox.bpf.o)
for obj in "${objs[@]}"; do
	name=${obj#"$B"/bpf/}
	run_cmd "$BPFTOOL" -j kfunc resolve "$obj"
	is "$TAP_RC" 1 "$name: exit status 1, a program fails"
	is "$(jq -r '.[0].programs[] | "\(.name) \(.loads)"' "$TAP_OUT" | sort | tr '\n' ' ')" \
		"gotox_any_entry false gotox_entry_0 true gotox_entry_1 false gotox_guarded true plain_guarded true " \
		"$name: the calls at the entries followed fail their programs, the others and the guarded one do not"
	is "$(jq -r '.[0].programs[] | select(.loads == false) |
		     .name as $p | .sites[] | "\($p) \(.insn) \(.extern) \(.kind) \(.line > 0)"' "$TAP_OUT" | sort)" \
		"gotox_any_entry 28 bpf_kfunc_does_not_exist call true
gotox_entry_1 16 bpf_kfunc_does_not_exist call true" \
		"$name: the sites are the calls at the tables' second entries, with their lines"
done

# Jump tables libbpf's create_jt_map() or the verifier's check_subprogs()
# refuses.
obj=$B/bpf/gotox.bpf.o
llvm-objcopy --dump-section .jumptables="$TAP_TMP/jt" "$obj"
jt_size=$(stat -c %s "$TAP_TMP/jt")
is "$jt_size" 64 "four tables of two entries each"
# put_entry N VALUE OUT: the object with table entry N set to VALUE.
put_entry() {
	cp "$TAP_TMP/jt" "$TAP_TMP/jt.bad"
	printf "$(printf '%016x' "$2" | sed 's/\(..\)/\1 /g' |
		  awk '{ for (i = NF; i > 0; i--) printf "\\x%s", $i }')" |
		dd of="$TAP_TMP/jt.bad" bs=8 seek="$1" conv=notrunc status=none
	llvm-objcopy --update-section .jumptables="$TAP_TMP/jt.bad" "$obj" "$3"
}
put_entry 1 4096 "$TAP_TMP/out_of_sec.o"
err_is 2 "jump table entry 0x1000 out of the section" "an entry past the section" -- \
	"$BPFTOOL" kfunc resolve "$TAP_TMP/out_of_sec.o"
put_entry 1 3 "$TAP_TMP/unaligned.o"
err_is 2 "jump table entry 0x3 out of the section" "an entry inside an instruction" -- \
	"$BPFTOOL" kfunc resolve "$TAP_TMP/unaligned.o"
put_entry 1 8 "$TAP_TMP/ldhi.o"
err_is 2 "insn 3 jumps to 1, out of function or into an ld_imm64" "an entry into an ld_imm64" -- \
	"$BPFTOOL" kfunc resolve "$TAP_TMP/ldhi.o"
valgrind_clean "valgrind: resolve through jump tables" -- "$BPFTOOL" kfunc resolve "$obj"
valgrind_clean "valgrind: a bad jump table" -- "$BPFTOOL" kfunc resolve "$TAP_TMP/out_of_sec.o"

done_testing
