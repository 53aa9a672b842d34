// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The exact-prototype rule of kfunc overrides (see kfunc_exact.h): two
 * prototypes from any two BTF objects compared type by type, with the
 * first difference in words.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc_ctype.h"
#include "kfunc_error.h"
#include "kfunc_exact.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

struct exact_ctx {
	const struct btf *cur;
	const struct btf *new;
	char detail[256];	/* the innermost difference */
};

static const char *kind_name(const struct btf_type *t)
{
	static const char *const names[] = {
		[BTF_KIND_UNKN] = "void",
		[BTF_KIND_INT] = "int",
		[BTF_KIND_PTR] = "pointer",
		[BTF_KIND_ARRAY] = "array",
		[BTF_KIND_STRUCT] = "struct",
		[BTF_KIND_UNION] = "union",
		[BTF_KIND_ENUM] = "enum",
		[BTF_KIND_FWD] = "forward declaration",
		[BTF_KIND_TYPEDEF] = "typedef",
		[BTF_KIND_VOLATILE] = "volatile",
		[BTF_KIND_CONST] = "const",
		[BTF_KIND_RESTRICT] = "restrict",
		[BTF_KIND_FUNC] = "function",
		[BTF_KIND_FUNC_PROTO] = "function prototype",
		[BTF_KIND_VAR] = "variable",
		[BTF_KIND_DATASEC] = "data section",
		[BTF_KIND_FLOAT] = "float",
		[BTF_KIND_DECL_TAG] = "decl tag",
		[BTF_KIND_TYPE_TAG] = "type tag",
		[BTF_KIND_ENUM64] = "enum64",
	};
	unsigned int k = btf_kind(t);

	return k < ARRAY_SIZE(names) && names[k] ? names[k] : "unknown kind";
}

static int __printf(3, 4) differ(struct exact_ctx *c, int ret, const char *fmt, ...);

/* Record the difference (the innermost comparison says it) and return @ret. */
static int differ(struct exact_ctx *c, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->detail, sizeof(c->detail), fmt, ap);
	va_end(ap);
	return ret;
}

static bool is_qualifier(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_type_tag(t);
}

static int kinds_differ(struct exact_ctx *c, const struct btf_type *a,
			const struct btf_type *b)
{
	if (is_qualifier(a) && is_qualifier(b))
		return differ(c, 0, "%s vs %s", kind_name(a), kind_name(b));
	if (is_qualifier(a))
		return differ(c, 0, "%s dropped", kind_name(a));
	if (is_qualifier(b))
		return differ(c, 0, "%s added", kind_name(b));
	if (btf_is_fwd(a) || btf_is_fwd(b))
		return differ(c, 0, "%s vs %s", btf_is_fwd(a) ? "forward declaration" : kind_name(a),
			      btf_is_fwd(b) ? "forward declaration" : kind_name(b));
	return differ(c, 0, "%s vs %s", kind_name(a), kind_name(b));
}

static int same(struct exact_ctx *c, __u32 aid, __u32 bid, int depth);

static int same_protos(struct exact_ctx *c, const struct btf_type *a,
		       const struct btf_type *b, int depth)
{
	const struct btf_param *pa = btf_params(a), *pb = btf_params(b);
	__u32 i, n = btf_vlen(a);
	int err;

	if (n != btf_vlen(b))
		return differ(c, 0, "function prototype with %u argument%s vs %u",
			      n, n == 1 ? "" : "s", btf_vlen(b));
	for (i = 0; i < n; i++) {
		err = same(c, pa[i].type, pb[i].type, depth);
		if (err <= 0)
			return err;
	}
	return same(c, a->type, b->type, depth);
}

/* 1 when @aid of c->cur and @bid of c->new are identical, else 0 or -errno. */
static int same(struct exact_ctx *c, __u32 aid, __u32 bid, int depth)
{
	const struct btf_type *a, *b;
	const char *an, *bn;

	for (;; depth--) {
		if (depth <= 0)
			return differ(c, -ELOOP, "types nested deeper than %d levels",
				      KF_EXACT_DEPTH);
		a = btf__type_by_id(c->cur, aid);
		b = btf__type_by_id(c->new, bid);
		if (!a || !b)
			return differ(c, -EINVAL, "invalid type id %u", a ? bid : aid);
		if (btf_kind(a) != btf_kind(b))
			return kinds_differ(c, a, b);
		an = btf__name_by_offset(c->cur, a->name_off) ?: "";
		bn = btf__name_by_offset(c->new, b->name_off) ?: "";

		switch (btf_kind(a)) {
		case BTF_KIND_UNKN:
			return 1;
		case BTF_KIND_INT:
			if (strcmp(an, bn))
				return differ(c, 0, "int '%s' vs '%s'", an, bn);
			if (a->size != b->size)
				return differ(c, 0, "int size %u vs %u", a->size, b->size);
			if (btf_int_encoding(a) != btf_int_encoding(b))
				return differ(c, 0, "int encoding %#x vs %#x",
					      btf_int_encoding(a), btf_int_encoding(b));
			if (btf_int_offset(a) != btf_int_offset(b) ||
			    btf_int_bits(a) != btf_int_bits(b))
				return differ(c, 0, "int bits %u:%u vs %u:%u",
					      btf_int_offset(a), btf_int_bits(a),
					      btf_int_offset(b), btf_int_bits(b));
			return 1;
		case BTF_KIND_FLOAT:
			if (strcmp(an, bn) || a->size != b->size)
				return differ(c, 0, "float '%s' (%u bytes) vs '%s' (%u bytes)",
					      an, a->size, bn, b->size);
			return 1;
		case BTF_KIND_FWD:
			if (btf_kflag(a) != btf_kflag(b))
				return differ(c, 0, "forward declaration of %s vs of %s",
					      btf_kflag(a) ? "union" : "struct",
					      btf_kflag(b) ? "union" : "struct");
			/* fallthrough */
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			if (strcmp(an, bn))
				return differ(c, 0, "%s name '%s' vs '%s'", kind_name(a), an, bn);
			return 1;
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			if (strcmp(an, bn))
				return differ(c, 0, "enum name '%s' vs '%s'", an, bn);
			if (a->size != b->size)
				return differ(c, 0, "enum size %u vs %u", a->size, b->size);
			return 1;
		case BTF_KIND_TYPEDEF:
			if (strcmp(an, bn))
				return differ(c, 0, "typedef '%s' vs '%s'", an, bn);
			break;
		case BTF_KIND_TYPE_TAG:
			if (strcmp(an, bn))
				return differ(c, 0, "type tag '%s' vs '%s'", an, bn);
			break;
		case BTF_KIND_CONST:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_PTR:
			break;
		case BTF_KIND_ARRAY:
			if (btf_array(a)->nelems != btf_array(b)->nelems)
				return differ(c, 0, "array length %u vs %u",
					      btf_array(a)->nelems, btf_array(b)->nelems);
			aid = btf_array(a)->type;
			bid = btf_array(b)->type;
			continue;
		case BTF_KIND_FUNC_PROTO:
			return same_protos(c, a, b, depth - 1);
		default:
			return differ(c, -EINVAL, "%s in a prototype", kind_name(a));
		}
		aid = a->type;
		bid = b->type;
	}
}

static const struct btf_type *proto_of(const struct btf *btf, __u32 *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	if (t && btf_is_func(t)) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t && btf_is_func_proto(t) ? t : NULL;
}

/* "argument 2 (flags): 'u32' vs 'u64' (typedef 'u32' vs 'u64')" */
static void say_where(struct exact_ctx *c, char *why, size_t sz, const char *where,
		      __u32 aid, __u32 bid, int err)
{
	char *at = NULL, *bt = NULL;

	/* Invalid ids or loops: leave the types unformatted. */
	if (!err) {
		at = kf_type_str(c->cur, aid);
		bt = kf_type_str(c->new, bid);
	}
	if (at && bt)
		snprintf(why, sz, "%s: '%s' vs '%s' (%s)", where, at, bt, c->detail);
	else
		snprintf(why, sz, "%s: %s", where, c->detail);
	free(at);
	free(bt);
}

static void __printf(3, 4) add_note(char *note, size_t sz, const char *fmt, ...);

static void add_note(char *note, size_t sz, const char *fmt, ...)
{
	size_t len = note ? strnlen(note, sz) : 0;
	va_list ap;

	if (!note || len + 3 >= sz)
		return;
	if (len) {
		memcpy(note + len, "; ", 3);
		len += 2;
	}
	va_start(ap, fmt);
	vsnprintf(note + len, sz - len, fmt, ap);
	va_end(ap);
}

int kf_exact_protos(const struct btf *cur, __u32 cur_id,
		    const struct btf *new, __u32 new_id,
		    char *why, size_t why_sz, char *note, size_t note_sz)
{
	struct exact_ctx c = { .cur = cur, .new = new };
	const struct btf_type *a, *b;
	const struct btf_param *pa, *pb;
	const char *an, *bn;
	char where[160];
	__u32 i, n;
	int err;

	if (!why || !why_sz) {
		why = NULL;
		why_sz = 0;
	} else {
		why[0] = '\0';
	}
	if (note && note_sz)
		note[0] = '\0';
	else
		note_sz = 0;

	a = proto_of(cur, &cur_id);
	b = proto_of(new, &new_id);
	if (!a || !b) {
		if (why)
			snprintf(why, why_sz, "type id %u is not a function",
				 a ? new_id : cur_id);
		return -EINVAL;
	}
	n = btf_vlen(a);
	if (n != btf_vlen(b)) {
		if (why)
			snprintf(why, why_sz, "%u argument%s vs %u", n, n == 1 ? "" : "s",
				 btf_vlen(b));
		return 0;
	}
	pa = btf_params(a);
	pb = btf_params(b);
	for (i = 0; i < n; i++) {
		an = btf__name_by_offset(cur, pa[i].name_off) ?: "";
		bn = btf__name_by_offset(new, pb[i].name_off) ?: "";
		if (strcmp(an, bn))
			add_note(note, note_sz, "argument %u named '%s' vs '%s'", i + 1, an, bn);
	}
	for (i = 0; i < n; i++) {
		err = same(&c, pa[i].type, pb[i].type, KF_EXACT_DEPTH);
		if (err > 0)
			continue;
		if (why) {
			an = btf__name_by_offset(cur, pa[i].name_off);
			snprintf(where, sizeof(where), "argument %u%s%s%s", i + 1,
				 an && *an ? " (" : "", an ?: "", an && *an ? ")" : "");
			say_where(&c, why, why_sz, where, pa[i].type, pb[i].type, err);
		}
		return err;
	}
	err = same(&c, a->type, b->type, KF_EXACT_DEPTH);
	if (err <= 0 && why)
		say_where(&c, why, why_sz, "return", a->type, b->type, err);
	return err;
}
