/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What libbpf does with each ksym extern of an object on one kernel. */
#ifndef __KFUNC_RESOLVE_H
#define __KFUNC_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "kfunc_error.h"
#include "kfunc_kernel.h"
#include "kfunc_object.h"
#include "kfunc_override.h"

#define KF_WHY_LEN 512

enum kf_policy {
	KF_POLICY_LIBBPF,		/* vmlinux, then modules (libbpf today) */
	KF_POLICY_MODULE_FIRST,		/* modules, then vmlinux */
	KF_POLICY_KERNEL_OVERRIDE,	/* vmlinux name, last valid module override */
};

enum kf_outcome {
	KF_OUT_BOUND,		/* resolved: bpf_ksym_exists() is true */
	KF_OUT_UNSET,		/* weak, unresolved: bpf_ksym_exists() is false */
	KF_OUT_FAIL,		/* strong or incompatible typed ksym: load fails */
	KF_OUT_KALLSYMS,	/* typeless ksym: decided by kallsyms at load time */
};

enum kf_reason {
	KF_WHY_NONE,
	KF_WHY_NOT_FOUND,
	KF_WHY_INCOMPATIBLE,
	KF_WHY_NOT_IN_KALLSYMS,
	KF_WHY_AMBIGUOUS,	/* kallsyms has the name at several addresses */
	KF_WHY_KALLSYMS_ONLY,	/* typed ksym: no BTF VAR, a kallsyms address */
};

struct kf_resolution {
	enum kf_outcome outcome;
	enum kf_reason reason;
	/* Where the name was found, when it was: source index in the kernel. */
	bool found;
	size_t src_idx;
	__u32 btf_id;
	/* kernel-override: source whose implementation programs get. */
	size_t impl_idx;
	/* The FUNC found carries kfunc evidence (calls pass the set check). */
	bool is_kfunc;
	char why[KF_WHY_LEN];
};

/* A kernel's kallsyms, sorted by name and address. */
struct kf_ksym {
	char *name;
	unsigned long long addr;
};

struct kf_kallsyms {
	struct kf_ksym *syms;
	size_t cnt;
};

int kf_kallsyms_load(struct kf_kallsyms *ks, const char *path,
		     struct kf_error *e);
void kf_kallsyms_free(struct kf_kallsyms *ks);

const char *kf_policy_str(enum kf_policy policy);
int kf_policy_parse(const char *s, enum kf_policy *policy);

/* One kernel as resolution sees it. */
struct kf_resolve_target {
	const struct kf_kernel *k;	/* loaded with keep_modules, index_names */
	enum kf_policy policy;
	const struct kf_kallsyms *ks;	/* NULL: kallsyms unknown (files) */
	const struct kf_ovr_report *ovr;	/* kernel-override: the chains */
};

/*
 * Resolve every extern of @obj on @t into @res[obj->extern_cnt].
 * Returns 0, or < 0 on invalid input.
 */
int kf_resolve_object(const struct kf_object *obj,
		      const struct kf_resolve_target *t,
		      struct kf_resolution *res, struct kf_error *e);

/* The object loads on grounds of its ksym externs. */
bool kf_resolution_loads(const struct kf_resolution *res, size_t cnt);

/* Flavors of one essential name, and what bpf_ksym_exists() sees of them. */
#define KF_GROUP_NONE_TRUE	(1U << 0)
#define KF_GROUP_MANY_TRUE	(1U << 1)
#define KF_GROUP_STRONG_FLAVOR	(1U << 2)	/* a flavored extern is not __weak */

struct kf_group {
	const char *essent_name;
	size_t *members;	/* extern indexes, in object order */
	size_t cnt;
	size_t true_cnt;
	unsigned int warnings;	/* KF_GROUP_* */
};

/*
 * Group the kfunc externs of @obj that have flavors (two or more externs of
 * one essential name, or any flavored name) with @res's verdicts.
 */
int kf_flavor_groups(const struct kf_object *obj, const struct kf_resolution *res,
		     struct kf_group **groups, size_t *cnt);
void kf_flavor_groups_free(struct kf_group *groups, size_t cnt);

#endif /* __KFUNC_RESOLVE_H */
