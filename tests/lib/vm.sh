# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# shellcheck shell=bash disable=SC2034 # VM_* are read by the tests
# Boot a test kernel under qemu on an initramfs that holds busybox, the
# bpftool under test with its shared libraries, and some of the kernel's
# modules; run commands in it and read their output back from the serial
# console. For tests that source it after lib/tap.sh:
#
#	vm_need				the host tools are there (else VM_WHY)
#	vm_setup			VM_CORPUS: the corpus kernels (with a
#					vmlinux, modules, config and a version), else
#					bail out; the host tools, else a
#					failed test and exit
#	vm_kernel CORPUS_DIR		VM_KERNEL: its vmlinuz, extracted
#					from its package in build/debs
#	vm_modules CORPUS_DIR NAME...	VM_MODULES: module files (relative
#					to CORPUS_DIR/modules) of the NAMEs
#					and their dependencies, in load order
#	vm_kfunc_modules CORPUS_DIR	VM_MODULES of the modules that have
#					kfuncs (VM_KFUNC_MODULES: their
#					names), in reverse name order
#	vm_run NAME CORPUS_DIR CMDS REL...	boot: load the modules REL in
#					order, run each line of the file CMDS
#					with sh -c, power off
#	vm_start NAME CORPUS_DIR CMDS REL...	vm_run in the background (one
#					host CPU each: boot kernels side by
#					side)
#	vm_wait NAME			its end: the status and VM_* of vm_run
#	vm_out I, vm_err I, vm_rc I	stdout, stderr, exit status of command
#					I (from 1); command 0 is the loading,
#					a "REL STATUS" line per module
#	vm_tail [N]			the last N lines of the console log
#
# VM_BINS (programs, with their shared libraries, into /bin) and VM_FILES
# (files or directories, into /vm/files) add to the initramfs. A guest has
# one CPU: under TCG with two, Debian's 7.3 kernel sometimes dies at boot
# on an int3 of its own text patching.
#
# vm_need, vm_kernel, vm_modules and vm_run return non-zero with the reason
# in VM_WHY. After vm_run: VM_LOG (the console log), VM_SECS (wall time of
# the boot), VM_ACCEL (kvm or tcg: KVM when a quick boot under it works,
# decided once, and given up when it fails later), VM_ACCEL_WHY (why not
# KVM). VM_ACCEL=kvm or tcg in the environment skips the probe.
#
# The guest: console on ttyS0, results between markers carrying a token
# of this boot, each stream gzipped and in base64 with its size. The
# kernel's messages go to the console until /init silences them, so that a
# boot that fails says why. No modprobe: nothing loads that the test did
# not ask for. Everything lives under VM_DIR: VERSION/ (vmlinuz,
# decompressed modules), NAME/ (the initramfs, console and qemu logs,
# results).

VM_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${VM_DIR:=$VM_TOP/build/vm}"
: "${VM_DEBS:=$VM_TOP/build/debs}"
: "${VM_TIMEOUT:=120}"
: "${VM_KVM_TIMEOUT:=5}"
: "${VM_MEM:=1G}"
: "${VM_QEMU:=qemu-system-x86_64}"
VM_WHY=
VM_KERNEL=
VM_MODULES=()
VM_CORPUS=()
VM_KFUNC_MODULES=
VM_BINS=()
VM_FILES=()
VM_LOG=
VM_SECS=
VM_ACCEL=${VM_ACCEL:-}
VM_ACCEL_WHY=
VM_RES=
declare -A VM_PIDS=()

vm_need() {
	local t

	for t in "$VM_QEMU" busybox cpio objcopy timeout dpkg-deb ldd; do
		command -v "$t" >/dev/null && continue
		VM_WHY="$t not found (scripts/deps.sh test installs qemu-system-x86, busybox-static and cpio)"
		return 1
	done
	if ldd "$(command -v busybox)" >/dev/null 2>&1; then
		VM_WHY="busybox is not static (install busybox-static)"
		return 1
	fi
	return 0
}

vm_setup() {
	local k

	VM_CORPUS=()
	for k in "$VM_TOP"/build/corpus/debian-*; do
		[ -f "$k/vmlinux" ] && [ -d "$k/modules" ] && [ -f "$k/config" ] &&
			[ -f "$k/version" ] && VM_CORPUS+=("$k")
	done
	[ ${#VM_CORPUS[@]} -gt 0 ] || bail_out "no corpus kernel in $VM_TOP/build/corpus (make corpus)"
	vm_need && return 0
	ok 1 "the VM tools are there: $VM_WHY"
	done_testing
	exit
}

# _vm_vmlinuz VERSION OUT: the vmlinuz of a package in VM_DEBS into OUT.
_vm_vmlinuz() {
	local deb member

	for deb in "$VM_DEBS/"*"$1"*.deb; do
		[ -f "$deb" ] || continue
		member=$(dpkg-deb -c "$deb" | awk '$6 ~ /\/vmlinuz[^\/]*$/ { print $6; exit }')
		[ -n "$member" ] || continue
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "$member" >"$2.tmp" &&
			mv "$2.tmp" "$2" && return 0
	done
	rm -f "$2.tmp"
	return 1
}

# vm_kernel CORPUS_DIR: the vmlinuz of that kernel release, from its
# package, kept in build/debs by fetch-corpus.sh (fetched again if gone).
vm_kernel() {
	local k=$1 ver out p

	VM_KERNEL=
	ver=$(cat "$k/version" 2>/dev/null) || { VM_WHY="no $k/version"; return 1; }
	out=$VM_DIR/$ver/vmlinuz
	mkdir -p "$VM_DIR/$ver"
	if [ ! -s "$out" ] && ! _vm_vmlinuz "$ver" "$out"; then
		for p in "linux-image-$ver-unsigned" "linux-binary-unsigned-$ver"; do
			"$VM_TOP/scripts/apt-private.sh" "$VM_TOP/build/apt" --has "$p" 2>/dev/null &&
				"$VM_TOP/scripts/apt-private.sh" "$VM_TOP/build/apt" "$VM_DEBS" "$p" >/dev/null 2>&1 &&
				_vm_vmlinuz "$ver" "$out" && break
		done
	fi
	if [ ! -s "$out" ]; then
		VM_WHY="no package with a vmlinuz of $ver in $VM_DEBS, none to fetch"
		return 1
	fi
	VM_KERNEL=$out
}

# _vm_ko CORPUS_DIR REL: the module REL decompressed, in the cache.
_vm_ko() {
	local k=$1 rel=$2 ver out

	ver=$(cat "$k/version")
	out=$VM_DIR/$ver/ko/${rel%.ko*}.ko
	[ -s "$out" ] && { echo "$out"; return 0; }
	mkdir -p "$(dirname "$out")"
	case $rel in
	*.ko.xz)	xz -dc "$k/modules/$rel";;
	*.ko.zst)	zstd -qdc "$k/modules/$rel";;
	*.ko.gz)	gzip -dc "$k/modules/$rel";;
	*)		cat "$k/modules/$rel";;
	esac >"$out.tmp" && mv "$out.tmp" "$out" && echo "$out"
}

# _vm_depends KO: the modules KO depends on, from its .modinfo.
_vm_depends() {
	local mi=$TAP_TMP/.modinfo

	objcopy -O binary -j .modinfo "$1" "$mi" || return 1
	tr '\0' '\n' <"$mi" | sed -n 's/^depends=//p' | tr ',' '\n' | sed '/^$/d'
}

vm_modules() {
	local k=$1 f n
	local -A vm_path=() vm_seen=()

	shift
	VM_MODULES=()
	while read -r f; do
		n=${f##*/}
		n=${n%%.ko*}
		vm_path[${n//-/_}]=${f#"$k/modules/"}
	done < <(find "$k/modules" -name '*.ko*' | LC_ALL=C sort)
	for n in "$@"; do
		_vm_visit "$k" "${n//-/_}" || return 1
	done
}

# Reverse name order loads each module after its dependencies, so that
# the search order by load is not name order.
vm_kfunc_modules() {
	local k=$1 err=$TAP_TMP/.vm_kfunc_modules

	VM_KFUNC_MODULES=$("$BPFTOOL" -j kfunc show file "$k/vmlinux" modules "$k/modules" 2>"$err" |
		jq -r '[.[] | .source | select(. != "vmlinux")] | unique | reverse | .[]')
	if [ -z "$VM_KFUNC_MODULES" ]; then
		VM_WHY="kfunc show of $k names no kfunc module: $(head -n 1 "$err")"
		return 1
	fi
	# shellcheck disable=SC2086 # module names are words
	vm_modules "$k" $VM_KFUNC_MODULES
}

# _vm_visit CORPUS_DIR NAME: add NAME's dependencies, then NAME, each
# once, to VM_MODULES (vm_path and vm_seen are vm_modules' arrays).
_vm_visit() {
	local k=$1 n=$2 ko d

	[ -n "${vm_seen[$n]:-}" ] && return 0
	vm_seen[$n]=1
	[ -n "${vm_path[$n]:-}" ] || { VM_WHY="no module $n in $k/modules"; return 1; }
	ko=$(_vm_ko "$k" "${vm_path[$n]}") || { VM_WHY="cannot decompress ${vm_path[$n]}"; return 1; }
	for d in $(_vm_depends "$ko"); do
		_vm_visit "$k" "${d//-/_}" || return 1
	done
	VM_MODULES+=("${vm_path[$n]}")
}

# The guest's /init: TOKEN marks this boot's results.
_vm_init() {
	cat <<EOF
#!/bin/sh
export PATH=/bin
t=$1
EOF
	cat <<'EOF'
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp
if grep -qw vmprobe /proc/cmdline; then
	echo "@@vm $t probe@@"
	poweroff -f
fi
dmesg -n 1
# put I STREAM FILE
put() {
	echo "@@vm $t begin $1 $2@@"
	gzip -c "$3" | base64
	echo "@@vm $t end $1 $2 $(wc -c <"$3")@@"
}
: >/tmp/0.err
while read -r m; do
	insmod "/lib/modules/$m" </dev/null 2>>/tmp/0.err
	echo "$m $?"
done </vm/modules >/tmp/0.out
put 0 out /tmp/0.out
put 0 err /tmp/0.err
echo "@@vm $t rc 0 0@@"
i=0
while IFS= read -r cmd; do
	i=$((i + 1))
	sh -c "$cmd" </dev/null >/tmp/$i.out 2>/tmp/$i.err
	rc=$?
	put $i out /tmp/$i.out
	put $i err /tmp/$i.err
	echo "@@vm $t rc $i $rc@@"
done </vm/cmds
echo "@@vm $t done@@"
poweroff -f
EOF
}

# _vm_tree DIR CORPUS_DIR CMDS REL...: the initramfs tree in DIR.
_vm_tree() {
	local r=$1 k=$2 cmds=$3 ver a lib ko rel

	shift 3
	ver=$(cat "$k/version")
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/proc" "$r/sys" "$r/dev" "$r/tmp" "$r/vm" "$r/lib/modules" "$r/boot"
	# Where libbpf reads the Kconfig of __kconfig externs.
	cp "$k/config" "$r/boot/config-$ver" || return 1
	cp "$(command -v busybox)" "$r/bin/busybox"
	for a in $(busybox --list); do
		case $a in busybox|modprobe|depmod) continue;; esac
		ln -s busybox "$r/bin/$a"
	done
	cp "$BPFTOOL" "$r/bin/bpftool"
	for a in "${VM_BINS[@]}"; do
		cp "$a" "$r/bin/"
	done
	for lib in $(ldd "$BPFTOOL" "${VM_BINS[@]}" |
		     awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\/.*[^:]$/ { print $1 }' | sort -u); do
		mkdir -p "$r$(dirname "$lib")"
		cp -L "$lib" "$r$lib"
	done
	if [ ${#VM_FILES[@]} -gt 0 ]; then
		mkdir -p "$r/vm/files"
		cp -rL "${VM_FILES[@]}" "$r/vm/files/" || return 1
	fi
	: >"$r/vm/modules"
	for rel in "$@"; do
		ko=$(_vm_ko "$k" "$rel") || return 1
		mkdir -p "$r/lib/modules/$ver/kernel/$(dirname "$rel")"
		cp "$ko" "$r/lib/modules/$ver/kernel/${rel%.ko*}.ko"
		echo "$ver/kernel/${rel%.ko*}.ko" >>"$r/vm/modules"
	done
	cp "$cmds" "$r/vm/cmds"
}

# _vm_qemu ACCEL KERNEL INITRD LOG [APPEND]: qemu's command line in vm_cmd.
_vm_qemu() {
	vm_cmd=("$VM_QEMU" -accel "$1" -m "$VM_MEM" -nographic -monitor none
		-nic none -no-reboot -serial "file:$4" -kernel "$2" -initrd "$3"
		-append "console=ttyS0 panic=-1${5:+ $5}")
}

# _vm_accel DIR KERNEL INITRD: kvm when a probe boot under KVM reaches
# /init within VM_KVM_TIMEOUT seconds (a working KVM takes one or two),
# else tcg with the reason in VM_ACCEL_WHY. Failures of KVM (such as "KVM
# internal error", after which qemu waits stopped) end the probe at once.
# The answer holds until the host reboots or qemu changes: it is kept in
# VM_DIR/accel.
_vm_accel() {
	local d=$1 pid n=0 max vm_cmd key k a w

	[ -n "$VM_ACCEL" ] && return 0
	key="$(cat /proc/sys/kernel/random/boot_id 2>/dev/null)/$(stat -L -c %Y.%s "$(command -v "$VM_QEMU")")"
	if IFS=$'\t' read -r k a w 2>/dev/null <"$VM_DIR/accel" && [ "$k" = "$key" ]; then
		VM_ACCEL=$a
		VM_ACCEL_WHY="${w:+$w, }as probed before"
		return 0
	fi
	VM_ACCEL=tcg
	if [ ! -w /dev/kvm ]; then
		VM_ACCEL_WHY="no writable /dev/kvm"
		return 0
	fi
	max=$((VM_KVM_TIMEOUT * 5))
	: >"$d/probe.log"
	_vm_qemu kvm "$2" "$3" "$d/probe.log" vmprobe
	"${vm_cmd[@]}" </dev/null >"$d/probe.err" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null && [ "$n" -lt "$max" ]; do
		grep -qa '@@vm .* probe@@' "$d/probe.log" && break
		grep -qa 'KVM internal error' "$d/probe.err" && break
		sleep 0.2
		n=$((n + 1))
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if grep -qa '@@vm .* probe@@' "$d/probe.log"; then
		VM_ACCEL=kvm
		VM_ACCEL_WHY=
	elif grep -qa 'KVM internal error' "$d/probe.err"; then
		VM_ACCEL_WHY="KVM internal error"
	elif [ "$n" -ge "$max" ]; then
		VM_ACCEL_WHY="no /init under KVM within $VM_KVM_TIMEOUT s"
	else
		VM_ACCEL_WHY="qemu under KVM: $(grep -v warning "$d/probe.err" | head -n 1)"
	fi
	printf '%s\t%s\t%s\n' "$key" "$VM_ACCEL" "$VM_ACCEL_WHY" >"$VM_DIR/accel"
	return 0
}

# _vm_parse LOG TOKEN OUTDIR: the results in OUTDIR (I.out, I.err, I.rc).
_vm_parse() {
	local log=$1 t=$2 o=$3 f i s size

	rm -rf "$o"
	mkdir -p "$o"
	tr -d '\r' <"$log" | awk -v t="@@vm $t " -v o="$o" '
	{ p = index($0, t) }
	p && $0 ~ /@@$/ {
		split(substr($0, p + length(t), length($0) - p - length(t) - 1), w, " ")
		if (w[1] == "begin") { f = o "/" w[2] "." w[3] ".b64"; printf "" > f; on = 1 }
		else if (w[1] == "end") { on = 0; close(f); print w[4] > (o "/" w[2] "." w[3] ".size") }
		else if (w[1] == "rc") print w[3] > (o "/" w[2] ".rc")
		else if (w[1] == "done") print "" > (o "/done")
		next
	}
	on { print > f }'
	if [ ! -f "$o/done" ]; then
		if [ -f "$o/0.rc" ]; then
			VM_WHY="the guest stopped after $(($(find "$o" -name '*.rc' | wc -l) - 1)) commands"
		else
			VM_WHY="the guest gave no results"
		fi
		return 1
	fi
	for f in "$o"/*.b64; do
		s=${f%.b64}
		i=${s##*/}
		base64 -d "$f" 2>/dev/null | gzip -dc >"$s" 2>/dev/null
		size=$(cat "$s.size" 2>/dev/null)
		if [ "$(wc -c <"$s")" != "$size" ]; then
			VM_WHY="result $i garbled on the console ($(wc -c <"$s") bytes, want ${size:-?})"
			return 1
		fi
	done
	return 0
}

vm_run() {
	local name=$1 k=$2 cmds=$3 d kernel t0 t1 rc token vm_cmd why=

	shift 3
	VM_WHY=
	VM_SECS=
	vm_need && vm_kernel "$k" || return 1
	kernel=$VM_KERNEL
	d=$VM_DIR/$name
	VM_LOG=$d/console.log
	VM_RES=$d/res
	mkdir -p "$d"
	token=$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')
	_vm_tree "$d/root" "$k" "$cmds" "$@" || { VM_WHY="cannot stage the initramfs"; return 1; }
	_vm_init "$token" >"$d/root/init"
	chmod 755 "$d/root/init"
	(cd "$d/root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$d/initrd.cpio" ||
		{ VM_WHY="cpio failed"; return 1; }
	rm -rf "$d/root"
	_vm_accel "$d" "$kernel" "$d/initrd.cpio"
	while :; do
		: >"$VM_LOG"
		t0=$(date +%s.%N)
		_vm_qemu "$VM_ACCEL" "$kernel" "$d/initrd.cpio" "$VM_LOG"
		timeout "$VM_TIMEOUT" "${vm_cmd[@]}" </dev/null >"$d/qemu.log" 2>&1
		rc=$?
		t1=$(date +%s.%N)
		if [ "$VM_ACCEL" != kvm ] || ! grep -qa 'KVM internal error' "$d/qemu.log"; then
			break
		fi
		VM_ACCEL=tcg
		VM_ACCEL_WHY="KVM internal error during a boot"
	done
	VM_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	if [ "$rc" = 124 ]; then
		why="no power-off within ${VM_TIMEOUT} s ($VM_ACCEL)"
	elif [ "$rc" != 0 ]; then
		why="qemu exit $rc ($VM_ACCEL): $(grep -v warning "$d/qemu.log" | head -n 1)"
	fi
	_vm_parse "$VM_LOG" "$token" "$VM_RES" || why="${why:+$why; }$VM_WHY"
	VM_WHY=$why
	[ -z "$VM_WHY" ]
}

vm_start() {
	local name=$1

	mkdir -p "$VM_DIR/$name"
	(
		vm_run "$@"
		printf '%s\n' "$?" "$VM_SECS" "$VM_ACCEL" "$VM_ACCEL_WHY" "$VM_WHY" \
			>"$VM_DIR/$name/state"
	) &
	VM_PIDS[$name]=$!
}

vm_wait() {
	local name=$1 rc

	wait "${VM_PIDS[$name]}"
	VM_LOG=$VM_DIR/$name/console.log
	VM_RES=$VM_DIR/$name/res
	{ read -r rc; read -r VM_SECS; read -r VM_ACCEL; read -r VM_ACCEL_WHY; read -r VM_WHY; } \
		<"$VM_DIR/$name/state" || { rc=1; VM_WHY="no state of $name"; }
	return "$rc"
}

vm_out() { cat "$VM_RES/$1.out"; }
vm_err() { cat "$VM_RES/$1.err"; }
vm_rc() { cat "$VM_RES/$1.rc" 2>/dev/null || echo none; }

# vm_tail [N]: the end of the console log, control sequences dropped.
vm_tail() {
	tr -d '\r' <"$VM_LOG" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' |
		grep -avE -e '^@@vm ' -e '^[A-Za-z0-9+/=]{76}$' | tail -n "${1:-30}"
}
