#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Benchmarks of the kfunc commands (make bench). Not a test: prints times,
# peak RSS and ratios against goals, and always exits 0 unless a command it
# times fails.
#
# Structure: one function per section, named bench_<command>_<what>; add a
# section by writing its function and listing it in SECTIONS. Helpers:
#	measure NAME CMD...	run CMD $RUNS times (output discarded), set
#				T_NAME (median seconds) and M_NAME (peak RSS
#				KiB, the largest seen); exit statuses up to
#				MAX_RC (default 0) are success
#	ratio A B		A / B with 2 decimals
#	goal LABEL VALUE OP LIMIT	print a "goal" line, met or MISSED
#	row ...			a table row
#	instructions CMD...	instructions CMD executes (callgrind)
#
# Environment: BPFTOOL, B (test build dir, tools in $B/bin), CORPUS,
# RUNS (default 7), SECTIONS (default: all of them; bench_probe_matrix
# needs root), LOOP_EVERY (the
# per-module btf dump loop runs on every LOOP_EVERY-th module and is scaled
# up; default 10, 1 runs it on all, which takes minutes).
set -u

TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BPFTOOL=${BPFTOOL:-$TOP/build/bpftool}
B=${B:-$TOP/build/tests}
CORPUS=${CORPUS:-$TOP/build/corpus/debian-6.12}
RUNS=${RUNS:-7}
LOOP_EVERY=${LOOP_EVERY:-10}
RUNSTAT=$B/bin/runstat
FLOOR=$B/bin/btf_parse_floor
VMLINUX_BTF=/sys/kernel/btf/vmlinux
CORPUS7=${CORPUS7:-$TOP/build/corpus/debian-7.3}
SECTIONS=${SECTIONS:-"bench_show_live bench_show_tree bench_resolve_fleet bench_resolve_reach bench_probe_matrix"}

die() {
	echo "bench: $*" >&2
	exit 1
}

for t in "$RUNSTAT" "$FLOOR" "$BPFTOOL"; do
	[ -x "$t" ] || die "$t missing (make bench builds it)"
done

# measure NAME CMD...
measure() {
	local name=$1 i out t m ts=() mx=0

	shift
	for ((i = 0; i < RUNS; i++)); do
		out=$("$RUNSTAT" "$@" 2>/dev/null)
		[ $? -le "${MAX_RC:-0}" ] || die "failed: $*"
		read -r t m <<<"$out"
		ts+=("$t")
		[ "$m" -gt "$mx" ] && mx=$m
	done
	printf -v "T_$name" '%s' "$(printf '%s\n' "${ts[@]}" | sort -g |
		awk '{ v[NR] = $1 }
		     END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')"
	printf -v "M_$name" '%s' "$mx"
}

# instructions CMD...: instructions executed, as callgrind counts them.
instructions() {
	local log

	log=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null) ||
		die "failed under valgrind: $*"
	sed -n 's/.*refs: *//p' <<<"$log" | tr -d ,
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# goal LABEL VALUE OP LIMIT: OP is <= or >=.
goal() {
	local met

	met=$(awk -v v="$2" -v l="$4" -v op="$3" \
		'BEGIN { print (op == "<=" ? v <= l : v >= l) ? "met" : "MISSED" }')
	printf '  goal %-44s %10s %s %-8s %s\n' "$1" "$2" "$3" "$4" "$met"
}

row() {
	printf '  %-46s %10s %10s %10s\n' "$@"
}

header() {
	echo
	echo "== $*"
	row "" "median s" "peak KiB" "x floor"
}

# kfunc show on the running kernel's vmlinux BTF.
bench_show_live() {
	header "kfunc show -j, running kernel ($VMLINUX_BTF, $RUNS runs)"
	measure floor "$FLOOR" "$VMLINUX_BTF"
	measure start "$BPFTOOL" version
	measure show "$BPFTOOL" -j kfunc show
	measure dump "$BPFTOOL" btf dump file "$VMLINUX_BTF" format c
	row "btf__parse() only (floor)" "$T_floor" "$M_floor" 1.00
	row "bpftool version (start-up)" "$T_start" "$M_start" "$(ratio "$T_start" "$T_floor")"
	row "bpftool -j kfunc show" "$T_show" "$M_show" "$(ratio "$T_show" "$T_floor")"
	row "bpftool btf dump ... format c" "$T_dump" "$M_dump" "$(ratio "$T_dump" "$T_floor")"
	T_show_work=$(awk -v a="$T_show" -v b="$T_start" 'BEGIN { printf "%.6f", a - b }')
	row "kfunc show less start-up" "$T_show_work" "" "$(ratio "$T_show_work" "$T_floor")"
	goal "show / btf dump format c" "$(ratio "$T_show" "$T_dump")" "<=" 0.5
	goal "show / floor" "$(ratio "$T_show" "$T_floor")" "<=" 1.5
	goal "(show - start-up) / floor" "$(ratio "$T_show_work" "$T_floor")" "<=" 1.5
	# Instructions do not vary with the load of the machine.
	I_floor=$(instructions "$FLOOR" "$VMLINUX_BTF")
	I_show=$(instructions "$BPFTOOL" -j kfunc show)
	row "" "instructions" "" ""
	row "btf__parse() only (floor)" "$I_floor" "" 1.00
	row "bpftool -j kfunc show" "$I_show" "" "$(ratio "$I_show" "$I_floor")"
	goal "show / floor, instructions" "$(ratio "$I_show" "$I_floor")" "<=" 1.5
}

# A decompressed copy of the corpus modules, same layout, made once.
make_ko_tree() {
	local src=$CORPUS/modules dst=$1 f rel

	[ -f "$dst/.done" ] && return 0
	rm -rf "$dst"
	mkdir -p "$dst/modules" || die "cannot create $dst"
	cp "$CORPUS/vmlinux" "$dst/vmlinux" || die "cannot copy vmlinux"
	while IFS= read -r f; do
		rel=${f#"$src"/}
		mkdir -p "$dst/modules/$(dirname "$rel")"
		xz -dc "$f" >"$dst/modules/${rel%.xz}" || die "xz -d $f"
	done < <(find "$src" -name '*.ko.xz')
	touch "$dst/.done"
}

# kfunc show over a whole kernel tree vs one btf dump per module.
bench_show_tree() {
	local tree=${CORPUS}-ko mods n i loop_t=0 start end

	[ -f "$CORPUS/vmlinux" ] || die "no corpus in $CORPUS (make corpus)"
	make_ko_tree "$tree"
	mapfile -t mods < <(find "$tree/modules" -name '*.ko' | sort)
	n=${#mods[@]}
	header "kfunc show over Debian 6.12: vmlinux + $n decompressed .ko ($RUNS runs)"
	measure floor "$FLOOR" "$tree/vmlinux"
	measure tree "$BPFTOOL" kfunc show file "$tree/vmlinux" modules "$tree/modules"
	measure treexz "$BPFTOOL" kfunc show file "$CORPUS/vmlinux" modules "$CORPUS/modules"
	measure start "$BPFTOOL" version
	# One pass of the per-module loop, on a sample: it is long.
	start=$(date +%s.%N)
	for ((i = 0; i < n; i += LOOP_EVERY)); do
		"$BPFTOOL" -B "$tree/vmlinux" btf dump file "${mods[i]}" >/dev/null 2>&1 ||
			die "btf dump ${mods[i]}"
	done
	end=$(date +%s.%N)
	loop_t=$(awk -v a="$start" -v b="$end" -v n="$n" -v k="$LOOP_EVERY" \
		'BEGIN { s = int((n + k - 1) / k); printf "%.6f", (b - a) * n / s }')
	row "btf__parse() of vmlinux (floor)" "$T_floor" "$M_floor" 1.00
	row "kfunc show, .ko tree" "$T_tree" "$M_tree" "$(ratio "$T_tree" "$T_floor")"
	row "kfunc show, .ko.xz tree" "$T_treexz" "$M_treexz" "$(ratio "$T_treexz" "$T_floor")"
	row "btf dump -B vmlinux per module (1/$LOOP_EVERY, scaled)" "$loop_t" "" \
		"$(ratio "$loop_t" "$T_floor")"
	row "bpftool version (start-up)" "$T_start" "$M_start" "$(ratio "$T_start" "$T_floor")"
	M_tree_work=$((M_tree - M_start))
	row "kfunc show .ko tree, RSS less start-up's" "" "$M_tree_work" ""
	goal "speed-up over the btf dump loop" "$(ratio "$loop_t" "$T_tree")" ">=" 100
	goal "kfunc show .ko tree, seconds" "$T_tree" "<=" 0.5
	goal "peak RSS / floor's" "$(ratio "$M_tree" "$M_floor")" "<=" 2
	goal "(peak RSS - start-up's) / floor's" "$(ratio "$M_tree_work" "$M_floor")" "<=" 2
}

# kfunc resolve of one object on a fleet of 10 kernels: five copies of the
# running kernel's BTF and five of Debian 6.12's vmlinux, in one run and in
# ten single-kernel runs.
bench_resolve_fleet() {
	local fleet=$B/bench-fleet obj=$B/bpf/oracle_weak.bpf.o i d single

	[ -f "$obj" ] || die "$obj missing (make bench builds it)"
	rm -rf "$fleet"
	for i in 0 1 2 3 4; do
		mkdir -p "$fleet/running$i" "$fleet/debian$i"
		cp "$VMLINUX_BTF" "$fleet/running$i/vmlinux"
		ln -s "$CORPUS/vmlinux" "$fleet/debian$i/vmlinux"
	done
	header "kfunc resolve, one object on 10 kernels ($RUNS runs)"
	measure floor "$FLOOR" "$VMLINUX_BTF"
	measure fleet "$BPFTOOL" -j kfunc resolve "$obj" kernels "$fleet"
	single=0
	for d in "$fleet"/*; do
		measure one "$BPFTOOL" -j kfunc resolve "$obj" file "$d/vmlinux"
		single=$(awk -v a="$single" -v b="$T_one" 'BEGIN { printf "%.6f", a + b }')
	done
	row "btf__parse() of one vmlinux (floor)" "$T_floor" "$M_floor" 1.00
	row "resolve, kernels DIR of 10" "$T_fleet" "$M_fleet" "$(ratio "$T_fleet" "$T_floor")"
	row "resolve, 10 single-kernel runs" "$single" "" "$(ratio "$single" "$T_floor")"
	goal "10 kernels, seconds" "$T_fleet" "<=" 1
	goal "10 kernels / 10 single runs" "$(ratio "$T_fleet" "$single")" "<=" 1
	rm -rf "$fleet"
}

# The call-site analysis on the largest objects of the test corpus, on the
# running kernel and on a fleet of five (running, Debian 6.12 and 7.3, and
# two more copies): what it adds in-process to resolving the externs (each
# kernel and object parsed once), as a share of the whole resolve command;
# and a real load of the object on the running kernel.
bench_resolve_reach() {
	local objs obj one fleet=() dir out r x l extra

	[ -x "$B/bin/bench_reach" ] || die "$B/bin/bench_reach missing (make bench builds it)"
	[ -f "$CORPUS7/vmlinux" ] || die "no corpus in $CORPUS7 (make corpus)"
	mapfile -t objs < <(ls -S "$B"/bpf/*.bpf.o | head -n 3)
	fleet=("$VMLINUX_BTF" "$CORPUS/vmlinux" "$CORPUS7/vmlinux" "$CORPUS/vmlinux" "$CORPUS7/vmlinux")
	dir=$B/bench-reach
	rm -rf "$dir"
	for one in 0 1 2 3 4; do
		mkdir -p "$dir/k$one"
		ln -s "${fleet[one]}" "$dir/k$one/vmlinux"
	done
	echo
	echo "== kfunc resolve: the call-site analysis, 3 largest test objects ($RUNS runs)"
	printf '  %-34s %3s %11s %11s %11s %7s %11s\n' "" kern "resolve s" "analysis s" \
		"command s" "ratio" "real load s"
	for obj in "${objs[@]}"; do
		for one in 1 5; do
			out=$("$B/bin/bench_reach" "$RUNS" "$obj" "${fleet[@]:0:one}") ||
				die "bench_reach $obj"
			r=$(awk '$1 == "resolve" { print $2 }' <<<"$out")
			x=$(awk '$1 == "reach" { print $2 }' <<<"$out")
			l=$(awk '$1 == "load" { print ($2 < 0 ? "fails" : $2) }' <<<"$out")
			extra=$(awk -v a="$x" -v b="$r" 'BEGIN { printf "%.6f", (a > b ? a - b : 0) }')
			if [ "$one" = 1 ]; then
				MAX_RC=1 measure cmd "$BPFTOOL" -j kfunc resolve "$obj" file "$VMLINUX_BTF"
			else
				MAX_RC=1 measure cmd "$BPFTOOL" -j kfunc resolve "$obj" kernels "$dir"
			fi
			T_base=$(awk -v a="$T_cmd" -v b="$extra" 'BEGIN { printf "%.6f", a - b }')
			printf '  %-34s %3s %11s %11s %11s %7s %11s\n' \
				"$(basename "$obj") ($(($(stat -c %s "$obj") / 1024)) KiB)" "$one" "$r" \
				"$extra" "$T_cmd" "$(ratio "$T_cmd" "$T_base")" "$l"
			goal "$(basename "$obj"), $one kernel(s): command / without analysis" \
				"$(ratio "$T_cmd" "$T_base")" "<=" 1.2
		done
	done
	rm -rf "$dir"
}

# kfunc probe: every kfunc of the running kernel by every program type it
# loads, against listing them and against one program load per probe.
bench_probe_matrix() {
	local kfuncs types n

	if [ "$(id -u)" != 0 ]; then
		echo
		echo "== kfunc probe: not measured (loading programs needs root)"
		return 0
	fi
	kfuncs=$("$BPFTOOL" -j kfunc show | jq length)
	types=$("$BPFTOOL" -j kfunc probe | jq '[.[].prog_types[].target] | unique | length')
	header "kfunc probe -j, the whole matrix: $kfuncs kfuncs, $types program types that may call one ($RUNS runs)"
	measure show "$BPFTOOL" -j kfunc show
	measure probe "$BPFTOOL" -j kfunc probe
	measure one "$BPFTOOL" -j kfunc probe prog_type xdp
	row "bpftool -j kfunc show" "$T_show" "$M_show" ""
	row "bpftool -j kfunc probe (all types)" "$T_probe" "$M_probe" ""
	row "bpftool -j kfunc probe prog_type xdp" "$T_one" "$M_one" ""
	n=$(awk -v k="$kfuncs" -v t="$T_probe" -v s="$T_show" 'BEGIN { printf "%.1f", (t - s) * 1e6 / k }')
	row "probe less show, per kfunc (us)" "$n" "" ""
	goal "whole matrix, seconds" "$T_probe" "<=" 5
	goal "probe / show" "$(ratio "$T_probe" "$T_show")" "<=" 20
}

for s in $SECTIONS; do
	"$s"
done
exit 0
