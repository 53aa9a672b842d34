// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A fleet where a kfunc is new: bpf_cpumask_populate() is in 6.18 and 7.3,
 * not in 6.12. One program calls it unguarded, one behind
 * bpf_ksym_exists(); both use older cpumask kfuncs too.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct cpumask {
	unsigned long bits;
};

struct bpf_cpumask {
	struct cpumask cpumask;
	int usage;
};

extern struct bpf_cpumask *bpf_cpumask_create(void) __ksym __weak;
extern void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym __weak;
extern int bpf_cpumask_populate(struct cpumask *cpumask, void *src,
				__u64 src__sz) __ksym __weak;

static int fill(int guarded)
{
	struct bpf_cpumask *mask = bpf_cpumask_create();
	__u64 bits = 1;

	if (!mask)
		return 0;
	if (guarded) {
		if (bpf_ksym_exists(bpf_cpumask_populate))
			bpf_cpumask_populate((struct cpumask *)mask, &bits, sizeof(bits));
	} else {
		bpf_cpumask_populate((struct cpumask *)mask, &bits, sizeof(bits));
	}
	bpf_cpumask_release(mask);
	return 0;
}

SEC("syscall")
int unguarded(void *ctx)
{
	return fill(0);
}

SEC("syscall")
int guarded(void *ctx)
{
	return fill(1);
}

char _license[] SEC("license") = "GPL";
