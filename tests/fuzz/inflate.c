// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A compressed module (.ko.xz, .ko.zst, .ko.gz): inflation, then the
 * module load on a fixed vmlinux BTF when the contents look like one.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_blob blob = {};
	struct kf_source mod;
	const struct kf_source *vmlinux = fz_vmlinux_source();
	struct kf_error e;

	/* kf_blob_inflate() frees what it replaces: give it a copy. */
	blob.size = size;
	blob.data = malloc(size ?: 1);
	if (!blob.data)
		return 0;
	memcpy(blob.data, data, size);
	if (kf_blob_inflate(&blob, FZ_INFLATE_MAX, "fuzz.ko.xz", &e)) {
		/* On error the input is left to the caller. */
		kf_blob_free(&blob);
		return 0;
	}
	if (!kf_source_load_mem(&mod, &blob, "fuzz.ko", vmlinux->btf, "vmlinux",
				true, &e)) {
		fz_walk_source(&mod);
		kf_source_fini(&mod);
	}
	kf_blob_free(&blob);
	return 0;
}
