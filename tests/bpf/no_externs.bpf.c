// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* An object without ksym externs. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

__u32 counter;

SEC("syscall")
int probe(void *ctx)
{
	counter++;
	return 0;
}

char _license[] SEC("license") = "GPL";
