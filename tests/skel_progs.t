#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# gen skeleton's program table against the kernel: for each skeleton of
# the guard corpus (bpf/skel_reach.bpf.c, and the objects calling kernel
# functions that are not kfuncs and reading a ksym without an address),
# the programs that NAME__kfuncs_check() names are the ones the verifier
# refuses, each program loaded alone on this kernel, and the ones kfunc
# resolve predicts; after NAME__kfuncs_disable_failing() the object loads.
# Guards on read-only data (bpf/reach_rodata.bpf.c) are checked both with
# the object's values and with every byte inverted by the application.
# The binding libbpf 1.3 to 1.5 get, built here against this libbpf's
# headers set to 1.5, gives the same answers.
. "$(dirname "$0")/lib/tap.sh"

D=$TAP_TMP
SKELS="skel_reach reach_notkfunc reach_ksym_one reach_ksym_var reach_rodata"

[ "$(id -u)" = 0 ] || skip_all "loading programs needs root"
[ -r /sys/kernel/btf/vmlinux ] || skip_all "no kernel BTF"
for s in $SKELS; do
	[ -x "$B/bin/skel_progs-$s" ] || bail_out "$B/bin/skel_progs-$s is missing (make -C tests all)"
done

# The reproduced binding: libbpf's headers with version 1.5, this libbpf.
mkdir -p "$D/inc/bpf"
cp "$LIBBPF_INC"/bpf/*.h "$D/inc/bpf/"
sed -i 's/^#define LIBBPF_MINOR_VERSION .*/#define LIBBPF_MINOR_VERSION 5/' "$D/inc/bpf/libbpf_version.h"
LIBS=("$LIBBPF_A" -lelf -lz)
nm "$LIBBPF_A" 2>/dev/null | grep -q __asan_ && LIBS+=(-fsanitize=address,undefined)
SRC=$(cd "$(dirname "$0")" && pwd)/lib/skel_progs.c

for s in $SKELS; do
	run_cmd "$B/bin/skel_progs-$s"
	ok "$TAP_RC" "$s: skel_progs runs (check, each program alone, disable, load)" ||
		sed 's/^/#   /' "$TAP_ERR"
	cp "$TAP_OUT" "$D/$s.out"
	out=$D/$s.out
	sed -n "s/^$s: program '\([^']*\)': \(calls\|loads\) .*/\1/p" "$out" | sort -u >"$D/predicted"
	sed -n 's/^kernel \([^ ]*\) fails$/\1/p' "$out" | sort >"$D/refused"
	sed -n 's/^off //p' "$out" | sort >"$D/off"
	n=$(grep -c '^kernel ' "$out")
	refused=$(wc -l <"$D/refused")

	is_file "$D/predicted" "$D/refused" \
		"$s: the programs check names are the $refused of $n the kernel refuses"
	is "$(grep '^check ' "$out")" "check $refused" "$s: check returns their number"
	grep -qE '^sites ([1-9][0-9]* misplaced 0|none)$' "$out"
	ok $? "$s: each site the check read is a relocated kfunc call or ld_imm64 ($(grep '^sites' "$out"))"
	is "$(grep '^disabled ' "$out")" "disabled $refused" \
		"$s: disable_failing returns the number of programs it turned off"
	is_file "$D/off" "$D/refused" "$s: it turns off exactly the refused programs"
	is "$(grep '^load ' "$out")" "load 0" "$s: then the whole skeleton loads"

	# kfunc resolve says the same of each program
	"$BPFTOOL" -j kfunc resolve "$B/bpf/$s.bpf.o" |
		jq -r '.[0].programs[] | select(.loads | not) | .name' | sort >"$D/resolved"
	is_file "$D/resolved" "$D/refused" "$s: kfunc resolve fails the same programs"

	# libbpf 1.3 to 1.5's binding, reproduced: the same check and disable
	"$CC" -Wall -Wextra -Werror -Wno-unused-parameter -I"$D/inc" \
		-I"$SRC_TREE/tools/include/uapi" -I"$B/skel" -DSKEL="$s" "$SRC" \
		"${LIBS[@]}" -o "$D/skel_progs15-$s" 2>"$D/cc.err"
	ok $? "$s: the reproduced binding builds with -Wall -Wextra -Werror" ||
		head -20 "$D/cc.err" | sed 's/^/#   /'
	run_cmd "$D/skel_progs15-$s" noload
	is "$(grep -v '^sites ' "$TAP_OUT")" "$(grep -v '^sites \|^kernel \|^load ' "$out")" \
		"$s: with the reproduced binding, the same check and disable"
done

# The application sets the read-only data: every byte inverted.
s=reach_rodata
run_cmd "$B/bin/skel_progs-$s" flip
ok "$TAP_RC" "$s, flipped: skel_progs runs" || sed 's/^/#   /' "$TAP_ERR"
out=$TAP_OUT
sed -n "s/^$s: program '\([^']*\)': calls .*/\1/p" "$out" | sort -u >"$D/predicted"
sed -n 's/^kernel \([^ ]*\) fails$/\1/p' "$out" | sort >"$D/refused.flip"
sed -n 's/^off //p' "$out" | sort >"$D/off"
sed -n 's/^kernel \([^ ]*\) fails$/\1/p' "$D/$s.out" | sort >"$D/refused"
! cmp -s "$D/refused" "$D/refused.flip"
ok $? "$s: inverting the read-only data changes which programs the kernel refuses"
is_file "$D/predicted" "$D/refused.flip" \
	"$s, flipped: check names the $(wc -l <"$D/refused.flip") programs the kernel refuses"
is_file "$D/off" "$D/refused.flip" "$s, flipped: disable_failing turns off exactly those"
is "$(grep '^load ' "$out")" "load 0" "$s, flipped: then the whole skeleton loads"
is "$(grep -c 'not analysed' "$out")" 0 "$s: every program is analysed"

out=$D/skel_reach.out
is "$(grep "^skel_reach: program 'many_guards'" "$out")" \
	"skel_reach: program 'many_guards': not analysed: 11 kfunc externs tested by bpf_ksym_exists(), more than 10" \
	"a program with 11 guards is named as not analysed"
grep -qx 'kernel many_guards loads' "$out" && ! grep -qx 'off many_guards' "$out"
ok $? "the kernel loads it, and it is left autoloaded"
grep -qx 'kernel ten_guards loads' "$out" && grep -qx 'kernel ten_guards_wrong fails' "$out"
ok $? "programs with 10 guards: analysed, one loads, one is refused"
# each refusal is a kfunc call the verifier reached, as check says
is "$(sed -n "s/^skel_reach: program '\([^']*\)': calls '\([^']*\)'.*/\2/p" "$out" | sort -u)" \
	"bpf_kfunc_does_not_exist
bpf_kfunc_missing___b" "check names the kfuncs called unguarded"
is "$(sed -n "s/^reach_notkfunc: program '[^']*': //p" "$D/reach_notkfunc.out" | sort -u)" \
	"calls 'msleep', which is not a kfunc
calls 'schedule_timeout', which is not a kfunc" \
	"check names the functions called that are not kfuncs"
is "$(sed -n "s/^reach_ksym_one: program //p" "$D/reach_ksym_one.out")" \
	"'one_reads_rq': loads 'runqueues', which the verifier finds no address for" \
	"check names the one program loading a ksym without an address"

# the table is compact: rows merged over guards that do not matter
H=$B/skel/skel_reach.skel.h
rows=$(sed -n '/__kfunc_calls(void)$/,/^}$/p' "$H" | grep -c '^		{ [0-9]')
n=$(grep -c '^kernel ' "$out")
wrong=$(sed -n '/__kfunc_progs(void)$/,/^}$/p' "$H" | grep '^		{ ' |
	grep -n '"ten_guards_wrong"' | cut -d: -f1)
is "$(sed -n '/__kfunc_calls(void)$/,/^}$/p' "$H" | grep -c "^		{ $((wrong - 1)), ")" 1 \
	"ten_guards_wrong: its 1024 assignments make one row"
ok "$([ "$rows" -le $((2 * n)) ]; echo $?)" "$rows rows for $n programs, at most two each"

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
for s in skel_reach reach_ksym_one; do
	VALGRIND_OPTS="--suppressions=$D/libbpf.supp" \
		valgrind_clean "$s: the generated check and disable are valgrind-clean" -- \
		"$B/bin/skel_progs-$s" noload
done
valgrind_clean "reach_ksym_one: so is the reproduced binding" -- "$D/skel_progs15-reach_ksym_one" noload

done_testing
