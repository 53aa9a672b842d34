// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The skeleton's program check against the kernel, for the skeleton SKEL
 * (a macro: skel_progs-NAME is built for skeleton NAME; valid C and C++).
 * With every program autoloaded, '?' sections too:
 *
 *   the lines of NAME__kfuncs_check(), then "check N"
 *   "sites N misplaced M"	libbpf 1.6 and later: of the N sites that the
 *				check read, the M that are not a relocated
 *				kfunc call or ld_imm64 ("sites none" before)
 *   "kernel PROG loads|fails"	each program loaded alone
 *   "disabled N"		NAME__kfuncs_disable_failing()
 *   "off PROG"			each program it turned autoload off for
 *   "load ERR"			NAME__load() of the others
 *
 * "skel_progs-NAME noload" loads nothing: the generated code alone, for
 * valgrind, which cannot see what the kernel writes into libbpf's buffers.
 * "skel_progs-NAME flip" inverts every byte of the read-only data after
 * each open, as an application setting it would, and does the same.
 *
 * Exit status: 0 when every step could run, 1 otherwise.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#define CAT_(a, b)	a##b
#define CAT(a, b)	CAT_(a, b)
#define STR_(x)		#x
#define STR(x)		STR_(x)
/* NAME##x, and struct NAME__kfunc_site */
#define S(x)		CAT(SKEL, x)
#define SITE		S(__kfunc_site)

#include STR(SKEL.skel.h)

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static bool flip;

/* Invert every byte of the read-only data of @skel. */
static void flip_rodata(struct SKEL *skel)
{
	struct bpf_map *map;
	unsigned char *data;
	size_t sz, i;

	bpf_object__for_each_map(map, skel->obj) {
		if (!bpf_map__is_internal(map) || !strstr(bpf_map__name(map), ".rodata"))
			continue;
		data = (unsigned char *)bpf_map__initial_value(map, &sz);
		for (i = 0; data && i < sz; i++)
			data[i] = ~data[i];
	}
}

/*
 * Open, with autoload on for @only, or for every program when NULL, and
 * the read-only data flipped when asked.
 */
static struct SKEL *open_autoload(const char *only)
{
	struct bpf_program *prog;
	struct SKEL *skel;

	skel = S(__open)();
	if (!skel) {
		fprintf(stderr, "open: %d\n", -errno);
		return NULL;
	}
	if (flip)
		flip_rodata(skel);
	bpf_object__for_each_program(prog, skel->obj)
		bpf_program__set_autoload(prog, !only ||
					  !strcmp(bpf_program__name(prog), only));
	return skel;
}

#if LIBBPF_MAJOR_VERSION > 1 || LIBBPF_MINOR_VERSION >= 6
/* libbpf's constant for a call of a kfunc that did not bind */
#define POISON_CALL_KFUNC_BASE 2002000000

static void check_sites(const struct SKEL *skel)
{
	const struct SITE *s;
	const struct bpf_insn *insn;
	struct bpf_program *prog;
	int n = 0, bad = 0;

	for (s = S(__kfunc_sites)(); s->prog; s++, n++) {
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
static void check_sites(const struct SKEL *skel)
{
	printf("sites none\n");
}
#endif

/* "kernel PROG loads|fails" for each program of @skel loaded alone. */
static int kernel_verdicts(const struct SKEL *skel)
{
	struct bpf_program *prog;
	struct SKEL *one;

	bpf_object__for_each_program(prog, skel->obj) {
		one = open_autoload(bpf_program__name(prog));
		if (!one)
			return 1;
		printf("kernel %s %s\n", bpf_program__name(prog),
		       S(__load)(one) ? "fails" : "loads");
		S(__destroy)(one);
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool load = argc < 2 || strcmp(argv[1], "noload");
	struct bpf_program *prog;
	struct SKEL *skel;
	int n, err, ret;

	flip = argc > 1 && !strcmp(argv[1], "flip");
	libbpf_set_print(quiet);
	skel = open_autoload(NULL);
	if (!skel)
		return 1;
	n = S(__kfuncs_check)(skel, stdout);
	printf("check %d\n", n);
	check_sites(skel);
	ret = load ? kernel_verdicts(skel) : 0;
	err = S(__kfuncs_disable_failing)(skel);
	printf("disabled %d\n", err);
	bpf_object__for_each_program(prog, skel->obj)
		if (!bpf_program__autoload(prog))
			printf("off %s\n", bpf_program__name(prog));
	if (load)
		printf("load %d\n", S(__load)(skel));
	S(__destroy)(skel);
	return ret || n < 0 || err < 0;
}
