#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Replay the fuzz regression corpus (tests/fuzz/corpus/TARGET/: seeds and
# the inputs that once crashed, hung or leaked) through the replay build of
# each fuzz target, under AddressSanitizer, LeakSanitizer and UBSan.
. "$(dirname "$0")/lib/tap.sh"

TARGETS="object source module inflate resolve compare reach json fleet"
CORPUS_DIR=$(cd "$(dirname "$0")" && pwd)/fuzz/corpus
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

plan 10

total=0
for t in $TARGETS; do
	bin=$B/fuzz/replay-$t
	n=$(find "$CORPUS_DIR/$t" -maxdepth 1 -type f | wc -l)
	total=$((total + n))
	run_cmd "$bin" "$CORPUS_DIR/$t"
	why=
	if [ ! -x "$bin" ]; then
		why="$bin not built"
	elif [ "$TAP_RC" != 0 ]; then
		why="exit status $TAP_RC"
	elif grep -qE 'Sanitizer|runtime error' "$TAP_ERR"; then
		why="sanitizer report"
	elif [ "$(cat "$TAP_OUT")" != "$n inputs" ]; then
		why="ran '$(cat "$TAP_OUT")', want $n inputs"
	elif [ "$n" -lt 3 ]; then
		why="only $n corpus files"
	fi
	ok "$([ -z "$why" ]; echo $?)" "$t: $n corpus files replay clean"
	[ -n "$why" ] && { diag "$why"; head -30 "$TAP_ERR" | sed 's/^/#   /'; }
done

# The crashers found so far stay in the corpus: at least one per parser
# family that had a bug (objects, sources, kernels of several files).
crashers=$(find "$CORPUS_DIR" -type f \( -name 'crash-*' -o -name 'timeout-*' \
	-o -name 'leak-*' \) | wc -l)
ok "$([ "$crashers" -ge 3 ]; echo $?)" "regression corpus keeps $crashers minimized failures ($total files in all)"
