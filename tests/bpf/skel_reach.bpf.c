// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The guard corpus for the skeleton's program table (skel_progs.t): the
 * programs of reach_guards.bpf.c but those using a ksym variable, and
 * programs with as many bpf_ksym_exists() guards as the table enumerates,
 * and one more.
 */
#define REACH_NO_KSYM_VARS
#include "reach_guards.bpf.c"

extern void skel_missing0(void) __ksym __weak;
extern void skel_missing1(void) __ksym __weak;
extern void skel_missing2(void) __ksym __weak;
extern void skel_missing3(void) __ksym __weak;
extern void skel_missing4(void) __ksym __weak;
extern void skel_missing5(void) __ksym __weak;
extern void skel_missing6(void) __ksym __weak;
extern void skel_missing7(void) __ksym __weak;
extern void skel_missing8(void) __ksym __weak;
extern void skel_missing9(void) __ksym __weak;

/* Ten guards, the most the table enumerates. */
#define TEN_GUARDS							\
	(bpf_ksym_exists(skel_missing0) && bpf_ksym_exists(skel_missing1) &&	\
	 bpf_ksym_exists(skel_missing2) && bpf_ksym_exists(skel_missing3) &&	\
	 bpf_ksym_exists(skel_missing4) && bpf_ksym_exists(skel_missing5) &&	\
	 bpf_ksym_exists(skel_missing6) && bpf_ksym_exists(skel_missing7) &&	\
	 bpf_ksym_exists(skel_missing8) && bpf_ksym_exists(skel_missing9))

SEC("syscall")
int ten_guards(void *ctx)
{
	if (TEN_GUARDS)
		missing();
	return 0;
}

/* The same guards, but the call is outside them. */
SEC("syscall")
int ten_guards_wrong(void *ctx)
{
	if (TEN_GUARDS)
		sink++;
	missing();
	return 0;
}

/* 11 guards: not analysed, though the verifier prunes the call. */
SEC("syscall")
int many_guards(void *ctx)
{
	if (TEN_GUARDS && bpf_ksym_exists(missing))
		missing();
	return 0;
}
