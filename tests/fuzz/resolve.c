// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A kernel of fuzzed files (a vmlinux BTF, then up to three modules split
 * on it, separated by FZ_SPLIT): the override chains and the resolution of
 * a fixed object's externs under every policy.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_blob parts[FZ_MAX_PARTS];
	struct kf_kernel *k;
	size_t n, i;

	n = fz_split(data, size, parts, FZ_MAX_PARTS);
	k = fz_kernel_new(parts, n);
	if (!k)
		return 0;
	for (i = 0; i < k->src_cnt; i++)
		fz_walk_source(&k->srcs[i]);
	fz_resolve_all(fz_object(), k);
	kf_kernel_free(k);
	return 0;
}
