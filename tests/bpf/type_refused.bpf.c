// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The same kfunc calls from program types this kernel may refuse to load
 * at all (fentry, lsm: EPERM here) and from one it loads (tc): a probe
 * checks the last, and says why it cannot check the others.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

static __always_inline int rcu_section(void)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("fentry/do_sys_openat2")
int fentry_rcu(void *ctx)
{
	return rcu_section();
}

SEC("lsm/file_open")
int lsm_rcu(void *ctx)
{
	return rcu_section();
}

SEC("tc")
int tc_rcu(void *ctx)
{
	return rcu_section();
}

char _license[] SEC("license") = "GPL";
