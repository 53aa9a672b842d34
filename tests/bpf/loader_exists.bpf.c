// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Names each loader looks up: libbpf cuts the flavor, a light skeleton and
 * cilium/ebpf take the full name. All weak, all compatible: every loader
 * loads it; what bpf_ksym_exists() sees differs. The "oracle" program
 * stores bpf_ksym_exists() of each in g_<name>, and calls the ___new flavor
 * where it exists: a guarded call loads where it does not bind.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
	int pid;
};

struct cgroup {
	long id;
};

extern void bpf_rcu_read_lock(void) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___new(__s32 pid) __ksym __weak;
extern struct cgroup *bpf_task_acquire___cg(struct cgroup *p) __ksym __weak;
extern void bpf_rcu_read_lock___a___b(void) __ksym __weak;
extern void loader_no_such_kfunc(void) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;

__u32 g_bpf_rcu_read_lock;
__u32 g_bpf_task_from_pid___new;
__u32 g_bpf_task_acquire___cg;
__u32 g_bpf_rcu_read_lock___a___b;
__u32 g_loader_no_such_kfunc;

SEC("syscall")
int oracle(void *ctx)
{
	g_bpf_rcu_read_lock = bpf_ksym_exists(bpf_rcu_read_lock);
	g_bpf_task_from_pid___new = bpf_ksym_exists(bpf_task_from_pid___new);
	g_bpf_task_acquire___cg = bpf_ksym_exists(bpf_task_acquire___cg);
	g_bpf_rcu_read_lock___a___b = bpf_ksym_exists(bpf_rcu_read_lock___a___b);
	g_loader_no_such_kfunc = bpf_ksym_exists(loader_no_such_kfunc);
	if (bpf_ksym_exists(bpf_task_from_pid___new)) {
		struct task_struct *t = bpf_task_from_pid___new(1);

		if (t)
			bpf_task_release(t);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
