// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kfunc guards of `bpftool gen skeleton`: for an object with kfunc externs,
 * the skeleton gets NAME__kfuncs_probe() and NAME__kfuncs_check(), which
 * tell at run time what libbpf makes of each kfunc extern and typed ksym
 * when the object is loaded on the running kernel: read in the
 * instructions libbpf 1.6 and later relocate before the load, computed
 * with libbpf's public API before.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "main.h"
#include "kfunc.h"

/*
 * Which typed ksyms of @want kallsyms lists, for both kinds of skeleton:
 * the same for every skeleton but for its name (%1$s).
 */
static const char ksyms_tmpl[] =
"\n"
"/*\n"
" * Set @listed[i] for each typed ksym i of @want that /proc/kallsyms lists,\n"
" * where the verifier looks its address up (a data symbol also by its name\n"
" * before \".llvm.\"). 0 or -errno.\n"
" */\n"
"static inline int %1$s__ksyms_listed_(const bool *want, bool *listed)\n"
"{\n"
"\tconst struct %1$s__kfunc_desc *d;\n"
"\tchar name[500], type, *cut;\n"
"\tsize_t i, cnt, n = 0;\n"
"\tFILE *f;\n"
"\n"
"\td = %1$s__kfunc_descs(&cnt);\n"
"\tfor (i = 0; i < cnt; i++) {\n"
"\t\tlisted[i] = false;\n"
"\t\tn += want[i];\n"
"\t}\n"
"\tif (!n)\n"
"\t\treturn 0;\n"
"\tf = fopen(\"/proc/kallsyms\", \"re\");\n"
"\tif (!f)\n"
"\t\treturn -errno;\n"
"\twhile (fscanf(f, \"%%*s %%c %%499s%%*[^\\n]\", &type, name) == 2) {\n"
"\t\tcut = type == 'd' ? strstr(name, \".llvm.\") : NULL;\n"
"\t\tif (cut)\n"
"\t\t\t*cut = '\\0';\n"
"\t\tfor (i = 0; i < cnt; i++)\n"
"\t\t\tif (want[i] && !strcmp(d[i].name, name))\n"
"\t\t\t\tlisted[i] = true;\n"
"\t}\n"
"\tfclose(f);\n"
"\treturn 0;\n"
"}\n";

/*
 * The running kernel's BTF as libbpf searches it (find_ksym_btf_id(),
 * load_module_btfs()), and what fails the programs needing an extern, for
 * both ways of binding below: the same for every skeleton but for its name
 * (%1$s) and its number of extern descriptors (%2$zu).
 */
static const char btf_tmpl[] =
"\n"
"struct %1$s__kfunc_mod_ {\n"
"\tstruct btf *btf;\n"
"\tchar name[64];\n"
"};\n"
"\n"
"/* The running kernel's BTF: vmlinux, read when first needed, and modules. */\n"
"struct %1$s__kfunc_btfs_ {\n"
"\tstruct btf *vmlinux;\n"
"\tstruct %1$s__kfunc_mod_ *mods;\n"
"\tint mod_cnt;\n"
"\tbool mods_listed;\n"
"};\n"
"\n"
"static inline void %1$s__kfunc_btfs_free_(struct %1$s__kfunc_btfs_ *b)\n"
"{\n"
"\tint i;\n"
"\n"
"\tfor (i = 0; i < b->mod_cnt; i++)\n"
"\t\tbtf__free(b->mods[i].btf);\n"
"\tfree(b->mods);\n"
"\tbtf__free(b->vmlinux);\n"
"}\n"
"\n"
"/* Module BTFs in kernel BTF object id order, as libbpf lists them. */\n"
"static inline int %1$s__kfunc_list_mods_(struct %1$s__kfunc_btfs_ *b)\n"
"{\n"
"\tstruct %1$s__kfunc_mod_ *tmp;\n"
"\tstruct bpf_btf_info info;\n"
"\tchar name[64] = \"\";\n"
"\tstruct btf *btf;\n"
"\t__u32 id = 0, len;\n"
"\tint err, fd;\n"
"\n"
"\tb->mods_listed = true;\n"
"\tfor (;;) {\n"
"\t\terr = bpf_btf_get_next_id(id, &id);\n"
"\t\tif (err && (errno == ENOENT || errno == EPERM))\n"
"\t\t\treturn 0;\t/* the end, or no privilege: libbpf skips modules */\n"
"\t\tif (err)\n"
"\t\t\treturn -errno;\n"
"\t\tfd = bpf_btf_get_fd_by_id(id);\n"
"\t\tif (fd < 0) {\n"
"\t\t\tif (errno == ENOENT)\n"
"\t\t\t\tcontinue;\n"
"\t\t\treturn -errno;\n"
"\t\t}\n"
"\t\tmemset(&info, 0, sizeof(info));\n"
"\t\tlen = sizeof(info);\n"
"\t\tinfo.name = (__u64)(unsigned long)name;\n"
"\t\tinfo.name_len = sizeof(name);\n"
"\t\terr = bpf_btf_get_info_by_fd(fd, &info, &len);\n"
"\t\tif (err)\n"
"\t\t\terr = -errno;\n"
"\t\tclose(fd);\n"
"\t\tif (err)\n"
"\t\t\treturn err;\n"
"\t\tif (!info.kernel_btf || !strcmp(name, \"vmlinux\"))\n"
"\t\t\tcontinue;\n"
"\t\tbtf = btf__load_from_kernel_by_id_split(id, b->vmlinux);\n"
"\t\tif (!btf) {\n"
"\t\t\tif (errno == ENOENT)\n"
"\t\t\t\tcontinue;\t/* unloaded meanwhile */\n"
"\t\t\treturn -errno;\n"
"\t\t}\n"
"\t\ttmp = (struct %1$s__kfunc_mod_ *)realloc(b->mods, (b->mod_cnt + 1) * sizeof(*tmp));\n"
"\t\tif (!tmp) {\n"
"\t\t\tbtf__free(btf);\n"
"\t\t\treturn -ENOMEM;\n"
"\t\t}\n"
"\t\tb->mods = tmp;\n"
"\t\ttmp[b->mod_cnt].btf = btf;\n"
"\t\tmemcpy(tmp[b->mod_cnt].name, name, sizeof(name));\n"
"\t\ttmp[b->mod_cnt].name[sizeof(name) - 1] = '\\0';\n"
"\t\tb->mod_cnt++;\n"
"\t}\n"
"}\n"
"\n"
"/*\n"
" * Find @name of @kind where libbpf finds it: in vmlinux BTF, else in the\n"
" * first module BTF that has it, in @btf, named @src. Returns its type id, 0\n"
" * when not found, or -errno.\n"
" */\n"
"static inline int %1$s__kfunc_find_(struct %1$s__kfunc_btfs_ *b, const char *name,\n"
"\t\t\t\t      __u32 kind, const struct btf **btf, const char **src)\n"
"{\n"
"\tint id, i, err;\n"
"\n"
"\t*src = \"vmlinux\";\n"
"\tif (!b->vmlinux) {\n"
"\t\tb->vmlinux = btf__load_vmlinux_btf();\n"
"\t\tif (!b->vmlinux)\n"
"\t\t\treturn -errno;\n"
"\t}\n"
"\t*btf = b->vmlinux;\n"
"\tid = btf__find_by_name_kind(b->vmlinux, name, kind);\n"
"\tif (id != -ENOENT)\n"
"\t\treturn id > 0 ? id : 0;\n"
"\tif (!b->mods_listed) {\n"
"\t\terr = %1$s__kfunc_list_mods_(b);\n"
"\t\tif (err)\n"
"\t\t\treturn err;\n"
"\t}\n"
"\t/* not in vmlinux: a hit in a split BTF is in the module's own types */\n"
"\tfor (i = 0; i < b->mod_cnt; i++) {\n"
"\t\tid = btf__find_by_name_kind(b->mods[i].btf, name, kind);\n"
"\t\tif (id == -ENOENT)\n"
"\t\t\tcontinue;\n"
"\t\t*btf = b->mods[i].btf;\n"
"\t\t*src = b->mods[i].name;\n"
"\t\treturn id > 0 ? id : 0;\n"
"\t}\n"
"\treturn 0;\n"
"}\n"
"\n"
"/*\n"
" * Whether FUNC @id of @btf is a kfunc, one the verifier lets programs call:\n"
" * 1 when a \"bpf_kfunc\" decl tag marks it (pahole 1.27 and later tag every\n"
" * kfunc), 0 when not, -1 when no type of @btf has that tag: nothing tells.\n"
" */\n"
"static inline int %1$s__kfunc_tagged_(const struct btf *btf, int id)\n"
"{\n"
"\tconst struct btf_type *t;\n"
"\t__u32 i, n = btf__type_cnt(btf);\n"
"\tint tags = 0;\n"
"\n"
"\tfor (i = 1; i < n; i++) {\n"
"\t\tt = btf__type_by_id(btf, i);\n"
"\t\tif (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1 ||\n"
"\t\t    strcmp(btf__name_by_offset(btf, t->name_off), \"bpf_kfunc\"))\n"
"\t\t\tcontinue;\n"
"\t\tif (t->type == (__u32)id)\n"
"\t\t\treturn 1;\n"
"\t\ttags++;\n"
"\t}\n"
"\treturn tags ? 0 : -1;\n"
"}\n"
"\n"
"/*\n"
" * Set @bad[i] for each extern i that fails the programs needing it, with @ok\n"
" * the binding and @btf0 the typed ksyms libbpf gives BTF id 0: a kfunc\n"
" * extern that does not bind, or binds to a function that is not a kfunc\n"
" * (the verifier refuses each call it reaches), a typed ksym of BTF id 0 or\n"
" * whose address kallsyms lacks (the verifier refuses each program loading\n"
" * it). 0 or -errno.\n"
" */\n"
"static inline int %1$s__kfunc_bad_(struct %1$s__kfunc_btfs_ *b, const bool *ok,\n"
"\t\t\t\t     const bool *btf0, bool *bad)\n"
"{\n"
"\tconst struct %1$s__kfunc_desc *d;\n"
"\tbool addr[%2$zu], listed[%2$zu];\n"
"\tconst struct btf *btf = NULL;\n"
"\tconst char *src;\n"
"\tsize_t i, cnt;\n"
"\tint id, err;\n"
"\n"
"\td = %1$s__kfunc_descs(&cnt);\n"
"\tfor (i = 0; i < cnt; i++) {\n"
"\t\taddr[i] = d[i].var && ok[i] && !btf0[i];\n"
"\t\tbad[i] = d[i].var ? btf0[i] : !ok[i];\n"
"\t\tif (d[i].var || !ok[i])\n"
"\t\t\tcontinue;\n"
"\t\tid = %1$s__kfunc_find_(b, d[i].kname, BTF_KIND_FUNC, &btf, &src);\n"
"\t\tif (id < 0)\n"
"\t\t\treturn id;\n"
"\t\tbad[i] = id && !%1$s__kfunc_tagged_(btf, id);\n"
"\t}\n"
"\terr = %1$s__ksyms_listed_(addr, listed);\n"
"\tfor (i = 0; !err && i < cnt; i++)\n"
"\t\tbad[i] |= addr[i] && !listed[i];\n"
"\treturn err;\n"
"}\n";

/*
 * The binding of the externs for libbpf 1.6 and later, read from the
 * instructions that bpf_object__prepare() relocated: libbpf makes a call of
 * a bound kfunc a BPF_PSEUDO_KFUNC_CALL and an unbound (weak) one a helper
 * call it poisons, and gives the ld_imm64 of a bound kfunc, which
 * bpf_ksym_exists() tests, or of a bound typed ksym BPF_PSEUDO_BTF_ID with
 * its BTF id, leaving 0 when unbound. The same for every skeleton but for
 * its name (%1$s) and its number of extern descriptors (%2$zu);
 * NAME__kfunc_sites() comes before it.
 */
static const char prepared_tmpl[] =
"\n"
"/*\n"
" * Prepare @skel unless done already, and set @ok from the relocated\n"
" * instructions, then @bad (when not NULL) with %1$s__kfunc_bad_(). libbpf has\n"
" * no getter for the object's state: preparing loads the object's BTF into\n"
" * the kernel, which kfunc calls need. An extern that no program to be\n"
" * loaded names stays false: no loaded program tests, calls or loads it,\n"
" * and the program table looks at those programs only. A failed\n"
" * preparation (libbpf logs why) is reported to @out.\n"
" */\n"
"static inline int %1$s__kfuncs_run_(const struct %1$s *skel, bool *ok, bool *bad, FILE *out)\n"
"{\n"
"\tconst struct %1$s__kfunc_site *s;\n"
"\tstruct %1$s__kfunc_btfs_ b;\n"
"\tconst struct bpf_insn *insn;\n"
"\tstruct bpf_program *prog;\n"
"\tbool btf0[%2$zu];\n"
"\tint err;\n"
"\n"
"\tif (!skel || !skel->obj)\n"
"\t\treturn -EINVAL;\n"
"\tif (bpf_object__btf_fd(skel->obj) < 0) {\n"
"\t\terr = bpf_object__prepare(skel->obj);\n"
"\t\tif (err) {\n"
"\t\t\tif (out)\n"
"\t\t\t\tfprintf(out, \"%1$s: bpf_object__prepare() failed: %%d\\n\", err);\n"
"\t\t\treturn err;\n"
"\t\t}\n"
"\t}\n"
"\tmemset(ok, 0, %2$zu * sizeof(*ok));\n"
"\tmemset(btf0, 0, sizeof(btf0));\n"
"\tfor (s = %1$s__kfunc_sites(); s->prog; s++) {\n"
"\t\tprog = bpf_object__find_program_by_name(skel->obj, s->prog);\n"
"\t\tif (!prog || !bpf_program__autoload(prog))\n"
"\t\t\tcontinue;\n"
"\t\tif (s->insn >= bpf_program__insn_cnt(prog))\n"
"\t\t\treturn -EINVAL;\n"
"\t\tinsn = bpf_program__insns(prog) + s->insn;\n"
"\t\tif (insn->code == (BPF_JMP | BPF_CALL)) {\n"
"\t\t\tok[s->ext] = insn->src_reg == BPF_PSEUDO_KFUNC_CALL;\n"
"\t\t\tcontinue;\n"
"\t\t}\n"
"\t\tok[s->ext] = insn->src_reg == BPF_PSEUDO_BTF_ID;\n"
"\t\tbtf0[s->ext] = ok[s->ext] && !insn->imm;\n"
"\t}\n"
"\tif (!bad)\n"
"\t\treturn 0;\n"
"\tmemset(&b, 0, sizeof(b));\n"
"\terr = %1$s__kfunc_bad_(&b, ok, btf0, bad);\n"
"\t%1$s__kfunc_btfs_free_(&b);\n"
"\treturn err;\n"
"}\n"
"\n";

/*
 * The binding for libbpf 1.3 to 1.5, which cannot relocate without
 * loading: a reproduction of __bpf_core_types_are_compat(),
 * bpf_object__resolve_ksym_func_btf_id() and the typed ksyms' lookup of
 * bpf_object__resolve_ksym_var_btf_id(). The same for every skeleton but
 * for its name (%1$s), its number of extern descriptors (%2$zu) and
 * whether libbpf reads kallsyms for the object (%3$s: it has a typeless
 * ksym).
 */
static const char reproduced_tmpl[] =
"#else\n"
"/* libbpf's __bpf_core_types_are_compat(): > 0 compatible, 0 not, < 0 invalid */\n"
"static inline const struct btf_type *\n"
"%1$s__kfunc_skip_(const struct btf *btf, __u32 *id)\n"
"{\n"
"\tconst struct btf_type *t = btf__type_by_id(btf, *id);\n"
"\n"
"\twhile (t && (btf_is_mod(t) || btf_is_typedef(t))) {\n"
"\t\t*id = t->type;\n"
"\t\tt = btf__type_by_id(btf, *id);\n"
"\t}\n"
"\treturn t;\n"
"}\n"
"\n"
"static inline int %1$s__kfunc_compat_(const struct btf *lb, __u32 lid,\n"
"\t\t\t\t\tconst struct btf *tb, __u32 tid, int level)\n"
"{\n"
"\tconst struct btf_type *lt = btf__type_by_id(lb, lid);\n"
"\tconst struct btf_type *tt = btf__type_by_id(tb, tid);\n"
"\tconst struct btf_param *lp, *tp;\n"
"\t__u32 i, n, pl, pt;\n"
"\tint depth = 32, err;\n"
"\n"
"\tif (!lt || !tt)\n"
"\t\treturn -EINVAL;\n"
"\tif (!btf_kind_core_compat(lt, tt))\n"
"\t\treturn 0;\n"
"\tfor (;;) {\n"
"\t\tif (--depth < 0)\n"
"\t\t\treturn -EINVAL;\n"
"\t\tlt = %1$s__kfunc_skip_(lb, &lid);\n"
"\t\ttt = %1$s__kfunc_skip_(tb, &tid);\n"
"\t\tif (!lt || !tt)\n"
"\t\t\treturn -EINVAL;\n"
"\t\tif (!btf_kind_core_compat(lt, tt))\n"
"\t\t\treturn 0;\n"
"\t\tswitch (btf_kind(lt)) {\n"
"\t\tcase BTF_KIND_UNKN:\n"
"\t\tcase BTF_KIND_STRUCT:\n"
"\t\tcase BTF_KIND_UNION:\n"
"\t\tcase BTF_KIND_ENUM:\n"
"\t\tcase BTF_KIND_FWD:\n"
"\t\tcase BTF_KIND_ENUM64:\n"
"\t\t\treturn 1;\n"
"\t\tcase BTF_KIND_INT:\n"
"\t\t\treturn btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;\n"
"\t\tcase BTF_KIND_PTR:\n"
"\t\t\tlid = lt->type;\n"
"\t\t\ttid = tt->type;\n"
"\t\t\tbreak;\n"
"\t\tcase BTF_KIND_ARRAY:\n"
"\t\t\tlid = btf_array(lt)->type;\n"
"\t\t\ttid = btf_array(tt)->type;\n"
"\t\t\tbreak;\n"
"\t\tcase BTF_KIND_FUNC_PROTO:\n"
"\t\t\tn = btf_vlen(lt);\n"
"\t\t\tif (n != btf_vlen(tt))\n"
"\t\t\t\treturn 0;\n"
"\t\t\tlp = btf_params(lt);\n"
"\t\t\ttp = btf_params(tt);\n"
"\t\t\tfor (i = 0; i < n; i++) {\n"
"\t\t\t\tif (level <= 0)\n"
"\t\t\t\t\treturn -EINVAL;\n"
"\t\t\t\tpl = lp[i].type;\n"
"\t\t\t\tpt = tp[i].type;\n"
"\t\t\t\t%1$s__kfunc_skip_(lb, &pl);\n"
"\t\t\t\t%1$s__kfunc_skip_(tb, &pt);\n"
"\t\t\t\terr = %1$s__kfunc_compat_(lb, pl, tb, pt, level - 1);\n"
"\t\t\t\tif (err <= 0)\n"
"\t\t\t\t\treturn err;\n"
"\t\t\t}\n"
"\t\t\tlid = lt->type;\n"
"\t\t\ttid = tt->type;\n"
"\t\t\tbreak;\n"
"\t\tdefault:\n"
"\t\t\treturn 0;\n"
"\t\t}\n"
"\t}\n"
"}\n"
"\n"
"/*\n"
" * Bind extern @d as libbpf does: 1 found (a kfunc also compatible), 0 not\n"
" * found, 2 a kfunc found in @src but incompatible, < 0 -errno. The type of\n"
" * a typed ksym is not compared: the open object's BTF no longer has it.\n"
" */\n"
"static inline int %1$s__kfunc_resolve_(struct %1$s__kfunc_btfs_ *b, const struct btf *local,\n"
"\t\t\t\t\t const struct %1$s__kfunc_desc *d, const char **src)\n"
"{\n"
"\tconst struct btf_type *kt, *lt;\n"
"\tconst struct btf *kbtf = NULL;\n"
"\tint id, lid;\n"
"\n"
"\tid = %1$s__kfunc_find_(b, d->kname, d->var ? BTF_KIND_VAR : BTF_KIND_FUNC, &kbtf, src);\n"
"\tif (id <= 0)\n"
"\t\treturn id;\n"
"\tif (d->var)\n"
"\t\treturn 1;\n"
"\tlid = btf__find_by_name_kind(local, d->name, BTF_KIND_FUNC);\n"
"\tif (lid <= 0)\n"
"\t\treturn -ENOENT;\n"
"\tlt = btf__type_by_id(local, lid);\n"
"\tkt = btf__type_by_id(kbtf, id);\n"
"\tif (!lt || !kt)\n"
"\t\treturn -EINVAL;\n"
"\treturn %1$s__kfunc_compat_(local, lt->type, kbtf, kt->type, 32) > 0 ? 1 : 2;\n"
"}\n"
"\n"
"/*\n"
" * Bind every extern: @ok gets the flags, @bad (when not NULL) what\n"
" * %1$s__kfunc_bad_() says, @out the load failures, which it returns the\n"
" * number of.\n"
" */\n"
"static inline int %1$s__kfuncs_run_(const struct %1$s *skel, bool *ok, bool *bad, FILE *out)\n"
"{\n"
"\tbool maybe0[%2$zu], btf0[%2$zu];\n"
"\tconst struct %1$s__kfunc_desc *d;\n"
"\tstruct %1$s__kfunc_btfs_ b;\n"
"\tconst struct btf *local;\n"
"\tint err = 0, fails = 0, r;\n"
"\tconst char *src;\n"
"\tsize_t i, cnt;\n"
"\n"
"\tif (!skel || !skel->obj)\n"
"\t\treturn -EINVAL;\n"
"\tlocal = bpf_object__btf(skel->obj);\n"
"\tif (!local)\n"
"\t\treturn -ENOENT;\n"
"\tmemset(&b, 0, sizeof(b));\n"
"\td = %1$s__kfunc_descs(&cnt);\n"
"\tfor (i = 0; i < cnt; i++) {\n"
"\t\tr = %1$s__kfunc_resolve_(&b, local, &d[i], &src);\n"
"\t\tif (r < 0) {\n"
"\t\t\terr = r;\n"
"\t\t\tbreak;\n"
"\t\t}\n"
"\t\tok[i] = r == 1;\n"
"\t\t/* A typed ksym kallsyms has gets BTF id 0 when libbpf reads it. */\n"
"\t\tmaybe0[i] = d[i].var && !r && d[i].weak && %3$s;\n"
"\t\tif (r == 1 || d[i].weak)\n"
"\t\t\tcontinue;\n"
"\t\tfails++;\n"
"\t\tif (!out)\n"
"\t\t\tcontinue;\n"
"\t\tif (r == 0)\n"
"\t\t\tfprintf(out, \"%1$s: %%s '%%s': not found in vmlinux or module BTF\\n\",\n"
"\t\t\t\td[i].var ? \"ksym\" : \"kfunc\", d[i].name);\n"
"\t\telse\n"
"\t\t\tfprintf(out, \"%1$s: kfunc '%%s': prototype incompatible with %%s kfunc '%%s'\\n\",\n"
"\t\t\t\td[i].name, src, d[i].kname);\n"
"\t}\n"
"\tif (!err && bad)\n"
"\t\terr = %1$s__ksyms_listed_(maybe0, btf0);\n"
"\tfor (i = 0; !err && bad && i < cnt; i++)\n"
"\t\tbtf0[i] = maybe0[i] && btf0[i];\n"
"\tif (!err && bad)\n"
"\t\terr = %1$s__kfunc_bad_(&b, ok, btf0, bad);\n"
"\t%1$s__kfunc_btfs_free_(&b);\n"
"\treturn err ? err : fails;\n"
"}\n"
"#endif\n"
"\n";

/*
 * The part common to both ways of binding, the same for every skeleton but
 * for its name (%1$s) and, in runtime2_tmpl, its number of extern
 * descriptors (%2$zu); with tests of read-only data, the program's are run
 * between the two.
 */
static const char runtime_tmpl[] =
"/*\n"
" * The programs of @skel that %1$s__load() will load (autoload on) and the\n"
" * verifier will refuse, with @ok and @bad of %1$s__kfuncs_run_(): print\n"
" * why to @out (when not NULL), turn their autoload off when @disable.\n"
" * Returns their number, or -errno.\n"
" */\n"
"static inline int %1$s__kfunc_progs_run_(const struct %1$s *skel, const bool *ok,\n"
"\t\t\t\t\t  const bool *bad, FILE *out, bool disable)\n"
"{\n"
"\tconst struct %1$s__kfunc_prog *p, *progs = %1$s__kfunc_progs();\n"
"\tstruct bpf_program *prog;\n"
"\tunsigned int tests = 0;\n"
"\tint err, n = 0;\n"
"\n"
"\tfor (p = progs; p->name; p++) {\n"
"\t\tprog = bpf_object__find_program_by_name(skel->obj, p->name);\n"
"\t\tif (!prog || !bpf_program__autoload(prog))\n"
"\t\t\tcontinue;\n";

/* The rest of %1$s__kfunc_progs_run_(), and the functions it serves. */
static const char runtime2_tmpl[] =
"\t\tif (!%1$s__kfunc_prog_fails_(p, p - progs, tests, ok, bad, out))\n"
"\t\t\tcontinue;\n"
"\t\tn++;\n"
"\t\tif (disable) {\n"
"\t\t\terr = bpf_program__set_autoload(prog, false);\n"
"\t\t\tif (err)\n"
"\t\t\t\treturn err;\n"
"\t\t}\n"
"\t}\n"
"\treturn n;\n"
"}\n"
"\n"
"/*\n"
" * With libbpf 1.6 and later, the functions below prepare @skel with\n"
" * bpf_object__prepare(), which creates its maps: call them after every\n"
" * change that must come before that (map sizes, autoload, read-only data),\n"
" * right before %1$s__load(), or after the load.\n"
" */\n"
"\n"
"/*\n"
" * Print to @out (when not NULL) one line for each strong extern that\n"
" * makes the load of @skel fail on this kernel and for each program to be\n"
" * loaded that the verifier will refuse; return their number, or -errno.\n"
" * Call after %1$s__open(), before the load.\n"
" */\n"
"static inline int %1$s__kfuncs_check(const struct %1$s *skel, FILE *out)\n"
"{\n"
"\tbool ok[%2$zu], bad[%2$zu];\n"
"\tint fails, progs;\n"
"\n"
"\tfails = %1$s__kfuncs_run_(skel, ok, bad, out);\n"
"\tif (fails < 0)\n"
"\t\treturn fails;\n"
"\tprogs = %1$s__kfunc_progs_run_(skel, ok, bad, out, false);\n"
"\treturn progs < 0 ? progs : fails + progs;\n"
"}\n"
"\n"
"/*\n"
" * Turn autoload off for the programs %1$s__kfuncs_check() names, so that\n"
" * %1$s__load() loads the others. Call after %1$s__open(), before the\n"
" * load; returns how many programs were left out, or -errno.\n"
" */\n"
"static inline int %1$s__kfuncs_disable_failing(struct %1$s *skel)\n"
"{\n"
"\tbool ok[%2$zu], bad[%2$zu];\n"
"\tint fails = %1$s__kfuncs_run_(skel, ok, bad, NULL);\n"
"\n"
"\treturn fails < 0 ? fails : %1$s__kfunc_progs_run_(skel, ok, bad, NULL, true);\n"
"}\n"
"\n"
"/*\n"
" * Fill @k with what bpf_ksym_exists() gives for each kfunc extern in the\n"
" * programs of @skel loaded on this kernel (false for a strong extern that\n"
" * makes the load fail). Call after %1$s__open() or after the load; 0 or\n"
" * -errno.\n"
" */\n"
"static inline int %1$s__kfuncs_probe(const struct %1$s *skel, struct %1$s__kfuncs *k)\n"
"{\n"
"\tbool ok[%2$zu];\n"
"\tint err;\n"
"\n"
"\terr = %1$s__kfuncs_run_(skel, ok, NULL, NULL);\n"
"\tif (err < 0)\n"
"\t\treturn err;\n";

/*
 * The guards of a light skeleton, whose loader program binds each extern
 * with the bpf_btf_find_by_name_kind() helper under the extern's full name,
 * checking no prototype: the guards run that helper the same way, in a
 * BPF_PROG_TYPE_SYSCALL program of their own, which they load, run once
 * and close, with the module BTF fds the helper opens. No libbpf: a light
 * skeleton has none. The same for every light skeleton but for its name
 * (%1$s) and its number of extern descriptors (%2$zu).
 */
static const char lskel_tmpl[] =
"\n"
"/*\n"
" * Set @ok[i] when a light skeleton binds extern i on this kernel.\n"
" * Needs what loading the light skeleton needs (CAP_BPF and CAP_PERFMON, or\n"
" * CAP_SYS_ADMIN); 0 or -errno.\n"
" */\n"
"static inline int %1$s__kfuncs_run_(bool *ok)\n"
"{\n"
"\tconst struct %1$s__kfunc_desc *d;\n"
"\tstruct bpf_insn *insns, *in;\n"
"\tchar buf[256];\t/* at most half the stack */\n"
"\t__s64 res[%2$zu];\n"
"\tunion bpf_attr attr;\n"
"\tsize_t i, cnt, len, j;\n"
"\tint fd, err = 0;\n"
"\t__u32 w;\n"
"\n"
"\td = %1$s__kfunc_descs(&cnt);\n"
"\t/* per name: its bytes on the stack, five arguments, the call, a store */\n"
"\tinsns = (struct bpf_insn *)calloc(cnt * (sizeof(buf) / 4 + 7) + 3, sizeof(*insns));\n"
"\tif (!insns)\n"
"\t\treturn -ENOMEM;\n"
"\tin = insns;\n"
"\t*in++ = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_6,\n"
"\t\t\t\t   .src_reg = BPF_REG_1 };\n"
"\tfor (i = 0; i < cnt; i++) {\n"
"\t\tlen = strlen(d[i].kname) + 1;\n"
"\t\tif (len > sizeof(buf)) {\n"
"\t\t\tfree(insns);\n"
"\t\t\treturn -E2BIG;\n"
"\t\t}\n"
"\t\tmemset(buf, 0, sizeof(buf));\n"
"\t\tmemcpy(buf, d[i].kname, len);\n"
"\t\tlen = (len + 7) / 8 * 8;\n"
"\t\tfor (j = 0; j < len; j += 4) {\n"
"\t\t\tmemcpy(&w, buf + j, 4);\n"
"\t\t\t*in++ = (struct bpf_insn){ .code = BPF_ST | BPF_MEM | BPF_W,\n"
"\t\t\t\t\t\t   .dst_reg = BPF_REG_10,\n"
"\t\t\t\t\t\t   .off = (__s16)(j - len), .imm = (__s32)w };\n"
"\t\t}\n"
"\t\t*in++ = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_1,\n"
"\t\t\t\t\t   .src_reg = BPF_REG_10 };\n"
"\t\t*in++ = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_1,\n"
"\t\t\t\t\t   .imm = -(__s32)len };\n"
"\t\t*in++ = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2,\n"
"\t\t\t\t\t   .imm = (__s32)strlen(d[i].kname) + 1 };\n"
"\t\t*in++ = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3,\n"
"\t\t\t\t\t   .imm = d[i].var ? BTF_KIND_VAR : BTF_KIND_FUNC };\n"
"\t\t*in++ = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_4 };\n"
"\t\t*in++ = (struct bpf_insn){ .code = BPF_JMP | BPF_CALL,\n"
"\t\t\t\t\t   .imm = BPF_FUNC_btf_find_by_name_kind };\n"
"\t\t*in++ = (struct bpf_insn){ .code = BPF_STX | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_6,\n"
"\t\t\t\t\t   .src_reg = BPF_REG_0, .off = (__s16)(i * 8) };\n"
"\t}\n"
"\t*in++ = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 };\n"
"\t*in++ = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };\n"
"\tmemset(&attr, 0, sizeof(attr));\n"
"\tattr.prog_type = BPF_PROG_TYPE_SYSCALL;\n"
"\tattr.prog_flags = BPF_F_SLEEPABLE;\n"
"\tattr.insns = (long)insns;\n"
"\tattr.insn_cnt = (__u32)(in - insns);\n"
"\tattr.license = (long)\"Dual BSD/GPL\";\n"
"\tfd = skel_sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));\n"
"\tfree(insns);\n"
"\tif (fd < 0)\n"
"\t\treturn -errno;\n"
"\tmemset(res, 0, sizeof(res));\n"
"\tmemset(&attr, 0, sizeof(attr));\n"
"\tattr.test.prog_fd = fd;\n"
"\tattr.test.ctx_in = (long)res;\n"
"\tattr.test.ctx_size_in = sizeof(res);\n"
"\tif (skel_sys_bpf(BPF_PROG_TEST_RUN, &attr, sizeof(attr)) < 0)\n"
"\t\terr = -errno;\n"
"\tclose(fd);\n"
"\tfor (i = 0; i < cnt; i++) {\n"
"\t\tok[i] = !err && res[i] > 0;\n"
"\t\t/* a module's BTF comes with an fd, in the upper half */\n"
"\t\tif (!err && res[i] > 0 && (res[i] >> 32))\n"
"\t\t\tclose((int)(res[i] >> 32));\n"
"\t}\n"
"\treturn err;\n"
"}\n"
"\n"
"/*\n"
" * Print to @out (when not NULL) one line for each strong extern that makes\n"
" * the load of @skel fail on this kernel and for each program that the\n"
" * verifier will refuse (a light skeleton loads them all, or none); return\n"
" * their number, or -errno. Call before %1$s__load(). No BTF is read here: a\n"
" * function that binds is taken for a kfunc.\n"
" */\n"
"static inline int %1$s__kfuncs_check(const struct %1$s *skel, FILE *out)\n"
"{\n"
"\tconst struct %1$s__kfunc_prog *p, *progs = %1$s__kfunc_progs();\n"
"\tbool ok[%2$zu], bad[%2$zu], addr[%2$zu], listed[%2$zu];\n"
"\tconst struct %1$s__kfunc_desc *d;\n"
"\tint i, err, fails = 0;\n"
"\tsize_t cnt;\n"
"\n"
"\tif (!skel)\n"
"\t\treturn -EINVAL;\n"
"\terr = %1$s__kfuncs_run_(ok);\n"
"\tif (err)\n"
"\t\treturn err;\n"
"\td = %1$s__kfunc_descs(&cnt);\n"
"\tfor (i = 0; i < (int)cnt; i++) {\n"
"\t\taddr[i] = d[i].var && ok[i];\n"
"\t\tif (ok[i] || d[i].weak)\n"
"\t\t\tcontinue;\n"
"\t\tfails++;\n"
"\t\tif (out)\n"
"\t\t\tfprintf(out, \"%1$s: %%s '%%s': not found in vmlinux or module BTF\\n\",\n"
"\t\t\t\td[i].var ? \"ksym\" : \"kfunc\", d[i].name);\n"
"\t}\n"
"\terr = %1$s__ksyms_listed_(addr, listed);\n"
"\tif (err)\n"
"\t\treturn err;\n"
"\tfor (i = 0; i < (int)cnt; i++)\n"
"\t\tbad[i] = d[i].var ? addr[i] && !listed[i] : !ok[i];\n"
"\tfor (p = progs; p->name; p++)\n"
"\t\tfails += %1$s__kfunc_prog_fails_(p, p - progs, 0, ok, bad, out);\n"
"\treturn fails;\n"
"}\n"
"\n"
"/*\n"
" * Fill @k with what bpf_ksym_exists() gives for each kfunc extern in the\n"
" * programs of light skeleton @skel on this kernel (false for a strong\n"
" * extern that makes the load fail). 0 or -errno.\n"
" */\n"
"static inline int %1$s__kfuncs_probe(const struct %1$s *skel, struct %1$s__kfuncs *k)\n"
"{\n"
"\tbool ok[%2$zu];\n"
"\tint err;\n"
"\n"
"\tif (!skel || !k)\n"
"\t\treturn -EINVAL;\n"
"\terr = %1$s__kfuncs_run_(ok);\n"
"\tif (err)\n"
"\t\treturn err;\n";

/* The skeleton's identifier rule: anything but [A-Za-z0-9_] becomes '_'. */
static char *kfunc_ident(const char *name)
{
	char *s = strdup(name), *p;

	for (p = s; p && *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_')
			*p = '_';
	return s;
}

/* @s as the body of a C string literal. */
static void print_c_string(const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (isprint((unsigned char)*s))
			putchar(*s);
		else
			printf("\\%03o", (unsigned char)*s);
	}
}

static void free_idents(char **idents, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(idents[i]);
	free(idents);
}

/* Field names of the kfunc externs of @obj, one each, or NULL on error. */
static char **kfunc_idents(const struct kf_object *obj, size_t *np)
{
	const struct kf_extern *ext;
	char **idents;
	size_t i, j, n = 0;

	idents = calloc(obj->extern_cnt + 1, sizeof(*idents));
	if (!idents) {
		p_err("out of memory");
		return NULL;
	}
	for (i = 0; i < obj->extern_cnt; i++) {
		ext = &obj->externs[i];
		if (ext->kind != KF_EXT_KFUNC)
			continue;
		idents[n] = kfunc_ident(ext->name);
		if (!idents[n]) {
			p_err("out of memory");
			goto err;
		}
		for (j = 0; j < n; j++) {
			if (strcmp(idents[j], idents[n]))
				continue;
			p_err("kfunc externs of '%s' give the same field name '%s'",
			      obj->path, idents[n]);
			n++;
			goto err;
		}
		n++;
	}
	*np = n;
	return idents;
err:
	free_idents(idents, n);
	return NULL;
}

/*
 * A program whose table has 2^n rows is analysed 2^n times: past this
 * many guards and tests of read-only data the program is reported as not
 * analysed.
 */
#define SKEL_MAX_GUARDS	KF_RODATA_TESTS_MAX

/*
 * A row: program @prog fails when @ext does not bind and (bound & @mask) ==
 * @value, bit i of bound for guard i and, after the guards, one bit for
 * each test of read-only data that goes the jump's way.
 */
struct skel_call {
	size_t prog;	/* in skel_table.progs */
	size_t ext;	/* kfunc index */
	unsigned int mask, value;
};

struct skel_prog {
	const char *name;
	char *skipped;		/* why it was not analysed, or NULL */
	size_t guards[SKEL_MAX_GUARDS];	/* kfunc indexes */
	size_t guard_cnt;
	struct kf_rodata_test tests[SKEL_MAX_GUARDS];
	size_t test_cnt;
};

struct skel_table {
	struct skel_prog *progs;
	size_t prog_cnt;
	size_t prog_cap;
	struct skel_call *calls;
	size_t call_cnt;
	size_t call_cap;
};

static void skel_table_free(struct skel_table *t)
{
	size_t i;

	for (i = 0; i < t->prog_cnt; i++)
		free(t->progs[i].skipped);
	free(t->progs);
	free(t->calls);
}

/*
 * Merge rows [@first, *@cnt) over @n guards two by two where they differ
 * in one guard only, one guard after the other: the rows stay disjoint and
 * cover the same assignments, and a guard that does not matter drops out
 * of the masks (all 2^n rows become one).
 */
static void merge_rows(struct skel_call *rows, size_t first, size_t *cnt,
		       size_t n)
{
	unsigned int bit;
	size_t i, j;

	for (bit = 1; bit < 1U << n; bit <<= 1) {
		for (i = first; i < *cnt; i++) {
			if (!(rows[i].mask & bit))
				continue;
			for (j = i + 1; j < *cnt; j++)
				if (rows[j].mask == rows[i].mask &&
				    (rows[j].value ^ rows[i].value) == bit)
					break;
			if (j == *cnt)
				continue;
			rows[i].mask &= ~bit;
			rows[i].value &= ~bit;
			rows[j] = rows[--*cnt];
		}
	}
}

/*
 * The externs of @obj for assignment @g of bound or not to the kfunc
 * externs @guards, as run time may find them: every other kfunc extern
 * unbound; bound kfunc externs and typed ksyms refused by the verifier,
 * so that each call of one it reaches, and each address of one, is a site
 * (run time tells whether the verifier does refuse them); typeless ksyms
 * bound, as their uses are not looked at.
 */
static void assign(const struct kf_object *obj, const size_t *guards, size_t n,
		   unsigned int g, struct kf_resolution *res)
{
	size_t i;

	memset(res, 0, obj->extern_cnt * sizeof(*res));
	for (i = 0; i < obj->extern_cnt; i++) {
		if (obj->externs[i].kind == KF_EXT_KFUNC) {
			res[i].outcome = KF_OUT_UNSET;
			continue;
		}
		res[i].outcome = KF_OUT_BOUND;
		if (obj->externs[i].kind == KF_EXT_VAR)
			res[i].reason = KF_WHY_NOT_IN_KALLSYMS;
	}
	for (i = 0; i < n; i++) {
		if (!(g & 1U << i))
			continue;
		res[guards[i]].outcome = KF_OUT_BOUND;
		res[guards[i]].reason = KF_WHY_NOT_KFUNC;
	}
}

/*
 * For each assignment of bound or not to the kfunc externs @guards and,
 * once @tests->assigned, of outcomes to the @m - @n tests of read-only data
 * (@tests NULL: read-only data unknown), the externs program @prog needs:
 * the kfuncs whose calls the verifier reaches and the typed ksyms whose
 * address it checks, @need[ext << m | assignment]. Without @need, only
 * the tests are gathered.
 */
static int analyse_prog(const struct kf_object *obj, size_t prog,
			const size_t *guards, size_t n, size_t m,
			struct kf_rodata_tests *tests, bool *need,
			struct kf_error *e)
{
	struct kf_resolution *res;
	struct kf_prog_verdict v;
	unsigned int g;
	size_t i;
	int err = 0;

	res = calloc(obj->extern_cnt, sizeof(*res));
	if (!res)
		return kf_error(e, ENOMEM, "out of memory");
	for (g = 0; !err && g < 1U << m; g++) {
		assign(obj, guards, n, g & ((1U << n) - 1), res);
		if (tests)
			tests->taken = g >> n;
		err = kf_reach_prog(obj, res, prog, tests, &v, e);
		if (err)
			break;
		for (i = 0; need && i < v.site_cnt; i++)
			if (v.sites[i].kind == KF_SITE_CALL ||
			    v.sites[i].kind == KF_SITE_ADDRESS)
				need[v.sites[i].ext << m | g] = true;
		kf_prog_verdicts_free(&v, 1);
	}
	free(res);
	return err;
}

static int add_prog(struct skel_table *t, const char *name, struct kf_error *e)
{
	struct skel_prog *prog;

	prog = kf_grow((void **)&t->progs, &t->prog_cap, sizeof(*prog), t->prog_cnt);
	if (!prog)
		return kf_error(e, ENOMEM, "out of memory");
	prog->name = name;
	t->prog_cnt++;
	return 0;
}

static int add_call(struct skel_table *t, size_t ext, unsigned int mask,
		    unsigned int value, struct kf_error *e)
{
	struct skel_call *call;

	call = kf_grow((void **)&t->calls, &t->call_cap, sizeof(*call), t->call_cnt);
	if (!call)
		return kf_error(e, ENOMEM, "out of memory");
	*call = (struct skel_call){ t->prog_cnt - 1, ext, mask, value };
	t->call_cnt++;
	return 0;
}

/*
 * The rows of program @prog, the last of @t, over its @n @guards and, with
 * @tests, the tests of read-only data it makes, which the application may
 * set before the load.
 */
static int table_rows(const struct kf_object *obj, size_t prog, const int *kidx,
		      const size_t *guards, size_t n, struct kf_rodata_tests *tests,
		      struct skel_table *t, struct kf_error *e)
{
	struct skel_prog *p = &t->progs[t->prog_cnt - 1];
	size_t i, first, m = n;
	unsigned int g, full;
	bool *need;
	int err = 0;

	if (tests) {
		err = analyse_prog(obj, prog, guards, n, n, tests, NULL, e);
		if (err)
			return err;
		m += tests->cnt;
		if (tests->too_many || m > SKEL_MAX_GUARDS)
			return kf_error(e, E2BIG, "%zu kfunc externs tested by bpf_ksym_exists() and %s%zu tests of read-only data, more than %d",
					n, tests->too_many ? "over " : "", tests->cnt,
					SKEL_MAX_GUARDS);
		tests->assigned = true;
	}
	full = (1U << m) - 1;
	need = calloc(obj->extern_cnt << m, sizeof(*need));
	if (!need)
		return kf_error(e, ENOMEM, "out of memory");
	err = analyse_prog(obj, prog, guards, n, m, tests, need, e);
	if (!err) {
		p->guard_cnt = n;
		for (i = 0; i < n; i++)
			p->guards[i] = kidx[guards[i]];
		p->test_cnt = m - n;
		if (tests)
			memcpy(p->tests, tests->t, p->test_cnt * sizeof(*p->tests));
	}
	for (i = 0; !err && i < obj->extern_cnt; i++) {
		first = t->call_cnt;
		for (g = 0; !err && g <= full; g++)
			if (need[i << m | g])
				err = add_call(t, kidx[i], full, g, e);
		merge_rows(t->calls, first, &t->call_cnt, m);
	}
	free(need);
	return err;
}

/*
 * Add program @prog of @obj to @t with its rows, when it has any or was
 * not analysed. @kidx maps externs to descriptor indexes (-1 for typeless
 * ksyms); @ld and @call are scratch of obj->extern_cnt each. With
 * @rodata_tests, the rows follow the read-only data the application sets.
 */
static int table_prog(const struct kf_object *obj, size_t prog, const int *kidx,
		      bool rodata_tests, bool *ld, bool *call,
		      struct skel_table *t, struct kf_error *e)
{
	size_t guards[SKEL_MAX_GUARDS], n = 0, i, needs = 0;
	size_t before = t->call_cnt;
	struct kf_rodata_tests tests = {};
	struct skel_prog *p;
	int err;

	memset(ld, 0, obj->extern_cnt * sizeof(*ld));
	memset(call, 0, obj->extern_cnt * sizeof(*call));
	if (kf_code_prog_externs(&obj->code, prog, ld, call))
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < obj->extern_cnt; i++) {
		if (kidx[i] < 0)
			continue;
		if (obj->externs[i].kind == KF_EXT_VAR) {
			needs += ld[i];
			continue;
		}
		needs += call[i];
		if (ld[i] && n++ < SKEL_MAX_GUARDS)
			guards[n - 1] = i;
	}
	/* Without a kfunc call or a typed ksym, no assignment makes it fail. */
	if (!needs)
		return 0;
	err = add_prog(t, obj->code.funcs[obj->code.progs[prog].func].name, e);
	if (err)
		return err;
	if (n > SKEL_MAX_GUARDS)
		err = kf_error(e, E2BIG, "%zu kfunc externs tested by bpf_ksym_exists(), more than %d",
			       n, SKEL_MAX_GUARDS);
	else
		err = table_rows(obj, prog, kidx, guards, n,
				 rodata_tests ? &tests : NULL, t, e);
	/* Where a value computed from read-only data decides, rows would guess. */
	if (!err && tests.computed && t->call_cnt != before) {
		t->call_cnt = before;
		err = kf_error(e, E2BIG, "a jump on a value computed from read-only data (insn %u)",
			       tests.computed_insn);
	}
	if (err == -E2BIG) {
		/* Too many guards, or the analysis gave up: say why, never guess. */
		p = &t->progs[t->prog_cnt - 1];
		p->skipped = strdup(e->msg);
		return p->skipped ? 0 : kf_error(e, ENOMEM, "out of memory");
	}
	/* No row: the program loads whatever binds. */
	if (!err && t->call_cnt == before)
		t->prog_cnt--;
	return err;
}

/*
 * The table of every program of @obj; @kidx maps externs to descriptors.
 * With @rodata_tests, the rows follow the read-only data the application
 * sets.
 */
static int build_table(const struct kf_object *obj, const int *kidx,
		       bool rodata_tests, struct skel_table *t)
{
	struct kf_error e = { "" };
	bool *ld;
	size_t i;
	int err = 0;

	ld = calloc(obj->extern_cnt * 2, sizeof(*ld));
	if (!ld)
		err = kf_error(&e, ENOMEM, "out of memory");
	for (i = 0; !err && i < obj->code.prog_cnt; i++)
		err = table_prog(obj, i, kidx, rodata_tests, ld,
				 ld + obj->extern_cnt, t, &e);
	free(ld);
	if (err)
		p_err("kfunc guards: %s", e.msg);
	return err;
}

static bool has_tests(const struct skel_table *t)
{
	size_t i;

	for (i = 0; i < t->prog_cnt; i++)
		if (t->progs[i].test_cnt)
			return true;
	return false;
}

/*
 * The tests of read-only data of the programs, run on the values the
 * application set: the way each goes is a bit of bound, after the guards.
 * The same for every skeleton but for its name (%1$s).
 */
static const char tests_tmpl[] =
"\n"
"/*\n"
" * Set *@bits, from bit @shift on, to the way each test of program @idx goes\n"
" * on the read-only data of @obj, as the verifier compares it; 0 or -errno.\n"
" */\n"
"static inline int %1$s__kfunc_tests_(const struct bpf_object *obj, long idx,\n"
"\t\t\t\t    int shift, unsigned int *bits)\n"
"{\n"
"\tconst struct %1$s__kfunc_test *t;\n"
"\tconst struct bpf_map *map;\n"
"\tunsigned long long x, y;\n"
"\tconst char *data;\n"
"\tbool taken;\n"
"\tsize_t sz;\n"
"\t__u32 b4;\n"
"\t__u16 b2;\n"
"\t__u8 b1;\n"
"\n"
"\t*bits = 0;\n"
"\tfor (t = %1$s__kfunc_tests(); t->prog >= 0; t++) {\n"
"\t\tif (t->prog != idx)\n"
"\t\t\tcontinue;\n"
"\t\tmap = bpf_object__find_map_by_name(obj, t->sec);\n"
"\t\tdata = map ? (const char *)bpf_map__initial_value(map, &sz) : NULL;\n"
"\t\tif (!data || t->off + t->size > sz)\n"
"\t\t\treturn -ENOENT;\n"
"\t\tswitch (t->size) {\n"
"\t\tcase 1:\n"
"\t\t\tmemcpy(&b1, data + t->off, 1);\n"
"\t\t\tx = b1;\n"
"\t\t\tbreak;\n"
"\t\tcase 2:\n"
"\t\t\tmemcpy(&b2, data + t->off, 2);\n"
"\t\t\tx = b2;\n"
"\t\t\tbreak;\n"
"\t\tcase 4:\n"
"\t\t\tmemcpy(&b4, data + t->off, 4);\n"
"\t\t\tx = b4;\n"
"\t\t\tbreak;\n"
"\t\tdefault:\n"
"\t\t\tmemcpy(&x, data + t->off, 8);\n"
"\t\t}\n"
"\t\tif (t->sext && t->size < 8)\n"
"\t\t\tx = (unsigned long long)((long long)(x << (64 - 8 * t->size)) >>\n"
"\t\t\t\t\t\t   (64 - 8 * t->size));\n"
"\t\ty = t->imm;\n"
"\t\tif (t->jmp32) {\n"
"\t\t\tx = (unsigned long long)(long long)(__s32)x;\n"
"\t\t\ty = (unsigned long long)(long long)(__s32)y;\n"
"\t\t\tif (t->op != BPF_JSGT && t->op != BPF_JSGE &&\n"
"\t\t\t    t->op != BPF_JSLT && t->op != BPF_JSLE) {\n"
"\t\t\t\tx &= 0xffffffffULL;\n"
"\t\t\t\ty &= 0xffffffffULL;\n"
"\t\t\t}\n"
"\t\t}\n"
"\t\tswitch (t->op) {\n"
"\t\tcase BPF_JEQ: taken = x == y; break;\n"
"\t\tcase BPF_JNE: taken = x != y; break;\n"
"\t\tcase BPF_JGT: taken = x > y; break;\n"
"\t\tcase BPF_JGE: taken = x >= y; break;\n"
"\t\tcase BPF_JLT: taken = x < y; break;\n"
"\t\tcase BPF_JLE: taken = x <= y; break;\n"
"\t\tcase BPF_JSGT: taken = (long long)x > (long long)y; break;\n"
"\t\tcase BPF_JSGE: taken = (long long)x >= (long long)y; break;\n"
"\t\tcase BPF_JSLT: taken = (long long)x < (long long)y; break;\n"
"\t\tcase BPF_JSLE: taken = (long long)x <= (long long)y; break;\n"
"\t\tdefault: taken = x & y; break;\t/* BPF_JSET */\n"
"\t\t}\n"
"\t\t*bits |= (unsigned int)taken << shift++;\n"
"\t}\n"
"\treturn 0;\n"
"}\n";

static const char *const jump_ops[] = {
	[BPF_JEQ >> 4] = "BPF_JEQ", [BPF_JNE >> 4] = "BPF_JNE",
	[BPF_JGT >> 4] = "BPF_JGT", [BPF_JGE >> 4] = "BPF_JGE",
	[BPF_JLT >> 4] = "BPF_JLT", [BPF_JLE >> 4] = "BPF_JLE",
	[BPF_JSGT >> 4] = "BPF_JSGT", [BPF_JSGE >> 4] = "BPF_JSGE",
	[BPF_JSLT >> 4] = "BPF_JSLT", [BPF_JSLE >> 4] = "BPF_JSLE",
	[BPF_JSET >> 4] = "BPF_JSET",
};

/* The tests of read-only data of the programs of @t, in @obj. */
static void print_tests(const struct kf_object *obj, const struct skel_table *t,
			const char *name)
{
	const struct kf_rodata_test *x;
	size_t i, j;

	printf("\n/*\n"
	       " * Program @prog (index in %1$s__kfunc_progs()) compares the @size bytes at\n"
	       " * @off of read-only data section @sec, zero-extended (sign-extended with\n"
	       " * @sext), with @imm by jump @op (32 bits of each with @jmp32); the\n"
	       " * verifier follows the way the values the application set give.\n"
	       " */\n"
	       "struct %1$s__kfunc_test {\n"
	       "\tint prog;\n"
	       "\tconst char *sec;\n"
	       "\tunsigned int off;\n"
	       "\tunsigned int size;\n"
	       "\tbool sext;\n"
	       "\tint op;\n"
	       "\tbool jmp32;\n"
	       "\tunsigned long long imm;\n"
	       "};\n\n"
	       "/* Ends with a negative prog; a program's tests in the order of its bits. */\n"
	       "static inline const struct %1$s__kfunc_test *%1$s__kfunc_tests(void)\n"
	       "{\n"
	       "\tstatic const struct %1$s__kfunc_test tests[] = {\n", name);
	for (i = 0; i < t->prog_cnt; i++) {
		for (j = 0; j < t->progs[i].test_cnt; j++) {
			x = &t->progs[i].tests[j];
			printf("\t\t{ %zu, \"", i);
			print_c_string(obj->code.rodata[x->ro].name);
			printf("\", %u, %u, %s, %s, %s, %#llxULL },\n", x->off,
			       x->size, x->sext ? "true" : "false",
			       jump_ops[x->op >> 4], x->jmp32 ? "true" : "false",
			       (unsigned long long)x->imm);
		}
	}
	printf("\t\t{ -1, NULL, 0, 0, false, 0, false, 0 },\n"
	       "\t};\n\n"
	       "\treturn tests;\n"
	       "}\n");
	printf(tests_tmpl, name);
}

static void print_table(const struct skel_table *t, const char *name)
{
	const struct skel_prog *p;
	const struct skel_call *c;
	size_t i, j;

	printf("\n/*\n"
	       " * The programs that call kfunc externs or load typed ksyms, each with the\n"
	       " * kfunc externs (indexes in %1$s__kfunc_descs()) that bpf_ksym_exists()\n"
	       " * tests in its code, its guards; or why it was not analysed.\n"
	       " */\n"
	       "struct %1$s__kfunc_prog {\n"
	       "\tconst char *name;\n"
	       "\tconst char *skipped;\n"
	       "\tint guard_cnt;\n"
	       "\tint guards[%2$d];\n"
	       "};\n\n"
	       "/*\n"
	       " * Program @prog (index in %1$s__kfunc_progs()) needs extern @ext while its\n"
	       " * guards are bound as @value says under @mask (bit i: guards[i]): the\n"
	       " * verifier then reaches a call of the kfunc, or checks the address of the\n"
	       " * typed ksym, and the program fails to load when @ext fails the programs\n"
	       " * needing it (%1$s__kfunc_bad_()).\n"
	       " */\n"
	       "struct %1$s__kfunc_call {\n"
	       "\tint prog;\n"
	       "\tint ext;\n"
	       "\tunsigned int mask;\n"
	       "\tunsigned int value;\n"
	       "};\n\n"
	       "/* Ends with a NULL name. */\n"
	       "static inline const struct %1$s__kfunc_prog *%1$s__kfunc_progs(void)\n"
	       "{\n"
	       "\tstatic const struct %1$s__kfunc_prog progs[] = {\n",
	       name, SKEL_MAX_GUARDS);
	for (i = 0; i < t->prog_cnt; i++) {
		p = &t->progs[i];
		printf("\t\t{ \"");
		print_c_string(p->name);
		if (p->skipped) {
			printf("\", \"");
			print_c_string(p->skipped);
			printf("\", 0, { 0 } },\t/* not analysed */\n");
			continue;
		}
		printf("\", NULL, %zu, {", p->guard_cnt);
		for (j = 0; j < p->guard_cnt; j++)
			printf(" %zu%s", p->guards[j], j + 1 < p->guard_cnt ? "," : "");
		printf("%s} },\n", p->guard_cnt ? " " : " 0 ");
	}
	printf("\t\t{ NULL, NULL, 0, { 0 } },\n"
	       "\t};\n\n"
	       "\treturn progs;\n"
	       "}\n\n"
	       "/* Ends with a negative prog. */\n"
	       "static inline const struct %1$s__kfunc_call *%1$s__kfunc_calls(void)\n"
	       "{\n"
	       "\tstatic const struct %1$s__kfunc_call calls[] = {\n", name);
	for (i = 0; i < t->call_cnt; i++) {
		c = &t->calls[i];
		printf("\t\t{ %zu, %zu, %#x, %#x },\n", c->prog, c->ext, c->mask, c->value);
	}
	printf("\t\t{ -1, 0, 0, 0 },\n"
	       "\t};\n\n"
	       "\treturn calls;\n"
	       "}\n\n"
	       "/*\n"
	       " * Whether program @p (index @idx) needs an extern that fails it, with\n"
	       " * @tests the bits of its tests of read-only data, @ok the bound flags and\n"
	       " * @bad the externs that fail the programs needing them: print why to @out\n"
	       " * (when not NULL). A program that was not analysed is named, and does\n"
	       " * not count.\n"
	       " */\n"
	       "static inline bool %1$s__kfunc_prog_fails_(const struct %1$s__kfunc_prog *p,\n"
	       "\t\t\t\t\t    long idx, unsigned int tests,\n"
	       "\t\t\t\t\t    const bool *ok, const bool *bad, FILE *out)\n"
	       "{\n"
	       "\tconst struct %1$s__kfunc_call *c;\n"
	       "\tconst struct %1$s__kfunc_desc *d;\n"
	       "\tunsigned int bound = tests;\n"
	       "\tbool fails = false;\n"
	       "\tsize_t cnt;\n"
	       "\tint i;\n"
	       "\n"
	       "\tif (p->skipped) {\n"
	       "\t\tif (out)\n"
	       "\t\t\tfprintf(out, \"%1$s: program '%%s': not analysed: %%s\\n\",\n"
	       "\t\t\t\tp->name, p->skipped);\n"
	       "\t\treturn false;\n"
	       "\t}\n"
	       "\td = %1$s__kfunc_descs(&cnt);\n"
	       "\tfor (i = 0; i < p->guard_cnt; i++)\n"
	       "\t\tbound |= (unsigned int)ok[p->guards[i]] << i;\n"
	       "\tfor (c = %1$s__kfunc_calls(); c->prog >= 0; c++) {\n"
	       "\t\tif (c->prog != idx || (bound & c->mask) != c->value || !bad[c->ext])\n"
	       "\t\t\tcontinue;\n"
	       "\t\tfails = true;\n"
	       "\t\tif (!out)\n"
	       "\t\t\tcontinue;\n"
	       "\t\tif (d[c->ext].var)\n"
	       "\t\t\tfprintf(out, \"%1$s: program '%%s': loads '%%s', which the verifier finds no address for\\n\",\n"
	       "\t\t\t\tp->name, d[c->ext].name);\n"
	       "\t\telse\n"
	       "\t\t\tfprintf(out, \"%1$s: program '%%s': calls '%%s', which %%s\\n\",\n"
	       "\t\t\t\tp->name, d[c->ext].name,\n"
	       "\t\t\t\tok[c->ext] ? \"is not a kfunc\" : \"does not bind\");\n"
	       "\t}\n"
	       "\treturn fails;\n"
	       "}\n", name);
}

/*
 * Where libbpf's bpf_object__reloc_code() puts the .text functions that
 * function @func calls or takes the address of: each at the end of the
 * program's instructions (@end) when first named, then, depth first, the
 * functions it names. @at gets the offset of each, -1 for none.
 */
static void place_subprogs(const struct kf_code *code, size_t func, long *at,
			   long *end)
{
	const struct kf_func *f = &code->funcs[func];
	const struct kf_insn_aux *aux = code->secs[f->sec].aux;
	__s32 callee;
	__u32 i;

	for (i = f->start; i < f->end; i++) {
		callee = aux[i].callee;
		if (callee < 0 || at[callee] >= 0)
			continue;
		at[callee] = *end;
		*end += code->funcs[callee].end - code->funcs[callee].start;
		place_subprogs(code, callee, at, end);
	}
}

/*
 * The sites of the kfunc externs: for each program and each kfunc extern it
 * names, an instruction of the program's final code (its own, then the
 * subprograms libbpf appends) that calls it or loads its address.
 */
static int print_sites(const struct kf_object *obj, const int *kidx,
		       const char *name)
{
	const struct kf_code *code = &obj->code;
	const struct kf_code_sec *s;
	const struct kf_func *f;
	size_t p, i, fn;
	long *at, end;
	bool *seen;
	__u32 j;

	at = calloc(code->func_cnt, sizeof(*at));
	seen = calloc(obj->extern_cnt, sizeof(*seen));
	if (!at || !seen) {
		free(at);
		free(seen);
		p_err("out of memory");
		return -ENOMEM;
	}
	printf("\n#if LIBBPF_MAJOR_VERSION > 1 || LIBBPF_MINOR_VERSION >= 6\n"
	       "struct %1$s__kfunc_site {\n"
	       "\tconst char *prog;\n"
	       "\tunsigned int insn;\t/* in bpf_program__insns() */\n"
	       "\tint ext;\t\t/* index in %1$s__kfunc_descs() */\n"
	       "};\n\n"
	       "/* Ends with a NULL prog. */\n"
	       "static inline const struct %1$s__kfunc_site *%1$s__kfunc_sites(void)\n"
	       "{\n"
	       "\tstatic const struct %1$s__kfunc_site sites[] = {\n", name);
	for (p = 0; p < code->prog_cnt; p++) {
		fn = code->progs[p].func;
		for (i = 0; i < code->func_cnt; i++)
			at[i] = -1;
		at[fn] = 0;
		end = code->funcs[fn].end - code->funcs[fn].start;
		place_subprogs(code, fn, at, &end);
		memset(seen, 0, obj->extern_cnt * sizeof(*seen));
		for (i = 0; i < code->func_cnt; i++) {
			if (at[i] < 0)
				continue;
			f = &code->funcs[i];
			s = &code->secs[f->sec];
			for (j = f->start; j < f->end; j++) {
				if (s->aux[j].ext < 0 || kidx[s->aux[j].ext] < 0 ||
				    seen[s->aux[j].ext])
					continue;
				seen[s->aux[j].ext] = true;
				printf("\t\t{ \"");
				print_c_string(code->funcs[fn].name);
				printf("\", %ld, %d },\n", at[i] + (long)(j - f->start),
				       kidx[s->aux[j].ext]);
			}
		}
	}
	printf("\t\t{ NULL, 0, -1 },\n"
	       "\t};\n\n"
	       "\treturn sites;\n"
	       "}\n");
	free(seen);
	free(at);
	return 0;
}

/* The kfunc externs of @obj, with the kernel name @loader binds each to. */
static void print_descs(const struct kf_object *obj, const char *name,
			enum kf_loader loader)
{
	static const enum kf_extern_kind kinds[] = { KF_EXT_KFUNC, KF_EXT_VAR };
	const struct kf_extern *ext;
	size_t i, k;

	printf("struct %1$s__kfunc_desc {\n"
	       "\tconst char *name;\t/* the extern */\n"
	       "\tconst char *kname;\t/* the kernel function or variable it binds to */\n"
	       "\tbool weak;\n"
	       "\tbool var;\t/* a typed ksym, after the kfunc externs */\n"
	       "};\n\n"
	       "static inline const struct %1$s__kfunc_desc *%1$s__kfunc_descs(size_t *cnt)\n"
	       "{\n"
	       "\tstatic const struct %1$s__kfunc_desc descs[] = {\n", name);
	/* In the order of kfunc_table()'s indexes. */
	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (i = 0; i < obj->extern_cnt; i++) {
			ext = &obj->externs[i];
			if (ext->kind != kinds[k])
				continue;
			printf("\t\t{ \"");
			print_c_string(ext->name);
			printf("\", \"");
			print_c_string(kf_extern_lookup_name(ext, loader));
			printf("\", %s, %s },\n", ext->weak ? "true" : "false",
			       ext->kind == KF_EXT_VAR ? "true" : "false");
		}
	}
	printf("\t};\n\n"
	       "\t*cnt = sizeof(descs) / sizeof(descs[0]);\n"
	       "\treturn descs;\n"
	       "}\n");
}

/* The flags, the descriptors and the program table, as @loader binds. */
static void print_head(const struct kf_object *obj, char **idents, size_t n,
		       const struct skel_table *t, const char *name,
		       enum kf_loader loader)
{
	size_t i;

	printf("struct %s__kfuncs {\n", name);
	for (i = 0; i < n; i++)
		printf("\tbool %s;\n", idents[i]);
	printf("};\n\n");
	print_descs(obj, name, loader);
	print_table(t, name);
	if (has_tests(t))
		print_tests(obj, t, name);
}

/* Whether libbpf reads kallsyms for @obj: it has a typeless ksym. */
static bool reads_kallsyms(const struct kf_object *obj)
{
	size_t i;

	for (i = 0; i < obj->extern_cnt; i++)
		if (obj->externs[i].kind == KF_EXT_VAR_TYPELESS)
			return true;
	return false;
}

/* @desc_cnt descriptors: the @n kfunc externs, then the typed ksyms. */
static int print_guards(const struct kf_object *obj, char **idents, size_t n,
			size_t desc_cnt, const struct skel_table *t,
			const int *kidx, const char *name)
{
	size_t k;
	int err;

	printf("\n/* kfunc guards: bpf_ksym_exists() of each kfunc extern, found at run time */\n"
	       "#include <stdbool.h>\n#include <stdio.h>\n#include <string.h>\n#include <unistd.h>\n"
	       "#include <bpf/bpf.h>\n#include <bpf/btf.h>\n#include <bpf/libbpf_version.h>\n\n");
	print_head(obj, idents, n, t, name, KF_LOADER_LIBBPF);
	printf(ksyms_tmpl, name);
	printf(btf_tmpl, name, desc_cnt);

	err = print_sites(obj, kidx, name);
	if (err)
		return err;
	printf(prepared_tmpl, name, desc_cnt);
	printf(reproduced_tmpl, name, desc_cnt, reads_kallsyms(obj) ? "true" : "false");
	printf(runtime_tmpl, name);
	if (has_tests(t))
		printf("\t\terr = %1$s__kfunc_tests_(skel->obj, p - progs, p->guard_cnt, &tests);\n"
		       "\t\tif (err)\n"
		       "\t\t\treturn err;\n", name);
	printf(runtime2_tmpl, name, desc_cnt);
	for (k = 0; k < n; k++)
		printf("\tk->%s = ok[%zu];\n", idents[k], k);
	printf("\treturn 0;\n}\n");
	return 0;
}

/* A light skeleton's guards: its loader program binds by full name. */
static void print_lskel_guards(const struct kf_object *obj, char **idents,
			       size_t n, size_t desc_cnt,
			       const struct skel_table *t, const char *name)
{
	size_t i;

	printf("\n/* kfunc guards: bpf_ksym_exists() of each kfunc extern, found at run time */\n"
	       "#ifndef __KERNEL__\n"
	       "#include <errno.h>\n#include <stdbool.h>\n#include <stdio.h>\n#include <string.h>\n"
	       "#include <linux/btf.h>\n\n");
	print_head(obj, idents, n, t, name, KF_LOADER_LSKEL);
	printf(ksyms_tmpl, name);
	printf(lskel_tmpl, name, desc_cnt);
	for (i = 0; i < n; i++)
		printf("\tk->%s = ok[%zu];\n", idents[i], i);
	printf("\treturn 0;\n}\n#endif /* __KERNEL__ */\n");
}

/* The table of @obj, then the guards of a skeleton or a light skeleton. */
static int kfunc_table(const struct kf_object *obj, char **idents, size_t n,
		       const char *name, enum kf_loader loader)
{
	struct skel_table t = {};
	size_t i, k = 0;
	int *kidx, err;

	kidx = calloc(obj->extern_cnt, sizeof(*kidx));
	if (!kidx) {
		p_err("out of memory");
		return -ENOMEM;
	}
	/* The descriptors: the kfunc externs, then the typed ksyms. */
	for (i = 0; i < obj->extern_cnt; i++)
		kidx[i] = obj->externs[i].kind == KF_EXT_KFUNC ? (int)k++ : -1;
	for (i = 0; i < obj->extern_cnt; i++)
		if (obj->externs[i].kind == KF_EXT_VAR)
			kidx[i] = k++;
	err = build_table(obj, kidx, loader != KF_LOADER_LSKEL, &t);
	if (!err && loader == KF_LOADER_LSKEL)
		print_lskel_guards(obj, idents, n, k, &t, name);
	else if (!err)
		err = print_guards(obj, idents, n, k, &t, kidx, name);
	skel_table_free(&t);
	free(kidx);
	return err;
}

/*
 * The guards of @obj, which this frees, for a skeleton or a light skeleton.
 * Errors are printed; -1 then, as gen.c's own (exit status 255).
 */
static int kfunc_guards(struct kf_object *obj, const char *name,
			enum kf_loader loader)
{
	char **idents;
	size_t n;
	int err = 0;

	idents = kfunc_idents(obj, &n);
	if (!idents) {
		kf_object_free(obj);
		return -1;
	}
	if (n)
		err = kfunc_table(obj, idents, n, name, loader);
	free_idents(idents, n);
	kf_object_free(obj);
	return err ? -1 : 0;
}

/*
 * The object gen skeleton is given; NULL in *@obj if it has no BTF. On
 * error -1, printed.
 */
static int skel_object_open(struct kf_object **obj, const void *obj_data,
			    size_t obj_sz, const char *obj_name)
{
	struct kf_error e = { "" };
	int err;

	err = kf_object_open_mem(obj, obj_data, obj_sz, obj_name, &e);
	/*
	 * libbpf opened the object already, so the only "not there" left is an
	 * object without BTF, which has no externs: no guards, as upstream.
	 */
	if (err == -ENOENT)
		return 0;
	if (err) {
		p_err("kfunc externs: %s", e.msg);
		return -1;
	}
	return 0;
}

int kfunc_gen_skeleton_guards(const void *obj_data, size_t obj_sz, const char *obj_name)
{
	struct kf_object *obj;
	int err;

	err = skel_object_open(&obj, obj_data, obj_sz, obj_name);
	if (err || !obj)
		return err;
	return kfunc_guards(obj, obj_name, KF_LOADER_LIBBPF);
}

/* gen skeleton -L: the object kfunc_gen_lskel_check() read, for the guards. */
static struct kf_object *lskel_obj;

/*
 * gen skeleton -L: libbpf's gen_loader looks each kfunc up under the
 * extern's full name (bpf_btf_find_by_name_kind()), so a flavor never
 * binds there as libbpf binds it, only to a kernel kfunc of that very
 * name: say so. Keep the object for kfunc_gen_lskel_guards().
 */
int kfunc_gen_lskel_check(const void *obj_data, size_t obj_sz, const char *obj_name)
{
	const struct kf_extern *ext;
	size_t i, n = 0;
	int err;

	err = skel_object_open(&lskel_obj, obj_data, obj_sz, obj_name);
	if (err || !lskel_obj)
		return err;
	/* libbpf 1.5 to 1.8 would dereference the vmlinux BTF it never loaded. */
	if (lskel_obj->code.st_ops_maps) {
		p_err("%s: a light skeleton cannot load struct_ops maps: libbpf's gen_loader has no kernel BTF to find their types in",
		      obj_name);
		kf_object_free(lskel_obj);
		lskel_obj = NULL;
		return -1;
	}
	for (i = 0; i < lskel_obj->extern_cnt; i++) {
		ext = &lskel_obj->externs[i];
		if (ext->kind != KF_EXT_KFUNC || !strcmp(ext->name, ext->essent_name))
			continue;
		if (!n++)
			kf_warn("%s: a light skeleton looks kfuncs up by their full name, with no flavor cut: these externs bind only to a kernel kfunc of that full name, never to the one libbpf binds:",
			       obj_name);
		fprintf(stderr, "  %s%s\n", ext->name,
			ext->weak ? "" : " (strong: the load fails)");
	}
	return 0;
}

/*
 * gen skeleton -L, at the end of the light skeleton: for an object with
 * kfunc externs, the guards with a light skeleton's binding.
 */
int kfunc_gen_lskel_guards(const char *obj_name)
{
	struct kf_object *obj = lskel_obj;

	lskel_obj = NULL;
	return obj ? kfunc_guards(obj, obj_name, KF_LOADER_LSKEL) : 0;
}
