#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show from kernel files against the kernel itself: each corpus
# kernel boots under qemu with its kfunc modules loaded, and what bpftool
# reads live there (/sys/kernel/btf) must equal what it reads here from
# the vmlinux and the same module files, given in load order: every
# kfunc with a decl tag (the live kernel has no .BTF_ids to show others).
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/vm.sh"

D=$TAP_TMP
vm_setup

printf '%s\n' 'uname -r' 'ls /sys/kernel/btf' 'bpftool -j kfunc show' >"$D/cmds"

# fields FILE JQ: one sorted line per kfunc of the show output FILE.
fields() {
	jq -r ".[] | $2" "$1" | LC_ALL=C sort
}

# order FILE: "INDEX SOURCE" of each source, in search order.
order() {
	jq -r '[.[] | "\(.source_index) \(.source)"] | unique | sort_by(split(" ")[0] | tonumber) | .[]' "$1"
}

for k in "${VM_CORPUS[@]}"; do
	kn=${k##*/}
	ver=$(cat "$k/version")

	if ! vm_kfunc_modules "$k"; then
		ok 1 "$kn: the kfunc modules and their files: $VM_WHY"
		continue
	fi
	rels=("${VM_MODULES[@]}")
	diag "$kn: kfunc modules $(paste -sd' ' <<<"$VM_KFUNC_MODULES"), with dependencies ${#rels[@]} files"

	vm_run "vm_show-$kn" "$k" "$D/cmds" "${rels[@]}"
	rc=$?
	diag "$kn: boot ${VM_SECS:-?} s ($VM_ACCEL${VM_ACCEL_WHY:+: $VM_ACCEL_WHY})"
	if ! ok $rc "$kn: boots, runs the commands and powers off"; then
		diag "$VM_WHY; console log $VM_LOG ends:"
		diag "$(vm_tail 30 | sed 's/^/  /')"
		continue
	fi
	is "$(vm_out 1)" "$ver" "$kn: uname -r in the VM is the corpus version $ver"
	is "$(vm_out 0 | awk '$2 != 0' | sed 's/^/insmod /')$(vm_err 0)" "" \
		"$kn: the $(vm_out 0 | wc -l) modules load"
	for rel in "${rels[@]}"; do
		n=${rel##*/}
		n=${n%%.ko*}
		echo "${n//-/_}"
	done | { cat; echo vmlinux; } | LC_ALL=C sort >"$D/$kn.btf.want"
	vm_out 2 | LC_ALL=C sort >"$D/$kn.btf"
	is_file "$D/$kn.btf" "$D/$kn.btf.want" \
		"$kn: /sys/kernel/btf holds vmlinux and the loaded modules, nothing else"

	vm_out 3 >"$D/$kn.live"
	is "$(vm_rc 3):$(vm_err 3)" "0:" "$kn: live kfunc show: exit 0, stderr empty"
	files=()
	for rel in "${rels[@]}"; do
		files+=("$k/modules/$rel")
	done
	run_cmd "$BPFTOOL" -j kfunc show file "$k/vmlinux" modules "${files[@]}"
	jq -e type "$TAP_OUT" >/dev/null 2>&1 || echo '[]' >"$TAP_OUT"
	jq -e type "$D/$kn.live" >/dev/null 2>&1 || echo '[]' >"$D/$kn.live"
	# Kernels of 7.2 flag kfuncs implicit_args with no NAME_impl and no
	# decl tag: only .BTF_ids, which the live kernel does not show, has them.
	broken=$(jq '[.[] | select((.flags // []) | index("implicit_args")) |
		      select(.impl == null)] | length' "$TAP_OUT")
	want=
	[ "$broken" = 0 ] || want="Warning: $broken kfunc$([ "$broken" = 1 ] || echo s) flagged implicit_args without a NAME_impl FUNC in BTF: the verifier rejects every call"
	is "$TAP_RC:$(cat "$TAP_ERR")" "0:$want" \
		"$kn: kfunc show of the files: exit 0, stderr empty but for $broken kfuncs nobody can call"
	jq '[.[] | select(.evidence | index("decl_tag"))]' "$TAP_OUT" >"$D/$kn.files"
	is "$(jq -c '[.[] | select(.evidence | index("decl_tag") | not) |
		      select((.flags | index("implicit_args") | not) or .impl != null) | .name]' "$TAP_OUT")" \
		"[]" "$kn: the files' kfuncs without a decl tag are those nobody can call ($(jq length "$TAP_OUT") in all)"

	fields "$D/$kn.live" '"\(.source) \(.name)"' >"$D/$kn.live.names"
	fields "$D/$kn.files" '"\(.source) \(.name)"' >"$D/$kn.files.names"
	both=$(LC_ALL=C comm -12 "$D/$kn.live.names" "$D/$kn.files.names" | wc -l)
	live_only=$(LC_ALL=C comm -23 "$D/$kn.live.names" "$D/$kn.files.names" | wc -l)
	files_only=$(LC_ALL=C comm -13 "$D/$kn.live.names" "$D/$kn.files.names" | wc -l)
	diag "$kn: $(wc -l <"$D/$kn.live.names") kfuncs live, $(wc -l <"$D/$kn.files.names") from files:" \
		"$both in both, $live_only only live, $files_only only in files"
	is_file "$D/$kn.live.names" "$D/$kn.files.names" \
		"$kn: the same kfunc names from the same sources, live and from files"

	q='"\(.source) \(.name) \(.prototype)"'
	fields "$D/$kn.live" "$q" >"$D/$kn.live.protos"
	fields "$D/$kn.files" "$q" >"$D/$kn.files.protos"
	diff_protos=$(awk 'NR == FNR { k = $1 " " $2; $1 = $2 = ""; p[k] = $0; next }
			   { k = $1 " " $2; $1 = $2 = "" }
			   k in p && p[k] != $0 { n++ } END { print n + 0 }' \
		"$D/$kn.files.protos" "$D/$kn.live.protos")
	diag "$kn: $diff_protos prototypes of kfuncs in both differ"
	is_file "$D/$kn.live.protos" "$D/$kn.files.protos" "$kn: the same prototypes"

	# Not flags, nor what follows from them (impl, callable): the kernel
	# does not show its .BTF_ids.
	q='"\(.source) \(.name) \(.btf_id) \(.fastcall) \([.args[] | .annotation] | map(tostring) | join(","))"'
	fields "$D/$kn.live" "$q" >"$D/$kn.live.btf"
	fields "$D/$kn.files" "$q" >"$D/$kn.files.btf"
	is_file "$D/$kn.live.btf" "$D/$kn.files.btf" \
		"$kn: the same BTF ids, fastcall marks and argument annotations"

	order "$D/$kn.live" >"$D/$kn.live.order"
	order "$D/$kn.files" >"$D/$kn.files.order"
	diag "$kn: search order live: $(awk '{ print $2 }' "$D/$kn.live.order" | paste -sd' ')"
	is_file "$D/$kn.live.order" "$D/$kn.files.order" \
		"$kn: module search order live (BTF object ids) equals the files' (load order)"
	is "$(jq -r '[.[] | [.source_index, .btf_obj_id]] | unique | sort_by(.[0]) | [.[][1]] |
		(. == sort and length == (unique | length))' "$D/$kn.live")" true \
		"$kn: live, BTF object ids grow with the search order"
done

done_testing
