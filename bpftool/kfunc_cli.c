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
	"base", NULL,
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

int kf_parse_targets(int *argc, char ***argv, struct kf_targets *t, bool fleet)
{
	struct kf_target *tgt;

	while (*argc > 0) {
		if (!strcmp(**argv, "kernel")) {
			tgt = target_add(t);
			if (!tgt)
				return -1;
			tgt->kind = KF_TARGET_RUNNING;
			(*argc)--;
			(*argv)++;
		} else if (!strcmp(**argv, "file")) {
			if (*argc < 2) {
				p_err("'file' needs a VMLINUX path");
				return -1;
			}
			tgt = target_add(t);
			if (!tgt)
				return -1;
			tgt->kind = KF_TARGET_FILES;
			tgt->path = strdup((*argv)[1]);
			if (!tgt->path) {
				p_err("out of memory");
				return -1;
			}
			*argc -= 2;
			*argv += 2;
			if (*argc > 0 && !strcmp(**argv, "modules")) {
				(*argc)--;
				(*argv)++;
				tgt->mods = *argv;
				while (*argc > 0 && !kf_is_keyword(**argv)) {
					tgt->mod_cnt++;
					(*argc)--;
					(*argv)++;
				}
				if (!tgt->mod_cnt) {
					p_err("'modules' needs at least one PATH");
					return -1;
				}
			}
		} else if (fleet && !strcmp(**argv, "kernels")) {
			if (*argc < 2) {
				p_err("'kernels' needs a DIR");
				return -1;
			}
			if (add_kernel_dirs(t, (*argv)[1]))
				return -1;
			*argc -= 2;
			*argv += 2;
		} else {
			break;
		}
	}
	return 0;
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

/* Emit what was written since kf_json_begin(), or drop it. */
void kf_json_end(bool emit)
{
	if (!json_output || !saved_wtr)
		return;
	/* jsonw_destroy() wants every object closed; output is dropped anyway. */
	free(json_wtr);
	json_wtr = saved_wtr;
	saved_wtr = NULL;
	fclose(json_mem);
	if (emit && json_len) {
		/* The outer writer emits its own separators: hand it raw text. */
		fwrite(json_buf, 1, json_len, stdout);
	}
	free(json_buf);
	json_buf = NULL;
	json_len = 0;
}
