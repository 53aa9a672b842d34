#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show on Debian's 7.3 kernel files, against what is read here
# independently: decl tags with "btf dump", kfunc sets and their KF_* flags
# from .BTF_ids with readelf and a few lines of Python, flag names from
# include/linux/btf.h and argument suffixes from kernel/bpf/verifier.c of
# the 7.3 tree; and KF_IMPLICIT_ARGS kfuncs against their NAME_impl FUNCs.
. "$(dirname "$0")/lib/tap.sh"

: "${CORPUS7:=$(cd "$(dirname "$0")/.." && pwd)/build/corpus/debian-7.3}"
# The facts come from 7.3's own source, whichever tree bpftool was built from.
SRC7=$(cd "$(dirname "$0")/.." && pwd)/build/linux-source-7.3
VM=$CORPUS7/vmlinux
MODS=$CORPUS7/modules
[ -f "$VM" ] && [ -d "$MODS" ] || bail_out "no corpus in $CORPUS7 (make corpus)"
[ -f "$SRC7/include/linux/btf.h" ] || bail_out "no kernel tree in $SRC7"
D=$TAP_TMP

run_cmd "$BPFTOOL" -j kfunc show file "$VM" modules "$MODS"
J=$D/all.json
cp "$TAP_OUT" "$J"
is "$TAP_RC:$(cat "$TAP_ERR")" "0:" "whole tree: exit 0, stderr empty"

# btf_ids_pairs ELF FUNC_IDS: "ID FLAGS" of each member of the kfunc sets
# (struct btf_id_set8 with BTF_SET8_KFUNCS) in .BTF_ids, FLAGS the OR of
# its flags in every set. Sets are found by
# their __BTF_ID__set8__ symbols; without a symbol table, by their layout:
# a count, flags 1, then that many ascending ids of FUNCs (FUNC_IDS, one
# per line) with their flags.
btf_ids_pairs() {
	python3 - "$1" "$2" "$(readelf -SW "$1")" "$(readelf -sW "$1")" <<'PY'
import re, struct, sys

path, ids_file, sections, symbols = sys.argv[1:]
funcs = set(int(x) for x in open(ids_file))
sec = None
for line in sections.splitlines():
    m = re.match(r'\s*\[\s*(\d+)\]\s+\.BTF_ids\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)', line)
    if m:
        sec = [int(m.group(1)), int(m.group(2), 16), int(m.group(3), 16), int(m.group(4), 16)]
if sec is None:
    sys.exit(0)
index, addr, off, size = sec
data = open(path, 'rb').read()[off:off + size]
word = lambda o: struct.unpack_from('<I', data, o)[0]

def pairs(o):
    cnt = word(o)
    if not cnt or o + 8 + 8 * cnt > size:
        return None
    ps = [(word(o + 8 + 8 * i), word(o + 12 + 8 * i)) for i in range(cnt)]
    ids = [p[0] for p in ps]
    if any(i not in funcs for i in ids) or ids != sorted(ids):
        return None
    return ps

starts = []
for line in symbols.splitlines():
    f = line.split()
    if len(f) == 8 and f[6] == str(index) and f[7].startswith('__BTF_ID__set8__'):
        starts.append(int(f[1], 16) - addr)
found = []
if starts:
    for o in starts:
        if word(o + 4) & 1:
            found += pairs(o) or []
else:
    o = 0
    while o + 8 <= size:
        ps = word(o + 4) == 1 and pairs(o)
        if ps:
            found += ps
            o += 8 + 8 * len(ps)
        else:
            o += 4
out = {}
for i, flags in found:
    out[i] = out.get(i, 0) | flags
for i in sorted(out):
    print(i, out[i])
PY
}

# dump SOURCE FILE: raw BTF dump of FILE (its own types for a module),
# its own FUNC ids, its tagged FUNCs and its .BTF_ids kfunc sets.
dump() {
	local s=$1 f=$2

	if [ "$s" = vmlinux ]; then
		"$BPFTOOL" btf dump file "$f" >"$D/$s.raw"
	else
		"$BPFTOOL" -B "$VM" btf dump file "$f" >"$D/$s.raw"
	fi || bail_out "cannot dump $f"
	awk '$2 == "FUNC" { gsub(/[][]/, "", $1); print $1 }' "$D/$s.raw" >"$D/$s.funcs"
	btf_tagged_funcs "$D/$s.raw" bpf_kfunc >"$D/$s.tags"
	btf_ids_pairs "$f" "$D/$s.funcs" >"$D/$s.pairs"
	# "NAME ID" of the set members, as the tags.
	awk 'NR == FNR { want[$1] = 1; next }
	     $2 == "FUNC" { id = substr($1, 2, length($1) - 2)
			    if (id in want) print substr($3, 2, length($3) - 2), id }' \
		"$D/$s.pairs" "$D/$s.raw" | LC_ALL=C sort >"$D/$s.sets"
}

# Modules with kfunc sets, found without bpftool.
: >"$D/modules"
while read -r f; do
	m=$(basename "$f" .ko.xz)
	xz -dc "$f" >"$D/$m.ko" || bail_out "cannot decompress $f"
	if readelf -sW "$D/$m.ko" | grep -q ' __BTF_ID__set8__'; then
		echo "$m" >>"$D/modules"
	else
		rm -f "$D/$m.ko"
	fi
done < <(find "$MODS" -name '*.ko.xz' | LC_ALL=C sort)
SOURCES="vmlinux $(LC_ALL=C sort "$D/modules" | paste -sd' ')"
is "$(jq -r '[.[] | .source] | unique | join(" ")' "$J" | tr ' ' '\n' | LC_ALL=C sort | paste -sd' ')" \
	"$(echo "$SOURCES" | tr ' ' '\n' | LC_ALL=C sort | paste -sd' ')" \
	"kfuncs come from vmlinux and the modules with kfunc sets: $SOURCES"

# names SOURCE: "NAME ID" of that source's kfuncs in the output.
names() {
	jq -r --arg s "$1" '.[] | select(.source == $s) | "\(.name) \(.btf_id)"' "$J" |
		LC_ALL=C sort
}

counts=
for s in $SOURCES; do
	if [ "$s" = vmlinux ]; then dump vmlinux "$VM"; else dump "$s" "$D/$s.ko"; fi
	LC_ALL=C sort -u "$D/$s.tags" "$D/$s.sets" >"$D/$s.want"
	is "$(names "$s")" "$(cat "$D/$s.want")" \
		"$s: $(wc -l <"$D/$s.want") kfuncs, names and ids equal its tagged FUNCs and kfunc set members"
	is "$(cat "$D/$s.sets")" "$(cat "$D/$s.tags")" \
		"$s: .BTF_ids kfunc sets name the same FUNCs as the decl tags"
	counts="$counts$s=$(wc -l <"$D/$s.want") "
done
# The corpus itself: Debian's 7.3.4+deb13-cloud-amd64.
is "$counts" \
	"vmlinux=312 fou=2 nf_conntrack=10 nf_flow_table=1 nf_nat=1 tcp_bbr=8 tcp_dctcp=7 xfrm_interface=2 " \
	"independent counts per source (343 in all)"
is "$(jq -r '[.[] | .evidence | join(",")] | unique | join(" ")' "$J")" \
	"decl_tag,btf_ids" "every kfunc has decl_tag and btf_ids evidence"

# Flags: the OR of a kfunc's pairs in every set, named as in btf.h.
for s in $SOURCES; do
	awk 'NR == FNR { f[$1] = $2; next }
	     $2 in f { print $1, $2, f[$2] }' "$D/$s.pairs" "$D/$s.want" |
		sed "s/^/$s /"
done | LC_ALL=C sort >"$D/flags.want"
is "$(jq -r '.[] | "\(.source) \(.name) \(.btf_id) \(.flags_raw)"' "$J" | LC_ALL=C sort)" \
	"$(cat "$D/flags.want")" "flags_raw of every kfunc equals its .BTF_ids flags"
sed -n 's/^#define KF_\([A-Z0-9_]*\)[[:space:]]*(1 << \([0-9]*\)).*/\2 \1/p' \
	"$SRC7/include/linux/btf.h" | tr '[:upper:]' '[:lower:]' >"$D/bits"
is "$(wc -l <"$D/bits")" 17 "include/linux/btf.h of 7.3 defines 17 KF_* bits"
# names FLAGS_RAW: the btf.h names of its bits, low bit first.
is "$(jq -r '.[] | "\(.flags_raw) \(.flags | join(","))"' "$J" |
	awk 'NR == FNR { name[$1] = $2; next }
	     { s = ""; for (b = 0; b < 32; b++)
		       if (int($1 / 2 ^ b) % 2) s = s (s ? "," : "") (b in name ? name[b] : "?" b)
	       print ($2 == s ? "same" : $0 " want " s) }' "$D/bits" - | sort | uniq -c | awk '{$1 = $1; print}')" \
	"$(jq length "$J") same" "every kfunc's flags are named as in btf.h"
seen=$(jq -r '[.[] | .flags[]] | unique | join(" ")' "$J")
diag "flags seen on 7.3: $seen"
is "$(grep -c 'bit[0-9]' <<<"$seen")" 0 "no flag is shown as bitN"
is "$(cut -d' ' -f4 "$D/flags.want" |
	awk '{ for (b = 0; b < 32; b++) if (int($1 / 2 ^ b) % 2) print b }' | sort -un | paste -sd' ')" \
	"$(jq -r '[.[] | .flags[]] | unique | .[]' "$J" |
	   awk 'NR == FNR { bit[$2] = $1; next } { print bit[$1] }' "$D/bits" - | sort -un | paste -sd' ')" \
	"every bit set on 7.3 is decoded by name"

# Argument suffixes: those the 7.3 verifier matches, longest first, and
# the exact names it reads.
{
	grep -o 'btf_param_match_suffix([^"]*"__[a-z_]*"' "$SRC7/kernel/bpf/verifier.c" |
		sed 's/.*"\(.*\)"/suffix \1/'
	grep -o '"rd[a-z]*_buf_size"' "$SRC7/kernel/bpf/verifier.c" | tr -d '"' |
		sed 's/^/exact /'
} | sort -u >"$D/annot"
diag "7.3 verifier suffixes: $(awk '$1 == "suffix" { print $2 }' "$D/annot" | paste -sd' ')"
jq -r '.[] | .args[] | "\(.name) \(.annotation)"' "$J" >"$D/args"
is "$(awk 'NR == FNR { if ($1 == "exact") exact[$2] = 1; else suf[$2] = 1; next }
	 { want = "null"
	   if ($1 in exact) want = $1
	   else for (s in suf)
		   if (length($1) > length(s) && substr($1, length($1) - length(s) + 1) == s &&
		       (want == "null" || length(s) > length(want))) want = s
	   print ($2 == want ? "same" : $1 " got " $2 " want " want) }' \
	"$D/annot" "$D/args" | sort | uniq -c | awk '{$1 = $1; print}')" \
	"$(wc -l <"$D/args") same" "every argument's annotation is the verifier's longest suffix"
seen=$(awk '$2 != "null" { print $2 }' "$D/args" | sort -u | paste -sd' ')
diag "suffixes seen on 7.3: $seen"
for s in __const_map __nonown_allowed __arena __arena__nullable __iter; do
	is "$(grep -cw -- "$s" <<<"${seen// /$'\n'}")" 1 "7.3 kfunc arguments use $s, decoded"
done

# KF_IMPLICIT_ARGS: each has its NAME_impl FUNC, found in vmlinux first.
awk 'int($4 / 65536) % 2 { print $1, $2 }' "$D/flags.want" >"$D/implicit"
# func_id RAW NAME: id of the first FUNC NAME in a raw dump.
func_id() {
	awk -v n="'$2'" '$2 == "FUNC" && $3 == n { gsub(/[][]/, "", $1); print $1; exit }' "$1"
}
want=$(while read -r s n; do
	id=$(func_id "$D/vmlinux.raw" "${n}_impl")
	[ -z "$id" ] && id=$(func_id "$D/$s.raw" "${n}_impl")
	echo "$s $n ${n}_impl ${id:-none} true"
done <"$D/implicit" | LC_ALL=C sort)
is "$(jq -r '.[] | select(.flags | index("implicit_args")) | "\(.source) \(.name) \(.impl.name) \(.impl.btf_id) \(.callable)"' "$J" | LC_ALL=C sort)" \
	"$want" "$(wc -l <"$D/implicit") implicit-args kfuncs, each with its NAME_impl twin"
is "$(grep -c ' none ' <<<"$want")" 0 "every implicit-args kfunc of 7.3 has a twin in BTF"
is "$(jq -r '[.[] | select(.flags | index("implicit_args") | not) | .impl] | unique | map(tostring) | join(" ")' "$J")" \
	null "other kfuncs have no impl"
twins=$(awk '{ print $3 }' <<<"$want" | LC_ALL=C sort)
kfunc_twins=$(LC_ALL=C join <(echo "$twins") <(cat "$D"/*.want | awk '{ print $1 }' | LC_ALL=C sort -u))
diag "twins that are kfuncs themselves: $(echo "$kfunc_twins" | paste -sd' ')"
is "$(LC_ALL=C join <(echo "$twins") <(jq -r '.[] | .name' "$J" | LC_ALL=C sort -u))" \
	"$kfunc_twins" \
	"twins are listed when they are kfuncs themselves (tagged, in a set), the $(($(wc -l <<<"$twins") - $(wc -l <<<"$kfunc_twins"))) others not"

# Plain output.
run_cmd "$BPFTOOL" kfunc show file "$VM" modules "$MODS"
is "$TAP_RC:$(cat "$TAP_ERR")" "0:" "plain: exit 0, stderr empty"
is "$(grep -cE '^[0-9]+: ' "$TAP_OUT")" "$(jq length "$J")" \
	"plain output lists as many kfuncs as -j"
is "$(grep -c '^	impl [0-9]*: ' "$TAP_OUT")" "$(wc -l <"$D/implicit")" \
	"plain: an impl line per implicit-args kfunc"
is "$(grep -cE 'bit[0-9]|not callable' "$TAP_OUT")" 0 "plain: no bitN flag, no uncallable kfunc"

valgrind_clean "valgrind: vmlinux, implicit-args kfuncs" -- \
	"$BPFTOOL" -j kfunc show name 'bpf_list_*' file "$VM"

done_testing
