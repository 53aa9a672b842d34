// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* A strong extern the kernel does not have: the load fails. */
#include "oracle.h"

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_no_such_kfunc(void) __ksym;

#define EXTERNS(X)			\
	X(bpf_rcu_read_lock)		\
	X(bpf_no_such_kfunc)

ORACLE_PROGRAM(NONE, EXTERNS, NONE);
