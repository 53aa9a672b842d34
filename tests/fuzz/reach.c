// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A BPF object's code: program sections, relocations and line info, then
 * the reachability analysis of every program with its externs resolved on
 * a fixed kernel, all unset, and all bound, as kfunc resolve prints it;
 * and with read-only data set by the application, as gen skeleton sees it.
 */
#include <stdlib.h>

#include "kfunc.h"
#include "fuzz.h"

static void reach(const struct kf_object *obj, const struct kf_resolution *res)
{
	const struct kf_site *s;
	struct kf_prog_verdict *v;
	size_t i, j;

	v = calloc(obj->code.prog_cnt + 1, sizeof(*v));
	if (!v || kf_reach_object(obj, res, v, NULL)) {
		free(v);
		return;
	}
	kf_object_loads(obj, res, v);
	for (i = 0; i < obj->code.prog_cnt; i++) {
		for (j = 0; j < v[i].site_cnt; j++) {
			s = &v[i].sites[j];
			if (!kf_code_func(&obj->code, s->sec, s->insn) ||
			    (s->ext == SIZE_MAX) != (s->kind == KF_SITE_NO_JUMP_TABLE ||
						     s->kind == KF_SITE_INDIRECT_JUMP ||
						     s->kind == KF_SITE_STRUCT_OPS) ||
			    (s->ext != SIZE_MAX && s->ext >= obj->extern_cnt))
				abort();
			kf_code_line(&obj->code, s->sec, s->insn);
		}
	}
	kf_prog_verdicts_free(v, obj->code.prog_cnt);
	free(v);
}

/* Each program with its tests of read-only data gathered, then all taken. */
static void reach_tests(const struct kf_object *obj, const struct kf_resolution *res)
{
	const struct kf_rodata_test *x;
	struct kf_rodata_tests tests;
	struct kf_prog_verdict v;
	size_t i, j;

	for (i = 0; i < obj->code.prog_cnt; i++) {
		tests = (struct kf_rodata_tests){};
		if (kf_reach_prog(obj, res, i, &tests, &v, NULL))
			continue;
		kf_prog_verdicts_free(&v, 1);
		for (j = 0; j < tests.cnt; j++) {
			x = &tests.t[j];
			if (x->ro >= obj->code.rodata_cnt ||
			    x->off + x->size > obj->code.rodata[x->ro].size ||
			    (x->size != 1 && x->size != 2 && x->size != 4 && x->size != 8))
				abort();
		}
		tests.assigned = true;
		tests.taken = ~0U;
		if (!kf_reach_prog(obj, res, i, &tests, &v, NULL))
			kf_prog_verdicts_free(&v, 1);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_resolve_target t = { .k = fz_kernel(), .policy = KF_POLICY_LIBBPF };
	struct kf_resolution *res;
	struct kf_object *obj;
	size_t i;

	if (kf_object_open_mem(&obj, data, size, "fuzz.bpf.o", NULL))
		return 0;
	res = calloc(obj->extern_cnt + 1, sizeof(*res));
	if (res && !kf_resolve_object(obj, &t, res, NULL)) {
		reach(obj, res);
		reach_tests(obj, res);
		for (i = 0; i < obj->extern_cnt; i++)
			res[i].outcome = KF_OUT_UNSET;
		reach(obj, res);
		for (i = 0; i < obj->extern_cnt; i++)
			res[i].outcome = KF_OUT_BOUND;
		reach(obj, res);
	}
	free(res);
	kf_object_free(obj);
	return 0;
}
