// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Exact kfunc names with another prototype: libbpf leaves them unset, a
 * light skeleton binds them (it checks no prototype), cilium/ebpf refuses
 * the object.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
	int pid;
};

extern void bpf_rcu_read_lock(int x) __ksym __weak;
extern int bpf_task_release(struct task_struct *p) __ksym __weak;

__u32 g_bpf_rcu_read_lock;
__u32 g_bpf_task_release;

SEC("syscall")
int oracle(void *ctx)
{
	g_bpf_rcu_read_lock = bpf_ksym_exists(bpf_rcu_read_lock);
	g_bpf_task_release = bpf_ksym_exists(bpf_task_release);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
