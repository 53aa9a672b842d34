// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bpftool kfunc: the command table, its help, the show command, and what
 * the commands share: targets, warnings and buffered JSON.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "json_writer.h"
#include "main.h"
#include "kfunc.h"

/* bpftool kfunc: the command table and its help. */
static int do_help(int argc, char **argv)
{
	if (json_output) {
		jsonw_null(json_wtr);
		return 0;
	}

	fprintf(stderr,
		"Usage: %1$s %2$s { show | list } [name NAME] [module MODULE] [prog_type TYPE]\n"
		"                 [SOURCE]\n"
		"       %1$s %2$s resolve OBJECT... [TARGET...] [policy POLICY]\n"
		"                [loader LOADER]\n"
		"       %1$s %2$s override show [SOURCE]\n"
		"       %1$s %2$s override check MODULE_FILE [SOURCE]\n"
		"       %1$s %2$s diff SOURCE SOURCE [name NAME]\n"
		"       %1$s %2$s header { name NAME | object OBJECT } [TARGET...]\n"
		"       %1$s %2$s probe [name NAME] [module MODULE] [prog_type TYPE]\n"
		"       %1$s %2$s help\n"
		"\n"
		"       SOURCE := { kernel | file VMLINUX [modules PATH...] [probe FILE]\n"
		"                   [symbols FILE] }\n"
		"       TARGET := { SOURCE | kernel probe | kernels DIR }\n"
		"       POLICY := { libbpf | module-first | kernel-override }\n"
		"       LOADER := { libbpf | lskel | cilium | all }\n"
		"       " HELP_SPEC_OPTIONS " |\n"
		"                    {-B|--base-btf} }\n"
		"\n"
		"       'override' and the policies other than 'libbpf' model module\n"
		"       overrides as proposed upstream in May 2026: no kernel has them yet.\n"
		"",
		bin_name, "kfunc");

	return 0;
}

static const struct cmd cmds[] = {
	{ "show",	do_kfunc_show },
	{ "list",	do_kfunc_show },
	{ "resolve",	do_kfunc_resolve },
	{ "override",	do_kfunc_override },
	{ "diff",	do_kfunc_diff },
	{ "header",	do_kfunc_header },
	{ "probe",	do_kfunc_probe },
	{ "help",	do_help },
	{ 0 }
};

int do_kfunc(int argc, char **argv)
{
	int err, i;

	/* Only our own messages: one "Error:" line per failure. */
	if (!verifier_logs)
		libbpf_set_print(NULL);
	for (i = 0; argc && cmds[i].cmd && !is_prefix(*argv, cmds[i].cmd); i++)
		;
	if (argc && !cmds[i].cmd) {
		p_err("unknown command '%s'", *argv);
		/* The help is plain text; under -j the error object stands alone. */
		if (!json_output)
			do_help(argc, argv);
		return KF_EXIT_ERROR;
	}
	err = cmd_select(cmds, argc, argv, do_help);
	return err < 0 ? KF_EXIT_ERROR : err;
}

/* Argument parsing and printing helpers shared by the kfunc commands. */

static const char *const keywords[] = {
	"kernel", "file", "modules", "kernels", "policy", "loader", "name",
	"module", "object", "prog_type", "probe", "symbols", NULL,
};

bool kf_is_keyword(const char *word)
{
	int i;

	for (i = 0; keywords[i]; i++)
		if (!strcmp(word, keywords[i]))
			return true;
	return false;
}

/* DIR/NAME when it exists, else NULL; @err is set when out of memory. */
static char *dir_file(const char *dir, const char *name, int *err)
{
	char *path;

	if (asprintf(&path, "%s/%s", dir, name) < 0) {
		p_err("out of memory");
		*err = -1;
		return NULL;
	}
	if (!access(path, F_OK))
		return path;
	free(path);
	return NULL;
}

/* "WORD FILE" at the head of argv into @path, when WORD starts it. */
static int file_arg(int *argcp, char ***argvp, const char *word, char **path)
{
	char **argv = *argvp;
	int argc = *argcp;

	if (argc <= 0 || !is_prefix(*argv, word))
		return 0;
	NEXT_ARG();
	if (!REQ_ARGS(1))
		return -1;
	free(*path);
	*path = strdup(GET_ARG());
	if (!*path) {
		p_err("out of memory");
		return -1;
	}
	*argcp = argc;
	*argvp = argv;
	return 1;
}

static struct kf_target *target_add(struct kf_targets *t)
{
	struct kf_target *tgt;

	tgt = kf_grow((void **)&t->v, &t->cap, sizeof(*tgt), t->cnt);
	if (!tgt) {
		p_err("out of memory");
		return NULL;
	}
	return &t->v[t->cnt++];
}

/* "kernels DIR": one target per subdirectory, in name order. */
static int add_kernel_dirs(struct kf_targets *t, const char *dir)
{
	char **names = NULL, **name, path[PATH_MAX];
	struct kf_target *tgt;
	int n = 0, i, err = 0;
	size_t cap = 0;
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
		name = kf_grow((void **)&names, &cap, sizeof(*name), n);
		if (name)
			*name = strdup(path);
		if (!name || !*name) {
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
		qsort(names, n, sizeof(*names), kf_str_cmp);
	for (i = 0; i < n; i++) {
		tgt = err ? NULL : target_add(t);
		if (!tgt) {
			err = -1;
			free(names[i]);
			continue;
		}
		tgt->kind = KF_TARGET_DIR;
		tgt->path = names[i];
		/* A saved probe and kallsyms of that kernel, when there are. */
		tgt->probe_path = dir_file(names[i], KF_PROBE_FILE, &err);
		tgt->kallsyms_path = dir_file(names[i], KF_KALLSYMS_FILE, &err);
	}
	free(names);
	return err;
}

int kf_parse_targets(int *argcp, char ***argvp, struct kf_targets *t,
		     unsigned int flags)
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
			if ((flags & KF_PARSE_FLEET) && argc > 0 && is_prefix(*argv, "probe")) {
				NEXT_ARG();
				tgt->probe = true;
			}
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
			do {
				err = file_arg(&argc, &argv, "probe", &tgt->probe_path);
				if (!err)
					err = file_arg(&argc, &argv, "symbols", &tgt->kallsyms_path);
			} while (err > 0);
			if (err)
				return -1;
			if (tgt->kallsyms_path && !(flags & KF_PARSE_SYMBOLS)) {
				p_err("'symbols FILE' is for 'resolve'");
				return -1;
			}
		} else if ((flags & KF_PARSE_FLEET) && is_prefix(*argv, "kernels")) {
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

int kf_parse_filter(int *argcp, char ***argvp, struct kf_filter *f)
{
	char **argv = *argvp;
	int argc = *argcp;
	const char **slot;

	if (is_prefix(*argv, "name"))
		slot = &f->name_glob;
	else if (is_prefix(*argv, "prog_type"))
		slot = &f->prog_type;
	/* Exactly: a prefix of "module" is one of "modules" too. */
	else if (!strcmp(*argv, "module"))
		slot = &f->module;
	else
		return 0;
	NEXT_ARG();
	if (!REQ_ARGS(1))
		return -1;
	*slot = GET_ARG();
	*argcp = argc;
	*argvp = argv;
	return 1;
}

void kf_targets_free(struct kf_targets *t)
{
	int i;

	for (i = 0; i < t->cnt; i++) {
		free(t->v[i].path);
		free(t->v[i].probe_path);
		free(t->v[i].kallsyms_path);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
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

int kf_target_load_array(const struct kf_target *t, const struct kf_load_opts *opts,
			 struct kf_kernel **k, struct kf_error *e)
{
	int err;

	if (json_output)
		jsonw_start_array(json_wtr);
	err = kf_target_load(t, opts, k, e);
	if (json_output)
		jsonw_end_array(json_wtr);
	kf_json_end(!err);
	return err;
}

void kf_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "Warning: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

void kf_kernel_warn_notes(const struct kf_kernel *k)
{
	size_t i;

	for (i = 0; i < k->note_cnt; i++)
		kf_warn("%s", k->notes[i]);
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

/* bpftool kfunc show: the kfuncs of a kernel, one entry per source. */
struct show_ctx {
	struct kf_filter f;
	struct kf_probe *probe;	/* "prog_type": the running kernel's answers */
	size_t src_idx;
	size_t listed;
	bool module_seen;	/* a source of that name was loaded */
	bool no_evidence;	/* vmlinux tells no kfuncs apart */
	size_t uncallable;	/* listed kfuncs the verifier always rejects */
	size_t flags_unknown;	/* listed kfuncs of sources without .BTF_ids */
	struct kf_error err;
};

/* KF_IMPLICIT_ARGS without its NAME_impl FUNC: every call fails to verify. */
static bool impl_missing(const struct kf_kfunc *kf)
{
	return (kf->flags & KF_IMPLICIT_ARGS) && !kf->impl_id;
}

/* The verifier's message (find_kfunc_impl_proto) for such a kfunc. */
static char *impl_error(const struct kf_kfunc *kf)
{
	char *msg;

	if (strlen(kf->name) + strlen(KF_IMPL_SUFFIX) >= KF_KSYM_NAME_LEN) {
		if (asprintf(&msg, "function name %s%s is too long", kf->name,
			     KF_IMPL_SUFFIX) < 0)
			return NULL;
	} else if (asprintf(&msg, "cannot find function %s%s in BTF", kf->name,
			    KF_IMPL_SUFFIX) < 0) {
		return NULL;
	}
	return msg;
}

void kf_print_flags(const struct kf_kfunc *kf)
{
	const char *sep = "";
	unsigned int bit;

	for (bit = 0; bit < 32; bit++) {
		if (!(kf->flags & (1U << bit)))
			continue;
		if (json_output) {
			if (kf_flag_name(bit))
				jsonw_string(json_wtr, kf_flag_name(bit));
			else
				jsonw_printf(json_wtr, "\"bit%u\"", bit);
		} else {
			printf("%s", sep);
			if (kf_flag_name(bit))
				printf("%s", kf_flag_name(bit));
			else
				printf("bit%u", bit);
			sep = ",";
		}
	}
}

static void print_evidence(unsigned int evidence)
{
	if (json_output) {
		if (evidence & KF_EV_DECL_TAG)
			jsonw_string(json_wtr, "decl_tag");
		if (evidence & KF_EV_BTF_IDS)
			jsonw_string(json_wtr, "btf_ids");
		return;
	}
	printf("%s%s%s", evidence & KF_EV_DECL_TAG ? "decl_tag" : "",
	       (evidence & KF_EV_DECL_TAG) && (evidence & KF_EV_BTF_IDS) ? "," : "",
	       evidence & KF_EV_BTF_IDS ? "btf_ids" : "");
}

static int print_args(struct kf_ctype *ct, const struct btf *btf,
		      const struct btf_type *proto)
{
	const struct btf_param *p = btf_params(proto);
	const struct kf_annot *an;
	const char *name;
	__u16 i, n = btf_vlen(proto);
	char *type;

	for (i = 0; i < n; i++) {
		name = btf__name_by_offset(btf, p[i].name_off) ?: "";
		type = p[i].type ? kf_ctype_type(ct, p[i].type) : strdup("...");
		if (!type)
			return -1;
		an = kf_arg_annot(name);
		if (json_output) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "name", name);
			jsonw_string_field(json_wtr, "type", type);
			if (an) {
				jsonw_string_field(json_wtr, "annotation", an->tag);
				jsonw_string_field(json_wtr, "meaning", an->meaning);
			} else {
				jsonw_null_field(json_wtr, "annotation");
				jsonw_null_field(json_wtr, "meaning");
			}
			jsonw_end_object(json_wtr);
		} else if (an) {
			printf("\t%s: %s, %s\n", name, an->tag, an->meaning);
		}
		free(type);
	}
	return 0;
}

static void print_impl(const struct btf *btf, const struct kf_kfunc *kf,
		       const char *impl_decl, const char *impl_err)
{
	const struct btf_type *t;

	if (!json_output) {
		if (impl_decl)
			printf("\timpl %u: %s;\n", kf->impl_id, impl_decl);
		else if (impl_err)
			printf("\tnot callable: %s\n", impl_err);
		return;
	}
	jsonw_name(json_wtr, "impl");
	if (impl_decl) {
		t = btf__type_by_id(btf, kf->impl_id);
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name",
				   btf__name_by_offset(btf, t->name_off));
		jsonw_uint_field(json_wtr, "btf_id", kf->impl_id);
		jsonw_string_field(json_wtr, "prototype", impl_decl);
		jsonw_end_object(json_wtr);
	} else {
		jsonw_null(json_wtr);
	}
	jsonw_bool_field(json_wtr, "callable", !impl_err);
	if (impl_err)
		jsonw_string_field(json_wtr, "callable_error", impl_err);
	else
		jsonw_null_field(json_wtr, "callable_error");
}

/* @probe: for "prog_type", the types that may call @kf are listed too. */
static int show_kfunc(struct kf_ctype *ct, const struct kf_source *src,
		      size_t src_idx, const struct kf_kfunc *kf,
		      struct kf_probe *probe, struct kf_error *e)
{
	const struct btf_type *func = btf__type_by_id(src->btf, kf->btf_id);
	const struct btf_type *proto = btf__type_by_id(src->btf, func->type);
	char *decl, *ret, *impl_decl = NULL, *impl_err = NULL;
	int err = 0;

	if (!proto || !btf_is_func_proto(proto)) {
		return kf_error(e, EINVAL, "%s: FUNC %s [%u] without a prototype",
				src->path, kf->name, kf->btf_id);
	}
	decl = kf_ctype_func(ct, kf->btf_id);
	ret = kf_ctype_type(ct, proto->type);
	if (kf->impl_id)
		impl_decl = kf_ctype_func(ct, kf->impl_id);
	else if (impl_missing(kf))
		impl_err = impl_error(kf);
	if (!decl || !ret || (kf->impl_id && !impl_decl) ||
	    (impl_missing(kf) && !impl_err)) {
		err = kf_error(e, ENOMEM, "%s: cannot format the prototype of %s",
			       src->path, kf->name);
		goto out;
	}

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name", kf->name);
		jsonw_string_field(json_wtr, "source", src->name);
		jsonw_uint_field(json_wtr, "source_index", src_idx);
		if (src->obj_id)
			jsonw_uint_field(json_wtr, "btf_obj_id", src->obj_id);
		else
			jsonw_null_field(json_wtr, "btf_obj_id");
		jsonw_uint_field(json_wtr, "btf_id", kf->btf_id);
		jsonw_string_field(json_wtr, "prototype", decl);
		jsonw_string_field(json_wtr, "return", ret);
		jsonw_name(json_wtr, "args");
		jsonw_start_array(json_wtr);
		err = print_args(ct, src->btf, proto);
		jsonw_end_array(json_wtr);
		jsonw_name(json_wtr, "flags");
		if (kf->flags_known) {
			jsonw_start_array(json_wtr);
			kf_print_flags(kf);
			jsonw_end_array(json_wtr);
			jsonw_uint_field(json_wtr, "flags_raw", kf->flags);
		} else {
			jsonw_null(json_wtr);
			jsonw_null_field(json_wtr, "flags_raw");
		}
		jsonw_bool_field(json_wtr, "fastcall", kf->fastcall);
		print_impl(src->btf, kf, impl_decl, impl_err);
		jsonw_name(json_wtr, "evidence");
		jsonw_start_array(json_wtr);
		print_evidence(kf->evidence);
		jsonw_end_array(json_wtr);
		if (probe)
			kf_probe_print_types(probe, src, kf);
		jsonw_end_object(json_wtr);
	} else {
		printf("%u: %s  source %s", kf->btf_id, kf->name, src->name);
		if (kf->flags_known && kf->flags) {
			printf("  flags ");
			kf_print_flags(kf);
		}
		if (kf->fastcall)
			printf("  fastcall");
		printf("  evidence ");
		print_evidence(kf->evidence);
		printf("\n\t%s;\n", decl);
		err = print_args(ct, src->btf, proto);
		print_impl(src->btf, kf, impl_decl, impl_err);
		if (probe)
			kf_probe_print_types(probe, src, kf);
	}
	if (err)
		err = kf_error(e, ENOMEM, "out of memory");
out:
	free(decl);
	free(ret);
	free(impl_decl);
	free(impl_err);
	return err;
}

static int show_source(const struct kf_kernel *k, const struct kf_source *src,
		       void *data)
{
	struct show_ctx *ctx = data;
	size_t i, idx = ctx->src_idx++;
	struct kf_ctype *ct = NULL;
	int err = 0;

	if (idx == 0 && !src->evidence) {
		kf_warn("%s: no bpf_kfunc decl tags and no .BTF_ids kfunc sets: kfuncs cannot be told from other functions, none listed",
			src->path);
		ctx->no_evidence = true;
	}
	if (ctx->probe && idx == 0)
		err = kf_probe_setup(ctx->probe, src, ctx->f.prog_type, &ctx->err);
	if (err || (ctx->f.module && strcmp(ctx->f.module, src->name)))
		return err;
	ctx->module_seen = true;
	for (i = 0; i < src->kfunc_cnt && !err; i++) {
		if (ctx->f.name_glob && fnmatch(ctx->f.name_glob, src->kfuncs[i].name, 0))
			continue;
		if (ctx->probe) {
			err = kf_probe_allowed(ctx->probe, src, &src->kfuncs[i], &ctx->err);
			if (err <= 0)
				continue;
			err = 0;
		}
		/* Most modules have no kfunc: set up the printer on demand. */
		if (!ct) {
			ct = kf_ctype_new(src->btf);
			if (!ct) {
				err = kf_error(&ctx->err, ENOMEM, "out of memory");
				break;
			}
		}
		err = show_kfunc(ct, src, idx, &src->kfuncs[i], ctx->probe, &ctx->err);
		ctx->listed++;
		if (!src->kfuncs[i].flags_known)
			ctx->flags_unknown++;
		if (impl_missing(&src->kfuncs[i]))
			ctx->uncallable++;
	}
	kf_ctype_free(ct);
	return err;
}

int do_kfunc_show(int argc, char **argv)
{
	struct show_ctx ctx = {};
	struct kf_load_opts opts = { .each = show_source, .ctx = &ctx };
	struct kf_targets targets = {};
	struct kf_target running = { .kind = KF_TARGET_RUNNING };
	const struct kf_target *src;
	struct kf_kernel *k = NULL;
	int err = -1, taken;

	while (argc > 0) {
		taken = kf_parse_filter(&argc, &argv, &ctx.f);
		if (taken < 0)
			goto out;
		if (taken)
			continue;
		if (targets.cnt) {
			p_err("what is '%s'? (one SOURCE at most)", *argv);
			goto out;
		}
		if (kf_parse_targets(&argc, &argv, &targets, 0))
			goto out;
		if (!targets.cnt) {
			p_err("what is '%s'?", *argv);
			goto out;
		}
		if (targets.cnt > 1) {
			p_err("one SOURCE at most");
			goto out;
		}
	}

	src = targets.cnt ? &targets.v[0] : &running;
	if (src->probe_path && !ctx.f.prog_type) {
		p_err("'probe FILE' is for 'prog_type'");
		goto out;
	}
	if (ctx.f.prog_type && src->kind != KF_TARGET_RUNNING && !src->probe_path) {
		p_err("'prog_type' probes the running kernel: other sources need a saved probe ('probe FILE')");
		goto out;
	}
	if (ctx.f.prog_type) {
		ctx.probe = kf_probe_new();
		if (!ctx.probe) {
			p_err("out of memory");
			goto out;
		}
		if (src->probe_path && kf_probe_read(ctx.probe, src->probe_path, &ctx.err)) {
			p_err("%s", ctx.err.msg);
			goto out;
		}
	}
	if (kf_json_begin())
		goto out;
	err = kf_target_load_array(src, &opts, &k, &ctx.err);
	if (err) {
		p_err("%s", ctx.err.msg);
		goto out;
	}
	kf_kernel_warn_notes(k);
	if (ctx.probe)
		kf_probe_warn_refused(ctx.probe);
	if (ctx.f.module && !ctx.module_seen)
		kf_warn("no module '%s' in this kernel's BTF", ctx.f.module);
	else if (!ctx.listed && !ctx.no_evidence &&
		 (ctx.f.name_glob || ctx.f.module || ctx.f.prog_type))
		kf_warn("no kfunc matches the filters");
	/* JSON says so per kfunc ("flags": null). */
	if (ctx.flags_unknown && !json_output)
		kf_warn("KF_* flags unknown for %zu kfunc%s: only a kernel's ELF files have .BTF_ids ('file VMLINUX modules DIR')",
			ctx.flags_unknown, ctx.flags_unknown == 1 ? "" : "s");
	if (ctx.uncallable)
		kf_warn("%zu kfunc%s flagged implicit_args without a NAME%s FUNC in BTF: the verifier rejects every call",
			ctx.uncallable, ctx.uncallable == 1 ? "" : "s",
			KF_IMPL_SUFFIX);
out:
	kf_kernel_free(k);
	kf_probe_free(ctx.probe);
	kf_targets_free(&targets);
	return err ? KF_EXIT_ERROR : KF_EXIT_OK;
}
