/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * A typed ksym the verifier may find no address for: a per-CPU variable
 * of every kernel, which kallsyms lists only with CONFIG_KALLSYMS_ALL.
 * Weak unless REACH_KSYM_STRONG is defined.
 */
#ifndef __REACH_KSYM_H
#define __REACH_KSYM_H

struct rq {
	int cpu;
};

#ifdef REACH_KSYM_STRONG
extern const struct rq runqueues __ksym;
#else
extern const struct rq runqueues __ksym __weak;
#endif

#define this_rq() ((const struct rq *)bpf_this_cpu_ptr(&runqueues))

#endif /* __REACH_KSYM_H */
