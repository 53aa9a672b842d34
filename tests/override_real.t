#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc override on real kernels: Debian 6.12 modules checked against the
# running kernel (whose vmlinux has some of their kfuncs built in), with
# their own base. The names reported must be the intersection computed from
# 'kfunc show' on both sides, and each verdict must agree with a comparison
# of the two prototypes as 'kfunc show' prints them (return and argument
# types, names left out).
. "$(dirname "$0")/lib/tap.sh"

DEB=$CORPUS
[ -n "$DEB" ] || DEB=$(cd "$(dirname "$0")/.." && pwd)/build/corpus/debian-6.12
[ -f "$DEB/vmlinux" ] || bail_out "no Debian 6.12 corpus in $DEB (make -C tests corpus)"
[ -r /sys/kernel/btf/vmlinux ] || bail_out "no running kernel BTF"
D=$TAP_TMP

# Prototype of each kfunc without parameter names: "name|ret|type,type".
norm='.[] | "\(.name)|\(.return)|\([.args[].type] | join(","))"'

"$BPFTOOL" -j kfunc show >"$D/running.json" || bail_out "kfunc show on the running kernel failed"
jq -r "$norm" "$D/running.json" | sort >"$D/running.protos"
cut -d'|' -f1 "$D/running.protos" | sort -u >"$D/running.names"
"$BPFTOOL" -j kfunc show file "$DEB/vmlinux" >"$D/debvm.json" || bail_out "kfunc show on Debian's vmlinux failed"
jq -r '.[].name' "$D/debvm.json" | sort -u >"$D/debvm.names"

total_names=0
total_invalid=0
for mod in tcp_bbr nf_conntrack nf_nat tcp_dctcp xfrm_interface fou nf_flow_table; do
	f=$(find "$DEB/modules" -name "$mod.ko.xz" | head -1)
	if [ -z "$f" ]; then
		ok 1 "$mod: module file in the corpus"
		continue
	fi
	"$BPFTOOL" -j kfunc show file "$DEB/vmlinux" modules "$f" >"$D/mod.json"
	jq -r "map(select(.source == \"$mod\")) | $norm" "$D/mod.json" | sort >"$D/mod.protos"
	cut -d'|' -f1 "$D/mod.protos" | sort -u >"$D/mod.names"
	comm -12 "$D/running.names" "$D/mod.names" >"$D/want.names"

	# Independent verdicts: identical normalized prototypes.
	want=$(while read -r n; do
		a=$(grep "^$n|" "$D/running.protos" | cut -d'|' -f2-)
		b=$(grep "^$n|" "$D/mod.protos" | cut -d'|' -f2-)
		[ "$a" = "$b" ] && echo "$n valid" || echo "$n invalid"
	done <"$D/want.names")
	want_rc=0
	echo "$want" | grep -q ' invalid$' && want_rc=1

	run_cmd "$BPFTOOL" -j kfunc override check "$f" -B "$DEB/vmlinux"
	got=$(jq -r '.overrides[] | "\(.name) \(.providers[-1].verdict)"' "$TAP_OUT")
	is "$(jq -r '.overrides[].name' "$TAP_OUT")" "$(cat "$D/want.names")" \
		"$mod: names reported = running kfuncs ∩ module kfuncs ($(wc -l <"$D/want.names") of $(wc -l <"$D/mod.names"))"
	is "$got" "$want" "$mod: verdicts agree with the prototype comparison"
	is "$TAP_RC $(jq -r '.kfunc_cnt' "$TAP_OUT")" "$want_rc $(wc -l <"$D/mod.names")" \
		"$mod: exit $want_rc, kfunc count as kfunc show finds"
	is "$(jq -r '[.overrides[] | .providers[0].source == "vmlinux" and .bindings.kernel_override.btf_source == "vmlinux" and .bindings.libbpf.shadowed == ["'"$mod"'"]] | all' "$TAP_OUT")" \
		true "$mod: every override replaces a vmlinux kfunc that libbpf keeps binding"
	total_names=$((total_names + $(wc -l <"$D/want.names")))
	total_invalid=$((total_invalid + $(echo "$want" | grep -c ' invalid$')))

	# Against its own kernel: the names it shares with Debian's vmlinux.
	run_cmd "$BPFTOOL" -j kfunc override check "$f" file "$DEB/vmlinux"
	is "$TAP_RC $(jq -r '[.overrides[].name] | join(",")' "$TAP_OUT")" \
		"0 $(comm -12 "$D/debvm.names" "$D/mod.names" | paste -sd,)" \
		"$mod: against Debian's own vmlinux, only names both have"
done
diag "running kernel vs Debian 6.12 modules: $total_names shared kfunc names, $total_invalid with a differing prototype"
ok "$([ "$total_names" -gt 0 ]; echo $?)" "the corpus really has modules whose kfuncs the running vmlinux has ($total_names)"

# Plain output of one real check names the module and every shared kfunc.
f=$(find "$DEB/modules" -name tcp_bbr.ko.xz | head -1)
run_cmd "$BPFTOOL" kfunc override check "$f" -B "$DEB/vmlinux"
is "$(grep -c '^bbr_.*: vmlinux -> tcp_bbr$' "$TAP_OUT")" \
	"$(grep -c '^bbr_' "$D/running.names")" "tcp_bbr plain: one chain per bbr_ kfunc of the running vmlinux"

# A module of this kernel's own base is not split on another one.
err_is 2 "not split on /sys/kernel/btf/vmlinux" "Debian module on the running kernel's base: error" -- \
	"$BPFTOOL" kfunc override check "$f"

# Whole kernels: names several sources provide, computed from kfunc show.
"$BPFTOOL" -j kfunc show file "$DEB/vmlinux" modules "$DEB/modules" >"$D/deball.json"
want=$(jq -r 'group_by(.name)[] | select(length > 1) | .[0].name' "$D/deball.json")
run_cmd "$BPFTOOL" -j kfunc override show file "$DEB/vmlinux" modules "$DEB/modules"
is "$(jq -r '.[].name' "$TAP_OUT")" "$want" \
	"Debian 6.12 with all modules: multi-provider names as kfunc show has them ($(echo -n "$want" | grep -c .))"
is "$TAP_RC" "$([ -z "$want" ] && echo 0 || echo 1)" "Debian 6.12 with all modules: exit status"
diag "Debian 6.12 vmlinux + $(find "$DEB/modules" -name '*.ko*' | wc -l) modules: $(jq length "$TAP_OUT") multi-provider names"

want=$(jq -r 'group_by(.name)[] | select(length > 1) | .[0].name' "$D/running.json")
run_cmd "$BPFTOOL" -j kfunc override show
is "$TAP_RC $(jq -r '.[].name' "$TAP_OUT")" "0 $want" "running kernel: multi-provider names as kfunc show has them"

valgrind_clean "valgrind: real module against the running kernel" -- \
	"$BPFTOOL" kfunc override check "$f" -B "$DEB/vmlinux"

done_testing
