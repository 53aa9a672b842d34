#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc resolve's per program verdict on BPF programs this project did not
# write: the kernel's BPF selftests (tools/testing/selftests/bpf/progs) and
# the sched_ext example schedulers (tools/sched_ext) of the fetched source
# tree, built here with clang-19 as their Makefiles build them. Each program
# is loaded alone by libbpf (lib/reach_oracle.c); where the load fails
# because of a kfunc or ksym extern, or succeeds, the prediction must say
# the same, and name that extern. Loads that fail for another reason (a
# program type, attach target or map this kernel lacks, a verifier
# complaint about something else) say nothing about externs: they are
# counted, not compared.
#
# The sample: every selftest source that names a ksym (__ksym), includes
# the selftests' kfunc headers or calls a kfunc of the running kernel by
# name, in name order, at most REAL_MAX (a stride through the list when
# there are more); and every sched_ext scheduler. Sources that do not build
# against this kernel's vmlinux.h are retried with BPF_NO_KFUNC_PROTOTYPES
# (the selftests' own kfunc declarations then stand alone), then counted
# as not built. sched_ext needs a kernel with sched_ext for its types: the
# schedulers build on the vmlinux.h of Debian's 7.3 kernel when the corpus
# has it.
. "$(dirname "$0")/lib/tap.sh"

ORACLE=$B/bin/reach_oracle
CLANG19=${CLANG19:-$(command -v clang-19)}
REAL_MAX=${REAL_MAX:-320}
TOOLS=$SRC_TREE/tools
SELF=$TOOLS/testing/selftests/bpf
SCX=$TOOLS/sched_ext
OUT=$B/real

[ "$(id -u)" = 0 ] || skip_all "loading programs needs root"
[ -r /sys/kernel/btf/vmlinux ] || skip_all "no kernel BTF"
[ -d "$SELF/progs" ] || skip_all "no BPF selftests in $SRC_TREE"
if [ -z "$CLANG19" ]; then
	ok 1 "clang-19 is installed (scripts/deps.sh installs it)"
	done_testing
	exit
fi

case $(uname -m) in
x86_64) arch=x86;;
aarch64) arch=arm64;;
s390x) arch=s390;;
ppc64*) arch=powerpc;;
riscv64) arch=riscv;;
*) arch=$(uname -m);;
esac

rm -rf "$OUT"
mkdir -p "$OUT/include" "$OUT/include7" "$OUT/obj"
"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c > "$OUT/include/vmlinux.h"
ok $? "vmlinux.h of the running kernel" || { done_testing; exit; }
if [ -f "$CORPUS7/vmlinux" ]; then
	"$BPFTOOL" btf dump file "$CORPUS7/vmlinux" format c > "$OUT/include7/vmlinux.h"
	ok $? "vmlinux.h of Debian's $(cat "$CORPUS7/version" 2>/dev/null) kernel, for sched_ext"
fi

# The flags of the selftests' and sched_ext's Makefiles (BPF_CFLAGS,
# CLANG_SYS_INCLUDES, CLANG_BPF_BUILD_RULE), without -Werror.
sys_inc=$("$CLANG19" -v -E - < /dev/null 2>&1 |
	sed -n '/<...> search starts here:/,/End of search list./{ s| \(/.*\)|-idirafter \1|p }')
common="-g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$arch -mlittle-endian
	-Wno-compare-distinct-pointer-types -Wno-microsoft-anon-tag -fms-extensions
	-I$LIBBPF_INC $sys_inc"
SELF_FLAGS="$common -I$OUT/include -I$SELF -I$TOOLS/include/uapi -I$TOOLS/include
	-I$SELF/libarena/include -std=gnu11 -fno-strict-aliasing
	-Wno-initializer-overrides -DENABLE_ATOMICS_TESTS"
SCX_FLAGS="$common -I$SCX/include -I$SCX/include/bpf-compat -I$OUT/include7
	-I$TOOLS/include/uapi"
export CLANG19 SELF_FLAGS SCX_FLAGS OUT

# build_one KIND SOURCE: $OUT/obj/KIND-NAME.bpf.o, or nothing; prints
# "KIND-NAME plain|no_kfunc_prototypes|failed".
build_one() {
	local kind=$1 src=$2 name flags obj

	name=$kind-$(basename "${src%.c}")
	name=${name%.bpf}
	obj=$OUT/obj/$name.bpf.o
	[ "$kind" = scx ] && flags=$SCX_FLAGS || flags=$SELF_FLAGS
	# shellcheck disable=SC2086
	if "$CLANG19" $flags -c "$src" -o "$obj" 2> "$OUT/obj/$name.err"; then
		echo "$name plain"
	elif grep -q "error: conflicting types for" "$OUT/obj/$name.err" &&
	     "$CLANG19" $flags -DBPF_NO_KFUNC_PROTOTYPES -c "$src" -o "$obj" 2>> "$OUT/obj/$name.err"; then
		echo "$name no_kfunc_prototypes"
	else
		rm -f "$obj"
		echo "$name failed"
	fi
}
export -f build_one

"$BPFTOOL" -j kfunc show | jq -r '.[].name' | sort -u > "$TAP_TMP/kfuncs"
(cd "$SELF/progs" &&
	{ grep -lE '__ksym|bpf_experimental\.h|bpf_kfuncs\.h|bpf_arena_common\.h' -- *.c
	  grep -lwFf "$TAP_TMP/kfuncs" -- *.c; } | LC_ALL=C sort -u) > "$TAP_TMP/candidates"
n=$(wc -l < "$TAP_TMP/candidates")
stride=$(( (n + REAL_MAX - 1) / REAL_MAX ))
awk -v s="$stride" -v d="$SELF/progs" '(NR - 1) % s == 0 { print "self " d "/" $0 }' \
	"$TAP_TMP/candidates" > "$TAP_TMP/sample"
[ -s "$OUT/include7/vmlinux.h" ] &&
	for src in "$SCX"/*.bpf.c; do echo "scx $src"; done >> "$TAP_TMP/sample"
start=$SECONDS
xargs -P "$(nproc)" -L 1 bash -c 'build_one "$@"' _ < "$TAP_TMP/sample" |
	LC_ALL=C sort > "$OUT/built"
tried=$(wc -l < "$OUT/built")
built=$(grep -vc ' failed$' "$OUT/built")
diag "$n selftest sources reference kfuncs or ksyms; sample of $tried sources (stride $stride, and sched_ext)"
diag "built $built objects ($(grep -c ' no_kfunc_prototypes$' "$OUT/built") with BPF_NO_KFUNC_PROTOTYPES), $((tried - built)) did not build, in $((SECONDS - start)) s"
ok "$([ "$built" -ge $((tried / 3)) ]; echo $?)" "at least a third of the sample builds against this kernel's vmlinux.h"

objects=0 programs=0 compared=0 agree=0 disagree=0 other=0 kfunc_real=0
noopen=0 hidden=0 asan=0
: > "$TAP_TMP/others"
: > "$OUT/verdicts"
for obj in "$OUT"/obj/*.bpf.o; do
	name=$(basename "$obj" .bpf.o)
	"$BPFTOOL" -j kfunc resolve "$obj" > "$TAP_TMP/pred.json" 2> "$TAP_TMP/pred.err"
	rc=$?
	if ! "$ORACLE" "$obj" > "$TAP_TMP/real" 2> "$TAP_TMP/real.err"; then
		# A loader built with ASan (make check SANITIZE=1) cannot map an
		# arena where libbpf puts it, on the sanitizer's shadow memory:
		# no verdict of the kernel's to compare with.
		if grep -q "AddressSanitizer: unknown-crash on address 0x100000000000" \
			"$TAP_TMP/real.err"; then
			asan=$((asan + 1))
			continue
		fi
		# libbpf refuses the object itself (sources meant to be
		# linked with others first): no program loads, and resolve
		# must not say that the object does.
		noopen=$((noopen + 1))
		is "$rc" 2 "$name: libbpf cannot open it, resolve reports an input error" ||
			diag "$(head -3 "$TAP_TMP/real.err")"
		continue
	fi
	objects=$((objects + 1))
	# "PROGRAM true|false EXTERN,...": the externs a failing program is
	# predicted to fail by, its sites' and, when the externs do not
	# bind, the failing ones.
	if ! jq -r '.[0] as $o | $o.programs[] |
		"\(.name) \(.loads) \(([.sites[].extern] +
		  (if $o.externs_bind then [] else
		   [$o.externs[] | select(.outcome == "fail") | .name] end)) |
		 unique | join(","))"' "$TAP_TMP/pred.json" > "$TAP_TMP/pred" 2> /dev/null; then
		ok 1 "$name: resolve analyses an object libbpf opens" ||
			diag "$(cat "$TAP_TMP/pred.err" "$TAP_TMP/pred.json")"
		continue
	fi
	unset pred blame
	declare -A pred blame
	while read -r prog loads names; do
		pred[$prog]="$loads $names"
	done < "$TAP_TMP/pred"
	while read -r prog rest; do
		blame[$prog]=$rest
	done < <(awk -f "$(dirname "$0")/lib/blame.awk" "$TAP_TMP/real.err")
	bad=
	while read -r prog verdict; do
		[ "$prog" = object ] && continue
		programs=$((programs + 1))
		p=${pred[$prog]:-missing}
		pred_loads=${p%% *}
		pred_names=,${p#* },
		b=${blame[$prog]}
		why=
		if [ "$verdict" = fails ] && [ "${b%% *}" = other ]; then
			# Not a kfunc verdict; when one is predicted, the
			# kernel refused the program before it could tell.
			other=$((other + 1))
			[ "$pred_loads" = false ] && hidden=$((hidden + 1))
			echo "${b#other }" >> "$TAP_TMP/others"
			echo "$name $prog fails other $p ${b#other }" >> "$OUT/verdicts"
			continue
		fi
		compared=$((compared + 1))
		if [ "$pred_loads" = missing ]; then
			why="not among the predicted programs"
		elif [ "$verdict" = loads ]; then
			[ "$pred_loads" = true ] ||
				why="loads, predicted to fail by (${pred_names:1:-1})"
		else
			kfunc_real=$((kfunc_real + 1))
			if [ "$pred_loads" != false ]; then
				why="fails by $b, predicted to load"
			else
				for x in ${b//,/ }; do
					[[ $pred_names == *",$x,"* ]] ||
						why="fails by $x, not a predicted site or failing extern"
				done
			fi
		fi
		echo "$name $prog $verdict ${b:-loads} $p${why:+ DISAGREE: $why}" >> "$OUT/verdicts"
		if [ -z "$why" ]; then
			agree=$((agree + 1))
		else
			disagree=$((disagree + 1))
			bad+="$prog: $why"$'\n'
		fi
	done < "$TAP_TMP/real"
	if [ -z "$bad" ]; then
		ok 0 "$name: kfunc verdicts as predicted"
	else
		ok 1 "$name: kfunc verdicts as predicted"
		diag "${bad%$'\n'}"
	fi
done

diag "objects built: $built; opened by libbpf: $objects; refused by libbpf at open: $noopen"
[ "$asan" = 0 ] || diag "arena objects an ASan-built loader cannot map, not compared: $asan"
diag "programs: $programs; compared: $compared ($kfunc_real failing on a kfunc or ksym); agreements: $agree; disagreements: $disagree"
diag "not a kfunc verdict: $other ($hidden of them predicted to fail on a kfunc, refused earlier for another reason); reasons, most frequent first:"
sed -e "s/'[^']*'/'X'/g" -e 's/[0-9]\+/N/g' "$TAP_TMP/others" | sort | uniq -c | sort -rn | head -8 |
	while read -r line; do diag "  $line"; done
ok "$([ "$compared" -ge 100 ] && [ "$kfunc_real" -ge 10 ]; echo $?)" \
	"$compared programs compared, $kfunc_real of them refused on a kfunc or ksym"
is "$disagree" 0 "no disagreement with the kernel"

done_testing
