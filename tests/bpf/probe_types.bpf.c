// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Real programs calling kfuncs with arguments of the right types, one
 * program type each, for the verifier to judge: where a program type may
 * not call the kfunc the verifier says so before it looks at arguments.
 * Built on the running kernel's generated vmlinux.h.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char buf[64];

/* bpf_task_from_pid: a socket filter may not call it, tc may. */
SEC("socket")
int sock_task(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(1);

	if (t)
		bpf_task_release(t);
	return 0;
}

SEC("tc")
int tc_task(struct __sk_buff *skb)
{
	struct task_struct *t = bpf_task_from_pid(1);

	if (t)
		bpf_task_release(t);
	return 0;
}

/* A sleepable kfunc: only a sleepable iterator may call it. */
static int copy_comm(struct task_struct *task)
{
	char s[16];

	if (!task)
		return 0;
	return bpf_copy_from_user_str(s, sizeof(s), (void *)task->mm, 0);
}

SEC("iter/task")
int iter_copy(struct bpf_iter__task *ctx)
{
	return copy_comm(ctx->task) < 0;
}

SEC("iter.s/task")
int iter_copy_s(struct bpf_iter__task *ctx)
{
	return copy_comm(ctx->task) < 0;
}

/* XDP metadata: device-bound XDP programs only, never a kprobe. */
SEC("xdp")
int xdp_meta(struct xdp_md *ctx)
{
	__u64 ts = 0;

	bpf_xdp_metadata_rx_timestamp(ctx, &ts);
	return XDP_PASS;
}

SEC("kprobe/do_sys_openat2")
int kprobe_meta(struct pt_regs *regs)
{
	__u64 ts = 0;

	bpf_xdp_metadata_rx_timestamp((struct xdp_md *)regs, &ts);
	return 0;
}

/* A congestion control kfunc outside struct_ops. */
SEC("tc")
int tc_reno(struct __sk_buff *skb)
{
	struct bpf_sock *sk = skb->sk;

	if (!sk)
		return 0;
	tcp_reno_cong_avoid((struct sock *)sk, 0, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
