// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Ksym externs of a BPF object, collected as bpf_object__collect_externs()
 * does: undefined GLOBAL/WEAK NOTYPE symbols whose BTF (first extern VAR or
 * FUNC of that name) sits in the .ksyms DATASEC.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf_internal.h>
#include <bpf/relo_core.h>

#include "kfunc_btf.h"
#include "kfunc_file.h"
#include "kfunc_object.h"

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
	struct kf_extern *ext, *tmp;
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

	tmp = realloc(obj->externs, (obj->extern_cnt + 1) * sizeof(*tmp));
	if (!tmp)
		return kf_error(e, ENOMEM, "out of memory");
	obj->externs = tmp;
	ext = &obj->externs[obj->extern_cnt];
	memset(ext, 0, sizeof(*ext));
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
