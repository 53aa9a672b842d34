#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Hostile files: every kind of input kfunc show, resolve and override read,
# cut at many offsets and with flipped bytes and huge 32-bit fields. Each
# run must end with its output (exit 0, or 1 when resolve finds a failing
# load or override check an invalid override) or one "Error: " line and
# exit 2: no crash, hang or sanitizer report. BPFTOOL_SAN (a SANITIZE=1
# build), when set, runs the same inputs too; valgrind runs a sample.
. "$(dirname "$0")/lib/tap.sh"
. "$(dirname "$0")/lib/hostile.sh"

: "${CORPUS:=$(cd "$(dirname "$0")/.." && pwd)/build/corpus/debian-6.12}"
SEEDS=$(cd "$(dirname "$0")" && pwd)/fuzz/corpus
D=$TAP_TMP
VM=$SEEDS/source/seed-vmlinux.btf	# fixed small vmlinux (raw BTF)
VM_ELF=$SEEDS/source/seed-vmlinux-rel.elf	# ELF: .BTF, .BTF_ids, symbols
MOD_BTF=$SEEDS/module/seed-module.btf	# split on VM
MOD_KO=$SEEDS/module/seed-module.ko	# ELF: .BTF, .BTF_ids, .modinfo
MOD_XZ=$SEEDS/inflate/seed-module.ko.xz
MOD_ZST=$SEEDS/inflate/seed-module.ko.zst
MOD_GZ=$SEEDS/inflate/seed-module.ko.gz
OBJ=$B/bpf/policy.bpf.o
DCTCP=$CORPUS/modules/net/ipv4/tcp_dctcp.ko.xz


# The unbroken inputs work.
for f in "$VM" "$VM_ELF" "$MOD_BTF" "$MOD_KO" "$MOD_XZ" "$OBJ" "$DCTCP"; do
	[ -s "$f" ] || bail_out "missing input $f"
done
run_cmd "$BPFTOOL" kfunc show file "$VM_ELF" modules "$MOD_KO" "$MOD_XZ" "$MOD_ZST" "$MOD_GZ"
is "$TAP_RC:$(grep -c '^[0-9]' "$TAP_OUT")" "0:16" "the unbroken inputs load: 4 + 4 x 3 kfuncs"
run_cmd "$BPFTOOL" kfunc resolve "$OBJ" file "$VM" modules "$MOD_BTF"
ok "$([ "$TAP_RC" = 0 ] || [ "$TAP_RC" = 1 ]; echo $?)" "the unbroken object resolves"

for bin in "${BINS[@]}"; do
	tag=${bin##*/}
	for kind in VM VM_ELF MOD_BTF MOD_KO MOD_XZ OBJ; do
		f=${!kind}
		mutate "$f" "$D/$kind.cut" cut 60
		mutate "$f" "$D/$kind.flip" flip 60
		for m in cut flip; do
			case $kind in
			VM|VM_ELF)
				sweep "$tag: vmlinux $(basename "$f") $m" "0 2" "$D/$kind.$m" \
					"$bin" kfunc show file @
				;;
			MOD_*)
				sweep "$tag: module $(basename "$f") $m" "0 2" "$D/$kind.$m" \
					"$bin" kfunc show file "$VM" modules @
				;;
			OBJ)
				sweep "$tag: object $(basename "$f") $m" "0 1 2" "$D/$kind.$m" \
					"$bin" kfunc resolve @ file "$VM" modules "$MOD_BTF"
				;;
			esac
		done
	done
	# The override rule reads module files on their own base.
	sweep "$tag: override check of cut modules" "0 1 2" "$D/MOD_KO.cut" \
		"$bin" kfunc override check @ -B "$VM" file "$VM"
	sweep "$tag: override check of flipped modules" "0 1 2" "$D/MOD_KO.flip" \
		"$bin" kfunc override check @ -B "$VM" file "$VM"
	# JSON: an error replaces the output.
	HOSTILE_JSON=1 sweep "$tag: -j show of flipped modules" "0 2" "$D/MOD_KO.flip" \
		"$bin" -j kfunc show file "$VM" modules @
	HOSTILE_JSON=1 sweep "$tag: -j resolve of cut objects" "0 1 2" "$D/OBJ.cut" \
		"$bin" -j kfunc resolve @ file "$VM"
done

# A real module of Debian 6.12 on its own vmlinux, cut and flipped.
mutate "$DCTCP" "$D/dctcp.cut" cut 16
mutate "$DCTCP" "$D/dctcp.flip" flip 16
sweep "real tcp_dctcp.ko.xz cut" "0 2" "$D/dctcp.cut" \
	"$BPFTOOL" kfunc show file "$CORPUS/vmlinux" modules @
sweep "real tcp_dctcp.ko.xz flipped" "0 2" "$D/dctcp.flip" \
	"$BPFTOOL" kfunc show file "$CORPUS/vmlinux" modules @
xz -dc "$DCTCP" >"$D/dctcp.ko"
mutate "$D/dctcp.ko" "$D/dctcpko.flip" flip 16
sweep "real tcp_dctcp.ko flipped" "0 2" "$D/dctcpko.flip" \
	"$BPFTOOL" kfunc show file "$CORPUS/vmlinux" modules @

# The real vmlinux cut in its ELF header, in its .BTF header and in its
# BTF types and strings.
read -r off len < <(readelf -SW "$CORPUS/vmlinux" |
	awk '{ sub(/^.*\] /, "") } $1 == ".BTF" { print $4, $5 }')
off=$((16#$off))
len=$((16#$len))
mkdir "$D/vmcut"
for n in 52 $((off + 12)) $((off + len / 3)) $((off + len - 7)); do
	head -c "$n" "$CORPUS/vmlinux" >"$D/vmcut/vmlinux.$n"
done
sweep "real vmlinux cut at 4 offsets, .BTF at $off + $len" "2" "$D/vmcut" "$BPFTOOL" kfunc show file @
rm -rf "$D/vmcut"

# valgrind on a sample: no invalid access, no leak.
vg=0
for f in "$D"/VM_ELF.flip/*.flip00[0-3] "$D"/MOD_XZ.cut/*.cut000002[0-9]* "$D"/OBJ.flip/*.flip00[0-3]; do
	[ -f "$f" ] || continue
	case $f in
	*OBJ*) args=(kfunc resolve "$f" file "$VM") ;;
	*MOD*) args=(kfunc show file "$VM" modules "$f") ;;
	*) args=(kfunc show file "$f") ;;
	esac
	valgrind_clean "valgrind: ${f##*/}" -- "$BPFTOOL" "${args[@]}"
	vg=$((vg + 1))
	HOSTILE_TRIED=$((HOSTILE_TRIED + 1))
done
ok "$([ "$vg" -ge 8 ]; echo $?)" "valgrind ran on $vg inputs"

diag "hostile inputs tried: $HOSTILE_TRIED"
done_testing
