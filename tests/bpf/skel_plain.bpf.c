// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * No kfunc extern, but everything else a skeleton shows: maps, globals in
 * every section, ksym variables (typed and typeless) and a .kconfig extern.
 */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");

extern int LINUX_KERNEL_VERSION __kconfig;
extern const void bpf_prog_fops __ksym;
extern const int bpf_prog_active __ksym __weak;

__u64 g_bss;
__u64 g_data = 1;
const volatile __u32 g_rodata = 2;
char g_name[16] SEC(".data.names") = "plain";

SEC("syscall")
int plain(void *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);

	if (v)
		*v += g_rodata + g_data + (LINUX_KERNEL_VERSION > 0);
	g_bss = (unsigned long)&bpf_prog_fops + (unsigned long)&bpf_prog_active;
	g_name[0] = 'P';
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
