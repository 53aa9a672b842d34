// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Two BTFs (raw, separated by FZ_SPLIT): the exact-prototype rule of
 * overrides and libbpf's compatibility rule on pairs of their types,
 * including ids out of range. Comparing a prototype with itself must be
 * exact unless its types are invalid or nested too deep.
 */
#include <stdlib.h>
#include <bpf/btf.h>

#include "kfunc.h"
#include "fuzz.h"

#define IDS	24	/* first type ids of each side compared */

static void pairs(const struct btf *a, const struct btf *b)
{
	__u32 na = btf__type_cnt(a), nb = btf__type_cnt(b), i, j;
	char why[256], note[256];
	const struct btf_type *t;
	int ret;

	for (i = 0; i < na && i < IDS; i++) {
		for (j = 0; j < nb && j < IDS; j++) {
			kf_types_compat(a, i, b, j, why, sizeof(why));
			kf_exact_protos(a, i, b, j, why, sizeof(why), note, sizeof(note));
		}
		kf_types_compat(a, i, b, nb + 1, why, sizeof(why));
		kf_exact_protos(a, i, b, nb, why, sizeof(why), NULL, 0);
	}
	for (i = 1; i < na && i < 4 * IDS; i++) {
		t = btf__type_by_id(a, i);
		if (!btf_is_func(t) && !btf_is_func_proto(t))
			continue;
		ret = kf_exact_protos(a, i, a, i, why, sizeof(why), note, sizeof(note));
		if (ret == 0)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_blob parts[2];
	struct btf *a, *b;

	if (fz_split(data, size, parts, 2) != 2)
		return 0;
	/* As every loader does: libbpf's parser between our checks. */
	if (kf_btf_check_raw(parts[0].data, parts[0].size, "a", NULL) ||
	    kf_btf_check_raw(parts[1].data, parts[1].size, "b", NULL))
		return 0;
	a = btf__new(parts[0].data, parts[0].size);
	if (!a)
		return 0;
	b = btf__new(parts[1].data, parts[1].size);
	if (b && !kf_btf_check(a, "a", NULL) && !kf_btf_check(b, "b", NULL)) {
		pairs(a, b);
		pairs(b, a);
	}
	btf__free(b);
	btf__free(a);
	return 0;
}
