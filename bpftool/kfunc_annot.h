/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What the verifier reads from kfunc argument names and KF_* flags. */
#ifndef __KFUNC_ANNOT_H
#define __KFUNC_ANNOT_H

#include <linux/types.h>

/*
 * The verifier takes the prototype of a kfunc with this flag from the FUNC
 * named after it plus KF_IMPL_SUFFIX (find_kfunc_impl_proto), looked up in
 * the kfunc's BTF, base first; the names are at most KSYM_NAME_LEN - 1.
 */
#define KF_IMPLICIT_ARGS	(1U << 16)
#define KF_IMPL_SUFFIX		"_impl"
#define KF_KSYM_NAME_LEN	512

struct kf_annot {
	const char *tag;	/* "__sz", or the exact name */
	const char *meaning;
};

/* The annotation argument name @name carries, or NULL. */
const struct kf_annot *kf_arg_annot(const char *name);

/* Name of KF_* bit @bit ("acquire"), or NULL when unknown. */
const char *kf_flag_name(unsigned int bit);

#endif /* __KFUNC_ANNOT_H */
