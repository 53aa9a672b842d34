#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve on bad input: one "Error:" line, exit status 2, a JSON
# error object under -j, and no leak.
. "$(dirname "$0")/lib/tap.sh"

OBJ=$B/bpf/oracle_weak.bpf.o
cd "$TAP_TMP" || bail_out "no temp dir"

echo "not an object" > text
printf 'int probe(void) { return 0; }\n' > nobtf.c
$CLANG -target bpf -O2 -c nobtf.c -o nobtf.o || bail_out "clang"
head -c 700 "$OBJ" > truncated.o
mkdir empty_fleet

err_is 2 "expected at least one OBJECT" "no object" -- "$BPFTOOL" kfunc resolve
err_is 2 "missing.o: No such file" "missing object" -- "$BPFTOOL" kfunc resolve missing.o
err_is 2 "what is 'polcy'? (no such OBJECT, nor a keyword)" "a mistyped keyword after the objects" -- \
	"$BPFTOOL" kfunc resolve "$B/bpf/policy.bpf.o" polcy libbpf
err_is 2 "text: not an ELF file" "not ELF" -- "$BPFTOOL" kfunc resolve text
err_is 2 "not a BPF object file" "an ELF of another machine" -- "$BPFTOOL" kfunc resolve /bin/true
err_is 2 "object without BTF" "object compiled without -g" -- "$BPFTOOL" kfunc resolve nobtf.o
err_is 2 "truncated.o" "truncated object" -- "$BPFTOOL" kfunc resolve truncated.o
err_is 2 "'policy' takes" "unknown policy" -- "$BPFTOOL" kfunc resolve "$OBJ" policy newest
err_is 2 "no kernel directories" "empty kernels DIR" -- \
	"$BPFTOOL" kfunc resolve "$OBJ" kernels empty_fleet
err_is 2 "nope: No such file" "missing vmlinux" -- \
	"$BPFTOOL" kfunc resolve "$OBJ" file nope
err_is 2 "text: not an ELF file or raw BTF" "vmlinux that is not BTF" -- \
	"$BPFTOOL" kfunc resolve "$OBJ" file text

run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" file nope
is "$TAP_RC" 2 "-j: exit status 2"
is "$(jq -c 'keys' "$TAP_OUT")" '["error"]' "-j: a single JSON error object"

# One bad object among good ones: reported in its place, the others get
# their results, the exit status is the worst.
run_cmd "$BPFTOOL" kfunc resolve "$OBJ" text "$B/bpf/no_externs.bpf.o" missing.o
is "$TAP_RC" 2 "bad objects among good ones: exit status 2"
is "$(grep -c '^Error: ' "$TAP_ERR"):$(wc -l < "$TAP_ERR")" "2:2" "  one Error line per bad object"
grep -q "oracle_weak.bpf.o on running" "$TAP_OUT" && grep -q "no_externs.bpf.o: no ksym externs" "$TAP_OUT"
ok $? "  the good objects still get results"
run_cmd "$BPFTOOL" -j kfunc resolve "$OBJ" text "$B/bpf/no_externs.bpf.o" missing.o
is "$TAP_RC:$(wc -c < "$TAP_ERR")" "2:0" "-j: exit status 2, stderr empty"
is "$(jq -c '[.[] | if .error then [.object, (.error | test("not an ELF|No such file"))] else [.object, .loads] end]' "$TAP_OUT")" \
	"$(printf '[["%s",true],["text",true],["%s",true],["missing.o",true]]' "$OBJ" "$B/bpf/no_externs.bpf.o")" \
	"-j: records in order, the bad ones as {object, error}"
run_cmd "$BPFTOOL" kfunc resolve "$B/bpf/no_externs.bpf.o" "$B/bpf/oracle_strong_missing.bpf.o" text
is "$TAP_RC" 2 "a failing object and a bad one: the error wins"

valgrind_clean "no leak on a missing object" -- "$BPFTOOL" kfunc resolve missing.o
valgrind_clean "no leak on a fleet resolve" -- \
	"$BPFTOOL" -j kfunc resolve "$OBJ" "$B/bpf/policy.bpf.o" kernel file /sys/kernel/btf/vmlinux
valgrind_clean "no leak under kernel-override" -- \
	"$BPFTOOL" kfunc resolve "$OBJ" policy kernel-override

done_testing
