#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve loader lskel and the light skeleton's kfunc guards against
# real light skeletons (gen skeleton -L) on the running kernel: whether
# each loads, and what its program stored from bpf_ksym_exists() for each
# extern; then the loader keyword itself and the gen skeleton -L warning.
. "$(dirname "$0")/lib/tap.sh"

RUN=$B/bin/lskel_run
D=$TAP_TMP
[ -x "$RUN" ] || bail_out "$RUN is missing (make -C tests all)"

# "g_NAME VALUE" for each .bss word the light skeleton reported: the
# offsets are the symbols' values (the object's DATASEC has them as 0)
stored() {
	local obj=$1 out=$2

	nm "$obj" | while read -r addr type sym; do
		[ "$type" = B ] && [ "${sym#g_}" != "$sym" ] && echo "$((16#$addr)) $sym"
	done | sort >"$D/offsets"
	awk '$1 == "bss" { print $2, $3 }' "$out" | sort |
		join "$D/offsets" - | awk '{ print $2, $3 }'
}

agree=0
for name in loader_exists loader_proto loader_calls loader_ksym skel_guards; do
	obj=$B/bpf/$name.bpf.o
	run_cmd "$BPFTOOL" -j kfunc resolve "$obj" loader lskel
	cp "$TAP_OUT" "$D/$name.json"
	pred=$(jq -r '.[0].loads' "$D/$name.json")
	run_cmd "$RUN" "$name"
	ok "$TAP_RC" "$name: the light skeleton runs" || sed 's/^/#   /' "$TAP_ERR"
	cp "$TAP_OUT" "$D/$name.out"
	load=$(sed -n 's/^load //p' "$D/$name.out")
	[ "$load" = 0 ] && real=true || real=false
	is "$real" "$pred" "$name: the light skeleton loads: $real (load $load), as predicted"
	# its kfunc guards, before the load: the check counts what fails it
	check=$(sed -n 's/^check //p' "$D/$name.out")
	[ "$check" = 0 ] && guard=true || guard=false
	is "$guard" "$real" "$name: the light skeleton's kfuncs_check() says $check before the load"
	is "$(sed -n 's/^probe //p' "$D/$name.out")" \
		"$(jq -r '.[0].externs[] | select(.kind == "kfunc") |
			"\(.name) \(if .exists then 1 else 0 end)"' "$D/$name.json")" \
		"$name: its kfuncs_probe() agrees with the prediction"
	if [ "$real" = false ]; then
		# what the check names is what the prediction fails
		is "$(grep "^$name: " "$D/$name.out" | sed -n "s/^$name: kfunc '\([^']*\)'.*/\1/p;
			s/^$name: program '[^']*': \(calls\|loads\) '\([^']*\)'.*/\2/p")" \
			"$(jq -r '.[0] | (.externs[] | select(.outcome == "fail") | .name),
				(.programs[].sites[] | .extern)' "$D/$name.json")" \
			"$name: kfuncs_check() names what the prediction fails"
		continue
	fi
	is "$(sed -n 's/^run //p' "$D/$name.out")" 0 "$name: its oracle program runs"
	n=0
	while read -r var value; do
		ext=${var#g_}
		want=$(jq -r --arg e "$ext" \
			'.[0].externs[] | select(.name == $e) | if .exists then 1 else 0 end' \
			"$D/$name.json")
		is "$value" "$want" "$name: $ext: bpf_ksym_exists() = $value in the light skeleton"
		is "$(sed -n "s/^probe $ext //p" "$D/$name.out")" "$value" \
			"$name: $ext: the light skeleton's guard agrees with the loaded program"
		n=$((n + 1))
		# what libbpf makes of the same extern
		lib=$("$BPFTOOL" -j kfunc resolve "$obj" | jq -r --arg e "$ext" \
			'.[0].externs[] | select(.name == $e) | if .exists then 1 else 0 end')
		[ "$lib" != "$value" ] && agree=$((agree + 1))
	done < <(stored "$obj" "$D/$name.out")
	[ "$n" -gt 0 ]
	ok $? "$name: $n externs compared"
done
# The objects are there for the externs where the loaders part ways.
[ "$agree" -ge 4 ]
ok $? "$agree externs where the light skeleton and libbpf differ, seen live"

# the unbound call of loader_calls: where, and what the verifier says
is "$(jq -r '.[0].programs[0].sites[] | "\(.extern) \(.kind) \(.verifier)"' \
	"$D/loader_calls.json")" \
	"bpf_task_from_pid___old call R0 !read_ok, if its result is used; else invalid kernel function call not eliminated in verifier pass" \
	"loader_calls: the ___old call is reachable in a light skeleton"
is "$(jq -r '.[0].externs[] | select(.name == "bpf_task_from_pid___strong") | .outcome' \
	"$D/skel_guards.json")" fail \
	"skel_guards: the strong flavored extern fails a light skeleton"

# --- loader all: one record per loader, disagreements flagged
obj=$B/bpf/loader_proto.bpf.o
run_cmd "$BPFTOOL" -j kfunc resolve "$obj" loader all
is "$TAP_RC" 1 "loader all: exit 1 when one loader fails the load (cilium)"
is "$(jq -r '.[] | "\(.loader) \(.loads)"' "$TAP_OUT")" \
"libbpf true
lskel true
cilium false" "loader all: a record per loader, in order"
is "$(jq -r '[.[0].externs[] | .loaders_disagree] | unique | join(" ")' "$TAP_OUT")" \
	true "loader all: both externs flagged"
is "$(jq -r '.[] | [.externs[] | .outcome] | join(" ")' "$TAP_OUT")" \
"unset unset
bound bound
fail fail" "loader_proto: libbpf unsets, the light skeleton binds, cilium fails"
run_cmd "$BPFTOOL" kfunc resolve "$obj" loader all
grep -qx '  EXTERN             libbpf  lskel    cilium' "$TAP_OUT"
ok $? "loader all: a column per loader" || sed 's/^/#   /' "$TAP_OUT"
grep -qx '  loaders disagree on bpf_rcu_read_lock: libbpf -, lskel vmlinux, cilium FAIL' "$TAP_OUT"
ok $? "loader all: the disagreement in words"
run_cmd "$BPFTOOL" -j kfunc resolve "$B/bpf/loader_exists.bpf.o" kernel \
	file /sys/kernel/btf/vmlinux loader all
is "$(jq -r '.[] | "\(.kernel) \(.loader)"' "$TAP_OUT" | tr '\n' ' ')" \
	"running libbpf running lskel running cilium /sys/kernel/btf/vmlinux libbpf /sys/kernel/btf/vmlinux lskel /sys/kernel/btf/vmlinux cilium " \
	"loader all on two kernels: kernel by loader"
run_cmd "$BPFTOOL" kfunc resolve "$B/bpf/loader_exists.bpf.o" kernel \
	file /sys/kernel/btf/vmlinux loader all
grep -q '^  EXTERN  *running/libbpf  running/lskel  running/cilium  /sys/kernel/btf/vmlinux/libbpf' "$TAP_OUT"
ok $? "loader all on two kernels: columns KERNEL/LOADER"
run_cmd "$BPFTOOL" -j kfunc resolve "$B/bpf/loader_exists.bpf.o" loader lskel
is "$(jq -r '.[0].externs[] | select(.name == "bpf_task_from_pid___new") |
	"\(.essential_name) \(.lookup_name) \(has("loaders_disagree"))"' "$TAP_OUT")" \
	"bpf_task_from_pid bpf_task_from_pid___new false" \
	"lookup_name: the full name for a light skeleton; no loaders_disagree with one loader"

# --- gen skeleton -L: a warning for each flavored kfunc extern
run_cmd "$BPFTOOL" gen skeleton -L "$B/bpf/loader_exists.bpf.o" name loader_exists
is "$TAP_RC" 0 "gen skeleton -L of an object with flavors succeeds"
is "$(cat "$TAP_ERR")" \
"Warning: loader_exists: a light skeleton looks kfuncs up by their full name, with no flavor cut: these externs bind only to a kernel kfunc of that full name, never to the one libbpf binds:
  bpf_task_from_pid___new
  bpf_task_acquire___cg
  bpf_rcu_read_lock___a___b" "the flavored externs are named, in object order"
cmp -s "$TAP_OUT" "$B/skel/loader_exists.lskel.h"
ok $? "the light skeleton itself is the one the live test loaded"
grep -q '^static inline int loader_exists__kfuncs_probe(' "$TAP_OUT"
ok $? "the light skeleton has kfunc guards"
run_cmd "$BPFTOOL" gen skeleton -L "$B/bpf/skel_guards.bpf.o" name skel_guards
is "$(grep -c '^  ' "$TAP_ERR") $(grep '(strong' "$TAP_ERR")" \
	"27   bpf_task_from_pid___strong (strong: the load fails)" \
	"skel_guards: 27 flavored externs, the strong one marked (its live load failed above)"
for name in loader_proto no_externs; do
	run_cmd "$BPFTOOL" gen skeleton -L "$B/bpf/$name.bpf.o" name "$name"
	is "$TAP_RC:$(cat "$TAP_ERR")" 0: "$name: no flavor, no warning"
done
run_cmd "$BPFTOOL" -j gen skeleton -L "$B/bpf/loader_exists.bpf.o" name loader_exists
is "$TAP_RC:$(grep -c '^Warning: .*full name' "$TAP_ERR")" 0:1 "the warning under -j too"

run_cmd "$BPFTOOL" gen skeleton -L "$B/bpf/no_externs.bpf.o" name no_externs
! grep -q 'kfunc' "$TAP_OUT"
ok $? "no kfunc externs: no guards in the light skeleton"
# The guards compile cleanly; upstream's skel_internal.h itself wants
# <errno.h> first and has an unused parameter.
for cc in gcc clang; do
	for h in loader_exists loader_calls skel_guards; do
		printf '#include <errno.h>\n#include "%s.lskel.h"\n' "$h" |
			$cc -x c -Wall -Wextra -Wno-unused-parameter -Werror -I"$B/skel" \
			-I"$LIBBPF_INC" -I"$SRC_TREE/tools/include/uapi" -c - -o "$D/$h.o" 2>"$D/cc.err"
		ok $? "$h.lskel.h compiles with $cc -Wall -Wextra -Werror" ||
			head -20 "$D/cc.err" | sed 's/^/#   /'
	done
done
valgrind_clean "gen skeleton -L with guards is valgrind-clean" -- \
	"$BPFTOOL" gen skeleton -L "$B/bpf/skel_guards.bpf.o"
valgrind_clean "resolve loader all is valgrind-clean" -- \
	"$BPFTOOL" kfunc resolve "$B/bpf/loader_calls.bpf.o" "$B/bpf/skel_guards.bpf.o" \
	kernel file /sys/kernel/btf/vmlinux loader all

# --- errors
err_is 2 "'loader' takes libbpf, lskel, cilium or all" "unknown loader" -- \
	"$BPFTOOL" kfunc resolve "$obj" loader aya
err_is 2 "'loader' takes" "loader without a value" -- "$BPFTOOL" kfunc resolve "$obj" loader
err_is 2 "applies to loader libbpf only" "policy with another loader" -- \
	"$BPFTOOL" kfunc resolve "$obj" policy module-first loader lskel
run_cmd "$BPFTOOL" -j kfunc resolve "$obj" loader aya
is "$TAP_RC $(jq -r '.error' "$TAP_OUT")" \
	"2 'loader' takes libbpf, lskel, cilium or all" "unknown loader under -j: a JSON error"

done_testing
