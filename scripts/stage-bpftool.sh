#!/bin/bash
# Lay out a buildable bpftool tree in STAGE_DIR from the upstream tree at
# BPFTOOL_SRC: the bpftool directory is copied (it gets our files, our man
# page and the integration edits), everything around it is linked, so the
# upstream tree itself is never written to.
# usage: stage-bpftool.sh BPFTOOL_SRC STAGE_DIR OUR_DIR
set -euo pipefail

src=$(cd "$1" && pwd)
stage=$2
ours=$(cd "$3" && pwd)

if [ -d "$src/../../lib/bpf" ]; then
	# kernel tree: tools/bpf/bpftool
	root=$(cd "$src/../../.." && pwd)
	rel=tools/bpf/bpftool
elif [ -d "$src/../libbpf/src" ]; then
	# bpftool mirror: src/ beside libbpf/
	root=$(cd "$src/.." && pwd)
	rel=$(basename "$src")
else
	echo "Error: $1: not a bpftool source tree (no libbpf beside it)" >&2
	exit 1
fi
[ -f "$src/main.c" ] && [ -f "$src/gen.c" ] ||
	{ echo "Error: $1: no bpftool main.c/gen.c" >&2; exit 1; }

# link_level ROOT DEST REL: link the entries of ROOT into DEST, descending
# along REL, whose last component is copied.
link_level() {
	local from=$1 to=$2 path=$3 head=${3%%/*} rest entry

	mkdir -p "$to"
	[ "$head" = "$path" ] && rest= || rest=${path#*/}
	for entry in "$from"/* "$from"/.[!.]*; do
		[ -e "$entry" ] || continue
		entry=$(basename "$entry")
		[ "$entry" = "$head" ] && continue
		ln -sfn "$from/$entry" "$to/$entry"
	done
	if [ -z "$rest" ]; then
		rm -rf "${to:?}/$head"
		cp -a "$from/$head" "$to/$head"
	else
		link_level "$from/$head" "$to/$head" "$rest"
	fi
}

rm -rf "$stage.new"
link_level "$root" "$stage.new" "$rel"
dir=$stage.new/$rel
for f in "$ours"/*.[ch]; do
	ln -sfn "$f" "$dir/$(basename "$f")"
done
# Our man page builds beside upstream's, with their includes.
if [ -d "$dir/Documentation" ]; then
	for f in "$ours"/../docs/*.rst; do
		ln -sfn "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$dir/Documentation/"
	done
fi
"$(dirname "$0")/integrate.sh" "$dir"
rm -rf "$stage"
mv "$stage.new" "$stage"
echo "$stage/$rel"
