// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A vmlinux file (ELF with .BTF, .BTF_ids and a symbol table, or raw BTF):
 * BTF parsing, kfunc discovery by decl tags and .BTF_ids sets, name index,
 * and the prototypes kfunc show prints.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_blob blob = { (void *)data, size };
	struct kf_source src;
	struct kf_error e;

	if (kf_source_load_mem(&src, &blob, "vmlinux", NULL, NULL, true, &e))
		return 0;
	fz_walk_source(&src);
	kf_source_fini(&src);
	return 0;
}
