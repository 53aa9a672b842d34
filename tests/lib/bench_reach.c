// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bench_reach: what the call-site analysis adds to kfunc resolve, and what
 * a real load costs, for one object:
 *
 *	bench_reach RUNS OBJECT VMLINUX...
 *
 * Every kernel and the object are parsed once; then, RUNS times each, the
 * median seconds of resolving the object on every kernel ("resolve"), of
 * resolving it and analysing its programs ("reach"), each timed over
 * PASSES repetitions, and of a bpf_object__open_file() and
 * bpf_object__load() on the running kernel ("load", -1 when the load
 * fails), one "NAME SECONDS" line each.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <bpf/libbpf.h>

#include "kfunc.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), dbl_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Resolve @obj on every kernel, and analyse its programs with @reach. */
static int one_pass(const struct kf_object *obj, struct kf_kernel **ks, int kcnt,
		    bool reach)
{
	struct kf_resolution *res = calloc(obj->extern_cnt + 1, sizeof(*res));
	struct kf_prog_verdict *v = calloc(obj->code.prog_cnt + 1, sizeof(*v));
	struct kf_resolve_target t = { .policy = KF_POLICY_LIBBPF };
	struct kf_error e = {};
	int i, err = res && v ? 0 : -1;

	for (i = 0; i < kcnt && !err; i++) {
		t.k = ks[i];
		err = kf_resolve_object(obj, &t, res, &e);
		if (!err && reach) {
			err = kf_reach_object(obj, res, v, &e);
			kf_prog_verdicts_free(v, obj->code.prog_cnt);
		}
	}
	if (err)
		fprintf(stderr, "bench_reach: %s\n", e.msg[0] ? e.msg : "out of memory");
	free(res);
	free(v);
	return err;
}

#define PASSES	50

/* Seconds of one pass, timed over PASSES; < 0 on error. */
static double time_pass(const struct kf_object *obj, struct kf_kernel **ks,
			int kcnt, bool reach)
{
	double t0 = now();
	int i;

	for (i = 0; i < PASSES; i++)
		if (one_pass(obj, ks, kcnt, reach))
			return -1;
	return (now() - t0) / PASSES;
}

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static double load_once(const char *path)
{
	struct bpf_object *obj;
	double t0 = now();
	int err;

	obj = bpf_object__open_file(path, NULL);
	if (!obj)
		return -1;
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	return err ? -1 : now() - t0;
}

int main(int argc, char **argv)
{
	struct kf_load_opts opts = { .keep_modules = true, .index_names = true };
	double *tr, *tx, *tl;
	struct kf_kernel **ks;
	struct kf_object *obj;
	struct kf_error e = {};
	int runs, kcnt, i, err = 0;

	runs = argc > 1 ? atoi(argv[1]) : 0;
	if (argc < 4 || runs < 1) {
		fprintf(stderr, "usage: bench_reach RUNS OBJECT VMLINUX...\n");
		return 2;
	}
	kcnt = argc - 3;
	ks = calloc(kcnt, sizeof(*ks));
	tr = calloc(runs, sizeof(*tr));
	tx = calloc(runs, sizeof(*tx));
	tl = calloc(runs, sizeof(*tl));
	if (!ks || !tr || !tx || !tl)
		return 2;
	if (kf_object_open(&obj, argv[2], &e)) {
		fprintf(stderr, "bench_reach: %s\n", e.msg);
		return 2;
	}
	for (i = 0; i < kcnt; i++) {
		if (kf_kernel_load_files(&ks[i], argv[3 + i], NULL, 0, &opts, &e)) {
			fprintf(stderr, "bench_reach: %s\n", e.msg);
			return 2;
		}
	}
	libbpf_set_print(quiet);
	for (i = 0; i < runs && !err; i++) {
		tr[i] = time_pass(obj, ks, kcnt, false);
		tx[i] = time_pass(obj, ks, kcnt, true);
		tl[i] = load_once(argv[2]);
		err = tr[i] < 0 || tx[i] < 0;
	}
	if (err)
		return 1;
	printf("resolve %.6f\nreach %.6f\n", median(tr, runs), median(tx, runs));
	printf("load %.6f\n", tl[0] < 0 ? -1 : median(tl, runs));
	for (i = 0; i < kcnt; i++)
		kf_kernel_free(ks[i]);
	kf_object_free(obj);
	free(ks);
	free(tr);
	free(tx);
	free(tl);
	return 0;
}
