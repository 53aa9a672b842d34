// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* A strong extern with the wrong prototype: the load fails. */
#include "oracle.h"

struct task_struct;

extern void bpf_rcu_read_lock(void) __ksym;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;

#define EXTERNS(X)			\
	X(bpf_rcu_read_lock)		\
	X(bpf_task_acquire)

ORACLE_PROGRAM(NONE, EXTERNS, NONE);
