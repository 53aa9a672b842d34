// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kfuncs that Debian's 6.12 kernel has in modules and a newer kernel may
 * have built in (or not at all), declared with their real prototypes.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct sock {
	int x;
};

struct nf_conn {
	int x;
};

struct nf_conn___init {
	int x;
};

struct __sk_buff;
struct bpf_sock_tuple {
	int x;
};

struct bpf_ct_opts {
	int x;
};

struct __sk_buff_local {
	int x;
};

union nf_inet_addr {
	__u32 ip;
};

enum nf_nat_manip_type {
	NF_NAT_MANIP_SRC,
	NF_NAT_MANIP_DST,
};

struct xdp_md {
	int x;
};

struct bpf_fib_lookup {
	int x;
};

struct bpf_flowtable_opts {
	int x;
};

struct flow_offload_tuple_rhash {
	int x;
};

extern void bbr_init(struct sock *sk) __ksym __weak;
extern void dctcp_init(struct sock *sk) __ksym __weak;
extern struct nf_conn *bpf_skb_ct_lookup(struct __sk_buff_local *skb_ctx,
					 struct bpf_sock_tuple *bpf_tuple,
					 __u32 tuple__sz, struct bpf_ct_opts *opts,
					 __u32 opts__sz) __ksym __weak;
extern int bpf_ct_set_nat_info(struct nf_conn___init *nfct,
			       union nf_inet_addr *addr, int port,
			       enum nf_nat_manip_type manip) __ksym __weak;
extern struct flow_offload_tuple_rhash *
bpf_xdp_flow_lookup(struct xdp_md *ctx, struct bpf_fib_lookup *fib_tuple,
		    struct bpf_flowtable_opts *opts, __u32 opts_len) __ksym __weak;
extern void bpf_rcu_read_lock(void) __ksym __weak;

__u32 seen;

SEC("syscall")
int probe(void *ctx)
{
	seen = bpf_ksym_exists(bbr_init) + bpf_ksym_exists(dctcp_init) +
	       bpf_ksym_exists(bpf_skb_ct_lookup) +
	       bpf_ksym_exists(bpf_ct_set_nat_info) +
	       bpf_ksym_exists(bpf_xdp_flow_lookup) +
	       bpf_ksym_exists(bpf_rcu_read_lock);
	return 0;
}

char _license[] SEC("license") = "GPL";
