/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * Guard patterns around kfunc calls, for kfunc resolve's per program
 * verdict against the verifier's. bpf_kfunc_does_not_exist and friends are
 * kfuncs no kernel has; the others are kfuncs of the kernels under test.
 * Programs are syscall programs that the loader loads one at a time.
 */
#ifndef __REACH_H
#define __REACH_H

#include <bpf/bpf_helpers.h>

extern void bpf_kfunc_does_not_exist(void) __ksym __weak;
extern int bpf_kfunc_also_missing(int x) __ksym __weak;
extern void bpf_kfunc_missing___a(void) __ksym __weak;
extern void bpf_kfunc_missing___b(void) __ksym __weak;
extern const int bpf_ksym_var_missing __ksym __weak;

#define missing bpf_kfunc_does_not_exist

#endif /* __REACH_H */
