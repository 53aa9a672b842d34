// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Two kernels of fuzzed files (parts separated by FZ_SPLIT: the first half
 * of them a vmlinux BTF and its modules, the second half another): what
 * kfunc diff reports between them, both ways, and how their prototypes
 * fall into the variants kfunc header declares.
 */
#include "fuzz.h"

static void diff(const struct kf_kernel *a, const struct kf_kernel *b)
{
	struct kf_diff d = {};

	kf_diff_kernels(a, b, NULL, &d, NULL);
	kf_diff_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_blob parts[FZ_MAX_PARTS];
	const struct kf_kernel *ks[3];
	struct kf_kernel *a, *b;
	struct kf_fleet f = {};
	size_t n, half;

	n = fz_split(data, size, parts, FZ_MAX_PARTS);
	if (n < 2)
		return 0;
	half = (n + 1) / 2;
	a = fz_kernel_new(parts, half);
	b = fz_kernel_new(parts + half, n - half);
	if (a && b) {
		diff(a, b);
		diff(b, a);
		ks[0] = a;
		ks[1] = b;
		ks[2] = a;
		kf_fleet_analyze(ks, 3, NULL, NULL, 0, &f, NULL);
		kf_fleet_free(&f);
	}
	kf_kernel_free(b);
	kf_kernel_free(a);
	return 0;
}
