// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Flavors of which only one can exist, one of them strong. */
#include "oracle.h"

struct task_struct {
	int pid;
};

extern struct task_struct *bpf_task_acquire___new(struct task_struct *p) __ksym;
extern struct task_struct *bpf_task_acquire___old(struct task_struct *p, int flags) __ksym __weak;

#define WEAK(X) X(bpf_task_acquire___old)
#define STRONG(X) X(bpf_task_acquire___new)

ORACLE_PROGRAM(WEAK, STRONG, NONE);
