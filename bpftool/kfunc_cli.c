// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Argument parsing and printing helpers shared by the kfunc commands. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <bpf/btf.h>

#include "json_writer.h"
#include "main.h"
#include "kfunc_cli.h"

/* main.c has it, main.h does not declare it. */
extern bool pretty_output;

static const char *const keywords[] = {
	"kernel", "file", "modules", "kernels", "policy", "name", "module",
	NULL,
};

bool kf_is_keyword(const char *word)
{
	int i;

	for (i = 0; keywords[i]; i++)
		if (!strcmp(word, keywords[i]))
			return true;
	return false;
}

static struct kf_target *target_add(struct kf_targets *t)
{
	struct kf_target *tmp = realloc(t->v, (t->cnt + 1) * sizeof(*tmp));

	if (!tmp) {
		p_err("out of memory");
		return NULL;
	}
	t->v = tmp;
	memset(&t->v[t->cnt], 0, sizeof(*t->v));
	return &t->v[t->cnt++];
}

static int dir_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "kernels DIR": one target per subdirectory, in name order. */
static int add_kernel_dirs(struct kf_targets *t, const char *dir)
{
	char **names = NULL, **tmp, path[PATH_MAX];
	struct kf_target *tgt;
	int n = 0, i, err = 0;
	struct dirent *d;
	struct stat st;
	DIR *dh;

	dh = opendir(dir);
	if (!dh) {
		p_err("%s: %s", dir, strerror(errno));
		return -1;
	}
	while ((d = readdir(dh))) {
		if (d->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, d->d_name) >= (int)sizeof(path) ||
		    stat(path, &st) || !S_ISDIR(st.st_mode))
			continue;
		tmp = realloc(names, (n + 1) * sizeof(*names));
		if (tmp) {
			names = tmp;
			names[n] = strdup(path);
		}
		if (!tmp || !names[n]) {
			p_err("out of memory");
			err = -1;
			break;
		}
		n++;
	}
	closedir(dh);
	if (!err && !n) {
		p_err("%s: no kernel directories in it", dir);
		err = -1;
	}
	if (n)
		qsort(names, n, sizeof(*names), dir_name_cmp);
	for (i = 0; i < n; i++) {
		tgt = err ? NULL : target_add(t);
		if (!tgt) {
			err = -1;
			free(names[i]);
			continue;
		}
		tgt->kind = KF_TARGET_DIR;
		tgt->path = names[i];
	}
	free(names);
	return err;
}

int kf_parse_targets(int *argcp, char ***argvp, struct kf_targets *t, bool fleet)
{
	char **argv = *argvp;
	int argc = *argcp, err = 0;
	struct kf_target *tgt;

	while (argc > 0 && !err) {
		/* "kernel" first: "kernels" is no prefix of it. */
		if (is_prefix(*argv, "kernel")) {
			NEXT_ARG();
			tgt = target_add(t);
			if (!tgt)
				return -1;
			tgt->kind = KF_TARGET_RUNNING;
		} else if (is_prefix(*argv, "file")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				return -1;
			tgt = target_add(t);
			if (!tgt)
				return -1;
			tgt->kind = KF_TARGET_FILES;
			tgt->path = strdup(GET_ARG());
			if (!tgt->path) {
				p_err("out of memory");
				return -1;
			}
			/* "module" is show's filter, not a prefix of "modules" here. */
			if (argc > 0 && strcmp(*argv, "module") && is_prefix(*argv, "modules")) {
				NEXT_ARG();
				tgt->mods = argv;
				for (; argc > 0 && !kf_is_keyword(*argv); NEXT_ARG())
					tgt->mod_cnt++;
				if (!tgt->mod_cnt) {
					p_err("'modules' needs at least one PATH");
					return -1;
				}
			}
		} else if (fleet && is_prefix(*argv, "kernels")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				return -1;
			err = add_kernel_dirs(t, GET_ARG());
		} else {
			break;
		}
	}
	*argcp = argc;
	*argvp = argv;
	return err;
}

void kf_targets_free(struct kf_targets *t)
{
	int i;

	for (i = 0; i < t->cnt; i++)
		free(t->v[i].path);
	free(t->v);
	t->v = NULL;
	t->cnt = 0;
}

int kf_target_load(const struct kf_target *t, const struct kf_load_opts *opts,
		   struct kf_kernel **k, struct kf_error *e)
{
	switch (t->kind) {
	case KF_TARGET_RUNNING:
		return kf_kernel_load_running(k, opts, e);
	case KF_TARGET_FILES:
		return kf_kernel_load_files(k, t->path, t->mods, t->mod_cnt, opts, e);
	default:
		return kf_kernel_load_dir(k, t->path, opts, e);
	}
}

void kf_kernel_warn_notes(const struct kf_kernel *k)
{
	size_t i;

	for (i = 0; i < k->note_cnt; i++)
		p_info("Warning: %s", k->notes[i]);
}

static json_writer_t *saved_wtr;
static char *json_buf;
static size_t json_len;
static FILE *json_mem;

int kf_json_begin(void)
{
	json_writer_t *w;

	if (!json_output)
		return 0;
	json_mem = open_memstream(&json_buf, &json_len);
	if (!json_mem) {
		p_err("out of memory");
		return -1;
	}
	w = jsonw_new(json_mem);
	if (!w) {
		fclose(json_mem);
		free(json_buf);
		json_buf = NULL;
		p_err("out of memory");
		return -1;
	}
	jsonw_pretty(w, pretty_output);
	saved_wtr = json_wtr;
	json_wtr = w;
	return 0;
}

/*
 * Emit what was written since kf_json_begin(), or drop it. Every object
 * and array opened since must be closed.
 */
void kf_json_end(bool emit)
{
	if (!json_output || !saved_wtr)
		return;
	jsonw_destroy(&json_wtr);
	json_wtr = saved_wtr;
	saved_wtr = NULL;
	fclose(json_mem);
	/* Raw text for the outer writer, without the newline of its end. */
	if (emit && json_len > 1)
		fwrite(json_buf, 1, json_len - 1, stdout);
	free(json_buf);
	json_buf = NULL;
	json_len = 0;
}
