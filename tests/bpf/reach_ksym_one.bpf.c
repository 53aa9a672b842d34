// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Several programs, one of which reads a strong typed ksym the verifier
 * finds no address for (reach_ksym.h): that one fails, the others load.
 */
#include <linux/types.h>
#include "reach.h"
#include "reach_guards.h"
#define REACH_KSYM_STRONG
#include "reach_ksym.h"

int sink;

SEC("syscall")
int one_reads_rq(void *ctx)
{
	sink = this_rq()->cpu;
	return 0;
}

SEC("syscall")
int one_plain(void *ctx)
{
	sink++;
	return 0;
}

SEC("syscall")
int one_bound_call(void *ctx)
{
	bpf_rcu_read_lock();
	sink++;
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
int one_guarded(void *ctx)
{
	if (bpf_ksym_exists(missing))
		missing();
	return 0;
}

char _license[] SEC("license") = "GPL";
