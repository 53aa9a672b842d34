/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* What libbpf's BTF parser leaves unchecked and our type walks rely on. */
#ifndef __KFUNC_BTF_H
#define __KFUNC_BTF_H

#include <stddef.h>
#include <linux/btf.h>

#include "kfunc_error.h"

struct btf;

/* The BTF header as of 2018; later headers add fields after it. */
#define BTF_HDR_MIN	(offsetof(struct btf_header, str_len) + sizeof(__u32))

/*
 * Check a raw BTF header before libbpf parses it: libbpf 1.5 takes a header
 * length that is not a multiple of 4, and then reads its types unaligned;
 * no libbpf checks the version or the flags.
 * Returns 0 (also for what libbpf rejects itself), or -EINVAL with
 * "@path: corrupt BTF: ..." in @e.
 */
int kf_btf_check_raw(const void *data, size_t size, const char *path,
		     struct kf_error *e);

/*
 * Check the own types of @btf (parsed by libbpf; for split BTF, the types
 * after its base) for what libbpf 1.5 accepts but the kernel never makes:
 * a FUNC_PROTO returning an invalid type id, a struct or union member
 * placed beyond the type's size, and loops of references that
 * do not pass through a struct or union (a pointer to itself, a typedef
 * of itself, a prototype taking a pointer to itself), on which walks over
 * modifiers, pointers and prototypes would not end. Returns 0, or -EINVAL
 * with "@path: corrupt BTF: ..." in @e.
 */
int kf_btf_check(const struct btf *btf, const char *path, struct kf_error *e);

#endif /* __KFUNC_BTF_H */
