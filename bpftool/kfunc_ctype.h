/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* C spellings of BTF types, as libbpf's btf_dump writes them. */
#ifndef __KFUNC_CTYPE_H
#define __KFUNC_CTYPE_H

#include <linux/types.h>

struct btf;

/* "int foo(struct bar *b)": FUNC @func_id of @btf, malloc'ed. */
char *kf_func_decl(const struct btf *btf, __u32 func_id);
/* The C name of type @type_id ("struct task_struct *"), malloc'ed. */
char *kf_type_str(const struct btf *btf, __u32 type_id);

#endif /* __KFUNC_CTYPE_H */
