// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Argument suffixes (btf_param_match_suffix) and KF_* bits of Linux 6.1 to 7.3. */
#include <stddef.h>
#include <string.h>

#include "kfunc_annot.h"
#include "kfunc_error.h"

/* Every suffix any of these kernels reads; some only some kernels. */
static const struct kf_annot suffixes[] = {
	{ "__sz", "size of the previous pointer argument" },
	{ "__szk", "constant size of the previous pointer argument" },
	{ "__k", "known constant" },
	{ "__ign", "not checked by the verifier" },
	{ "__uninit", "uninitialized dynptr or iterator allowed" },
	{ "__alloc", "object allocated by the program" },
	{ "__opt", "buffer may be NULL" },
	{ "__nullable", "may be NULL" },
	{ "__str", "read-only constant string" },
	{ "__map", "pointer to a struct bpf_map" },
	{ "__const_map", "map the verifier knows as a constant" },
	{ "__iter", "pointer to an iterator" },
	{ "__prog", "program's aux data, supplied by the verifier" },
	{ "__irq_flag", "saved IRQ flags" },
	{ "__refcounted_kptr", "refcounted kptr" },
	{ "__nonown_allowed", "non-owning reference accepted" },
	{ "__arena", "arena pointer, may be NULL" },
	{ "__arena__nullable", "arena pointer, may be NULL" },
};

static const struct kf_annot exact_names[] = {
	{ "rdonly_buf_size", "size of the returned read-only buffer" },
	{ "rdwr_buf_size", "size of the returned read-write buffer" },
};

const struct kf_annot *kf_arg_annot(const char *name)
{
	const struct kf_annot *best = NULL;
	size_t len, sl, best_len = 0, i;

	if (!name)
		return NULL;
	len = strlen(name);
	for (i = 0; i < ARRAY_SIZE(exact_names); i++)
		if (!strcmp(name, exact_names[i].tag))
			return &exact_names[i];
	/*
	 * As the verifier, the name must be longer than the suffix; the
	 * longest one wins: "x__arena__nullable" is not only "__nullable".
	 */
	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		sl = strlen(suffixes[i].tag);
		if (len > sl && sl > best_len &&
		    !strcmp(name + len - sl, suffixes[i].tag)) {
			best = &suffixes[i];
			best_len = sl;
		}
	}
	return best;
}

/* Bits a later kernel dropped keep their old names. */
static const char *const flag_names[] = {
	[0] = "acquire",
	[1] = "release",
	[2] = "ret_null",
	[3] = "kptr_get",
	[4] = "trusted_args",
	[5] = "sleepable",
	[6] = "destructive",
	[7] = "rcu",
	[8] = "iter_new",
	[9] = "iter_next",
	[10] = "iter_destroy",
	[11] = "rcu_protected",
	[12] = "fastcall",
	[13] = "arena_ret",
	[14] = "arena_arg1",
	[15] = "arena_arg2",
	[16] = "implicit_args",
	[17] = "spinlock_safe",
	[18] = "perfmon",
};

const char *kf_flag_name(unsigned int bit)
{
	return bit < ARRAY_SIZE(flag_names) ? flag_names[bit] : NULL;
}
