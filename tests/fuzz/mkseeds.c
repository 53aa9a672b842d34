// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * mkseeds DIR: write the fixed BTF of the fuzz targets as seed material,
 * DIR/vmlinux.btf (raw) and DIR/module.btf (raw, split on it).
 */
#include <stdio.h>

#include "fuzz.h"

/* Linked with a target for its fixtures; never called. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return 0;
}

static int write_blob(const char *dir, const char *name,
		      const struct kf_blob *b)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->size, f) != b->size) {
		perror(path);
		if (f)
			fclose(f);
		return 1;
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds DIR\n");
		return 2;
	}
	return write_blob(argv[1], "vmlinux.btf", fz_vmlinux_raw()) |
	       write_blob(argv[1], "module.btf", fz_module_raw());
}
