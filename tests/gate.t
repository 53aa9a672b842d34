#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve as a gate, on the running kernel: every program of every
# test object is loaded alone by libbpf (lib/reach_oracle.c), and what
# each way of asking predicted is compared with it, program by program:
#   default	resolve OBJECT..., as root (nothing loaded: program types
#		not checked)
#   probe	resolve OBJECT... kernel probe, as root
#   nobody	resolve OBJECT..., as nobody (who may not probe)
#   skeleton	NAME__kfuncs_check() of the guard corpus' skeletons
#		(lib/skel_progs.c), with the object's read-only data and,
#		for bpf/reach_rodata.bpf.c, with it inverted
# and the exit status of each resolve: 0 only where every program loads,
# 1 only where one fails. The counts, and their sum, are printed.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/verdicts.sh"

D=$TAP_TMP
ORACLE=$B/bin/reach_oracle
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
SKELS="skel_reach reach_notkfunc reach_ksym_one reach_ksym_var reach_rodata"

[ "$(id -u)" = 0 ] || bail_out "must run as root (to load programs, and to become nobody)"
[ -x "$ORACLE" ] || bail_out "$ORACLE is missing (make -C tests all)"

# The objects, where nobody may read them; the real verdicts.
mkdir -p "$D/obj" "$D/real/host"
chmod 755 "$D" "$D/obj"
objs=()
for o in "$B"/bpf/*.bpf.o; do
	cp "$o" "$D/obj/" && objs+=("${o##*/}")
done
chmod 644 "$D"/obj/*
ok "$([ ${#objs[@]} -ge 20 ]; echo $?)" "${#objs[@]} test objects"
for o in "${objs[@]}"; do
	"$ORACLE" "$D/obj/$o" >"$D/real/host/$o.out" 2>"$D/real/host/$o.err"
	echo $? >"$D/real/host/$o.rc"
done

# resolve_mode MODE [kernel probe]: resolve of every object, one at a
# time for its exit status, as RUN_AS; compared, and the gate's promise
# checked.
RUN_AS=()
resolve_mode() {
	local mode=$1 o rc real bad=
	shift

	mkdir -p "$D/pred/$mode"
	ln -sfn host "$D/real/$mode"
	for o in "${objs[@]}"; do
		"${RUN_AS[@]}" "$BPFTOOL" -j kfunc resolve "$D/obj/$o" "$@" \
			>"$D/pred/$mode/$o.json" 2>"$D/pred/$mode/$o.err"
		rc=$?
		jq -c '.[0]' "$D/pred/$mode/$o.json" >"$D/pred/$mode/$o" 2>/dev/null
		compare "$o" "$mode"
		real=$(tail -n 1 "$D/real/host/$o.out")
		# An object libbpf does not open does not load.
		[ "$(cat "$D/real/host/$o.rc")" = 0 ] || real="object fails"
		case $rc in
		0) [ "$real" = "object loads" ] || bad+=" $o:0($real)" ;;
		1) [ "$real" = "object fails" ] || bad+=" $o:1($real)" ;;
		3) ;;
		*) bad+=" $o:$rc" ;;
		esac
	done
	ok "$([ -z "$bad" ]; echo $?)" \
		"$mode: exit 0 only where the object loads, 1 only where it fails" ||
		diag "status(real verdict):$bad"
	verdicts_report "$mode" 20
}

resolve_mode default
resolve_mode probe kernel probe
RUN_AS=("${NOBODY[@]}")
resolve_mode nobody

# The skeletons: the programs check names against the kernel's refusals.
skel_agree=0
skel_disagree=0
skel_mode() {
	local s=$1 mode=$2 out=$D/skel-$1-$2 prog verdict

	"$B/bin/skel_progs-$s" "$mode" >"$out" 2>"$out.err"
	ok $? "skeleton $s${mode:+ ($mode)}: skel_progs runs" || sed 's/^/#   /' "$out.err"
	while read -r prog verdict; do
		if grep -q "^$s: program '$prog': \(calls\|loads\) " "$out"; then
			[ "$verdict" = fails ]
		else
			[ "$verdict" = loads ] || grep -q "^$s: program '$prog': not analysed" "$out"
		fi && skel_agree=$((skel_agree + 1)) && continue
		skel_disagree=$((skel_disagree + 1))
		diag "skeleton $s${mode:+ ($mode)}: $prog $verdict, check says: $(grep "'$prog'" "$out")"
	done < <(sed -n 's/^kernel //p' "$out")
	is "$(grep '^load ' "$out")" "load 0" "skeleton $s${mode:+ ($mode)}: after disable_failing, the load succeeds"
}
for s in $SKELS; do
	[ -x "$B/bin/skel_progs-$s" ] || bail_out "$B/bin/skel_progs-$s is missing (make -C tests all)"
	skel_mode "$s" ""
done
skel_mode reach_rodata flip
diag "skeleton: agree $skel_agree, disagree $skel_disagree"
is "$skel_disagree" 0 "skeleton: $skel_agree programs, every verdict of check as the kernel's"

total=$((agree[default] + agree[probe] + agree[nobody] + skel_agree))
wrong=$((disagree[default] + disagree[probe] + disagree[nobody] + skel_disagree))
diag "in all: $total verdicts agree with the kernel, $wrong disagree;" \
	"not checked $((unchecked[default] + unchecked[probe] + unchecked[nobody])), out of scope" \
	"$((scope[default] + scope[probe] + scope[nobody]))"

done_testing
