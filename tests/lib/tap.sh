# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# TAP helpers for the tests/*.t bash scripts. Source it:
#
#	. "$(dirname "$0")/lib/tap.sh"
#	plan 3			# or no plan, and done_testing at the end
#	ok "$cond_status" "description"	# ok 0 = pass; ok 1 = fail
#	is "$got" "$want" "description"
#	err_is 2 "does not fit" "description" -- CMD ARGS...
#	valgrind_clean "description" -- CMD ARGS...
#	btf_tagged_funcs RAW_DUMP bpf_kfunc	# "NAME ID" lines
#	done_testing
#
# Everything goes to stdout as TAP; diagnostics are "# " lines. The exit
# status of the script is the number of failed tests (at most 254), or 255
# when the plan was not met.
#
# Variables a test may use after sourcing:
#	BPFTOOL		the bpftool under test (from the environment)
#	B		the test output directory (from the environment)
#	TAP_TMP		a private temporary directory, removed at exit
#	TAP_OUT		stdout of the last run_cmd / err_is command (file)
#	TAP_ERR		stderr of the last run_cmd / err_is command (file)
#	TAP_RC		exit status of the last run_cmd / err_is command

: "${BPFTOOL:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/bpftool}"
: "${B:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/build/tests}"
export BPFTOOL B

TAP_N=0
TAP_FAILED=0
TAP_PLAN=
TAP_TMP=$(mktemp -d "${TMPDIR:-/tmp}/kftest.XXXXXX")
TAP_OUT=$TAP_TMP/.out
TAP_ERR=$TAP_TMP/.err
TAP_RC=0
chmod 755 "$TAP_TMP"

_tap_exit() {
	local rc=$?

	rm -rf "$TAP_TMP"
	if [ -n "$TAP_PLAN" ] && [ "$TAP_PLAN" != "$TAP_N" ]; then
		echo "# planned $TAP_PLAN tests but ran $TAP_N"
		exit 255
	fi
	[ "$rc" != 0 ] && [ "$TAP_FAILED" = 0 ] && exit "$rc"
	[ "$TAP_FAILED" -gt 254 ] && exit 254
	exit "$TAP_FAILED"
}
trap _tap_exit EXIT

# plan N: announce N tests up front.
plan() {
	TAP_PLAN=$1
	echo "1..$1"
}

# diag TEXT...: a diagnostic line per line of TEXT.
diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# ok STATUS DESCRIPTION: pass when STATUS is 0.
ok() {
	local status=$1

	shift
	TAP_N=$((TAP_N + 1))
	if [ "$status" = 0 ]; then
		echo "ok $TAP_N - $*"
		return 0
	fi
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $*"
	return 1
}

# check DESCRIPTION -- CMD...: pass when CMD exits 0.
check() {
	local desc=$1

	shift
	[ "$1" = "--" ] && shift
	"$@"
	ok $? "$desc"
}

# is GOT WANT DESCRIPTION: string equality; a unified diff on failure.
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
		return 0
	fi
	ok 1 "$3"
	diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$1") |
		sed -e '1s/^.*/# --- want/' -e '2s/^.*/# +++ got/' -e '3,$s/^/# /'
	return 1
}

# is_file GOT_FILE WANT_FILE DESCRIPTION: file equality with a diff.
is_file() {
	if cmp -s "$1" "$2"; then
		ok 0 "$3"
		return 0
	fi
	ok 1 "$3"
	diff -u "$2" "$1" | head -60 | sed 's/^/# /'
	return 1
}

# run_cmd CMD...: run CMD, stdout to $TAP_OUT, stderr to $TAP_ERR, status
# to $TAP_RC. Always returns 0.
run_cmd() {
	"$@" >"$TAP_OUT" 2>"$TAP_ERR"
	TAP_RC=$?
	return 0
}

# err_is RC SUBSTR DESCRIPTION -- CMD...: CMD exits with RC and its stderr
# is exactly one line that starts "Error: " and contains SUBSTR (fixed
# string). Counts as one test. Stdout is left in $TAP_OUT for more checks.
err_is() {
	local want_rc=$1 sub=$2 desc=$3 lines why=

	shift 3
	[ "$1" = "--" ] && shift
	run_cmd "$@"
	lines=$(wc -l <"$TAP_ERR")
	if [ "$TAP_RC" != "$want_rc" ]; then
		why="exit status $TAP_RC, want $want_rc"
	elif [ "$lines" != 1 ]; then
		why="$lines stderr lines, want 1"
	elif ! head -c 7 "$TAP_ERR" | grep -qx 'Error: '; then
		why="stderr does not start with 'Error: '"
	elif ! grep -qF -- "$sub" "$TAP_ERR"; then
		why="stderr lacks '$sub'"
	fi
	if [ -z "$why" ]; then
		ok 0 "$desc"
		return 0
	fi
	ok 1 "$desc"
	diag "$why; command: $*"
	sed 's/^/#   stderr: /' "$TAP_ERR" | head -20
	return 1
}

# valgrind_clean DESCRIPTION -- CMD...: CMD under memcheck reports no
# errors and no definite or indirect leaks (the exit status of CMD itself
# does not matter unless it is 99). Counts as one test. A CMD built with
# AddressSanitizer (SANITIZE=1), which valgrind cannot run, runs as it is
# and must get no sanitizer or leak report instead.
valgrind_clean() {
	local desc=$1 log=$TAP_TMP/.vg rc

	shift
	[ "$1" = "--" ] && shift
	if grep -q __asan_init "$(command -v "$1")" 2>/dev/null; then
		ASAN_OPTIONS=detect_leaks=1 "$@" >/dev/null 2>"$log"
		! grep -qE 'Sanitizer|runtime error:' "$log"
		ok $? "$desc (sanitizers)" && return 0
		head -40 "$log" | sed 's/^/#   /'
		return 1
	fi
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--log-file="$log" "$@" >/dev/null 2>&1
	rc=$?
	if [ "$rc" != 99 ] && ! grep -q '==[0-9]*==' "$log"; then
		ok 0 "$desc"
		return 0
	fi
	ok 1 "$desc"
	diag "valgrind exit $rc; command: $*"
	head -40 "$log" | sed 's/^/#   /'
	return 1
}

# btf_tagged_funcs RAW_DUMP TAG: "NAME ID" of each FUNC that carries decl
# tag TAG (component_idx -1) in the output of "bpftool btf dump file F"
# (raw format), sorted. With -B BASE the dump holds a module's own types.
btf_tagged_funcs() {
	awk -v tag="'$2'" '
	$2 == "FUNC" {
		id = substr($1, 2, length($1) - 2)
		name[id] = substr($3, 2, length($3) - 2)
	}
	$2 == "DECL_TAG" && $3 == tag && $5 == "component_idx=-1" {
		sub("type_id=", "", $4)
		want[$4] = 1
	}
	END {
		for (id in want)
			if (id in name)
				print name[id], id
	}' "$1" | LC_ALL=C sort
}

# skip_all REASON: nothing can run here (not for tests that must run).
skip_all() {
	echo "1..0 # SKIP $*"
	TAP_PLAN=
	exit 0
}

# bail_out REASON: stop the whole run.
bail_out() {
	echo "Bail out! $*"
	exit 255
}

# done_testing: print the plan at the end when none was given.
done_testing() {
	[ -n "$TAP_PLAN" ] && return 0
	TAP_PLAN=$TAP_N
	echo "1..$TAP_N"
}
