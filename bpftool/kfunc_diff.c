// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bpftool kfunc diff: the kfuncs added, removed and changed between two
 * kernels, and whether externs written for the old prototypes still bind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "json_writer.h"
#include "main.h"
#include "kfunc.h"

static const char *const change_names[] = {
	"added", "removed", "prototype", "flags", "source", "impl",
};

/* Load both kernels: a kfunc's name and prototype live in its BTF. */
static int load_pair(const struct kf_targets *t, struct kf_kernel **k)
{
	struct kf_load_opts opts = { .keep_modules = true };
	struct kf_error e = {};
	int i;

	for (i = 0; i < 2; i++) {
		if (kf_target_load(&t->v[i], &opts, &k[i], &e)) {
			p_err("%s", e.msg);
			return -1;
		}
	}
	return 0;
}

static char *decl_of(const struct kf_provider *p)
{
	return kf_func_decl(p->src->btf, p->kf->btf_id);
}

static char *impl_name(const struct kf_provider *p)
{
	const struct btf_type *t = btf__type_by_id(p->src->btf, p->kf->impl_id);

	return t ? strdup(btf__name_by_offset(p->src->btf, t->name_off)) : NULL;
}

static int json_side(const char *field, const struct kf_provider *p)
{
	char *decl, *impl = NULL;

	jsonw_name(json_wtr, field);
	if (!p->src) {
		jsonw_null(json_wtr);
		return 0;
	}
	decl = decl_of(p);
	if (p->kf->impl_id)
		impl = impl_name(p);
	if (!decl || (p->kf->impl_id && !impl)) {
		free(decl);
		free(impl);
		return -1;
	}
	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "source", p->src->name);
	jsonw_uint_field(json_wtr, "btf_id", p->kf->btf_id);
	jsonw_string_field(json_wtr, "prototype", decl);
	jsonw_name(json_wtr, "flags");
	if (p->kf->flags_known) {
		jsonw_start_array(json_wtr);
		kf_print_flags(p->kf);
		jsonw_end_array(json_wtr);
		jsonw_uint_field(json_wtr, "flags_raw", p->kf->flags);
	} else {
		jsonw_null(json_wtr);
		jsonw_null_field(json_wtr, "flags_raw");
	}
	jsonw_bool_field(json_wtr, "fastcall", p->kf->fastcall);
	if (impl)
		jsonw_string_field(json_wtr, "impl", impl);
	else
		jsonw_null_field(json_wtr, "impl");
	jsonw_end_object(json_wtr);
	free(decl);
	free(impl);
	return 0;
}

static int json_entry(const struct kf_diff_entry *en)
{
	const char *name = en->old.src ? en->old.name : en->new.name;
	unsigned int bit;
	int err;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", name);
	jsonw_name(json_wtr, "changes");
	jsonw_start_array(json_wtr);
	for (bit = 0; bit < ARRAY_SIZE(change_names); bit++)
		if (en->changes & (1U << bit))
			jsonw_string(json_wtr, change_names[bit]);
	jsonw_end_array(json_wtr);
	err = json_side("old", &en->old);
	if (!err)
		err = json_side("new", &en->new);
	if (en->changes & KF_DIFF_PROTO) {
		jsonw_bool_field(json_wtr, "compatible", en->compat);
		jsonw_string_field(json_wtr, "difference", en->why);
	} else {
		jsonw_null_field(json_wtr, "compatible");
		jsonw_null_field(json_wtr, "difference");
	}
	if (en->note[0])
		jsonw_string_field(json_wtr, "renamed", en->note);
	else
		jsonw_null_field(json_wtr, "renamed");
	jsonw_end_object(json_wtr);
	return err;
}

static void plain_flags(const struct kf_kfunc *kf)
{
	if (!kf->flags_known)
		printf("unknown");
	else if (!kf->flags)
		printf("none");
	else
		kf_print_flags(kf);
	if (kf->fastcall)
		printf(" (bpf_fastcall tag)");
}

static int plain_entry(const struct kf_diff_entry *en)
{
	const struct kf_provider *p = en->new.src ? &en->new : &en->old;
	char *od = NULL, *nd = NULL, *impl = NULL;
	int err = -1;

	if (en->old.src)
		od = decl_of(&en->old);
	if (en->new.src)
		nd = decl_of(&en->new);
	if ((en->old.src && !od) || (en->new.src && !nd))
		goto out;
	if (en->changes & (KF_DIFF_ADDED | KF_DIFF_REMOVED)) {
		printf("%c %s  source %s\n\t%s;\n",
		       en->changes & KF_DIFF_ADDED ? '+' : '-', p->name,
		       p->src->name, nd ?: od);
		err = 0;
		goto out;
	}
	printf("~ %s\n", p->name);
	if (en->changes & KF_DIFF_PROTO) {
		printf("\tprototype: %s; old externs %s\n\t- %s;\n\t+ %s;\n",
		       en->why, en->compat ? "still bind" : "no longer bind",
		       od, nd);
	}
	if (en->changes & KF_DIFF_FLAGS) {
		printf("\tflags: ");
		plain_flags(en->old.kf);
		printf(" -> ");
		plain_flags(en->new.kf);
		printf("\n");
	}
	if (en->changes & KF_DIFF_SOURCE)
		printf("\tsource: %s -> %s\n", en->old.src->name, en->new.src->name);
	if (en->changes & KF_DIFF_IMPL) {
		p = en->new.kf->impl_id ? &en->new : &en->old;
		impl = impl_name(p);
		if (!impl)
			goto out;
		printf("\timplicit args twin %s %s\n", impl,
		       p == &en->new ? "appeared" : "went");
	}
	err = 0;
out:
	free(od);
	free(nd);
	free(impl);
	return err;
}

static void plain_summary(const struct kf_diff *d)
{
	size_t added = 0, removed = 0, proto = 0, broken = 0, i;

	for (i = 0; i < d->cnt; i++) {
		added += !!(d->entries[i].changes & KF_DIFF_ADDED);
		removed += !!(d->entries[i].changes & KF_DIFF_REMOVED);
		if (d->entries[i].changes & KF_DIFF_PROTO) {
			proto++;
			broken += !d->entries[i].compat;
		}
	}
	printf("%zu added, %zu removed, %zu changed (%zu prototypes, %zu of them no longer bind old externs)\n",
	       added, removed, d->cnt - added - removed, proto, broken);
}

static int print_diff(const struct kf_kernel *const *k, const struct kf_diff *d)
{
	size_t i;
	int err = 0;

	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "old", k[0]->name);
		jsonw_string_field(json_wtr, "new", k[1]->name);
		jsonw_name(json_wtr, "kfuncs");
		jsonw_start_array(json_wtr);
		for (i = 0; i < d->cnt && !err; i++)
			err = json_entry(&d->entries[i]);
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
		return err;
	}
	printf("kfuncs of %s -> %s\n", k[0]->name, k[1]->name);
	for (i = 0; i < d->cnt && !err; i++)
		err = plain_entry(&d->entries[i]);
	plain_summary(d);
	return err;
}

int do_kfunc_diff(int argc, char **argv)
{
	struct kf_kernel *k[2] = {};
	struct kf_targets targets = {};
	const char *glob = NULL;
	struct kf_diff d = {};
	struct kf_error e = {};
	int err = -1;

	while (argc > 0) {
		if (is_prefix(*argv, "name")) {
			NEXT_ARG();
			if (!REQ_ARGS(1))
				goto out;
			glob = GET_ARG();
			continue;
		}
		if (kf_parse_targets(&argc, &argv, &targets, 0))
			goto out;
		if (argc > 0 && !is_prefix(*argv, "name")) {
			p_err("what is '%s'?", *argv);
			goto out;
		}
	}
	if (targets.cnt != 2) {
		p_err("expected two SOURCEs, got %d", targets.cnt);
		goto out;
	}
	if (load_pair(&targets, k))
		goto out;
	if (kf_diff_kernels(k[0], k[1], glob, &d, &e)) {
		p_err("%s", e.msg);
		goto out;
	}
	kf_kernel_warn_notes(k[0]);
	kf_kernel_warn_notes(k[1]);
	if (kf_json_begin())
		goto out;
	err = print_diff((const struct kf_kernel *const *)k, &d);
	kf_json_end(!err);
	if (err) {
		p_err("out of memory");
		goto out;
	}
	err = d.cnt ? KF_EXIT_FAIL : KF_EXIT_OK;
out:
	kf_diff_free(&d);
	kf_kernel_free(k[0]);
	kf_kernel_free(k[1]);
	kf_targets_free(&targets);
	return err < 0 ? KF_EXIT_ERROR : err;
}
