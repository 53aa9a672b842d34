// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kfunc evidence: a "bpf_kfunc" decl tag on the FUNC (pahole >= 1.27), or
 * membership of a kfunc id set in .BTF_ids, laid out as
 * struct btf_id_set8 { u32 cnt; u32 flags; struct { u32 id, flags; } pairs[]; }
 * where set flag BTF_SET8_KFUNCS (bit 0, kernels >= 6.9) marks kfunc sets.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc_annot.h"
#include "kfunc_discover.h"

#define BTF_SET8_KFUNCS		(1U << 0)
#define SET8_SYM_PREFIX		"__BTF_ID__set8__"
/* Pair flags beyond this are not KF_* bits: not a set. */
#define KF_FLAGS_MASK		((1U << 24) - 1)

struct kfunc_list {
	struct kf_kfunc *v;
	size_t cnt, cap;
	__u32 start_id;	/* first own type id */
	__u32 end_id;	/* one past the last */
	const struct btf *btf;
};

static struct kf_kfunc *list_get(struct kfunc_list *l, __u32 id)
{
	struct kf_kfunc *tmp;
	size_t i;

	/* Entries are appended in id order per pass: search from the end. */
	for (i = l->cnt; i > 0; i--)
		if (l->v[i - 1].btf_id == id)
			return &l->v[i - 1];
	if (l->cnt == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		tmp = realloc(l->v, l->cap * sizeof(*tmp));
		if (!tmp)
			return NULL;
		l->v = tmp;
	}
	tmp = &l->v[l->cnt++];
	memset(tmp, 0, sizeof(*tmp));
	tmp->btf_id = id;
	tmp->name = btf__name_by_offset(l->btf, btf__type_by_id(l->btf, id)->name_off);
	return tmp;
}

static bool is_own_func(const struct kfunc_list *l, __u32 id)
{
	const struct btf_type *t;

	if (id < l->start_id || id >= l->end_id)
		return false;
	t = btf__type_by_id(l->btf, id);
	return t && btf_is_func(t);
}

static int scan_decl_tags(struct kfunc_list *l, unsigned int *evidence)
{
	const struct btf_type *t;
	struct kf_kfunc *kf;
	const char *tag;
	bool fastcall;
	__u32 id;

	for (id = l->start_id; id < l->end_id; id++) {
		t = btf__type_by_id(l->btf, id);
		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		tag = btf__name_by_offset(l->btf, t->name_off);
		if (!tag)
			continue;
		if (!strcmp(tag, "bpf_kfunc"))
			fastcall = false;
		else if (!strcmp(tag, "bpf_fastcall"))
			fastcall = true;
		else
			continue;
		if (!is_own_func(l, t->type))
			continue;
		kf = list_get(l, t->type);
		if (!kf)
			return -ENOMEM;
		if (fastcall) {
			kf->fastcall = true;
		} else {
			kf->evidence |= KF_EV_DECL_TAG;
			*evidence |= KF_EV_DECL_TAG;
		}
	}
	return 0;
}

/* Word @i from byte @off of @sec, which may sit at any address. */
static __u32 word(const struct kf_section *sec, size_t off, size_t i)
{
	__u32 v;

	memcpy(&v, (const char *)sec->data + off + 4 * i, sizeof(v));
	return v;
}

/*
 * Take the set8 at @off of @sec if it is one: a count, then @cnt pairs that
 * all name own FUNCs in ascending order. Returns the set's size, or 0.
 */
static size_t take_set8(struct kfunc_list *l, const struct kf_section *sec,
			size_t off, bool commit)
{
	__u32 cnt, i, id, prev = 0;
	struct kf_kfunc *kf;

	if (off % 4 || sec->size < 8 || off > sec->size - 8)
		return 0;
	cnt = word(sec, off, 0);
	if (!cnt || cnt > (sec->size - off - 8) / 8)
		return 0;
	for (i = 0; i < cnt; i++) {
		id = word(sec, off, 2 + 2 * i);
		if (!is_own_func(l, id) || id < prev ||
		    word(sec, off, 3 + 2 * i) & ~KF_FLAGS_MASK)
			return 0;
		prev = id;
	}
	if (!commit)
		return 8 + cnt * 8;
	for (i = 0; i < cnt; i++) {
		kf = list_get(l, word(sec, off, 2 + 2 * i));
		if (!kf)
			return (size_t)-1;
		kf->evidence |= KF_EV_BTF_IDS;
		kf->flags |= word(sec, off, 3 + 2 * i);
		kf->flags_known = true;
	}
	return 8 + cnt * 8;
}

static bool set_is_kfuncs(const struct kf_section *sec, size_t off)
{
	return word(sec, off, 1) & BTF_SET8_KFUNCS;
}

/* Offsets of the __BTF_ID__set8__* symbols inside .BTF_ids. */
static int set8_symbols(const struct kf_elf *kelf, const struct kf_section *ids,
			size_t **offs, size_t *cnt)
{
	struct kf_section symtab;
	const char *name;
	size_t i, n, *tmp;
	GElf_Sym sym;
	__u64 off;

	*offs = NULL;
	*cnt = 0;
	if (kf_elf_section_by_type(kelf, SHT_SYMTAB, &symtab) || !symtab.edata ||
	    !symtab.shdr.sh_entsize)
		return -ENOENT;
	n = symtab.size / symtab.shdr.sh_entsize;
	for (i = 0; i < n; i++) {
		if (!gelf_getsym(symtab.edata, i, &sym) || sym.st_shndx != ids->index)
			continue;
		name = elf_strptr(kelf->elf, symtab.shdr.sh_link, sym.st_name);
		if (!name || strncmp(name, SET8_SYM_PREFIX, strlen(SET8_SYM_PREFIX)))
			continue;
		/* Linked files hold addresses, relocatable ones offsets. */
		off = sym.st_value;
		if (kelf->ehdr.e_type != ET_REL)
			off -= ids->shdr.sh_addr;
		if (off > ids->size)
			continue;
		tmp = realloc(*offs, (*cnt + 1) * sizeof(*tmp));
		if (!tmp) {
			free(*offs);
			*offs = NULL;
			return -ENOMEM;
		}
		*offs = tmp;
		(*offs)[(*cnt)++] = off;
	}
	return 0;
}

static int scan_btf_ids(struct kfunc_list *l, const struct kf_elf *kelf,
			unsigned int *evidence)
{
	size_t i, n, off, sz, *offs;
	bool any_kfunc_flag = false;
	struct kf_section ids;
	int err;

	if (kf_elf_section(kelf, ".BTF_ids", &ids) || !ids.data ||
	    kelf->ehdr.e_ident[EI_DATA] != ELFDATA2LSB)
		return 0;

	err = set8_symbols(kelf, &ids, &offs, &n);
	if (err == -ENOMEM)
		return err;
	if (!err && n) {
		/* Before BTF_SET8_KFUNCS existed, every set8 was a kfunc set. */
		for (i = 0; i < n; i++)
			if (take_set8(l, &ids, offs[i], false) &&
			    set_is_kfuncs(&ids, offs[i]))
				any_kfunc_flag = true;
		for (i = 0; i < n; i++) {
			if (any_kfunc_flag && (offs[i] > ids.size - 8 ||
					       !set_is_kfuncs(&ids, offs[i])))
				continue;
			sz = take_set8(l, &ids, offs[i], true);
			if (sz == (size_t)-1) {
				free(offs);
				return -ENOMEM;
			}
			if (sz)
				*evidence |= KF_EV_BTF_IDS;
		}
		free(offs);
		return 0;
	}
	free(offs);

	/* No symbols: kfunc sets are recognized by their flag and contents. */
	for (off = 0; ids.size >= 8 && off <= ids.size - 8; off += 4) {
		if (!set_is_kfuncs(&ids, off) ||
		    word(&ids, off, 1) != BTF_SET8_KFUNCS)
			continue;
		sz = take_set8(l, &ids, off, true);
		if (sz == (size_t)-1)
			return -ENOMEM;
		if (sz) {
			*evidence |= KF_EV_BTF_IDS;
			off += sz - 4;
		}
	}
	return 0;
}

static int kfunc_cmp(const void *a, const void *b)
{
	const struct kf_kfunc *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->btf_id < y->btf_id ? -1 : x->btf_id > y->btf_id;
}

/* Where the verifier finds the full prototype of @kf, as it looks it up. */
static void find_impl(const struct btf *btf, struct kf_kfunc *kf)
{
	char buf[KF_KSYM_NAME_LEN];
	int len;
	__s32 id;

	len = snprintf(buf, sizeof(buf), "%s%s", kf->name, KF_IMPL_SUFFIX);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return;
	id = btf__find_by_name_kind(btf, buf, BTF_KIND_FUNC);
	if (id > 0)
		kf->impl_id = id;
}

int kf_discover_kfuncs(struct kf_source *src, const struct kf_elf *kelf,
		       struct kf_error *e)
{
	const struct btf *base = btf__base_btf(src->btf);
	struct kfunc_list l = {
		.btf = src->btf,
		.start_id = base ? btf__type_cnt(base) : 1,
		.end_id = btf__type_cnt(src->btf),
	};
	size_t i, n = 0;
	int err;

	src->evidence = 0;
	err = scan_decl_tags(&l, &src->evidence);
	if (!err && kelf)
		err = scan_btf_ids(&l, kelf, &src->evidence);
	if (err) {
		free(l.v);
		return kf_error(e, err, "%s: out of memory", src->path);
	}
	/* bpf_fastcall alone does not make a kfunc. */
	for (i = 0; i < l.cnt; i++) {
		if (!l.v[i].evidence)
			continue;
		if (l.v[i].flags & KF_IMPLICIT_ARGS)
			find_impl(src->btf, &l.v[i]);
		l.v[n++] = l.v[i];
	}
	if (n)
		qsort(l.v, n, sizeof(*l.v), kfunc_cmp);
	src->kfuncs = l.v;
	src->kfunc_cnt = n;
	return 0;
}
