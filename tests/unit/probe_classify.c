// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kf_probe_classify() on verifier logs of probe programs: the logs of this
 * project's probes as a 6.18 kernel wrote them (log_level 2), and the
 * messages of the 7.3 verifier's checks, in the order it makes them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kfunc.h"
#include "unit_tap.h"

/* A probe's log up to and with its call of bpf_x#100, then @msg. */
#define CALL_LOG(msg)							\
	"func#0 @0\nLive regs before insn:\n"				\
	"      0: .12345.... (85) call bpf_x#100\n"			\
	"      1: .......... (b7) r0 = 0\n"				\
	"      2: 0......... (95) exit\n"				\
	"0: R1=ctx() R10=fp0\n0: (85) call bpf_x#100\n" msg

/* 7.3 at log_level 2: the program listed before the walk, a diagnostic after. */
#define CALL_LOG_73(msg)						\
	"subprog#0: analyzing (depth 0)...\nsubprog#0 p:\n"		\
	"  0: (85) call bpf_x#100\n  1: (b7) r0 = 0\n  2: (95) exit\n"	\
	CALL_LOG(msg)							\
	"\nVerification failed: Policy: Operation is not allowed\n\n"	\
	"Suggestion:\n  Use a kfunc allowed for this program type.\n\n"

#define STATS "processed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n"

static const struct {
	const char *name;
	int err;
	const char *log;
	enum kf_probe_verdict want;
	const char *why;	/* prefix of the message kept */
} cases[] = {
	{ "loaded", 0, "", KF_PROBE_ALLOWED, "" },
	{ "not in a set for the hook", -EACCES,
	  CALL_LOG("calling kernel function bpf_x is not allowed\n") STATS,
	  KF_PROBE_NOT_ALLOWED, "calling kernel function bpf_x is not allowed" },
	{ "not allowed, 7.3's log", -EACCES,
	  CALL_LOG_73("calling kernel function bpf_x is not allowed\n") STATS,
	  KF_PROBE_NOT_ALLOWED, "calling kernel function bpf_x is not allowed" },
	{ "refused before the call, 7.3's log", -EINVAL,
	  "subprog#0 p:\n  0: (85) call bpf_x#100\nunknown func\n"
	  "\nVerification failed: Program Structure\n\nSuggestion:\n  Fix it.\n" STATS,
	  KF_PROBE_UNKNOWN, "unknown func" },
	{ "sleepable only", -EACCES,
	  CALL_LOG("program must be sleepable to call sleepable kfunc bpf_x\n") STATS,
	  KF_PROBE_SLEEPABLE, "program must be sleepable" },
	{ "KF_PERFMON, 7.3's words", -EPERM,
	  CALL_LOG("bpf_x is allowed only to CAP_PERFMON and CAP_SYS_ADMIN\n") STATS,
	  KF_PROBE_PERFMON, "bpf_x is allowed only" },
	{ "an argument refused: past the kfunc checks", -EINVAL,
	  CALL_LOG("arg#0 pointer type STRUCT sock must point to scalar, or struct with scalar\n") STATS,
	  KF_PROBE_ALLOWED, "arg#0 pointer type" },
	{ "a register refused: past the kfunc checks", -EACCES,
	  CALL_LOG("R1 !read_ok\n") STATS, KF_PROBE_ALLOWED, "R1 !read_ok" },
	{ "a lock left held: past the kfunc checks", -EINVAL,
	  CALL_LOG("1: (b7) r0 = 0\n2: (95) exit\nbpf_rcu_read_unlock is missing\n") STATS,
	  KF_PROBE_ALLOWED, "1: (b7) r0 = 0" },
	{ "XDP metadata outside a device-bound program", -EINVAL,
	  "metadata kfuncs require device-bound program\n" STATS,
	  KF_PROBE_DEV_BOUND, "metadata kfuncs require device-bound" },
	{ "no CAP_BPF", -EPERM,
	  "calling kernel functions requires CAP_BPF or CAP_SYS_ADMIN\n",
	  KF_PROBE_NO_PRIV, "calling kernel functions requires CAP_BPF" },
	{ "EPERM without a log", -EPERM, "", KF_PROBE_NO_PRIV, "bpf(BPF_PROG_LOAD)" },
	{ "the verifier's trap", -EFAULT,
	  CALL_LOG("unexpected __bpf_trap() due to uninitialized variable?\n") STATS,
	  KF_PROBE_NOT_ALLOWED, "unexpected __bpf_trap()" },
	{ "destructive without CAP_SYS_BOOT: unknown", -EACCES,
	  CALL_LOG("destructive kfunc calls require CAP_SYS_BOOT capability\n") STATS,
	  KF_PROBE_UNKNOWN, "destructive kfunc calls" },
	{ "a verifier bug: unknown", -EFAULT,
	  CALL_LOG("verifier bug: kfunc descriptor not found for func_id 100\n") STATS,
	  KF_PROBE_UNKNOWN, "verifier bug" },
	{ "refused before the call: unknown, the last words kept", -EINVAL,
	  "func#0 @0\nOnly fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs can be sleepable\n" STATS,
	  KF_PROBE_UNKNOWN, "Only fentry/fexit/fmod_ret" },
	{ "kernel function not found at load: unknown", -EINVAL,
	  "kernel btf_id 100 is not a function\n" STATS "verification time 5 usec\n",
	  KF_PROBE_UNKNOWN, "kernel btf_id 100 is not a function" },
	{ "no log at all: unknown", -EINVAL, "", KF_PROBE_UNKNOWN, "no verifier log: Invalid argument" },
	{ "a call line and nothing after: unknown", -EINVAL,
	  "0: (85) call bpf_x#100\n", KF_PROBE_UNKNOWN, "0: (85) call bpf_x#100" },
	{ "'calling kernel function' without 'is not allowed'", -EINVAL,
	  CALL_LOG("calling kernel function bpf_x: something else\n"),
	  KF_PROBE_ALLOWED, "calling kernel function bpf_x: something" },
};

int main(void)
{
	enum kf_probe_verdict v;
	char why[KF_WHY_LEN], small[8];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		v = kf_probe_classify(cases[i].err, cases[i].log, why, sizeof(why));
		ok(v == cases[i].want && !strncmp(why, cases[i].why, strlen(cases[i].why)) &&
		   !strchr(why, '\n'),
		   "%s: %s (got %s: '%s')", cases[i].name,
		   kf_probe_verdict_str(cases[i].want), kf_probe_verdict_str(v), why);
	}
	v = kf_probe_classify(-EACCES, CALL_LOG("calling kernel function bpf_x is not allowed\n"),
			      small, sizeof(small));
	ok(v == KF_PROBE_NOT_ALLOWED && !strcmp(small, "calling"),
	   "a short buffer: the verdict, the message cut (got '%s')", small);
	ok(!strcmp(kf_probe_verdict_str(KF_PROBE_VERDICT_CNT), "unknown") &&
	   !strcmp(kf_probe_verdict_str(KF_PROBE_DEV_BOUND), "dev_bound"),
	   "verdict names, out of range too");
	return done_testing();
}
