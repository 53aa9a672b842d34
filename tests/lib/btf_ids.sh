# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Synthetic kernel files with .BTF_ids kfunc sets, for tests that source
# it after lib/tap.sh:
#
#	btf_id FILE NAME [BASE]		BTF id of the FUNC or VAR NAME
#	set8 ID:FLAGS...		a kfunc set (BTF_SET8_KFUNCS) in C
#	btf_elf OUT BTF C-SOURCE	an object file with .BTF and the C

btf_id() {
	"$BPFTOOL" ${3:+-B "$3"} btf dump file "$1" |
		awk -v n="'$2'" '($2 == "FUNC" || $2 == "VAR") && $3 == n {
			gsub(/[][]/, "", $1); print $1 }'
}

# Ids ascending, as the kernel's sets are sorted.
set8() {
	printf 'unsigned int __BTF_ID__set8__s[] __attribute__((section(".BTF_ids"), used)) = { %s, 1' "$#"
	printf '%s\n' "$@" | sort -n -t: -k1,1 | awk -F: '{ printf ", %s, %s", $1, $2 }'
	echo ' };'
}

btf_elf() {
	echo "$3" >"$TAP_TMP/e.c"
	gcc -c "$TAP_TMP/e.c" -o "$TAP_TMP/e.o" &&
		objcopy --add-section .BTF="$2" "$TAP_TMP/e.o" "$1" ||
		bail_out "cannot make $1"
}
