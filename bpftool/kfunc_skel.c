// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kfunc guards of `bpftool gen skeleton`: for an object with kfunc externs,
 * the skeleton gets NAME__kfuncs_probe() and NAME__kfuncs_check(), which
 * tell at run time what libbpf makes of each kfunc extern when the object
 * is loaded on the running kernel: read in the instructions libbpf 1.6 and
 * later relocate before the load, computed with libbpf's public API before.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "main.h"
#include "kfunc.h"

/*
 * The binding of kfunc externs for libbpf 1.6 and later, read from the
 * instructions that bpf_object__prepare() relocated: libbpf makes a call of
 * a bound kfunc a BPF_PSEUDO_KFUNC_CALL and an unbound (weak) one a helper
 * call it poisons, and gives the ld_imm64 of a bound kfunc, which
 * bpf_ksym_exists() tests, BPF_PSEUDO_BTF_ID, leaving 0 when unbound. The
 * same for every skeleton but for its name (%1$s) and its number of kfunc
 * externs (%2$zu); NAME__kfunc_sites() comes before it.
 */
static const char prepared_tmpl[] =
"\n"
"/*\n"
" * Prepare @skel unless done already, and set @ok from the relocated\n"
" * instructions. libbpf has no getter for the object's state: preparing\n"
" * loads the object's BTF into the kernel, which kfunc calls need. An\n"
" * extern that no program to be loaded names stays false: no loaded program\n"
" * tests or calls it, and the program table looks at those programs only.\n"
" * A failed preparation (libbpf logs why) is reported to @out.\n"
" */\n"
"static inline int %1$s__kfuncs_run_(const struct %1$s *skel, bool *ok, FILE *out)\n"
"{\n"
"\tconst struct %1$s__kfunc_site *s;\n"
"\tconst struct bpf_insn *insn;\n"
"\tstruct bpf_program *prog;\n"
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
"\tfor (s = %1$s__kfunc_sites(); s->prog; s++) {\n"
"\t\tprog = bpf_object__find_program_by_name(skel->obj, s->prog);\n"
"\t\tif (!prog || !bpf_program__autoload(prog))\n"
"\t\t\tcontinue;\n"
"\t\tif (s->insn >= bpf_program__insn_cnt(prog))\n"
"\t\t\treturn -EINVAL;\n"
"\t\tinsn = bpf_program__insns(prog) + s->insn;\n"
"\t\tif (insn->code == (BPF_JMP | BPF_CALL))\n"
"\t\t\tok[s->ext] = insn->src_reg == BPF_PSEUDO_KFUNC_CALL;\n"
"\t\telse\n"
"\t\t\tok[s->ext] = insn->src_reg == BPF_PSEUDO_BTF_ID;\n"
"\t}\n"
"\treturn 0;\n"
"}\n"
"\n";

/*
 * The binding of kfunc externs for libbpf 1.3 to 1.5, which cannot relocate
 * without loading: a reproduction of find_ksym_btf_id(), load_module_btfs(),
 * __bpf_core_types_are_compat() and bpf_object__resolve_ksym_func_btf_id().
 * The same for every skeleton but for its name (%1$s).
 */
static const char reproduced_tmpl[] =
"#else\n"
"#include <unistd.h>\n"
"#include <bpf/btf.h>\n"
"\n"
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
"struct %1$s__kfunc_mod_ {\n"
"\tstruct btf *btf;\n"
"\tchar name[64];\n"
"};\n"
"\n"
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
" * Bind kfunc extern @d as libbpf does: 1 found and compatible, 0 not found,\n"
" * 2 found in @src but incompatible, < 0 -errno.\n"
" */\n"
"static inline int %1$s__kfunc_resolve_(struct %1$s__kfunc_btfs_ *b, const struct btf *local,\n"
"\t\t\t\t\t const struct %1$s__kfunc_desc *d, const char **src)\n"
"{\n"
"\tconst struct btf *kbtf = b->vmlinux;\n"
"\tconst struct btf_type *kt, *lt;\n"
"\tint id, lid, i, err;\n"
"\n"
"\t*src = \"vmlinux\";\n"
"\tid = btf__find_by_name_kind(kbtf, d->kname, BTF_KIND_FUNC);\n"
"\tif (id == -ENOENT) {\n"
"\t\tif (!b->mods_listed) {\n"
"\t\t\terr = %1$s__kfunc_list_mods_(b);\n"
"\t\t\tif (err)\n"
"\t\t\t\treturn err;\n"
"\t\t}\n"
"\t\t/* not in vmlinux: a hit in a split BTF is in the module's own types */\n"
"\t\tfor (i = 0; i < b->mod_cnt; i++) {\n"
"\t\t\tkbtf = b->mods[i].btf;\n"
"\t\t\t*src = b->mods[i].name;\n"
"\t\t\tid = btf__find_by_name_kind(kbtf, d->kname, BTF_KIND_FUNC);\n"
"\t\t\tif (id != -ENOENT)\n"
"\t\t\t\tbreak;\n"
"\t\t}\n"
"\t}\n"
"\tif (id <= 0)\n"
"\t\treturn 0;\n"
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
"/* Bind every kfunc extern: @ok gets the flags, @out the load failures. */\n"
"static inline int %1$s__kfuncs_run_(const struct %1$s *skel, bool *ok, FILE *out)\n"
"{\n"
"\tconst struct %1$s__kfunc_desc *d;\n"
"\tstruct %1$s__kfunc_btfs_ b;\n"
"\tconst struct btf *local;\n"
"\tint err = 0, bad = 0, r;\n"
"\tconst char *src;\n"
"\tsize_t i, cnt;\n"
"\n"
"\tif (!skel || !skel->obj)\n"
"\t\treturn -EINVAL;\n"
"\tlocal = bpf_object__btf(skel->obj);\n"
"\tif (!local)\n"
"\t\treturn -ENOENT;\n"
"\tmemset(&b, 0, sizeof(b));\n"
"\tb.vmlinux = btf__load_vmlinux_btf();\n"
"\tif (!b.vmlinux)\n"
"\t\treturn -errno;\n"
"\td = %1$s__kfunc_descs(&cnt);\n"
"\tfor (i = 0; i < cnt; i++) {\n"
"\t\tr = %1$s__kfunc_resolve_(&b, local, &d[i], &src);\n"
"\t\tif (r < 0) {\n"
"\t\t\terr = r;\n"
"\t\t\tbreak;\n"
"\t\t}\n"
"\t\tok[i] = r == 1;\n"
"\t\tif (r == 1 || d[i].weak)\n"
"\t\t\tcontinue;\n"
"\t\tbad++;\n"
"\t\tif (!out)\n"
"\t\t\tcontinue;\n"
"\t\tif (r == 0)\n"
"\t\t\tfprintf(out, \"%1$s: kfunc '%%s': not found in vmlinux or module BTF\\n\",\n"
"\t\t\t\td[i].name);\n"
"\t\telse\n"
"\t\t\tfprintf(out, \"%1$s: kfunc '%%s': prototype incompatible with %%s kfunc '%%s'\\n\",\n"
"\t\t\t\td[i].name, src, d[i].kname);\n"
"\t}\n"
"\t%1$s__kfunc_btfs_free_(&b);\n"
"\treturn err ? err : bad;\n"
"}\n"
"#endif\n"
"\n";

/*
 * The part common to both ways of binding, the same for every skeleton but
 * for its name (%1$s) and its number of kfunc externs (%2$zu).
 */
static const char runtime_tmpl[] =
"/*\n"
" * The programs of @skel that %1$s__load() will load (autoload on) and the\n"
" * verifier will refuse, with @ok the bound flags of %1$s__kfuncs_run_():\n"
" * print why to @out (when not NULL), turn their autoload off when @disable.\n"
" * Returns their number, or -errno.\n"
" */\n"
"static inline int %1$s__kfunc_progs_run_(const struct %1$s *skel, const bool *ok,\n"
"\t\t\t\t\t  FILE *out, bool disable)\n"
"{\n"
"\tconst struct %1$s__kfunc_prog *p, *progs = %1$s__kfunc_progs();\n"
"\tstruct bpf_program *prog;\n"
"\tint err, n = 0;\n"
"\n"
"\tfor (p = progs; p->name; p++) {\n"
"\t\tprog = bpf_object__find_program_by_name(skel->obj, p->name);\n"
"\t\tif (!prog || !bpf_program__autoload(prog))\n"
"\t\t\tcontinue;\n"
"\t\tif (!%1$s__kfunc_prog_fails_(p, p - progs, ok, out))\n"
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
" * Print to @out (when not NULL) one line for each strong kfunc extern that\n"
" * makes the load of @skel fail on this kernel and for each program to be\n"
" * loaded that the verifier will refuse; return their number, or -errno.\n"
" * Call after %1$s__open(), before the load.\n"
" */\n"
"static inline int %1$s__kfuncs_check(const struct %1$s *skel, FILE *out)\n"
"{\n"
"\tbool ok[%2$zu];\n"
"\tint bad, progs;\n"
"\n"
"\tbad = %1$s__kfuncs_run_(skel, ok, out);\n"
"\tif (bad < 0)\n"
"\t\treturn bad;\n"
"\tprogs = %1$s__kfunc_progs_run_(skel, ok, out, false);\n"
"\treturn progs < 0 ? progs : bad + progs;\n"
"}\n"
"\n"
"/*\n"
" * Turn autoload off for the programs %1$s__kfuncs_check() names, so that\n"
" * %1$s__load() loads the others. Call after %1$s__open(), before the\n"
" * load; returns how many programs were left out, or -errno.\n"
" */\n"
"static inline int %1$s__kfuncs_disable_failing(struct %1$s *skel)\n"
"{\n"
"\tbool ok[%2$zu];\n"
"\tint bad = %1$s__kfuncs_run_(skel, ok, NULL);\n"
"\n"
"\treturn bad < 0 ? bad : %1$s__kfunc_progs_run_(skel, ok, NULL, true);\n"
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
"\terr = %1$s__kfuncs_run_(skel, ok, NULL);\n"
"\tif (err < 0)\n"
"\t\treturn err;\n";

/*
 * The guards of a light skeleton, whose loader program binds each kfunc
 * extern with the bpf_btf_find_by_name_kind() helper under the extern's
 * full name, checking no prototype: the guards run that helper the same
 * way, in a BPF_PROG_TYPE_SYSCALL program of their own, which they load,
 * run once and close, with the module BTF fds the helper opens. No libbpf:
 * a light skeleton has none. The same for every light skeleton but for its
 * name (%1$s) and its number of kfunc externs (%2$zu).
 */
static const char lskel_tmpl[] =
"\n"
"/*\n"
" * Set @ok[i] when a light skeleton binds kfunc extern i on this kernel.\n"
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
"\t\t\t\t\t   .imm = BTF_KIND_FUNC };\n"
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
" * Print to @out (when not NULL) one line for each strong kfunc extern that\n"
" * makes the load of @skel fail on this kernel and for each program that\n"
" * the verifier will refuse (a light skeleton loads them all, or none);\n"
" * return their number, or -errno. Call before %1$s__load().\n"
" */\n"
"static inline int %1$s__kfuncs_check(const struct %1$s *skel, FILE *out)\n"
"{\n"
"\tconst struct %1$s__kfunc_prog *p, *progs = %1$s__kfunc_progs();\n"
"\tconst struct %1$s__kfunc_desc *d;\n"
"\tint i, err, bad = 0;\n"
"\tbool ok[%2$zu];\n"
"\tsize_t cnt;\n"
"\n"
"\tif (!skel)\n"
"\t\treturn -EINVAL;\n"
"\terr = %1$s__kfuncs_run_(ok);\n"
"\tif (err)\n"
"\t\treturn err;\n"
"\td = %1$s__kfunc_descs(&cnt);\n"
"\tfor (i = 0; i < (int)cnt; i++) {\n"
"\t\tif (ok[i] || d[i].weak)\n"
"\t\t\tcontinue;\n"
"\t\tbad++;\n"
"\t\tif (out)\n"
"\t\t\tfprintf(out, \"%1$s: kfunc '%%s': not found in vmlinux or module BTF\\n\",\n"
"\t\t\t\td[i].name);\n"
"\t}\n"
"\tfor (p = progs; p->name; p++) {\n"
"\t\tbad += %1$s__kfunc_prog_fails_(p, p - progs, ok, out);\n"
"\t}\n"
"\treturn bad;\n"
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
 * many guards the program is reported as not analysed.
 */
#define SKEL_MAX_GUARDS	10

/* A row: program @prog fails when @ext does not bind and (bound & @mask) == @value. */
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
 * For each assignment of bound or not to the kfunc externs @guards, the
 * reachable kfunc calls of program @prog with every other kfunc extern
 * unbound (ksym variables bound): @need[ext << n | assignment].
 */
static int analyse_prog(const struct kf_object *obj, size_t prog,
			const size_t *guards, size_t n, bool *need,
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
	for (g = 0; !err && g < 1U << n; g++) {
		for (i = 0; i < obj->extern_cnt; i++)
			res[i].outcome = obj->externs[i].kind == KF_EXT_KFUNC ?
					 KF_OUT_UNSET : KF_OUT_BOUND;
		for (i = 0; i < n; i++)
			if (g & 1U << i)
				res[guards[i]].outcome = KF_OUT_BOUND;
		err = kf_reach_prog(obj, res, prog, &v, e);
		if (err)
			break;
		for (i = 0; i < v.site_cnt; i++)
			if (v.sites[i].kind == KF_SITE_CALL)
				need[v.sites[i].ext << n | g] = true;
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

/* The rows of program @prog, the last of @t, over its @n @guards. */
static int table_rows(const struct kf_object *obj, size_t prog, const int *kidx,
		      const size_t *guards, size_t n, struct skel_table *t,
		      struct kf_error *e)
{
	struct skel_prog *p = &t->progs[t->prog_cnt - 1];
	unsigned int g, full = (1U << n) - 1;
	size_t i, first;
	bool *need;
	int err;

	need = calloc(obj->extern_cnt << n, sizeof(*need));
	if (!need)
		return kf_error(e, ENOMEM, "out of memory");
	err = analyse_prog(obj, prog, guards, n, need, e);
	if (!err) {
		p->guard_cnt = n;
		for (i = 0; i < n; i++)
			p->guards[i] = kidx[guards[i]];
	}
	for (i = 0; !err && i < obj->extern_cnt; i++) {
		first = t->call_cnt;
		for (g = 0; !err && g <= full; g++)
			if (need[i << n | g])
				err = add_call(t, kidx[i], full, g, e);
		merge_rows(t->calls, first, &t->call_cnt, n);
	}
	free(need);
	return err;
}

/*
 * Add program @prog of @obj to @t with its rows, when it has any or was
 * not analysed. @kidx maps externs to kfunc indexes (-1 for ksym
 * variables); @ld and @call are scratch of obj->extern_cnt each.
 */
static int table_prog(const struct kf_object *obj, size_t prog, const int *kidx,
		      bool *ld, bool *call, struct skel_table *t,
		      struct kf_error *e)
{
	size_t guards[SKEL_MAX_GUARDS], n = 0, i, calls = 0;
	size_t before = t->call_cnt;
	struct skel_prog *p;
	int err;

	memset(ld, 0, obj->extern_cnt * sizeof(*ld));
	memset(call, 0, obj->extern_cnt * sizeof(*call));
	if (kf_code_prog_externs(&obj->code, prog, ld, call))
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < obj->extern_cnt; i++) {
		if (kidx[i] < 0)
			continue;
		calls += call[i];
		if (ld[i] && n++ < SKEL_MAX_GUARDS)
			guards[n - 1] = i;
	}
	/* Without a kfunc call, no assignment makes the program fail. */
	if (!calls)
		return 0;
	err = add_prog(t, obj->code.funcs[obj->code.progs[prog].func].name, e);
	if (err)
		return err;
	if (n > SKEL_MAX_GUARDS)
		err = kf_error(e, E2BIG, "%zu kfunc externs tested by bpf_ksym_exists(), more than %d",
			       n, SKEL_MAX_GUARDS);
	else
		err = table_rows(obj, prog, kidx, guards, n, t, e);
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

/* The table of every program of @obj; @kidx maps externs to kfunc indexes. */
static int build_table(const struct kf_object *obj, const int *kidx,
		       struct skel_table *t)
{
	struct kf_error e = { "" };
	bool *ld;
	size_t i;
	int err = 0;

	ld = calloc(obj->extern_cnt * 2, sizeof(*ld));
	if (!ld)
		err = kf_error(&e, ENOMEM, "out of memory");
	for (i = 0; !err && i < obj->code.prog_cnt; i++)
		err = table_prog(obj, i, kidx, ld, ld + obj->extern_cnt, t, &e);
	free(ld);
	if (err)
		p_err("kfunc guards: %s", e.msg);
	return err;
}

static void print_table(const struct skel_table *t, const char *name)
{
	const struct skel_prog *p;
	const struct skel_call *c;
	size_t i, j;

	printf("\n/*\n"
	       " * The programs whose kfunc calls the verifier may reach, each with the\n"
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
	       " * Program @prog (index in %1$s__kfunc_progs()) fails to load when kfunc\n"
	       " * extern @ext does not bind while its guards are bound as @value says\n"
	       " * under @mask (bit i: guards[i]): the verifier then reaches a call of @ext.\n"
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
	       " * Whether program @p (index @idx) reaches a call of an extern that does\n"
	       " * not bind, with @ok the bound flags: print why to @out (when not NULL).\n"
	       " * A program that was not analysed is named, and does not count.\n"
	       " */\n"
	       "static inline bool %1$s__kfunc_prog_fails_(const struct %1$s__kfunc_prog *p,\n"
	       "\t\t\t\t\t    long idx, const bool *ok, FILE *out)\n"
	       "{\n"
	       "\tconst struct %1$s__kfunc_call *c;\n"
	       "\tconst struct %1$s__kfunc_desc *d;\n"
	       "\tunsigned int bound = 0;\n"
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
	       "\t\tif (c->prog != idx || (bound & c->mask) != c->value || ok[c->ext])\n"
	       "\t\t\tcontinue;\n"
	       "\t\tfails = true;\n"
	       "\t\tif (out)\n"
	       "\t\t\tfprintf(out, \"%1$s: program '%%s': calls '%%s', which does not bind\\n\",\n"
	       "\t\t\t\tp->name, d[c->ext].name);\n"
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
	const struct kf_extern *ext;
	size_t i;

	printf("struct %1$s__kfunc_desc {\n"
	       "\tconst char *name;\t/* the extern */\n"
	       "\tconst char *kname;\t/* the kernel function it binds to */\n"
	       "\tbool weak;\n"
	       "};\n\n"
	       "static inline const struct %1$s__kfunc_desc *%1$s__kfunc_descs(size_t *cnt)\n"
	       "{\n"
	       "\tstatic const struct %1$s__kfunc_desc descs[] = {\n", name);
	for (i = 0; i < obj->extern_cnt; i++) {
		ext = &obj->externs[i];
		if (ext->kind != KF_EXT_KFUNC)
			continue;
		printf("\t\t{ \"");
		print_c_string(ext->name);
		printf("\", \"");
		print_c_string(kf_extern_lookup_name(ext, loader));
		printf("\", %s },\n", ext->weak ? "true" : "false");
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
}

static int print_guards(const struct kf_object *obj, char **idents, size_t n,
			const struct skel_table *t, const int *kidx,
			const char *name)
{
	size_t k;
	int err;

	printf("\n/* kfunc guards: bpf_ksym_exists() of each kfunc extern, found at run time */\n"
	       "#include <stdbool.h>\n#include <stdio.h>\n#include <string.h>\n"
	       "#include <bpf/bpf.h>\n#include <bpf/libbpf_version.h>\n\n");
	print_head(obj, idents, n, t, name, KF_LOADER_LIBBPF);

	err = print_sites(obj, kidx, name);
	if (err)
		return err;
	printf(prepared_tmpl, name, n);
	printf(reproduced_tmpl, name);
	printf(runtime_tmpl, name, n);
	for (k = 0; k < n; k++)
		printf("\tk->%s = ok[%zu];\n", idents[k], k);
	printf("\treturn 0;\n}\n");
	return 0;
}

/* A light skeleton's guards: its loader program binds by full name. */
static void print_lskel_guards(const struct kf_object *obj, char **idents,
			       size_t n, const struct skel_table *t,
			       const char *name)
{
	size_t i;

	printf("\n/* kfunc guards: bpf_ksym_exists() of each kfunc extern, found at run time */\n"
	       "#ifndef __KERNEL__\n"
	       "#include <errno.h>\n#include <stdbool.h>\n#include <stdio.h>\n#include <string.h>\n"
	       "#include <linux/btf.h>\n\n");
	print_head(obj, idents, n, t, name, KF_LOADER_LSKEL);
	printf(lskel_tmpl, name, n);
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
	for (i = 0; i < obj->extern_cnt; i++)
		kidx[i] = obj->externs[i].kind == KF_EXT_KFUNC ? (int)k++ : -1;
	err = build_table(obj, kidx, &t);
	if (!err && loader == KF_LOADER_LSKEL)
		print_lskel_guards(obj, idents, n, &t, name);
	else if (!err)
		err = print_guards(obj, idents, n, &t, kidx, name);
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
