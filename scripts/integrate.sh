#!/bin/bash
# The few lines that plug the kfunc command into upstream bpftool sources:
# the command table, its declaration, the help line, the declaration of
# pretty_output, the skeleton hook and its section in bpftool-gen(8).
# usage: integrate.sh BPFTOOL_DIR
set -euo pipefail

dir=$1

# edit FILE ANCHOR_REGEX SED_SCRIPT: apply SED_SCRIPT, failing when the
# anchor is not there exactly once.
edit() {
	local file=$dir/$1 n

	n=$(grep -c -E -- "$2" "$file" || true)
	if [ "$n" != 1 ]; then
		echo "Error: $file: anchor '$2' found $n times, cannot integrate" >&2
		exit 1
	fi
	sed -i -E -e "$3" "$file"
}

edit main.c '^[[:space:]]*\{ "gen",[[:space:]]*do_gen \},' \
	'/^[[:space:]]*\{ "gen",[[:space:]]*do_gen \},/a\	{ "kfunc",\tdo_kfunc },'
edit main.c 'OBJECT := \{ prog \| map \|' \
	's/(OBJECT := \{ prog \| map \|)/\1 kfunc |/'
edit main.h '^extern bool json_output;' \
	'/^extern bool json_output;/a\
extern bool pretty_output;'
edit main.h '^int do_gen\(int argc, char \*\*argv\);' \
	'/^int do_gen\(int argc, char \*\*argv\);/a\
int do_kfunc(int argc, char **argv) __weak;\
int kfunc_gen_skeleton_guards(const void *obj_data, size_t obj_sz,\
			      const char *obj_name) __weak;\
int kfunc_gen_lskel_check(const void *obj_data, size_t obj_sz,\
			  const char *obj_name) __weak;\
int kfunc_gen_lskel_guards(const char *obj_name) __weak;'
# hook FUNCTION ANCHOR_REGEX INDENT CALL: in gen.c, insert before the line
# ANCHOR_REGEX matches, which must be there exactly once inside FUNCTION,
# "if (NAME) { err = CALL; if (err) goto out; }" (NAME: CALL's function,
# a weak symbol), indented by INDENT tabs.
hook() {
	local fn=$1 anchor=$2 t n

	t=$(printf '%*s' "$3" '' | tr ' ' '\t')
	n=$(sed -n "/^static int $fn(/,/^}/p" "$dir/gen.c" | grep -c -E "$anchor" || true)
	if [ "$n" != 1 ]; then
		echo "Error: $dir/gen.c: anchor '$anchor' found $n times in $fn()" >&2
		exit 1
	fi
	sed -i -E "/^static int $fn\(/,/^}/{
/$anchor/i\\
${t}if (${4%%(*}) {\\
$t	err = $4;\\
$t	if (err)\\
$t		goto out;\\
$t}
}" "$dir/gen.c"
}

# gen skeleton: the kfunc guards, before the asserts.
hook do_skeleton '^[[:space:]]*codegen_asserts\(obj, obj_name\);' 1 \
	'kfunc_gen_skeleton_guards(obj_data, file_sz, obj_name)'
# gen skeleton -L: a warning about flavors, then the light skeleton's guards.
hook do_skeleton '^[[:space:]]*err = gen_trace\(obj, obj_name, header_guard\);' 2 \
	'kfunc_gen_lskel_check(obj_data, file_sz, obj_name)'
hook gen_trace '^[[:space:]]*codegen_asserts\(obj, obj_name\);' 1 \
	'kfunc_gen_lskel_guards(obj_name)'

# The skeleton's kfunc guards are documented in bpftool-gen(8), where a
# tree has the man pages.
if [ -d "$dir/Documentation" ]; then
	edit Documentation/bpftool-gen.rst '^EXAMPLES$' \
		'/^EXAMPLES$/i\.. include:: kfunc-skeleton-guards.rst\n'
fi
