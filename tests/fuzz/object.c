// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A BPF object file: extern collection, then resolution of its externs on
 * a fixed kernel (vmlinux and one overriding module) under every policy.
 */
#include <stdlib.h>

#include "kfunc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_kernel *kernel = fz_kernel();
	struct kf_object *obj;
	struct kf_error e;
	size_t i;

	if (kf_object_open_mem(&obj, data, size, "fuzz.bpf.o", &e))
		return 0;
	for (i = 0; i < obj->extern_cnt; i++)
		free(kf_func_decl(obj->btf, obj->externs[i].btf_id));
	fz_resolve_all(obj, kernel);
	kf_object_free(obj);
	return 0;
}
