#!/bin/bash
# The few lines that plug the kfunc command into upstream bpftool sources:
# the command table, its declaration, the help line, the skeleton hook and
# its section in bpftool-gen(8).
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
edit main.h '^int do_gen\(int argc, char \*\*argv\);' \
	'/^int do_gen\(int argc, char \*\*argv\);/a\
int do_kfunc(int argc, char **argv) __weak;\
int kfunc_gen_skeleton_guards(const void *obj_data, size_t obj_sz,\
			      const char *obj_name) __weak;\
int kfunc_gen_lskel_check(const void *obj_data, size_t obj_sz,\
			  const char *obj_name) __weak;'
# The anchor must be unique inside do_skeleton().
n=$(sed -n '/^static int do_skeleton(/,/^}/p' "$dir/gen.c" |
    grep -c -E '^[[:space:]]*codegen_asserts\(obj, obj_name\);' || true)
if [ "$n" != 1 ]; then
	echo "Error: $dir/gen.c: codegen_asserts() found $n times in do_skeleton()" >&2
	exit 1
fi
sed -i -E '/^static int do_skeleton\(/,/^}/{
/^[[:space:]]*codegen_asserts\(obj, obj_name\);/i\
	if (kfunc_gen_skeleton_guards) {\
		err = kfunc_gen_skeleton_guards(obj_data, file_sz, obj_name);\
		if (err)\
			goto out;\
	}
}' "$dir/gen.c"
# gen skeleton -L: a warning about flavors before the light skeleton.
n=$(sed -n '/^static int do_skeleton(/,/^}/p' "$dir/gen.c" |
    grep -c -E '^[[:space:]]*err = gen_trace\(obj, obj_name, header_guard\);' || true)
if [ "$n" != 1 ]; then
	echo "Error: $dir/gen.c: gen_trace() found $n times in do_skeleton()" >&2
	exit 1
fi
sed -i -E '/^static int do_skeleton\(/,/^}/{
/^[[:space:]]*err = gen_trace\(obj, obj_name, header_guard\);/i\
		if (kfunc_gen_lskel_check) {\
			err = kfunc_gen_lskel_check(obj_data, file_sz, obj_name);\
			if (err)\
				goto out;\
		}
}' "$dir/gen.c"

# The skeleton's kfunc guards are documented in bpftool-gen(8), where a
# tree has the man pages.
if [ -d "$dir/Documentation" ]; then
	edit Documentation/bpftool-gen.rst '^EXAMPLES$' \
		'/^EXAMPLES$/i\.. include:: kfunc-skeleton-guards.rst\n'
fi
