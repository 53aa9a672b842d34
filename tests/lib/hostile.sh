# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Helpers of the hostile_*.t tests (source after tap.sh):
#
#	judge RCS CMD...	run CMD; print what is wrong with how it ended
#	sweep DESC RCS DIR CMD...	judge CMD on every file of DIR ("@" in
#				CMD is replaced by the file); one TAP line
#	mutate IN DIR cut|flip N	write N cut or byte-flipped copies of IN
#
# Outcomes are acceptable when the exit status is one of RCS; exit 2 also
# needs stderr to be exactly one "Error: " line, and no other status may
# print "Error"; with HOSTILE_JSON set, exit 2 needs stdout to be a JSON
# object with "error" alone, or an array of resolve records one of which is
# {"object", "error"}, and stderr empty. Sanitizer reports, crashes and runs over 60 s never are.
# HOSTILE_TRIED counts the commands run.

HOSTILE_TRIED=0

# The bpftool builds to run: BPFTOOL, and the sanitized one of make
# SANITIZE=1 (BPFTOOL_SAN, by default build/bpftool-san when it is newer
# than every source file); an empty BPFTOOL_SAN runs BPFTOOL alone.
if [ -z "${BPFTOOL_SAN+set}" ] && [ -n "${TOP:-}" ]; then
	BPFTOOL_SAN=$TOP/build/bpftool-san
	if [ ! -x "$BPFTOOL_SAN" ] || [ "$BPFTOOL_SAN" -ef "$BPFTOOL" ] ||
	   [ -n "$(find "$TOP/bpftool" -name '*.[ch]' -newer "$BPFTOOL_SAN" | head -1)" ]; then
		BPFTOOL_SAN=
	fi
fi
BINS=("$BPFTOOL")
[ -n "${BPFTOOL_SAN:-}" ] && BINS+=("$BPFTOOL_SAN")
export ASAN_OPTIONS=${ASAN_OPTIONS:-exitcode=99:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=98}

judge() {
	local rcs=$1 rc

	shift
	timeout -k 5 60 "$@" >"$TAP_OUT" 2>"$TAP_ERR" </dev/null
	rc=$?
	HOSTILE_TRIED=$((HOSTILE_TRIED + 1))
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		echo "timed out"
	elif grep -qE 'Sanitizer|runtime error:' "$TAP_ERR"; then
		echo "sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' "$TAP_ERR")"
	elif [[ " $rcs " != *" $rc "* ]]; then
		echo "exit status $rc: $(head -c 200 "$TAP_ERR")"
	elif [ "$rc" = 2 ] && [ -n "${HOSTILE_JSON:-}" ]; then
		# bpftool's error object, or resolve's records with an error one.
		if [ -s "$TAP_ERR" ] || ! jq -e 'if type == "array"
				then any(.[]; keys == ["error", "object"])
				else keys == ["error"] end' "$TAP_OUT" >/dev/null 2>&1; then
			echo "no JSON error: $(head -c 300 "$TAP_OUT" "$TAP_ERR")"
		fi
	elif [ "$rc" = 2 ]; then
		if [ "$(wc -l <"$TAP_ERR")" != 1 ] ||
		   ! head -c 7 "$TAP_ERR" | grep -qx 'Error: '; then
			echo "stderr is not one Error line: $(head -c 300 "$TAP_ERR")"
		fi
	elif grep -q 'Error' "$TAP_ERR"; then
		echo "exit $rc with an error: $(head -c 200 "$TAP_ERR")"
	fi
	return 0
}

sweep() {
	local desc=$1 rcs=$2 dir=$3 f why bad=0 n=0 first=
	local -a cmd

	shift 3
	for f in "$dir"/*; do
		cmd=("${@//@/$f}")
		why=$(judge "$rcs" "${cmd[@]}")
		n=$((n + 1))
		if [ -n "$why" ]; then
			bad=$((bad + 1))
			[ -z "$first" ] && first="$(basename "$f"): $why"
		fi
	done
	HOSTILE_TRIED=$((HOSTILE_TRIED + n))
	ok "$([ "$bad" = 0 ] && [ "$n" -gt 0 ]; echo $?)" "$desc: $n inputs, clean exits"
	[ -n "$first" ] && diag "$bad bad, first: $first"
	return 0
}

mutate() {
	python3 - "$@" <<'PY'
import os, random, sys
src, out, mode, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = open(src, 'rb').read()
size = len(data)
os.makedirs(out, exist_ok=True)
base = os.path.basename(src)
rng = random.Random(size * 7919 + n)
if mode == 'cut':
    # Header boundaries first, then offsets spread over the file.
    offs = {o for o in (0, 1, 4, 8, 16, 23, 24, 25, 32, 40, 64, 128)
            if o < size}
    offs |= {size - 1, size - 2, size // 2}
    step = max(1, size // max(1, n - len(offs)))
    offs |= set(range(step // 2, size, step))
    for o in sorted(offs)[:n]:
        open(os.path.join(out, '%s.cut%07d' % (base, o)), 'wb').write(data[:o])
else:
    for i in range(n):
        b = bytearray(data)
        pos = rng.randrange(size)
        b[pos] ^= rng.randrange(1, 256)
        # Every other mutant also gets a 32-bit field set to a huge value.
        if i % 2 and size >= 8:
            p = rng.randrange(0, size - 4) & ~3
            b[p:p + 4] = rng.choice([b'\xff\xff\xff\xff', b'\x00\x00\x00\x80',
                                     b'\xff\xff\xff\x0f'])
        open(os.path.join(out, '%s.flip%03d' % (base, i)), 'wb').write(b)
PY
}
