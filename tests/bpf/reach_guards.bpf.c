// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Guards around kfunc calls: which programs does the verifier accept? */
#include <linux/types.h>
#include <stdbool.h>
#include "reach.h"
#include "reach_guards.h"

int sink;

static void release(struct task_struct *t)
{
	if (t)
		bpf_task_release(t);
}

SEC("syscall")
int unguarded(void *ctx)
{
	missing();
	return 0;
}

SEC("syscall")
int guarded(void *ctx)
{
	if (bpf_ksym_exists(missing))
		missing();
	return 0;
}

SEC("syscall")
int early_return(void *ctx)
{
	if (!bpf_ksym_exists(bpf_kfunc_also_missing))
		return 0;
	sink = bpf_kfunc_also_missing(sink);
	return 0;
}

SEC("syscall")
int bound_call(void *ctx)
{
	bpf_rcu_read_lock();
	bpf_rcu_read_unlock();
	return 0;
}

SEC("syscall")
int flavor_new_first(void *ctx)
{
	struct task_struct *t;

	t = bpf_ksym_exists(bpf_task_from_pid___new) ? bpf_task_from_pid___new(1) :
						       bpf_task_from_pid___old(1, 0);
	release(t);
	return 0;
}

SEC("syscall")
int flavor_old_first(void *ctx)
{
	struct task_struct *t;

	t = bpf_ksym_exists(bpf_task_from_pid___old) ? bpf_task_from_pid___old(1, 0) :
						       bpf_task_from_pid___new(1);
	release(t);
	return 0;
}

SEC("syscall")
int flavor_none_bound(void *ctx)
{
	if (bpf_ksym_exists(bpf_kfunc_missing___a))
		bpf_kfunc_missing___a();
	else
		bpf_kfunc_missing___b();
	return 0;
}

SEC("syscall")
int joint_guard(void *ctx)
{
	if (bpf_ksym_exists(bpf_rcu_read_lock) && bpf_ksym_exists(missing)) {
		bpf_rcu_read_lock();
		missing();
		bpf_rcu_read_unlock();
	}
	return 0;
}

SEC("syscall")
int joint_guard_or(void *ctx)
{
	if (bpf_ksym_exists(bpf_rcu_read_lock) || bpf_ksym_exists(missing))
		missing();
	return 0;
}

SEC("syscall")
int wrong_guard(void *ctx)
{
	if (bpf_ksym_exists(bpf_rcu_read_lock))
		missing();
	return 0;
}

SEC("syscall")
int guard_in_variable(void *ctx)
{
	bool ok = bpf_ksym_exists(missing);
	int i;

	for (i = 0; i < 8; i++)
		sink += bpf_get_prandom_u32() & 1;
	if (ok)
		missing();
	return 0;
}

/* volatile: the guard goes through a stack slot. */
SEC("syscall")
int guard_on_stack(void *ctx)
{
	volatile bool ok = bpf_ksym_exists(missing);

	sink = bpf_get_prandom_u32();
	if (ok)
		missing();
	return 0;
}

SEC("syscall")
int guard_on_stack_wrong(void *ctx)
{
	volatile bool ok = bpf_ksym_exists(bpf_rcu_read_lock);

	sink = bpf_get_prandom_u32();
	if (ok)
		missing();
	return 0;
}

SEC("syscall")
int loop_guarded(void *ctx)
{
	int i;

	for (i = 0; i < 4; i++) {
		if (bpf_ksym_exists(missing))
			missing();
		sink += i;
	}
	return 0;
}

SEC("syscall")
int loop_unguarded(void *ctx)
{
	int i, n = bpf_get_prandom_u32() & 3;

	for (i = 0; i < n; i++) {
		if (i == 2)
			missing();
		sink += i;
	}
	return 0;
}

static __noinline int sub_guarded(int x)
{
	if (bpf_ksym_exists(missing))
		missing();
	return x + 1;
}

static __noinline int sub_unguarded(int x)
{
	missing();
	return x + 2;
}

static __noinline int sub_call_if(int ok)
{
	if (ok)
		missing();
	return ok + sink;
}

SEC("syscall")
int static_guarded(void *ctx)
{
	sink = sub_guarded(sink);
	return 0;
}

SEC("syscall")
int static_unguarded(void *ctx)
{
	sink = sub_unguarded(sink);
	return 0;
}

SEC("syscall")
int static_under_guard(void *ctx)
{
	if (bpf_ksym_exists(missing))
		sink = sub_unguarded(sink);
	return 0;
}

SEC("syscall")
int static_guard_argument(void *ctx)
{
	sink = sub_call_if(bpf_ksym_exists(missing));
	return 0;
}

__noinline int glob_guarded(int x)
{
	if (bpf_ksym_exists(missing))
		missing();
	return x + 3;
}

__noinline int glob_unguarded(int x)
{
	missing();
	return x + 4;
}

__noinline int glob_call_if(int ok)
{
	if (ok)
		missing();
	return ok + sink;
}

SEC("syscall")
int global_guarded(void *ctx)
{
	sink = glob_guarded(sink);
	return 0;
}

SEC("syscall")
int global_unguarded(void *ctx)
{
	sink = glob_unguarded(sink);
	return 0;
}

/* A global function behind a false guard is never verified (6.8+). */
SEC("syscall")
int global_under_guard(void *ctx)
{
	if (bpf_ksym_exists(missing))
		sink = glob_unguarded(sink);
	return 0;
}

/* Global functions are verified with any argument: the guard is lost. */
SEC("syscall")
int global_guard_argument(void *ctx)
{
	sink = glob_call_if(bpf_ksym_exists(missing));
	return 0;
}

static int loop_cb_guarded(__u64 i, void *ctx)
{
	if (bpf_ksym_exists(missing))
		missing();
	return 0;
}

static int loop_cb_unguarded(__u64 i, void *ctx)
{
	missing();
	return 0;
}

SEC("syscall")
int callback_guarded(void *ctx)
{
	bpf_loop(2, loop_cb_guarded, NULL, 0);
	return 0;
}

SEC("syscall")
int callback_unguarded(void *ctx)
{
	bpf_loop(2, loop_cb_unguarded, NULL, 0);
	return 0;
}

/* The skeleton's program table takes ksym variables as bound. */
#ifndef REACH_NO_KSYM_VARS
SEC("syscall")
int ksym_var_unguarded(void *ctx)
{
	const int *p = bpf_this_cpu_ptr(&bpf_ksym_var_missing);

	sink = *p;
	return 0;
}

SEC("syscall")
int ksym_var_guarded(void *ctx)
{
	const int *p;

	if (!bpf_ksym_exists(&bpf_ksym_var_missing))
		return 0;
	p = bpf_this_cpu_ptr(&bpf_ksym_var_missing);
	sink = *p;
	return 0;
}
#endif

/* Not autoloaded: fails alone, but not the object. */
SEC("?syscall")
int lazy_unguarded(void *ctx)
{
	missing();
	return 0;
}

char _license[] SEC("license") = "GPL";
