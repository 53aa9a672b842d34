#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc diff of Debian's 6.12 and 7.3 kernel files against a comparison
# made here from "btf dump" output alone: the bpf_kfunc decl tags of
# vmlinux and of the modules with kfuncs (show_debian.t and show_debian7.t
# check that no other module has any, and that the tags equal the .BTF_ids
# kfunc sets), the first source of each name as libbpf searches them, and
# prototypes compared type by type by a few lines of Python.
. "$(dirname "$0")/lib/tap.sh"

TOP=$(cd "$(dirname "$0")/.." && pwd)
: "${CORPUS:=$TOP/build/corpus/debian-6.12}"
: "${CORPUS7:=$TOP/build/corpus/debian-7.3}"
for c in "$CORPUS" "$CORPUS7"; do
	[ -f "$c/vmlinux" ] && [ -d "$c/modules" ] || bail_out "no corpus in $c (make corpus)"
done
D=$TAP_TMP
MODULES="fou nf_conntrack nf_flow_table nf_nat tcp_bbr tcp_dctcp xfrm_interface"

# dump DIR NAME: raw dumps of vmlinux and of the modules with kfuncs, in
# the order kfunc diff searches them (sorted paths), listed in NAME.list.
dump() {
	local dir=$1 n=$2 f

	"$BPFTOOL" btf dump file "$dir/vmlinux" >"$D/$n.vmlinux.raw" || bail_out "btf dump $dir"
	echo "vmlinux $D/$n.vmlinux.raw" >"$D/$n.list"
	for f in $(for m in $MODULES; do find "$dir/modules" -name "$m.ko.xz"; done | LC_ALL=C sort); do
		m=$(basename "$f" .ko.xz)
		xz -dc "$f" >"$D/$n.$m.ko" &&
			"$BPFTOOL" -B "$dir/vmlinux" btf dump file "$D/$n.$m.ko" >"$D/$n.$m.raw" ||
			bail_out "cannot dump $f"
		echo "$m $D/$n.$m.raw" >>"$D/$n.list"
	done
}
dump "$CORPUS" old
dump "$CORPUS7" new

# The comparison: "added|removed|prototype|source NAME" lines, and
# "args NAME" for prototypes whose argument counts differ.
python3 - "$D/old.list" "$D/new.list" >"$D/want" <<'PY'
import re, sys

LINE = re.compile(r"^\[(\d+)\] (\S+) '(.*?)'(.*)$")
MEMBER = re.compile(r"^\t'(.*?)' type_id=(\d+)")

def parse(path, types):
    last = None
    for line in open(path):
        m = LINE.match(line)
        if m:
            attrs = dict(kv.split('=', 1) for kv in m.group(4).split() if '=' in kv)
            last = types[int(m.group(1))] = {'kind': m.group(2), 'name': m.group(3),
                                             'attrs': attrs, 'params': []}
            continue
        m = MEMBER.match(line)
        if m and last is not None:
            last['params'].append(int(m.group(2)))

def sig(types, i, depth=0):
    if i == 0:
        return 'void'
    t = types[i]
    k, a = t['kind'], t['attrs']
    if depth > 32:
        return '?'
    if k == 'INT':
        return 'int %s %s %s %s %s' % (t['name'], a['size'], a['encoding'],
                                       a['bits_offset'], a['nr_bits'])
    if k == 'FLOAT':
        return 'float %s %s' % (t['name'], a['size'])
    if k in ('PTR', 'CONST', 'VOLATILE', 'RESTRICT'):
        return '%s(%s)' % (k, sig(types, int(a['type_id']), depth + 1))
    if k == 'TYPE_TAG':
        return 'tag %s(%s)' % (t['name'], sig(types, int(a['type_id']), depth + 1))
    if k == 'TYPEDEF':
        return 'typedef %s(%s)' % (t['name'], sig(types, int(a['type_id']), depth + 1))
    if k == 'ARRAY':
        return 'array %s(%s)' % (a['nr_elems'], sig(types, int(a['type_id']), depth + 1))
    if k in ('ENUM', 'ENUM64'):
        return 'enum %s %s' % (t['name'], a['size'])
    if k == 'FWD':
        return 'fwd %s %s' % (a['fwd_kind'], t['name'])
    if k in ('STRUCT', 'UNION'):
        return '%s %s' % (k, t['name'])
    if k == 'FUNC_PROTO':
        return 'proto(%s)->%s' % (','.join(sig(types, p, depth + 1) for p in t['params']),
                                  sig(types, int(a['ret_type_id']), depth + 1))
    return '%s %s' % (k, t['name'])

# kernel(LIST): name -> (source, prototype signature, argument count)
def kernel(listfile):
    out = {}
    base = {}
    for n, (src, path) in enumerate(l.split() for l in open(listfile)):
        types = dict(base)
        parse(path, types)
        if n == 0:
            base = types
        own = [i for i in types if n == 0 or i not in base]
        for i in own:
            t = types[i]
            if (t['kind'] != 'DECL_TAG' or t['name'] != 'bpf_kfunc' or
                    t['attrs']['component_idx'] != '-1'):
                continue
            f = types[int(t['attrs']['type_id'])]
            proto = types[int(f['attrs']['type_id'])]
            if f['name'] not in out:
                out[f['name']] = (src, sig(types, int(f['attrs']['type_id'])),
                                  len(proto['params']))
    return out

old, new = kernel(sys.argv[1]), kernel(sys.argv[2])
for name in sorted(set(old) | set(new)):
    if name not in new:
        print('removed', name)
    elif name not in old:
        print('added', name)
    else:
        if old[name][1] != new[name][1]:
            print('prototype', name)
            if old[name][2] != new[name][2]:
                print('args', name)
        if old[name][0] != new[name][0]:
            print('source', name)
PY
[ -s "$D/want" ] || bail_out "no independent comparison"

run_cmd "$BPFTOOL" -j kfunc diff file "$CORPUS/vmlinux" modules "$CORPUS/modules" \
	file "$CORPUS7/vmlinux" modules "$CORPUS7/modules"
J=$D/diff.json
cp "$TAP_OUT" "$J"
is "$TAP_RC:$(cat "$TAP_ERR")" "1:" "6.12 to 7.3: exit 1 (changes), stderr empty"
# got KIND: the names the diff gives that kind of change.
got() {
	jq -r --arg c "$1" '.kfuncs[] | select(.changes | index($c)) | .name' "$J"
}
want() {
	awk -v c="$1" '$1 == c { print $2 }' "$D/want"
}
for c in added removed prototype source; do
	is "$(got $c)" "$(want $c)" "$c: the $(want $c | wc -l) kfuncs the comparison of btf dump output finds"
done
is "$(jq -r '.kfuncs[] | select(.compatible == false) | .name' "$J" | LC_ALL=C sort)" \
	"$(want args | LC_ALL=C sort)" \
	"old externs no longer bind exactly where the argument count changed (libbpf's rule)"
diag "$(awk '{ print $1 }' "$D/want" | sort | uniq -c | paste -sd' ')"
is "$(jq -r '[.kfuncs[] | select(.changes | index("flags"))] | length > 0' "$J")" true \
	"flags changes are reported (KF_TRUSTED_ARGS went in 7.x)"
is "$(jq '[.kfuncs[] | select(.changes | index("flags")) |
	   select((.old.flags - ["trusted_args"]) == .new.flags and
		  .old.fastcall == .new.fastcall)] | length' "$J")" 0 \
	"no flags change that is only trusted_args becoming 7.x's default"

run_cmd "$BPFTOOL" kfunc diff file "$CORPUS/vmlinux" modules "$CORPUS/modules" \
	file "$CORPUS7/vmlinux" modules "$CORPUS7/modules"
is "$TAP_RC:$(grep -cE '^[-+~] ' "$TAP_OUT")" "1:$(jq '.kfuncs | length' "$J")" \
	"plain output: a line per kfunc of -j"
is "$(tail -1 "$TAP_OUT")" \
	"$(want added | wc -l) added, $(want removed | wc -l) removed, $(($(jq '.kfuncs | length' "$J") - $(want added | wc -l) - $(want removed | wc -l))) changed ($(want prototype | wc -l) prototypes, $(want args | wc -l) of them no longer bind old externs)" \
	"plain summary agrees with the comparison"

done_testing
