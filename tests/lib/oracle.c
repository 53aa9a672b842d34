// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The real loader's verdict on an oracle object: load it with libbpf, run
 * its "probe" program once, print what bpf_ksym_exists() saw, one
 * "NAME VALUE" line per ex_NAME global, or "load failed: ..." and exit 1;
 * libbpf's warnings go to stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "open_arg.h"

static char first_warning[512];

/* Warnings, the verifier log among them, go to stderr. */
static int print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	va_list copy;

	if (level != LIBBPF_WARN)
		return 0;
	/* Keep libbpf's first warning: it names the extern that failed. */
	if (!first_warning[0]) {
		va_copy(copy, ap);
		vsnprintf(first_warning, sizeof(first_warning), fmt, copy);
		va_end(copy);
	}
	return vfprintf(stderr, fmt, ap);
}

static int dump_bss(struct bpf_object *obj)
{
	const struct btf_var_secinfo *vs;
	const struct btf_type *sec, *var;
	struct bpf_map *map, *bss = NULL;
	const struct btf *btf;
	const char *name;
	__u32 zero = 0, i;
	char *val;
	int id;

	bpf_object__for_each_map(map, obj) {
		name = bpf_map__name(map);
		if (bpf_map__is_internal(map) && strstr(name, ".bss"))
			bss = map;
	}
	btf = bpf_object__btf(obj);
	id = btf__find_by_name_kind(btf, ".bss", BTF_KIND_DATASEC);
	if (!bss || id < 0) {
		fprintf(stderr, "no .bss\n");
		return -1;
	}
	val = calloc(1, bpf_map__value_size(bss));
	if (!val || bpf_map_lookup_elem(bpf_map__fd(bss), &zero, val)) {
		fprintf(stderr, "cannot read .bss: %s\n", strerror(errno));
		free(val);
		return -1;
	}
	sec = btf__type_by_id(btf, id);
	vs = btf_var_secinfos(sec);
	for (i = 0; i < btf_vlen(sec); i++, vs++) {
		var = btf__type_by_id(btf, vs->type);
		name = btf__name_by_offset(btf, var->name_off);
		if (strncmp(name, "ex_", 3) || vs->size != 4)
			continue;
		printf("%s %u\n", name + 3, *(__u32 *)(val + vs->offset));
	}
	free(val);
	return 0;
}

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts);
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("%u.%u\n", libbpf_major_version(), libbpf_minor_version());
		return 0;
	}
	obj = open_arg(argc, argv, print_fn);
	if (!obj)
		return 2;
	err = bpf_object__load(obj);
	if (err) {
		printf("load failed: %d %s", err, first_warning);
		bpf_object__close(obj);
		return 1;
	}
	prog = bpf_object__find_program_by_name(obj, "probe");
	err = prog ? bpf_prog_test_run_opts(bpf_program__fd(prog), &topts) : -ENOENT;
	if (err || topts.retval) {
		fprintf(stderr, "test run: %d retval %u\n", err, topts.retval);
		bpf_object__close(obj);
		return 2;
	}
	err = dump_bss(obj);
	bpf_object__close(obj);
	return err ? 2 : 0;
}
