/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Shared pieces of the kfunc subcommands: targets, prototypes, output. */
#ifndef __KFUNC_CLI_H
#define __KFUNC_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <linux/types.h>

#include "kfunc_ctype.h"
#include "kfunc_kernel.h"

struct btf;

/* Exit status of the kfunc commands. */
#define KF_EXIT_OK	0
#define KF_EXIT_FAIL	1	/* a load would fail, an override is invalid */
#define KF_EXIT_ERROR	2	/* usage or input error */

enum kf_target_kind {
	KF_TARGET_RUNNING,
	KF_TARGET_FILES,
	KF_TARGET_DIR,
};

struct kf_target {
	enum kf_target_kind kind;
	char *path;		/* vmlinux file, or kernel directory */
	char **mods;		/* points into argv */
	int mod_cnt;
};

struct kf_targets {
	struct kf_target *v;
	int cnt;
};

/*
 * Parse SOURCE words at the head of argv (and "kernels DIR" when @fleet):
 * stops at the first word that is not part of one. Returns 0, or -1 after
 * printing an error.
 */
int kf_parse_targets(int *argc, char ***argv, struct kf_targets *t, bool fleet);
void kf_targets_free(struct kf_targets *t);
/* Load @t; on failure @e says why (print it after kf_json_end()). */
int kf_target_load(const struct kf_target *t, const struct kf_load_opts *opts,
		   struct kf_kernel **k, struct kf_error *e);

/* The notes of @k as p_info() warnings: plain output only, as in bpftool. */
void kf_kernel_warn_notes(const struct kf_kernel *k);

/* Route JSON into memory until kf_json_end(), so errors replace it. */
int kf_json_begin(void);
void kf_json_end(bool emit);

bool kf_is_keyword(const char *word);

#endif /* __KFUNC_CLI_H */
