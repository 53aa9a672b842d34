// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A typed ksym found in BTF: it loads only when kallsyms has its address
 * (CONFIG_KALLSYMS_ALL).
 */
#include "oracle.h"

struct rq {
	int cpu;
};

extern const struct rq runqueues __ksym __weak;

#define VARS(X) X(runqueues)

ORACLE_PROGRAM(NONE, NONE, VARS);
