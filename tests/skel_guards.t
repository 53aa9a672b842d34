#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# gen skeleton kfunc guards: the guards against bpf_ksym_exists() as the
# loaded programs see it on the running kernel, the check of strong externs
# against a real failing load, C/C++ compile cleanliness, and byte-identical
# skeletons (to the same bpftool linked without the guards) for objects
# without kfunc externs.
. "$(dirname "$0")/lib/tap.sh"

ORACLE=$B/bin/skel_oracle
D=$TAP_TMP
[ -x "$ORACLE" ] || bail_out "$ORACLE is missing (make -C tests all)"
if [ -z "$LIBBPF_A" ] || [ ! -f "$LIBBPF_A" ]; then
	bail_out "LIBBPF_A is needed"
fi

# libbpf 1.6 and later: the guards read the instructions bpf_object__prepare()
# relocated; before, they reproduce libbpf's binding.
ver=$LIBBPF_INC/bpf/libbpf_version.h
prepared=$(awk '/define LIBBPF_MAJOR_VERSION/ { M = $3 }
	/define LIBBPF_MINOR_VERSION/ { m = $3 }
	END { print (M > 1 || m >= 6) ? 1 : 0 }' "$ver")

# --- guards == bpf_ksym_exists() in the loaded program, before and after load
run_cmd "$ORACLE" guards
ok "$TAP_RC" "skel_oracle guards runs (open, probe, load, test run, probe)" ||
	sed 's/^/#   /' "$TAP_ERR"
cp "$TAP_OUT" "$D/guards"
trues=0
falses=0
while read -r obj name _ oracle _ open _ loaded; do
	is "$open" "$oracle" "$obj $name: guard probed after open = bpf_ksym_exists() ($oracle)"
	is "$loaded" "$oracle" "$obj $name: guard probed after load = bpf_ksym_exists()"
	[ "$oracle" = 1 ] && trues=$((trues + 1)) || falses=$((falses + 1))
done < <(grep ' oracle ' "$D/guards")
is "$trues $falses" "23 21" "oracle values: 23 externs bound, 21 not"
for obj in skel_guards skel_fwd; do
	is "$(grep "^$obj prepared" "$D/guards")" "$obj prepared $prepared" \
		"$obj: the probe prepares the object with libbpf >= 1.6 only ($prepared)"
	n=$(grep -c "^$obj .* oracle " "$D/guards")
	is "$(grep "^$obj fields" "$D/guards")" "$obj fields $n externs $n descs $n" \
		"$obj: one guard field and one descriptor per kfunc extern ($n)"
	is "$(grep "^$obj check" "$D/guards")" "$obj check 0" \
		"$obj: check finds no strong extern failing the load"
done
# libbpf's rule as documented, seen on this kernel by the oracle
is "$(awk '$2 == "bpf_task_release___fwd" || $2 == "bpf_task_acquire___cg" ||
	   $2 == "bbr_cwnd_event___int" || $2 == "bpf_rcu_read_lock___a___b" {
		print $1, $2, $4 }' "$D/guards" | sort)" \
"skel_guards bbr_cwnd_event___int 0
skel_guards bpf_rcu_read_lock___a___b 0
skel_guards bpf_task_acquire___cg 1
skel_guards bpf_task_release___fwd 0" "oracle agrees with libbpf's documented rule"

# --- strong externs: check names them, the load fails
run_cmd "$ORACLE" strong
ok "$TAP_RC" "skel_oracle strong runs"
cp "$TAP_OUT" "$D/strong"
cp "$TAP_ERR" "$D/strong.err"
if [ "$prepared" = 1 ]; then
	# bpf_object__prepare() fails, libbpf says why; nothing is left to probe
	grep '^skel_strong: ' "$D/strong" | grep -qxE 'skel_strong: bpf_object__prepare\(\) failed: -[0-9]+'
	ok $? "check reports the failed preparation"
	grep -qE '^check -[0-9]+$' "$D/strong"
	ok $? "check returns its error"
	grep -qE '^probe -[0-9]+$' "$D/strong"
	ok $? "probe returns the error of the preparation"
	is "$(grep '^probe NULL' "$D/strong")" "probe NULL -22" "a NULL skeleton gives -EINVAL"
else
	is "$(grep '^skel_strong: ' "$D/strong")" \
"skel_strong: kfunc 'skel_strong_missing': not found in vmlinux or module BTF
skel_strong: kfunc 'bpf_rcu_read_lock___bad': prototype incompatible with vmlinux kfunc 'bpf_rcu_read_lock'" \
		"check names each strong extern that fails, and why"
	is "$(grep '^check ' "$D/strong")" "check 2" "check returns the number of failing externs"
	is "$(grep '^flag ' "$D/strong" | tr '\n' ' ')" \
		"flag skel_strong_missing 0 flag bpf_rcu_read_lock___bad 0 flag bpf_rcu_read_unlock 1 flag skel_weak_missing 0 " \
		"probe flags of the strong object"
	is "$(grep '^probe ' "$D/strong" | tr '\n' ' ')" "probe 0 probe NULL -22 " \
		"probe succeeds; a NULL skeleton gives -EINVAL"
fi
load=$(sed -n 's/^load //p' "$D/strong")
[ -n "$load" ] && [ "$load" -lt 0 ]
ok $? "the real load fails ($load)"
grep -q "skel_strong_missing\|bpf_rcu_read_lock___bad" "$D/strong.err"
ok $? "libbpf's own failure names one of the externs check reported"

# --- compile cleanliness: C (gcc, clang) and C++ (g++, clang++)
FLAGS=(-Wall -Wextra -Werror -I"$B/skel" -I"$LIBBPF_INC" -I"$SRC_TREE/tools/include/uapi")
LIBS=("$LIBBPF_A" -lelf -lz)
# A libbpf of a SANITIZE=1 build needs the sanitizer runtimes.
nm "$LIBBPF_A" 2>/dev/null | grep -q __asan_ && LIBS+=(-fsanitize=address,undefined)
SRC=$(cd "$(dirname "$0")" && pwd)/lib/skel_oracle.c
for cc in gcc clang g++ clang++; do
	case $cc in *++) lang=c++ ;; *) lang=c ;; esac
	for h in skel_guards skel_fwd skel_strong skel_reach reach_ksym_one; do
		echo "#include \"$h.skel.h\"" |
			$cc -x $lang "${FLAGS[@]}" -c - -o "$D/$h-$cc.o" 2>"$D/cc.err"
		ok $? "$h.skel.h alone compiles as $lang with $cc -Wall -Wextra -Werror" ||
			head -20 "$D/cc.err" | sed 's/^/#   /'
	done
	$cc -x $lang "${FLAGS[@]}" "$SRC" -x none "${LIBS[@]}" -o "$D/oracle-$cc" 2>"$D/cc.err"
	ok $? "skel_oracle.c (three skeletons in one unit) builds as $lang with $cc" ||
		head -20 "$D/cc.err" | sed 's/^/#   /'
done
"$D/oracle-g++" guards >"$D/guards-cxx" 2>/dev/null
is_file "$D/guards-cxx" "$D/guards" "the C++ build of the oracle gives the same results"

# --- skeletons without kfunc externs: byte-identical to bpftool without guards
OUT=$(cd "$(dirname "$LIBBPF_A")/.." && pwd)
UPSTREAM=$D/bpftool-upstream
objs=()
for f in "$OUT"/*.o; do
	case $f in *.bpf.o | */kfunc_skel.o) ;; *) objs+=("$f") ;; esac
done
mapfile -t libs < <(readelf -d "$BPFTOOL" |
	sed -n 's/.*(NEEDED).*\[\(.*\)\]$/-l:\1/p' | grep -v -e '^-l:libc\.so' -e 'asan' -e 'ubsan')
san=()
nm "$OUT/main.o" | grep -q __asan_ && san=("-fsanitize=address,undefined")
$CC "${san[@]}" "${objs[@]}" "$LIBBPF_A" "${libs[@]}" -o "$UPSTREAM" 2>"$D/ld.err"
ok $? "bpftool relinked from the same objects without kfunc_skel.o" ||
	head -20 "$D/ld.err" | sed 's/^/#   /'
is "$(nm --defined-only "$UPSTREAM" | grep -c ' kfunc_gen_skeleton_guards$')$(nm --defined-only \
	"$BPFTOOL" | grep -c ' kfunc_gen_skeleton_guards$')" "01" \
	"the relinked bpftool lacks the guard hook that the tested one has"

# extern FUNCs of an object (kfunc externs for these objects)
extern_funcs() {
	"$BPFTOOL" btf dump file "$1" 2>/dev/null | grep -c "FUNC '.*' type_id=[0-9]* linkage=extern"
}

# an object without BTF (so without externs) too
cat >"$D/nobtf.bpf.c" <<'EOF2'
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
int counter;
SEC("syscall") int nobtf(void *ctx) { return counter++; }
char LICENSE[] SEC("license") = "GPL";
EOF2
"$CLANG" -target bpf -O2 -I"$LIBBPF_INC" -I"/usr/include/$($CC -dumpmachine)" -c "$D/nobtf.bpf.c" -o "$D/nobtf.bpf.o"
ok $? "an object without BTF builds"

plain=0
guarded=0
for obj in "$D/nobtf.bpf.o" "$B"/bpf/*.bpf.o "$OUT"/pid_iter.bpf.o "$OUT"/profiler.bpf.o; do
	o=$(basename "$obj" .bpf.o)
	"$BPFTOOL" gen skeleton "$obj" >"$D/ours" 2>/dev/null
	rc_ours=$?
	"$UPSTREAM" gen skeleton "$obj" >"$D/upstream" 2>/dev/null
	rc_up=$?
	n=$(extern_funcs "$obj")
	if [ "$n" = 0 ] || [ "$rc_up" != 0 ]; then
		[ "$rc_ours" = "$rc_up" ] && cmp -s "$D/ours" "$D/upstream"
		ok $? "$o ($n kfunc externs, status $rc_up): skeleton byte-identical to upstream's"
		[ "$rc_up" = 0 ] && plain=$((plain + 1))
		continue
	fi
	guarded=$((guarded + 1))
	# one added block, just before the __assert() function, and nothing else
	diff "$D/upstream" "$D/ours" >"$D/diff"
	hunks=$(grep -c '^[0-9]' "$D/diff")
	added=$(grep -c '^> ' "$D/diff")
	removed=$(grep -c '^< ' "$D/diff")
	fields=$(sed -n '/^struct [a-z_0-9]*__kfuncs {$/,/^};$/p' "$D/ours" | grep -c $'^\tbool ')
	is "$rc_ours $hunks $removed $fields" "0 1 0 $n" \
		"$o: skeleton = upstream's plus one block with $n guard fields ($added lines)"
	line=$(head -1 "$D/diff" | sed 's/a.*//')
	is "$(sed -n "$((line + 1))p" "$D/upstream")" "__attribute__((unused)) static void" \
		"$o: the block comes right before the __assert() function (upstream line $line)"
	# the light skeleton: the same one block, with a light skeleton's
	# binding (loader_lskel.t); its flavor warning goes to stderr
	"$BPFTOOL" gen skeleton -L "$obj" >"$D/ours" 2>/dev/null
	rc_ours=$?
	"$UPSTREAM" gen skeleton -L "$obj" >"$D/upstream" 2>/dev/null
	rc_up=$?
	if [ "$rc_up" != 0 ] && readelf -SW "$obj" | grep -q ' ?\?\.struct_ops'; then
		# upstream's libbpf dereferences the vmlinux BTF gen_loader never
		# loads when the object has struct_ops maps: a crash, or a
		# sanitizer's report
		err_is 255 "a light skeleton cannot load struct_ops maps" \
			"$o: 'gen skeleton -L' where upstream's crashes: an error" -- \
			"$BPFTOOL" gen skeleton -L "$obj"
	elif [ "$rc_up" != 0 ]; then
		[ "$rc_ours" = "$rc_up" ] && cmp -s "$D/ours" "$D/upstream"
		ok $? "$o: 'gen skeleton -L' fails as upstream's ($rc_up)"
	else
		diff "$D/upstream" "$D/ours" >"$D/diff"
		fields=$(sed -n '/^struct [a-z_0-9]*__kfuncs {$/,/^};$/p' "$D/ours" |
			grep -c $'^\tbool ')
		line=$(head -1 "$D/diff" | sed 's/a.*//')
		is "$rc_ours $(grep -c '^[0-9]' "$D/diff") $(grep -c '^< ' "$D/diff") $fields $(
			sed -n "$((line + 1))p" "$D/upstream")" \
			"0 1 0 $n __attribute__((unused)) static void" \
			"$o: light skeleton = upstream's plus one block with $n guard fields, before __assert()"
	fi
	"$BPFTOOL" gen subskeleton "$obj" >"$D/ours" 2>&1
	rc_ours=$?
	"$UPSTREAM" gen subskeleton "$obj" >"$D/upstream" 2>&1
	[ "$rc_ours" = "$?" ] && cmp -s "$D/ours" "$D/upstream"
	ok $? "$o: 'gen subskeleton' output unchanged (no guards there)"
done
[ "$plain" -ge 4 ] && [ "$guarded" -ge 3 ]
ok $? "compared $plain objects without kfunc externs and $guarded with"

# --- no leaks, no invalid accesses
valgrind_clean "gen skeleton with guards is valgrind-clean" -- \
	"$BPFTOOL" gen skeleton "$B/bpf/skel_guards.bpf.o"
valgrind_clean "the generated probe and check are valgrind-clean" -- "$ORACLE" strong

done_testing
