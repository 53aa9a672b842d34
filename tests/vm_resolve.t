#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve on a fleet against the fleet itself: each corpus kernel
# boots under qemu with its kfunc modules loaded; there, `kfunc probe`
# saves which program types may call each kfunc, and kallsyms is saved
# with it; every program of the
# test objects and of the selftests and sched_ext schedulers that
# resolve_real.t built is loaded alone by libbpf (lib/reach_oracle.c).
# Here, `kfunc resolve ... kernels DIR` of the same kernel files with the
# saved probes must predict each program's verdict on each kernel. A load
# that fails for a reason that is not a kfunc or ksym extern (a map, an
# attach target, a CO-RE relocation, how a kfunc is called) is out of
# scope: counted by reason, not compared.
. "$(dirname "$0")/lib/tap.sh"
: "${VM_TIMEOUT:=900}"
: "${VM_REAL_MAX:=30}"
. "$(dirname "$0")/lib/vm.sh"
. "$(dirname "$0")/lib/verdicts.sh"

ORACLE=$B/bin/reach_oracle
D=$TAP_TMP
vm_setup

# The objects, named after where they come from: the test objects, and a
# sample of VM_REAL_MAX of the others (a stride through them), so that the
# boots take minutes, not the quarter of an hour all would under TCG.
mkdir -p "$D/obj"
tests=0
for o in "$B"/bpf/*.bpf.o; do
	[ -f "$o" ] && cp "$o" "$D/obj/test-${o##*/}" && tests=$((tests + 1))
done
real=()
for o in "$B"/real/obj/*.bpf.o; do
	[ -f "$o" ] && real+=("$o")
done
stride=$(( (${#real[@]} + VM_REAL_MAX - 1) / VM_REAL_MAX ))
for ((i = 0; i < ${#real[@]}; i += stride)); do
	cp "${real[i]}" "$D/obj/real-${real[i]##*/}"
done
objs=()
for o in "$D"/obj/*.bpf.o; do
	objs+=("${o##*/}")
done
diag "${#objs[@]} objects: $tests test objects, $((${#objs[@]} - tests)) of the" \
	"${#real[@]} selftests and schedulers resolve_real.t built"
ok "$([ "$tests" -ge 20 ]; echo $?)" "the test objects are built"

{
	echo 'uname -r'
	echo 'bpftool -j kfunc probe'
	echo 'cat /proc/kallsyms'
	for o in "${objs[@]}"; do
		echo "reach_oracle /vm/files/obj/$o"
	done
} >"$D/cmds"
# shellcheck disable=SC2034 # read by lib/vm.sh
VM_BINS=("$ORACLE")
# shellcheck disable=SC2034
VM_FILES=("$D/obj")

# Boot the kernels side by side; the files of each, its saved probe and
# kallsyms make the fleet DIR.
declare -A rels
started=()
for k in "${VM_CORPUS[@]}"; do
	kn=${k##*/}
	if ! vm_kfunc_modules "$k"; then
		ok 1 "$kn: the kfunc modules and their files: $VM_WHY"
		continue
	fi
	rels[$kn]="${VM_MODULES[*]}"
	vm_start "vm_resolve-$kn" "$k" "$D/cmds" "${VM_MODULES[@]}"
	started+=("$k")
done
booted=()
for k in "${started[@]}"; do
	kn=${k##*/}
	vm_wait "vm_resolve-$kn"
	rc=$?
	diag "$kn: boot and ${#objs[@]} objects in ${VM_SECS:-?} s ($VM_ACCEL${VM_ACCEL_WHY:+: $VM_ACCEL_WHY})"
	if ! ok $rc "$kn: boots, loads the objects and powers off"; then
		diag "$VM_WHY; console log $VM_LOG ends:"
		diag "$(vm_tail 30 | sed 's/^/  /')"
		continue
	fi
	read -ra mods <<<"${rels[$kn]}"
	is "$(vm_out 1)" "$(cat "$k/version")" "$kn: uname -r is the corpus version"
	is "$(vm_out 0 | awk '$2 != 0' | sed 's/^/insmod /')$(vm_err 0)" "" \
		"$kn: the ${#mods[@]} modules load"
	f=$D/fleet/$kn
	mkdir -p "$f/modules" "$D/real/$kn"
	ln -s "$k/vmlinux" "$f/vmlinux"
	for rel in "${mods[@]}"; do
		cp "$k/modules/$rel" "$f/modules/"
	done
	vm_out 2 >"$f/kfunc-probe.json"
	jq -e 'length > 0' "$f/kfunc-probe.json" >/dev/null 2>&1
	ok $? "$kn: kfunc probe runs there (exit $(vm_rc 2))" || diag "$(vm_err 2 | head -n 5)"
	vm_out 3 >"$f/kallsyms"
	is "$(vm_rc 3)" 0 "$kn: its kallsyms ($(wc -l <"$f/kallsyms") symbols)"
	i=4
	for o in "${objs[@]}"; do
		vm_out $i >"$D/real/$kn/$o.out"
		vm_err $i >"$D/real/$kn/$o.err"
		vm_rc $i >"$D/real/$kn/$o.rc"
		i=$((i + 1))
	done
	booted+=("$kn")
done
[ ${#booted[@]} -gt 0 ] || { done_testing; exit; }

# All objects at once: each kernel is parsed once. A file per object and
# kernel of the prediction.
"$BPFTOOL" -j kfunc resolve "${objs[@]/#/$D/obj/}" kernels "$D/fleet" >"$D/pred.json" 2>"$D/pred.err"
jq -e type "$D/pred.json" >/dev/null 2>&1 || diag "resolve gave no JSON: $(head -n 3 "$D/pred.err")"
for kn in "${booted[@]}"; do
	mkdir -p "$D/pred/$kn"
done
jq -r '.[] | select(has("kernel")) | "\(.kernel)\t\(.object | split("/")[-1])\t\(tojson)"' \
	"$D/pred.json" | while IFS=$'\t' read -r kn o json; do
		[ -d "$D/pred/$kn" ] && printf '%s\n' "$json" >"$D/pred/$kn/$o"
	done
for o in "${objs[@]}"; do
	for kn in "${booted[@]}"; do
		if [ -s "$D/pred/$kn/$o" ]; then
			compare "$o" "$kn"
		elif [ "$(cat "$D/real/$kn/$o.rc")" = 0 ]; then
			echo "$o: no prediction: $(jq -r --arg o "$D/obj/$o" \
				'.[] | select(.object == $o) | .error' "$D/pred.json")" >>"$D/$kn.bad"
		fi
	done
done

for kn in "${booted[@]}"; do
	verdicts_report "$kn" 50
done

done_testing
