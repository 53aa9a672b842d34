// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * libbpf's extern resolution (the same from 1.3 to 1.8) (bpf_object__resolve_externs and the
 * ksym helpers it calls), replayed on a kernel described by its BTF.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf_internal.h>

#include "kfunc_compat.h"
#include "kfunc_resolve.h"

const char *kf_policy_str(enum kf_policy policy)
{
	switch (policy) {
	case KF_POLICY_LIBBPF:
		return "libbpf";
	case KF_POLICY_MODULE_FIRST:
		return "module-first";
	case KF_POLICY_KERNEL_OVERRIDE:
		return "kernel-override";
	default:
		return "unknown";
	}
}

int kf_policy_parse(const char *s, enum kf_policy *policy)
{
	if (!strcmp(s, "libbpf"))
		*policy = KF_POLICY_LIBBPF;
	else if (!strcmp(s, "module-first"))
		*policy = KF_POLICY_MODULE_FIRST;
	else if (!strcmp(s, "kernel-override"))
		*policy = KF_POLICY_KERNEL_OVERRIDE;
	else
		return -EINVAL;
	return 0;
}

static int ksym_cmp(const void *a, const void *b)
{
	const struct kf_ksym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/*
 * Read kallsyms as libbpf_kallsyms_parse() and kallsyms_cb() do: "ADDR TYPE
 * NAME", where a data symbol ('d') is also known by the part of its name
 * before ".llvm." (static variables renamed by LTO).
 */
int kf_kallsyms_load(struct kf_kallsyms *ks, const char *path,
		     struct kf_error *e)
{
	char name[500], type, *cut;
	unsigned long long addr;
	struct kf_ksym *tmp;
	size_t cap = 0;
	FILE *f;
	int err = 0, n;

	memset(ks, 0, sizeof(*ks));
	f = fopen(path, "re");
	if (!f)
		return kf_error(e, errno, "%s: %s", path, strerror(errno));
	while ((n = fscanf(f, "%llx %c %499s%*[^\n]\n", &addr, &type, name)) == 3) {
		cut = type == 'd' ? strstr(name, ".llvm.") : NULL;
		if (cut)
			*cut = '\0';
		if (ks->cnt == cap) {
			cap = cap ? cap * 2 : 4096;
			tmp = realloc(ks->syms, cap * sizeof(*tmp));
			if (!tmp) {
				err = -ENOMEM;
				break;
			}
			ks->syms = tmp;
		}
		ks->syms[ks->cnt].name = strdup(name);
		if (!ks->syms[ks->cnt].name) {
			err = -ENOMEM;
			break;
		}
		ks->syms[ks->cnt++].addr = addr;
	}
	if (!err && !feof(f))
		err = -EINVAL;
	fclose(f);
	if (err) {
		kf_kallsyms_free(ks);
		if (err == -ENOMEM)
			return kf_error(e, err, "out of memory");
		return kf_error(e, err, "%s: not in kallsyms format", path);
	}
	if (ks->cnt)
		qsort(ks->syms, ks->cnt, sizeof(*ks->syms), ksym_cmp);
	return 0;
}

void kf_kallsyms_free(struct kf_kallsyms *ks)
{
	size_t i;

	for (i = 0; i < ks->cnt; i++)
		free(ks->syms[i].name);
	free(ks->syms);
	memset(ks, 0, sizeof(*ks));
}

/* How many different addresses kallsyms has for @name. */
static size_t kallsyms_addrs(const struct kf_kallsyms *ks, const char *name)
{
	size_t lo = 0, hi = ks->cnt, mid, n = 0;
	unsigned long long last = 0;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ks->syms[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ks->cnt && !strcmp(ks->syms[lo].name, name); lo++) {
		if (!n || ks->syms[lo].addr != last)
			n++;
		last = ks->syms[lo].addr;
	}
	return n;
}

/* Which sources to search, in order; returns how many. */
static size_t search_order(const struct kf_kernel *k, enum kf_policy policy,
			   bool is_func, size_t *order)
{
	size_t i, n = 0;

	/* Without module BTF ids libbpf searches vmlinux alone. */
	if (k->order == KF_ORDER_NAME) {
		order[n++] = 0;
		return n;
	}
	if (is_func && policy == KF_POLICY_MODULE_FIRST) {
		for (i = 1; i < k->src_cnt; i++)
			order[n++] = i;
		order[n++] = 0;
		return n;
	}
	for (i = 0; i < k->src_cnt; i++)
		order[n++] = i;
	return n;
}

static int find_ksym(const struct kf_kernel *k, enum kf_policy policy,
		     const char *name, bool is_func, size_t *src_idx,
		     __u32 *btf_id)
{
	size_t *order, n, i;
	__u32 id;

	order = calloc(k->src_cnt, sizeof(*order));
	if (!order)
		return -ENOMEM;
	n = search_order(k, policy, is_func, order);
	for (i = 0; i < n; i++) {
		const struct kf_source *src = &k->srcs[order[i]];

		id = is_func ? kf_source_find_func(src, name) :
			       kf_source_find_var(src, name);
		if (id) {
			*src_idx = order[i];
			*btf_id = id;
			free(order);
			return 0;
		}
	}
	free(order);
	return -ESRCH;
}

static void set_unresolved(struct kf_resolution *r, bool weak,
			   enum kf_reason reason)
{
	r->outcome = weak ? KF_OUT_UNSET : KF_OUT_FAIL;
	r->reason = reason;
}

static int entry_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kf_ovr_entry *)elem)->name);
}

/* kernel-override: the last valid override of a vmlinux kfunc runs. */
static size_t override_impl(const struct kf_resolve_target *t, const char *name,
			    size_t src_idx)
{
	const struct kf_ovr_entry *ent;

	if (!t->ovr || !t->ovr->cnt || src_idx != 0)
		return src_idx;
	ent = bsearch(name, t->ovr->entries, t->ovr->cnt, sizeof(*ent), entry_cmp);
	if (!ent || ent->kernel_impl < 0)
		return src_idx;
	return ent->links[ent->kernel_impl].src - t->k->srcs;
}

static int resolve_btf_ksym(const struct kf_object *obj,
			    const struct kf_extern *ext,
			    const struct kf_resolve_target *tgt,
			    struct kf_resolution *r)
{
	const struct kf_kernel *k = tgt->k;
	enum kf_policy policy = tgt->policy;
	bool is_func = ext->kind == KF_EXT_KFUNC;
	const struct kf_source *src;
	const struct btf_type *t;
	__u32 targ_id;
	int err;

	err = find_ksym(k, policy, ext->essent_name, is_func, &r->src_idx,
			&r->btf_id);
	if (err == -ENOMEM)
		return err;
	if (err) {
		set_unresolved(r, ext->weak, KF_WHY_NOT_FOUND);
		snprintf(r->why, sizeof(r->why), "%s '%s' not found in %s",
			 is_func ? "function" : "variable", ext->essent_name,
			 k->src_cnt > 1 ? "vmlinux or module BTF" : "vmlinux BTF");
		return 0;
	}
	r->found = true;
	r->impl_idx = r->src_idx;
	src = &k->srcs[r->src_idx];
	t = btf__type_by_id(src->btf, r->btf_id);
	targ_id = t->type;
	if (!is_func) {
		/* libbpf compares the VAR's type with modifiers skipped. */
		skip_mods_and_typedefs(src->btf, targ_id, &targ_id);
	} else {
		r->is_kfunc = kf_source_find_kfunc(src, ext->essent_name) != NULL;
		if (policy == KF_POLICY_KERNEL_OVERRIDE)
			r->impl_idx = override_impl(tgt, ext->essent_name, r->src_idx);
	}
	if (kf_types_compat(obj->btf, ext->type_id, src->btf, targ_id, r->why,
			    sizeof(r->why)) > 0) {
		r->outcome = KF_OUT_BOUND;
		r->why[0] = '\0';
		return 0;
	}
	/* Incompatible typed ksym VARs fail even when weak. */
	r->outcome = is_func && ext->weak ? KF_OUT_UNSET : KF_OUT_FAIL;
	r->reason = KF_WHY_INCOMPATIBLE;
	return 0;
}

int kf_resolve_object(const struct kf_object *obj,
		      const struct kf_resolve_target *t,
		      struct kf_resolution *res, struct kf_error *e)
{
	const struct kf_kallsyms *ks = t->ks;
	const struct kf_kernel *k = t->k;
	const struct kf_extern *ext;
	bool need_kallsyms = false;
	struct kf_resolution *r;
	size_t i, addrs;
	int err;

	if (!k->src_cnt || !k->srcs[0].btf)
		return kf_error(e, EINVAL, "kernel %s: no vmlinux BTF", k->name);
	/* libbpf reads kallsyms only for a typeless ksym, then for all VARs. */
	for (i = 0; i < obj->extern_cnt; i++)
		if (obj->externs[i].kind == KF_EXT_VAR_TYPELESS)
			need_kallsyms = true;
	for (i = 0; i < obj->extern_cnt; i++) {
		ext = &obj->externs[i];
		r = &res[i];
		memset(r, 0, sizeof(*r));
		addrs = 0;
		if (ext->kind != KF_EXT_KFUNC && need_kallsyms && ks) {
			addrs = kallsyms_addrs(ks, ext->name);
			if (addrs > 1) {
				r->outcome = KF_OUT_FAIL;
				r->reason = KF_WHY_AMBIGUOUS;
				snprintf(r->why, sizeof(r->why),
					 "'%s' has %zu addresses in kallsyms: libbpf finds the resolution ambiguous",
					 ext->name, addrs);
				continue;
			}
		}
		if (ext->kind == KF_EXT_VAR_TYPELESS) {
			if (!ks) {
				r->outcome = KF_OUT_KALLSYMS;
				snprintf(r->why, sizeof(r->why),
					 "typeless ksym: resolved from kallsyms at load time");
			} else if (addrs) {
				r->outcome = KF_OUT_BOUND;
			} else {
				set_unresolved(r, ext->weak, KF_WHY_NOT_IN_KALLSYMS);
				snprintf(r->why, sizeof(r->why),
					 "'%s' not found in kallsyms", ext->name);
			}
			continue;
		}
		err = resolve_btf_ksym(obj, ext, t, r);
		if (err)
			return kf_error(e, err, "out of memory");
		if (ext->kind != KF_EXT_VAR)
			continue;
		if (r->outcome == KF_OUT_UNSET && r->reason == KF_WHY_NOT_FOUND && need_kallsyms) {
			/* kallsyms set it: libbpf emits a BTF id of 0. */
			if (addrs) {
				r->outcome = KF_OUT_FAIL;
				r->reason = KF_WHY_KALLSYMS_ONLY;
				snprintf(r->why, sizeof(r->why),
					 "no BTF variable '%s', but kallsyms has it: libbpf takes its address, the verifier rejects BTF id 0",
					 ext->name);
			} else if (!ks) {
				snprintf(r->why + strlen(r->why), sizeof(r->why) - strlen(r->why),
					 "; if kallsyms has it, the load fails (not checked)");
			}
			continue;
		}
		if (r->outcome != KF_OUT_BOUND)
			continue;
		/* The verifier takes a typed ksym's address from kallsyms. */
		if (!ks) {
			snprintf(r->why, sizeof(r->why),
				 "its address comes from kallsyms at load time (not checked)");
		} else if (!kallsyms_addrs(ks, ext->name)) {
			r->outcome = KF_OUT_FAIL;
			r->reason = KF_WHY_NOT_IN_KALLSYMS;
			snprintf(r->why, sizeof(r->why),
				 "verifier: no kallsyms address for '%s' (kernel without CONFIG_KALLSYMS_ALL?)",
				 ext->name);
		}
	}
	return 0;
}

bool kf_resolution_loads(const struct kf_resolution *res, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		if (res[i].outcome == KF_OUT_FAIL)
			return false;
	return true;
}

void kf_flavor_groups_free(struct kf_group *groups, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		free(groups[i].members);
	free(groups);
}

int kf_flavor_groups(const struct kf_object *obj, const struct kf_resolution *res,
		     struct kf_group **groups, size_t *cnt)
{
	struct kf_group *v = NULL, *g, *tmp;
	const struct kf_extern *ext;
	size_t i, j, n = 0, *m;
	bool flavored;

	for (i = 0; i < obj->extern_cnt; i++) {
		ext = &obj->externs[i];
		if (ext->kind != KF_EXT_KFUNC)
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(v[j].essent_name, ext->essent_name))
				break;
		if (j == n) {
			tmp = realloc(v, (n + 1) * sizeof(*v));
			if (!tmp)
				goto nomem;
			v = tmp;
			memset(&v[n], 0, sizeof(*v));
			v[n++].essent_name = ext->essent_name;
		}
		g = &v[j];
		m = realloc(g->members, (g->cnt + 1) * sizeof(*m));
		if (!m)
			goto nomem;
		g->members = m;
		g->members[g->cnt++] = i;
		if (res[i].outcome == KF_OUT_BOUND)
			g->true_cnt++;
		flavored = strcmp(ext->name, ext->essent_name);
		if (flavored && !ext->weak)
			g->warnings |= KF_GROUP_STRONG_FLAVOR;
	}
	/* Keep the groups that have flavors. */
	for (i = 0, j = 0; i < n; i++) {
		flavored = v[i].cnt > 1 ||
			   strcmp(obj->externs[v[i].members[0]].name, v[i].essent_name);
		if (!flavored) {
			free(v[i].members);
			continue;
		}
		if (!v[i].true_cnt)
			v[i].warnings |= KF_GROUP_NONE_TRUE;
		if (v[i].true_cnt > 1)
			v[i].warnings |= KF_GROUP_MANY_TRUE;
		v[j++] = v[i];
	}
	*groups = v;
	*cnt = j;
	return 0;
nomem:
	kf_flavor_groups_free(v, n);
	return -ENOMEM;
}
