// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Real programs calling kfuncs with arguments of the right types, one
 * program type each, for the verifier to judge: where a program type may
 * not call the kfunc the verifier says so before it looks at arguments.
 * Built on the running kernel's generated vmlinux.h.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

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

/*
 * struct_ops: the struct type and member come from the map that points to
 * the program. A sleepable kfunc in the one bpf_dummy_ops member that may
 * sleep, and in one that may not; a congestion control kfunc and an XDP
 * metadata kfunc in tcp_congestion_ops.
 */
SEC("struct_ops/test_1")
int BPF_PROG(dummy_task, struct bpf_dummy_ops_state *state)
{
	struct task_struct *t = bpf_task_from_pid(1);

	if (t)
		bpf_task_release(t);
	return 0;
}

SEC("struct_ops.s/test_sleepable")
int BPF_PROG(dummy_copy_s, struct bpf_dummy_ops_state *state)
{
	char s[16];

	return bpf_copy_from_user_str(s, sizeof(s), (void *)16, 0) < 0;
}

SEC("struct_ops/test_1")
int BPF_PROG(dummy_copy, struct bpf_dummy_ops_state *state)
{
	char s[16];

	return bpf_copy_from_user_str(s, sizeof(s), (void *)16, 0) < 0;
}

SEC("struct_ops/cong_avoid")
void BPF_PROG(ca_reno, struct sock *sk, __u32 ack, __u32 acked)
{
	tcp_reno_cong_avoid(sk, ack, acked);
}

SEC("struct_ops/cong_avoid")
void BPF_PROG(ca_meta, struct sock *sk, __u32 ack, __u32 acked)
{
	__u64 ts = 0;

	bpf_xdp_metadata_rx_timestamp((struct xdp_md *)sk, &ts);
}

/* A map each, so that each program loads alone. */
SEC(".struct_ops")
struct bpf_dummy_ops dummy_ops_task = {
	.test_1 = (void *)dummy_task,
};

SEC(".struct_ops")
struct bpf_dummy_ops dummy_ops_copy_s = {
	.test_sleepable = (void *)dummy_copy_s,
};

SEC(".struct_ops")
struct bpf_dummy_ops dummy_ops_copy = {
	.test_1 = (void *)dummy_copy,
};

SEC(".struct_ops")
struct tcp_congestion_ops probe_reno = {
	.cong_avoid = (void *)ca_reno,
	.name = "probe_reno",
};

SEC(".struct_ops")
struct tcp_congestion_ops probe_meta = {
	.cong_avoid = (void *)ca_meta,
	.name = "probe_meta",
};

char LICENSE[] SEC("license") = "GPL";
