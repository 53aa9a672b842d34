#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The man page documents every JSON field the commands print and every
# keyword of their help, and builds into a man page without warnings.
. "$(dirname "$0")/lib/tap.sh"

DOC=$TOP/docs/bpftool-kfunc.rst
[ -f "${DOC_DIR:-}/bpftool-kfunc.rst" ] || bail_out "no staged Documentation in '${DOC_DIR:-}'"

# As upstream's Documentation/Makefile builds it, in its directory.
make -s --no-print-directory -C "$DOC_DIR" OUTPUT="$TAP_TMP/" RST2MAN_OPTS="--exit-status=2 --strip-comments" \
	"$TAP_TMP/bpftool-kfunc.8" > "$TAP_TMP/rst2man.err" 2>&1
ok $? "rst2man builds the man page" || diag "$(cat "$TAP_TMP/rst2man.err")"
[ ! -s "$TAP_TMP/rst2man.err" ]
ok $? "without warnings" || diag "$(cat "$TAP_TMP/rst2man.err")"
man -l "$TAP_TMP/bpftool-kfunc.8" 2>/dev/null | sed -n '/^SEE ALSO/,$p' | tr -s ' \n' ' ' |
	grep -q "bpf(2), bpf-helpers(7), bpftool(8), bpftool-btf(8),.* bpftool-gen(8),"
ok $? "SEE ALSO is upstream's, generated"
grep -q "|COMMON_OPTIONS|" "$DOC" && grep -q "^.. include:: common_options.rst" "$DOC"
ok $? "options from upstream's substitutions.rst and common_options.rst"
make -s --no-print-directory -C "$DOC_DIR" OUTPUT="$TAP_TMP/" RST2MAN_OPTS="--exit-status=2 --strip-comments" \
	"$TAP_TMP/bpftool-gen.8" > "$TAP_TMP/gen.err" 2>&1 && [ ! -s "$TAP_TMP/gen.err" ]
ok $? "bpftool-gen(8) builds without warnings" || diag "$(cat "$TAP_TMP/gen.err")"
man -l "$TAP_TMP/bpftool-gen.8" 2>/dev/null | grep -q "^KFUNC GUARDS" &&
	man -l "$TAP_TMP/bpftool-gen.8" 2>/dev/null | grep -q "__kfuncs_disable_failing"
ok $? "  with the skeleton's kfunc guards"
cd "$TAP_TMP" || bail_out "no temp dir"

# Every key of every object in the JSON output of each command.
"$BPFTOOL" -j kfunc show > show.json
"$BPFTOOL" -j kfunc resolve "$B"/bpf/oracle_weak.bpf.o "$B"/bpf/oracle_vars.bpf.o \
	> resolve.json
"$BPFTOOL" -j kfunc resolve "$B"/bpf/fleet.bpf.o policy kernel-override > resolve2.json
"$BPFTOOL" -j kfunc override show > override.json
mod=$(find "$CORPUS/modules" -name 'tcp_bbr.ko*' | head -n 1)
"$BPFTOOL" -j kfunc override check "$mod" -B "$CORPUS/vmlinux" > check.json
"$BPFTOOL" -j kfunc show file nope > error.json 2>/dev/null
"$BPFTOOL" -j kfunc diff file "$CORPUS/vmlinux" modules "$CORPUS/modules" kernel > diff.json

for f in show resolve resolve2 override check error diff; do
	jq -e . "$f.json" > /dev/null
	ok $? "$f: valid JSON" || continue
	for key in $(jq -r '[.. | objects | keys[]] | unique[]' "$f.json"); do
		grep -q -- "\*\*$key\*\*" "$DOC"
		ok $? "$f: field '$key' is documented"
	done
done

# Every keyword of the help's syntax (the note after it is prose).
for word in $("$BPFTOOL" kfunc help 2>&1 | sed -e 's/Usage://' -e '/OPTIONS :=/q' |
	     grep -o '[a-z][a-z_-]*' | sort -u); do
	case $word in
	bpftool|kfunc|help|json|pretty|debug|j|p|d) continue ;;
	esac
	grep -Eq -- "\*\*([^*]* )?$word( [^*]*)?\*\*" "$DOC"
	ok $? "help keyword '$word' is documented"
done

# Keywords and commands take prefixes, as everywhere in bpftool.
cmp -s <("$BPFTOOL" -j kfunc sh na 'bpf_rcu_*' k) <("$BPFTOOL" -j kfunc show name 'bpf_rcu_*' kernel)
ok $? "kfunc sh na GLOB k: show name GLOB kernel"
cmp -s <("$BPFTOOL" -j kfunc ov sh) <("$BPFTOOL" -j kfunc override show)
ok $? "kfunc ov sh: override show"
# A list of paths (OBJECT..., modules PATH...) ends at a full keyword only.
cmp -s <("$BPFTOOL" -j kfunc res "$B/bpf/oracle_weak.bpf.o" file /sys/kernel/btf/vmlinux k pol libbpf) \
	<("$BPFTOOL" -j kfunc resolve "$B/bpf/oracle_weak.bpf.o" file /sys/kernel/btf/vmlinux kernel policy libbpf)
ok $? "kfunc res OBJ file VMLINUX k pol libbpf: resolve ... kernel policy ..."

# The documented exit status of a usage error, for an unknown command too.
for cmd in "bogus" "override bogus" "show bogus"; do
	# shellcheck disable=SC2086
	"$BPFTOOL" kfunc $cmd > /dev/null 2>&1
	is "$?" 2 "kfunc $cmd: exit status 2"
done
sed -n '/^EXIT STATUS/,/^OPTIONS/p' "$DOC" | grep -A1 -x '[*][*]2[*][*]' | grep -q "Usage error"
ok $? "the man page gives exit status 2 for usage errors"

done_testing
