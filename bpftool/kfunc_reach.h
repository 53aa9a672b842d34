/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Which programs of an object reach a call of an unresolved kfunc, or a
 * use of an unresolved ksym variable, on one kernel: the verifier's
 * verdict on what libbpf leaves unresolved.
 */
#ifndef __KFUNC_REACH_H
#define __KFUNC_REACH_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "kfunc_error.h"
#include "kfunc_object.h"
#include "kfunc_resolve.h"

/* Bounds on the work for one program on one kernel. */
#define KF_REACH_MAX_STEPS	(1U << 24)
#define KF_REACH_MAX_MEM	(256U << 20)

enum kf_site_kind {
	KF_SITE_CALL,	/* call of an unresolved kfunc: poisoned by libbpf */
	KF_SITE_USE,	/* memory access or helper argument: a NULL ksym */
};

struct kf_site {
	size_t sec;	/* code section of the object */
	__u32 insn;	/* instruction index in that section */
	size_t ext;	/* the extern */
	enum kf_site_kind kind;
};

struct kf_prog_verdict {
	bool loads;		/* externs bind and no site is reachable */
	struct kf_site *sites;	/* reachable sites, by section and insn */
	size_t site_cnt;
};

/*
 * For each program of @obj, with its externs resolved as @res says, the
 * reachable sites that make the verifier refuse it, in @out[prog_cnt].
 * Returns 0, or < 0 when the analysis exceeds its bounds.
 */
int kf_reach_object(const struct kf_object *obj, const struct kf_resolution *res,
		    struct kf_prog_verdict *out, struct kf_error *e);
/* The same for program @prog of @obj alone, in @out[1]. */
int kf_reach_prog(const struct kf_object *obj, const struct kf_resolution *res,
		  size_t prog, struct kf_prog_verdict *out, struct kf_error *e);
void kf_prog_verdicts_free(struct kf_prog_verdict *v, size_t cnt);

/* The externs of @obj bind and every autoloaded program loads. */
bool kf_object_loads(const struct kf_object *obj, const struct kf_resolution *res,
		     const struct kf_prog_verdict *v);

#endif /* __KFUNC_REACH_H */
