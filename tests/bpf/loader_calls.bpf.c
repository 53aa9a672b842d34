// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * exists(f___new) ? f___new() : f___old(): libbpf binds both flavors and
 * the verifier drops the second call; a light skeleton and cilium/ebpf
 * bind neither, and the ___old call is reachable: their load fails.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct task_struct {
	int pid;
};

extern struct task_struct *bpf_task_from_pid___new(__s32 pid) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___old(__s32 pid) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;

__u32 g_bpf_task_from_pid___new;
__u32 g_bpf_task_from_pid___old;

SEC("syscall")
int oracle(void *ctx)
{
	struct task_struct *t;

	g_bpf_task_from_pid___new = bpf_ksym_exists(bpf_task_from_pid___new);
	g_bpf_task_from_pid___old = bpf_ksym_exists(bpf_task_from_pid___old);
	if (bpf_ksym_exists(bpf_task_from_pid___new))
		t = bpf_task_from_pid___new(1);
	else
		t = bpf_task_from_pid___old(1);
	if (t)
		bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
