/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The loaders' "PROG OBJECT" command line. */
#ifndef __OPEN_ARG_H
#define __OPEN_ARG_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

/* Open the one OBJECT argument, with @print for libbpf; NULL on error. */
static inline struct bpf_object *open_arg(int argc, char **argv,
					  libbpf_print_fn_t print)
{
	struct bpf_object *obj;

	if (argc != 2) {
		fprintf(stderr, "usage: %s OBJECT\n", argv[0]);
		return NULL;
	}
	libbpf_set_print(print);
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		fprintf(stderr, "open %s: %s\n", argv[1], strerror(errno));
	return obj;
}

#endif /* __OPEN_ARG_H */
