// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Guards on read-only globals: libbpf freezes .rodata and .rodata.* before
 * the programs load, and the verifier reads their values as constants, so
 * the branch a value rules out is dead. A writable global guards nothing.
 */
#include <stdbool.h>
#include <linux/types.h>
#include "reach.h"

const volatile bool use_missing;
const volatile int level = 2;
const volatile __u64 wide = 1ULL << 40;
const volatile char custom SEC(".rodata.cfg") = 1;
volatile int writable;

SEC("syscall")
int rodata_false(void *ctx)
{
	if (use_missing)
		missing();
	return 0;
}

SEC("syscall")
int rodata_true(void *ctx)
{
	if (level > 1)
		missing();
	return 0;
}

SEC("syscall")
int rodata_else(void *ctx)
{
	if (level == 2)
		return 0;
	missing();
	return 1;
}

SEC("syscall")
int rodata_wide(void *ctx)
{
	if (wide >> 32 == 0)
		missing();
	return 0;
}

SEC("syscall")
int rodata_custom(void *ctx)
{
	if (custom)
		missing();
	return 0;
}

SEC("syscall")
int data_unknown(void *ctx)
{
	if (writable)
		missing();
	return 0;
}

char _license[] SEC("license") = "GPL";
