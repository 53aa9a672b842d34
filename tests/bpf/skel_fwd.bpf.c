// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* struct task_struct only forward-declared: a BTF FWD, not the kernel's STRUCT. */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "skel_externs.h"

struct task_struct;

extern void bpf_rcu_read_lock(void) __ksym __weak;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym __weak;

#define DECL(sym) __u32 g_##sym;
#define SET(sym) g_##sym = bpf_ksym_exists(sym);

SKEL_FWD_WEAK(DECL)

SEC("syscall")
int oracle(void *ctx)
{
	SKEL_FWD_WEAK(SET)
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
