// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Loads the light skeleton of one test object (bpftool gen skeleton -L)
 * and runs its "oracle" program once:
 *
 *   lskel_run OBJ	before the load, what the light skeleton's kfunc
 *			guards say: the lines of NAME__kfuncs_check(), then
 *			"check N" (its return), "probe EXTERN V" for each
 *			kfunc extern; then "load ERR" (0, or the load's
 *			negative error), and when it loaded, "run ERR" and
 *			"bss OFFSET VALUE" for each 32-bit word of its .bss
 *
 * Exit status: 0 when it could tell, 1 on usage error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/bpf.h>

#include "loader_exists.lskel.h"
#include "loader_proto.lskel.h"
#include "loader_calls.lskel.h"
#include "loader_ksym.lskel.h"
#include "skel_guards.lskel.h"

/* What the program stored: the globals are __u32 each. */
static void report(int prog_fd, const void *bss, size_t sz)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts);
	const __u32 *w = bss;
	size_t i;

	printf("run %d\n", bpf_prog_test_run_opts(prog_fd, &opts) ? -errno : 0);
	for (i = 0; i < sz / sizeof(*w); i++)
		printf("bss %zu %u\n", i * sizeof(*w), w[i]);
}

/* The guards: a bool per kfunc extern, the first descriptors. */
static void probed(const char *const *names, const bool *k, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		printf("probe %s %d\n", names[i], k[i]);
}

/* run_NAME(): check and probe, load, and when loaded, run and report. */
#define LSKEL_RUN(obj)							\
static int run_##obj(void)						\
{									\
	struct obj *s = obj##__open();				\
	const struct obj##__kfunc_desc *d;				\
	const char *names[sizeof(struct obj##__kfuncs)];		\
	struct obj##__kfuncs k;					\
	size_t i, cnt;							\
	int err;							\
									\
	if (!s)								\
		return -errno;						\
	printf("check %d\n", obj##__kfuncs_check(s, stdout));	\
	d = obj##__kfunc_descs(&cnt);					\
	cnt = sizeof(k) / sizeof(bool);					\
	for (i = 0; i < cnt; i++)					\
		names[i] = d[i].name;					\
	err = obj##__kfuncs_probe(s, &k);				\
	if (err)							\
		printf("probe error %d\n", err);			\
	else								\
		probed(names, (const bool *)&k, cnt);			\
	err = obj##__load(s);						\
	printf("load %d\n", err);					\
	if (!err)							\
		report(s->progs.oracle.prog_fd, s->bss, sizeof(*s->bss)); \
	obj##__destroy(s);						\
	return 0;							\
}

LSKEL_RUN(loader_exists)
LSKEL_RUN(loader_proto)
LSKEL_RUN(loader_calls)
LSKEL_RUN(loader_ksym)
LSKEL_RUN(skel_guards)

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(void);
	} objs[] = {
		{ "loader_exists", run_loader_exists },
		{ "loader_proto", run_loader_proto },
		{ "loader_calls", run_loader_calls },
		{ "loader_ksym", run_loader_ksym },
		{ "skel_guards", run_skel_guards },
		{ NULL, NULL },
	};
	size_t i;

	for (i = 0; argc == 2 && objs[i].name; i++) {
		if (strcmp(argv[1], objs[i].name))
			continue;
		if (objs[i].run()) {
			fprintf(stderr, "%s: cannot open the light skeleton\n", argv[1]);
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "usage: lskel_run { loader_exists | loader_proto | loader_calls | loader_ksym | skel_guards }\n");
	return 1;
}
