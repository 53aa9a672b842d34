// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Strong kfunc externs this kernel cannot satisfy: the load must fail. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

extern void skel_strong_missing(void) __ksym;
extern void bpf_rcu_read_lock___bad(int x) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern void skel_weak_missing(void) __ksym __weak;

__u32 g_seen;

/* bpf_ksym_exists() wants __weak: keep the address load of a strong one */
#define SEEN(sym)						\
	do {							\
		void *p = (void *)sym;				\
							\
		asm volatile("" : "+r"(p));			\
		g_seen += !!p;					\
	} while (0)

SEC("syscall")
int oracle(void *ctx)
{
	SEEN(skel_strong_missing);
	SEEN(bpf_rcu_read_lock___bad);
	SEEN(bpf_rcu_read_unlock);
	g_seen += bpf_ksym_exists(skel_weak_missing);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
