#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show on synthetic ELF files whose .BTF_ids kfunc sets carry KF_*
# flags: every bit by name.
. "$(dirname "$0")/lib/tap.sh"

MKBTF=$B/bin/mkbtf
D=$TAP_TMP

# Bit 3 (KPTR_GET) and 4 (TRUSTED_ARGS) are gone from Linux 7.3.
FLAG_NAMES=(acquire release ret_null kptr_get trusted_args sleepable
	destructive rcu iter_new iter_next iter_destroy rcu_protected fastcall
	arena_ret arena_arg1 arena_arg2 implicit_args spinlock_safe perfmon)
UNKNOWN_BIT=20

{
	cat <<'SPEC'
u64: int u64 8
s32: int int 4 signed
p: proto s32
  param x u64
SPEC
	for i in "${!FLAG_NAMES[@]}" "$UNKNOWN_BIT"; do
		echo "b$i: func bpf_bit$i p"
		echo "tag bpf_kfunc b$i"
	done
} >"$D/vmlinux.spec"

"$MKBTF" "$D/vmlinux.spec" "$D/vmlinux.btf" || bail_out "mkbtf failed"

# id FILE NAME [BASE]: BTF id of the FUNC or VAR NAME.
id() {
	"$BPFTOOL" ${3:+-B "$3"} btf dump file "$1" |
		awk -v n="'$2'" '($2 == "FUNC" || $2 == "VAR") && $3 == n {
			gsub(/[][]/, "", $1); print $1 }'
}

# set8 ID:FLAGS...: a kfunc set (BTF_SET8_KFUNCS) in C, ids ascending.
set8() {
	printf 'unsigned int __BTF_ID__set8__s[] __attribute__((section(".BTF_ids"), used)) = { %s, 1' "$#"
	printf '%s\n' "$@" | sort -n -t: -k1,1 | awk -F: '{ printf ", %s, %s", $1, $2 }'
	echo ' };'
}

# elf OUT BTF C-SOURCE: an object file with .BTF and what the C defines.
elf() {
	echo "$3" >"$D/e.c"
	gcc -c "$D/e.c" -o "$D/e.o" && objcopy --add-section .BTF="$2" "$D/e.o" "$1" ||
		bail_out "cannot make $1"
}

VB=$D/vmlinux.btf
pairs=()
for i in "${!FLAG_NAMES[@]}" "$UNKNOWN_BIT"; do
	pairs+=("$(id "$VB" "bpf_bit$i"):$((1 << i))")
done
elf "$D/vmlinux" "$VB" "$(set8 "${pairs[@]}")"

SRC=(file "$D/vmlinux")
J=$D/all.json
run_cmd "$BPFTOOL" -j kfunc show "${SRC[@]}"
cp "$TAP_OUT" "$J"
is "$TAP_RC:$(cat "$TAP_ERR"):$(jq -r type "$J")" "0::array" \
	"-j: exit 0, stderr empty, stdout is a JSON array"

# Flags: every bit by name, an unknown one as bitN.
for i in "${!FLAG_NAMES[@]}" "$UNKNOWN_BIT"; do
	want=${FLAG_NAMES[$i]:-bit$i}
	is "$(jq -r --arg n "bpf_bit$i" '.[] | select(.name == $n) | "\(.flags | join(",")) \(.flags_raw)"' "$J")" \
		"$want $((1 << i))" "KF_* bit $i is $want"
done
run_cmd "$BPFTOOL" kfunc show name 'bpf_bit*' "${SRC[@]}"
is "$(grep -o 'flags [^ ]*' "$TAP_OUT" | LC_ALL=C sort | paste -sd' ')" \
	"$(for i in "${!FLAG_NAMES[@]}" "$UNKNOWN_BIT"; do echo "flags ${FLAG_NAMES[$i]:-bit$i}"; done | LC_ALL=C sort | paste -sd' ')" \
	"plain output names the same flags"

valgrind_clean "valgrind: plain show of the fixtures" -- "$BPFTOOL" kfunc show "${SRC[@]}"

done_testing
