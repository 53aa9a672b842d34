// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The skeleton's program check against the kernel, for skel_reach (valid
 * C and C++). With every program autoloaded, '?' sections too:
 *
 *   the lines of skel_reach__kfuncs_check(), then "check N"
 *   "sites N misplaced M"	libbpf 1.6 and later: of the N sites that the
 *				check read, the M that are not a relocated
 *				kfunc call or ld_imm64 ("sites none" before)
 *   "kernel PROG loads|fails"	each program loaded alone
 *   "disabled N"		skel_reach__kfuncs_disable_failing()
 *   "off PROG"			each program it turned autoload off for
 *   "load ERR"			skel_reach__load() of the others
 *
 * "skel_progs noload" loads nothing: the generated code alone, for valgrind,
 * which cannot see what the kernel writes into libbpf's buffers.
 *
 * Exit status: 0 when every step could run, 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "skel_reach.skel.h"

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

/* Open, with autoload on for @only, or for every program when NULL. */
static struct skel_reach *open_autoload(const char *only)
{
	struct bpf_program *prog;
	struct skel_reach *skel;

	skel = skel_reach__open();
	if (!skel) {
		fprintf(stderr, "open: %d\n", -errno);
		return NULL;
	}
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, !only ||
					  !strcmp(bpf_program__name(prog), only));
	return skel;
}

#if LIBBPF_MAJOR_VERSION > 1 || LIBBPF_MINOR_VERSION >= 6
/* libbpf's constant for a call of a kfunc that did not bind */
#define POISON_CALL_KFUNC_BASE 2002000000

static void sites(const struct skel_reach *skel)
{
	const struct skel_reach__kfunc_site *s;
	const struct bpf_insn *insn;
	struct bpf_program *prog;
	int n = 0, bad = 0;

	for (s = skel_reach__kfunc_sites(); s->prog; s++, n++) {
		prog = bpf_object__find_program_by_name(skel->obj, s->prog);
		if (!prog || s->insn >= bpf_program__insn_cnt(prog)) {
			bad++;
			continue;
		}
		insn = bpf_program__insns(prog) + s->insn;
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insn->code == (BPF_JMP | BPF_CALL) &&
		    (insn->src_reg == BPF_PSEUDO_KFUNC_CALL ||
		     (!insn->src_reg && insn->imm >= POISON_CALL_KFUNC_BASE)))
			continue;
		bad++;
	}
	printf("sites %d misplaced %d\n", n, bad);
}
#else
static void sites(const struct skel_reach *skel)
{
	printf("sites none\n");
}
#endif

/* "kernel PROG loads|fails" for each program of @skel loaded alone. */
static int kernel_verdicts(const struct skel_reach *skel)
{
	struct bpf_program *prog;
	struct skel_reach *one;

	bpf_object__for_each_program(prog, skel->obj) {
		one = open_autoload(bpf_program__name(prog));
		if (!one)
			return 1;
		printf("kernel %s %s\n", bpf_program__name(prog),
		       skel_reach__load(one) ? "fails" : "loads");
		skel_reach__destroy(one);
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool load = argc < 2 || strcmp(argv[1], "noload");
	struct bpf_program *prog;
	struct skel_reach *skel;
	int n, err, ret;

	libbpf_set_print(quiet);
	skel = open_autoload(NULL);
	if (!skel)
		return 1;
	n = skel_reach__kfuncs_check(skel, stdout);
	printf("check %d\n", n);
	sites(skel);
	ret = load ? kernel_verdicts(skel) : 0;
	err = skel_reach__kfuncs_disable_failing(skel);
	printf("disabled %d\n", err);
	bpf_object__for_each_program(prog, skel->obj)
		if (!bpf_program__autoload(prog))
			printf("off %s\n", bpf_program__name(prog));
	if (load)
		printf("load %d\n", skel_reach__load(skel));
	skel_reach__destroy(skel);
	return ret || n < 0 || err < 0;
}
