// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Loads the light skeleton of one test object (bpftool gen skeleton -L)
 * and runs its "oracle" program once:
 *
 *   lskel_run OBJ	"load ERR" (0, or the load's negative error), then
 *			when it loaded, "run ERR" and "bss OFFSET VALUE"
 *			for each 32-bit word of its .bss
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

/* run_NAME(): open, load, and when loaded, run and report. */
#define LSKEL_RUN(name)							\
static int run_##name(void)						\
{									\
	struct name *s = name##__open();				\
	int err;							\
									\
	if (!s)								\
		return -errno;						\
	err = name##__load(s);						\
	printf("load %d\n", err);					\
	if (!err)							\
		report(s->progs.oracle.prog_fd, s->bss, sizeof(*s->bss)); \
	name##__destroy(s);						\
	return 0;							\
}

LSKEL_RUN(loader_exists)
LSKEL_RUN(loader_proto)
LSKEL_RUN(loader_calls)
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
	fprintf(stderr, "usage: lskel_run { loader_exists | loader_proto | loader_calls | skel_guards }\n");
	return 1;
}
