/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* libbpf's kfunc/ksym type compatibility rule, with reasons. */
#ifndef __KFUNC_COMPAT_H
#define __KFUNC_COMPAT_H

#include <stddef.h>
#include <linux/types.h>

struct btf;

/*
 * libbpf's __bpf_core_types_are_compat(): > 0 compatible, 0 not, < 0
 * invalid or nested too deep (libbpf counts both as incompatible). When
 * not compatible, @why (if not NULL) gets the first mismatch in words:
 * "argument 1 (flags): object has 'enum my_enum', kernel has 's32' (enum vs int)".
 */
int kf_types_compat(const struct btf *local, __u32 local_id,
		    const struct btf *targ, __u32 targ_id,
		    char *why, size_t why_sz);

#endif /* __KFUNC_COMPAT_H */
