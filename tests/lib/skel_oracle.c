// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Drives the skeletons of the skel_* objects (valid C and C++):
 *
 *   skel_oracle guards	for each kfunc extern of skel_guards and skel_fwd:
 *			"OBJ NAME oracle O open P loaded Q", where O is what the
 *			program stored from bpf_ksym_exists(), P and Q the
 *			guard probed before and after the load; then
 *			"OBJ prepared P" (1 when the probe before the load
 *			created the maps: it prepared the object),
 *			"OBJ fields F externs E descs D" and "OBJ check N"
 *   skel_oracle strong	skel_strong: the check lines, "check N", the probed
 *			flags "flag NAME V" and "load ERR"; with libbpf 1.6
 *			and later, check and probe fail as the preparation does
 *
 * Exit status: 0 when every step could run, 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "skel_guards.skel.h"
#include "skel_fwd.skel.h"
#include "skel_strong.skel.h"
#include "../bpf/skel_externs.h"

static int run_once(int prog_fd)
{
	struct bpf_test_run_opts opts;

	memset(&opts, 0, sizeof(opts));
	opts.sz = sizeof(opts);
	return bpf_prog_test_run_opts(prog_fd, &opts);
}

#define REPORT(sym)							\
	printf("%s %s oracle %u open %d loaded %d\n", obj_name, #sym,	\
	       (unsigned int)skel->bss->g_##sym, k_open.sym, k_load.sym);
#define ONE(sym) + 1

/* test_OBJ(): open, probe, load, run, probe, report. */
#define GUARDS_TEST(obj, WEAK, STRONG)					\
static int test_##obj(void)						\
{									\
	const char *obj_name = #obj;					\
	struct obj##__kfuncs k_open, k_load;				\
	struct obj *skel;						\
	size_t descs;							\
	int err;							\
									\
	memset(&k_open, 0, sizeof(k_open));				\
	memset(&k_load, 0, sizeof(k_load));				\
	skel = obj##__open();						\
	if (!skel) {							\
		fprintf(stderr, "%s: open: %d\n", obj_name, -errno);	\
		return 1;						\
	}								\
	err = obj##__kfuncs_probe(skel, &k_open);			\
	if (err) {							\
		fprintf(stderr, "%s: probe: %d\n", obj_name, err);	\
		goto out;						\
	}								\
	printf("%s prepared %d\n", obj_name,				\
	       bpf_map__fd(skel->maps.bss) >= 0);			\
	err = obj##__load(skel);					\
	if (err) {							\
		fprintf(stderr, "%s: load: %d\n", obj_name, err);	\
		goto out;						\
	}								\
	err = run_once(bpf_program__fd(skel->progs.oracle));		\
	if (err) {							\
		fprintf(stderr, "%s: run: %d\n", obj_name, err);	\
		goto out;						\
	}								\
	err = obj##__kfuncs_probe(skel, &k_load);			\
	if (err) {							\
		fprintf(stderr, "%s: probe after load: %d\n", obj_name, err); \
		goto out;						\
	}								\
	WEAK(REPORT)							\
	STRONG(REPORT)							\
	obj##__kfunc_descs(&descs);					\
	printf("%s fields %zu externs %d descs %zu\n", obj_name,	\
	       sizeof(k_open) / sizeof(bool), 0 WEAK(ONE) STRONG(ONE), descs); \
	printf("%s check %d\n", obj_name, obj##__kfuncs_check(skel, stdout)); \
out:									\
	obj##__destroy(skel);						\
	return err ? 1 : 0;						\
}

#define NONE(X)

GUARDS_TEST(skel_guards, SKEL_GUARDS_WEAK, SKEL_GUARDS_STRONG)
GUARDS_TEST(skel_fwd, SKEL_FWD_WEAK, NONE)

static int test_strong(void)
{
	struct skel_strong__kfuncs k;
	struct skel_strong *skel;
	int n, err;

	skel = skel_strong__open();
	if (!skel) {
		fprintf(stderr, "skel_strong: open: %d\n", -errno);
		return 1;
	}
	n = skel_strong__kfuncs_check(skel, stdout);
	printf("check %d\n", n);
	memset(&k, 0, sizeof(k));
	err = skel_strong__kfuncs_probe(skel, &k);
	printf("probe %d\n", err);
	printf("flag skel_strong_missing %d\n", k.skel_strong_missing);
	printf("flag bpf_rcu_read_lock___bad %d\n", k.bpf_rcu_read_lock___bad);
	printf("flag bpf_rcu_read_unlock %d\n", k.bpf_rcu_read_unlock);
	printf("flag skel_weak_missing %d\n", k.skel_weak_missing);
	printf("probe NULL %d\n", skel_strong__kfuncs_probe(NULL, &k));
	err = skel_strong__load(skel);
	printf("load %d\n", err);
	skel_strong__destroy(skel);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "guards"))
		return test_skel_guards() | test_skel_fwd();
	if (argc == 2 && !strcmp(argv[1], "strong"))
		return test_strong();
	fprintf(stderr, "usage: %s { guards | strong }\n", argv[0]);
	return 1;
}
