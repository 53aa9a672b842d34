/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* A kernel as libbpf sees it: vmlinux BTF, then module BTFs in search order. */
#ifndef __KFUNC_KERNEL_H
#define __KFUNC_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "kfunc_error.h"

struct btf;
struct kf_blob;

/* What marks a FUNC as a kfunc. */
#define KF_EV_DECL_TAG	(1U << 0)	/* "bpf_kfunc" BTF decl tag */
#define KF_EV_BTF_IDS	(1U << 1)	/* a kfunc set in .BTF_ids */

struct kf_kfunc {
	const char *name;	/* in the source's BTF strings */
	__u32 btf_id;		/* the FUNC, in the source's BTF */
	__u32 flags;		/* KF_* bits, when flags_known */
	__u32 impl_id;		/* KF_IMPLICIT_ARGS: the NAME_impl FUNC, or 0 */
	unsigned int evidence;	/* KF_EV_* */
	bool flags_known;
	bool fastcall;		/* "bpf_fastcall" decl tag */
};

/* A FUNC or VAR name of a source's own types, for lookups. */
struct kf_name {
	const char *name;
	__u32 btf_id;
};

struct kf_source {
	char *name;		/* "vmlinux" or the module name */
	char *path;		/* where its BTF was read from */
	struct btf *btf;	/* modules: split BTF on the vmlinux BTF */
	__u32 obj_id;		/* kernel BTF object id; 0 for files */
	unsigned int evidence;	/* KF_EV_* kinds of evidence available */
	struct kf_kfunc *kfuncs;	/* sorted by name */
	size_t kfunc_cnt;
	struct kf_name *funcs;	/* own FUNCs, sorted by name */
	size_t func_cnt;
	struct kf_name *vars;	/* own VARs, sorted by name */
	size_t var_cnt;
};

enum kf_module_order {
	KF_ORDER_BTF_ID,	/* kernel BTF object ids, as libbpf searches */
	KF_ORDER_NAME,		/* ids unreadable: sorted by module name */
	KF_ORDER_GIVEN,		/* files: as given, directories sorted */
};

struct kf_kernel {
	char *name;		/* label of this kernel in reports */
	struct kf_source *srcs;	/* [0] is vmlinux, then modules */
	size_t src_cnt;
	enum kf_module_order order;
	char **notes;		/* what could not be read, and why */
	size_t note_cnt;
};

/*
 * Called for each source once it is loaded; a non-zero return stops the
 * load and is returned. Unless keep_modules is set, a module's BTF is freed
 * after the callback (its kfunc names then point to freed memory).
 */
typedef int (*kf_source_fn)(const struct kf_kernel *k,
			    const struct kf_source *src, void *ctx);

struct kf_load_opts {
	kf_source_fn each;
	void *ctx;
	bool keep_modules;
	bool index_names;	/* fill funcs[] and vars[] for lookups */
};

/* The running kernel: /sys/kernel/btf. */
int kf_kernel_load_running(struct kf_kernel **kp,
			   const struct kf_load_opts *opts, struct kf_error *e);
/*
 * Kernel files: @vmlinux is an ELF with .BTF or raw BTF; @mods are module
 * files (.ko, .ko.xz, .ko.zst, .ko.gz, raw split BTF) or directories
 * searched recursively.
 */
int kf_kernel_load_files(struct kf_kernel **kp, const char *vmlinux,
			 char *const *mods, size_t mod_cnt,
			 const struct kf_load_opts *opts, struct kf_error *e);
/* A directory holding "vmlinux" and, anywhere below it, modules. */
int kf_kernel_load_dir(struct kf_kernel **kp, const char *dir,
		       const struct kf_load_opts *opts, struct kf_error *e);
void kf_kernel_free(struct kf_kernel *k);
/* Free every BTF and index of @k, keeping source names and notes. */
void kf_kernel_release_btf(struct kf_kernel *k);

/*
 * One module file as split BTF on @base, with its kfuncs; @base_path names
 * the base in messages. The caller frees it with kf_source_fini().
 */
int kf_source_load_module(struct kf_source *src, const char *path,
			  struct btf *base, const char *base_path,
			  bool index_names, struct kf_error *e);
/*
 * The same from memory: @blob (not compressed) is an ELF file with .BTF or
 * raw BTF, named @path in messages; split on @base when it is not NULL
 * (a module), else a vmlinux. @blob may be freed once this returns.
 */
int kf_source_load_mem(struct kf_source *src, const struct kf_blob *blob,
		       const char *path, struct btf *base,
		       const char *base_path, bool index_names,
		       struct kf_error *e);
void kf_source_fini(struct kf_source *src);

/* Own FUNC / VAR of that exact name: BTF id, or 0 when absent. */
__u32 kf_source_find_func(const struct kf_source *src, const char *name);
__u32 kf_source_find_var(const struct kf_source *src, const char *name);
const struct kf_kfunc *kf_source_find_kfunc(const struct kf_source *src,
					    const char *name);

const char *kf_order_str(enum kf_module_order order);

#endif /* __KFUNC_KERNEL_H */
