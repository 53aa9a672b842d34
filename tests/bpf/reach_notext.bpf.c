// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * An object without .text, as most of the kernel's BPF selftests are: a
 * static variable's address is a relocation against its data section's
 * symbol, which is no function's address.
 */
#include <linux/types.h>
#include "reach.h"

static int counts[4];

SEC("syscall")
int notext_guarded(void *ctx)
{
	counts[1]++;
	if (bpf_ksym_exists(missing))
		missing();
	return 0;
}

SEC("syscall")
int notext_unguarded(void *ctx)
{
	counts[2]++;
	missing();
	return 0;
}

char _license[] SEC("license") = "GPL";
