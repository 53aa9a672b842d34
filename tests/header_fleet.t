#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc header for Debian's 6.12 and 7.3 kernel files and the running
# kernel: compiled with clang 14 and 19 on the running kernel's vmlinux.h,
# checked with kfunc resolve on each kernel (one flavor of each kfunc binds
# where "btf dump" finds the kfunc, none elsewhere), then loaded for real:
# the flavor the program takes on this kernel is the one resolve predicts.
. "$(dirname "$0")/lib/tap.sh"

TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${CORPUS:=$TOP/build/corpus/debian-6.12}"
: "${CORPUS7:=$TOP/build/corpus/debian-7.3}"
for c in "$CORPUS" "$CORPUS7"; do
	[ -f "$c/vmlinux" ] && [ -d "$c/modules" ] || bail_out "no corpus in $c (make corpus)"
done
[ -r /sys/kernel/btf/vmlinux ] || bail_out "the running kernel has no BTF"
[ "$(id -u)" = 0 ] || bail_out "loading BPF programs needs root"
: "${CLANG19:=$(command -v clang-19)}"
[ -n "$CLANG19" ] || bail_out "no clang-19 (make test-deps)"
D=$TAP_TMP
BSS_RUN=$B/bin/bss_run
[ -x "$BSS_RUN" ] || bail_out "no $BSS_RUN (make -C tests)"
KERNELS=(file "$CORPUS/vmlinux" modules "$CORPUS/modules"
	 file "$CORPUS7/vmlinux" modules "$CORPUS7/modules" kernel)
INC=(-I"$LIBBPF_INC" -I"/usr/include/$(gcc -dumpmachine)" -I"$D")

# The kfuncs a program needs, named by an object's externs: the session
# kfuncs take a ctx argument on 7.3 only (6.12 and the running kernel
# have none), bpf_dynptr_adjust widened its offsets (libbpf
# binds either way), scx_bpf_dsq_insert___v2 is a kernel name with a
# flavor separator, bbr_init lives in a module.
NAMES="bpf_session_cookie bpf_session_is_return bpf_dynptr_adjust bpf_rcu_read_lock scx_bpf_dsq_insert___v2 bbr_init"
refs=
{
	echo '#include <linux/types.h>'
	echo '#include <bpf/bpf_helpers.h>'
	for n in $NAMES; do
		[ "${n%___v2}" != "$n" ] && n=${n}___any
		echo "extern void $n(void) __ksym __weak;"
		refs="$refs bpf_ksym_exists($n) +"
	done
	echo '__u32 seen;'
	echo "SEC(\"?syscall\") int seed(void *ctx) { seen =$refs 0; return 0; }"
} >"$D/seed.bpf.c"
clang -target bpf -g -O2 "${INC[@]}" -c "$D/seed.bpf.c" -o "$D/seed.o" || bail_out "seed object"

run_cmd "$BPFTOOL" kfunc header object "$D/seed.o" "${KERNELS[@]}"
H=$D/kfuncs.h
cp "$TAP_OUT" "$H"
is "$TAP_RC:$(cat "$TAP_ERR")" "0:" "header object OBJECT for three kernels: exit 0, stderr empty"
sed -n 's/^extern [^(]*[ *]\([A-Za-z0-9_]*\)(.*/\1/p' "$H" >"$D/externs"
diag "$(grep -E '^(/\*|extern) ' "$H" | grep -v '^/\* kfunc declarations')"
# essential NAME: libbpf's name for an extern (the text before its last X___Y).
essential() {
	sed -E 's/([^_])___[^_][A-Za-z0-9_]*$/\1/' <<<"$1" |
		sed -E 's/^(scx_bpf_dsq_insert)$/\1___v2/'
}
is "$(while read -r e; do essential "$e"; done <"$D/externs" | sort -u | paste -sd' ')" \
	"$(tr ' ' '\n' <<<"$NAMES" | sort | paste -sd' ')" "a declaration for each kfunc the object names"
is "$(grep -c '^extern .*bpf_session_cookie___' "$H"):$(grep -c '^extern .*bpf_session_is_return___' "$H")" \
	"2:2" "two flavors of each session kfunc: with and without ctx"
is "$(grep -c '^extern .* bpf_dynptr_adjust(.*__ksym;$' "$H")" 1 \
	"bpf_dynptr_adjust: one declaration, libbpf binds it on every kernel"
is "$(grep -c '^extern .* scx_bpf_dsq_insert___v2___[a-z0-9_]*(.*__weak;$' "$H")" 1 \
	"scx_bpf_dsq_insert___v2: reached through a second flavor suffix"
# A flavor is named by its prototype: the same in a fleet of other
# kernels in another order, so BPF source need not change with the fleet.
run_cmd "$BPFTOOL" kfunc header object "$D/seed.o" file "$CORPUS7/vmlinux" \
	modules "$CORPUS7/modules" file "$CORPUS/vmlinux" modules "$CORPUS/modules"
is "$(grep '^extern .*bpf_session_' "$TAP_OUT" | sort)" \
	"$(grep '^extern .*bpf_session_' "$H" | sort)" \
	"the session kfuncs' flavors: the same names for 7.3 and 6.12 as for 6.12, 7.3 and the running kernel"

# The program: session kfuncs called through bpf_ksym_exists() chains in a
# uprobe.session program on bss_run's bss_run_trigger(), recording which
# flavor ran (1-based, in header order); every extern referenced by a
# program left unloaded.
"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c >"$D/vmlinux.h" 2>/dev/null ||
	bail_out "vmlinux.h"
{
	echo '#define BPF_NO_KFUNC_PROTOTYPES'
	echo '#include "vmlinux.h"'
	echo '#include <bpf/bpf_helpers.h>'
	echo '#include "kfuncs.h"'
	echo '__u32 taken[2];'
	echo '__u32 seen = 1;'
	echo 'SEC("uprobe.session") int session(struct pt_regs *ctx) {'
	g=0
	for n in bpf_session_cookie bpf_session_is_return; do
		i=0
		grep "^extern .* ${n}___\|^extern .*\*${n}___" "$H" | while read -r line; do
			i=$((i + 1))
			f=$(sed -n 's/^extern [^(]*[ *]\([A-Za-z0-9_]*\)(.*/\1/p' <<<"$line")
			args=
			grep -q '(void \*ctx)' <<<"$line" && args=ctx
			echo "	if (bpf_ksym_exists($f)) { taken[$g] = $i; $f($args); } else"
		done
		echo "	taken[$g] = 100;"
		g=$((g + 1))
	done
	echo '	return 0; }'
	echo 'SEC("?syscall") int refs(void *ctx) {'
	awk '{ printf "\t{ void *p = (void *)%s; asm volatile(\"\" : \"+r\"(p)); seen += !!p; }\n", $1 }' \
		"$D/externs"
	echo '	return 0; }'
	echo 'char LICENSE[] SEC("license") = "GPL";'
} >"$D/prog.bpf.c"

# Where each kfunc is, by btf dump: of vmlinux, tcp_bbr, the running kernel.
for c in "$CORPUS" "$CORPUS7"; do
	xz -dc "$(find "$c/modules" -name tcp_bbr.ko.xz)" >"$D/bbr.ko" || bail_out "tcp_bbr"
	{ "$BPFTOOL" btf dump file "$c/vmlinux"
	  "$BPFTOOL" -B "$c/vmlinux" btf dump file "$D/bbr.ko"; } >"$D/$(basename "$c").raw"
done
"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux >"$D/running.raw" 2>/dev/null
want=$(for k in debian-6.12 debian-7.3 running; do
	for n in $NAMES; do
		grep -q "FUNC '$n' " "$D/$k.raw" && echo "$k $n 1"
	done
done | sort)
diag "where they are: $(echo "$want" | awk '{ print $1 ":" $2 }' | paste -sd' ')"

for cc in clang "$CLANG19"; do
	v=$("$cc" --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p;q')
	check "the header compiles with clang $v" -- "$cc" -target bpf -g -O2 "${INC[@]}" \
		-c "$D/prog.bpf.c" -o "$D/prog$v.o"
	run_cmd "$BPFTOOL" -j kfunc resolve "$D/prog$v.o" "${KERNELS[@]}"
	cp "$TAP_OUT" "$D/res$v.json"
	got=$(jq -r '.[] | .kernel as $k | .externs[] | select(.exists) | "\($k) \(.name)"' "$D/res$v.json" |
		sed "s|^$CORPUS/vmlinux|debian-6.12|; s|^$CORPUS7/vmlinux|debian-7.3|" |
		while read -r k e; do echo "$k $(essential "$e")"; done |
		sort | uniq -c | awk '{ print $2, $3, $1 }')
	is "$got" "$want" "clang $v: on each kernel one flavor of each kfunc binds where it is, none elsewhere"

	# The real load: resolve's flavor for this kernel is the one taken.
	predicted=$(for n in bpf_session_cookie bpf_session_is_return; do
		grep "^extern .* ${n}___\|^extern .*\*${n}___" "$H" |
			sed -n 's/^extern [^(]*[ *]\([A-Za-z0-9_]*\)(.*/\1/p' >"$D/chain"
		jq -r '.[] | select(.kernel == "running") | .externs[] | select(.exists) | .name' \
			"$D/res$v.json" | grep -Fxn -f - "$D/chain" | cut -d: -f1
	done | paste -sd' ')
	run_cmd "$BSS_RUN" "$D/prog$v.o"
	is "$TAP_RC:$(cat "$TAP_OUT")" "0:$predicted" \
		"clang $v: loaded and run on this kernel, the program takes the flavors resolve predicts ($predicted)"
done

# Every kfunc of the three kernels: one header that compiles.
run_cmd "$BPFTOOL" kfunc header name '*' "${KERNELS[@]}"
cp "$TAP_OUT" "$D/kfuncs.h"
diag "all kfuncs: $(grep -c '^extern' "$D/kfuncs.h") declarations, $(grep -c '^extern .*___' "$D/kfuncs.h") flavored"
printf '%s\n' '#define BPF_NO_KFUNC_PROTOTYPES' '#include "vmlinux.h"' \
	'#include <bpf/bpf_helpers.h>' '#include "kfuncs.h"' >"$D/all.bpf.c"
for cc in clang "$CLANG19"; do
	"$cc" -target bpf -g -O2 "${INC[@]}" -c "$D/all.bpf.c" -o "$D/all.o" 2>"$D/cc.err"
	is "$?:$(grep -c 'warning\|error' "$D/cc.err")" "0:0" \
		"every kfunc of the three kernels: the header compiles with $("$cc" --version | head -1 | sed 's/.*version \([0-9]*\).*/clang \1/'), no warning"
done

done_testing
