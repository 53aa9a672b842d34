// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A BPF object file: extern collection, then resolution of its externs on
 * a fixed kernel (vmlinux and one overriding module) under every policy.
 */
#include <stdlib.h>

#include "kfunc_ctype.h"
#include "fuzz.h"

static struct kf_kernel *kernel;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_blob blobs[2];
	struct kf_object *obj;
	struct kf_error e;
	size_t i;

	if (!kernel) {
		blobs[0] = *fz_vmlinux_raw();
		blobs[1] = *fz_module_raw();
		kernel = fz_kernel_new(blobs, 2);
		if (!kernel || kernel->src_cnt != 2)
			abort();
	}
	if (kf_object_open_mem(&obj, data, size, "fuzz.bpf.o", &e))
		return 0;
	for (i = 0; i < obj->extern_cnt; i++)
		free(kf_func_decl(obj->btf, obj->externs[i].btf_id));
	fz_resolve_all(obj, kernel);
	kf_object_free(obj);
	return 0;
}
