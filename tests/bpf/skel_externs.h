/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The kfunc externs of the skel_* objects, shared by the BPF side (which
 * records bpf_ksym_exists() of each in a global g_<name>) and by the test
 * program (which compares the skeleton's guards with those globals).
 */
#ifndef __SKEL_EXTERNS_H
#define __SKEL_EXTERNS_H

/* skel_guards.bpf.c: weak externs */
#define SKEL_GUARDS_WEAK(X)						\
	/* exact prototypes of this kernel's kfuncs */			\
	X(bpf_rcu_read_lock)						\
	X(bpf_task_acquire)						\
	X(bpf_task_release)						\
	X(bpf_task_from_pid)						\
	X(bpf_cast_to_kern_ctx)						\
	X(bpf_dynptr_adjust)						\
	X(bpf_send_signal_task)						\
	X(bbr_cwnd_event)						\
	/* compatible by libbpf's rule */				\
	X(bpf_task_acquire___cg)					\
	X(bpf_task_acquire___td)					\
	X(bpf_dynptr_adjust___td)					\
	X(bpf_dynptr_adjust___cv)					\
	X(bpf_task_from_pid___u64)					\
	X(bpf_task_from_pid___char)					\
	X(bbr_cwnd_event___myenum)					\
	X(bpf_send_signal_task___myenum)				\
	X(bpf_cast_to_kern_ctx___cv)					\
	/* incompatible */						\
	X(bpf_rcu_read_lock___arity)					\
	X(bpf_task_from_pid___arity)					\
	X(bpf_task_from_pid___ptr)					\
	X(bpf_task_acquire___long)					\
	X(bpf_task_acquire___pp)					\
	X(bpf_task_acquire___union)					\
	X(bbr_cwnd_event___int)						\
	X(bpf_task_from_pid___enum)					\
	X(bpf_task_release___fwd)					\
	X(bpf_task_release___int)					\
	X(bpf_task_acquire___void)					\
	X(bpf_cast_to_kern_ctx___st)					\
	X(bpf_cast_to_kern_ctx___long)					\
	/* names */							\
	X(skel_no_such_kfunc)						\
	X(bpf_rcu_read_lockx)						\
	X(bpf_rcu_read_lock___a)					\
	X(bpf_rcu_read_lock___1)					\
	X(bpf_rcu_read_lock___a___b)					\
	X(bpf_rcu_read_lock___)						\
	X(bpf_rcu_read_lock____b)					\
	X(bpf_rcu_read_lock___a____)

/* skel_guards.bpf.c: strong externs, all resolvable */
#define SKEL_GUARDS_STRONG(X)						\
	X(bpf_rcu_read_unlock)						\
	X(bpf_task_from_pid___strong)

/* skel_fwd.bpf.c: struct task_struct only forward-declared */
#define SKEL_FWD_WEAK(X)						\
	X(bpf_rcu_read_lock)						\
	X(bpf_task_acquire)						\
	X(bpf_task_release)						\
	X(bpf_task_from_pid)

#endif /* __SKEL_EXTERNS_H */
