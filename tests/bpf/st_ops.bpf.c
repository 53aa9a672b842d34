// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * struct_ops maps in both sections libbpf reads them from, on a struct
 * type of the object's own (a flavor, as for several kernels), one
 * program in two maps, one in none: which struct type and member each
 * program gets, without a kernel's vmlinux.h.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct tcp_congestion_ops___local {
	unsigned int (*ssthresh)(void *sk);
	void (*cong_avoid)(void *sk, unsigned int ack, unsigned int acked);
	char name[16];
};

extern void tcp_reno_cong_avoid(void *sk, unsigned int ack,
				unsigned int acked) __ksym __weak;

SEC("struct_ops/ssthresh")
unsigned int ca_ssthresh(unsigned long long *ctx)
{
	return 2;
}

SEC("struct_ops/cong_avoid")
void ca_cong_avoid(unsigned long long *ctx)
{
	if (bpf_ksym_exists(tcp_reno_cong_avoid))
		tcp_reno_cong_avoid((void *)ctx[0], ctx[1], ctx[2]);
}

SEC("struct_ops/cong_avoid")
void ca_unused(unsigned long long *ctx)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops___local ca_ops = {
	.ssthresh = (void *)ca_ssthresh,
	.cong_avoid = (void *)ca_cong_avoid,
	.name = "st_ops",
};

SEC(".struct_ops.link")
struct tcp_congestion_ops___local ca_ops_link = {
	.cong_avoid = (void *)ca_cong_avoid,
	.name = "st_ops_link",
};

char LICENSE[] SEC("license") = "GPL";
