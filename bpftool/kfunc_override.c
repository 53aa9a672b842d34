// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kfunc overrides: the kernel has one kfunc namespace. A module may replace
 * a vmlinux kfunc (or an earlier module's replacement) through an override
 * registration, only with exactly the same name and prototype; libbpf keeps
 * finding the name in vmlinux BTF and the kernel supplies the module's
 * implementation. Names not in vmlinux may not be shared between modules.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc_compat.h"
#include "kfunc_exact.h"
#include "kfunc_override.h"

struct provider {
	const char *name;
	size_t src_idx;
	__u32 btf_id;
};

static int provider_cmp(const void *a, const void *b)
{
	const struct provider *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->src_idx != y->src_idx)
		return x->src_idx < y->src_idx ? -1 : 1;
	return 0;
}

const char *kf_ovr_verdict_str(enum kf_ovr_verdict v)
{
	switch (v) {
	case KF_OVR_FIRST:
		return "first";
	case KF_OVR_VALID:
		return "valid";
	case KF_OVR_INVALID:
		return "invalid";
	case KF_OVR_COLLISION:
		return "collision";
	default:
		return "?";
	}
}

static __u32 proto_id(const struct btf *btf, __u32 func_id)
{
	const struct btf_type *t = btf__type_by_id(btf, func_id);

	return t && btf_is_func(t) ? t->type : 0;
}

/* Compare @l with @cur: exact rule, and libbpf's compatibility rule. */
static int compare_links(struct kf_ovr_link *l, const struct kf_ovr_link *cur)
{
	const struct btf *nb = l->src->btf, *cb = cur->src->btf;
	__u32 np = proto_id(nb, l->btf_id), cp = proto_id(cb, cur->btf_id);
	int ret;

	ret = kf_exact_protos(cb, cur->btf_id, nb, l->btf_id, l->why, sizeof(l->why),
			      l->note, sizeof(l->note));
	l->libbpf_compat = np && cp && kf_types_compat(nb, np, cb, cp, NULL, 0) > 0;
	return ret;
}

static void judge_chain(struct kf_ovr_entry *en)
{
	struct kf_ovr_link *l;
	char diff[KF_OVR_WHY_LEN];
	size_t i;
	int cur = 0;

	en->ok = true;
	en->links[0].verdict = KF_OVR_FIRST;
	en->links[0].against = -1;
	for (i = 1; i < en->link_cnt; i++) {
		l = &en->links[i];
		l->against = cur;
		if (compare_links(l, &en->links[cur]) > 0) {
			if (en->in_vmlinux) {
				l->verdict = KF_OVR_VALID;
				cur = i;
				continue;
			}
			diff[0] = '\0';
		} else {
			snprintf(diff, sizeof(diff), "; prototype differs: %.400s", l->why);
		}
		en->ok = false;
		if (en->in_vmlinux) {
			l->verdict = KF_OVR_INVALID;
			continue;
		}
		l->verdict = KF_OVR_COLLISION;
		snprintf(l->why, sizeof(l->why),
			 "collides with %.56s: not a vmlinux kfunc, so it cannot be overridden%.380s",
			 en->links[cur].src->name, diff);
	}
	en->libbpf = 0;
	en->module_first = en->in_vmlinux ? 1 : 0;
	en->kernel_btf = 0;
	en->kernel_impl = cur;
}

static int add_entry(struct kf_ovr_report *r, const struct kf_source *const *srcs,
		     bool has_vmlinux, const struct provider *p, size_t n)
{
	struct kf_ovr_entry *en, *tmp;
	size_t i;

	tmp = realloc(r->entries, (r->cnt + 1) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	r->entries = tmp;
	en = &r->entries[r->cnt];
	memset(en, 0, sizeof(*en));
	en->links = calloc(n, sizeof(*en->links));
	if (!en->links)
		return -ENOMEM;
	r->cnt++;
	en->name = p[0].name;
	en->link_cnt = n;
	en->in_vmlinux = has_vmlinux && p[0].src_idx == 0;
	for (i = 0; i < n; i++) {
		en->links[i].src = srcs[p[i].src_idx];
		en->links[i].btf_id = p[i].btf_id;
	}
	judge_chain(en);
	if (!en->ok)
		r->invalid_cnt++;
	return 0;
}

int kf_override_analyze(const struct kf_source *const *srcs, size_t cnt,
			bool has_vmlinux, bool last_only,
			struct kf_ovr_report *r, struct kf_error *e)
{
	struct provider *p = NULL;
	size_t i, j, n = 0, total = 0, start, uniq;
	bool has_last;
	int err = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < cnt; i++) {
		if (!srcs[i]->btf && srcs[i]->kfunc_cnt)
			return kf_error(e, EINVAL, "%s: BTF not kept", srcs[i]->name);
		total += srcs[i]->kfunc_cnt;
	}
	if (!total)
		return 0;
	p = calloc(total, sizeof(*p));
	if (!p)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < cnt; i++) {
		for (j = 0; j < srcs[i]->kfunc_cnt; j++) {
			p[n].name = srcs[i]->kfuncs[j].name;
			p[n].src_idx = i;
			p[n].btf_id = srcs[i]->kfuncs[j].btf_id;
			n++;
		}
	}
	qsort(p, n, sizeof(*p), provider_cmp);

	/* Drop repeats of a name within one source (keep the first). */
	for (i = 0, uniq = 0; i < n; i++) {
		if (uniq && !provider_cmp(&p[uniq - 1], &p[i]))
			continue;
		p[uniq++] = p[i];
	}
	n = uniq;

	for (start = 0; start < n; start = i) {
		has_last = false;
		for (i = start; i < n && !strcmp(p[i].name, p[start].name); i++)
			has_last |= p[i].src_idx == cnt - 1;
		if (i - start < 2 || (last_only && !has_last))
			continue;
		err = add_entry(r, srcs, has_vmlinux, &p[start], i - start);
		if (err) {
			err = kf_error(e, ENOMEM, "out of memory");
			break;
		}
	}
	free(p);
	if (err)
		kf_override_report_free(r);
	return err;
}

int kf_override_analyze_kernel(const struct kf_kernel *k,
			       struct kf_ovr_report *r, struct kf_error *e)
{
	const struct kf_source **srcs;
	size_t i;
	int err;

	memset(r, 0, sizeof(*r));
	if (!k->src_cnt)
		return 0;
	srcs = calloc(k->src_cnt, sizeof(*srcs));
	if (!srcs)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < k->src_cnt; i++)
		srcs[i] = &k->srcs[i];
	err = kf_override_analyze(srcs, k->src_cnt, true, false, r, e);
	free(srcs);
	return err;
}

void kf_override_report_free(struct kf_ovr_report *r)
{
	size_t i;

	for (i = 0; i < r->cnt; i++)
		free(r->entries[i].links);
	free(r->entries);
	memset(r, 0, sizeof(*r));
}
