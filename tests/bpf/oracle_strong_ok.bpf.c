// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Strong externs that resolve: the object loads. */
#include "oracle.h"

struct any_struct {
	int x;
};

extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock___any(void) __ksym;
extern int *bpf_iter_num_next___strong(struct any_struct *it) __ksym;

#define EXTERNS(X)			\
	X(bpf_rcu_read_lock)		\
	X(bpf_rcu_read_unlock___any)	\
	X(bpf_iter_num_next___strong)

ORACLE_PROGRAM(NONE, EXTERNS, NONE);
