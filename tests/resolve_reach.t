#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve's verdict per program against the kernel's: every program
# of the guard corpus (bpf/reach_*.bpf.c, by each clang at hand, one object
# on a generated vmlinux.h) is loaded alone by libbpf on this kernel; the
# predicted verdict must be the kernel's, and so must the object's.
. "$(dirname "$0")/lib/tap.sh"

ORACLE=$B/bin/reach_oracle

[ "$(id -u)" = 0 ] || skip_all "loading programs needs root"
[ -r /sys/kernel/btf/vmlinux ] || skip_all "no kernel BTF"

objs=$(ls "$B"/bpf/reach_*.bpf.o "$B"/bpf/clang-*/reach_*.bpf.o 2>/dev/null)
n=$(echo "$objs" | grep -c .)
ok "$([ "$n" -ge 4 ]; echo $?)" "$n guard corpus objects (want both objects by two compilers)" ||
	diag "$objs"
programs=0
for obj in $objs; do
	name=${obj#"$B"/bpf/}
	"$ORACLE" "$obj" > "$TAP_TMP/real" 2> "$TAP_TMP/real.err"
	if [ $? != 0 ]; then
		ok 1 "$name: the loader ran" || diag "$(cat "$TAP_TMP/real.err")"
		continue
	fi
	"$BPFTOOL" -j kfunc resolve "$obj" > "$TAP_TMP/pred.json" 2> "$TAP_TMP/pred.err"
	pred_rc=$?
	jq -r '.[0].programs[] | "\(.name) \(if .loads then "loads" else "fails" end)"' \
		"$TAP_TMP/pred.json" > "$TAP_TMP/pred"
	jq -r '"object \(if .[0].loads then "loads" else "fails" end)"' \
		"$TAP_TMP/pred.json" >> "$TAP_TMP/pred"

	# One test per program: the verdict, and for a refusal, the extern the
	# verifier names is one of the predicted sites, of the kind its words
	# say: a call of a kfunc left unbound or of a FUNC that is no kfunc,
	# or the address of a ksym it finds none for.
	while read -r prog verdict; do
		[ "$prog" = object ] && continue
		programs=$((programs + 1))
		got=$(awk -v p="$prog" '$1 == p {print $2}' "$TAP_TMP/pred")
		is "$got" "$verdict" "$name: $prog $verdict" || continue
		[ "$verdict" = loads ] && continue
		named=$(sed -n "s/^$prog: kfunc '\([^']*\)'.*/\1 call/p
			s/^$prog: calling kernel function \([^ ]*\) is not allowed$/\1 call/p
			s/^$prog: failed to find the address for kernel symbol '\([^']*\)'.*/\1 address/p" \
			"$TAP_TMP/real.err")
		[ -z "$named" ] && continue
		read -r named kind <<<"$named"
		jq -e --arg p "$prog" --arg x "$named" --arg k "$kind" \
			'.[0].programs[] | select(.name == $p) | .sites |
			 map(select(.extern == $x and .kind == $k and .line > 0 and
				    (.file | length) > 0)) | length > 0' \
			"$TAP_TMP/pred.json" > /dev/null
		ok $? "$name: $prog: the verifier's '$named' is a predicted $kind site with its line" ||
			jq -c --arg p "$prog" '.[0].programs[] | select(.name == $p)' "$TAP_TMP/pred.json"
	done < "$TAP_TMP/real"
	is "$(grep '^object ' "$TAP_TMP/pred")" "$(grep '^object ' "$TAP_TMP/real")" \
		"$name: the object's verdict"
	want_rc=$(grep -q '^object loads' "$TAP_TMP/real" && echo 0 || echo 1)
	is "$pred_rc" "$want_rc" "$name: exit status follows the object's verdict"
	is "$(wc -l < "$TAP_TMP/pred")" "$(wc -l < "$TAP_TMP/real")" \
		"$name: the same programs as libbpf's"
done
ok "$([ "$programs" -ge 60 ]; echo $?)" "$programs programs compared with the kernel"

# Plain output: a line per program, the sites under a failing one, and a
# verdict naming the failing programs.
obj=$B/bpf/reach_guards.bpf.o
run_cmd "$BPFTOOL" kfunc resolve "$obj"
grep -q "^  program unguarded (syscall): fails$" "$TAP_OUT" &&
	grep -A1 "^  program unguarded " "$TAP_OUT" | grep -q "reach_guards.bpf.c:[0-9]*: syscall insn [0-9]*: calls bpf_kfunc_does_not_exist: function 'bpf_kfunc_does_not_exist' not found"
ok $? "plain: a failing program with its site, file:line and why" || diag "$(cat "$TAP_OUT")"
grep -q "^  program lazy_unguarded (?syscall): fails (not autoloaded)$" "$TAP_OUT"
ok $? "plain: a program that is not autoloaded is marked so"
failing=$(sed -n 's/^  program \([^ ]*\) ([^)]*): fails$/\1/p' "$TAP_OUT")
is "$(sed -n 's/^  verdict: load fails: //p' "$TAP_OUT" | sed 's/, /\n/g; s/^program //gm')" \
	"$failing" "plain: the verdict names the $(echo "$failing" | wc -l) autoloaded failing programs"

# The fleet matrix: a row per program, the running kernel and Debian's.
vm=$B/bpf/reach_vmlinux.bpf.o
if [ -f "$CORPUS/vmlinux" ]; then
	"$BPFTOOL" -j kfunc resolve "$vm" kernel file "$CORPUS/vmlinux" > "$TAP_TMP/fleet.json"
	n=$(jq '.[0].programs | length' "$TAP_TMP/fleet.json")
	jq -e --argjson n "$n" 'length == 2 and $n > 0 and
		all(.[]; (.programs | length) == $n and has("externs_bind"))' \
		"$TAP_TMP/fleet.json" > /dev/null
	ok $? "matrix JSON: $n programs for each kernel"
	run_cmd "$BPFTOOL" kfunc resolve "$vm" kernel file "$CORPUS/vmlinux"
	is "$(grep -c "^  PROG " "$TAP_OUT")" "$n" "matrix: a row per program" ||
		diag "$(cat "$TAP_OUT")"
	grep -q "^  running: program vm_unguarded: .*calls bpf_kfunc_does_not_exist" "$TAP_OUT"
	ok $? "matrix: sites per kernel"
fi

done_testing
