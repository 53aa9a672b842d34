/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * kfunc names with several providers (vmlinux, modules) and what an
 * override registration would make of them.
 */
#ifndef __KFUNC_OVERRIDE_H
#define __KFUNC_OVERRIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "kfunc_error.h"
#include "kfunc_kernel.h"

#define KF_OVR_WHY_LEN	512

enum kf_ovr_verdict {
	KF_OVR_FIRST,		/* the first provider: nothing to override */
	KF_OVR_VALID,		/* exact prototype of the current provider */
	KF_OVR_INVALID,		/* the prototype differs */
	KF_OVR_COLLISION,	/* name not in vmlinux: modules may not share it */
};

/* One provider of a name, in load order. */
struct kf_ovr_link {
	const struct kf_source *src;
	__u32 btf_id;		/* the FUNC in src->btf */
	enum kf_ovr_verdict verdict;
	int against;		/* link compared with (current provider), -1: none */
	bool libbpf_compat;	/* kf_types_compat() with that link */
	char why[KF_OVR_WHY_LEN];	/* the difference, unless valid */
	char note[KF_OVR_WHY_LEN];	/* renamed parameters */
};

struct kf_ovr_entry {
	const char *name;
	struct kf_ovr_link *links;
	size_t link_cnt;
	bool in_vmlinux;	/* links[0] is vmlinux */
	bool ok;		/* every link valid */
	/* What each policy binds the name to (link indexes). */
	int libbpf;		/* first in search order */
	int module_first;	/* first module, else vmlinux */
	int kernel_btf;		/* kernel-override: found in this BTF ... */
	int kernel_impl;	/* ... implementation of this one */
};

struct kf_ovr_report {
	struct kf_ovr_entry *entries;	/* sorted by name */
	size_t cnt;
	size_t invalid_cnt;	/* entries with an invalid link */
};

/*
 * Names provided by more than one of @srcs (load order, [0] the vmlinux,
 * when @has_vmlinux). With @last_only, only the names @srcs[cnt - 1]
 * provides. The report points into @srcs (names, BTF): keep them loaded.
 */
int kf_override_analyze(const struct kf_source *const *srcs, size_t cnt,
			bool has_vmlinux, bool last_only,
			struct kf_ovr_report *r, struct kf_error *e);
/* The same for all sources of @k (loaded with keep_modules). */
int kf_override_analyze_kernel(const struct kf_kernel *k,
			       struct kf_ovr_report *r, struct kf_error *e);
void kf_override_report_free(struct kf_ovr_report *r);

const char *kf_ovr_verdict_str(enum kf_ovr_verdict v);

#endif /* __KFUNC_OVERRIDE_H */
