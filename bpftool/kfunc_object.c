// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* A BPF object's ksym externs and code, read as libbpf reads them. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf_internal.h>
#include <bpf/relo_core.h>

#include "kfunc.h"

/*
 * Ksym externs of a BPF object, collected as bpf_object__collect_externs()
 * does: undefined GLOBAL/WEAK NOTYPE symbols whose BTF (first extern VAR or
 * FUNC of that name) sits in the .ksyms DATASEC.
 */
/* First VAR or FUNC named @name with extern linkage, as libbpf picks. */
static __u32 find_extern_btf(const struct btf *btf, const char *name)
{
	__u32 id, n = btf__type_cnt(btf);
	const struct btf_type *t;
	const char *tname;

	for (id = 1; id < n; id++) {
		t = btf__type_by_id(btf, id);
		if (!btf_is_var(t) && !btf_is_func(t))
			continue;
		tname = btf__name_by_offset(btf, t->name_off);
		if (!tname || strcmp(tname, name))
			continue;
		if (btf_is_var(t) && btf_var(t)->linkage != BTF_VAR_GLOBAL_EXTERN)
			return 0;
		if (btf_is_func(t) && btf_vlen(t) != BTF_FUNC_EXTERN)
			return 0;
		return id;
	}
	return 0;
}

/* Name of the DATASEC listing type @id, or NULL. */
static const char *extern_datasec(const struct btf *btf, __u32 id)
{
	__u32 i, j, n = btf__type_cnt(btf);
	const struct btf_var_secinfo *vs;
	const struct btf_type *t;

	for (i = 1; i < n; i++) {
		t = btf__type_by_id(btf, i);
		if (!btf_is_datasec(t))
			continue;
		vs = btf_var_secinfos(t);
		for (j = 0; j < btf_vlen(t); j++)
			if (vs[j].type == id)
				return btf__name_by_offset(btf, t->name_off);
	}
	return NULL;
}

static int add_extern(struct kf_object *obj, const char *sym_name, bool weak,
		      size_t sym_idx, struct kf_error *e)
{
	const struct btf_type *t;
	struct kf_extern *ext;
	const char *sec;
	__u32 id;

	id = find_extern_btf(obj->btf, sym_name);
	if (!id)
		return kf_error(e, ESRCH, "%s: extern '%s' has no BTF", obj->path,
				sym_name);
	sec = extern_datasec(obj->btf, id);
	if (!sec)
		return kf_error(e, ENOENT, "%s: extern '%s' is in no BTF DATASEC",
				obj->path, sym_name);
	t = btf__type_by_id(obj->btf, id);
	if (strcmp(sec, ".ksyms")) {
		if (!strcmp(sec, ".kconfig") && btf_is_func(t))
			return kf_error(e, ENOTSUP, "%s: extern function '%s' in .kconfig",
					obj->path, sym_name);
		return 0;
	}

	ext = kf_grow((void **)&obj->externs, &obj->extern_cap, sizeof(*ext),
		      obj->extern_cnt);
	if (!ext)
		return kf_error(e, ENOMEM, "out of memory");
	ext->name = btf__name_by_offset(obj->btf, t->name_off);
	ext->weak = weak;
	ext->btf_id = id;
	ext->sym_idx = sym_idx;
	if (btf_is_func(t)) {
		ext->kind = KF_EXT_KFUNC;
		ext->type_id = t->type;
		/* Only kfunc lookups use the essential name. */
		ext->essent_name = strndup(ext->name, bpf_core_essential_name_len(ext->name));
	} else {
		/* libbpf compares the type with modifiers skipped. */
		skip_mods_and_typedefs(obj->btf, t->type, &ext->type_id);
		ext->kind = ext->type_id ? KF_EXT_VAR : KF_EXT_VAR_TYPELESS;
		ext->essent_name = strdup(ext->name);
	}
	if (!ext->essent_name)
		return kf_error(e, ENOMEM, "out of memory");
	obj->extern_cnt++;
	return 0;
}

static int collect_externs(struct kf_object *obj, const struct kf_elf *kelf,
			   const struct kf_section *symtab, struct kf_error *e)
{
	const char *name;
	GElf_Sym sym;
	size_t i, n;
	int err, bind;

	n = symtab->size / symtab->shdr.sh_entsize;
	for (i = 1; i < n; i++) {
		if (!gelf_getsym(symtab->edata, i, &sym))
			return kf_error(e, EINVAL, "%s: corrupt symbol table", obj->path);
		bind = GELF_ST_BIND(sym.st_info);
		if (sym.st_shndx != SHN_UNDEF ||
		    (bind != STB_GLOBAL && bind != STB_WEAK) ||
		    GELF_ST_TYPE(sym.st_info) != STT_NOTYPE)
			continue;
		name = elf_strptr(kelf->elf, symtab->shdr.sh_link, sym.st_name);
		if (!name)
			return kf_error(e, EINVAL, "%s: corrupt symbol name", obj->path);
		if (!*name)
			continue;
		err = add_extern(obj, name, bind == STB_WEAK, i, e);
		if (err)
			return err;
	}
	return 0;
}

int kf_object_open_mem(struct kf_object **op, const void *data, size_t size,
		       const char *path, struct kf_error *e)
{
	struct kf_blob blob = { (void *)data, size };
	struct kf_object *obj;
	struct kf_elf kelf;
	struct kf_section sec, symtab;
	int err;

	*op = NULL;
	if (!kf_is_elf(&blob))
		return kf_error(e, EINVAL, "%s: not an ELF file", path);
	obj = calloc(1, sizeof(*obj));
	if (!obj)
		return kf_error(e, ENOMEM, "out of memory");
	obj->path = strdup(path);
	if (!obj->path) {
		free(obj);
		return kf_error(e, ENOMEM, "out of memory");
	}
	err = kf_elf_open(&kelf, &blob, path, e);
	if (err)
		goto out_free;
	if (kelf.ehdr.e_machine != EM_BPF || kelf.ehdr.e_ident[EI_CLASS] != ELFCLASS64) {
		err = kf_error(e, EINVAL, "%s: not a BPF object file", path);
		goto out;
	}
	err = kf_elf_btf(&kelf, path, "object without BTF (compile with -g)", &sec, e);
	if (err)
		goto out;
	err = kf_btf_check_raw(sec.data, sec.size, path, e);
	if (err)
		goto out;
	obj->btf = btf__new(sec.data, sec.size);
	if (!obj->btf) {
		err = kf_error(e, errno, "%s: corrupt or truncated BTF", path);
		goto out;
	}
	err = kf_btf_check(obj->btf, path, e);
	if (err)
		goto out;
	if (kf_elf_section_by_type(&kelf, SHT_SYMTAB, &symtab) || !symtab.edata ||
	    symtab.shdr.sh_entsize != sizeof(Elf64_Sym)) {
		err = kf_error(e, ENOENT, "%s: no symbol table", path);
		goto out;
	}
	err = collect_externs(obj, &kelf, &symtab, e);
	if (!err)
		err = kf_code_load(&obj->code, &kelf, &symtab, obj->btf, obj->externs,
				   obj->extern_cnt, path, e);
out:
	kf_elf_close(&kelf);
out_free:
	if (err) {
		kf_object_free(obj);
		return err;
	}
	*op = obj;
	return 0;
}

int kf_object_open(struct kf_object **op, const char *path, struct kf_error *e)
{
	struct kf_blob blob;
	int err;

	*op = NULL;
	err = kf_file_read(path, &blob, e);
	if (err)
		return err;
	err = kf_object_open_mem(op, blob.data, blob.size, path, e);
	kf_blob_free(&blob);
	return err;
}

void kf_object_free(struct kf_object *obj)
{
	size_t i;

	if (!obj)
		return;
	for (i = 0; i < obj->extern_cnt; i++)
		free(obj->externs[i].essent_name);
	free(obj->externs);
	kf_code_free(&obj->code);
	btf__free(obj->btf);
	free(obj->path);
	free(obj);
}

/*
 * The code of a BPF object as libbpf splits it: every function symbol of
 * an executable section other than .text is a program, .text holds the
 * subprograms; calls and function addresses name them through relocations
 * (bpf_object__reloc_code), externs through relocations on calls and
 * ld_imm64 instructions. Checked as the verifier checks a program's shape
 * (check_subprogs), so that the analysis can trust every jump.
 */
#define INSN_SZ sizeof(struct bpf_insn)

static bool is_ldimm64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_call(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL);
}

static int add_sec(struct kf_code *code, const char *name,
		   const GElf_Shdr *shdr, Elf_Data *data, const char *path,
		   struct kf_error *e)
{
	struct kf_code_sec *s;
	size_t cnt, i;

	if (shdr->sh_size % INSN_SZ || !data || data->d_size != shdr->sh_size)
		return kf_error(e, EINVAL, "%s: section %s: size is not a number of instructions",
				path, name);
	cnt = shdr->sh_size / INSN_SZ;
	if (cnt > KF_CODE_MAX_INSNS)
		return kf_error(e, E2BIG, "%s: section %s: %zu instructions, more than the verifier's %d",
				path, name, cnt, KF_CODE_MAX_INSNS);
	s = kf_grow((void **)&code->secs, &code->sec_cap, sizeof(*s), code->sec_cnt);
	if (!s)
		return kf_error(e, ENOMEM, "out of memory");
	s->name = strdup(name);
	s->insns = malloc(cnt * INSN_SZ);
	s->aux = calloc(cnt, sizeof(*s->aux));
	code->sec_cnt++;
	if (!s->name || !s->insns || !s->aux)
		return kf_error(e, ENOMEM, "out of memory");
	memcpy(s->insns, data->d_buf, cnt * INSN_SZ);
	s->cnt = cnt;
	for (i = 0; i < cnt; i++) {
		s->aux[i].ext = -1;
		s->aux[i].callee = -1;
		s->aux[i].rodata = -1;
	}
	return 0;
}

/* libbpf's SEC_RODATA: .rodata and .rodata.*, frozen as BPF_F_RDONLY_PROG. */
static bool is_rodata_sec(const char *name, const GElf_Shdr *shdr)
{
	return shdr->sh_type == SHT_PROGBITS && !(shdr->sh_flags & SHF_EXECINSTR) &&
	       (!strcmp(name, ".rodata") || !strncmp(name, ".rodata.", 8));
}

static int add_rodata(struct kf_code *code, const char *name, size_t shndx,
		      Elf_Data *data)
{
	struct kf_rodata *ro;

	if (!data || !data->d_buf || !data->d_size)
		return 0;
	ro = kf_grow((void **)&code->rodata, &code->rodata_cap, sizeof(*ro),
		     code->rodata_cnt);
	if (!ro)
		return -ENOMEM;
	ro->name = strdup(name);
	ro->data = malloc(data->d_size);
	if (!ro->name || !ro->data) {
		free(ro->name);
		free(ro->data);
		return -ENOMEM;
	}
	memcpy(ro->data, data->d_buf, data->d_size);
	ro->size = data->d_size;
	ro->shndx = shndx;
	code->rodata_cnt++;
	return 0;
}

static int rodata_of(const struct kf_code *code, size_t shndx)
{
	size_t i;

	for (i = 0; i < code->rodata_cnt; i++)
		if (code->rodata[i].shndx == shndx)
			return i;
	return -1;
}

static int func_cmp(const void *a, const void *b)
{
	const struct kf_func *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

static bool btf_func_global(const struct btf *btf, const char *name)
{
	const struct btf_type *t;
	int id;

	id = btf__find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	return btf_func_linkage(t) == BTF_FUNC_GLOBAL;
}

/* @sec_of maps ELF section indexes to code sections (-1: none). */
static int collect_funcs(struct kf_code *code, const struct kf_elf *kelf,
			 const struct kf_section *symtab, const int *sec_of,
			 size_t shnum, const struct btf *btf, const char *path,
			 struct kf_error *e)
{
	size_t i, n = symtab->size / sizeof(Elf64_Sym), j;
	struct kf_func *f;
	const char *name;
	GElf_Sym sym;
	__u32 end;

	for (i = 1; i < n; i++) {
		if (!gelf_getsym(symtab->edata, i, &sym))
			return kf_error(e, EINVAL, "%s: corrupt symbol table", path);
		if (GELF_ST_TYPE(sym.st_info) != STT_FUNC || sym.st_shndx >= shnum ||
		    sec_of[sym.st_shndx] < 0)
			continue;
		name = elf_strptr(kelf->elf, symtab->shdr.sh_link, sym.st_name);
		if (!name)
			return kf_error(e, EINVAL, "%s: corrupt symbol name", path);
		if (sym.st_value % INSN_SZ ||
		    sym.st_value / INSN_SZ >= code->secs[sec_of[sym.st_shndx]].cnt)
			return kf_error(e, EINVAL, "%s: function %s: offset %llu is not an instruction",
					path, name, (unsigned long long)sym.st_value);
		f = kf_grow((void **)&code->funcs, &code->func_cap, sizeof(*f),
			    code->func_cnt);
		if (!f)
			return kf_error(e, ENOMEM, "out of memory");
		f->name = strdup(name);
		if (!f->name)
			return kf_error(e, ENOMEM, "out of memory");
		code->func_cnt++;
		f->sec = sec_of[sym.st_shndx];
		f->start = sym.st_value / INSN_SZ;
		/* st_size, when sane, else up to the next function. */
		f->end = code->secs[f->sec].cnt;
		if (sym.st_size && sym.st_size % INSN_SZ == 0 &&
		    sym.st_size / INSN_SZ <= f->end - f->start)
			f->end = f->start + sym.st_size / INSN_SZ;
		f->global = btf_func_global(btf, name);
	}
	if (code->func_cnt)
		qsort(code->funcs, code->func_cnt, sizeof(*code->funcs), func_cmp);
	for (i = 0; i + 1 < code->func_cnt; i++) {
		f = &code->funcs[i];
		if (f->sec != f[1].sec)
			continue;
		if (f->start == f[1].start)
			return kf_error(e, EINVAL, "%s: functions %s and %s start at the same instruction",
					path, f->name, f[1].name);
		end = f[1].start;
		if (f->end > end)
			f->end = end;
	}
	for (i = 0, j = 0; i < code->func_cnt; i++)
		if (strcmp(code->secs[code->funcs[i].sec].name, ".text"))
			j++;
	code->progs = calloc(j ?: 1, sizeof(*code->progs));
	if (!code->progs)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < code->func_cnt; i++) {
		const char *sname = code->secs[code->funcs[i].sec].name;

		if (!strcmp(sname, ".text"))
			continue;
		code->progs[code->prog_cnt].func = i;
		code->progs[code->prog_cnt++].autoload = sname[0] != '?';
	}
	return 0;
}

/* The function of section @sec starting at @insn, or -1. */
static int func_at(const struct kf_code *code, size_t sec, __u32 insn)
{
	const struct kf_func *f = kf_code_func(code, sec, insn);

	return f && f->start == insn ? f - code->funcs : -1;
}

static int text_sec(const struct kf_code *code)
{
	size_t i;

	for (i = 0; i < code->sec_cnt; i++)
		if (!strcmp(code->secs[i].name, ".text"))
			return i;
	return -1;
}

/* libbpf's sym_is_subprog(), the section already checked. */
static bool is_subprog_sym(const GElf_Sym *sym)
{
	int bind = GELF_ST_BIND(sym->st_info), type = GELF_ST_TYPE(sym->st_info);

	if (bind == STB_LOCAL && type == STT_SECTION)
		return true;
	return (bind == STB_GLOBAL || bind == STB_WEAK) && type == STT_FUNC;
}

/*
 * The jump table @sym of .jumptables @jt, loaded at @idx: u64 byte offsets
 * into the section of the code, checked as libbpf's create_jt_map() does.
 */
static int add_jumps(struct kf_code_sec *s, __u32 idx, const GElf_Sym *sym,
		     const struct kf_section *jt, const char *path,
		     struct kf_error *e)
{
	struct kf_jump *j;
	__u64 off, at;

	if (!jt->data || sym->st_value % 8 || sym->st_size % 8 ||
	    sym->st_value > jt->size || sym->st_size > jt->size - sym->st_value)
		return kf_error(e, EINVAL, "%s: section %s: insn %u: jump table out of .jumptables",
				path, s->name, idx);
	for (at = sym->st_value; at < sym->st_value + sym->st_size; at += 8) {
		memcpy(&off, (const char *)jt->data + at, sizeof(off));
		if (off % INSN_SZ || off / INSN_SZ >= s->cnt)
			return kf_error(e, EINVAL, "%s: section %s: insn %u: jump table entry %#llx out of the section",
					path, s->name, idx, (unsigned long long)off);
		j = kf_grow((void **)&s->jumps, &s->jump_cap, sizeof(*j), s->jump_cnt);
		if (!j)
			return kf_error(e, ENOMEM, "out of memory");
		j->ld = idx;
		j->idx = (at - sym->st_value) / 8;
		j->target = off / INSN_SZ;
		s->jump_cnt++;
	}
	s->aux[idx].flags |= KF_INSN_JT;
	return 0;
}

static int jump_cmp(const void *a, const void *b)
{
	const struct kf_jump *x = a, *y = b;

	if (x->ld != y->ld)
		return x->ld < y->ld ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

const struct kf_jump *kf_code_jump(const struct kf_code *code, size_t sec,
				   __u32 ld, __u32 idx)
{
	const struct kf_code_sec *s = &code->secs[sec];
	struct kf_jump key = { .ld = ld, .idx = idx };

	return bsearch(&key, s->jumps, s->jump_cnt, sizeof(key), jump_cmp);
}

const struct kf_jump *kf_code_jumps(const struct kf_code *code,
				    const struct kf_func *f, size_t *cnt)
{
	const struct kf_code_sec *s = &code->secs[f->sec];
	size_t lo = 0, hi = s->jump_cnt, n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->jumps[mid].ld < f->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (n = 0; lo + n < s->jump_cnt && s->jumps[lo + n].ld < f->end; n++)
		;
	*cnt = n;
	return n ? &s->jumps[lo] : NULL;
}

static int apply_reloc(struct kf_code *code, struct kf_code_sec *s,
		       const GElf_Rel *rel, const GElf_Sym *sym, int sym_ext,
		       const int *sec_of, size_t shnum,
		       const struct kf_section *jt, const char *path,
		       struct kf_error *e)
{
	struct bpf_insn *insn;
	__u32 idx = rel->r_offset / INSN_SZ;
	long long target;
	bool in_text;
	int callee, ro;

	if (rel->r_offset % INSN_SZ || idx >= s->cnt)
		return kf_error(e, EINVAL, "%s: section %s: relocation at offset %llu is not an instruction",
				path, s->name, (unsigned long long)rel->r_offset);
	insn = &s->insns[idx];
	s->aux[idx].flags |= KF_INSN_RELOC;
	if (sym_ext >= 0) {
		if (!is_call(insn) && !is_ldimm64(insn))
			return kf_error(e, EINVAL, "%s: section %s: insn %u: extern relocation on neither a call nor an ld_imm64",
					path, s->name, idx);
		s->aux[idx].ext = sym_ext;
		return 0;
	}
	if (is_ldimm64(insn) && jt->index && sym->st_shndx == jt->index)
		return add_jumps(s, idx, sym, jt, path, e);
	/* libbpf's data relocation: the symbol's offset plus the addend. */
	ro = is_ldimm64(insn) ? rodata_of(code, sym->st_shndx) : -1;
	if (ro >= 0) {
		s->aux[idx].rodata = ro;
		s->aux[idx].rodata_off = (__u32)insn->imm + (__u32)sym->st_value;
		return 0;
	}
	/* Without .text, sec_of[] of a data section is -1 as text_sec()'s. */
	in_text = sym->st_shndx < shnum && sec_of[sym->st_shndx] >= 0 &&
		  sec_of[sym->st_shndx] == text_sec(code);
	if (is_call(insn) && insn->src_reg == BPF_PSEUDO_CALL)
		target = (long long)(sym->st_value / INSN_SZ) + insn->imm + 1;
	else if (is_ldimm64(insn) && in_text && is_subprog_sym(sym))
		/* A function's address: libbpf makes it BPF_PSEUDO_FUNC. */
		target = ((long long)sym->st_value + insn->imm) / (long long)INSN_SZ;
	else
		return 0;
	/* libbpf takes subprograms from .text only. */
	callee = -1;
	if (in_text && target >= 0 && target <= UINT32_MAX)
		callee = func_at(code, sec_of[sym->st_shndx], target);
	if (callee < 0)
		return kf_error(e, EINVAL, "%s: section %s: insn %u: call to no function of .text",
				path, s->name, idx);
	s->aux[idx].callee = callee;
	return 0;
}

static int collect_relocs(struct kf_code *code, const struct kf_elf *kelf,
			  const struct kf_section *symtab, const int *sec_of,
			  const int *sym_ext, size_t shnum, const char *path,
			  struct kf_error *e)
{
	struct kf_section jt = {};
	size_t nsyms = symtab->size / sizeof(Elf64_Sym), i, n;
	Elf_Scn *scn = NULL;
	Elf_Data *data;
	GElf_Shdr shdr;
	GElf_Rel rel;
	GElf_Sym sym;
	size_t si;
	int err;

	err = kf_elf_section(kelf, ".jumptables", &jt);
	if (err && err != -ENOENT)
		return kf_error(e, -err, "%s: cannot read .jumptables", path);
	while ((scn = elf_nextscn(kelf->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			return kf_error(e, EINVAL, "%s: corrupt section header", path);
		if (shdr.sh_type != SHT_REL || shdr.sh_info >= shnum ||
		    sec_of[shdr.sh_info] < 0)
			continue;
		data = elf_getdata(scn, NULL);
		if (!data || shdr.sh_entsize != sizeof(Elf64_Rel))
			return kf_error(e, EINVAL, "%s: corrupt relocation section", path);
		n = data->d_size / sizeof(Elf64_Rel);
		for (i = 0; i < n; i++) {
			if (!gelf_getrel(data, i, &rel))
				return kf_error(e, EINVAL, "%s: corrupt relocation", path);
			si = GELF_R_SYM(rel.r_info);
			if (!si || si >= nsyms || !gelf_getsym(symtab->edata, si, &sym))
				return kf_error(e, EINVAL, "%s: relocation against bad symbol %zu",
						path, si);
			err = apply_reloc(code, &code->secs[sec_of[shdr.sh_info]], &rel,
					  &sym, sym_ext[si], sec_of, shnum, &jt, path, e);
			if (err)
				return err;
		}
	}
	for (i = 0; i < code->sec_cnt; i++)
		if (code->secs[i].jump_cnt)
			qsort(code->secs[i].jumps, code->secs[i].jump_cnt,
			      sizeof(struct kf_jump), jump_cmp);
	return 0;
}

static int jump_target(const struct kf_code_sec *s, const struct kf_func *f,
		       __u32 i, long long target, const char *path,
		       struct kf_error *e)
{
	if (target < f->start || target >= f->end ||
	    (s->aux[target].flags & KF_INSN_LDHI))
		return kf_error(e, EINVAL, "%s: %s: insn %u jumps to %lld, out of function or into an ld_imm64",
				path, f->name, i, target);
	s->aux[target].flags |= KF_INSN_LEADER;
	return 0;
}

/* An indirect jump goes to the entries of the jump tables @f loads. */
static int check_gotox(struct kf_code *code, const struct kf_func *f,
		       __u32 i, const char *path, struct kf_error *e)
{
	struct kf_code_sec *s = &code->secs[f->sec];
	const struct kf_jump *j;
	size_t n, k;
	int err;

	/* The verifier refuses it; the analysis reports it per program. */
	j = kf_code_jumps(code, f, &n);
	for (k = 0; k < n; k++) {
		err = jump_target(s, f, i, j[k].target, path, e);
		if (err)
			return err;
	}
	return 0;
}

/* The verifier's check_subprogs(): jumps stay in their function. */
static int check_func(struct kf_code *code, const struct kf_func *f,
		      const char *path, struct kf_error *e)
{
	struct kf_code_sec *s = &code->secs[f->sec];
	const struct bpf_insn *insn;
	__u8 class, op;
	int callee, err;
	__u32 i;

	for (i = f->start; i < f->end; i++) {
		if (!is_ldimm64(&s->insns[i]))
			continue;
		if (i + 1 >= f->end)
			return kf_error(e, EINVAL, "%s: %s: truncated ld_imm64 at insn %u",
					path, f->name, i);
		s->aux[++i].flags |= KF_INSN_LDHI;
	}
	s->aux[f->start].flags |= KF_INSN_LEADER;
	for (i = f->start; i < f->end; i++) {
		insn = &s->insns[i];
		class = BPF_CLASS(insn->code);
		op = BPF_OP(insn->code);
		if (is_ldimm64(insn)) {
			if (insn->src_reg == BPF_PSEUDO_FUNC && s->aux[i].callee < 0)
				return kf_error(e, EINVAL, "%s: %s: insn %u: function address without relocation",
						path, f->name, i);
			i++;
			continue;
		}
		if (class != BPF_JMP && class != BPF_JMP32)
			continue;
		if (op == BPF_EXIT)
			continue;
		if (op == BPF_CALL) {
			if (insn->src_reg != BPF_PSEUDO_CALL || s->aux[i].callee >= 0 ||
			    s->aux[i].ext >= 0)
				continue;
			/* A call without relocation stays in .text. */
			callee = (int)f->sec == text_sec(code) ?
				 func_at(code, f->sec, i + insn->imm + 1) : -1;
			if (callee < 0)
				return kf_error(e, EINVAL, "%s: %s: insn %u: call to no function of .text",
						path, f->name, i);
			s->aux[i].callee = callee;
			continue;
		}
		if (kf_insn_gotox(insn)) {
			err = check_gotox(code, f, i, path, e);
			if (err)
				return err;
			continue;
		}
		err = jump_target(s, f, i, (long long)i + 1 +
				  (op == BPF_JA && class == BPF_JMP32 ? insn->imm : insn->off),
				  path, e);
		if (err)
			return err;
		if (op != BPF_JA && i + 1 < f->end)
			s->aux[i + 1].flags |= KF_INSN_LEADER;
	}
	insn = &s->insns[f->end - 1];
	if ((s->aux[f->end - 1].flags & KF_INSN_LDHI) ||
	    (insn->code != (BPF_JMP | BPF_EXIT) && insn->code != (BPF_JMP | BPF_JA) &&
	     insn->code != (BPF_JMP32 | BPF_JA) && !kf_insn_gotox(insn)))
		return kf_error(e, EINVAL, "%s: %s: last insn is not an exit or jmp",
				path, f->name);
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	const struct kf_line *x = a, *y = b;

	return x->insn < y->insn ? -1 : x->insn > y->insn;
}

static int code_sec_by_name(const struct kf_code *code, const char *name)
{
	size_t i;

	for (i = 0; name && i < code->sec_cnt; i++)
		if (!strcmp(code->secs[i].name, name))
			return i;
	return -1;
}

/* libbpf reads the info sections' record sizes as aligned __u32s. */
static bool btf_ext_aligned(const void *data, size_t size)
{
	struct btf_ext_header hdr = {};

	if (size < offsetof(struct btf_ext_header, core_relo_off))
		return false;
	memcpy(&hdr, data, size < sizeof(hdr) ? size : sizeof(hdr));
	return !((hdr.hdr_len | hdr.func_info_off | hdr.line_info_off |
		  hdr.core_relo_off) & 3);
}

/*
 * Line info and CO-RE relocations from .BTF.ext; libbpf ignores a .BTF.ext
 * it cannot parse, and so do we.
 */
static int read_btf_ext(struct kf_code *code, const struct kf_elf *kelf,
			const struct btf *btf)
{
	const struct btf_ext_info_sec *es;
	const struct bpf_line_info_min *li;
	const struct bpf_core_relo *cr;
	struct kf_section sec;
	struct btf_ext *ext;
	struct kf_code_sec *s;
	struct kf_line *l;
	__u32 i;
	int si;

	if (kf_elf_section(kelf, ".BTF.ext", &sec) || !sec.data ||
	    !btf_ext_aligned(sec.data, sec.size))
		return 0;
	ext = btf_ext__new(sec.data, sec.size);
	if (!ext)
		return errno == ENOMEM ? -ENOMEM : 0;
	for_each_btf_ext_sec(&ext->line_info, es) {
		si = code_sec_by_name(code, btf__name_by_offset(btf, es->sec_name_off));
		if (si < 0)
			continue;
		s = &code->secs[si];
		l = realloc(s->lines, (s->line_cnt + es->num_info) * sizeof(*l));
		if (!l)
			goto nomem;
		s->lines = l;
		for_each_btf_ext_rec(&ext->line_info, es, i, li) {
			l = &s->lines[s->line_cnt];
			l->file = btf__name_by_offset(btf, li->file_name_off);
			l->insn = li->insn_off / INSN_SZ;
			l->line = BPF_LINE_INFO_LINE_NUM(li->line_col);
			if (l->file && l->insn < s->cnt)
				s->line_cnt++;
		}
	}
	for_each_btf_ext_sec(&ext->core_relo_info, es) {
		si = code_sec_by_name(code, btf__name_by_offset(btf, es->sec_name_off));
		if (si < 0)
			continue;
		s = &code->secs[si];
		for_each_btf_ext_rec(&ext->core_relo_info, es, i, cr)
			if (cr->insn_off / INSN_SZ < s->cnt)
				s->aux[cr->insn_off / INSN_SZ].flags |= KF_INSN_RELOC;
	}
	for (i = 0; i < code->sec_cnt; i++)
		if (code->secs[i].line_cnt)
			qsort(code->secs[i].lines, code->secs[i].line_cnt,
			      sizeof(struct kf_line), line_cmp);
	btf_ext__free(ext);
	return 0;
nomem:
	btf_ext__free(ext);
	return -ENOMEM;
}

/* libbpf's struct_ops map sections, '?' (not autocreated) or not. */
static bool is_st_ops_sec(const char *name)
{
	if (*name == '?')
		name++;
	return !strcmp(name, ".struct_ops") || !strcmp(name, ".struct_ops.link");
}

/*
 * Symbols, DATASEC entries, members and programs looked at to find which
 * programs the struct_ops maps point to: a few thousand in real objects.
 * Past it, a hostile object's remaining struct_ops programs stay
 * unchecked, rather than taking time that grows with the square of its
 * size.
 */
#define ST_OPS_MAX_STEPS	(1L << 24)

/*
 * The struct type and member of the struct_ops map field at @off of
 * section @sec (index @shndx): the map is the variable whose symbol
 * covers @off (the BTF of an object gives no DATASEC offsets before
 * libbpf's fix-up), its type that of its VAR in the DATASEC named after
 * the section. False when there is none, or *@steps ran out.
 */
static bool st_ops_field(const struct kf_elf *kelf, const struct kf_section *symtab,
			 const struct btf *btf, const char *sec, size_t shndx,
			 __u64 off, const char **type, const char **member,
			 long *steps)
{
	size_t nsyms = symtab->size / sizeof(Elf64_Sym), i;
	const struct btf_type *datasec, *t;
	const struct btf_var_secinfo *v;
	const struct btf_member *m;
	const char *name = NULL;
	GElf_Sym sym;
	int id;

	for (i = 1; i < nsyms && !name && --*steps > 0; i++) {
		if (gelf_getsym(symtab->edata, i, &sym) && sym.st_shndx == shndx &&
		    GELF_ST_TYPE(sym.st_info) == STT_OBJECT &&
		    off >= sym.st_value && off - sym.st_value < sym.st_size)
			name = elf_strptr(kelf->elf, symtab->shdr.sh_link, sym.st_name);
	}
	id = name ? btf__find_by_name_kind(btf, sec, BTF_KIND_DATASEC) : -1;
	datasec = id > 0 ? btf__type_by_id(btf, id) : NULL;
	if (!datasec)
		return false;
	v = btf_var_secinfos(datasec);
	for (i = 0; i < btf_vlen(datasec) && --*steps > 0; i++, v++) {
		t = btf__type_by_id(btf, v->type);
		if (t && btf_is_var(t) && !strcmp(btf__name_by_offset(btf, t->name_off), name))
			break;
	}
	if (i == btf_vlen(datasec) || *steps <= 0)
		return false;
	id = btf__resolve_type(btf, v->type);
	t = id > 0 ? btf__type_by_id(btf, id) : NULL;
	if (!t || !btf_is_struct(t) || !t->name_off)
		return false;
	off = (off - sym.st_value) * 8;
	m = btf_members(t);
	for (i = 0; i < btf_vlen(t) && --*steps > 0; i++, m++)
		if (btf_member_bit_offset(t, i) == off)
			break;
	if (i == btf_vlen(t) || *steps <= 0)
		return false;
	*type = btf__name_by_offset(btf, t->name_off);
	*member = btf__name_by_offset(btf, m->name_off);
	return *type && *member;
}

/*
 * The struct_ops map fields that point to programs, through the
 * relocations of the struct_ops sections: the struct type and member give
 * the program its attach BTF id and expected attach type, which the
 * kernel's kfunc filters may look at. What libbpf would refuse is left
 * out: such a program's type is then not checked.
 */
static int collect_st_ops(struct kf_code *code, const struct kf_elf *kelf,
			  const struct kf_section *symtab, const int *sec_of,
			  size_t shnum, const struct btf *btf, const char *path,
			  struct kf_error *e)
{
	size_t nsyms = symtab->size / sizeof(Elf64_Sym), i, n, p;
	const char *sec, *type, *member;
	long steps = ST_OPS_MAX_STEPS;
	const struct kf_func *f;
	Elf_Scn *scn = NULL, *target;
	GElf_Shdr shdr, target_shdr;
	Elf_Data *data;
	GElf_Rel rel;
	GElf_Sym sym;

	while ((scn = elf_nextscn(kelf->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			return kf_error(e, EINVAL, "%s: corrupt section header", path);
		sec = elf_strptr(kelf->elf, kelf->shstrndx, shdr.sh_name);
		if (shdr.sh_type == SHT_PROGBITS && sec && is_st_ops_sec(sec))
			code->st_ops_maps = true;
		if (shdr.sh_type != SHT_REL || shdr.sh_info >= shnum)
			continue;
		target = elf_getscn(kelf->elf, shdr.sh_info);
		if (!target || !gelf_getshdr(target, &target_shdr))
			continue;
		sec = elf_strptr(kelf->elf, kelf->shstrndx, target_shdr.sh_name);
		data = elf_getdata(scn, NULL);
		if (!sec || !is_st_ops_sec(sec) || !data ||
		    shdr.sh_entsize != sizeof(Elf64_Rel))
			continue;
		n = data->d_size / sizeof(Elf64_Rel);
		for (i = 0; i < n; i++) {
			if (!gelf_getrel(data, i, &rel) ||
			    GELF_R_SYM(rel.r_info) >= nsyms ||
			    !gelf_getsym(symtab->edata, GELF_R_SYM(rel.r_info), &sym) ||
			    sym.st_shndx >= shnum || sec_of[sym.st_shndx] < 0 ||
			    sym.st_value % INSN_SZ ||
			    !st_ops_field(kelf, symtab, btf, sec, shdr.sh_info,
					  rel.r_offset, &type, &member, &steps))
				continue;
			for (p = 0; p < code->prog_cnt && --steps > 0; p++) {
				f = &code->funcs[code->progs[p].func];
				if (f->sec == (size_t)sec_of[sym.st_shndx] &&
				    f->start == sym.st_value / INSN_SZ &&
				    !code->progs[p].st_ops_type) {
					code->progs[p].st_ops_type = type;
					code->progs[p].st_ops_member = member;
				}
			}
		}
	}
	return 0;
}

int kf_code_load(struct kf_code *code, const struct kf_elf *kelf,
		 const struct kf_section *symtab, const struct btf *btf,
		 const struct kf_extern *externs, size_t extern_cnt,
		 const char *path, struct kf_error *e)
{
	size_t shnum, nsyms = symtab->size / sizeof(Elf64_Sym), i;
	int *sec_of = NULL, *sym_ext = NULL, err;
	Elf_Scn *scn = NULL;
	const char *name;
	GElf_Shdr shdr;

	memset(code, 0, sizeof(*code));
	if (elf_getshdrnum(kelf->elf, &shnum))
		return kf_error(e, EINVAL, "%s: corrupt ELF", path);
	sec_of = malloc(shnum * sizeof(*sec_of));
	sym_ext = malloc((nsyms ?: 1) * sizeof(*sym_ext));
	if (!sec_of || !sym_ext) {
		err = kf_error(e, ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < shnum; i++)
		sec_of[i] = -1;
	for (i = 0; i < nsyms; i++)
		sym_ext[i] = -1;
	for (i = 0; i < extern_cnt; i++)
		if (externs[i].sym_idx < nsyms)
			sym_ext[externs[i].sym_idx] = i;
	while ((scn = elf_nextscn(kelf->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr)) {
			err = kf_error(e, EINVAL, "%s: corrupt section header", path);
			goto out;
		}
		if (shdr.sh_type != SHT_PROGBITS || !shdr.sh_size)
			continue;
		name = elf_strptr(kelf->elf, kelf->shstrndx, shdr.sh_name);
		if (!name) {
			err = kf_error(e, EINVAL, "%s: corrupt section name", path);
			goto out;
		}
		if (is_rodata_sec(name, &shdr)) {
			err = add_rodata(code, name, elf_ndxscn(scn),
					 elf_getdata(scn, NULL));
			if (err) {
				err = kf_error(e, ENOMEM, "out of memory");
				goto out;
			}
			continue;
		}
		if (!(shdr.sh_flags & SHF_EXECINSTR))
			continue;
		err = add_sec(code, name, &shdr, elf_getdata(scn, NULL), path, e);
		if (err)
			goto out;
		sec_of[elf_ndxscn(scn)] = code->sec_cnt - 1;
	}
	err = collect_funcs(code, kelf, symtab, sec_of, shnum, btf, path, e);
	if (!err)
		err = collect_relocs(code, kelf, symtab, sec_of, sym_ext, shnum, path, e);
	if (!err)
		err = collect_st_ops(code, kelf, symtab, sec_of, shnum, btf, path, e);
	for (i = 0; !err && i < code->func_cnt; i++)
		err = check_func(code, &code->funcs[i], path, e);
	if (!err && read_btf_ext(code, kelf, btf))
		err = kf_error(e, ENOMEM, "out of memory");
out:
	free(sec_of);
	free(sym_ext);
	if (err)
		kf_code_free(code);
	return err;
}

void kf_code_free(struct kf_code *code)
{
	size_t i;

	for (i = 0; i < code->sec_cnt; i++) {
		free(code->secs[i].name);
		free(code->secs[i].insns);
		free(code->secs[i].aux);
		free(code->secs[i].lines);
		free(code->secs[i].jumps);
	}
	for (i = 0; i < code->func_cnt; i++)
		free(code->funcs[i].name);
	for (i = 0; i < code->rodata_cnt; i++) {
		free(code->rodata[i].name);
		free(code->rodata[i].data);
	}
	free(code->rodata);
	free(code->secs);
	free(code->funcs);
	free(code->progs);
	memset(code, 0, sizeof(*code));
}

const struct kf_line *kf_code_line(const struct kf_code *code, size_t sec,
				   __u32 insn)
{
	const struct kf_code_sec *s = &code->secs[sec];
	size_t lo = 0, hi = s->line_cnt;

	/* The last record at or before @insn; line 0 is code of no line. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->lines[mid].insn <= insn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && s->lines[lo - 1].line ? &s->lines[lo - 1] : NULL;
}

const struct kf_func *kf_code_func(const struct kf_code *code, size_t sec,
				   __u32 insn)
{
	size_t lo = 0, hi = code->func_cnt;
	const struct kf_func *f;

	/* The last function of @sec starting at or before @insn. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		f = &code->funcs[mid];
		if (f->sec < sec || (f->sec == sec && f->start <= insn))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	f = &code->funcs[lo - 1];
	return f->sec == sec && insn < f->end ? f : NULL;
}

int kf_code_prog_funcs(const struct kf_code *code, size_t prog, bool *in)
{
	const struct kf_code_sec *s;
	const struct kf_func *f;
	size_t *stack, sn = 0;
	__u32 i;

	stack = calloc(code->func_cnt, sizeof(*stack));
	if (!stack)
		return -ENOMEM;
	memset(in, 0, code->func_cnt * sizeof(*in));
	in[code->progs[prog].func] = true;
	stack[sn++] = code->progs[prog].func;
	while (sn) {
		f = &code->funcs[stack[--sn]];
		s = &code->secs[f->sec];
		for (i = f->start; i < f->end; i++) {
			if (s->aux[i].callee >= 0 && !in[s->aux[i].callee]) {
				in[s->aux[i].callee] = true;
				stack[sn++] = s->aux[i].callee;
			}
		}
	}
	free(stack);
	return 0;
}

int kf_code_prog_externs(const struct kf_code *code, size_t prog, bool *ld,
			 bool *call)
{
	const struct kf_code_sec *s;
	const struct kf_func *f;
	size_t fn;
	bool *in;
	__u32 i;
	int err;

	in = calloc(code->func_cnt, sizeof(*in));
	if (!in)
		return -ENOMEM;
	err = kf_code_prog_funcs(code, prog, in);
	for (fn = 0; !err && fn < code->func_cnt; fn++) {
		if (!in[fn])
			continue;
		f = &code->funcs[fn];
		s = &code->secs[f->sec];
		for (i = f->start; i < f->end; i++) {
			if (s->aux[i].ext >= 0 && is_ldimm64(&s->insns[i]))
				ld[s->aux[i].ext] = true;
			else if (s->aux[i].ext >= 0 && is_call(&s->insns[i]))
				call[s->aux[i].ext] = true;
		}
	}
	free(in);
	return err;
}
