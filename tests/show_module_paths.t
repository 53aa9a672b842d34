#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show's module arguments: a directory reached through symbolic links
# (Debian's /lib is one) yields the modules below it, links below it are
# not followed, and an argument that yields no module at all is named in a
# warning.
. "$(dirname "$0")/lib/tap.sh"

: "${CORPUS7:=$TOP/build/corpus/debian-7.3}"
VM=$CORPUS7/vmlinux
MODS=$CORPUS7/modules
[ -f "$VM" ] && [ -d "$MODS" ] || bail_out "no corpus in $CORPUS7 (make corpus)"
D=$TAP_TMP

"$BPFTOOL" -j kfunc show file "$VM" modules "$MODS" > "$D/direct.json"
want=$(jq length "$D/direct.json")
mods=$(jq '[.[] | select(.source != "vmlinux")] | length' "$D/direct.json")
[ "$mods" -gt 0 ]
ok $? "the module directory itself: $want kfuncs, $mods of them in modules"

mkdir -p "$D/real/usr/lib" "$D/tree"
ln -s "$MODS" "$D/real/usr/lib/modules"
ln -s real/usr "$D/lib"		# a parent that is a link
ln -s ../real/usr/lib/modules "$D/tree/mods"	# the argument is a link
for arg in "$D/real/usr/lib/modules" "$D/lib/lib/modules" "$D/tree/mods" "$D/tree/mods/"; do
	run_cmd "$BPFTOOL" -j kfunc show file "$VM" modules "$arg"
	[ "$TAP_RC" = 0 ] && [ ! -s "$TAP_ERR" ] && cmp -s "$TAP_OUT" "$D/direct.json"
	ok $? "modules ${arg#"$D"/}: the same kfuncs, no warning" || diag "$(cat "$TAP_ERR")"
done

# Links below the argument are not followed: no loops, no double counts.
mkdir -p "$D/loop"
ln -s "$MODS" "$D/loop/mods"
ln -s .. "$D/loop/up"
run_cmd "$BPFTOOL" -j kfunc show file "$VM" modules "$D/loop"
[ "$TAP_RC" = 0 ] && [ "$(grep -vc '^Warning: ' "$TAP_ERR")" = 0 ] && [ "$(jq length "$TAP_OUT")" = "$(jq '[.[] | select(.source == "vmlinux")] | length' "$D/direct.json")" ]
ok $? "links to directories below the argument are not followed"
run_cmd "$BPFTOOL" kfunc show file "$VM" modules "$D/loop"
grep -q "^Warning: modules $D/loop: no module file found$" "$TAP_ERR"
ok $? "  and the argument that yields no module is named in a warning" || diag "$(cat "$TAP_ERR")"

mkdir -p "$D/empty"
"$BPFTOOL" kfunc show file "$VM" modules "$MODS" > "$D/direct.txt"
run_cmd "$BPFTOOL" kfunc show file "$VM" modules "$D/empty" "$MODS"
[ "$TAP_RC" = 0 ] && cmp -s "$TAP_OUT" "$D/direct.txt" &&
	[ "$(grep -c . "$TAP_ERR")" = 1 ] && grep -q "modules $D/empty: no module file found" "$TAP_ERR"
ok $? "an empty modules directory beside a full one: one warning, all kfuncs" || diag "$(cat "$TAP_ERR")"

done_testing
