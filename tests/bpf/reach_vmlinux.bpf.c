// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Built on the running kernel's generated vmlinux.h, where every kfunc is
 * declared __weak: binding never fails, only reachable calls do.
 */
#include "vmlinux.h"
#include "reach.h"

int sink;

SEC("syscall")
int vm_bound(void *ctx)
{
	struct task_struct *t;

	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	t = bpf_task_from_pid(1);
	if (t)
		bpf_task_release(t);
	return 0;
}

SEC("syscall")
int vm_unguarded(void *ctx)
{
	bpf_rcu_read_lock();
	missing();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
int vm_guarded(void *ctx)
{
	if (!bpf_ksym_exists(missing))
		return 0;
	missing();
	return 0;
}

static __noinline int vm_sub(int x)
{
	if (bpf_ksym_exists(bpf_rcu_read_lock) && bpf_ksym_exists(missing))
		missing();
	return x;
}

SEC("syscall")
int vm_static_guarded(void *ctx)
{
	sink = vm_sub(sink);
	return 0;
}

char _license[] SEC("license") = "GPL";
