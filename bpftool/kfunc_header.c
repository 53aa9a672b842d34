// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bpftool kfunc header: kfunc extern declarations for BPF programs that
 * run on a fleet of kernels, one name___flavor per prototype variant.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "main.h"
#include "kfunc.h"

/* Type walks stop there: kernel prototypes are shallow. */
#define FWD_DEPTH	16

struct header_run {
	struct kf_kernel **ks;
	size_t kernel_cnt;
	char **fwds;		/* "struct foo" forward declarations */
	size_t fwd_cnt;
	size_t fwd_cap;
};

static int add_fwd(struct header_run *run, const char *kw, const char *name)
{
	char **slot, *s;
	size_t i;

	if (asprintf(&s, "%s %s", kw, name) < 0)
		return -1;
	for (i = 0; i < run->fwd_cnt; i++) {
		if (!strcmp(run->fwds[i], s)) {
			free(s);
			return 0;
		}
	}
	slot = kf_grow((void **)&run->fwds, &run->fwd_cap, sizeof(*slot), run->fwd_cnt);
	if (!slot) {
		free(s);
		return -1;
	}
	*slot = s;
	run->fwd_cnt++;
	return 0;
}

/*
 * Structs and unions a prototype names, behind pointers and qualifiers, in
 * arguments of function pointers too: declared ahead, they need no
 * vmlinux.h of the kernel the prototype comes from.
 */
static int collect_fwds(struct header_run *run, const struct btf *btf,
			__u32 id, int depth)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_param *p;
	const char *name;
	__u16 i;

	if (!t || !id || depth > FWD_DEPTH)
		return 0;
	name = btf__name_by_offset(btf, t->name_off);
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return collect_fwds(run, btf, t->type, depth + 1);
	case BTF_KIND_FUNC_PROTO:
		p = btf_params(t);
		for (i = 0; i < btf_vlen(t); i++)
			if (collect_fwds(run, btf, p[i].type, depth + 1))
				return -1;
		return collect_fwds(run, btf, t->type, depth + 1);
	case BTF_KIND_STRUCT:
		return name && *name ? add_fwd(run, "struct", name) : 0;
	case BTF_KIND_UNION:
		return name && *name ? add_fwd(run, "union", name) : 0;
	case BTF_KIND_FWD:
		return name && *name ?
			add_fwd(run, btf_kflag(t) ? "union" : "struct", name) : 0;
	default:
		return 0;
	}
}

/*
 * @name with the flavor of a prototype: 'p' and the hash of the prototype
 * under a fixed name, the same for that prototype in any fleet, so that
 * BPF source need not change when the fleet does.
 */
static char *flavored(struct kf_ctype *ct, const char *name, __u32 btf_id)
{
	char *proto = kf_ctype_func_as(ct, btf_id, "f"), *s;

	if (!proto)
		return NULL;
	if (asprintf(&s, "%s___p%08x", name, (__u32)str_hash(proto)) < 0)
		s = NULL;
	free(proto);
	return s;
}

static void print_kernels(FILE *out, const struct header_run *run,
			  const struct kf_fleet_entry *en, int variant)
{
	const char *sep = "";
	size_t k;

	for (k = 0; k < run->kernel_cnt; k++) {
		if (en->variant[k] != variant)
			continue;
		fprintf(out, "%s%s (%s)", sep, run->ks[k]->name, en->at[k].src->name);
		sep = ", ";
	}
}

/*
 * An extern for each variant. A name the same on every kernel is declared
 * once, strong, under its own name unless that has a flavor separator
 * itself: libbpf would strip it, so it gets a flavor too.
 */
static int print_entry(FILE *out, struct header_run *run,
		       const struct kf_fleet_entry *en)
{
	bool once = en->everywhere && en->variant_cnt == 1;
	const struct kf_provider *p;
	struct kf_ctype *ct;
	char *name, *decl;
	size_t len = strlen(en->name);
	int v;

	if (!en->variant_cnt) {
		fprintf(out, "/* %s: on no kernel */\n", en->name);
		return 0;
	}
	if (en->name[len - 1] == '_' && (!once || strstr(en->name, "___"))) {
		fprintf(out, "/* %s: no flavor reaches a name ending in '_' */\n", en->name);
		return 0;
	}
	for (v = 0; v < (int)en->variant_cnt; v++) {
		p = &en->at[en->rep[v]];
		ct = kf_ctype_new(p->src->btf);
		if (!ct)
			name = NULL;
		else if (once && !strstr(en->name, "___"))
			name = strdup(en->name);
		else
			name = flavored(ct, en->name, p->kf->btf_id);
		decl = name ? kf_ctype_func_as(ct, p->kf->btf_id, name) : NULL;
		kf_ctype_free(ct);
		if (!decl ||
		    collect_fwds(run, p->src->btf, btf__type_by_id(p->src->btf,
								   p->kf->btf_id)->type, 0)) {
			free(name);
			free(decl);
			return -1;
		}
		fprintf(out, "/* %s: ", en->name);
		print_kernels(out, run, en, v);
		fprintf(out, " */\nextern %s __ksym%s;\n", decl, once ? "" : " __weak");
		free(name);
		free(decl);
	}
	return 0;
}

static int load_fleet(struct header_run *run, const struct kf_targets *t)
{
	struct kf_load_opts opts = { .keep_modules = true };
	struct kf_error e = {};
	int i;

	run->ks = calloc(t->cnt, sizeof(*run->ks));
	if (!run->ks) {
		p_err("out of memory");
		return -1;
	}
	for (i = 0; i < t->cnt; i++) {
		if (kf_target_load(&t->v[i], &opts, &run->ks[i], &e)) {
			p_err("%s", e.msg);
			return -1;
		}
		run->kernel_cnt++;
	}
	return 0;
}

/* The essential names of @path's kfunc externs, sorted. */
static int object_names(const char *path, char ***names, size_t *cnt)
{
	struct kf_object *obj;
	struct kf_error e = {};
	size_t i, cap = 0;
	char **slot;

	if (kf_object_open(&obj, path, &e)) {
		p_err("%s", e.msg);
		return -1;
	}
	for (i = 0; i < obj->extern_cnt; i++) {
		if (obj->externs[i].kind != KF_EXT_KFUNC)
			continue;
		slot = kf_grow((void **)names, &cap, sizeof(*slot), *cnt);
		if (slot)
			*slot = strdup(obj->externs[i].essent_name);
		if (!slot || !*slot) {
			kf_object_free(obj);
			p_err("out of memory");
			return -1;
		}
		(*cnt)++;
	}
	kf_object_free(obj);
	if (!*cnt) {
		p_err("%s: no kfunc externs", path);
		return -1;
	}
	qsort(*names, *cnt, sizeof(**names), kf_str_cmp);
	return 0;
}

static int print_header(struct header_run *run, const struct kf_fleet *f)
{
	size_t i, k, len = 0;
	char *body = NULL;
	int err = 0;
	FILE *out;

	/* Declarations go after the forward declarations they collect. */
	out = open_memstream(&body, &len);
	if (!out)
		return -1;
	for (i = 0; i < f->cnt && !err; i++)
		err = print_entry(out, run, &f->entries[i]);
	if (fclose(out) || err) {
		free(body);
		return -1;
	}
	printf("/* kfunc declarations for kernels:");
	for (k = 0; k < run->kernel_cnt; k++)
		printf(" %s%s", run->ks[k]->name, k + 1 < run->kernel_cnt ? "," : "");
	printf(" */\n"
	       "/*\n"
	       " * A kfunc of one prototype on every kernel is declared once; others\n"
	       " * get a __weak name___pHASH per prototype libbpf tells apart, HASH that\n"
	       " * of the prototype: call the one bpf_ksym_exists() finds.\n"
	       " * Include vmlinux.h and bpf_helpers.h first: the structs declared here\n"
	       " * must be defined, libbpf binds no forward declaration to a kernel struct.\n"
	       " * Define BPF_NO_KFUNC_PROTOTYPES before a vmlinux.h of bpftool 7.5 or\n"
	       " * later: its own kfunc declarations are those of one kernel.\n"
	       " */\n"
	       "#ifndef __KFUNC_FLEET_H\n#define __KFUNC_FLEET_H\n\n");
	for (i = 0; i < run->fwd_cnt; i++)
		printf("%s;\n%s", run->fwds[i], i + 1 == run->fwd_cnt ? "\n" : "");
	printf("%s\n#endif /* __KFUNC_FLEET_H */\n", body);
	free(body);
	return 0;
}

int do_kfunc_header(int argc, char **argv)
{
	struct kf_target running = { .kind = KF_TARGET_RUNNING };
	const char *glob = NULL, *obj_path = NULL;
	struct kf_targets targets = {};
	struct header_run run = {};
	struct kf_fleet f = {};
	struct kf_error e = {};
	char **names = NULL;
	size_t name_cnt = 0, i;
	int err = -1;

	while (argc > 0) {
		if (is_prefix(*argv, "name")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				goto out;
			glob = GET_ARG();
			continue;
		}
		if (is_prefix(*argv, "object")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				goto out;
			obj_path = GET_ARG();
			continue;
		}
		if (kf_parse_targets(&argc, &argv, &targets, KF_PARSE_FLEET))
			goto out;
		if (argc > 0 && !is_prefix(*argv, "name") && !is_prefix(*argv, "object")) {
			p_err("what is '%s'?", *argv);
			goto out;
		}
	}
	if (!glob == !obj_path) {
		p_err("expected one of 'name NAME' or 'object OBJECT'");
		goto out;
	}
	if (obj_path && object_names(obj_path, &names, &name_cnt))
		goto out;
	if (!targets.cnt) {
		targets.v = &running;
		targets.cnt = 1;
	}
	if (load_fleet(&run, &targets))
		goto out;
	if (kf_fleet_analyze((const struct kf_kernel *const *)run.ks, run.kernel_cnt,
			     glob, names, name_cnt, &f, &e)) {
		p_err("%s", e.msg);
		goto out;
	}
	for (i = 0; i < run.kernel_cnt; i++)
		kf_kernel_warn_notes(run.ks[i]);
	if (!f.cnt) {
		p_err("no kfunc named '%s' on any kernel", glob);
		goto out;
	}
	err = print_header(&run, &f);
	if (err)
		p_err("out of memory");
out:
	kf_fleet_free(&f);
	for (i = 0; i < run.kernel_cnt; i++)
		kf_kernel_free(run.ks[i]);
	free(run.ks);
	for (i = 0; i < run.fwd_cnt; i++)
		free(run.fwds[i]);
	free(run.fwds);
	for (i = 0; i < name_cnt; i++)
		free(names[i]);
	free(names);
	if (targets.v != &running)
		kf_targets_free(&targets);
	return err ? KF_EXIT_ERROR : KF_EXIT_OK;
}
