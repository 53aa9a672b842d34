/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * The code of a BPF object: program sections, their functions, the
 * relocations that name ksym externs and subprograms, and line info.
 */
#ifndef __KFUNC_PROG_H
#define __KFUNC_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <linux/bpf.h>
#include <linux/types.h>

#include "kfunc_error.h"
#include "kfunc_file.h"

struct btf;
struct kf_extern;

/* Largest section analyzed: the verifier's limit on processed insns. */
#define KF_CODE_MAX_INSNS	1000000

/* kf_insn_aux.flags */
#define KF_INSN_RELOC	(1U << 0)	/* patched at load: operand value unknown */
#define KF_INSN_LDHI	(1U << 1)	/* second half of an ld_imm64 */
#define KF_INSN_LEADER	(1U << 2)	/* a jump target, or after a branch */

struct kf_insn_aux {
	__s32 ext;	/* extern its relocation names, or -1 */
	__s32 callee;	/* function a pseudo call or func address names, or -1 */
	__u32 flags;	/* KF_INSN_* */
};

struct kf_line {
	__u32 insn;
	const char *file;	/* in the object's BTF */
	__u32 line;
};

struct kf_code_sec {
	char *name;
	struct bpf_insn *insns;
	struct kf_insn_aux *aux;
	__u32 cnt;
	struct kf_line *lines;	/* by insn */
	size_t line_cnt;
};

struct kf_func {
	char *name;
	size_t sec;
	__u32 start, end;	/* insn range in the section */
	bool global;		/* BTF linkage global: verified on its own */
};

struct kf_prog {
	size_t func;		/* entry function */
	bool autoload;		/* section name without a '?' prefix */
};

struct kf_code {
	struct kf_code_sec *secs;
	size_t sec_cnt;
	struct kf_func *funcs;	/* by section, then start */
	size_t func_cnt;
	struct kf_prog *progs;	/* functions of sections other than .text */
	size_t prog_cnt;
};

/*
 * Read the executable sections of @kelf with their relocations against
 * @symtab. @externs (with their symbol indexes) name the extern
 * relocations; @btf gives function linkage and line info file names.
 */
int kf_code_load(struct kf_code *code, const struct kf_elf *kelf,
		 const struct kf_section *symtab, const struct btf *btf,
		 const struct kf_extern *externs, size_t extern_cnt,
		 const char *path, struct kf_error *e);
void kf_code_free(struct kf_code *code);

/* The line info record covering @insn of section @sec, or NULL. */
const struct kf_line *kf_code_line(const struct kf_code *code, size_t sec,
				   __u32 insn);
/* The function holding @insn of section @sec, or NULL. */
const struct kf_func *kf_code_func(const struct kf_code *code, size_t sec,
				   __u32 insn);

/*
 * Set @ld[ext] and @call[ext] for the externs that an ld_imm64 or a call
 * names in the code program @prog may run: its entry function and every
 * function a call or a function address there names, transitively, whether
 * or not the verifier would reach it. Returns 0 or -ENOMEM.
 */
int kf_code_prog_externs(const struct kf_code *code, size_t prog, bool *ld,
			 bool *call);

#endif /* __KFUNC_PROG_H */
