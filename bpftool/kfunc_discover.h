/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Which FUNCs of a kernel BTF are kfuncs, and their KF_* flags. */
#ifndef __KFUNC_DISCOVER_H
#define __KFUNC_DISCOVER_H

#include "kfunc_file.h"
#include "kfunc_kernel.h"

/*
 * Fill @src->kfuncs from the decl tags of @src->btf's own types and, when
 * @kelf (the file @src->btf came from) has one, from its .BTF_ids section.
 */
int kf_discover_kfuncs(struct kf_source *src, const struct kf_elf *kelf,
		       struct kf_error *e);

#endif /* __KFUNC_DISCOVER_H */
