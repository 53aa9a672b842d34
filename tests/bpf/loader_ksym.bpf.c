// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A typed ksym the verifier finds no address for (reach_ksym.h), read by
 * one program of a light skeleton, which loads all its programs or none.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include "reach_ksym.h"

extern void bpf_rcu_read_lock(void) __ksym __weak;

__u32 g_bpf_rcu_read_lock;
__u32 g_cpu;

SEC("syscall")
int oracle(void *ctx)
{
	g_bpf_rcu_read_lock = bpf_ksym_exists(bpf_rcu_read_lock);
	return 0;
}

SEC("syscall")
int reads_rq(void *ctx)
{
	g_cpu = this_rq()->cpu;
	return 0;
}

char _license[] SEC("license") = "GPL";
