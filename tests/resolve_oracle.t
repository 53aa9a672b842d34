#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve against the real loader: for every oracle object, libbpf
# loads it on this kernel and the probe program reports bpf_ksym_exists()
# of each extern; resolve's predictions must be the same, and so must the
# verdict (load or failure, and which extern fails).
. "$(dirname "$0")/lib/tap.sh"

ORACLE=$B/bin/oracle

# The loader is the libbpf bundled with the tree bpftool was built from.
ver=$SRC_TREE/tools/lib/bpf/libbpf_version.h
want=$(awk '/define LIBBPF_MAJOR_VERSION/ { M = $3 } /define LIBBPF_MINOR_VERSION/ { m = $3 }
	END { print M "." m }' "$ver")
is "$("$ORACLE" --version)" "$want" "the oracle loads with the tree's libbpf $want"

for obj in "$B"/bpf/oracle_*.bpf.o; do
	name=$(basename "$obj" .bpf.o)
	"$ORACLE" "$obj" > "$TAP_TMP/real" 2> "$TAP_TMP/real.err"
	real_rc=$?
	"$BPFTOOL" -j kfunc resolve "$obj" > "$TAP_TMP/pred.json" 2> "$TAP_TMP/pred.err"
	pred_rc=$?
	if [ "$real_rc" = 2 ]; then
		ok 1 "$name: oracle ran" || diag "$(cat "$TAP_TMP/real.err")"
		continue
	fi
	pred_loads=$(jq -r '.[0].loads' "$TAP_TMP/pred.json")
	real_loads=$([ "$real_rc" = 0 ] && echo true || echo false)
	is "$pred_loads" "$real_loads" "$name: predicted load verdict is libbpf's"
	is "$pred_rc" "$real_rc" "$name: exit status says whether it loads"

	if [ "$real_rc" = 0 ]; then
		# Every extern: predicted bpf_ksym_exists() equals the value seen.
		jq -r '.[0].externs[] | "\(.name) \(if .exists then 1 else 0 end)"' \
			"$TAP_TMP/pred.json" | sort > "$TAP_TMP/pred"
		sort "$TAP_TMP/real" > "$TAP_TMP/real.sorted"
		n=$(wc -l < "$TAP_TMP/real.sorted")
		ok "$([ "$n" -gt 0 ]; echo $?)" "$name: the program saw $n externs"
		while read -r ext val; do
			got=$(awk -v e="$ext" '$1 == e {print $2}' "$TAP_TMP/pred")
			is "$got" "$val" "$name: bpf_ksym_exists($ext) = $val"
		done < "$TAP_TMP/real.sorted"
		is "$(cut -d' ' -f1 "$TAP_TMP/pred")" "$(cut -d' ' -f1 "$TAP_TMP/real.sorted")" \
			"$name: the same externs on both sides"
	else
		# The extern libbpf names in its failure is one predicted to fail.
		failed=$(sed -n "s/.*extern ([a-z ]*ksym) '\([^']*\)'.*/\1/p" "$TAP_TMP/real")
		fails=$(jq -r '.[0].externs[] | select(.outcome == "fail") | .name' \
			"$TAP_TMP/pred.json")
		if [ -n "$failed" ]; then
			echo "$fails" | grep -qx -- "$failed"
			ok $? "$name: libbpf fails on '$failed', predicted to fail" ||
				diag "real: $(cat "$TAP_TMP/real")" "predicted: $fails"
		else
			# Failed in the verifier: only a kallsyms verdict predicts that.
			grep -q "failed to find the address" "$TAP_TMP/real" "$TAP_TMP/real.err" &&
				jq -e '[.[0].externs[] | select(.reason == "not_in_kallsyms")] | length > 0' \
					"$TAP_TMP/pred.json" > /dev/null
			ok $? "$name: verifier failure predicted from kallsyms" ||
				diag "real: $(cat "$TAP_TMP/real")"
		fi
	fi
done

# Strong externs that fail: each load failure is predicted with a reason.
for name in oracle_strong_missing oracle_strong_incompat; do
	"$BPFTOOL" kfunc resolve "$B/bpf/$name.bpf.o" > "$TAP_TMP/plain" 2>&1
	grep -q "verdict: load fails" "$TAP_TMP/plain"
	ok $? "$name: plain output says the load fails" || diag "$(cat "$TAP_TMP/plain")"
done

done_testing
