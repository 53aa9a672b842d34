// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * An indirect jump in a function that loads no jump table: every kernel
 * refuses the program (7.x: "no jump tables found for subprog"), and the
 * object's other programs are not concerned.
 */
#include <linux/bpf.h>
#include "reach.h"

#define __naked __attribute__((naked))

SEC("socket")
__naked int gotox_no_table(void)
{
	asm volatile (
	"r0 = 0;"
	/* gotox r0 */
	".8byte 0x000000000000000d;"
	"r0 = 1;"
	"exit;"
	::: "r0", "memory");
}

/* A program without a gotox, which the gotox does not fail. */
SEC("socket")
int plain(void *ctx)
{
	return bpf_ksym_exists(missing);
}

char _license[] SEC("license") = "GPL";
