#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show on synthetic ELF files whose .BTF_ids kfunc sets carry KF_*
# flags: every bit by name, and KF_IMPLICIT_ARGS kfuncs with and without
# the NAME_impl FUNC the verifier takes their full prototype from.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/btf_ids.sh"

MKBTF=$B/bin/mkbtf
D=$TAP_TMP

# Bit 3 (KPTR_GET) and 4 (TRUSTED_ARGS) are gone from Linux 7.3.
FLAG_NAMES=(acquire release ret_null kptr_get trusted_args sleepable
	destructive rcu iter_new iter_next iter_destroy rcu_protected fastcall
	arena_ret arena_arg1 arena_arg2 implicit_args spinlock_safe perfmon)
UNKNOWN_BIT=20

# A name longer than the verifier's NAME_impl buffer (KSYM_NAME_LEN 512).
LONG=bpf_$(printf 'l%.0s' $(seq 503))

{
	cat <<'SPEC'
u64: int u64 8
s32: int int 4 signed
voidp: ptr void
aux: struct bpf_prog_aux 8
  member id u64
auxp: ptr aux
p: proto s32
  param x u64
pi: proto s32
  param x u64
  param aux auxp
# the twin of an implicit-args kfunc, not a kfunc itself
f1: func bpf_twin p
f1i: func bpf_twin_impl pi
tag bpf_kfunc f1
# no twin
f2: func bpf_lonely p
tag bpf_kfunc f2
# the twin is a kfunc in its own right, as bpf_obj_new_impl
f3: func bpf_legacy p
f3i: func bpf_legacy_impl pi
tag bpf_kfunc f3
tag bpf_kfunc f3i
# a FUNC called NAME_impl beside a kfunc without the flag: not its twin
f4: func bpf_plain p
f4i: func bpf_plain_impl pi
tag bpf_kfunc f4
# NAME_impl is a VAR, not a FUNC
f5: func bpf_var_twin p
v5: var bpf_var_twin_impl u64
tag bpf_kfunc f5
# the twin of module moda's bpf_base_twin
f7: func bpf_base_twin_impl pi
SPEC
	echo "f6: func $LONG p"
	echo "f6i: func ${LONG}_impl pi"
	echo "tag bpf_kfunc f6"
	for i in "${!FLAG_NAMES[@]}" "$UNKNOWN_BIT"; do
		echo "b$i: func bpf_bit$i p"
		echo "tag bpf_kfunc b$i"
	done
} >"$D/vmlinux.spec"

cat >"$D/moda.spec" <<'SPEC'
mp: proto =int
  param x =u64
mpi: proto =int
  param x =u64
  param aux =bpf_prog_aux
f1: func bpf_mod_twin mp
f1i: func bpf_mod_twin_impl mpi
tag bpf_kfunc f1
f2: func bpf_mod_lonely mp
tag bpf_kfunc f2
# its twin is in vmlinux only, where the verifier looks first
f3: func bpf_base_twin mp
tag bpf_kfunc f3
SPEC

"$MKBTF" "$D/vmlinux.spec" "$D/vmlinux.btf" &&
"$MKBTF" -b "$D/vmlinux.btf" "$D/moda.spec" "$D/moda.btf" ||
	bail_out "mkbtf failed"

IMPLICIT=$((1 << 16))
VB=$D/vmlinux.btf
pairs=()
for n in bpf_twin bpf_lonely bpf_legacy bpf_var_twin "$LONG"; do
	pairs+=("$(btf_id "$VB" "$n"):$IMPLICIT")
done
pairs+=("$(btf_id "$VB" bpf_legacy_impl):0" "$(btf_id "$VB" bpf_plain):0")
for i in "${!FLAG_NAMES[@]}" "$UNKNOWN_BIT"; do
	pairs+=("$(btf_id "$VB" "bpf_bit$i"):$((1 << i))")
done
btf_elf "$D/vmlinux" "$VB" "$(set8 "${pairs[@]}")"
MB=$D/moda.btf
btf_elf "$D/moda.ko" "$MB" "$(set8 "$(btf_id "$MB" bpf_mod_twin "$VB"):$IMPLICIT" \
	"$(btf_id "$MB" bpf_mod_lonely "$VB"):$IMPLICIT" \
	"$(btf_id "$MB" bpf_base_twin "$VB"):$IMPLICIT")
const char m[] __attribute__((section(\".modinfo\"), used)) = \"name=moda\";"

SRC=(file "$D/vmlinux" modules "$D/moda.ko")
J=$D/all.json
run_cmd "$BPFTOOL" -j kfunc show "${SRC[@]}"
cp "$TAP_OUT" "$J"
cp "$TAP_ERR" "$D/json.err"
is "$TAP_RC:$(jq -r type "$J")" "0:array" "-j: exit 0, stdout is a JSON array"

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

# impl NAME [SOURCE]: "IMPL_NAME IMPL_ID CALLABLE CALLABLE_ERROR" of NAME.
impl() {
	jq -r --arg n "$1" --arg s "${2:-vmlinux}" \
		'.[] | select(.name == $n and .source == $s) |
		 "\(.impl.name) \(.impl.btf_id) \(.callable) \(.callable_error)"' "$J"
}
is "$(impl bpf_twin)" "bpf_twin_impl $(btf_id "$VB" bpf_twin_impl) true null" \
	"implicit_args: the twin named with its id, callable"
is "$(jq -r '.[] | select(.name == "bpf_twin") | "\(.prototype)|\(.impl.prototype)"' "$J")" \
	"int bpf_twin(u64 x)|int bpf_twin_impl(u64 x, struct bpf_prog_aux *aux)" \
	"the prototype programs call, and the full one of the twin"
is "$(jq -r '[.[] | select(.name | endswith("_impl")) | .name] | join(" ")' "$J")" \
	bpf_legacy_impl "a twin that is not a kfunc is not listed; a legacy _impl kfunc is"
is "$(impl bpf_legacy) / $(impl bpf_legacy_impl)" \
	"bpf_legacy_impl $(btf_id "$VB" bpf_legacy_impl) true null / null null true null" \
	"a legacy _impl kfunc is the twin of its implicit-args kfunc, and has none itself"
is "$(impl bpf_plain)" "null null true null" "no implicit_args flag: NAME_impl is not looked up"
is "$(impl bpf_lonely)" "null null false cannot find function bpf_lonely_impl in BTF" \
	"no twin: not callable, with the verifier's message"
is "$(impl bpf_var_twin)" "null null false cannot find function bpf_var_twin_impl in BTF" \
	"a VAR called NAME_impl is no twin"
is "$(impl "$LONG")" "null null false function name ${LONG}_impl is too long" \
	"a name too long for NAME_impl: not callable, with the verifier's message"
is "$(impl bpf_mod_twin moda)" "bpf_mod_twin_impl $(btf_id "$MB" bpf_mod_twin_impl "$VB") true null" \
	"module: the twin in the module"
is "$(impl bpf_base_twin moda)" "bpf_base_twin_impl $(btf_id "$VB" bpf_base_twin_impl) true null" \
	"module: the twin found in vmlinux, as the verifier searches it first"
is "$(impl bpf_mod_lonely moda)" "null null false cannot find function bpf_mod_lonely_impl in BTF" \
	"module: no twin"
is "$(jq -r '[.[] | select(.callable | not) | .name] | join(" ")' "$J")" \
	"bpf_bit16 $LONG bpf_lonely bpf_var_twin bpf_mod_lonely" \
	"exactly the implicit-args kfuncs without a twin are not callable"

WARN="Warning: 5 kfuncs flagged implicit_args without a NAME_impl FUNC in BTF: the verifier rejects every call"
is "$(cat "$D/json.err")" "$WARN" "-j: the warning on stderr too; callable says it"
run_cmd "$BPFTOOL" kfunc show "${SRC[@]}"
is "$TAP_RC:$(cat "$TAP_ERR")" "0:$WARN" "plain: exit 0, the same warning"
is "$(grep -A2 '^[0-9]*: bpf_twin ' "$TAP_OUT" | sed 1d)" \
	"	int bpf_twin(u64 x);
	impl $(btf_id "$VB" bpf_twin_impl): int bpf_twin_impl(u64 x, struct bpf_prog_aux *aux);" \
	"plain: the twin's id and prototype under the kfunc's"
is "$(grep -A2 '^[0-9]*: bpf_lonely ' "$TAP_OUT" | sed 1d)" \
	"	int bpf_lonely(u64 x);
	not callable: cannot find function bpf_lonely_impl in BTF" \
	"plain: why the kfunc is not callable"
run_cmd "$BPFTOOL" kfunc show name bpf_mod_lonely "${SRC[@]}"
is "$(cat "$TAP_ERR")" \
	"Warning: 1 kfunc flagged implicit_args without a NAME_impl FUNC in BTF: the verifier rejects every call" \
	"the warning counts the kfuncs listed"
run_cmd "$BPFTOOL" kfunc show name 'bpf_[bm]*_twin' "${SRC[@]}"
is "$TAP_RC:$(grep -c "^[0-9]*: " "$TAP_OUT"):$(cat "$TAP_ERR")" "0:2:" \
	"every kfunc listed has its twin: no warning"

# Without .BTF_ids the flags, and so implicit arguments, are unknown.
run_cmd "$BPFTOOL" -j kfunc show file "$VB" name bpf_lonely
is "$TAP_RC:$(cat "$TAP_ERR"):$(jq -r '.[] | "\(.flags) \(.impl) \(.callable)"' "$TAP_OUT")" \
	"0::null null true" "raw BTF: flags unknown, no warning"

valgrind_clean "valgrind: plain show of the fixtures" -- "$BPFTOOL" kfunc show "${SRC[@]}"
valgrind_clean "valgrind: -j show of the fixtures" -- "$BPFTOOL" -j kfunc show "${SRC[@]}"

done_testing
