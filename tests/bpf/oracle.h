/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Oracle objects: each extern listed in EXTERNS(X) gets a global ex_<name>
 * that the "probe" program sets to bpf_ksym_exists(<name>); the loader
 * reads them back after one test run.
 */
#ifndef __ORACLE_H
#define __ORACLE_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#define ORACLE_DECL(sym) __u32 ex_##sym;
#define ORACLE_SET(sym) ex_##sym = bpf_ksym_exists(sym);
#define ORACLE_SET_VAR(sym) ex_##sym = bpf_ksym_exists(&sym);
/*
 * bpf_ksym_exists() insists on __weak; for strong externs the barrier
 * keeps the address load the compiler would otherwise fold to 1.
 */
#define ORACLE_SET_STRONG(sym)					\
	({							\
		void *p = (void *)sym;				\
		asm volatile("" : "+r"(p));			\
		ex_##sym = !!p;					\
	});

#define ORACLE_PROGRAM(WEAK, STRONG, VARS)		\
	WEAK(ORACLE_DECL)				\
	STRONG(ORACLE_DECL)				\
	VARS(ORACLE_DECL)				\
	SEC("syscall")					\
	int probe(void *ctx)				\
	{						\
		WEAK(ORACLE_SET)			\
		STRONG(ORACLE_SET_STRONG)		\
		VARS(ORACLE_SET_VAR)			\
		return 0;				\
	}						\
	char _license[] SEC("license") = "GPL"

#define NONE(X)

#endif /* __ORACLE_H */
