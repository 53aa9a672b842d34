/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The ksym externs of a BPF object, as libbpf collects them. */
#ifndef __KFUNC_OBJECT_H
#define __KFUNC_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/types.h>

#include "kfunc_error.h"
#include "kfunc_prog.h"

struct btf;

enum kf_extern_kind {
	KF_EXT_KFUNC,		/* FUNC in .ksyms */
	KF_EXT_VAR,		/* typed ksym: VAR in .ksyms */
	KF_EXT_VAR_TYPELESS,	/* VAR of type void: resolved from kallsyms */
};

struct kf_extern {
	const char *name;	/* full name, in the object's BTF */
	char *essent_name;	/* name searched in kernel BTF */
	enum kf_extern_kind kind;
	bool weak;		/* STB_WEAK */
	__u32 btf_id;		/* the FUNC or VAR in the object's BTF */
	__u32 type_id;		/* FUNC_PROTO, or the VAR's type past modifiers */
	size_t sym_idx;		/* ELF symbol: relocations name it */
};

struct kf_object {
	char *path;
	struct btf *btf;
	struct kf_extern *externs;	/* in ELF symbol table order */
	size_t extern_cnt;
	struct kf_code code;	/* programs and their functions */
};

int kf_object_open(struct kf_object **op, const char *path, struct kf_error *e);
/* @path names the object in messages; @data must not outlive the call. */
int kf_object_open_mem(struct kf_object **op, const void *data, size_t size,
		       const char *path, struct kf_error *e);
void kf_object_free(struct kf_object *obj);

#endif /* __KFUNC_OBJECT_H */
