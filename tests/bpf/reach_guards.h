/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Types and kfuncs of reach_guards.bpf.c, as the running kernel has them. */
#ifndef __REACH_GUARDS_H
#define __REACH_GUARDS_H

struct task_struct {
	int pid;
};

extern void bpf_rcu_read_lock(void) __ksym __weak;
extern void bpf_rcu_read_unlock(void) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___new(__s32 pid) __ksym __weak;
/* Incompatible with the kernel's: unset. */
extern struct task_struct *bpf_task_from_pid___old(__s32 pid, int flags) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;

#endif /* __REACH_GUARDS_H */
