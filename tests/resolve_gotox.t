#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve on indirect jumps (gotox): on a kernel that has them (7.3,
# BPF_MAP_TYPE_INSN_ARRAY), the verifier follows the entries of the jump
# table that the loaded offset selects, one for a known offset, every one of
# the table for an offset it does not know; a kfunc call at an entry
# followed is reachable, a guarded one is not. On a kernel without them
# (this one, 6.12), every program with a gotox fails, as the real loader
# shows here; a gotox whose function loads no jump table fails on every
# kernel; 6.12's libbpf 1.5 opens no object with jump tables. Jump
# tables that libbpf refuses (an entry out of the section or of
# the function) are input errors.
. "$(dirname "$0")/lib/tap.sh"

ORACLE=$B/bin/reach_oracle
LIBBPF_MINOR=$(awk '/define LIBBPF_MINOR_VERSION/ { print $3 }' "$LIBBPF_INC/bpf/libbpf_version.h")
objs=("$B"/bpf/gotox.bpf.o "$B"/bpf/clang-19/gotox.bpf.o)
for obj in "${objs[@]}"; do
	name=${obj#"$B"/bpf/}
	run_cmd "$BPFTOOL" -j kfunc resolve "$obj" file "$CORPUS7/vmlinux"
	is "$TAP_RC" 1 "$name: 7.3: exit status 1, a program fails"
	is "$(jq -r '.[0].programs[] | "\(.name) \(.loads)"' "$TAP_OUT" | sort | tr '\n' ' ')" \
		"gotox_any_entry false gotox_entry_0 true gotox_entry_1 false gotox_guarded true plain_guarded true " \
		"$name: 7.3: the calls at the entries followed fail their programs, the others and the guarded one do not"
	is "$(jq -r '.[0].programs[] | select(.loads == false) |
		     .name as $p | .sites[] | "\($p) \(.insn) \(.extern) \(.kind) \(.line > 0)"' "$TAP_OUT" | sort)" \
		"gotox_any_entry 28 bpf_kfunc_does_not_exist call true
gotox_entry_1 16 bpf_kfunc_does_not_exist call true" \
		"$name: 7.3: the sites are the calls at the tables' second entries, with their lines"

	run_cmd "$BPFTOOL" -j kfunc resolve "$obj" file "$CORPUS/vmlinux"
	is "$(jq -r '.[0].programs[] | "\(.name) \(.loads) \([.sites[] | select(.kind == "indirect_jump") | .reason] | unique)"' \
		"$TAP_OUT" | sort | tr '\n' ' ')" \
		'gotox_any_entry false ["no_indirect_jumps"] gotox_entry_0 false ["no_indirect_jumps"] gotox_entry_1 false ["no_indirect_jumps"] gotox_guarded false ["no_indirect_jumps"] plain_guarded true [] ' \
		"$name: 6.12: every program with a gotox fails, for it"

	"$ORACLE" "$obj" > "$TAP_TMP/real" 2> "$TAP_TMP/real.err"
	run_cmd "$BPFTOOL" -j kfunc resolve "$obj"
	if grep -q "^open $obj: " "$TAP_TMP/real.err"; then
		ok "$([ "$LIBBPF_MINOR" -lt 8 ]; echo $?)" \
			"$name: running kernel: libbpf 1.$LIBBPF_MINOR opens no object with jump tables, 1.8 does"
	else
		is "$(jq -r '.[0].programs[] | "\(.name) \(if .loads then "loads" else "fails" end)"' "$TAP_OUT" | sort)" \
			"$(grep -v '^object ' "$TAP_TMP/real" | sort)" \
			"$name: running kernel: the verdicts are the real loader's"
	fi
done

# A gotox in a function without a jump table: that program fails on every
# kernel, the others are reported.
obj=$B/bpf/gotox_notable.bpf.o
for kernel in "$CORPUS7/vmlinux" "$CORPUS/vmlinux"; do
	label=$(basename "$(dirname "$kernel")")
	run_cmd "$BPFTOOL" -j kfunc resolve "$obj" file "$kernel"
	is "$TAP_RC" 1 "no table, $label: exit status 1"
	is "$(jq -r '.[0].programs[] | "\(.name) \(.loads) \([.sites[] | "\(.insn) \(.kind) \(.reason) \(.extern)"])"' \
		"$TAP_OUT" | sort | tr '\n' ' ')" \
		'gotox_no_table false ["1 indirect_jump no_jump_table null"] plain true [] ' \
		"no table, $label: the program with the gotox fails, at it; the other loads"
done
"$ORACLE" "$obj" > "$TAP_TMP/real" 2> "$TAP_TMP/real.err"
run_cmd "$BPFTOOL" kfunc resolve "$obj"
is "$(sed -n 's/^  program \([a-z_]*\) .*: \(loads\|fails\).*/\1 \2/p' "$TAP_OUT" | sort)" \
	"$(grep -v '^object ' "$TAP_TMP/real" | sort)" \
	"no table, running kernel: the verdicts are the real loader's"
check "no table: plain output names the gotox" -- \
	grep -q "socket insn 1: indirect jump: no jump table in its function" "$TAP_OUT"

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
