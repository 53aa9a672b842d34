#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Each libFuzzer target runs a few seconds from the regression corpus
# (FUZZ_SHORT_SECONDS, default 8): it must exit 0 and leave no crash,
# leak, timeout or out-of-memory input behind.
. "$(dirname "$0")/lib/tap.sh"

TARGETS="object source module inflate resolve compare"
FUZZ_DIR=$(cd "$(dirname "$0")" && pwd)/fuzz
SECS=${FUZZ_SHORT_SECONDS:-8}

plan 6

for t in $TARGETS; do
	bin=$B/fuzz/fuzz-$t
	work=$TAP_TMP/$t
	mkdir -p "$work/corpus" "$work/art"
	run_cmd "$bin" -max_total_time="$SECS" -print_final_stats=1 -timeout=20 \
		-rss_limit_mb=4096 -dict="$FUZZ_DIR/kfunc.dict" \
		-artifact_prefix="$work/art/" "$work/corpus" "$FUZZ_DIR/corpus/$t"
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TAP_ERR")
	arts=$(ls "$work/art")
	why=
	if [ ! -x "$bin" ]; then
		why="$bin not built"
	elif [ "$TAP_RC" != 0 ]; then
		why="exit status $TAP_RC"
	elif [ -n "$arts" ]; then
		why="left $arts"
	elif [ -z "$execs" ] || [ "$execs" -lt 100 ]; then
		why="only '${execs}' executions"
	fi
	ok "$([ -z "$why" ]; echo $?)" "fuzz-$t: ${SECS}s, ${execs:-no} executions, no failure"
	if [ -n "$why" ]; then
		diag "$why"
		grep -v '^#\|^INFO\|^libbpf' "$TAP_ERR" | tail -30 | sed 's/^/#   /'
	fi
done
