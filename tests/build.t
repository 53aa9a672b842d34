#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The build: upstream bpftool still works with our command in it, it
# installs, and it builds from another bpftool tree given as BPFTOOL_SRC.
. "$(dirname "$0")/lib/tap.sh"

# Upstream's own commands.
run_cmd "$BPFTOOL" version
grep -q "^bpftool v7.5" "$TAP_OUT" && grep -q "^using libbpf v1.5" "$TAP_OUT"
ok $? "bpftool 7.5 with libbpf 1.5" || diag "$(cat "$TAP_OUT")"
"$BPFTOOL" help 2>&1 | grep -q "OBJECT := { prog | map | kfunc |"
ok $? "kfunc is in bpftool's object list"
"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c | grep -q "^struct task_struct {"
ok $? "btf dump still works"
"$BPFTOOL" -j prog show > "$TAP_TMP/progs.json" && jq -e 'type == "array"' "$TAP_TMP/progs.json" >/dev/null
ok $? "prog show still works"
"$BPFTOOL" -j map show > "$TAP_TMP/maps.json" && jq -e 'type == "array"' "$TAP_TMP/maps.json" >/dev/null
ok $? "map show still works"
"$BPFTOOL" feature probe kernel | grep -q "eBPF program_type syscall is available"
ok $? "feature probe still works"
"$BPFTOOL" gen skeleton "$B/bpf/no_externs.bpf.o" | grep -q "no_externs_bpf__open_and_load"
ok $? "gen skeleton still works"

# make install into a staging root.
root=$TAP_TMP/root
make -s -C "$TOP" install DESTDIR="$root" PREFIX=/usr > "$TAP_TMP/install.log" 2>&1
ok $? "make install" || diag "$(tail -20 "$TAP_TMP/install.log")"
"$root/usr/sbin/bpftool" kfunc show name bpf_rcu_read_lock | grep -q "bpf_rcu_read_lock"
ok $? "the installed bpftool runs kfunc show"
[ -s "$root/usr/share/man/man8/bpftool-kfunc.8" ]
ok $? "the man page is installed"
grep -q "_bpftool_kfunc" "$root/usr/share/bash-completion/completions/bpftool" &&
	grep -q "_bpftool_get_map_names" "$root/usr/share/bash-completion/completions/bpftool"
ok $? "the completion is upstream's with ours appended"

# BPFTOOL_SRC: the same upstream tree named explicitly, staged elsewhere.
alt=$TAP_TMP/alt
make -s -C "$TOP" BPFTOOL_SRC="$SRC_TREE/tools/bpf/bpftool" STAGE="$alt/stage" \
	BPFTOOL="$alt/bpftool" "$alt/bpftool" > "$TAP_TMP/alt.log" 2>&1
ok $? "builds with BPFTOOL_SRC" || diag "$(tail -20 "$TAP_TMP/alt.log")"
cmp -s <("$alt/bpftool" -j kfunc show) <("$BPFTOOL" -j kfunc show)
ok $? "and that bpftool lists the same kfuncs"
run_cmd make -s -C "$TOP" BPFTOOL_SRC=/nonexistent STAGE="$alt/bad" BPFTOOL="$alt/bad-bpftool" "$alt/bad-bpftool"
[ "$TAP_RC" != 0 ] && grep -q "not a bpftool source tree\|No such file" "$TAP_ERR" "$TAP_OUT"
ok $? "a BPFTOOL_SRC that is not a bpftool tree is refused" || diag "$(cat "$TAP_ERR")"

done_testing
