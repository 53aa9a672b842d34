// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A module file (.ko ELF with .BTF, .BTF_ids, .modinfo, or raw split BTF)
 * on a fixed vmlinux BTF: split BTF, the base fit check, kfunc discovery,
 * then the override rule against the vmlinux's kfuncs.
 */
#include <stdlib.h>

#include "kfunc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_blob blob = { (void *)data, size };
	const struct kf_source *srcs[2];
	struct kf_ovr_report r;
	struct kf_source mod;
	const struct kf_source *vmlinux = fz_vmlinux_source();
	struct kf_error e;

	if (kf_source_load_mem(&mod, &blob, "fuzz.ko", vmlinux->btf, "vmlinux",
			       true, &e))
		return 0;
	fz_walk_source(&mod);
	srcs[0] = vmlinux;
	srcs[1] = &mod;
	if (!kf_override_analyze(srcs, 2, true, false, &r, &e))
		kf_override_report_free(&r);
	kf_source_fini(&mod);
	return 0;
}
