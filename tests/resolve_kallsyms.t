#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# ksyms bound from kallsyms, against the real loader: libbpf reads kallsyms
# only when an object has a typeless ksym, and then sets every ksym
# variable it finds there. A name at two addresses fails the load; a weak
# typed ksym with no BTF variable but a kallsyms address gets BTF id 0,
# which the verifier rejects in the program loading it. The objects are
# built here, on names this kernel's kallsyms has.
. "$(dirname "$0")/lib/tap.sh"

ORACLE=$B/bin/oracle
D=$TAP_TMP
[ -r /proc/kallsyms ] || bail_out "no /proc/kallsyms"

# A C name at two addresses, and a function name that is no BTF variable.
ambig=$(awk '$3 ~ /^[A-Za-z_][A-Za-z0-9_]*$/ { print $3, $1 }' /proc/kallsyms |
	sort -u | awk '{ print $1 }' | uniq -d | head -n 1)
[ -n "$ambig" ] || bail_out "no name at two addresses in /proc/kallsyms"
func=schedule
grep -q " [Tt] $func\$" /proc/kallsyms || bail_out "no $func in /proc/kallsyms"
diag "ambiguous name: $ambig ($(awk -v n="$ambig" '$3 == n' /proc/kallsyms | wc -l) entries)"

# obj NAME DECLS VARS: an oracle object with those externs.
obj() {
	cat > "$D/$1.bpf.c" <<SRC
#include "oracle.h"
$2
#define VARS(X) $3
ORACLE_PROGRAM(NONE, NONE, VARS);
SRC
	$CLANG -target bpf -g -O2 -I"$LIBBPF_INC" -I"$TOP/tests/bpf" \
		-I"/usr/include/$(gcc -dumpmachine)" \
		-c "$D/$1.bpf.c" -o "$D/$1.bpf.o" || bail_out "cannot build $1"
}

obj ambig_typeless "extern const void $ambig __ksym __weak;" "X($ambig)"
obj ambig_typed "extern const int $ambig __ksym __weak;" "X($ambig)"
obj ambig_typed_with_typeless \
	"extern const int $ambig __ksym __weak; extern const void init_task __ksym __weak;" \
	"X($ambig) X(init_task)"
obj func_typed "extern const int $func __ksym __weak;" "X($func)"
obj func_typed_with_typeless \
	"extern const int $func __ksym __weak; extern const void init_task __ksym __weak;" \
	"X($func) X(init_task)"

for name in ambig_typeless ambig_typed ambig_typed_with_typeless func_typed \
	    func_typed_with_typeless; do
	"$ORACLE" "$D/$name.bpf.o" > "$D/real" 2> "$D/real.err"
	real_rc=$?
	[ "$real_rc" = 2 ] && { ok 1 "$name: oracle ran"; diag "$(cat "$D/real.err")"; continue; }
	"$BPFTOOL" -j kfunc resolve "$D/$name.bpf.o" > "$D/pred.json"
	pred_rc=$?
	is "$pred_rc" "$real_rc" "$name: $([ "$real_rc" = 0 ] && echo loads || echo fails), as predicted" ||
		diag "real: $(cat "$D/real")" "predicted: $(jq -c '.[0].externs' "$D/pred.json")"
	if [ "$real_rc" = 0 ]; then
		jq -r '.[0].externs[] | "\(.name) \(if .exists then 1 else 0 end)"' \
			"$D/pred.json" | sort > "$D/pred"
		sort "$D/real" > "$D/real.sorted"
		cmp -s "$D/pred" "$D/real.sorted"
		ok $? "$name: bpf_ksym_exists() as predicted: $(tr '\n' ' ' < "$D/real.sorted")" ||
			diag "predicted: $(cat "$D/pred")"
		continue
	fi
	# The failing externs' reasons, or those of the program's sites.
	reason=$(jq -r '[(.[0].externs[] | select(.outcome == "fail") | .reason),
		.[0].programs[].sites[].reason] | unique | join(",")' "$D/pred.json")
	if grep -q "resolution is ambiguous" "$D/real"; then
		want=ambiguous_in_kallsyms
	elif grep -q "pseudo btf_id 0 in ldimm64" "$D/real.err"; then
		want=kallsyms_only
	else
		want="(libbpf: $(cat "$D/real"))"
	fi
	is "$reason" "$want" "$name: the predicted reason is the loader's"
done

# Kernel files with a saved kallsyms (symbols FILE, or kallsyms under
# kernels DIR) predict what the running kernel does; without, the ksyms'
# outcome is not known and the verdict not complete (exit status 3).
O=$B/bpf/loader_ksyms.bpf.o
mkdir -p "$D/fleet/k"
cp /sys/kernel/btf/vmlinux "$D/fleet/k/vmlinux"
cp /proc/kallsyms "$D/kallsyms"
q='[.[0].checked, [.[0].externs[] | "\(.name) \(.outcome) \(.exists)"]]'
run_cmd "$BPFTOOL" -j kfunc resolve "$O"
want="$TAP_RC:$(jq -c "$q" "$TAP_OUT")"
run_cmd "$BPFTOOL" -j kfunc resolve "$O" file "$D/fleet/k/vmlinux" symbols "$D/kallsyms"
is "$TAP_RC:$(jq -c "$q" "$TAP_OUT")" "$want" "file VMLINUX symbols FILE: the running kernel's outcomes"
cp "$D/kallsyms" "$D/fleet/k/kallsyms"
run_cmd "$BPFTOOL" -j kfunc resolve "$O" kernels "$D/fleet"
is "$TAP_RC:$(jq -c "$q" "$TAP_OUT")" "$want" "kernels DIR with a kallsyms file: the same"
run_cmd "$BPFTOOL" -j kfunc resolve "$O" file "$D/fleet/k/vmlinux"
is "$TAP_RC:$(jq -c '[.[0].checked, ([.[0].externs[].outcome] | unique)]' "$TAP_OUT")" \
	'3:[false,["kallsyms"]]' "without kallsyms: outcome kallsyms, not checked, exit status 3"
run_cmd "$BPFTOOL" kfunc resolve "$O" file "$D/fleet/k/vmlinux"
grep -q '^  verdict: loads, kallsyms not known: ' "$TAP_OUT"
ok $? "  plain: the verdict says which kallsyms are not known"
err_is 2 "$D/fleet/k/vmlinux: not in kallsyms format" "symbols FILE that is not kallsyms: exit 2" -- \
	"$BPFTOOL" kfunc resolve "$O" file "$D/fleet/k/vmlinux" symbols "$D/fleet/k/vmlinux"

done_testing
