// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Kernel functions that are not kfuncs: libbpf binds them, so
 * bpf_ksym_exists() is true, and the verifier refuses each call of them
 * it reaches ("calling kernel function msleep is not allowed").
 */
#include <linux/types.h>
#include "reach.h"

extern void msleep(unsigned int msecs) __ksym __weak;
extern long schedule_timeout(long timeout) __ksym __weak;

int sink;

SEC("syscall")
int nk_called(void *ctx)
{
	msleep(20);
	return 0;
}

SEC("syscall")
int nk_result_used(void *ctx)
{
	sink = schedule_timeout(1);
	return 0;
}

/* Behind a false guard: dead code, which the verifier never checks. */
SEC("syscall")
int nk_false_guard(void *ctx)
{
	if (bpf_ksym_exists(missing))
		msleep(20);
	return 0;
}

/* Its own guard is true. */
SEC("syscall")
int nk_own_guard(void *ctx)
{
	if (bpf_ksym_exists(msleep))
		msleep(20);
	return 0;
}

/* Its address only. */
SEC("syscall")
int nk_exists_only(void *ctx)
{
	sink = bpf_ksym_exists(schedule_timeout);
	return 0;
}

static __noinline int nk_sub(int x)
{
	msleep(x);
	return x;
}

SEC("syscall")
int nk_sub_false_guard(void *ctx)
{
	if (bpf_ksym_exists(missing))
		sink = nk_sub(sink);
	return 0;
}

SEC("syscall")
int nk_sub_called(void *ctx)
{
	sink = nk_sub(1);
	return 0;
}

char _license[] SEC("license") = "GPL";
