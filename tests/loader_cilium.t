#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve loader cilium against cilium/ebpf itself: a small Go loader
# (tests/cilium/loader.go, built offline with Debian's Go 1.25 and Debian's
# cilium/ebpf 0.22, extracted under build/go by scripts/deps.sh go) loads
# each object on the running kernel; whether it loads, why not, and what
# the program stored from bpf_ksym_exists() must match the prediction.
. "$(dirname "$0")/lib/tap.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
D=$TAP_TMP
LOADER=$B/go/loader

# The toolchain is part of the test: without it the test fails, loudly.
root=$("$HERE/../scripts/deps.sh" go 2>"$D/deps.err")
ok $? "Go 1.25 and cilium/ebpf 0.22 at hand (scripts/deps.sh go)" ||
	{ sed 's/^/#   /' "$D/deps.err"; done_testing; exit; }
is "$(sed -n 's/^module //p' "$root/usr/share/gocode/src/github.com/cilium/ebpf/go.mod")" \
	github.com/cilium/ebpf "cilium/ebpf source extracted"
zcat "$root/usr/share/doc/golang-github-cilium-ebpf-dev/changelog.Debian.gz" |
	head -1 | grep -q '(0\.22\.'
ok $? "it is cilium/ebpf 0.22, the version the rules were read from"

mkdir -p "$B/go"
GO111MODULE=off GOPATH="$B/go/gopath:$root/usr/share/gocode" GOTOOLCHAIN=local \
	GOROOT="$root/usr/lib/go-1.25" GOCACHE="$B/go/cache" \
	"$root/usr/lib/go-1.25/bin/go" build -o "$LOADER" "$HERE/cilium/loader.go" \
	>"$D/go.err" 2>&1
ok $? "the cilium/ebpf loader builds offline" ||
	{ sed 's/^/#   /' "$D/go.err" | head -20; done_testing; exit; }

# the loader_* objects, then objects with typed ksyms and strong externs
for name in loader_exists loader_proto loader_calls loader_ksyms skel_guards \
	    oracle_var_typed skel_plain policy reach_guards; do
	obj=$B/bpf/$name.bpf.o
	run_cmd "$BPFTOOL" -j kfunc resolve "$obj" loader cilium
	cp "$TAP_OUT" "$D/$name.json"
	pred=$(jq -r '.[0].loads' "$D/$name.json")
	run_cmd "$LOADER" "$obj"
	ok "$TAP_RC" "$name: cilium/ebpf's loader runs" || sed 's/^/#   /' "$TAP_ERR"
	cp "$TAP_OUT" "$D/$name.out"
	grep -qx 'load 0' "$D/$name.out" && real=true || real=false
	is "$real" "$pred" "$name: cilium/ebpf loads it: $real, as predicted" ||
		sed 's/^/#   /' "$D/$name.out"
	if [ "$real" = false ]; then
		err=$(sed -n 's/^load error: //p' "$D/$name.out")
		# the extern the prediction fails, or the verifier's words at the site
		fails=$(jq -r '.[0].externs[] | select(.outcome == "fail") | .name' \
			"$D/$name.json")
		site=$(jq -r '.[0].programs[].sites[] | select(.kind == "call") | .verifier' \
			"$D/$name.json" | head -1)
		hit=1
		for x in $fails; do
			[[ $err == *"kfunc \"$x\""* || $err == *"expected $x to be *Void"* ||
			   $err == *"missing symbol: $x"* ]] && hit=0
		done
		[ -z "$fails" ] && [ -n "$site" ] && [[ $err == *"$site"* ]] && hit=0
		ok $hit "$name: cilium/ebpf's error names what the prediction says" ||
			diag "error: $err; predicted: ${fails:-$site}"
		continue
	fi
	is "$(grep -c '^run 0$' "$D/$name.out")" 1 "$name: its oracle program runs"
	n=0
	while read -r _ var value; do
		ext=${var#g_}
		want=$(jq -r --arg e "$ext" \
			'.[0].externs[] | select(.name == $e) | if .exists then 1 else 0 end' \
			"$D/$name.json")
		is "$value" "$want" "$name: $ext: bpf_ksym_exists() = $value under cilium/ebpf"
		n=$((n + 1))
	done < <(grep '^var ' "$D/$name.out")
	[ "$n" -gt 0 ]
	ok $? "$name: $n externs compared"
done

# cilium/ebpf refuses what libbpf accepts: a typed ksym, even weak ...
is "$(jq -r '.[0].externs[] | "\(.name) \(.outcome) \(.reason)"' "$D/skel_plain.json")" \
"bpf_prog_active fail unsupported
bpf_prog_fops fail unsupported" "skel_plain: ksyms of a type other than void (const void too) fail"
# ... an incompatible weak kfunc
is "$(jq -r '.[0].externs[] | "\(.name) \(.outcome) \(.reason)"' "$D/loader_proto.json")" \
"bpf_task_release fail incompatible
bpf_rcu_read_lock fail incompatible" "loader_proto: incompatible weak externs fail under cilium/ebpf"

done_testing
