#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc probe on the running kernel: the matrix of every kfunc and program
# type, against a second route to the truth, real programs (bpf/
# probe_types.bpf.c) that call a kfunc with arguments of the right types,
# each loaded alone by libbpf (lib/reach_oracle.c): the verifier's verdict
# on them must be what the probe said. The traps other probes fell in: XDP
# metadata kfuncs outside device-bound XDP, sleepable kfuncs in programs
# that are not sleepable, struct_ops kfuncs elsewhere. kfunc resolve and
# show with the probe's answers, against the same loads. No program may
# stay in the kernel.
. "$(dirname "$0")/lib/tap.sh"

OBJ=$B/bpf/probe_types.bpf.o
ORACLE=$B/bin/reach_oracle
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
D=$TAP_TMP

[ "$(id -u)" = 0 ] || skip_all "loading programs needs root"
[ -r /sys/kernel/btf/vmlinux ] || skip_all "no kernel BTF"
[ -f "$OBJ" ] && [ -x "$ORACLE" ] || bail_out "$OBJ or $ORACLE missing (make -C tests all)"

prog_ids() {
	"$BPFTOOL" -j prog show | jq -r '.[].id' | sort -n
}
prog_ids >"$D/ids.before"

# The whole matrix, timed.
start=$(date +%s.%N)
run_cmd "$BPFTOOL" -j kfunc probe
end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')
cp "$TAP_OUT" "$D/all.json"
ok "$([ "$TAP_RC" = 0 ] && jq -e '(.kfuncs | type == "array" and length > 0) and (.probed | length > 0) and (.kernel.vmlinux_btf_fnv1a | length == 16)' "$D/all.json" >/dev/null; echo $?)" \
	"the whole matrix: exit 0, the kfuncs, the program types probed, the kernel build"
"$BPFTOOL" -j kfunc show | jq -r '.[] | "\(.source) \(.name) \(.btf_id)"' | sort >"$D/show.list"
jq -r '.kfuncs[] | "\(.source) \(.name) \(.btf_id)"' "$D/all.json" | sort >"$D/probe.list"
is_file "$D/probe.list" "$D/show.list" "every kfunc show lists is probed, once"
ok "$(awk -v s="$secs" 'BEGIN { exit !(s < 10) }'; echo $?)" \
	"the whole matrix in seconds: ${secs}s, $(wc -l <"$D/probe.list") kfuncs"
ok "$(jq -e 'all(.kfuncs[]; all(.unknown[]; .message != ""))' "$D/all.json" >/dev/null; echo $?)" \
	"every unknown answer carries the verifier's words"
diag "unknown answers: $(jq '[.kfuncs[].unknown[]] | length' "$D/all.json")"
run_cmd "$BPFTOOL" kfunc probe
is "$TAP_RC:$(grep -c '^[0-9]*: ' "$TAP_OUT"):$(grep -c '^	prog_types ' "$TAP_OUT")" \
	"0:$(wc -l <"$D/probe.list"):$(wc -l <"$D/probe.list")" "plain: a line of program types per kfunc"
is "$(grep -c 'loads no program of type' "$TAP_ERR")" "$(grep -c . "$TAP_ERR")" \
	"the program types the kernel does not load: in one warning line at most"
diag "$(cat "$TAP_ERR")"

# probe_of KFUNC TARGET: the condition under which a TARGET program may
# call KFUNC ("null": always, "sleepable", "dev_bound", ...), or "refused".
# A struct_ops TARGET is "struct_ops:TYPE.MEMBER".
probe_of() {
	local t=$2 m=

	case $t in struct_ops:*)
		m=${t#*.}
		t=${t%%.*}
		t="struct_ops ${t#struct_ops:}" ;;
	esac
	jq -r --arg k "$1" --arg t "$t" --arg m "$m" '
		[.kfuncs[] | select(.name == $k) | .prog_types[] |
		 select(.target == $t and ($m == "" or .member == null or .member == $m)) | .condition] |
		if length == 0 then "refused" else (.[0] // "null") end' "$D/all.json"
}

# The real loads.
"$ORACLE" "$OBJ" >"$D/oracle.out" 2>"$D/oracle.err"
real_of() {
	awk -v p="$1" '$1 == p { print $2 }' "$D/oracle.out"
}
reason_of() {
	grep "^$1: " "$D/oracle.err" | grep -v ': libbpf: ' | head -1 | sed "s/^$1: //"
}

# PROGRAM TARGET KFUNC SLEEPABLE: each program of probe_types.bpf.c, the
# program type its section gives, the kfunc it calls.
while read -r prog target kfunc sleepable; do
	cond=$(probe_of "$kfunc" "$target")
	real=$(real_of "$prog")
	why=$(reason_of "$prog")
	case $cond in
	null)
		want=loads
		wantwhy= ;;
	sleepable)
		if [ "$sleepable" = 1 ]; then
			want=loads
			wantwhy=
		else
			want=fails
			wantwhy="program must be sleepable to call sleepable kfunc $kfunc"
		fi ;;
	dev_bound)
		want=fails
		wantwhy="metadata kfuncs require device-bound program" ;;
	refused)
		want=fails
		wantwhy="calling kernel function $kfunc is not allowed"
		# The verifier's first check that fails: for a struct_ops
		# member that may not sleep, the sleepable kfunc's.
		case $why in "metadata kfuncs require device-bound program" | \
			"program must be sleepable to call sleepable kfunc $kfunc")
			wantwhy=$why ;;
		esac ;;
	*)
		want="?"
		wantwhy="?" ;;
	esac
	ok "$([ "$real" = "$want" ] && [ "$why" = "$wantwhy" ]; echo $?)" \
		"$prog ($target) calls $kfunc: probe says '$cond', the real load $real${why:+: $why}"
done <<'EOF'
sock_task socket bpf_task_from_pid 0
tc_task tc bpf_task_from_pid 0
tc_reno tc tcp_reno_cong_avoid 0
iter_copy iter bpf_copy_from_user_str 0
iter_copy_s iter bpf_copy_from_user_str 1
xdp_meta xdp bpf_xdp_metadata_rx_timestamp 0
kprobe_meta kprobe bpf_xdp_metadata_rx_timestamp 0
dummy_task struct_ops:bpf_dummy_ops.test_1 bpf_task_from_pid 0
dummy_copy_s struct_ops:bpf_dummy_ops.test_sleepable bpf_copy_from_user_str 1
dummy_copy struct_ops:bpf_dummy_ops.test_1 bpf_copy_from_user_str 0
ca_reno struct_ops:tcp_congestion_ops.cong_avoid tcp_reno_cong_avoid 0
ca_meta struct_ops:tcp_congestion_ops.cong_avoid bpf_xdp_metadata_rx_timestamp 0
EOF

# The traps, over the whole matrix.
is "$(jq -c '[.kfuncs[] | select(.name | startswith("bpf_xdp_metadata_")) | .prog_types[] |
	"\(.prog_type)/\(.condition)"] | unique' "$D/all.json")" '["xdp/dev_bound"]' \
	"XDP metadata kfuncs: XDP programs only, device-bound only"
is "$(jq -c '[.kfuncs[] | select(.name == "bpf_copy_from_user_str" or .name == "bpf_get_file_xattr") |
	.prog_types[] | select(.condition == null) | .prog_type] | unique' "$D/all.json")" \
	"$(jq -c 'if any(.kfuncs[]; any(.prog_types[]; .target == "syscall")) then ["syscall"] else [] end' "$D/all.json")" \
	"sleepable kfuncs: unconditionally only where every program is sleepable (syscall)"
n=$(jq '[.kfuncs[] | select(.name == "bpf_copy_from_user_str") | .prog_types[] | select(.condition == "sleepable")] | length' "$D/all.json")
ok "$([ "$n" -gt 0 ]; echo $?)" "  and under the condition 'sleepable' in $n program types"
if jq -e 'any(.kfuncs[]; .name == "tcp_reno_cong_avoid")' "$D/all.json" >/dev/null; then
	is "$(jq -c '[.kfuncs[] | select(.name == "tcp_reno_cong_avoid") | .prog_types[].prog_type] | unique' "$D/all.json")" \
		'["struct_ops"]' "tcp_congestion_ops kfuncs: struct_ops programs only"
fi
st=$(jq -r '[.kfuncs[] | .prog_types[] | select(.prog_type == "struct_ops") | .target] | unique | join(" ")' "$D/all.json")
diag "struct_ops types probed: $st"

# prog_type: what show and probe list for one type, and the real loads.
for t in socket tc xdp; do
	run_cmd "$BPFTOOL" -j kfunc probe prog_type "$t"
	p=$(jq -r '.kfuncs[].name' "$TAP_OUT" | sort)
	q=$(jq -r --arg t "$t" '.kfuncs[] | select(any(.prog_types[]; .target == $t)) | .name' "$D/all.json" | sort)
	pc=$(jq -c '[.kfuncs[] | {name, prog_types}] | sort_by(.name)' "$TAP_OUT")
	run_cmd "$BPFTOOL" -j kfunc show prog_type "$t"
	s=$(jq -r '.[].name' "$TAP_OUT" | sort)
	ok "$([ "$p" = "$q" ] && [ "$s" = "$q" ] && [ -n "$q" ]; echo $?)" \
		"prog_type $t: probe and show list the $(wc -l <<<"$q") kfuncs the matrix allows"
	is "$(jq -c '[.[] | {name, prog_types}] | sort_by(.name)' "$TAP_OUT")" "$pc" \
		"prog_type $t: show gives each kfunc's types with the probe's conditions"
done
run_cmd "$BPFTOOL" kfunc show prog_type xdp name bpf_xdp_metadata_rx_hash
is "$TAP_RC:$(grep -c '^	prog_types xdp(dev_bound)$' "$TAP_OUT")" "0:1" \
	"show prog_type xdp: bpf_xdp_metadata_rx_hash, with the dev_bound condition (plain)"
run_cmd "$BPFTOOL" kfunc show prog_type socket name bpf_task_from_pid
is "$TAP_RC:$(wc -c <"$TAP_OUT")" "0:0" "show prog_type socket: no bpf_task_from_pid (sock_task fails to load)"
run_cmd "$BPFTOOL" kfunc show prog_type tc name bpf_task_from_pid
is "$TAP_RC:$(grep -c '^[0-9]*: bpf_task_from_pid ' "$TAP_OUT")" "0:1" "show prog_type tc: bpf_task_from_pid (tc_task loads)"

# resolve with the probe's answers: the real loads, program by program.
run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" kernel probe
jq -r '.[0].programs[] | "\(.name) \(if .loads then "loads" else "fails" end)"' "$TAP_OUT" |
	sort >"$D/resolve.out"
grep -v '^object ' "$D/oracle.out" | sort >"$D/real.out"
is_file "$D/resolve.out" "$D/real.out" "resolve ... kernel probe: each program's verdict is the real load's"
is "$TAP_RC:$(jq -r '.[0].prog_types_probed' "$TAP_OUT")" "1:true" "  exit 1 (a program fails), prog_types_probed"
is "$(jq -r '.[0].programs[] | select(.name == "sock_task") | .sites[0] | "\(.kind) \(.reason) \(.message)"' "$TAP_OUT")" \
	"prog_type not_allowed not allowed for socket_filter programs" "  the site names the program type"
# The kernel's first reason: a metadata kfunc outside device-bound XDP.
is "$(jq -r '.[0].programs[] | select(.sites[0].reason == "dev_bound") | .name' "$TAP_OUT" | sort)" \
	"$(grep -v ': libbpf: ' "$D/oracle.err" |
	   sed -n 's/^\([a-z_]*\): metadata kfuncs require device-bound program$/\1/p' | sort -u)" \
	"  reason dev_bound for exactly the programs the verifier says need device binding"
is "$(jq -c '[.[0].programs[] | select(.struct_ops) | [.name, .struct_ops.type, .struct_ops.member, .prog_type_checked]]' "$TAP_OUT")" \
	'[["dummy_task","bpf_dummy_ops","test_1",true],["dummy_copy","bpf_dummy_ops","test_1",true],["dummy_copy_s","bpf_dummy_ops","test_sleepable",true],["ca_reno","tcp_congestion_ops","cong_avoid",true],["ca_meta","tcp_congestion_ops","cong_avoid",true]]' \
	"  struct_ops programs: the struct type and member of the map that points to each, checked"
is "$(jq -r '[.[0].programs[] | select(.struct_ops == null) | .name] | join(" ")' "$TAP_OUT")" \
	"sock_task tc_task tc_reno iter_copy iter_copy_s xdp_meta kprobe_meta" "  the other programs: struct_ops null"
# A struct type of the object's own with a flavor, a .struct_ops.link map,
# a program two maps point to, one that none does.
ST=$B/bpf/st_ops.bpf.o
run_cmd "$BPFTOOL" -j kfunc resolve "$ST" kernel probe
is "$TAP_RC:$(jq -c '[.[0].programs[] | [.name, .struct_ops.type, .struct_ops.member, .loads, .prog_type_checked]]' "$TAP_OUT")" \
	'1:[["ca_ssthresh","tcp_congestion_ops___local","ssthresh",true,true],["ca_cong_avoid","tcp_congestion_ops___local","cong_avoid",true,true],["ca_unused",null,null,false,true]]' \
	"struct_ops: a flavored type probed as the kernel's, the first map's member, null without a map, which libbpf refuses"
is "$(jq -r '.[0].programs[] | select(.name == "ca_unused") | .sites[] | "\(.kind) \(.reason)"' "$TAP_OUT")" \
	"struct_ops struct_ops_unused" "  its site says why"
"$ORACLE" "$ST" >"$D/st.out" 2>/dev/null
is "$(grep -E '^(ca_|object )' "$D/st.out" | tr '\n' ' ')" \
	"ca_ssthresh loads ca_cong_avoid loads ca_unused fails object fails " \
	"  for real: the programs the maps point to load, the other and so the object fail"
run_cmd "$BPFTOOL" kfunc resolve "$OBJ" kernel probe
ok "$(grep -q "program sock_task (socket): fails" "$TAP_OUT" &&
      grep -q "program ca_meta (struct_ops/cong_avoid, tcp_congestion_ops.cong_avoid): fails" "$TAP_OUT" &&
      grep -q "calls bpf_xdp_metadata_rx_timestamp: metadata kfuncs require device-bound program, and only XDP programs are device-bound" "$TAP_OUT" &&
      grep -q "socket insn [0-9]*: calls bpf_task_from_pid: not allowed for socket_filter programs" "$TAP_OUT" &&
      grep -q "calls bpf_copy_from_user_str: only sleepable programs may call it" "$TAP_OUT"; echo $?)" \
	"  plain: the program, the call, the verifier's reason"
run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ"
is "$TAP_RC:$(jq -c '[.[0].prog_types_probed, ([.[0].programs[].prog_type_checked] | unique)]' "$TAP_OUT")" \
	"3:[false,[false]]" "resolve without a probe: loads on bound externs, program types not checked, exit 3"
run_cmd "$BPFTOOL" kfunc resolve "$OBJ"
is "$(grep -c ', program type not checked: program types not probed (kernel probe)$' "$TAP_OUT")" "$(wc -l <"$D/real.out")" \
	"  plain: each program says so"

# A saved probe, read back for an offline kernel of the same build: the
# running kernel's BTF as a file, and as a "kernels DIR" entry.
VMB=/sys/kernel/btf/vmlinux
run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" file "$VMB" probe "$D/all.json"
jq -r '.[0].programs[] | "\(.name) \(if .loads then "loads" else "fails" end)"' "$TAP_OUT" |
	sort >"$D/saved.out"
is_file "$D/saved.out" "$D/real.out" "resolve ... file VMLINUX probe FILE: each program's verdict is the real load's"
is "$TAP_RC:$(jq -r '.[0].prog_types_probed' "$TAP_OUT")" "1:true" "  exit 1, prog_types_probed"
mkdir -p "$D/fleet/same" "$D/fleet/unprobed"
ln -s "$VMB" "$D/fleet/same/vmlinux"
ln -s "$VMB" "$D/fleet/unprobed/vmlinux"
cp "$D/all.json" "$D/fleet/same/kfunc-probe.json"
run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" kernels "$D/fleet"
is "$TAP_RC:$(jq -c '[.[] | [.kernel, .prog_types_probed, .loads]]' "$TAP_OUT")" \
	'1:[["same",true,false],["unprobed",false,true]]' \
	"kernels DIR: the kernel with a kfunc-probe.json is checked, the other is not"
for t in socket tc; do
	run_cmd "$BPFTOOL" -j kfunc show prog_type "$t" file "$VMB" probe "$D/all.json"
	s=$(jq -r '.[].name' "$TAP_OUT" | sort)
	q=$(jq -r --arg t "$t" '.kfuncs[] | select(any(.prog_types[]; .target == $t)) | .name' "$D/all.json" | sort)
	ok "$([ "$TAP_RC" = 0 ] && [ "$s" = "$q" ]; echo $?)" "show prog_type $t file VMLINUX probe FILE: the live answers"
done
"$BPFTOOL" -j kfunc probe prog_type tc name 'bpf_task_*' >"$D/part.json"
run_cmd "$BPFTOOL" kfunc show prog_type tc file "$VMB" probe "$D/part.json"
n=$(jq '.kfuncs | length' "$D/part.json")
is "$TAP_RC:$(grep -c '^[0-9]*: ' "$TAP_OUT"):$(grep -c 'not in .*part.json: not listed' "$TAP_ERR")" "0:$n:1" \
	"a partial saved probe: what it has, and a warning for the rest"
err_is 2 "no program type 'xdp' was probed" "  a program type it has not: refused" -- \
	"$BPFTOOL" kfunc show prog_type xdp file "$VMB" probe "$D/part.json"
if [ -f "$CORPUS7/vmlinux" ]; then
	err_is 2 "probed on another kernel build" "a saved probe on another kernel build: refused" -- \
		"$BPFTOOL" kfunc resolve "$OBJ" file "$CORPUS7/vmlinux" probe "$D/all.json"
fi
valgrind_clean "resolve ... probe FILE: no leak" -- \
	"$BPFTOOL" kfunc resolve "$OBJ" file "$VMB" probe "$D/all.json"

# Saved probes that are not: one Error line each, exit 2.
bad() {
	printf '%s' "$2" >"$D/bad.json"
	err_is 2 "$3" "bad saved probe: $1" -- "$BPFTOOL" kfunc resolve "$OBJ" file "$VMB" probe "$D/bad.json"
}
good=$(jq -c '{kernel, probed, kfuncs: .kfuncs[0:1]}' "$D/all.json")
bad "not JSON" '{"kernel":' "invalid JSON at byte 10: unexpected end"
bad "trailing data" "$good x" "trailing data"
bad "nested too deep" "$(printf '[%.0s' $(seq 40))" "nested too deep"
bad "no kernel" '{"probed":[],"kfuncs":[]}' "not a saved kfunc probe: no kernel"
bad "a bad hash" "$(jq -c '.kernel.vmlinux_btf_fnv1a = "xyz"' <<<"$good")" "a bad vmlinux_btf_fnv1a"
bad "an unknown program type" "$(jq -c '.probed += [{target: "nosuch", member: null}]' <<<"$good")" \
	"program type 'nosuch' unknown"
bad "an unknown condition" "$(jq -c '.kfuncs[0].prog_types = [{target: "tc", member: null, condition: "maybe"}]' <<<"$good")" \
	"an unknown condition"
bad "an answer for a type not probed" "$(jq -c '.probed = [] | .kfuncs[0].prog_types = [{target: "tc", member: null, condition: null}]' <<<"$good")" \
	"answered for a program type not probed"
bad "a kfunc without btf_id" "$(jq -c 'del(.kfuncs[0].btf_id)' <<<"$good")" "a kfunc without"
bad "a bad string" '{"kernel":"\x"}' "bad string"
err_is 2 "No such file" "a saved probe that does not exist" -- \
	"$BPFTOOL" kfunc resolve "$OBJ" file "$VMB" probe "$D/nosuch.json"
err_is 2 "'probe FILE' is for 'prog_type'" "show ... probe FILE without prog_type: refused" -- \
	"$BPFTOOL" kfunc show file "$VMB" probe "$D/all.json"
valgrind_clean "a bad saved probe: no leak" -- \
	"$BPFTOOL" kfunc resolve "$OBJ" file "$VMB" probe "$D/bad.json"

# Errors.
err_is 2 "'nosuch': no such program type" "probe prog_type nosuch: one Error line" -- \
	"$BPFTOOL" kfunc probe prog_type nosuch
run_cmd "$BPFTOOL" -j kfunc probe prog_type nosuch
ok "$([ "$TAP_RC" = 2 ] && jq -e '.error' "$TAP_OUT" >/dev/null && [ ! -s "$TAP_ERR" ]; echo $?)" \
	"  -j: a JSON error object, exit 2"
err_is 2 "what is 'bogus'?" "probe bogus: one Error line" -- "$BPFTOOL" kfunc probe bogus
err_is 2 "'prog_type' probes the running kernel" "show prog_type with a file SOURCE and no saved probe: refused" -- \
	"$BPFTOOL" kfunc show prog_type xdp file /sys/kernel/btf/vmlinux
err_is 2 "probing kfuncs loads BPF programs" "probe as nobody: says it needs the privilege" -- \
	"${NOBODY[@]}" "$BPFTOOL" kfunc probe name bpf_task_from_pid
err_is 2 "probing kfuncs loads BPF programs" "resolve ... kernel probe as nobody: the same" -- \
	"${NOBODY[@]}" "$BPFTOOL" kfunc resolve "$OBJ" kernel probe
valgrind_clean "probe prog_type tc: no leak" -- "$BPFTOOL" kfunc probe prog_type tc
valgrind_clean "resolve ... kernel probe: no leak" -- "$BPFTOOL" kfunc resolve "$OBJ" kernel probe

# Nothing stays in the kernel.
prog_ids >"$D/ids.after"
is_file "$D/ids.after" "$D/ids.before" "no BPF program left behind (bpftool prog show ids)"

done_testing
