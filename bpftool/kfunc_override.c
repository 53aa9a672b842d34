// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "json_writer.h"
#include "main.h"
#include "kfunc.h"

/*
 * bpftool kfunc override { show | check }: kfunc names several sources
 * provide, which copies libbpf shadows today, whether each module's copy is
 * a valid override under the rule proposed upstream in May 2026 (exactly
 * the same prototype as the one it replaces; no kernel implements it yet)
 * and what each binding policy picks.
 */
static void json_binding(const char *field, const struct kf_ovr_link *l)
{
	jsonw_name(json_wtr, field);
	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "source", l->src->name);
	jsonw_uint_field(json_wtr, "btf_id", l->btf_id);
}

static void json_str_or_null(const char *field, const char *s)
{
	if (s && *s)
		jsonw_string_field(json_wtr, field, s);
	else
		jsonw_null_field(json_wtr, field);
}

static void json_entry(const struct kf_ovr_entry *en, char *const *protos)
{
	const struct kf_ovr_link *l;
	size_t i;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", en->name);
	jsonw_bool_field(json_wtr, "in_vmlinux", en->in_vmlinux);
	jsonw_bool_field(json_wtr, "valid", en->ok);
	jsonw_name(json_wtr, "providers");
	jsonw_start_array(json_wtr);
	for (i = 0; i < en->link_cnt; i++) {
		l = &en->links[i];
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "source", l->src->name);
		if (l->src->obj_id)
			jsonw_uint_field(json_wtr, "btf_obj_id", l->src->obj_id);
		else
			jsonw_null_field(json_wtr, "btf_obj_id");
		jsonw_uint_field(json_wtr, "btf_id", l->btf_id);
		jsonw_string_field(json_wtr, "prototype", protos[i]);
		jsonw_string_field(json_wtr, "verdict", kf_ovr_verdict_str(l->verdict));
		jsonw_bool_field(json_wtr, "valid", l->verdict == KF_OVR_FIRST ||
				 l->verdict == KF_OVR_VALID);
		if (l->against >= 0)
			jsonw_string_field(json_wtr, "against",
					   en->links[l->against].src->name);
		else
			jsonw_null_field(json_wtr, "against");
		json_str_or_null("reason", l->verdict == KF_OVR_VALID ? NULL : l->why);
		json_str_or_null("note", l->note);
		if (l->against >= 0)
			jsonw_bool_field(json_wtr, "libbpf_compatible", l->libbpf_compat);
		else
			jsonw_null_field(json_wtr, "libbpf_compatible");
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);

	jsonw_name(json_wtr, "bindings");
	jsonw_start_object(json_wtr);
	json_binding("libbpf", &en->links[en->libbpf]);
	jsonw_name(json_wtr, "shadowed");
	jsonw_start_array(json_wtr);
	for (i = 0; i < en->link_cnt; i++)
		if ((int)i != en->libbpf)
			jsonw_string(json_wtr, en->links[i].src->name);
	jsonw_end_array(json_wtr);
	jsonw_end_object(json_wtr);
	json_binding("module_first", &en->links[en->module_first]);
	jsonw_end_object(json_wtr);
	jsonw_name(json_wtr, "kernel_override");
	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "btf_source", en->links[en->kernel_btf].src->name);
	jsonw_uint_field(json_wtr, "btf_id", en->links[en->kernel_btf].btf_id);
	jsonw_string_field(json_wtr, "impl_source", en->links[en->kernel_impl].src->name);
	jsonw_end_object(json_wtr);
	jsonw_end_object(json_wtr);
	jsonw_end_object(json_wtr);
}

static void plain_entry(const struct kf_ovr_entry *en, char *const *protos)
{
	const struct kf_ovr_link *l;
	const char *sep = "";
	size_t i;

	printf("%s:", en->name);
	for (i = 0; i < en->link_cnt; i++)
		printf(" %s%s", i ? "-> " : "", en->links[i].src->name);
	printf("%s\n", en->ok ? "" : "  INVALID");
	for (i = 0; i < en->link_cnt; i++) {
		l = &en->links[i];
		printf("\t%s [%u]: %s;\n", l->src->name, l->btf_id, protos[i]);
		switch (l->verdict) {
		case KF_OVR_FIRST:
			break;
		case KF_OVR_VALID:
			printf("\t\tvalid override of %s\n", en->links[l->against].src->name);
			break;
		case KF_OVR_INVALID:
			printf("\t\tINVALID override of %s: %s\n",
			       en->links[l->against].src->name, l->why);
			break;
		default:
			printf("\t\tCOLLISION: %s\n", l->why);
			break;
		}
		if (l->note[0])
			printf("\t\tnote: %s\n", l->note);
		if (l->verdict != KF_OVR_FIRST && l->verdict != KF_OVR_VALID)
			printf("\t\tlibbpf's compatibility rule %s it\n",
			       l->libbpf_compat ? "accepts" : "rejects");
	}
	l = &en->links[en->libbpf];
	printf("\tlibbpf: %s [%u]; shadowed, never bound: ", l->src->name, l->btf_id);
	for (i = 0; i < en->link_cnt; i++) {
		if ((int)i == en->libbpf)
			continue;
		printf("%s%s", sep, en->links[i].src->name);
		sep = ", ";
	}
	l = &en->links[en->module_first];
	printf("\n\tmodule-first: %s [%u]\n", l->src->name, l->btf_id);
	l = &en->links[en->kernel_btf];
	printf("\tkernel-override: %s [%u], implementation from %s\n", l->src->name,
	       l->btf_id, en->links[en->kernel_impl].src->name);
}

static int print_entry(const struct kf_ovr_entry *en, struct kf_error *e)
{
	char **protos;
	size_t i;
	int err = 0;

	protos = calloc(en->link_cnt, sizeof(*protos));
	if (!protos)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < en->link_cnt; i++) {
		protos[i] = kf_func_decl(en->links[i].src->btf, en->links[i].btf_id);
		if (!protos[i]) {
			err = kf_error(e, ENOMEM, "%s: cannot format the prototype of %s",
				       en->links[i].src->path, en->name);
			goto out;
		}
	}
	if (json_output)
		json_entry(en, protos);
	else
		plain_entry(en, protos);
out:
	for (i = 0; i < en->link_cnt; i++)
		free(protos[i]);
	free(protos);
	return err;
}

static int print_entries(const struct kf_ovr_report *r, struct kf_error *e)
{
	int err = 0;
	size_t i;

	if (json_output)
		jsonw_start_array(json_wtr);
	for (i = 0; i < r->cnt && !err; i++)
		err = print_entry(&r->entries[i], e);
	/* Closed even on error, for kf_json_end(). */
	if (json_output)
		jsonw_end_array(json_wtr);
	return err;
}

/* Overrides are a proposal: say so wherever they are judged. */
static const char proposed_note[] =
	"Overrides are checked under the exact-prototype rule proposed upstream in May 2026;\n"
	"no kernel up to 7.3 implements it. Today libbpf binds the first provider in\n"
	"search order and never the shadowed ones.\n";

static int parse_source(int *argc, char ***argv, struct kf_targets *t)
{
	if (kf_parse_targets(argc, argv, t, 0))
		return -1;
	if (*argc > 0) {
		p_err("what is '%s'?", **argv);
		return -1;
	}
	if (t->cnt > 1) {
		p_err("one SOURCE at most");
		return -1;
	}
	return 0;
}

static const struct kf_load_opts load_opts = {
	.keep_modules = true,
	.index_names = true,
};

static int do_show(int argc, char **argv)
{
	struct kf_target running = { .kind = KF_TARGET_RUNNING };
	struct kf_ovr_report r = {};
	struct kf_targets targets = {};
	struct kf_kernel *k = NULL;
	struct kf_error e = {};
	int err, ret;

	if (parse_source(&argc, &argv, &targets)) {
		kf_targets_free(&targets);
		return KF_EXIT_ERROR;
	}
	err = kf_target_load(targets.cnt ? &targets.v[0] : &running, &load_opts, &k, &e);
	if (!err)
		err = kf_override_analyze_kernel(k, &r, &e);
	if (err)
		goto out_err;
	if (kf_json_begin()) {
		err = -1;
		goto out;
	}
	err = print_entries(&r, &e);
	kf_json_end(!err);
	if (err)
		goto out_err;
	if (!json_output) {
		if (r.cnt)
			printf("%zu kfunc name%s with several providers, %zu with an invalid override or a collision\n%s",
			       r.cnt, r.cnt == 1 ? "" : "s", r.invalid_cnt, proposed_note);
		else
			printf("no kfunc name has several providers\n");
	}
	kf_kernel_warn_notes(k);
	goto out;
out_err:
	p_err("%s", e.msg);
out:
	ret = err ? KF_EXIT_ERROR : r.invalid_cnt ? KF_EXIT_FAIL : KF_EXIT_OK;
	kf_override_report_free(&r);
	kf_kernel_free(k);
	kf_targets_free(&targets);
	return ret;
}

/*
 * Sources to compare: the target's, without a module of the same name as
 * the one checked (it would be replaced, not overridden), then the module.
 */
static const struct kf_source **check_sources(const struct kf_kernel *k,
					      const struct kf_source *mod, size_t *cnt)
{
	const struct kf_source **srcs;
	size_t i, n = 0;

	srcs = calloc(k->src_cnt + 1, sizeof(*srcs));
	if (!srcs)
		return NULL;
	for (i = 0; i < k->src_cnt; i++) {
		if (i && !strcmp(k->srcs[i].name, mod->name)) {
			kf_warn("%s: the target already has module %s, compared without it",
				k->name, mod->name);
			continue;
		}
		srcs[n++] = &k->srcs[i];
	}
	srcs[n++] = mod;
	*cnt = n;
	return srcs;
}

static int do_check(int argc, char **argv)
{
	struct kf_target running = { .kind = KF_TARGET_RUNNING };
	const struct kf_source **srcs = NULL;
	struct kf_targets targets = {};
	struct kf_ovr_report r = {};
	struct kf_source mod = {};
	struct kf_kernel *k = NULL;
	struct kf_error e = {};
	const char *module, *base_path;
	struct btf *mbase;
	size_t cnt = 0;
	int err = -1, ret;

	if (argc < 1 || kf_is_keyword(*argv)) {
		p_err("'check' needs a MODULE_FILE");
		return KF_EXIT_ERROR;
	}
	module = GET_ARG();
	if (parse_source(&argc, &argv, &targets))
		goto out;

	err = kf_target_load(targets.cnt ? &targets.v[0] : &running, &load_opts, &k, &e);
	if (err)
		goto out_err;
	mbase = k->srcs[0].btf;
	base_path = k->srcs[0].path;
	/* bpftool's -B: the vmlinux BTF the module was built on. */
	if (base_btf) {
		mbase = base_btf;
		base_path = "the base BTF of -B";
		err = kf_btf_check(mbase, base_path, &e);
		if (err)
			goto out_err;
	}
	err = kf_source_load_module(&mod, module, mbase, base_path, true, &e);
	if (err)
		goto out_err;
	srcs = check_sources(k, &mod, &cnt);
	if (!srcs) {
		err = kf_error(&e, ENOMEM, "out of memory");
		goto out_err;
	}
	err = kf_override_analyze(srcs, cnt, true, true, &r, &e);
	if (err)
		goto out_err;

	if (kf_json_begin()) {
		err = -1;
		goto out;
	}
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "module", mod.name);
		jsonw_string_field(json_wtr, "path", mod.path);
		if (base_btf)
			jsonw_null_field(json_wtr, "base");
		else
			jsonw_string_field(json_wtr, "base", base_path);
		jsonw_string_field(json_wtr, "target", k->name);
		jsonw_uint_field(json_wtr, "kfunc_cnt", mod.kfunc_cnt);
		jsonw_uint_field(json_wtr, "override_cnt", r.cnt);
		jsonw_uint_field(json_wtr, "invalid_cnt", r.invalid_cnt);
		jsonw_bool_field(json_wtr, "valid", !r.invalid_cnt);
		jsonw_name(json_wtr, "overrides");
	} else {
		printf("module %s (%s): %zu kfunc%s, %zu would override kfuncs of %s, %zu invalid\n%s",
		       mod.name, mod.path, mod.kfunc_cnt, mod.kfunc_cnt == 1 ? "" : "s",
		       r.cnt, k->name, r.invalid_cnt, proposed_note);
	}
	err = print_entries(&r, &e);
	if (json_output)
		jsonw_end_object(json_wtr);
	kf_json_end(!err);
	if (err)
		goto out_err;
	if (!mod.evidence)
		kf_warn("%s: no bpf_kfunc decl tags and no .BTF_ids kfunc sets: its kfuncs cannot be told from other functions",
			mod.path);
	kf_kernel_warn_notes(k);
	goto out;
out_err:
	p_err("%s", e.msg);
	err = -1;
out:
	ret = err ? KF_EXIT_ERROR : r.invalid_cnt ? KF_EXIT_FAIL : KF_EXIT_OK;
	free(srcs);
	kf_override_report_free(&r);
	kf_source_fini(&mod);
	kf_kernel_free(k);
	kf_targets_free(&targets);
	return ret;
}

static int do_help(int argc, char **argv)
{
	p_err("'override' needs 'show' or 'check'");
	return -1;
}

static const struct cmd cmds[] = {
	{ "show",	do_show },
	{ "check",	do_check },
	{ 0 }
};

int do_kfunc_override(int argc, char **argv)
{
	int err = cmd_select(cmds, argc, argv, do_help);

	return err < 0 ? KF_EXIT_ERROR : err;
}
