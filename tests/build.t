#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# The build: upstream bpftool still works with our command in it, it
# installs, and it builds from another bpftool tree given as BPFTOOL_SRC.
. "$(dirname "$0")/lib/tap.sh"

# The builds below are new make runs, not part of the make check running
# this test: its command-line variables must not reach them.
unset MAKEFLAGS MFLAGS MAKELEVEL

# The tree's own versions: bpftool's major is libbpf's plus 6.
ver=$SRC_TREE/tools/lib/bpf/libbpf_version.h
major=$(awk '/define LIBBPF_MAJOR_VERSION/ { print $3 }' "$ver")
minor=$(awk '/define LIBBPF_MINOR_VERSION/ { print $3 }' "$ver")
run_cmd "$BPFTOOL" version
grep -q "^bpftool v$((major + 6)).$minor" "$TAP_OUT" &&
	grep -q "^using libbpf v$major.$minor" "$TAP_OUT"
ok $? "bpftool $((major + 6)).$minor with libbpf $major.$minor" || diag "$(cat "$TAP_OUT")"
diag "$(head -n 2 "$TAP_OUT" | tr '\n' ' ')"

# Upstream's own commands.
"$BPFTOOL" help 2>&1 | grep -q "OBJECT := { prog | map | kfunc |"
ok $? "kfunc is in bpftool's object list"
"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c | grep -q "^struct task_struct {"
ok $? "btf dump still works"
"$BPFTOOL" btf dump file /sys/kernel/btf/vmlinux format c |
	grep -q "^extern void bpf_rcu_read_lock(void) __weak __ksym;"
ok $? "btf dump format c still declares kfuncs"
"$BPFTOOL" -j prog show > "$TAP_TMP/progs.json" && jq -e 'type == "array"' "$TAP_TMP/progs.json" >/dev/null
ok $? "prog show still works"
"$BPFTOOL" -j map show > "$TAP_TMP/maps.json" && jq -e 'type == "array"' "$TAP_TMP/maps.json" >/dev/null
ok $? "map show still works"
"$BPFTOOL" feature probe kernel | grep -q "eBPF program_type syscall is available"
ok $? "feature probe still works"
"$BPFTOOL" gen skeleton "$B/bpf/no_externs.bpf.o" | grep -q "no_externs_bpf__open_and_load"
ok $? "gen skeleton still works"
"$BPFTOOL" gen skeleton -L "$B/bpf/no_externs.bpf.o" | grep -q "skel_internal.h"
ok $? "gen skeleton -L still works"
"$BPFTOOL" -j struct_ops show > "$TAP_TMP/sops.json" && jq -e 'type == "array"' "$TAP_TMP/sops.json" >/dev/null
ok $? "struct_ops show still works"
if [ -f "$SRC_TREE/tools/bpf/bpftool/token.c" ]; then
	"$BPFTOOL" -j token show > "$TAP_TMP/token.json" && jq -e 'type == "array"' "$TAP_TMP/token.json" >/dev/null
	ok $? "token show still works"
fi

# make install into a staging root.
root=$TAP_TMP/root
make -s -C "$TOP" LINUX_SOURCE="$LINUX_SOURCE" install DESTDIR="$root" PREFIX=/usr > "$TAP_TMP/install.log" 2>&1
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
make -s -C "$TOP" LINUX_SOURCE="$LINUX_SOURCE" BPFTOOL_SRC="$SRC_TREE/tools/bpf/bpftool" STAGE="$alt/stage" \
	BPFTOOL="$alt/bpftool" "$alt/bpftool" > "$TAP_TMP/alt.log" 2>&1
ok $? "builds with BPFTOOL_SRC" || diag "$(tail -20 "$TAP_TMP/alt.log")"
cmp -s <("$alt/bpftool" -j kfunc show) <("$BPFTOOL" -j kfunc show)
ok $? "and that bpftool lists the same kfuncs"
run_cmd make -s -C "$TOP" BPFTOOL_SRC=/nonexistent STAGE="$alt/bad" BPFTOOL="$alt/bad-bpftool" "$alt/bad-bpftool"
[ "$TAP_RC" != 0 ] && grep -q "not a bpftool source tree\|No such file" "$TAP_ERR" "$TAP_OUT"
ok $? "a BPFTOOL_SRC that is not a bpftool tree is refused" || diag "$(cat "$TAP_ERR")"

# A linux-source version the suites do not offer: the newest one they do
# offer is used, with a warning.
run_cmd "$TOP/scripts/fetch-source.sh" "$TOP/build" 0.0
newest=$(sed -n 's/^Warning: linux-source-0.0 is not offered any more; using //p' "$TAP_ERR")
[ "$TAP_RC" = 0 ] && [ -n "$newest" ] && [ -f "$TOP/build/linux-source-0.0/tools/bpf/bpftool/main.c" ] &&
	grep -q "^$newest " "$TOP/build/linux-source-0.0/.debian"
ok $? "linux-source-0.0: falls back to $newest, and says so" || diag "$(cat "$TAP_ERR")"
rm -rf "$TOP/build/linux-source-0.0"

# Without liblzma and libzstd: compressed modules of those kinds are
# refused by name, everything else works.
nolib=$TAP_TMP/nolib
make -s -C "$TOP" LINUX_SOURCE="$LINUX_SOURCE" feature-lzma=0 feature-zstd=0 \
	STAGE="$nolib/stage" BPFTOOL="$nolib/bpftool" "$nolib/bpftool" > "$TAP_TMP/nolib.log" 2>&1
ok $? "builds without liblzma and libzstd" || diag "$(tail -20 "$TAP_TMP/nolib.log")"
grep -q "FEATURE lzma: 0, zstd: 0" "$TAP_TMP/nolib.log"
ok $? "  and says so"
ko=$(find "$CORPUS/modules" -name tcp_dctcp.ko.xz)
xz -dc "$ko" > "$TAP_TMP/tcp_dctcp.ko"
zstd -q -c "$TAP_TMP/tcp_dctcp.ko" > "$TAP_TMP/tcp_dctcp.ko.zst"
gzip -c "$TAP_TMP/tcp_dctcp.ko" > "$TAP_TMP/tcp_dctcp.ko.gz"
for lib in "xz liblzma $ko" "zstd libzstd $TAP_TMP/tcp_dctcp.ko.zst"; do
	read -r what name file <<<"$lib"
	run_cmd "$nolib/bpftool" kfunc show file "$CORPUS/vmlinux" modules "$file"
	[ "$TAP_RC" = 2 ] && grep -q "$what-compressed, and bpftool was built without $name" "$TAP_ERR"
	ok $? "  a .ko.$what module: unsupported, says which library" || diag "$(cat "$TAP_ERR")"
done
cmp -s <("$nolib/bpftool" -j kfunc show file "$CORPUS/vmlinux" modules "$TAP_TMP/tcp_dctcp.ko.gz") \
	<("$BPFTOOL" -j kfunc show file "$CORPUS/vmlinux" modules "$ko")
ok $? "  a .ko.gz module: the same kfuncs as the .ko.xz with every library"

done_testing
