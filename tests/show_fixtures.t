#!/bin/bash
# SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
# kfunc show on synthetic BTF: a vmlinux and two split modules made by mkbtf,
# against golden outputs (tests/golden/show_*; UPDATE_GOLDEN=1 rewrites them).
. "$(dirname "$0")/lib/tap.sh"

G=$(cd "$(dirname "$0")" && pwd)/golden
MKBTF=$B/bin/mkbtf
D=$TAP_TMP

cat >"$D/vmlinux.spec" <<'SPEC'
u8: int u8 1
u32: int u32 4
s32: int int 4 signed
u64: int u64 8
char: int char 1 char
bool: int _Bool 1 bool
cchar: const char
str: ptr cchar
voidp: ptr void
task: struct task_struct 16
  member pid s32
  member flags u32
  member next taskp
taskp: ptr task
map: struct bpf_map 8
  member id u32
mapp: ptr map
fw: fwd bpf_dynptr struct
fwp: ptr fw
vol: volatile u64
volp: ptr vol
ct: const task
ctp: ptr ct
u32t: typedef __u32 u32
e: enum bpf_mode 4
  value BPF_MODE_A 0
  value BPF_MODE_B 1
p1: proto taskp
  param t taskp
f1: func bpf_alpha p1
tag bpf_kfunc f1
p2: proto u64
  param x u64
f2: func bpf_fast p2
tag bpf_kfunc f2
tag bpf_fastcall f2
# every argument annotation, and names that carry none
p3: proto s32
  param buf voidp
  param buf__sz u32
  param data voidp
  param data__szk u32
  param off__k u64
  param ctx__ign voidp
  param it__uninit fwp
  param obj__alloc voidp
  param opt__opt voidp
  param p__nullable voidp
  param name__str str
  param m__map voidp
  param i__iter voidp
  param aux__prog voidp
  param flags__irq_flag volp
  param node__refcounted_kptr voidp
  param cm__const_map mapp
  param prev__nonown_allowed voidp
  param a__arena voidp
  param b__arena__nullable voidp
  param rdonly_buf_size u32
  param rdwr_buf_size u32
  param __k u64
  param plain__sz_not u32
  param mode e
  param task ctp
  param len u32t
  param ok bool
f3: func bpf_annotated p3
tag bpf_kfunc f3
# also a kfunc of module moda
p4: proto void
  param m mapp
f4: func bpf_shared p4
tag bpf_kfunc f4
# not kfuncs: untagged, bpf_fastcall only, tag on a parameter, tag on a VAR
p5: proto void
f5: func bpf_not_kfunc p5
f6: func bpf_fastcall_only p5
tag bpf_fastcall f6
f7: func bpf_param_tag p2
tag bpf_kfunc f7 0
v1: var bpf_var_tagged u32
tag bpf_kfunc v1
# static linkage and another tag beside bpf_kfunc
f8: func bpf_static_kfunc p5 static
tag bpf_kfunc f8
tag other_tag f8
p9: proto s32
  param fmt str
  param - void
f9: func bpf_varargs p9
tag bpf_kfunc f9
SPEC

cat >"$D/moda.spec" <<'SPEC'
conn: struct nf_conn___init 8
  member mark =u32
connp: ptr conn
tp: ptr =task_struct
p1: proto connp
  param t tp
  param flags__k =u64
p1b: proto void
  param m mapp
mapp: ptr =bpf_map
f1: func bpf_moda_alloc p1
tag bpf_kfunc f1
f2: func bpf_shared p1b
tag bpf_kfunc f2
p3: proto =int
  param ct__nullable connp
f3: func bpf_moda_release p3
tag bpf_kfunc f3
tag bpf_fastcall f3
f4: func moda_helper p3
SPEC

cat >"$D/modb.spec" <<'SPEC'
p: proto void
  param x =u64
f: func modb_init p
g: func modb_exit p
tag bpf_fastcall g
SPEC

cat >"$D/notags.spec" <<'SPEC'
u64: int u64 8
p: proto u64
  param x u64
f: func bpf_untagged p
g: func bpf_fastcall_untagged p
tag bpf_fastcall g
SPEC

"$MKBTF" "$D/vmlinux.spec" "$D/vmlinux" &&
"$MKBTF" -b "$D/vmlinux" "$D/moda.spec" "$D/moda.btf" &&
"$MKBTF" -b "$D/vmlinux" "$D/modb.spec" "$D/modb.btf" &&
"$MKBTF" "$D/notags.spec" "$D/notags" || bail_out "mkbtf failed"

SRC=(file "$D/vmlinux" modules "$D/moda.btf" "$D/modb.btf")

# golden NAME ARGS...: stdout of bpftool ARGS against golden/show_NAME,
# stderr against golden/show_NAME.err (empty when there is none), exit 0.
golden() {
	local name=$1 err

	shift
	run_cmd "$BPFTOOL" "$@"
	if [ -n "$UPDATE_GOLDEN" ]; then
		cp "$TAP_OUT" "$G/show_$name"
		rm -f "$G/show_$name.err"
		[ -s "$TAP_ERR" ] && cp "$TAP_ERR" "$G/show_$name.err"
	fi
	err=$G/show_$name.err
	[ -f "$err" ] || err=/dev/null
	is "$TAP_RC:$(cat "$TAP_ERR")" "0:$(cat "$err")" "$name: exit 0, stderr as in golden"
	is_file "$TAP_OUT" "$G/show_$name" "$name: output matches golden/show_$name"
}

golden plain kfunc show "${SRC[@]}"
golden json -j kfunc show "${SRC[@]}"
golden pretty -p kfunc show "${SRC[@]}"
run_cmd "$BPFTOOL" kfunc list "${SRC[@]}"
is_file "$TAP_OUT" "$G/show_plain" "'list' is 'show'"
golden name_glob kfunc show name 'bpf_moda_*' "${SRC[@]}"
golden module_moda -j kfunc show module moda "${SRC[@]}"
golden name_module -j kfunc show name 'bpf_s*' module vmlinux "${SRC[@]}"

J=$D/all.json
"$BPFTOOL" -j kfunc show "${SRC[@]}" >"$J"

is "$(wc -l <"$J")" 1 "-j prints one line"
is "$(jq -S . "$J")" "$(jq -S . "$G/show_pretty")" "-j and -p carry the same data"

# Field names and types of every object.
schema='
def str_or_null: type == "string" or type == "null";
all(.[];
  (keys == ["args","btf_id","btf_obj_id","callable","callable_error",
            "evidence","fastcall","flags","flags_raw","impl","name",
            "prototype","return","source","source_index"])
  and (.name | type == "string") and (.source | type == "string")
  and (.source_index | type == "number")
  and (.btf_obj_id | type == "number" or type == "null")
  and (.btf_id | type == "number") and (.prototype | type == "string")
  and (.return | type == "string") and (.fastcall | type == "boolean")
  and (.flags | type == "null" or (type == "array" and all(.[]; type == "string")))
  and (.flags_raw | type == "number" or type == "null")
  and (.impl == null or (.impl | keys == ["btf_id","name","prototype"]))
  and (.callable | type == "boolean")
  and ((.callable_error == null) == .callable)
  and (.evidence | type == "array" and length > 0
       and all(.[]; . == "decl_tag" or . == "btf_ids"))
  and (.args | type == "array" and all(.[];
        keys == ["annotation","meaning","name","type"]
        and (.name | type == "string") and (.type | type == "string")
        and (.annotation | str_or_null) and (.meaning | str_or_null)
        and ((.annotation == null) == (.meaning == null)))))'
is "$(jq -e "$schema" "$J")" true "every object has the documented fields and types"
is "$(jq -r 'type' "$J")" array "top level is an array"

is "$(jq -r '[.[] | "\(.source):\(.name)"] | join(" ")' "$J")" \
	"vmlinux:bpf_alpha vmlinux:bpf_annotated vmlinux:bpf_fast vmlinux:bpf_shared vmlinux:bpf_static_kfunc vmlinux:bpf_varargs moda:bpf_moda_alloc moda:bpf_moda_release moda:bpf_shared" \
	"tagged FUNCs only, by source then name"
is "$(jq -r '[.[] | select(.name == "bpf_shared") | "\(.source_index)/\(.btf_id)"] | join(" ")' "$J")" \
	"0/33 1/57" "a name in vmlinux and a module is listed once per source"
is "$(jq -r '[.[] | select(.source == "modb")] | length' "$J")" 0 \
	"a module without kfuncs lists nothing"
is "$(jq -r '[.[] | select(.fastcall) | .name] | join(" ")' "$J")" \
	"bpf_fast bpf_moda_release" "fastcall from the bpf_fastcall decl tag"
is "$(jq -r '[.[] | .evidence | join(",")] | unique | join(" ")' "$J")" decl_tag \
	"evidence of raw BTF is the decl tag only"
is "$(jq -r '[.[] | .flags, .flags_raw] | unique | map(tostring) | join(" ")' "$J")" null \
	"no .BTF_ids: flags unknown (null)"

want_annot='buf__sz=__sz data__szk=__szk off__k=__k ctx__ign=__ign it__uninit=__uninit obj__alloc=__alloc opt__opt=__opt p__nullable=__nullable name__str=__str m__map=__map i__iter=__iter aux__prog=__prog flags__irq_flag=__irq_flag node__refcounted_kptr=__refcounted_kptr cm__const_map=__const_map prev__nonown_allowed=__nonown_allowed a__arena=__arena b__arena__nullable=__arena__nullable rdonly_buf_size=rdonly_buf_size rdwr_buf_size=rdwr_buf_size'
is "$(jq -r '.[] | select(.name == "bpf_annotated") | [.args[] | select(.annotation) | "\(.name)=\(.annotation)"] | join(" ")' "$J")" \
	"$want_annot" "every argument suffix is recognized"
is "$(jq -r '.[] | select(.name == "bpf_annotated") | [.args[] | select(.annotation == null) | .name] | join(" ")' "$J")" \
	"buf data __k plain__sz_not mode task len ok" \
	"names without a suffix, or only the suffix, carry none"
is "$(jq -r '.[] | select(.name == "bpf_varargs") | .args[1] | "\(.name)|\(.type)"' "$J")" \
	"|..." "a variadic prototype ends in an unnamed ... argument"
is "$(jq -r '.[] | select(.name == "bpf_moda_alloc") | .prototype' "$J")" \
	"struct nf_conn___init *bpf_moda_alloc(struct task_struct *t, u64 flags__k)" \
	"module prototypes use base types"

# Filters.
run_cmd "$BPFTOOL" -j kfunc show module modb "${SRC[@]}"
is "$TAP_RC:$(cat "$TAP_OUT")" "0:[]" "module filter on a module without kfuncs: []"
is "$(cat "$TAP_ERR")" "Warning: no kfunc matches the filters" \
	"module filter on a module without kfuncs: a warning"
run_cmd "$BPFTOOL" -j kfunc show module nosuch "${SRC[@]}"
is "$TAP_RC:$(cat "$TAP_OUT")" "0:[]" "module filter on an unknown module: []"
is "$(cat "$TAP_ERR")" "Warning: no module 'nosuch' in this kernel's BTF" \
	"module filter on an unknown module: a warning naming it"
run_cmd "$BPFTOOL" kfunc show name 'bpf_nosuch*' "${SRC[@]}"
is "$TAP_RC:$(cat "$TAP_OUT"):$(cat "$TAP_ERR")" "0::Warning: no kfunc matches the filters" \
	"name filter matching nothing: exit 0, a warning"
run_cmd "$BPFTOOL" -j kfunc show name 'bpf_shared' "${SRC[@]}"
is "$(jq -r '[.[] | .source] | join(" ")' "$TAP_OUT")" "vmlinux moda" \
	"name filter, exact name"
run_cmd "$BPFTOOL" -j kfunc show name '*_[ab]*' "${SRC[@]}"
is "$(jq -r '[.[] | .name] | join(" ")' "$TAP_OUT")" \
	"bpf_alpha bpf_annotated bpf_moda_alloc" "name filter, glob with a class"

# A vmlinux without tags: one warning, nothing listed.
run_cmd "$BPFTOOL" kfunc show file "$D/notags"
is "$TAP_RC:$(cat "$TAP_OUT")" "0:" "no tags: exit 0, nothing listed"
is "$(wc -l <"$TAP_ERR")" 1 "no tags: one stderr line"
is "$(grep -c "^Warning: $D/notags: no bpf_kfunc decl tags" "$TAP_ERR")" 1 \
	"no tags: the line is a Warning naming the file"
run_cmd "$BPFTOOL" -j kfunc show file "$D/notags"
is "$TAP_RC:$(cat "$TAP_OUT"):$(wc -l <"$TAP_ERR")" "0:[]:1" "no tags, -j: [] and one stderr line"
is "$(grep -c "^Warning: $D/notags: no bpf_kfunc decl tags" "$TAP_ERR")" 1 \
	"no tags, -j: the warning is there too"

# Arguments.
err_is 2 "'name' needs at least 1 arguments" "'name' without a value" -- "$BPFTOOL" kfunc show name
err_is 2 "one SOURCE at most" "two sources" -- "$BPFTOOL" kfunc show "${SRC[@]}" kernel
err_is 2 "what is 'bogus'" "unknown word" -- "$BPFTOOL" kfunc show bogus
run_cmd "$BPFTOOL" kfunc frob
is "$TAP_RC:$(head -1 "$TAP_ERR")" "2:Error: unknown command 'frob'" \
	"unknown command: exit 2, an Error line first"
grep -q '^Usage: .* kfunc { show | list }' "$TAP_ERR"
ok $? "  then the usage"
run_cmd "$BPFTOOL" -j kfunc frob
is "$TAP_RC:$(jq -r .error "$TAP_OUT")" "2:unknown command 'frob'" \
	"unknown command, -j: exit 2, the error object alone"

valgrind_clean "valgrind: plain show of the fixtures" -- "$BPFTOOL" kfunc show "${SRC[@]}"
valgrind_clean "valgrind: -j show of the fixtures with filters" -- \
	"$BPFTOOL" -j kfunc show name 'bpf_*' module moda "${SRC[@]}"

done_testing
