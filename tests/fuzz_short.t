#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Each libFuzzer target runs FUZZ_SHORT_RUNS inputs (default 50000) from
# the regression corpus: it must exit 0 and leave no crash, leak, timeout
# or out-of-memory input behind. The seed is fixed (FUZZ_SHORT_SEED,
# default 1) and address randomization off (libFuzzer mutates with the
# values its targets compare, pointers among them), so that a run passes
# or fails the same on every machine; "make fuzz" explores at random.
. "$(dirname "$0")/lib/tap.sh"

TARGETS="object source module inflate resolve compare reach json fleet"
FUZZ_DIR=$(cd "$(dirname "$0")" && pwd)/fuzz
RUNS=${FUZZ_SHORT_RUNS:-50000}
SEED=${FUZZ_SHORT_SEED:-1}

plan 9

for t in $TARGETS; do
	bin=$B/fuzz/fuzz-$t
	work=$TAP_TMP/$t
	mkdir -p "$work/corpus" "$work/art"
	run_cmd setarch "$(uname -m)" -R "$bin" -runs="$RUNS" -seed="$SEED" -print_final_stats=1 -timeout=20 \
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
	elif [ -z "$execs" ] || [ "$execs" -lt "$RUNS" ]; then
		why="only '${execs}' executions"
	fi
	ok "$([ -z "$why" ]; echo $?)" "fuzz-$t: ${execs:-no} executions from seed $SEED, no failure"
	if [ -n "$why" ]; then
		diag "$why"
		grep -v '^#\|^INFO\|^libbpf' "$TAP_ERR" | tail -30 | sed 's/^/#   /'
	fi
done
