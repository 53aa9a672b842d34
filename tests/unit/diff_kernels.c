// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Kernels compared: the provider libbpf binds a name to, kf_diff_kernels()
 * and the variants of kf_fleet_analyze(), on kernels built in memory with
 * libbpf's BTF writer (type ids differ between kernels).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc.h"
#include "unit_tap.h"

#define MAX_KF 8

struct fake {
	struct kf_kernel k;
	struct kf_source srcs[2];	/* vmlinux, a module */
	struct kf_kfunc kfs[2][MAX_KF];
	int t_int, t_long, p_int, p_long, p_int2;
};

static void fake_init(struct fake *f, const char *name, bool shuffle)
{
	struct btf *b = btf__new_empty();
	int i;

	memset(f, 0, sizeof(*f));
	if (shuffle)
		btf__add_struct(b, "unrelated", 4);
	f->t_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	f->t_long = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	f->p_int = btf__add_func_proto(b, f->t_int);
	btf__add_func_param(b, "x", f->t_int);
	f->p_long = btf__add_func_proto(b, f->t_int);
	btf__add_func_param(b, "x", f->t_long);
	f->p_int2 = btf__add_func_proto(b, f->t_int);
	btf__add_func_param(b, "x", f->t_int);
	btf__add_func_param(b, "y", f->t_int);
	f->k.name = strdup(name);
	f->k.srcs = f->srcs;
	f->k.src_cnt = 2;
	for (i = 0; i < 2; i++) {
		f->srcs[i].name = i ? "moda" : "vmlinux";
		f->srcs[i].btf = b;	/* one BTF: the module shares vmlinux's types */
		f->srcs[i].kfuncs = f->kfs[i];
	}
}

/* Kfunc @name of prototype @proto in source @src, added in name order. */
static void add_kf(struct fake *f, int src, const char *name, int proto, __u32 flags)
{
	struct kf_source *s = &f->srcs[src];
	struct kf_kfunc *kf = &s->kfuncs[s->kfunc_cnt++];

	/* A literal: BTF strings move as the BTF grows. */
	kf->name = name;
	kf->btf_id = btf__add_func(s->btf, name, BTF_FUNC_GLOBAL, proto);
	kf->flags = flags;
	kf->flags_known = true;
}

static void fake_fini(struct fake *f)
{
	btf__free(f->srcs[0].btf);
	free(f->k.name);
}

static const struct kf_diff_entry *find(const struct kf_diff *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->cnt; i++) {
		const struct kf_provider *p = d->entries[i].old.src ?
			&d->entries[i].old : &d->entries[i].new;

		if (!strcmp(p->name, name))
			return &d->entries[i];
	}
	return NULL;
}

static void test_diff(void)
{
	const struct kf_diff_entry *en;
	struct fake a, b;
	struct kf_diff d;
	struct kf_error e;

	fake_init(&a, "a", false);
	fake_init(&b, "b", true);
	add_kf(&a, 0, "kf_compat", a.p_int, 0);
	add_kf(&a, 0, "kf_flags", a.p_int, 1);
	add_kf(&a, 0, "kf_gone", a.p_int, 0);
	add_kf(&a, 0, "kf_incompat", a.p_int, 0);
	add_kf(&a, 0, "kf_same", a.p_int, 0);
	add_kf(&a, 1, "kf_moves", a.p_int, 0);
	/* Shadowed by vmlinux's: libbpf never binds it, no change. */
	add_kf(&a, 1, "kf_same", a.p_int2, 0);
	add_kf(&b, 0, "kf_compat", b.p_long, 0);
	add_kf(&b, 0, "kf_flags", b.p_int, 5);
	add_kf(&b, 0, "kf_incompat", b.p_int2, 0);
	add_kf(&b, 0, "kf_moves", b.p_int, 0);
	add_kf(&b, 0, "kf_new", b.p_int, 0);
	add_kf(&b, 0, "kf_same", b.p_int, 0);
	b.kfs[0][5].flags_known = false;	/* kf_same: flags unknown */

	ok(!kf_diff_kernels(&a.k, &b.k, NULL, &d, &e), "diff: succeeds");
	ok(d.cnt == 6, "diff: 6 names changed (got %zu), not the shadowed kf_same", d.cnt);
	en = find(&d, "kf_compat");
	ok(en && en->changes == KF_DIFF_PROTO && en->compat,
	   "int to long: a prototype change old externs still bind");
	en = find(&d, "kf_incompat");
	ok(en && en->changes == KF_DIFF_PROTO && !en->compat &&
	   !strcmp(en->why, "1 argument vs 2"), "a new argument: old externs no longer bind");
	en = find(&d, "kf_flags");
	ok(en && en->changes == KF_DIFF_FLAGS, "flags 1 to 5");
	en = find(&d, "kf_moves");
	ok(en && en->changes == KF_DIFF_SOURCE && !strcmp(en->old.src->name, "moda"),
	   "moda to vmlinux: a source change");
	ok(find(&d, "kf_gone") && find(&d, "kf_gone")->changes == KF_DIFF_REMOVED &&
	   !find(&d, "kf_gone")->new.src, "removed: no new side");
	ok(find(&d, "kf_new") && find(&d, "kf_new")->changes == KF_DIFF_ADDED, "added");
	kf_diff_free(&d);

	ok(!kf_diff_kernels(&a.k, &b.k, "kf_*compat", &d, &e) && d.cnt == 2,
	   "diff with a pattern: the 2 names it matches");
	kf_diff_free(&d);
	ok(!kf_diff_kernels(&b.k, &b.k, NULL, &d, &e) && d.cnt == 0,
	   "a kernel against itself: nothing");
	kf_diff_free(&d);

	fake_fini(&a);
	fake_fini(&b);
}

static void test_fleet(void)
{
	const struct kf_kernel *ks[3];
	static char *const names[] = { "kf_absent", "kf_x" };
	struct fake f[3];
	struct kf_fleet fl;
	struct kf_error e;
	const struct kf_fleet_entry *x, *y;
	int i;

	for (i = 0; i < 3; i++) {
		fake_init(&f[i], "k", i == 1);
		ks[i] = &f[i].k;
	}
	/* kf_x: k0 and k2 take one int, k1 two; kf_y: everywhere, k1 long. */
	add_kf(&f[0], 0, "kf_x", f[0].p_int, 0);
	add_kf(&f[1], 0, "kf_x", f[1].p_int2, 0);
	add_kf(&f[2], 0, "kf_x", f[2].p_int, 0);
	add_kf(&f[0], 0, "kf_y", f[0].p_int, 0);
	add_kf(&f[1], 0, "kf_y", f[1].p_long, 0);
	add_kf(&f[2], 1, "kf_y", f[2].p_int, 0);
	add_kf(&f[1], 0, "kf_z", f[1].p_int, 0);

	ok(!kf_fleet_analyze(ks, 3, NULL, NULL, 0, &fl, &e) && fl.cnt == 3,
	   "fleet: the 3 names of any kernel");
	x = &fl.entries[0];
	ok(!strcmp(x->name, "kf_x") && x->variant_cnt == 2 && x->everywhere &&
	   x->variant[0] == 0 && x->variant[1] == 1 && x->variant[2] == 0 &&
	   x->rep[0] == 0 && x->rep[1] == 1,
	   "kf_x: two variants, k0 and k2 in one");
	y = &fl.entries[1];
	ok(y->variant_cnt == 1 && y->everywhere && !strcmp(y->at[2].src->name, "moda"),
	   "kf_y: int and long bind both ways, one variant; from moda on k2");
	ok(fl.entries[2].variant_cnt == 1 && !fl.entries[2].everywhere &&
	   fl.entries[2].variant[0] == -1 && fl.entries[2].variant[1] == 0,
	   "kf_z: on k1 only");
	kf_fleet_free(&fl);

	ok(!kf_fleet_analyze(ks, 3, NULL, names, 2, &fl, &e) && fl.cnt == 2 &&
	   !fl.entries[0].variant_cnt && fl.entries[1].variant_cnt == 2,
	   "fleet by names: one on no kernel has no variant");
	kf_fleet_free(&fl);
	for (i = 0; i < 3; i++)
		fake_fini(&f[i]);
}

int main(void)
{
	test_diff();
	test_fleet();
	return done_testing();
}
