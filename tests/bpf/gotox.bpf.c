// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Indirect jumps (gotox, 7.x) through jump tables in .jumptables, written
 * as the kernel's selftests write them (verifier_gotox.c): each table entry
 * is a byte offset into the program's section.
 */
#include <linux/bpf.h>
#include "reach.h"

#define __naked __attribute__((naked))
#define __clobber_all "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "memory"
/* BPF_JMP | BPF_JA | BPF_X, dst_reg r0: "gotox r0", which clang 19 lacks. */
#define GOTOX_R0 ".8byte 0x000000000000000d;"

/*
 * A table of two entries, the second calling a kfunc no kernel has; @select
 * points r0 at the entry to load. The verifier follows only the entries the
 * loaded offset may select.
 */
#define GOTOX_PROG(name, select)					\
SEC("socket")								\
__naked int name(void)							\
{									\
	asm volatile (							\
	".pushsection .jumptables,\"\",@progbits;"			\
"jt0_%=: .quad l0_%= - socket;"						\
	".quad l1_%= - socket;"						\
	".size jt0_%=, 16;"						\
	".global jt0_%=;"						\
	".popsection;"							\
	select								\
	"r0 = *(u64 *)(r0 + 0);"					\
	GOTOX_R0							\
"l0_%=: r0 = 0;"							\
	"exit;"								\
"l1_%=: call %[absent];"						\
	"r0 = 1;"							\
	"exit;"								\
	:								\
	: [absent] "i"(missing)						\
	: __clobber_all);						\
}

/* Entry 0: the call is not reached. */
GOTOX_PROG(gotox_entry_0, "r0 = jt0_%= ll;")

/*
 * Both entries guard the call with bpf_ksym_exists(), and the gotox is the
 * last instruction of the function.
 */
SEC("xdp")
__naked int gotox_guarded(void)
{
	asm volatile (
	".pushsection .jumptables,\"\",@progbits;"
"jt0_%=: .quad l0_%= - xdp;"
	".quad l1_%= - xdp;"
	".size jt0_%=, 16;"
	".global jt0_%=;"
	".popsection;"
	"r0 = jt0_%= ll;"
	"r0 = *(u64 *)(r0 + 0);"
	"goto end_%=;"
"l0_%=: r0 = 0;"
	"exit;"
"l1_%=: r1 = %[absent] ll;"
	"if r1 == 0 goto l0_%=;"
	"call %[absent];"
	"r0 = 1;"
	"exit;"
"end_%=:"
	GOTOX_R0
	:
	: [absent] "i"(missing)
	: __clobber_all);
}

/* Entry 1: the call is reached. */
GOTOX_PROG(gotox_entry_1, "r0 = jt0_%= ll; r0 += 8;")

/* An offset the packet decides, 0 or 8: both entries are followed. */
GOTOX_PROG(gotox_any_entry, "r2 = *(u32 *)(r1 + 0); r2 &= 8;"
	   "r0 = jt0_%= ll; r0 += r2;")

/* A C use of the extern, for its BTF, which inline asm does not emit. */
SEC("tc")
int plain_guarded(void *ctx)
{
	if (bpf_ksym_exists(missing))
		missing();
	return 0;
}

char _license[] SEC("license") = "GPL";
