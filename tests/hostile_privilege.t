#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Privilege: kfunc show, resolve and override work on files without root,
# and on the running kernel as nobody, saying on stderr what they could
# not read. To have module BTF to be denied, a private mount namespace
# puts a copy of the running vmlinux BTF and two modules split on it (one
# readable by root only) over /sys/kernel/btf. strace checks that the
# commands call bpf() with read-only commands only.
. "$(dirname "$0")/lib/tap.sh"

D=$TAP_TMP
MKBTF=$B/bin/mkbtf
SYSFS=/sys/kernel/btf
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
READ_ONLY="BPF_BTF_GET_NEXT_ID BPF_BTF_GET_FD_BY_ID BPF_OBJ_GET_INFO_BY_FD"

[ "$(id -u)" = 0 ] || bail_out "must run as root (to become nobody)"
command -v strace >/dev/null || bail_out "strace is not installed"

# A kernel of files, an object, a module: all readable by nobody.
mkdir "$D/fake"
cp "$SYSFS/vmlinux" "$D/fake/vmlinux"
printf 'p: proto void\nf: func bpf_fake_mod_kf p\ntag bpf_kfunc f\n' |
	"$MKBTF" -b "$D/fake/vmlinux" - "$D/fake/fakemod" || bail_out "mkbtf fakemod"
printf 'p: proto void\nf: func bpf_secret_kf p\ntag bpf_kfunc f\n' |
	"$MKBTF" -b "$D/fake/vmlinux" - "$D/fake/secretmod" || bail_out "mkbtf secretmod"
cat >"$D/obj.bpf.c" <<'SRC'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern void bpf_fake_mod_kf(void) __ksym __weak;
extern const void init_task __ksym __weak;
SEC("syscall") int prog(void *ctx)
{
	bpf_rcu_read_lock();
	if (bpf_ksym_exists(bpf_fake_mod_kf))
		bpf_fake_mod_kf();
	bpf_rcu_read_unlock();
	return &init_task != 0;
}
char LICENSE[] SEC("license") = "GPL";
SRC
"$CLANG" -target bpf -g -O2 -I"$LIBBPF_INC" -I/usr/include/"$(gcc -dumpmachine)" \
	-c "$D/obj.bpf.c" -o "$D/obj.bpf.o" || bail_out "clang obj.bpf.c"
chmod 644 "$D"/fake/* "$D/obj.bpf.o"
chmod 755 "$D/fake"

# Files, as nobody: the same output and warnings as root, no error.
files="file $D/fake/vmlinux modules $D/fake/fakemod"
for cmd in "kfunc show $files" "kfunc resolve $D/obj.bpf.o $files" "kfunc override show $files" \
	   "kfunc override check $D/fake/fakemod -B $D/fake/vmlinux file $D/fake/vmlinux"; do
	# shellcheck disable=SC2086 # CMD is words
	run_cmd "$BPFTOOL" $cmd
	want_rc=$TAP_RC
	cp "$TAP_OUT" "$D/root.out"
	cp "$TAP_ERR" "$D/root.err"
	# shellcheck disable=SC2086
	run_cmd "${NOBODY[@]}" "$BPFTOOL" $cmd
	ok "$([ "$TAP_RC" = "$want_rc" ] && [ "$TAP_RC" != 2 ] && ! grep -q '^Error' "$TAP_ERR" &&
	      cmp -s "$TAP_OUT" "$D/root.out" && cmp -s "$TAP_ERR" "$D/root.err"; echo $?)" \
		"files as nobody: ${cmd%% /*}: exit $TAP_RC as root, same output and warnings"
	[ -s "$TAP_ERR" ] && diag "stderr: $(head -3 "$TAP_ERR")"
done

# The running kernel, as nobody: vmlinux BTF and kallsyms names are
# readable by all, so the same kfuncs and verdicts.
run_cmd "$BPFTOOL" kfunc show
n_root=$(grep -c '^[0-9]' "$TAP_OUT")
run_cmd "${NOBODY[@]}" "$BPFTOOL" kfunc show
is "$TAP_RC:$(grep -c '^[0-9]' "$TAP_OUT")" "0:$n_root" "running kernel as nobody: show lists the $n_root kfuncs root sees"
run_cmd "$BPFTOOL" -j kfunc resolve "$D/obj.bpf.o"
jq -c '[.. | objects | select(has("outcome")) | .outcome]' "$TAP_OUT" >"$D/root.json"
root_rc=$TAP_RC
run_cmd "${NOBODY[@]}" "$BPFTOOL" -j kfunc resolve "$D/obj.bpf.o"
is "$TAP_RC:$(jq -c '[.. | objects | select(has("outcome")) | .outcome]' "$TAP_OUT")" \
	"$root_rc:$(cat "$D/root.json")" "running kernel as nobody: resolve gives root's verdicts"

# in_fake CMD...: run CMD where /sys/kernel/btf holds $D/fake.
in_fake() {
	unshare -m -- sh -c 'mount --bind "$0" /sys/kernel/btf && exec "$@"' "$D/fake" "$@"
}
chmod 600 "$D/fake/secretmod"
run_cmd in_fake "$BPFTOOL" kfunc show name 'bpf_*_kf'
is "$TAP_RC:$(grep -o 'bpf_[a-z_]*_kf  source [a-z]*' "$TAP_OUT" | tr '\n' ' ')" \
	"0:bpf_fake_mod_kf  source fakemod bpf_secret_kf  source secretmod " \
	"modules as root: both modules' kfuncs"
run_cmd in_fake "${NOBODY[@]}" "$BPFTOOL" kfunc show name 'bpf_*_kf'
is "$TAP_RC:$(grep -o 'bpf_[a-z_]*_kf  source [a-z]*' "$TAP_OUT")" \
	"0:bpf_fake_mod_kf  source fakemod" "modules as nobody: the readable module's kfunc"
is "$(cat "$TAP_ERR")" "Warning: module BTF ids unreadable (Operation not permitted): modules in name order, libbpf would skip them
Warning: $SYSFS/secretmod: Permission denied: skipped
Warning: KF_* flags unknown for 1 kfunc: only a kernel's ELF files have .BTF_ids ('file VMLINUX modules DIR')" \
	"  and stderr says what could not be read"
run_cmd in_fake "${NOBODY[@]}" "$BPFTOOL" -j kfunc resolve "$D/obj.bpf.o"
ok "$([ "$TAP_RC" = 3 ] && jq -e . "$TAP_OUT" >/dev/null &&
      [ "$(grep -vc '^Warning: ' "$TAP_ERR")" = 0 ]; echo $?)" \
	"modules as nobody: resolve -j works (exit 3: program types not probed), stderr only warnings"
run_cmd in_fake "${NOBODY[@]}" "$BPFTOOL" kfunc override show
ok "$([ "$TAP_RC" = 0 ] && grep -q 'secretmod: Permission denied' "$TAP_ERR"; echo $?)" \
	"modules as nobody: override show works, warnings on stderr"

# strace: only read-only bpf() commands, as root and as nobody, on files,
# the running kernel and the kernel with modules (where ids are read).
trace() {	# trace LABEL [in_fake] CMD...: record the bpf() commands of CMD
	local label=$1 wrap=()

	shift
	[ "$1" = in_fake ] && { wrap=(in_fake); shift; }
	"${wrap[@]}" strace -f -qq -e trace=bpf -o "$D/trace.$label" "$@" >/dev/null 2>&1
	sed -n 's/.*bpf(\(BPF_[A-Z_0-9]*\).*/\1/p' "$D/trace.$label" >>"$D/cmds"
	grep -v 'bpf(BPF_\|exited with\|killed by' "$D/trace.$label" >>"$D/unparsed"
	return 0
}
: >"$D/cmds"
: >"$D/unparsed"
for who in root nobody; do
	pfx=()
	[ "$who" = nobody ] && pfx=("${NOBODY[@]}")
	for cmd in "kfunc show" "kfunc resolve $D/obj.bpf.o" "kfunc override show" \
		   "kfunc resolve $D/obj.bpf.o policy kernel-override"; do
		# shellcheck disable=SC2086
		trace "$who" "${pfx[@]}" "$BPFTOOL" $cmd
		# shellcheck disable=SC2086
		trace "$who" "${pfx[@]}" "$BPFTOOL" $cmd $files
		# shellcheck disable=SC2086
		trace "$who" in_fake "${pfx[@]}" "$BPFTOOL" $cmd
	done
	trace "$who" "${pfx[@]}" "$BPFTOOL" kfunc override check "$D/fake/fakemod"
	trace "$who" in_fake "${pfx[@]}" "$BPFTOOL" -j kfunc show
done
cmds=$(sort -u "$D/cmds" | tr '\n' ' ')
diag "bpf() commands seen: $cmds($(wc -l <"$D/cmds") calls)"
bad=
for c in $cmds; do
	[[ " $READ_ONLY " == *" $c "* ]] || bad+=" $c"
done
ok "$([ -z "$bad" ] && [ ! -s "$D/unparsed" ]; echo $?)" \
	"show, resolve and override call bpf() with read-only commands only"
[ -n "$bad" ] && diag "not read-only:$bad"
[ -s "$D/unparsed" ] && diag "unparsed trace lines: $(head -3 "$D/unparsed")"
is "$(sort -u "$D/cmds" | tr '\n' ' ')" "$(tr ' ' '\n' <<<"$READ_ONLY" | sort | tr '\n' ' ')" \
	"  the module BTF id walk was traced (all three commands seen)"

done_testing
