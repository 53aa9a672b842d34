// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * ksyms of type void (the only ones cilium/ebpf accepts): addresses from
 * kallsyms. A function's symbol, which kallsyms lists on every kernel, and
 * one that no kernel has. The "oracle" program stores whether each
 * address is set in g_<name>.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

extern void bpf_prog_put __ksym __weak;
extern void loader_no_such_sym __ksym __weak;

__u32 g_bpf_prog_put;
__u32 g_loader_no_such_sym;

SEC("syscall")
int oracle(void *ctx)
{
	g_bpf_prog_put = &bpf_prog_put != 0;
	g_loader_no_such_sym = &loader_no_such_sym != 0;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
