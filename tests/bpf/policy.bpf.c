// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Externs for the synthetic kernel of resolve_policies.t. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct task {
	int pid;
};

extern int kf_shared(int x) __ksym __weak;
extern int kf_modonly(int x) __ksym __weak;
extern int kf_modonly___v2(int x, int y) __ksym __weak;
extern struct task *kf_task(struct task *t) __ksym __weak;
extern int kf_plain(int x) __ksym __weak;
extern int kf_gone(void) __ksym __weak;
extern int kf_strong_gone(void) __ksym;

__u32 seen;

SEC("syscall")
int probe(void *ctx)
{
	void *p = (void *)kf_strong_gone;

	asm volatile("" : "+r"(p));
	seen = bpf_ksym_exists(kf_shared) + bpf_ksym_exists(kf_modonly) +
	       bpf_ksym_exists(kf_modonly___v2) + bpf_ksym_exists(kf_task) +
	       bpf_ksym_exists(kf_plain) + bpf_ksym_exists(kf_gone) + !!p;
	return 0;
}

char _license[] SEC("license") = "GPL";
