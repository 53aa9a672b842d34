// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kf_reach_object() on the compiled guard corpus (bpf/reach_guards.bpf.c,
 * by each compiler at hand) with resolutions made up here, no kernel: with
 * every extern bound nothing is refused; with every extern unset each
 * site is a call of, or a use of, an unset extern, the verdicts follow the
 * sites, and the same input gives the same answer; bound externs the
 * verifier refuses fail the programs that call them or load them.
 * resolve_reach.t checks the verdicts against the kernel's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfunc.h"
#include "unit_tap.h"

static int prog_idx(const struct kf_object *obj, const char *name)
{
	size_t i;

	for (i = 0; i < obj->code.prog_cnt; i++)
		if (!strcmp(obj->code.funcs[obj->code.progs[i].func].name, name))
			return i;
	return -1;
}

static void set_all(struct kf_resolution *res, size_t cnt, enum kf_outcome o)
{
	size_t i;

	memset(res, 0, cnt * sizeof(*res));
	for (i = 0; i < cnt; i++)
		res[i].outcome = o;
}

/* The instruction a site of @kind is at: a call, an ld_imm64, or any. */
static bool site_insn(const struct bpf_insn *insn, enum kf_site_kind kind)
{
	switch (kind) {
	case KF_SITE_CALL:
		return insn->code == (BPF_JMP | BPF_CALL);
	case KF_SITE_ADDRESS:
		return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
	default:
		return true;
	}
}

/*
 * Each site, in order, is of @kind (any when negative) and names through
 * its instruction's relocation an extern resolved with @outcome and
 * @reason; the verdicts follow the sites.
 */
static bool sites_sound(const struct kf_object *obj, const struct kf_resolution *res,
			const struct kf_prog_verdict *v, int kind,
			enum kf_outcome outcome, enum kf_reason reason)
{
	const struct kf_code_sec *s;
	const struct kf_site *site;
	size_t i, j;

	for (i = 0; i < obj->code.prog_cnt; i++) {
		if (v[i].loads != !v[i].site_cnt)
			return false;
		for (j = 0; j < v[i].site_cnt; j++) {
			site = &v[i].sites[j];
			s = &obj->code.secs[site->sec];
			if ((kind >= 0 && site->kind != (enum kf_site_kind)kind) ||
			    res[site->ext].outcome != outcome || res[site->ext].reason != reason)
				return false;
			if (site->kind != KF_SITE_USE &&
			    (!site_insn(&s->insns[site->insn], site->kind) ||
			     s->aux[site->insn].ext != (int)site->ext))
				return false;
			if (j && site->sec == site[-1].sec && site->insn < site[-1].insn)
				return false;
		}
	}
	return true;
}

/* Every extern of @kind bound with @reason, the others bound. */
static void set_refused(const struct kf_object *obj, struct kf_resolution *res,
			enum kf_extern_kind kind, enum kf_reason reason)
{
	size_t i;

	set_all(res, obj->extern_cnt, KF_OUT_BOUND);
	for (i = 0; i < obj->extern_cnt; i++)
		if (obj->externs[i].kind == kind)
			res[i].reason = reason;
}

static bool same_verdicts(const struct kf_prog_verdict *a,
			  const struct kf_prog_verdict *b, size_t cnt)
{
	const struct kf_site *x, *y;
	size_t i, j;

	for (i = 0; i < cnt; i++) {
		if (a[i].loads != b[i].loads || a[i].site_cnt != b[i].site_cnt)
			return false;
		for (j = 0; j < a[i].site_cnt; j++) {
			x = &a[i].sites[j];
			y = &b[i].sites[j];
			if (x->sec != y->sec || x->insn != y->insn || x->ext != y->ext ||
			    x->kind != y->kind)
				return false;
		}
	}
	return true;
}

static void check_object(const char *path)
{
	struct kf_prog_verdict *v, *v2;
	struct kf_resolution *res;
	struct kf_object *obj;
	struct kf_error e;
	size_t i, sites = 0, n;
	bool all;
	int p;

	if (kf_object_open(&obj, path, &e)) {
		ok(0, "%s: opens: %s", path, e.msg);
		return;
	}
	n = obj->code.prog_cnt;
	ok(n >= 20, "%s: %zu programs", path, n);
	res = calloc(obj->extern_cnt + 1, sizeof(*res));
	v = calloc(n + 1, sizeof(*v));
	v2 = calloc(n + 1, sizeof(*v2));
	if (!res || !v || !v2)
		abort();

	set_all(res, obj->extern_cnt, KF_OUT_BOUND);
	ok(!kf_reach_object(obj, res, v, &e), "%s: all bound: analyzed", path);
	for (i = 0, all = true; i < n; i++)
		all &= v[i].loads;
	ok(all && kf_object_loads(obj, res, v), "%s: all bound: every program loads", path);
	kf_prog_verdicts_free(v, n);

	set_all(res, obj->extern_cnt, KF_OUT_UNSET);
	ok(!kf_reach_object(obj, res, v, &e), "%s: all unset: analyzed", path);
	for (i = 0; i < n; i++)
		sites += v[i].site_cnt;
	ok(sites > 0 && sites_sound(obj, res, v, -1, KF_OUT_UNSET, KF_WHY_NONE),
	   "%s: all unset: %zu sites, each an unset extern's call or use, in order", path, sites);
	p = prog_idx(obj, "unguarded");
	ok(p >= 0 && !v[p].loads && !kf_object_loads(obj, res, v),
	   "%s: all unset: an unguarded call fails the object", path);
	p = prog_idx(obj, "guarded");
	ok(p >= 0 && v[p].loads, "%s: all unset: a guarded call is dead code", path);
	p = prog_idx(obj, "lazy_unguarded");
	ok(p >= 0 && !obj->code.progs[p].autoload && !v[p].loads,
	   "%s: a '?' section is not autoloaded, and analyzed all the same", path);
	ok(!kf_reach_object(obj, res, v2, &e) && same_verdicts(v, v2, n),
	   "%s: the same answer twice", path);
	kf_prog_verdicts_free(v, n);
	kf_prog_verdicts_free(v2, n);

	/*
	 * Bound to FUNCs that are not kfuncs: each reachable call is refused,
	 * a guarded one too, as its guard is true.
	 */
	set_refused(obj, res, KF_EXT_KFUNC, KF_WHY_NOT_KFUNC);
	ok(!kf_reach_object(obj, res, v, &e) &&
	   sites_sound(obj, res, v, KF_SITE_CALL, KF_OUT_BOUND, KF_WHY_NOT_KFUNC) &&
	   !v[prog_idx(obj, "guarded")].loads && !v[prog_idx(obj, "bound_call")].loads &&
	   kf_resolution_loads(res, obj->extern_cnt),
	   "%s: not kfuncs: the externs bind, each reachable call fails its program", path);
	kf_prog_verdicts_free(v, n);

	/*
	 * Typed ksyms without an address: each program whose code loads one
	 * fails, at each ld_imm64 of it, guarded or not; no other does.
	 */
	set_refused(obj, res, KF_EXT_VAR, KF_WHY_NOT_IN_KALLSYMS);
	ok(!kf_reach_object(obj, res, v, &e) &&
	   sites_sound(obj, res, v, KF_SITE_ADDRESS, KF_OUT_BOUND, KF_WHY_NOT_IN_KALLSYMS) &&
	   !v[prog_idx(obj, "ksym_var_unguarded")].loads &&
	   !v[prog_idx(obj, "ksym_var_guarded")].loads &&
	   v[prog_idx(obj, "unguarded")].loads && kf_resolution_loads(res, obj->extern_cnt),
	   "%s: ksyms without an address: the externs bind, the programs loading one fail", path);
	kf_prog_verdicts_free(v, n);

	/* A strong failure fails every program, with no site to blame. */
	res[0].outcome = KF_OUT_FAIL;
	ok(!kf_reach_object(obj, res, v, &e) && !kf_object_loads(obj, res, v) &&
	   !v[prog_idx(obj, "guarded")].loads, "%s: a failing extern fails every program", path);
	kf_prog_verdicts_free(v, n);
	free(res);
	free(v);
	free(v2);
	kf_object_free(obj);
}

int main(void)
{
	const char *b = getenv("B");
	static const char * const objs[] = { "bpf/reach_guards.bpf.o", "bpf/clang-19/reach_guards.bpf.o" };
	char path[4096];
	size_t i;
	FILE *f;

	if (!b) {
		printf("1..0 # SKIP B is not set\n");
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(objs); i++) {
		snprintf(path, sizeof(path), "%s/%s", b, objs[i]);
		f = fopen(path, "r");
		if (!f && i)
			continue;
		if (f)
			fclose(f);
		check_object(path);
	}
	return done_testing();
}
