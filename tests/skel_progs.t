#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# gen skeleton's program table against the kernel: the programs that
# NAME__kfuncs_check() names for the guard corpus (bpf/skel_reach.bpf.c)
# are the ones the verifier refuses, each program loaded alone on this
# kernel; after NAME__kfuncs_disable_failing() the object loads.
. "$(dirname "$0")/lib/tap.sh"

ORACLE=$B/bin/skel_progs
D=$TAP_TMP

[ "$(id -u)" = 0 ] || skip_all "loading programs needs root"
[ -r /sys/kernel/btf/vmlinux ] || skip_all "no kernel BTF"
[ -x "$ORACLE" ] || bail_out "$ORACLE is missing (make -C tests all)"

run_cmd "$ORACLE"
ok "$TAP_RC" "skel_progs runs (check, each program alone, disable, load)" ||
	sed 's/^/#   /' "$TAP_ERR"
cp "$TAP_OUT" "$D/out"

sed -n "s/^skel_reach: program '\([^']*\)': calls .*/\1/p" "$D/out" | sort -u >"$D/predicted"
sed -n 's/^kernel \([^ ]*\) fails$/\1/p' "$D/out" | sort >"$D/refused"
sed -n 's/^kernel \([^ ]*\) loads$/\1/p' "$D/out" | sort >"$D/loaded"
sed -n 's/^off //p' "$D/out" | sort >"$D/off"
n=$(grep -c '^kernel ' "$D/out")
refused=$(wc -l <"$D/refused")

is_file "$D/predicted" "$D/refused" \
	"the programs check names are the $refused of $n the kernel refuses"
is "$(grep '^check ' "$D/out")" "check $refused" "check returns their number"
grep -qE '^sites ([1-9][0-9]* misplaced 0|none)$' "$D/out"
ok $? "each site the check read is a relocated kfunc call or ld_imm64 ($(grep '^sites' "$D/out"))"
is "$(grep "^skel_reach: program 'many_guards'" "$D/out")" \
	"skel_reach: program 'many_guards': not analysed: 11 kfunc externs tested by bpf_ksym_exists(), more than 10" \
	"a program with 11 guards is named as not analysed"
grep -qx many_guards "$D/loaded" && ! grep -qx many_guards "$D/off"
ok $? "the kernel loads it, and it is left autoloaded"
grep -qx ten_guards "$D/loaded" && grep -qx ten_guards_wrong "$D/refused"
ok $? "programs with 10 guards: analysed, one loads, one is refused"
# each refusal is a kfunc call the verifier reached, as check says
is "$(sed -n "s/^skel_reach: program '\([^']*\)': calls '\([^']*\)'.*/\2/p" "$D/out" | sort -u)" \
	"bpf_kfunc_does_not_exist
bpf_kfunc_missing___b" "check names the kfuncs called unguarded"

is "$(grep '^disabled ' "$D/out")" "disabled $refused" \
	"disable_failing returns the number of programs it turned off"
is_file "$D/off" "$D/refused" "it turns off exactly the refused programs"
is "$(grep '^load ' "$D/out")" "load 0" "then the whole skeleton loads"

# the table is compact: rows merged over guards that do not matter
H=$B/skel/skel_reach.skel.h
rows=$(sed -n '/__kfunc_calls(void)$/,/^}$/p' "$H" | grep -c '^		{ [0-9]')
wrong=$(sed -n '/__kfunc_progs(void)$/,/^}$/p' "$H" | grep '^		{ ' |
	grep -n '"ten_guards_wrong"' | cut -d: -f1)
is "$(sed -n '/__kfunc_calls(void)$/,/^}$/p' "$H" | grep -c "^		{ $((wrong - 1)), ")" 1 \
	"ten_guards_wrong: its 1024 assignments make one row"
ok "$([ "$rows" -le 24 ]; echo $?)" "$rows rows for $n programs"

# With libbpf 1.6 and later the check prepares the object: libbpf's
# load_module_btfs() then reads module names the kernel wrote, unseen by
# valgrind.
cat >"$D/libbpf.supp" <<'EOF2'
{
   module BTF names written by the kernel
   Memcheck:Cond
   ...
   fun:load_module_btfs
}
EOF2
VALGRIND_OPTS="--suppressions=$D/libbpf.supp" \
	valgrind_clean "the generated check and disable are valgrind-clean" -- "$ORACLE" noload

done_testing
