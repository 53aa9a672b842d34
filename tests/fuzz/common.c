// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Fixed kernels and objects the fuzz targets resolve against. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <bpf/relo_core.h>

#include "kfunc.h"
#include "fuzz.h"

/* libbpf's warnings about bad input would only drown the reports. */
static void __attribute__((constructor)) quiet_libbpf(void)
{
	libbpf_set_print(NULL);
}

size_t fz_split(const uint8_t *data, size_t size, struct kf_blob *parts,
		size_t max)
{
	size_t n = 0, sl = strlen(FZ_SPLIT);
	const uint8_t *p = data, *end = data + size, *q;

	while (n + 1 < max) {
		q = memmem(p, end - p, FZ_SPLIT, sl);
		if (!q)
			break;
		parts[n++] = (struct kf_blob){ .data = (void *)p, .size = q - p };
		p = q + sl;
	}
	parts[n++] = (struct kf_blob){ .data = (void *)p, .size = end - p };
	return n;
}

/* A copy of @btf's raw data; exits when out of memory (set-up only). */
static void raw_copy(struct btf *btf, struct kf_blob *out)
{
	const void *raw;
	__u32 sz;

	raw = btf__raw_data(btf, &sz);
	out->data = raw ? malloc(sz) : NULL;
	if (!out->data)
		abort();
	memcpy(out->data, raw, sz);
	out->size = sz;
}

static int must(int id)
{
	if (id < 0)
		abort();
	return id;
}

static struct kf_blob vmlinux_raw, module_raw;
static struct btf *vmlinux_btf;

/* Type ids of the fixed vmlinux, for the module and the object. */
enum {
	V_INT = 1, V_LONG, V_U32, V_TASK, V_TASK_PTR, V_ITER, V_ITER_PTR,
	V_VOID_PTR, V_RQ,
};

static void build_vmlinux(void)
{
	struct btf *b = btf__new_empty();
	int proto, fn;

	if (!b)
		abort();
	must(btf__add_int(b, "int", 4, BTF_INT_SIGNED));		/* 1 */
	must(btf__add_int(b, "long", 8, BTF_INT_SIGNED));		/* 2 */
	must(btf__add_typedef(b, "u32", V_INT));			/* 3 */
	must(btf__add_struct(b, "task_struct", 8));			/* 4 */
	must(btf__add_field(b, "pid", V_INT, 0, 0));
	must(btf__add_ptr(b, V_TASK));					/* 5 */
	must(btf__add_struct(b, "bpf_iter_num", 8));			/* 6 */
	must(btf__add_ptr(b, V_ITER));					/* 7 */
	must(btf__add_ptr(b, 0));					/* 8 */
	must(btf__add_struct(b, "rq", 64));				/* 9 */

	proto = must(btf__add_func_proto(b, 0));
	fn = must(btf__add_func(b, "bpf_rcu_read_lock", BTF_FUNC_GLOBAL, proto));
	must(btf__add_decl_tag(b, "bpf_kfunc", fn, -1));

	proto = must(btf__add_func_proto(b, V_TASK_PTR));
	must(btf__add_func_param(b, "p", V_TASK_PTR));
	fn = must(btf__add_func(b, "bpf_task_acquire", BTF_FUNC_GLOBAL, proto));
	must(btf__add_decl_tag(b, "bpf_kfunc", fn, -1));

	proto = must(btf__add_func_proto(b, V_INT));
	must(btf__add_func_param(b, "it", V_ITER_PTR));
	must(btf__add_func_param(b, "start", V_INT));
	must(btf__add_func_param(b, "end", V_INT));
	fn = must(btf__add_func(b, "bpf_iter_num_new", BTF_FUNC_GLOBAL, proto));
	must(btf__add_decl_tag(b, "bpf_kfunc", fn, -1));
	must(btf__add_decl_tag(b, "bpf_fastcall", fn, -1));

	proto = must(btf__add_func_proto(b, V_INT));
	must(btf__add_func_param(b, "data", V_VOID_PTR));
	must(btf__add_func_param(b, "data__sz", V_U32));
	fn = must(btf__add_func(b, "bpf_sized___v2", BTF_FUNC_GLOBAL, proto));
	must(btf__add_decl_tag(b, "bpf_kfunc", fn, -1));

	proto = must(btf__add_func_proto(b, V_LONG));
	must(btf__add_func(b, "plain_function", BTF_FUNC_GLOBAL, proto));

	must(btf__add_var(b, "runqueues", BTF_VAR_GLOBAL_ALLOCATED, V_RQ));
	must(btf__add_datasec(b, ".data..percpu", 64));
	must(btf__add_datasec_var_info(b, btf__type_cnt(b) - 2, 0, 64));

	raw_copy(b, &vmlinux_raw);
	vmlinux_btf = b;
}

static void build_module(void)
{
	struct btf *b = btf__new_empty_split(fz_vmlinux_btf());
	int proto, fn;

	if (!b)
		abort();
	/* The same prototype: a valid override. */
	proto = must(btf__add_func_proto(b, 0));
	fn = must(btf__add_func(b, "bpf_rcu_read_lock", BTF_FUNC_GLOBAL, proto));
	must(btf__add_decl_tag(b, "bpf_kfunc", fn, -1));
	/* Another return type: an invalid one. */
	proto = must(btf__add_func_proto(b, V_INT));
	must(btf__add_func_param(b, "task", V_TASK_PTR));
	fn = must(btf__add_func(b, "bpf_task_acquire", BTF_FUNC_GLOBAL, proto));
	must(btf__add_decl_tag(b, "bpf_kfunc", fn, -1));
	/* A module's own kfunc. */
	proto = must(btf__add_func_proto(b, V_LONG));
	must(btf__add_func_param(b, "x__k", V_INT));
	fn = must(btf__add_func(b, "mod_kfunc", BTF_FUNC_GLOBAL, proto));
	must(btf__add_decl_tag(b, "bpf_kfunc", fn, -1));
	raw_copy(b, &module_raw);
	btf__free(b);
}

struct btf *fz_vmlinux_btf(void)
{
	if (!vmlinux_btf)
		build_vmlinux();
	return vmlinux_btf;
}

const struct kf_blob *fz_vmlinux_raw(void)
{
	fz_vmlinux_btf();
	return &vmlinux_raw;
}

const struct kf_blob *fz_module_raw(void)
{
	if (!module_raw.data)
		build_module();
	return &module_raw;
}

const struct kf_source *fz_vmlinux_source(void)
{
	static struct kf_source src;

	if (!src.btf &&
	    kf_source_load_mem(&src, fz_vmlinux_raw(), "vmlinux", NULL, NULL,
			       true, NULL))
		abort();
	return &src;
}

struct kf_kernel *fz_kernel_new(const struct kf_blob *blobs, size_t cnt)
{
	struct kf_kernel *k = calloc(1, sizeof(*k));
	char path[32];
	size_t i;

	if (!k)
		return NULL;
	k->name = strdup("fuzz");
	k->srcs = calloc(cnt, sizeof(*k->srcs));
	k->order = KF_ORDER_GIVEN;
	if (!k->name || !k->srcs ||
	    kf_source_load_mem(&k->srcs[0], &blobs[0], "vmlinux", NULL, NULL,
			       true, NULL)) {
		kf_kernel_free(k);
		return NULL;
	}
	k->src_cnt = 1;
	for (i = 1; i < cnt; i++) {
		snprintf(path, sizeof(path), "mod%zu.ko", i);
		if (!kf_source_load_mem(&k->srcs[k->src_cnt], &blobs[i], path,
					k->srcs[0].btf, "vmlinux", true, NULL))
			k->src_cnt++;
	}
	return k;
}

static struct kf_object *object;

static void add_ext(struct kf_object *o, __u32 id, bool weak)
{
	const struct btf_type *t = btf__type_by_id(o->btf, id);
	struct kf_extern *x = &o->externs[o->extern_cnt++];

	x->name = btf__name_by_offset(o->btf, t->name_off);
	x->btf_id = id;
	x->weak = weak;
	if (btf_is_func(t)) {
		x->kind = KF_EXT_KFUNC;
		x->type_id = t->type;
		x->essent_name = strndup(x->name, bpf_core_essential_name_len(x->name));
	} else {
		x->type_id = t->type;
		while (x->type_id && (btf_is_mod(t = btf__type_by_id(o->btf, x->type_id)) ||
				      btf_is_typedef(t)))
			x->type_id = t->type;
		x->kind = x->type_id ? KF_EXT_VAR : KF_EXT_VAR_TYPELESS;
		x->essent_name = strdup(x->name);
	}
	if (!x->essent_name)
		abort();
}

/*
 * What collection makes of an object declaring:
 *	void bpf_rcu_read_lock(void) __ksym;
 *	struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;
 *	struct task_struct *bpf_task_acquire___old(struct task_struct *p,
 *						   int flags) __ksym __weak;
 *	long bpf_iter_num_new___l(struct bpf_iter_num *it, long s, long e) __ksym __weak;
 *	int bpf_sized___v2___x(void *data, u32 data__sz) __ksym __weak;
 *	long mod_kfunc(int x) __ksym;
 *	void missing_kfunc(void) __ksym __weak;
 *	extern const struct rq runqueues __ksym;
 *	extern const void init_task __ksym __weak;
 */
static void build_object(void)
{
	struct kf_object *o = calloc(1, sizeof(*o));
	int i_int, i_long, i_task, i_ptr, i_iter, i_void, i_u32, p;
	__u32 ids[16], n = 0, i;
	struct btf *b;

	if (!o)
		abort();
	o->path = strdup("fixed.bpf.o");
	o->btf = b = btf__new_empty();
	o->externs = calloc(16, sizeof(*o->externs));
	if (!o->path || !b || !o->externs)
		abort();
	i_int = must(btf__add_int(b, "int", 4, BTF_INT_SIGNED));
	i_long = must(btf__add_int(b, "long", 8, BTF_INT_SIGNED));
	i_task = must(btf__add_struct(b, "task_struct", 0));
	i_ptr = must(btf__add_ptr(b, i_task));
	i_iter = must(btf__add_struct(b, "bpf_iter_num", 0));
	i_iter = must(btf__add_ptr(b, i_iter));
	i_void = must(btf__add_ptr(b, 0));
	i_u32 = must(btf__add_typedef(b, "u32", i_int));

	p = must(btf__add_func_proto(b, 0));
	ids[n++] = must(btf__add_func(b, "bpf_rcu_read_lock", BTF_FUNC_EXTERN, p));
	p = must(btf__add_func_proto(b, i_ptr));
	must(btf__add_func_param(b, "p", i_ptr));
	ids[n++] = must(btf__add_func(b, "bpf_task_acquire", BTF_FUNC_EXTERN, p));
	p = must(btf__add_func_proto(b, i_ptr));
	must(btf__add_func_param(b, "p", i_ptr));
	must(btf__add_func_param(b, "flags", i_int));
	ids[n++] = must(btf__add_func(b, "bpf_task_acquire___old", BTF_FUNC_EXTERN, p));
	p = must(btf__add_func_proto(b, i_long));
	must(btf__add_func_param(b, "it", i_iter));
	must(btf__add_func_param(b, "s", i_long));
	must(btf__add_func_param(b, "e", i_long));
	ids[n++] = must(btf__add_func(b, "bpf_iter_num_new___l", BTF_FUNC_EXTERN, p));
	p = must(btf__add_func_proto(b, i_int));
	must(btf__add_func_param(b, "data", i_void));
	must(btf__add_func_param(b, "data__sz", i_u32));
	ids[n++] = must(btf__add_func(b, "bpf_sized___v2___x", BTF_FUNC_EXTERN, p));
	p = must(btf__add_func_proto(b, i_long));
	must(btf__add_func_param(b, "x", i_int));
	ids[n++] = must(btf__add_func(b, "mod_kfunc", BTF_FUNC_EXTERN, p));
	p = must(btf__add_func_proto(b, 0));
	ids[n++] = must(btf__add_func(b, "missing_kfunc", BTF_FUNC_EXTERN, p));
	p = must(btf__add_struct(b, "rq", 0));
	p = must(btf__add_const(b, p));
	ids[n++] = must(btf__add_var(b, "runqueues", BTF_VAR_GLOBAL_EXTERN, p));
	p = must(btf__add_const(b, 0));
	ids[n++] = must(btf__add_var(b, "init_task", BTF_VAR_GLOBAL_EXTERN, p));
	must(btf__add_datasec(b, ".ksyms", 0));
	for (i = 0; i < n; i++)
		must(btf__add_datasec_var_info(b, ids[i], 0, 0));
	for (i = 0; i < n; i++)
		add_ext(o, ids[i], i != 0 && i != 5 && i != 7);
	object = o;
}

const struct kf_object *fz_object(void)
{
	if (!object)
		build_object();
	return object;
}

void fz_walk_source(const struct kf_source *src)
{
	const struct btf_type *t, *proto;
	const struct btf_param *p;
	const struct kf_kfunc *kf;
	unsigned int bit;
	size_t i;
	__u16 j;

	for (i = 0; i < src->kfunc_cnt; i++) {
		kf = &src->kfuncs[i];
		/* Every kfunc is found by name, and is an own FUNC. */
		if (kf_source_find_kfunc(src, kf->name) == NULL)
			abort();
		t = btf__type_by_id(src->btf, kf->btf_id);
		if (!t || !btf_is_func(t))
			abort();
		free(kf_func_decl(src->btf, kf->btf_id));
		for (bit = 0; bit < 32; bit++)
			if (kf->flags & (1U << bit))
				kf_flag_name(bit);
		proto = btf__type_by_id(src->btf, t->type);
		if (!proto || !btf_is_func_proto(proto))
			continue;
		p = btf_params(proto);
		for (j = 0; j < btf_vlen(proto); j++) {
			kf_arg_annot(btf__name_by_offset(src->btf, p[j].name_off) ?: "");
			free(kf_type_str(src->btf, p[j].type));
		}
	}
	for (i = 0; i < src->func_cnt; i++)
		if (!kf_source_find_func(src, src->funcs[i].name))
			abort();
	for (i = 0; i < src->var_cnt; i++)
		if (!kf_source_find_var(src, src->vars[i].name))
			abort();
}

void fz_resolve_all(const struct kf_object *obj, const struct kf_kernel *k)
{
	/* Never freed nor written: kf_kallsyms_free() is not called on them. */
	static struct kf_ksym syms[] = {
		{ (char *)"init_task", 0x1000 }, { (char *)"runqueues", 0x2000 },
		{ (char *)"runqueues", 0x3000 },
	};
	static const struct kf_kallsyms ks = { syms, 3 };
	static const enum kf_policy policies[] = {
		KF_POLICY_LIBBPF, KF_POLICY_MODULE_FIRST, KF_POLICY_KERNEL_OVERRIDE,
	};
	struct kf_resolve_target t = { .k = k };
	struct kf_ovr_report ovr = {};
	struct kf_resolution *res;
	struct kf_group *groups;
	size_t i, cnt;

	if (kf_override_analyze_kernel(k, &ovr, NULL))
		return;
	res = calloc(obj->extern_cnt ?: 1, sizeof(*res));
	if (!res) {
		kf_override_report_free(&ovr);
		return;
	}
	/* Each policy under libbpf, then each other loader, kallsyms or not. */
	for (i = 0; i < ARRAY_SIZE(policies) + 2 * (KF_LOADER_CNT - 1); i++) {
		if (i < ARRAY_SIZE(policies)) {
			t.policy = policies[i];
			t.ks = i == 1 ? &ks : NULL;
		} else {
			t.policy = KF_POLICY_LIBBPF;
			t.loader = 1 + (i - ARRAY_SIZE(policies)) / 2;
			t.ks = i % 2 ? &ks : NULL;
		}
		t.ovr = &ovr;
		if (kf_resolve_object(obj, &t, res, NULL))
			continue;
		kf_resolution_loads(res, obj->extern_cnt);
		if (!kf_flavor_groups(obj, res, &groups, &cnt))
			kf_flavor_groups_free(groups, cnt);
	}
	free(res);
	kf_override_report_free(&ovr);
}

struct kf_kernel *fz_kernel(void)
{
	static struct kf_kernel *kernel;
	struct kf_blob blobs[2];

	if (!kernel) {
		blobs[0] = *fz_vmlinux_raw();
		blobs[1] = *fz_module_raw();
		kernel = fz_kernel_new(blobs, 2);
		if (!kernel || kernel->src_cnt != 2)
			abort();
	}
	return kernel;
}
