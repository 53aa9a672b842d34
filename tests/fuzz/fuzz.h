/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Shared pieces of the fuzz targets: fixed kernels and objects, input split. */
#ifndef __KFUNC_FUZZ_H
#define __KFUNC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "kfunc.h"

/* Inputs made of several files put them one after the other, so divided. */
#define FZ_SPLIT	"\n--KFUNC-FUZZ-SPLIT--\n"
#define FZ_MAX_PARTS	4

/* Largest inflated size the targets accept. */
#define FZ_INFLATE_MAX	(16U << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Cut @data at each FZ_SPLIT, into at most @max parts; returns the count. */
size_t fz_split(const uint8_t *data, size_t size, struct kf_blob *parts,
		size_t max);

/*
 * A small vmlinux BTF (raw) with kfuncs by tag and plain functions, and a
 * module BTF split on it that overrides some: built once, kept.
 */
const struct kf_blob *fz_vmlinux_raw(void);
const struct kf_blob *fz_module_raw(void);
/* The vmlinux above, parsed once and kept (a base for split inputs). */
struct btf *fz_vmlinux_btf(void);

/* That vmlinux as a loaded source, kept. */
const struct kf_source *fz_vmlinux_source(void);

/*
 * A kernel from @cnt blobs: [0] the vmlinux, the others modules split on
 * it, all kept and indexed. Returns NULL when [0] does not load; modules
 * that do not load are left out.
 */
struct kf_kernel *fz_kernel_new(const struct kf_blob *blobs, size_t cnt);

/* The vmlinux and module above as one kernel, built once and kept. */
struct kf_kernel *fz_kernel(void);

/* A BPF object's ksym externs on a BTF that does not change. */
const struct kf_object *fz_object(void);

/* Look at every kfunc of @src as kfunc show prints them. */
void fz_walk_source(const struct kf_source *src);
/* Resolve @obj on @k under each policy, as kfunc resolve does. */
void fz_resolve_all(const struct kf_object *obj, const struct kf_kernel *k);

#endif /* __KFUNC_FUZZ_H */
