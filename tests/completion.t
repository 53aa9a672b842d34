#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# Bash completion of "bpftool kfunc", merged with upstream's completion as
# `make install` installs it.
. "$(dirname "$0")/lib/tap.sh"

: "${COMPLETION:=$TOP/build/stage.bash}"
[ -f /usr/share/bash-completion/bash_completion ] || bail_out "bash-completion not installed"
[ -f "$COMPLETION" ] || bail_out "no $COMPLETION (make builds it)"

# complete WORD...: what TAB offers for the command line WORD... (the last
# word is the one being completed).
complete_words() {
	bash -c '
		source /usr/share/bash-completion/bash_completion
		source "$0"
		PATH=$(dirname "$BPFTOOL"):$PATH
		bpftool() { "$BPFTOOL" "$@"; }
		COMP_WORDS=("$@")
		COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
		COMP_LINE="${COMP_WORDS[*]}"
		COMP_POINT=${#COMP_LINE}
		_bpftool bpftool "${COMP_WORDS[-1]}" "${COMP_WORDS[-2]}"
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "
	' "$COMPLETION" "$@" 2>&1
}

is "$(complete_words bpftool kf)" "kfunc " "object: kfunc offered"
is "$(complete_words bpftool kfunc '')" "diff header help list override probe resolve show " "kfunc commands"
is "$(complete_words bpftool -j kfunc show '')" "file kernel module name prog_type " "show keywords, after an option"
want=$("$BPFTOOL" kfunc show name 'bpf_rcu_*' | awk '/^[0-9]+: /{print $2}' | sort | tr '\n' ' ')
is "$(complete_words bpftool kfunc show name bpf_rcu_)" "$want" "kfunc names of the running kernel"
is "$(complete_words bpftool kfunc resolve x.o policy '')" "kernel-override libbpf module-first " "policies"
is "$(complete_words bpftool kfunc resolve x.o loader '')" "all cilium libbpf lskel " "loaders"
is "$(complete_words bpftool kfunc resolve x.o kernel l)" "loader " "loader after a target"
is "$(complete_words bpftool kfunc override '')" "check show " "override commands"
is "$(complete_words bpftool kfunc override check x.ko '')" "file kernel " "override check keywords"
is "$(complete_words bpftool kfunc diff kernel '')" "file kernel name " "diff keywords"
is "$(complete_words bpftool kfunc header '')" "file kernel kernels name object " "header keywords"
is "$(complete_words bpftool kfunc show file vmlinux '')" "file kernel module modules name probe prog_type " \
	"modules and probe after file"
is "$(complete_words bpftool kfunc probe '')" "module name prog_type " "probe keywords"
is "$(complete_words bpftool kfunc probe prog_type cgroup/conn)" "cgroup/connect4 cgroup/connect6 cgroup/connect_unix " \
	"program types"
is "$(complete_words bpftool kfunc resolve x.o kernel '')" "file kernel kernels loader policy probe " \
	"resolve: probe after kernel"
mkdir -p "$TAP_TMP/c" && touch "$TAP_TMP/c/saved.json"
is "$(cd "$TAP_TMP/c" && complete_words bpftool kfunc resolve x.o file vmlinux probe '')" "saved.json " \
	"resolve: a file after 'file VMLINUX probe'"
is "$(complete_words bpftool kfunc resolve x.o file vmlinux '' | tr ' ' '\n' | grep -cx symbols)" 1 \
	"resolve: symbols after file VMLINUX"
case "$(complete_words bpftool prog '')" in
*" load "*) ok 0 "upstream completion still works for other objects" ;;
*) ok 1 "upstream completion still works for other objects" ;;
esac

done_testing
