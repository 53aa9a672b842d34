// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kf_ctype spells declarations from a small copy of the types they reach;
 * the spelling must be the one btf_dump gives on the whole BTF. Checked on
 * every FUNC of the given BTF files (the running kernel's and Debian's
 * vmlinux) and on a BTF made here with what kernel prototypes rarely have:
 * anonymous structs and unions, function pointers, arrays, typedef chains.
 * Declarations btf_dump would spell thousands of levels deep or billions
 * of types long are refused.
 *
 *	ctype_spelling [BTF_FILE...]
 *
 * Without arguments: /sys/kernel/btf/vmlinux and the vmlinux files of the
 * corpora named by $CORPUS and $CORPUS7.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc.h"
#include "unit_tap.h"

struct ref_buf {
	char s[4096];
	size_t len;
};

static void ref_printf(void *ctx, const char *fmt, va_list args)
{
	struct ref_buf *b = ctx;
	int n;

	n = vsnprintf(b->s + b->len, sizeof(b->s) - b->len, fmt, args);
	if (n > 0)
		b->len += n;
	if (b->len >= sizeof(b->s))
		b->len = sizeof(b->s) - 1;
}

/* Every FUNC of @btf as kf_ctype_func() and as btf_dump on all of @btf. */
static void check_btf(const struct btf *btf, const char *what)
{
	struct ref_buf ref = {};
	struct btf_dump *d = btf_dump__new(btf, ref_printf, &ref, NULL);
	struct kf_ctype *ct = kf_ctype_new(btf);
	__u32 id, n = btf__type_cnt(btf), funcs = 0, same = 0;
	const char *first_diff = NULL;
	char *ours;

	if (!ok(d && ct, "%s: printers made", what))
		goto out;
	for (id = 1; id < n; id++) {
		LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts);
		const struct btf_type *t = btf__type_by_id(btf, id);

		if (!btf_is_func(t))
			continue;
		opts.field_name = btf__name_by_offset(btf, t->name_off);
		funcs++;
		ref.len = 0;
		ref.s[0] = '\0';
		if (btf_dump__emit_type_decl(d, t->type, &opts))
			continue;
		ours = kf_ctype_func(ct, id);
		if (ours && !strcmp(ours, ref.s))
			same++;
		else if (!first_diff)
			first_diff = opts.field_name;
		free(ours);
	}
	ok(funcs && same == funcs, "%s: %u of %u FUNC prototypes as btf_dump spells them%s%s",
	   what, same, funcs, first_diff ? ", first differing: " : "",
	   first_diff ?: "");
out:
	kf_ctype_free(ct);
	btf_dump__free(d);
}

/* Prototypes over what only a full spelling shows. */
static struct btf *make_btf(void)
{
	struct btf *btf = btf__new_empty();
	int i_int, i_char, anon_s, anon_u, td, td2, fp, arr, p;

	if (!btf)
		return NULL;
	i_int = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	i_char = btf__add_int(btf, "char", 1, BTF_INT_CHAR);
	anon_s = btf__add_struct(btf, NULL, 8);
	btf__add_field(btf, "a", i_int, 0, 0);
	btf__add_field(btf, "b", i_int, 32, 3);
	anon_u = btf__add_union(btf, NULL, 4);
	btf__add_field(btf, "x", i_int, 0, 0);
	btf__add_field(btf, "y", i_char, 0, 0);
	td = btf__add_typedef(btf, "anon_t", anon_s);
	td2 = btf__add_typedef(btf, "anon2_t", td);
	fp = btf__add_func_proto(btf, i_int);
	btf__add_func_param(btf, "", btf__add_ptr(btf, i_char));
	btf__add_func_param(btf, "", 0);
	arr = btf__add_array(btf, i_int, i_char, 16);

	p = btf__add_func_proto(btf, btf__add_ptr(btf, anon_s));
	btf__add_func_param(btf, "u", btf__add_ptr(btf, anon_u));
	btf__add_func_param(btf, "cb", btf__add_ptr(btf, fp));
	btf__add_func(btf, "anon_args", BTF_FUNC_GLOBAL, p);

	p = btf__add_func_proto(btf, td2);
	btf__add_func_param(btf, "a", btf__add_ptr(btf, arr));
	btf__add_func_param(btf, "c", btf__add_const(btf,
			    btf__add_ptr(btf, btf__add_volatile(btf, td))));
	btf__add_func(btf, "typedef_args", BTF_FUNC_GLOBAL, p);
	return btf;
}

/*
 * @levels of function pointers, each to a prototype of @fanout parameters
 * of the level below (so the spelling grows @fanout times a level), each
 * in an anonymous struct when @fanout is 1; a FUNC "top" over the last.
 */
static struct btf *make_nested_btf(int levels, int fanout)
{
	struct btf *btf = btf__new_empty();
	int i, j, inner, proto;

	if (!btf)
		return NULL;
	inner = btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	for (i = 0; i < levels; i++) {
		proto = btf__add_func_proto(btf, 0);
		for (j = 0; j < fanout; j++)
			btf__add_func_param(btf, "", inner);
		inner = btf__add_ptr(btf, proto);
		if (fanout == 1) {
			inner = btf__add_struct(btf, NULL, 8);
			btf__add_field(btf, "cb", inner - 1, 0, 0);
		}
	}
	proto = btf__add_func_proto(btf, 0);
	btf__add_func_param(btf, "x", inner);
	btf__add_func(btf, "top", BTF_FUNC_GLOBAL, proto);
	return btf;
}

static void check_nested(int levels, int fanout, bool spelled)
{
	struct btf *btf = make_nested_btf(levels, fanout);
	__u32 top = btf ? btf__type_cnt(btf) - 1 : 0;
	char *decl = btf ? kf_func_decl(btf, top) : NULL;
	char what[64];

	if (fanout == 1)
		snprintf(what, sizeof(what), "%d levels of anonymous structs",
			 levels);
	else
		snprintf(what, sizeof(what), "%d levels of prototypes used %d times",
			 levels, fanout);
	if (spelled)
		check_btf(btf, what);
	else
		ok(btf && !decl, "%s: refused", what);
	free(decl);
	btf__free(btf);
}

static void check_file(const char *path)
{
	struct btf *btf = btf__parse(path, NULL);

	if (ok(btf != NULL, "%s parsed", path))
		check_btf(btf, path);
	btf__free(btf);
}

static void check_corpus(const char *var)
{
	const char *dir = getenv(var);
	char path[4096];

	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/vmlinux", dir);
	check_file(path);
}

int main(int argc, char **argv)
{
	struct btf *btf;
	int i;

	btf = make_btf();
	if (ok(btf != NULL, "made a BTF of anonymous types"))
		check_btf(btf, "made BTF");
	btf__free(btf);
	check_nested(4, 1, true);
	check_nested(2, 8, true);
	check_nested(5000, 1, false);
	check_nested(8, 4, false);
	for (i = 1; i < argc; i++)
		check_file(argv[i]);
	if (argc == 1) {
		check_file("/sys/kernel/btf/vmlinux");
		check_corpus("CORPUS");
		check_corpus("CORPUS7");
	}
	return done_testing();
}
