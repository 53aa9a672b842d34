// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The kernel's verdict per program: load each program of an object alone
 * with libbpf (autoload off for the others, on for itself even in a '?'
 * section), then the object as it is. Prints "PROGRAM loads|fails", one
 * line each, then "object loads|fails"; the reason of a failure on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "open_arg.h"

static char log_buf[1 << 20];

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* Load @obj_path with only @only autoloaded (all as given when NULL). */
static int load(const char *obj_path, const char *only)
{
	LIBBPF_OPTS(bpf_object_open_opts, opts, .kernel_log_buf = log_buf,
		    .kernel_log_size = sizeof(log_buf), .kernel_log_level = 1);
	struct bpf_program *prog;
	struct bpf_object *obj;
	const char *last;
	int err;

	log_buf[0] = '\0';
	obj = bpf_object__open_file(obj_path, &opts);
	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj)
		if (only)
			bpf_program__set_autoload(prog, !strcmp(bpf_program__name(prog), only));
	err = bpf_object__load(obj);
	if (err && only) {
		/* The verifier's last words. */
		last = strstr(log_buf, "kfunc '");
		if (!last)
			last = log_buf[0] ? log_buf : "no verifier log";
		fprintf(stderr, "%s: %.*s\n", only, (int)strcspn(last, "\n"), last);
	}
	bpf_object__close(obj);
	return err;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	obj = open_arg(argc, argv, quiet);
	if (!obj)
		return 2;
	bpf_object__for_each_program(prog, obj) {
		err = load(argv[1], bpf_program__name(prog));
		printf("%s %s\n", bpf_program__name(prog), err ? "fails" : "loads");
	}
	bpf_object__close(obj);
	printf("object %s\n", load(argv[1], NULL) ? "fails" : "loads");
	return 0;
}
