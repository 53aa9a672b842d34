// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Weak kfunc externs: every way a prototype or a name can match or not. */
#include "oracle.h"

struct task_struct {
	int pid;
};

struct cgroup {
	long id;
};

struct bpf_iter_num {
	__u64 opaque;
};

struct undefined_task;

enum my_pid_type {
	MY_PIDTYPE_PID,
	MY_PIDTYPE_TGID,
};

typedef struct task_struct *task_ptr;
typedef task_ptr task_ptr2;
typedef int my_int;
typedef my_int my_int2;

/* Exact prototypes of this kernel's kfuncs. */
extern void bpf_rcu_read_lock(void) __ksym __weak;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym __weak;

/* Flavors, separators and non-separators. */
extern void bpf_rcu_read_lock___old(void) __ksym __weak;
extern void bpf_rcu_read_lock___v2___x(void) __ksym __weak;
extern void bpf_rcu_read_lock___(void) __ksym __weak;
extern void bpf_rcu_read_lock____x(void) __ksym __weak;
extern void bpf_rcu_read_lock___1(void) __ksym __weak;

/* Compatible by libbpf's rule. */
extern struct cgroup *bpf_task_acquire___cg(struct cgroup *p) __ksym __weak;
extern task_ptr2 bpf_task_acquire___td(task_ptr2 p) __ksym __weak;
extern int bpf_iter_num_new___u64(struct bpf_iter_num *it, __u64 start, char end) __ksym __weak;
extern int bpf_iter_num_new___td(struct bpf_iter_num *it, my_int2 start, const volatile int end) __ksym __weak;
extern int bpf_send_signal_task___enum(struct task_struct *task, int sig,
				       enum my_pid_type type, __u64 value) __ksym __weak;
extern long bpf_iter_num_new___ret(void *it, int start, int end) __ksym __weak;

/* Incompatible. */
extern void bpf_rcu_read_lock___arity(int x) __ksym __weak;
extern struct task_struct *bpf_task_acquire___int(long p) __ksym __weak;
extern struct undefined_task *bpf_task_acquire___fwd(struct undefined_task *p) __ksym __weak;
extern void bpf_task_acquire___void(struct task_struct *p) __ksym __weak;
extern int bpf_send_signal_task___int(struct task_struct *task, int sig, int type,
				      __u64 value) __ksym __weak;
extern int bpf_iter_num_new___enum(struct bpf_iter_num *it, enum my_pid_type start,
				   int end) __ksym __weak;
extern int bpf_iter_num_new___ptr(struct bpf_iter_num *it, int *start, int end) __ksym __weak;
extern struct task_struct **bpf_task_acquire___pp(struct task_struct *p) __ksym __weak;

/* Missing, and a kernel function that is not a kfunc. */
extern void bpf_no_such_kfunc(void) __ksym __weak;
extern void bpf_no_such_kfunc___v1(void) __ksym __weak;
extern int kfree(const void *p) __ksym __weak;
extern void kfree___void(const void *p) __ksym __weak;

#define EXTERNS(X)				\
	X(bpf_rcu_read_lock)			\
	X(bpf_task_acquire)			\
	X(bpf_iter_num_new)			\
	X(bpf_rcu_read_lock___old)		\
	X(bpf_rcu_read_lock___v2___x)		\
	X(bpf_rcu_read_lock___)			\
	X(bpf_rcu_read_lock____x)		\
	X(bpf_rcu_read_lock___1)		\
	X(bpf_task_acquire___cg)		\
	X(bpf_task_acquire___td)		\
	X(bpf_iter_num_new___u64)		\
	X(bpf_iter_num_new___td)		\
	X(bpf_send_signal_task___enum)		\
	X(bpf_iter_num_new___ret)		\
	X(bpf_rcu_read_lock___arity)		\
	X(bpf_task_acquire___int)		\
	X(bpf_task_acquire___fwd)		\
	X(bpf_task_acquire___void)		\
	X(bpf_send_signal_task___int)		\
	X(bpf_iter_num_new___enum)		\
	X(bpf_iter_num_new___ptr)		\
	X(bpf_task_acquire___pp)		\
	X(bpf_no_such_kfunc)			\
	X(bpf_no_such_kfunc___v1)		\
	X(kfree)				\
	X(kfree___void)

ORACLE_PROGRAM(EXTERNS, NONE, NONE);
