/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* C spellings of BTF types, as libbpf's btf_dump writes them. */
#ifndef __KFUNC_CTYPE_H
#define __KFUNC_CTYPE_H

#include <linux/types.h>

struct btf;
struct kf_ctype;

/* A printer for the types of @btf; one per BTF saves btf_dump set-up. */
struct kf_ctype *kf_ctype_new(const struct btf *btf);
void kf_ctype_free(struct kf_ctype *ct);
/* "int foo(struct bar *b)": FUNC @func_id, malloc'ed, NULL on error. */
char *kf_ctype_func(struct kf_ctype *ct, __u32 func_id);
/* The C name of type @type_id ("struct task_struct *"), malloc'ed. */
char *kf_ctype_type(struct kf_ctype *ct, __u32 type_id);

/* One-shot forms of the above. */
char *kf_func_decl(const struct btf *btf, __u32 func_id);
char *kf_type_str(const struct btf *btf, __u32 type_id);

#endif /* __KFUNC_CTYPE_H */
