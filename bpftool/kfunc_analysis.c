// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * What libbpf and the verifier make of an object's externs on a kernel:
 * libbpf's type compatibility with reasons, the exact-prototype rule of
 * proposed overrides, extern resolution, and reachable call sites.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf_internal.h>
#include <bpf/relo_core.h>

#include "kfunc.h"

/*
 * The compatibility rule libbpf applies between an extern's BTF and the
 * kernel's is libbpf's own __bpf_core_types_are_compat(); what this file
 * adds is the first mismatch in words, found by the same walk.
 */
#define COMPAT_DEPTH	32	/* pointer/array chain per call */
#define COMPAT_LEVEL	32	/* nested function prototypes */

struct compat_ctx {
	const struct btf *local;
	const struct btf *targ;
	char *why;
	size_t why_sz;
	/* The outermost parameter being compared, for messages. */
	int arg;		/* 0-based, -1 for the return type */
	__u32 arg_local_id;	/* its type, as written */
	__u32 arg_targ_id;
	const char *arg_name;
	bool in_proto;		/* arg fields are valid */
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

/* A type's kind in words, with the name where it is what differs. */
static const char *kind_word(const struct btf *btf, const struct btf_type *t,
			     char *buf, size_t sz)
{
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;
	const char *kind;

	if (!t)
		return "an invalid type";
	switch (btf_kind(t)) {
	case BTF_KIND_UNKN:
		return "void";
	case BTF_KIND_INT:
		return btf_int_offset(t) ? "a bitfield int" : "an int";
	case BTF_KIND_ENUM64:
		return "an enum";	/* libbpf takes either enum for the other */
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		snprintf(buf, sz, "%s %s", kind_name(t), name && *name ? name : "(anon)");
		return buf;
	case BTF_KIND_FWD:
		snprintf(buf, sz, "a forward declaration of %s %s",
			 btf_kflag(t) ? "union" : "struct", name ?: "");
		return buf;
	case BTF_KIND_TYPEDEF:
		snprintf(buf, sz, "typedef %s", name ?: "");
		return buf;
	default:
		kind = kind_name(t);
		snprintf(buf, sz, "%s %s", strchr("aeiou", kind[0]) ? "an" : "a", kind);
		return buf;
	}
}

static void __printf(2, 3) say(struct compat_ctx *c, const char *fmt, ...);

/* Write "<where>: ..." into c->why; the first mismatch wins. */
static void say(struct compat_ctx *c, const char *fmt, ...)
{
	char where[320] = "", detail[512];
	char *lt = NULL, *tt = NULL;
	va_list ap;

	if (!c->why || c->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (c->in_proto) {
		lt = kf_type_str(c->local, c->arg_local_id);
		tt = kf_type_str(c->targ, c->arg_targ_id);
		if (c->arg < 0)
			snprintf(where, sizeof(where), "return: object has '%s', kernel has '%s'",
				 lt ?: "?", tt ?: "?");
		else
			snprintf(where, sizeof(where), "argument %d%s%s%s: object has '%s', kernel has '%s'",
				 c->arg + 1, c->arg_name && *c->arg_name ? " (" : "",
				 c->arg_name ?: "", c->arg_name && *c->arg_name ? ")" : "",
				 lt ?: "?", tt ?: "?");
		snprintf(c->why, c->why_sz, "%s (%s)", where, detail);
	} else {
		snprintf(c->why, c->why_sz, "%s", detail);
	}
	free(lt);
	free(tt);
}

static void say_kinds(struct compat_ctx *c, const struct btf_type *lt,
		      const struct btf_type *tt)
{
	char lb[160], tb[160];

	say(c, "object has %s, kernel has %s", kind_word(c->local, lt, lb, sizeof(lb)),
	    kind_word(c->targ, tt, tb, sizeof(tb)));
}

/* libbpf's walk, saying where it stops; returns as libbpf's rule does. */
static int explain(struct compat_ctx *c, __u32 local_id, __u32 targ_id, int level)
{
	const struct btf_type *lt, *tt;
	const struct btf_param *lp, *tp;
	int depth = COMPAT_DEPTH, i, err;
	__u16 lvlen, tvlen;
	bool outer;

	lt = btf__type_by_id(c->local, local_id);
	tt = btf__type_by_id(c->targ, targ_id);
	if (!lt || !tt || !btf_kind_core_compat(lt, tt)) {
		say_kinds(c, lt, tt);
		return 0;
	}
recur:
	if (--depth < 0) {
		say(c, "types nested deeper than %d levels", COMPAT_DEPTH);
		return -EINVAL;
	}
	lt = skip_mods_and_typedefs(c->local, local_id, &local_id);
	tt = skip_mods_and_typedefs(c->targ, targ_id, &targ_id);
	if (!lt || !tt) {
		say(c, "invalid type id");
		return -EINVAL;
	}
	if (!btf_kind_core_compat(lt, tt)) {
		say_kinds(c, lt, tt);
		return 0;
	}

	switch (btf_kind(lt)) {
	case BTF_KIND_UNKN:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_FWD:
	case BTF_KIND_ENUM64:
		return 1;
	case BTF_KIND_INT:
		if (btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0)
			return 1;
		say(c, "bitfield ints are never compatible");
		return 0;
	case BTF_KIND_PTR:
		local_id = lt->type;
		targ_id = tt->type;
		goto recur;
	case BTF_KIND_ARRAY:
		local_id = btf_array(lt)->type;
		targ_id = btf_array(tt)->type;
		goto recur;
	case BTF_KIND_FUNC_PROTO:
		lp = btf_params(lt);
		tp = btf_params(tt);
		lvlen = btf_vlen(lt);
		tvlen = btf_vlen(tt);
		outer = !c->in_proto;
		if (lvlen != tvlen) {
			say(c, "object has %u argument%s, kernel has %u", lvlen,
			    lvlen == 1 ? "" : "s", tvlen);
			return 0;
		}
		for (i = 0; i < lvlen; i++, lp++, tp++) {
			if (level <= 0) {
				say(c, "function prototypes nested deeper than %d levels",
				    COMPAT_LEVEL);
				return -EINVAL;
			}
			if (outer) {
				c->in_proto = true;
				c->arg = i;
				c->arg_local_id = lp->type;
				c->arg_targ_id = tp->type;
				c->arg_name = btf__name_by_offset(c->local, lp->name_off);
			}
			skip_mods_and_typedefs(c->local, lp->type, &local_id);
			skip_mods_and_typedefs(c->targ, tp->type, &targ_id);
			err = explain(c, local_id, targ_id, level - 1);
			if (err <= 0)
				return err;
		}
		if (outer) {
			c->in_proto = true;
			c->arg = -1;
			c->arg_local_id = lt->type;
			c->arg_targ_id = tt->type;
			c->arg_name = NULL;
		}
		skip_mods_and_typedefs(c->local, lt->type, &local_id);
		skip_mods_and_typedefs(c->targ, tt->type, &targ_id);
		goto recur;
	default:
		say_kinds(c, lt, tt);
		return 0;
	}
}

int kf_types_compat(const struct btf *local, __u32 local_id,
		    const struct btf *targ, __u32 targ_id,
		    char *why, size_t why_sz)
{
	struct compat_ctx c = {
		.local = local,
		.targ = targ,
		.why = why,
		.why_sz = why_sz,
	};

	int err;

	if (why && why_sz)
		why[0] = '\0';
	/* libbpf trusts the ids it is given; those inside BTF it checked. */
	if (local_id >= btf__type_cnt(local) || targ_id >= btf__type_cnt(targ)) {
		if (why && why_sz)
			snprintf(why, why_sz, "invalid type id");
		return -EINVAL;
	}
	err = __bpf_core_types_are_compat(local, local_id, targ, targ_id, COMPAT_LEVEL);
	if (err > 0 || !why || !why_sz)
		return err;
	explain(&c, local_id, targ_id, COMPAT_LEVEL);
	if (!why[0])
		snprintf(why, why_sz, "incompatible types");
	return err;
}

/*
 * The exact-prototype rule of kfunc overrides (see kfunc_exact.h): two
 * prototypes from any two BTF objects compared type by type, with the
 * first difference in words.
 */

struct exact_ctx {
	const struct btf *cur;
	const struct btf *new;
	char detail[256];	/* the innermost difference */
};

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
			fallthrough;
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

/*
 * kfunc overrides: the kernel has one kfunc namespace. A module may replace
 * a vmlinux kfunc (or an earlier module's replacement) through an override
 * registration, only with exactly the same name and prototype; libbpf keeps
 * finding the name in vmlinux BTF and the kernel supplies the module's
 * implementation. Names not in vmlinux may not be shared between modules.
 */
struct provider {
	const char *name;
	size_t src_idx;
	__u32 btf_id;
};

static int provider_cmp(const void *a, const void *b)
{
	const struct provider *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->src_idx != y->src_idx)
		return x->src_idx < y->src_idx ? -1 : 1;
	return 0;
}

const char *kf_ovr_verdict_str(enum kf_ovr_verdict v)
{
	switch (v) {
	case KF_OVR_FIRST:
		return "first";
	case KF_OVR_VALID:
		return "valid";
	case KF_OVR_INVALID:
		return "invalid";
	case KF_OVR_COLLISION:
		return "collision";
	default:
		return "?";
	}
}

static __u32 proto_id(const struct btf *btf, __u32 func_id)
{
	const struct btf_type *t = btf__type_by_id(btf, func_id);

	return t && btf_is_func(t) ? t->type : 0;
}

/* Compare @l with @cur: exact rule, and libbpf's compatibility rule. */
static int compare_links(struct kf_ovr_link *l, const struct kf_ovr_link *cur)
{
	const struct btf *nb = l->src->btf, *cb = cur->src->btf;
	__u32 np = proto_id(nb, l->btf_id), cp = proto_id(cb, cur->btf_id);
	int ret;

	ret = kf_exact_protos(cb, cur->btf_id, nb, l->btf_id, l->why, sizeof(l->why),
			      l->note, sizeof(l->note));
	l->libbpf_compat = np && cp && kf_types_compat(nb, np, cb, cp, NULL, 0) > 0;
	return ret;
}

static void judge_chain(struct kf_ovr_entry *en)
{
	struct kf_ovr_link *l;
	char diff[KF_OVR_WHY_LEN];
	size_t i;
	int cur = 0;

	en->ok = true;
	en->links[0].verdict = KF_OVR_FIRST;
	en->links[0].against = -1;
	for (i = 1; i < en->link_cnt; i++) {
		l = &en->links[i];
		l->against = cur;
		if (compare_links(l, &en->links[cur]) > 0) {
			if (en->in_vmlinux) {
				l->verdict = KF_OVR_VALID;
				cur = i;
				continue;
			}
			diff[0] = '\0';
		} else {
			snprintf(diff, sizeof(diff), "; prototype differs: %.400s", l->why);
		}
		en->ok = false;
		if (en->in_vmlinux) {
			l->verdict = KF_OVR_INVALID;
			continue;
		}
		l->verdict = KF_OVR_COLLISION;
		snprintf(l->why, sizeof(l->why),
			 "collides with %.56s: not a vmlinux kfunc, so it cannot be overridden%.380s",
			 en->links[cur].src->name, diff);
	}
	en->libbpf = 0;
	en->module_first = en->in_vmlinux ? 1 : 0;
	en->kernel_btf = 0;
	en->kernel_impl = cur;
}

static int add_entry(struct kf_ovr_report *r, const struct kf_source *const *srcs,
		     bool has_vmlinux, const struct provider *p, size_t n)
{
	struct kf_ovr_entry *en;
	size_t i;

	en = kf_grow((void **)&r->entries, &r->cap, sizeof(*en), r->cnt);
	if (!en)
		return -ENOMEM;
	en->links = calloc(n, sizeof(*en->links));
	if (!en->links)
		return -ENOMEM;
	r->cnt++;
	en->name = p[0].name;
	en->link_cnt = n;
	en->in_vmlinux = has_vmlinux && p[0].src_idx == 0;
	for (i = 0; i < n; i++) {
		en->links[i].src = srcs[p[i].src_idx];
		en->links[i].btf_id = p[i].btf_id;
	}
	judge_chain(en);
	if (!en->ok)
		r->invalid_cnt++;
	return 0;
}

int kf_override_analyze(const struct kf_source *const *srcs, size_t cnt,
			bool has_vmlinux, bool last_only,
			struct kf_ovr_report *r, struct kf_error *e)
{
	struct provider *p = NULL;
	size_t i, j, n = 0, total = 0, start, uniq;
	bool has_last;
	int err = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < cnt; i++) {
		if (!srcs[i]->btf && srcs[i]->kfunc_cnt)
			return kf_error(e, EINVAL, "%s: BTF not kept", srcs[i]->name);
		total += srcs[i]->kfunc_cnt;
	}
	if (!total)
		return 0;
	p = calloc(total, sizeof(*p));
	if (!p)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < cnt; i++) {
		for (j = 0; j < srcs[i]->kfunc_cnt; j++) {
			p[n].name = srcs[i]->kfuncs[j].name;
			p[n].src_idx = i;
			p[n].btf_id = srcs[i]->kfuncs[j].btf_id;
			n++;
		}
	}
	qsort(p, n, sizeof(*p), provider_cmp);

	/* Drop repeats of a name within one source (keep the first). */
	for (i = 0, uniq = 0; i < n; i++) {
		if (uniq && !provider_cmp(&p[uniq - 1], &p[i]))
			continue;
		p[uniq++] = p[i];
	}
	n = uniq;

	for (start = 0; start < n; start = i) {
		has_last = false;
		for (i = start; i < n && !strcmp(p[i].name, p[start].name); i++)
			has_last |= p[i].src_idx == cnt - 1;
		if (i - start < 2 || (last_only && !has_last))
			continue;
		err = add_entry(r, srcs, has_vmlinux, &p[start], i - start);
		if (err) {
			err = kf_error(e, ENOMEM, "out of memory");
			break;
		}
	}
	free(p);
	if (err)
		kf_override_report_free(r);
	return err;
}

int kf_override_analyze_kernel(const struct kf_kernel *k,
			       struct kf_ovr_report *r, struct kf_error *e)
{
	const struct kf_source **srcs;
	size_t i;
	int err;

	memset(r, 0, sizeof(*r));
	if (!k->src_cnt)
		return 0;
	srcs = calloc(k->src_cnt, sizeof(*srcs));
	if (!srcs)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < k->src_cnt; i++)
		srcs[i] = &k->srcs[i];
	err = kf_override_analyze(srcs, k->src_cnt, true, false, r, e);
	free(srcs);
	return err;
}

void kf_override_report_free(struct kf_ovr_report *r)
{
	size_t i;

	for (i = 0; i < r->cnt; i++)
		free(r->entries[i].links);
	free(r->entries);
	memset(r, 0, sizeof(*r));
}

/*
 * libbpf's extern resolution (the same from 1.3 to 1.8) (bpf_object__resolve_externs and the
 * ksym helpers it calls), replayed on a kernel described by its BTF.
 */
const char *kf_policy_str(enum kf_policy policy)
{
	switch (policy) {
	case KF_POLICY_LIBBPF:
		return "libbpf";
	case KF_POLICY_MODULE_FIRST:
		return "module-first";
	case KF_POLICY_KERNEL_OVERRIDE:
		return "kernel-override";
	default:
		return "unknown";
	}
}

int kf_policy_parse(const char *s, enum kf_policy *policy)
{
	if (!strcmp(s, "libbpf"))
		*policy = KF_POLICY_LIBBPF;
	else if (!strcmp(s, "module-first"))
		*policy = KF_POLICY_MODULE_FIRST;
	else if (!strcmp(s, "kernel-override"))
		*policy = KF_POLICY_KERNEL_OVERRIDE;
	else
		return -EINVAL;
	return 0;
}

static int ksym_cmp(const void *a, const void *b)
{
	const struct kf_ksym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/*
 * Read kallsyms as libbpf_kallsyms_parse() and kallsyms_cb() do: "ADDR TYPE
 * NAME", where a data symbol ('d') is also known by the part of its name
 * before ".llvm." (static variables renamed by LTO).
 */
int kf_kallsyms_load(struct kf_kallsyms *ks, const char *path,
		     struct kf_error *e)
{
	char name[500], type, *cut;
	unsigned long long addr;
	struct kf_ksym *tmp;
	size_t cap = 0;
	FILE *f;
	int err = 0, n;

	memset(ks, 0, sizeof(*ks));
	f = fopen(path, "re");
	if (!f)
		return kf_error(e, errno, "%s: %s", path, strerror(errno));
	while ((n = fscanf(f, "%llx %c %499s%*[^\n]\n", &addr, &type, name)) == 3) {
		cut = type == 'd' ? strstr(name, ".llvm.") : NULL;
		if (cut)
			*cut = '\0';
		if (ks->cnt == cap) {
			cap = cap ? cap * 2 : 4096;
			tmp = realloc(ks->syms, cap * sizeof(*tmp));
			if (!tmp) {
				err = -ENOMEM;
				break;
			}
			ks->syms = tmp;
		}
		ks->syms[ks->cnt].name = strdup(name);
		if (!ks->syms[ks->cnt].name) {
			err = -ENOMEM;
			break;
		}
		ks->syms[ks->cnt++].addr = addr;
	}
	if (!err && !feof(f))
		err = -EINVAL;
	fclose(f);
	if (err) {
		kf_kallsyms_free(ks);
		if (err == -ENOMEM)
			return kf_error(e, err, "out of memory");
		return kf_error(e, err, "%s: not in kallsyms format", path);
	}
	if (ks->cnt)
		qsort(ks->syms, ks->cnt, sizeof(*ks->syms), ksym_cmp);
	return 0;
}

void kf_kallsyms_free(struct kf_kallsyms *ks)
{
	size_t i;

	for (i = 0; i < ks->cnt; i++)
		free(ks->syms[i].name);
	free(ks->syms);
	memset(ks, 0, sizeof(*ks));
}

/* How many different addresses kallsyms has for @name. */
static size_t kallsyms_addrs(const struct kf_kallsyms *ks, const char *name)
{
	size_t lo = 0, hi = ks->cnt, mid, n = 0;
	unsigned long long last = 0;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ks->syms[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ks->cnt && !strcmp(ks->syms[lo].name, name); lo++) {
		if (!n || ks->syms[lo].addr != last)
			n++;
		last = ks->syms[lo].addr;
	}
	return n;
}

/* Which sources to search, in order; returns how many. */
static size_t search_order(const struct kf_kernel *k, enum kf_policy policy,
			   bool is_func, size_t *order)
{
	size_t i, n = 0;

	/* Without module BTF ids libbpf searches vmlinux alone. */
	if (k->order == KF_ORDER_NAME) {
		order[n++] = 0;
		return n;
	}
	if (is_func && policy == KF_POLICY_MODULE_FIRST) {
		for (i = 1; i < k->src_cnt; i++)
			order[n++] = i;
		order[n++] = 0;
		return n;
	}
	for (i = 0; i < k->src_cnt; i++)
		order[n++] = i;
	return n;
}

static int find_ksym(const struct kf_kernel *k, enum kf_policy policy,
		     const char *name, bool is_func, size_t *src_idx,
		     __u32 *btf_id)
{
	size_t *order, n, i;
	__u32 id;

	order = calloc(k->src_cnt, sizeof(*order));
	if (!order)
		return -ENOMEM;
	n = search_order(k, policy, is_func, order);
	for (i = 0; i < n; i++) {
		const struct kf_source *src = &k->srcs[order[i]];

		id = is_func ? kf_source_find_func(src, name) :
			       kf_source_find_var(src, name);
		if (id) {
			*src_idx = order[i];
			*btf_id = id;
			free(order);
			return 0;
		}
	}
	free(order);
	return -ESRCH;
}

static void set_unresolved(struct kf_resolution *r, bool weak,
			   enum kf_reason reason)
{
	r->outcome = weak ? KF_OUT_UNSET : KF_OUT_FAIL;
	r->reason = reason;
}

static int entry_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kf_ovr_entry *)elem)->name);
}

/* kernel-override: the last valid override of a vmlinux kfunc runs. */
static size_t override_impl(const struct kf_resolve_target *t, const char *name,
			    size_t src_idx)
{
	const struct kf_ovr_entry *ent;

	if (!t->ovr || !t->ovr->cnt || src_idx != 0)
		return src_idx;
	ent = bsearch(name, t->ovr->entries, t->ovr->cnt, sizeof(*ent), entry_cmp);
	if (!ent || ent->kernel_impl < 0)
		return src_idx;
	return ent->links[ent->kernel_impl].src - t->k->srcs;
}

const char *kf_loader_str(enum kf_loader loader)
{
	switch (loader) {
	case KF_LOADER_LIBBPF:
		return "libbpf";
	case KF_LOADER_LSKEL:
		return "lskel";
	case KF_LOADER_CILIUM:
		return "cilium";
	default:
		return "unknown";
	}
}

int kf_loader_parse(const char *s, enum kf_loader *loader)
{
	int i;

	for (i = 0; i < KF_LOADER_CNT; i++) {
		if (!strcmp(s, kf_loader_str(i))) {
			*loader = i;
			return 0;
		}
	}
	return -EINVAL;
}

/*
 * libbpf cuts a kfunc's flavor; gen_loader passes relo->name, the extern's
 * full name, to bpf_btf_find_by_name_kind(); cilium/ebpf's
 * findTargetInKernel() gets kfuncMeta.Func.Name, the full name too.
 */
const char *kf_extern_lookup_name(const struct kf_extern *ext,
				  enum kf_loader loader)
{
	return loader == KF_LOADER_LIBBPF ? ext->essent_name : ext->name;
}

static int resolve_btf_ksym(const struct kf_object *obj,
			    const struct kf_extern *ext,
			    const struct kf_resolve_target *tgt,
			    struct kf_resolution *r)
{
	const char *name = kf_extern_lookup_name(ext, tgt->loader);
	const struct kf_kernel *k = tgt->k;
	enum kf_policy policy = tgt->policy;
	bool is_func = ext->kind == KF_EXT_KFUNC;
	const struct kf_source *src;
	const struct btf_type *t;
	__u32 targ_id;
	int err;

	err = find_ksym(k, policy, name, is_func, &r->src_idx, &r->btf_id);
	if (err == -ENOMEM)
		return err;
	if (err) {
		set_unresolved(r, ext->weak, KF_WHY_NOT_FOUND);
		snprintf(r->why, sizeof(r->why), "%s '%s' not found in %s",
			 is_func ? "function" : "variable", name,
			 k->src_cnt > 1 ? "vmlinux or module BTF" : "vmlinux BTF");
		return 0;
	}
	r->found = true;
	r->impl_idx = r->src_idx;
	src = &k->srcs[r->src_idx];
	t = btf__type_by_id(src->btf, r->btf_id);
	targ_id = t->type;
	if (!is_func) {
		/* libbpf compares the VAR's type with modifiers skipped. */
		skip_mods_and_typedefs(src->btf, targ_id, &targ_id);
	} else {
		r->is_kfunc = !!kf_source_find_kfunc(src, name);
		if (policy == KF_POLICY_KERNEL_OVERRIDE)
			r->impl_idx = override_impl(tgt, name, r->src_idx);
	}
	/* gen_loader takes the BTF id of whatever has the name and kind. */
	if (tgt->loader == KF_LOADER_LSKEL ||
	    kf_types_compat(obj->btf, ext->type_id, src->btf, targ_id, r->why,
			    sizeof(r->why)) > 0) {
		r->outcome = KF_OUT_BOUND;
		r->why[0] = '\0';
		/*
		 * The verifier refuses a call of a FUNC in no kfunc set, as
		 * known where the kernel says which FUNCs are kfuncs.
		 */
		if (is_func && !r->is_kfunc && k->srcs[0].evidence) {
			r->reason = KF_WHY_NOT_KFUNC;
			snprintf(r->why, sizeof(r->why), "not a kfunc: calls are rejected");
		}
		return 0;
	}
	/*
	 * Incompatible typed ksym VARs fail even when weak; cilium/ebpf fails
	 * incompatible kfuncs too (incompatibleKfuncError).
	 */
	r->outcome = is_func && ext->weak && tgt->loader == KF_LOADER_LIBBPF ?
		     KF_OUT_UNSET : KF_OUT_FAIL;
	r->reason = KF_WHY_INCOMPATIBLE;
	return 0;
}

/*
 * cilium/ebpf 0.22: a ksym VAR whose type is not void itself (const void
 * is not) fails the load of the whole object (Spec.fixupDatasec, "expected
 * ... to be *Void"); a void one is a kallsyms address
 * (resolveKsymReferences): a name seen twice is an error, a missing one is
 * an error unless weak.
 */
static void resolve_cilium_var(const struct kf_object *obj,
			       const struct kf_extern *ext,
			       const struct kf_kallsyms *ks,
			       struct kf_resolution *r)
{
	size_t addrs;

	if (btf__type_by_id(obj->btf, ext->btf_id)->type) {
		r->outcome = KF_OUT_FAIL;
		r->reason = KF_WHY_UNSUPPORTED;
		snprintf(r->why, sizeof(r->why),
			 "cilium/ebpf supports ksyms of type void only: '%s' has another",
			 ext->name);
		return;
	}
	if (!ks) {
		r->outcome = KF_OUT_KALLSYMS;
		snprintf(r->why, sizeof(r->why),
			 "cilium/ebpf: resolved from kallsyms at load time");
		return;
	}
	addrs = kallsyms_addrs(ks, ext->name);
	if (addrs > 1) {
		r->outcome = KF_OUT_FAIL;
		r->reason = KF_WHY_AMBIGUOUS;
		snprintf(r->why, sizeof(r->why),
			 "'%s' has %zu addresses in kallsyms: cilium/ebpf refuses ambiguous symbols",
			 ext->name, addrs);
	} else if (!addrs) {
		set_unresolved(r, ext->weak, KF_WHY_NOT_IN_KALLSYMS);
		snprintf(r->why, sizeof(r->why), "'%s' not found in kallsyms",
			 ext->name);
	} else {
		r->outcome = KF_OUT_BOUND;
	}
}

int kf_resolve_object(const struct kf_object *obj,
		      const struct kf_resolve_target *t,
		      struct kf_resolution *res, struct kf_error *e)
{
	const struct kf_kallsyms *ks = t->ks;
	const struct kf_kernel *k = t->k;
	const struct kf_extern *ext;
	bool need_kallsyms = false;
	struct kf_resolution *r;
	size_t i, addrs;
	int err;

	if (!k->src_cnt || !k->srcs[0].btf)
		return kf_error(e, EINVAL, "kernel %s: no vmlinux BTF", k->name);
	/* libbpf reads kallsyms only for a typeless ksym, then for all VARs. */
	for (i = 0; i < obj->extern_cnt; i++)
		if (obj->externs[i].kind == KF_EXT_VAR_TYPELESS)
			need_kallsyms = true;
	for (i = 0; i < obj->extern_cnt; i++) {
		ext = &obj->externs[i];
		r = &res[i];
		memset(r, 0, sizeof(*r));
		addrs = 0;
		if (ext->kind != KF_EXT_KFUNC && t->loader == KF_LOADER_CILIUM) {
			resolve_cilium_var(obj, ext, ks, r);
			continue;
		}
		if (ext->kind != KF_EXT_KFUNC && need_kallsyms && ks) {
			addrs = kallsyms_addrs(ks, ext->name);
			if (addrs > 1) {
				r->outcome = KF_OUT_FAIL;
				r->reason = KF_WHY_AMBIGUOUS;
				snprintf(r->why, sizeof(r->why),
					 "'%s' has %zu addresses in kallsyms: libbpf finds the resolution ambiguous",
					 ext->name, addrs);
				continue;
			}
		}
		if (ext->kind == KF_EXT_VAR_TYPELESS) {
			if (!ks) {
				r->outcome = KF_OUT_KALLSYMS;
				snprintf(r->why, sizeof(r->why),
					 "typeless ksym: resolved from kallsyms at load time");
			} else if (addrs) {
				r->outcome = KF_OUT_BOUND;
			} else {
				set_unresolved(r, ext->weak, KF_WHY_NOT_IN_KALLSYMS);
				snprintf(r->why, sizeof(r->why),
					 "'%s' not found in kallsyms", ext->name);
			}
			continue;
		}
		err = resolve_btf_ksym(obj, ext, t, r);
		if (err)
			return kf_error(e, err, "out of memory");
		if (ext->kind != KF_EXT_VAR)
			continue;
		if (r->outcome == KF_OUT_UNSET && r->reason == KF_WHY_NOT_FOUND && need_kallsyms) {
			/*
			 * kallsyms set it: libbpf emits a BTF id of 0, which
			 * the verifier refuses in each program loading it.
			 */
			if (addrs) {
				r->outcome = KF_OUT_BOUND;
				r->reason = KF_WHY_KALLSYMS_ONLY;
				snprintf(r->why, sizeof(r->why),
					 "no BTF variable '%s', but kallsyms has it: libbpf takes its address, the verifier rejects BTF id 0",
					 ext->name);
			} else if (!ks) {
				snprintf(r->why + strlen(r->why), sizeof(r->why) - strlen(r->why),
					 "; if kallsyms has it, the programs loading it fail (not checked)");
			}
			continue;
		}
		if (r->outcome != KF_OUT_BOUND)
			continue;
		/*
		 * The verifier takes a typed ksym's address from kallsyms,
		 * for each program loading it, before it follows any path.
		 */
		if (!ks) {
			snprintf(r->why, sizeof(r->why),
				 "its address comes from kallsyms at load time (not checked)");
		} else if (!kallsyms_addrs(ks, ext->name)) {
			r->reason = KF_WHY_NOT_IN_KALLSYMS;
			snprintf(r->why, sizeof(r->why),
				 "verifier: no kallsyms address for '%s' (kernel without CONFIG_KALLSYMS_ALL?)",
				 ext->name);
		}
	}
	return 0;
}

bool kf_resolution_loads(const struct kf_resolution *res, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		if (res[i].outcome == KF_OUT_FAIL)
			return false;
	return true;
}

void kf_flavor_groups_free(struct kf_group *groups, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		free(groups[i].members);
	free(groups);
}

int kf_flavor_groups(const struct kf_object *obj, const struct kf_resolution *res,
		     struct kf_group **groups, size_t *cnt)
{
	size_t i, j, n = 0, v_cap = 0, *m;
	struct kf_group *v = NULL, *g;
	const struct kf_extern *ext;
	bool flavored;

	for (i = 0; i < obj->extern_cnt; i++) {
		ext = &obj->externs[i];
		if (ext->kind != KF_EXT_KFUNC)
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(v[j].essent_name, ext->essent_name))
				break;
		if (j == n) {
			g = kf_grow((void **)&v, &v_cap, sizeof(*g), n);
			if (!g)
				goto nomem;
			g->essent_name = ext->essent_name;
			n++;
		}
		g = &v[j];
		m = kf_grow((void **)&g->members, &g->cap, sizeof(*m), g->cnt);
		if (!m)
			goto nomem;
		*m = i;
		g->cnt++;
		if (res[i].outcome == KF_OUT_BOUND)
			g->true_cnt++;
		flavored = strcmp(ext->name, ext->essent_name);
		if (flavored && !ext->weak)
			g->warnings |= KF_GROUP_STRONG_FLAVOR;
	}
	/* Keep the groups that have flavors. */
	for (i = 0, j = 0; i < n; i++) {
		flavored = v[i].cnt > 1 ||
			   strcmp(obj->externs[v[i].members[0]].name, v[i].essent_name);
		if (!flavored) {
			free(v[i].members);
			continue;
		}
		if (!v[i].true_cnt)
			v[i].warnings |= KF_GROUP_NONE_TRUE;
		if (v[i].true_cnt > 1)
			v[i].warnings |= KF_GROUP_MANY_TRUE;
		v[j++] = v[i];
	}
	*groups = v;
	*cnt = j;
	return 0;
nomem:
	kf_flavor_groups_free(v, n);
	return -ENOMEM;
}

/*
 * What the verifier sees of the externs libbpf left unresolved. libbpf
 * poisons a call of an unresolved weak kfunc, and loads 0 for the address
 * of an unresolved ksym; the verifier rejects the program when such a call,
 * or a dereference of that NULL, is reachable. bpf_ksym_exists() is an
 * ld_imm64 of the extern tested against 0: the verifier knows the outcome
 * and walks one edge only, so a guarded call is dead code.
 *
 * The verifier is modelled per register and 8-byte stack slot: unknown, a
 * known constant, a non-NULL address, or an offset from the frame pointer.
 * A worklist over the function's jump targets joins states (disagreement
 * makes a value unknown), so loops end. Static subprograms are analyzed
 * with the caller's arguments, as the verifier inlines them; global
 * functions and callbacks on their own with unknown arguments, when a
 * reachable instruction names them (kernels >= 6.8 verify only those).
 */
/* The verifier's MAX_CALL_FRAMES (16 since Linux 7.0, 8 before). */
#define MAX_FRAMES	16
#define NR_REGS		11
#define FP		10
#define STACK_SIZE	512
#define STACK_SLOTS	STACK_SIZE	/* one per byte at most */
/* Linux 6.15 UAPI, missing from the headers of older trees. */
#ifndef BPF_LOAD_ACQ
#define BPF_LOAD_ACQ	0x100
#endif

enum val_kind {
	V_UNKNOWN,
	V_CONST,
	V_NONNULL,	/* an address the verifier knows is not NULL */
	V_FP,		/* frame pointer + v */
	V_RODATA,	/* read-only data section ro - 1, + v */
	V_JT,		/* the jump table loaded at insn jt, + v bytes */
	V_INSN,		/* entry v of the jump table loaded at insn jt */
	/* With kf_rodata_tests: read-only data the application may set. */
	V_ROVAL,	/* a value of section ro - 1, as RO_* of v say */
	V_ROCALC,	/* a value computed from one */
};

/* V_ROVAL: offset, size, sign extension, and a shift left to sign-extend. */
#define RO_OFF(v)	((__u32)(v))
#define RO_SIZE(v)	((__u8)((v) >> 32))
#define RO_SHL(v)	((__u8)((v) >> 40))
#define RO_SEXT		(1ULL << 48)
#define RO_VAL(off, size)	((off) | (__u64)(size) << 32)

struct val {
	__u8 kind;
	__u16 ro;
	union {
		__u32 ext1;	/* 1 + the extern whose address this is, or 0 */
		__u32 jt;	/* V_JT, V_INSN */
	};
	__u64 v;
};

/* Bytes [off, off + size) of the frame hold v. */
struct slot {
	__s16 off;
	__u8 size;
	struct val v;
};

/* Stored at jump targets with nslot slots; the walker uses all of them. */
struct state {
	struct val r[NR_REGS];
	__u16 nslot;
	bool queued;
	struct slot s[];
};

#define STATE_SZ(n)	(sizeof(struct state) + (n) * sizeof(struct slot))

struct memo {
	size_t func;
	struct val args[5];
};

struct reach {
	const struct kf_object *obj;
	const struct kf_resolution *res;
	struct kf_prog_verdict *out;
	const bool *refused;	/* [prog * extern_cnt + ext], or NULL */
	/* .rodata holds the object's initial values, or, with tests, unknown */
	struct kf_rodata_tests *tests;
	bool indirect_jumps;	/* the kernel verifies gotox */
	size_t prog;		/* the program analyzed */
	bool *queued;		/* per function: global or callback to verify */
	size_t *queue, qn;
	struct memo *memo;
	size_t memo_cnt;
	size_t memo_cap;
	size_t steps, mem;
	struct val scratch;	/* invalid registers, writes to r10 */
	struct kf_error *e;
};

static const struct val unknown;

static bool val_eq(const struct val *a, const struct val *b)
{
	return a->kind == b->kind && a->ext1 == b->ext1 && a->ro == b->ro &&
	       (a->kind == V_UNKNOWN || a->kind == V_ROCALC || a->v == b->v);
}

static struct val cnst(__u64 v)
{
	return (struct val){ .kind = V_CONST, .v = v };
}

static struct val *reg(struct reach *r, struct state *st, __u8 n)
{
	/* Invalid registers, and writes to r10, go nowhere. */
	if (n >= FP) {
		r->scratch = n == FP ? st->r[FP] : unknown;
		return &r->scratch;
	}
	return &st->r[n];
}

static struct slot *slot_find(struct state *st, __s64 off, __u32 size)
{
	__u16 i;

	for (i = 0; i < st->nslot; i++)
		if (st->s[i].off == off && st->s[i].size == size)
			return &st->s[i];
	return NULL;
}

static void slot_drop(struct state *st, struct slot *s)
{
	*s = st->s[--st->nslot];
}

/* Forget the bytes in [@lo, @hi) of the frame. */
static void slots_clobber(struct state *st, __s64 lo, __s64 hi)
{
	__u16 i = 0;

	while (i < st->nslot) {
		if (st->s[i].off < hi && st->s[i].off + st->s[i].size > lo)
			slot_drop(st, &st->s[i]);
		else
			i++;
	}
}

/*
 * As check_stack_write_fixed_off(): a spill at an 8-byte aligned offset
 * keeps a scalar of any size, or a pointer of 8 bytes; zero is known in
 * any bytes (STACK_ZERO); other writes make their bytes unknown.
 */
static void slot_store(struct state *st, __s64 off, __u32 size,
		       const struct val *v)
{
	struct slot *s;

	if (off < -STACK_SIZE || off + size > 0)
		return;
	slots_clobber(st, off, off + size);
	if (!(v->kind == V_CONST && (!v->v || off % 8 == 0)) &&
	    !(v->kind != V_UNKNOWN && size == 8 && off % 8 == 0))
		return;
	s = &st->s[st->nslot++];
	s->off = off;
	s->size = size;
	s->v = *v;
	if (size < 8)
		s->v.v &= (1ULL << size * 8) - 1;
}

/* A fill: the same spill, or bytes known to be zero. */
static struct val slot_load(struct state *st, __s64 off, __u32 size)
{
	struct slot *s = slot_find(st, off, size);
	__u16 i;

	if (s)
		return s->v;
	for (i = 0; i < st->nslot; i++) {
		s = &st->s[i];
		if (s->v.kind == V_CONST && !s->v.v && s->off <= off &&
		    off + size <= s->off + s->size)
			return cnst(0);
	}
	return unknown;
}

static __u64 sext(__u64 v, int bits)
{
	return bits >= 64 ? v : (__u64)((__s64)(v << (64 - bits)) >> (64 - bits));
}

/* @a op @b on constants, as the ALU does; false when not known. */
static bool alu_const(__u8 op, bool is64, __s16 off, __u64 a, __u64 b, __u64 *res)
{
	__u64 mask = is64 ? ~0ULL : 0xffffffffULL;
	unsigned int bits = is64 ? 64 : 32;

	a &= mask;
	b &= mask;
	switch (op) {
	case BPF_ADD:
		*res = a + b;
		break;
	case BPF_SUB:
		*res = a - b;
		break;
	case BPF_MUL:
		*res = a * b;
		break;
	case BPF_OR:
		*res = a | b;
		break;
	case BPF_AND:
		*res = a & b;
		break;
	case BPF_XOR:
		*res = a ^ b;
		break;
	case BPF_NEG:
		*res = -a;
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		/* The verifier gives up on shifts past the width. */
		if (b >= bits)
			return false;
		if (op == BPF_LSH)
			*res = a << b;
		else if (op == BPF_RSH)
			*res = a >> b;
		else
			*res = (__u64)((__s64)sext(a, bits) >> b);
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (!b || off)
			return false;
		*res = op == BPF_DIV ? a / b : a % b;
		break;
	case BPF_MOV:
		/* movsx: sign extension from 8, 16 or 32 bits. */
		if (off && off != 8 && off != 16 && off != 32)
			return false;
		*res = off ? sext(b, off) : b;
		break;
	default:
		return false;
	}
	*res &= mask;
	return true;
}

/*
 * The ways compilers extend a value of read-only data, tracked; anything
 * else computes a value from it.
 */
static struct val rodata_alu(__u8 op, bool is64, __s16 off, const struct val *dst,
			     const struct val *src)
{
	struct val v = op == BPF_MOV ? *src : *dst;
	__u8 bits = RO_SIZE(v.v) * 8, shl = RO_SHL(v.v);
	bool sext = v.v & RO_SEXT;
	__u64 at = RO_VAL(RO_OFF(v.v), RO_SIZE(v.v));

	if (v.kind != V_ROVAL)
		return (struct val){ .kind = V_ROCALC };
	if (op == BPF_MOV && !shl) {
		if (!is64 && !off && bits <= 32 && !(sext && bits < 32))
			v.v = at;	/* 32 bits of it, zero-extended */
		else if (!is64 || (off && (sext || off < bits)))
			v = (struct val){ .kind = V_ROCALC };
		else if (off == bits)
			v.v = at | RO_SEXT;	/* movsx */
		/* else movsx of a narrower value, which changes nothing */
		return v;
	}
	if (!is64 || src->kind != V_CONST || sext || bits == 64 ||
	    (op != BPF_LSH && op != BPF_ARSH && op != BPF_RSH))
		return (struct val){ .kind = V_ROCALC };
	if (op == BPF_LSH && !shl && src->v == 64U - bits)
		v.v = at | (__u64)src->v << 40;
	else if (shl && src->v == shl)
		v.v = op == BPF_ARSH ? at | RO_SEXT : at;
	else
		v = (struct val){ .kind = V_ROCALC };
	return v;
}

static void do_alu(struct reach *r, struct state *st, const struct bpf_insn *insn,
		   bool reloc)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	__u8 op = BPF_OP(insn->code);
	struct val *dst = reg(r, st, insn->dst_reg), src, old = *dst;
	__u64 res;

	if (BPF_SRC(insn->code) == BPF_X)
		src = *reg(r, st, insn->src_reg);
	else
		src = reloc ? unknown : cnst((__u64)(__s64)insn->imm);
	if (op == BPF_MOV && !insn->off && is64) {
		*dst = src;
	} else if ((dst->kind == V_CONST || op == BPF_MOV) && src.kind == V_CONST &&
		   op != BPF_END && alu_const(op, is64, insn->off, dst->v, src.v, &res)) {
		*dst = cnst(res);
		/* An extern's address plus an offset still points into it. */
		if (is64 && (op == BPF_ADD || op == BPF_SUB))
			dst->ext1 = old.ext1;
	} else if ((dst->kind == V_FP || dst->kind == V_NONNULL ||
		    dst->kind == V_RODATA || dst->kind == V_JT) && is64 &&
		   (op == BPF_ADD || op == BPF_SUB) && src.kind == V_CONST) {
		dst->v += op == BPF_ADD ? src.v : -src.v;
	} else {
		/* From read-only data and what the verifier knows, it knows it. */
		if ((src.kind == V_ROVAL || src.kind == V_ROCALC ||
		     (op != BPF_MOV && (old.kind == V_ROVAL || old.kind == V_ROCALC))) &&
		    (op == BPF_MOV || (old.kind != V_UNKNOWN && src.kind != V_UNKNOWN)))
			*dst = rodata_alu(op, is64, insn->off, &old, &src);
		else
			*dst = unknown;
		/* The stack may now be written through a pointer we lost. */
		if (old.kind == V_FP && op != BPF_MOV)
			st->nslot = 0;
	}
}

static int add_site(struct reach *r, size_t sec, __u32 insn, size_t ext,
		    enum kf_site_kind kind)
{
	struct kf_prog_verdict *v = r->out;
	struct kf_site *site;
	size_t i;

	for (i = 0; i < v->site_cnt; i++)
		if (v->sites[i].sec == sec && v->sites[i].insn == insn &&
		    v->sites[i].ext == ext)
			return 0;
	site = kf_grow((void **)&v->sites, &v->site_cap, sizeof(*site), v->site_cnt);
	if (!site)
		return kf_error(r->e, ENOMEM, "out of memory");
	*site = (struct kf_site){ sec, insn, ext, kind };
	v->site_cnt++;
	return 0;
}

/* A NULL ksym variable used as a pointer. */
static int check_use(struct reach *r, const struct val *v, size_t sec, __u32 insn)
{
	size_t ext;

	if (!v->ext1 || v->kind != V_CONST)
		return 0;
	ext = v->ext1 - 1;
	if (r->obj->externs[ext].kind == KF_EXT_KFUNC)
		return 0;
	return add_site(r, sec, insn, ext, KF_SITE_USE);
}

/* A call of an unbound kfunc is poisoned; one of a non-kfunc is refused. */
static bool call_refused(const struct kf_resolution *res)
{
	return res->outcome == KF_OUT_UNSET ||
	       (res->outcome == KF_OUT_BOUND && res->reason == KF_WHY_NOT_KFUNC);
}

/* The verifier finds no address for a bound ksym: no kallsyms entry, or no BTF id. */
static bool address_refused(const struct kf_resolution *res)
{
	return res->outcome == KF_OUT_BOUND &&
	       (res->reason == KF_WHY_NOT_IN_KALLSYMS || res->reason == KF_WHY_KALLSYMS_ONLY);
}

static struct val extern_val(const struct reach *r, size_t ext)
{
	const struct kf_extern *x = &r->obj->externs[ext];
	struct val v = unknown;

	switch (r->res[ext].outcome) {
	case KF_OUT_BOUND:
		/*
		 * A kfunc is PTR_TO_MEM, a typeless ksym a constant address:
		 * both known non-NULL. A typed ksym's PTR_TO_BTF_ID is not.
		 */
		if (x->kind == KF_EXT_VAR)
			return v;
		v.kind = V_NONNULL;
		break;
	case KF_OUT_UNSET:
		v = cnst(0);
		break;
	default:
		return v;
	}
	v.ext1 = ext + 1;
	return v;
}

static void queue_func(struct reach *r, size_t func)
{
	if (r->queued[func])
		return;
	r->queued[func] = true;
	r->queue[r->qn++] = func;
}

static int analyze(struct reach *r, size_t func, const struct state *entry, int depth);

/* Whether @func was analyzed with these arguments; records it if not. */
static int memo_add(struct reach *r, size_t func, const struct state *st)
{
	struct memo *m;
	size_t i;
	int j;

	for (i = 0; i < r->memo_cnt; i++) {
		m = &r->memo[i];
		if (m->func != func)
			continue;
		for (j = 0; j < 5; j++)
			if (!val_eq(&m->args[j], &st->r[j + 1]))
				break;
		if (j == 5)
			return 1;
	}
	m = kf_grow((void **)&r->memo, &r->memo_cap, sizeof(*m), r->memo_cnt);
	if (!m)
		return kf_error(r->e, ENOMEM, "out of memory");
	r->memo_cnt++;
	m->func = func;
	for (j = 0; j < 5; j++)
		m->args[j] = st->r[j + 1];
	return 0;
}

static struct state *state_new(void)
{
	struct state *st = calloc(1, STATE_SZ(STACK_SLOTS));

	if (st)
		st->r[FP].kind = V_FP;
	return st;
}

static int do_call(struct reach *r, struct state *st, const struct kf_code_sec *s,
		   size_t sec, __u32 i, int depth)
{
	const struct bpf_insn *insn = &s->insns[i];
	const struct kf_insn_aux *aux = &s->aux[i];
	struct state *callee;
	int j, err = 0;

	if (aux->ext >= 0) {
		if (call_refused(&r->res[aux->ext]))
			err = add_site(r, sec, i, aux->ext, KF_SITE_CALL);
		else if (r->res[aux->ext].outcome == KF_OUT_BOUND && r->refused &&
			 r->refused[r->prog * r->obj->extern_cnt + aux->ext])
			err = add_site(r, sec, i, aux->ext, KF_SITE_TYPE);
	} else if (insn->src_reg == BPF_PSEUDO_CALL && aux->callee >= 0) {
		if (r->obj->code.funcs[aux->callee].global) {
			queue_func(r, aux->callee);
		} else if (depth >= MAX_FRAMES) {
			err = kf_error(r->e, E2BIG, "%s: call chain deeper than %d frames at %s insn %u",
				       r->obj->path, MAX_FRAMES, s->name, i);
		} else {
			callee = state_new();
			if (!callee)
				return kf_error(r->e, ENOMEM, "out of memory");
			/* Pointers to the caller's stack are unknown there. */
			for (j = 1; j <= 5; j++)
				if (st->r[j].kind != V_FP)
					callee->r[j] = st->r[j];
			err = memo_add(r, aux->callee, callee);
			if (!err)
				err = analyze(r, aux->callee, callee, depth + 1);
			else if (err > 0)
				err = 0;
			free(callee);
		}
	} else {
		/* Helpers take a ksym variable's address in r1. */
		err = check_use(r, &st->r[1], sec, i);
	}
	for (j = 1; j <= 5; j++)
		if (st->r[j].kind == V_FP)
			slots_clobber(st, (__s64)st->r[j].v, 0);
	for (j = 0; j <= 5; j++)
		st->r[j] = unknown;
	return err;
}

/* Known outcome of a conditional jump: 1 taken, 0 not, -1 unknown. */
static int cond(__u8 op, bool jmp32, const struct val *a, const struct val *b)
{
	__u64 x = a->v, y = b->v;

	if (a->kind == V_CONST && b->kind == V_CONST) {
		if (jmp32) {
			x = sext(x & 0xffffffffULL, 32);
			y = sext(y & 0xffffffffULL, 32);
			if (op != BPF_JSGT && op != BPF_JSGE && op != BPF_JSLT &&
			    op != BPF_JSLE) {
				x &= 0xffffffffULL;
				y &= 0xffffffffULL;
			}
		}
		switch (op) {
		case BPF_JEQ: return x == y;
		case BPF_JNE: return x != y;
		case BPF_JGT: return x > y;
		case BPF_JGE: return x >= y;
		case BPF_JLT: return x < y;
		case BPF_JLE: return x <= y;
		case BPF_JSGT: return (__s64)x > (__s64)y;
		case BPF_JSGE: return (__s64)x >= (__s64)y;
		case BPF_JSLT: return (__s64)x < (__s64)y;
		case BPF_JSLE: return (__s64)x <= (__s64)y;
		case BPF_JSET: return !!(x & y);
		default: return -1;
		}
	}
	/* The verifier's is_branch_taken(): a non-NULL pointer against 0. */
	if (jmp32 || (op != BPF_JEQ && op != BPF_JNE))
		return -1;
	if ((a->kind == V_NONNULL && b->kind == V_CONST && !y) ||
	    (b->kind == V_NONNULL && a->kind == V_CONST && !x))
		return op == BPF_JNE;
	return -1;
}

/*
 * Test @a against @b on read-only data the application sets: the way the
 * tests say, else unknown, and recorded.
 */
static int rodata_test(struct kf_rodata_tests *t, __u8 op, bool jmp32,
		       const struct val *a, const struct val *b)
{
	bool sext = a->v & RO_SEXT;
	struct kf_rodata_test *x;
	size_t i;

	for (i = 0; i < t->cnt; i++) {
		x = &t->t[i];
		if (x->ro == a->ro - 1U && x->off == RO_OFF(a->v) &&
		    x->size == RO_SIZE(a->v) && x->sext == sext && x->op == op &&
		    x->jmp32 == jmp32 && x->imm == b->v)
			return t->assigned ? !!(t->taken & 1U << i) : -1;
	}
	if (t->assigned)
		return -1;
	if (t->cnt == KF_RODATA_TESTS_MAX) {
		t->too_many = true;
		return -1;
	}
	t->t[t->cnt++] = (struct kf_rodata_test){
		.ro = a->ro - 1U, .off = RO_OFF(a->v), .size = RO_SIZE(a->v),
		.sext = sext, .op = op, .jmp32 = jmp32, .imm = b->v,
	};
	return -1;
}

/* Outcome of the conditional jump at insn @i, as cond(). */
static int branch(struct reach *r, __u8 op, bool jmp32, const struct val *a,
		  const struct val *b, __u32 i)
{
	/* The jump with its operands swapped: CONST op X as X op' CONST. */
	static const __u8 swapped[16] = {
		[BPF_JEQ >> 4] = BPF_JEQ, [BPF_JNE >> 4] = BPF_JNE,
		[BPF_JSET >> 4] = BPF_JSET,
		[BPF_JGT >> 4] = BPF_JLT, [BPF_JLT >> 4] = BPF_JGT,
		[BPF_JGE >> 4] = BPF_JLE, [BPF_JLE >> 4] = BPF_JGE,
		[BPF_JSGT >> 4] = BPF_JSLT, [BPF_JSLT >> 4] = BPF_JSGT,
		[BPF_JSGE >> 4] = BPF_JSLE, [BPF_JSLE >> 4] = BPF_JSGE,
	};

	if (a->kind == V_ROVAL && b->kind == V_CONST && !RO_SHL(a->v))
		return rodata_test(r->tests, op, jmp32, a, b);
	if (b->kind == V_ROVAL && a->kind == V_CONST && !RO_SHL(b->v) &&
	    swapped[op >> 4])
		return rodata_test(r->tests, swapped[op >> 4], jmp32, b, a);
	/* Against a value the verifier does not know either, both ways. */
	if ((a->kind == V_ROVAL || a->kind == V_ROCALC ||
	     b->kind == V_ROVAL || b->kind == V_ROCALC) &&
	    a->kind != V_UNKNOWN && b->kind != V_UNKNOWN) {
		if (!r->tests->computed)
			r->tests->computed_insn = i;
		r->tests->computed = true;
		return -1;
	}
	return cond(op, jmp32, a, b);
}

/* Join @st into the state stored at a jump target; 1 when it changed. */
static int merge(struct reach *r, struct state **slotp, const struct state *st)
{
	struct state *old = *slotp;
	bool changed = false;
	struct slot *s;
	__u16 i = 0;
	int j;

	if (!old) {
		if (r->mem + STATE_SZ(st->nslot) > KF_REACH_MAX_MEM)
			return kf_error(r->e, E2BIG, "%s: too complex for the analysis (memory)",
					r->obj->path);
		old = malloc(STATE_SZ(st->nslot));
		if (!old)
			return kf_error(r->e, ENOMEM, "out of memory");
		memcpy(old, st, STATE_SZ(st->nslot));
		old->queued = false;
		r->mem += STATE_SZ(st->nslot);
		*slotp = old;
		return 1;
	}
	for (j = 0; j < NR_REGS; j++) {
		if (!val_eq(&old->r[j], &st->r[j]) && old->r[j].kind != V_UNKNOWN) {
			old->r[j] = unknown;
			changed = true;
		}
	}
	while (i < old->nslot) {
		s = slot_find((struct state *)st, old->s[i].off, old->s[i].size);
		if (!s || !val_eq(&s->v, &old->s[i].v)) {
			slot_drop(old, &old->s[i]);
			changed = true;
		} else {
			i++;
		}
	}
	return changed;
}

struct walk {
	struct state **at;	/* per insn of the function: stored state */
	__u32 *stack, sn;
	const struct kf_func *f;
};

static int flow_to(struct reach *r, struct walk *w, __u32 insn,
		   const struct state *st)
{
	struct state **p = &w->at[insn - w->f->start];
	int changed = merge(r, p, st);

	if (changed <= 0 || (*p)->queued)
		return changed < 0 ? changed : 0;
	(*p)->queued = true;
	w->stack[w->sn++] = insn;
	return 0;
}

/*
 * An indirect jump through @dst. The verifier follows the entries of the
 * loaded offset's range (check_indirect_jump()): the one entry of a known
 * offset, else every entry of the tables the function loads. An offset
 * past its table, or a table of another function, makes the verifier
 * refuse the program, for no kfunc.
 */
static int flow_to_jumps(struct reach *r, struct walk *w,
			 const struct state *st, const struct val *dst)
{
	const struct kf_jump *j;
	size_t n, k;
	int err = 0;

	if (dst->kind == V_INSN) {
		j = dst->v <= UINT32_MAX ?
		    kf_code_jump(&r->obj->code, w->f->sec, dst->jt, dst->v) : NULL;
		/* A table of another function: the jump leaves this one. */
		if (!j || j->target < w->f->start || j->target >= w->f->end)
			return 0;
		return flow_to(r, w, j->target, st);
	}
	j = kf_code_jumps(&r->obj->code, w->f, &n);
	for (k = 0; !err && k < n; k++)
		err = flow_to(r, w, j[k].target, st);
	return err;
}

/* The verifier's bpf_map_direct_read() of a frozen read-only map. */
static struct val rodata_load(const struct reach *r, const struct val *base,
			      __s16 off, __u32 size)
{
	const struct kf_rodata *ro = &r->obj->code.rodata[base->ro - 1];
	__u64 at = base->v + (__s64)off;
	__u8 b1;
	__u16 b2;
	__u32 b4;
	__u64 b8;

	if (at >= ro->size || size > ro->size - at)
		return unknown;
	if (r->tests)
		return (struct val){ .kind = V_ROVAL, .ro = base->ro,
				     .v = RO_VAL(at, size) };
	switch (size) {
	case 1:
		memcpy(&b1, (const char *)ro->data + at, size);
		return cnst(b1);
	case 2:
		memcpy(&b2, (const char *)ro->data + at, size);
		return cnst(b2);
	case 4:
		memcpy(&b4, (const char *)ro->data + at, size);
		return cnst(b4);
	default:
		memcpy(&b8, (const char *)ro->data + at, size);
		return cnst(b8);
	}
}

static int step_insn(struct reach *r, struct walk *w, struct state *st,
		     size_t sec, __u32 *ip, int depth)
{
	const struct kf_code_sec *s = &r->obj->code.secs[sec];
	__u32 i = *ip;
	const struct bpf_insn *insn = &s->insns[i];
	const struct kf_insn_aux *aux = &s->aux[i];
	__u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	static const __u8 sizes[] = { 4, 2, 1, 8 };	/* W, H, B, DW */
	__u32 size = sizes[BPF_SIZE(insn->code) >> 3];
	struct val *dst = reg(r, st, insn->dst_reg), src, base;
	int taken, err;

	switch (class) {
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (aux->ext >= 0)
				*dst = extern_val(r, aux->ext);
			else if (aux->rodata >= 0)
				*dst = (struct val){ .kind = V_RODATA, .ro = aux->rodata + 1,
						     .v = aux->rodata_off };
			/* libbpf keeps the map value offset in insn[1].imm. */
			else if (aux->flags & KF_INSN_JT)
				*dst = (struct val){ .kind = V_JT, .jt = i,
						     .v = (__u32)insn[1].imm };
			else if (aux->flags & KF_INSN_RELOC || insn->src_reg)
				*dst = unknown;
			else
				*dst = cnst((__u32)insn->imm |
					    (__u64)insn[1].imm << 32);
			if (aux->callee >= 0)
				queue_func(r, aux->callee);
			*ip = i + 2;
			return 0;
		}
		/* Legacy packet loads clobber r0-r5 as a call does. */
		err = do_call(r, st, s, sec, i, depth);
		break;
	case BPF_LDX:
		base = *reg(r, st, insn->src_reg);
		err = check_use(r, &base, sec, i);
		if (BPF_MODE(insn->code) != BPF_MEM)
			*dst = unknown;
		else if (base.kind == V_FP)
			*dst = slot_load(st, (__s64)base.v + insn->off, size);
		else if (base.kind == V_RODATA)
			*dst = rodata_load(r, &base, insn->off, size);
		/* check_map_mem_read(): an insn_array entry, by its offset. */
		else if (base.kind == V_JT && size == 8 &&
			 (__s64)(base.v + (__s64)insn->off) >= 0)
			*dst = (struct val){ .kind = V_INSN, .jt = base.jt,
					     .v = (base.v + (__s64)insn->off) / 8 };
		else
			*dst = unknown;
		break;
	case BPF_ST:
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC && insn->imm == BPF_LOAD_ACQ) {
			base = *reg(r, st, insn->src_reg);
			*dst = unknown;
			err = check_use(r, &base, sec, i);
			break;
		}
		base = *reg(r, st, insn->dst_reg);
		err = check_use(r, &base, sec, i);
		if (class == BPF_ST)
			src = aux->flags & KF_INSN_RELOC ? unknown :
			      cnst((__u64)(__s64)insn->imm);
		else
			src = *reg(r, st, insn->src_reg);
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			/* Fetching atomics write src_reg or r0 back. */
			src = unknown;
			*reg(r, st, insn->src_reg) = unknown;
			st->r[0] = unknown;
		} else if (BPF_MODE(insn->code) != BPF_MEM) {
			src = unknown;
		}
		if (base.kind == V_FP)
			slot_store(st, (__s64)base.v + insn->off, size, &src);
		break;
	case BPF_ALU:
	case BPF_ALU64:
		do_alu(r, st, insn, aux->flags & KF_INSN_RELOC);
		err = 0;
		break;
	default:
		/*
		 * The verifier ends a path at an exit, and refuses the program
		 * at a JMP32 call ("reserved fields"), which check_subprogs()
		 * lets by as a call: no jump target of its own.
		 */
		if (op == BPF_EXIT || (op == BPF_CALL && class == BPF_JMP32)) {
			*ip = UINT32_MAX;
			return 0;
		}
		if (op == BPF_CALL && class == BPF_JMP) {
			err = do_call(r, st, s, sec, i, depth);
			break;
		}
		*ip = UINT32_MAX;
		if (kf_insn_gotox(insn))
			return flow_to_jumps(r, w, st, reg(r, st, insn->dst_reg));
		if (op == BPF_JA)
			return flow_to(r, w, i + 1 + (class == BPF_JMP32 ?
					      insn->imm : insn->off), st);
		src = BPF_SRC(insn->code) == BPF_X ? *reg(r, st, insn->src_reg) :
		      cnst((__u64)(__s64)insn->imm);
		taken = op == BPF_JCOND ? -1 :
			branch(r, op, class == BPF_JMP32, reg(r, st, insn->dst_reg), &src, i);
		err = taken != 0 ? flow_to(r, w, i + 1 + insn->off, st) : 0;
		if (!err && taken != 1)
			err = flow_to(r, w, i + 1, st);
		return err;
	}
	*ip = i + 1;
	return err;
}

static int analyze(struct reach *r, size_t func, const struct state *entry, int depth)
{
	const struct kf_func *f = &r->obj->code.funcs[func];
	const struct kf_code_sec *s = &r->obj->code.secs[f->sec];
	__u32 len = f->end - f->start, i, ip;
	struct walk w = { .f = f };
	struct state *st;
	int err;

	/* Counted as steps: a callee analyzed in many contexts costs each time. */
	r->steps += len;
	w.at = calloc(len, sizeof(*w.at));
	w.stack = malloc(len * sizeof(*w.stack));
	st = malloc(STATE_SZ(STACK_SLOTS));
	if (!w.at || !w.stack || !st) {
		err = kf_error(r->e, ENOMEM, "out of memory");
		goto out;
	}
	err = flow_to(r, &w, f->start, entry);
	while (!err && w.sn) {
		i = w.stack[--w.sn];
		memcpy(st, w.at[i - f->start], STATE_SZ(w.at[i - f->start]->nslot));
		w.at[i - f->start]->queued = false;
		ip = i;
		do {
			if (++r->steps > KF_REACH_MAX_STEPS) {
				err = kf_error(r->e, E2BIG, "%s: too complex for the analysis (steps)",
					       r->obj->path);
				break;
			}
			if (ip != i && (s->aux[ip].flags & KF_INSN_LEADER)) {
				err = flow_to(r, &w, ip, st);
				break;
			}
			err = step_insn(r, &w, st, f->sec, &ip, depth);
		} while (!err && ip != UINT32_MAX);
	}
out:
	if (w.at)
		for (i = 0; i < len; i++)
			if (w.at[i]) {
				r->mem -= STATE_SZ(w.at[i]->nslot);
				free(w.at[i]);
			}
	free(w.at);
	free(w.stack);
	free(st);
	return err < 0 ? err : 0;
}

static int site_cmp(const void *a, const void *b)
{
	const struct kf_site *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->insn != y->insn)
		return x->insn < y->insn ? -1 : 1;
	return x->ext < y->ext ? -1 : x->ext > y->ext;
}

static bool address_refused_any(const struct reach *r)
{
	size_t x;

	for (x = 0; x < r->obj->extern_cnt; x++)
		if (address_refused(&r->res[x]))
			return true;
	return false;
}

/*
 * Sites the verifier checks in every instruction of the functions linked
 * into program @prog, before it follows any path: the address of each ksym
 * an ld_imm64 loads (resolve_pseudo_ldimm64()), and each gotox, which
 * check_cfg() refuses on a kernel without indirect jumps, or in a function
 * with no jump table; and the struct_ops program libbpf refuses first.
 */
static int static_sites(struct reach *r, size_t prog)
{
	const struct kf_code *code = &r->obj->code;
	bool addresses = address_refused_any(r);
	enum bpf_attach_type attach;
	const struct bpf_insn *insn;
	const struct kf_code_sec *s;
	enum bpf_prog_type type;
	const struct kf_func *f;
	size_t fn, tables;
	const char *sec;
	__u32 i;
	int err;

	/*
	 * libbpf's bpf_object_load_prog() refuses a struct_ops program that
	 * no struct_ops map points to before the kernel sees it.
	 */
	f = &code->funcs[code->progs[prog].func];
	sec = code->secs[f->sec].name;
	if (!code->progs[prog].st_ops_type &&
	    !libbpf_prog_type_by_name(sec + (sec[0] == '?'), &type, &attach) &&
	    type == BPF_PROG_TYPE_STRUCT_OPS) {
		err = add_site(r, f->sec, f->start, SIZE_MAX, KF_SITE_STRUCT_OPS);
		if (err)
			return err;
	}
	/* The walk is over: its queue flags are free. */
	err = kf_code_prog_funcs(code, prog, r->queued);
	if (err)
		return kf_error(r->e, ENOMEM, "out of memory");
	for (fn = 0; !err && fn < code->func_cnt; fn++) {
		if (!r->queued[fn])
			continue;
		f = &code->funcs[fn];
		s = &code->secs[f->sec];
		for (i = f->start; !err && i < f->end; i++) {
			insn = &s->insns[i];
			if (kf_insn_gotox(insn)) {
				kf_code_jumps(code, f, &tables);
				if (!tables)
					err = add_site(r, f->sec, i, SIZE_MAX,
						       KF_SITE_NO_JUMP_TABLE);
				else if (!r->indirect_jumps)
					err = add_site(r, f->sec, i, SIZE_MAX,
						       KF_SITE_INDIRECT_JUMP);
			} else if (addresses && s->aux[i].ext >= 0 &&
				   insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
				   address_refused(&r->res[s->aux[i].ext])) {
				err = add_site(r, f->sec, i, s->aux[i].ext, KF_SITE_ADDRESS);
			}
		}
	}
	return err;
}

static int reach_prog(struct reach *r, size_t prog)
{
	const struct kf_code *code = &r->obj->code;
	const struct kf_prog *p = &code->progs[prog];
	struct state *entry;
	int err = 0;

	memset(r->queued, 0, code->func_cnt * sizeof(*r->queued));
	r->qn = 0;
	r->memo_cnt = 0;
	r->steps = 0;
	queue_func(r, p->func);
	entry = state_new();
	if (!entry)
		return kf_error(r->e, ENOMEM, "out of memory");
	/* The entry, then each global function or callback it reaches. */
	while (!err && r->qn) {
		r->qn--;
		err = analyze(r, r->queue[r->qn], entry, 1);
	}
	free(entry);
	if (!err)
		err = static_sites(r, prog);
	if (r->out->site_cnt)
		qsort(r->out->sites, r->out->site_cnt, sizeof(struct kf_site), site_cmp);
	return err;
}

/* Programs [@first, @last) of @obj into @out[0, @last - @first). */
static int reach_progs(const struct kf_object *obj, const struct kf_resolution *res,
		       const bool *refused, struct kf_rodata_tests *tests,
		       bool indirect_jumps, size_t first, size_t last,
		       struct kf_prog_verdict *out, struct kf_error *e)
{
	const struct kf_code *code = &obj->code;
	struct reach r = { .obj = obj, .res = res, .refused = refused,
			   .tests = tests, .indirect_jumps = indirect_jumps, .e = e };
	bool externs_ok = kf_resolution_loads(res, obj->extern_cnt);
	size_t i;
	int err = 0;

	memset(out, 0, (last - first) * sizeof(*out));
	r.queued = calloc(code->func_cnt ?: 1, sizeof(*r.queued));
	r.queue = calloc(code->func_cnt ?: 1, sizeof(*r.queue));
	if (!r.queued || !r.queue)
		err = kf_error(e, ENOMEM, "out of memory");
	for (i = first; !err && i < last; i++) {
		r.out = &out[i - first];
		r.prog = i;
		err = reach_prog(&r, i);
		r.out->loads = externs_ok && !r.out->site_cnt;
	}
	free(r.queued);
	free(r.queue);
	free(r.memo);
	if (err)
		kf_prog_verdicts_free(out, last - first);
	return err;
}

int kf_reach_object(const struct kf_object *obj, const struct kf_resolution *res,
		    struct kf_prog_verdict *out, struct kf_error *e)
{
	return reach_progs(obj, res, NULL, NULL, true, 0, obj->code.prog_cnt, out, e);
}

int kf_reach_object_refused(const struct kf_object *obj,
			    const struct kf_resolution *res, const bool *refused,
			    bool indirect_jumps, struct kf_prog_verdict *out,
			    struct kf_error *e)
{
	return reach_progs(obj, res, refused, NULL, indirect_jumps, 0,
			   obj->code.prog_cnt, out, e);
}

int kf_reach_prog(const struct kf_object *obj, const struct kf_resolution *res,
		  size_t prog, struct kf_rodata_tests *tests,
		  struct kf_prog_verdict *out, struct kf_error *e)
{
	struct kf_rodata_tests none = { .assigned = true };

	return reach_progs(obj, res, NULL, tests ?: &none, true, prog, prog + 1, out, e);
}

void kf_prog_verdicts_free(struct kf_prog_verdict *v, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++) {
		free(v[i].sites);
		v[i].sites = NULL;
		v[i].site_cnt = 0;
	}
}

bool kf_object_loads(const struct kf_object *obj, const struct kf_resolution *res,
		     const struct kf_prog_verdict *v)
{
	size_t i;

	if (!kf_resolution_loads(res, obj->extern_cnt))
		return false;
	for (i = 0; i < obj->code.prog_cnt; i++)
		if (obj->code.progs[i].autoload && !v[i].loads)
			return false;
	return true;
}

/*
 * Kernels compared: the kfunc each binds a name to, what changed between
 * two kernels, and how the prototypes of a fleet fall into variants.
 */

/* By name, then search order (sources and kfuncs are arrays of one kernel). */
static int provider_cmp_order(const void *a, const void *b)
{
	const struct kf_provider *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->kf != y->kf)
		return x->kf < y->kf ? -1 : 1;
	return 0;
}

static int provider_cmp_name(const void *a, const void *b)
{
	const struct kf_provider *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int kf_kernel_providers(const struct kf_kernel *k, const char *glob,
			struct kf_provider **out, size_t *cnt)
{
	struct kf_provider *v = NULL, *p;
	size_t i, j, n = 0, cap = 0, uniq = 0;

	for (i = 0; i < k->src_cnt; i++) {
		const struct kf_source *src = &k->srcs[i];

		for (j = 0; j < src->kfunc_cnt; j++) {
			if (glob && fnmatch(glob, src->kfuncs[j].name, 0))
				continue;
			p = kf_grow((void **)&v, &cap, sizeof(*v), n);
			if (!p) {
				free(v);
				return -ENOMEM;
			}
			p->name = src->kfuncs[j].name;
			p->src = src;
			p->kf = &src->kfuncs[j];
			n++;
		}
	}
	/* Sources are in search order: keep the first provider of a name. */
	if (n)
		qsort(v, n, sizeof(*v), provider_cmp_order);
	for (i = 0; i < n; i++)
		if (!uniq || strcmp(v[uniq - 1].name, v[i].name))
			v[uniq++] = v[i];
	*out = v;
	*cnt = uniq;
	return 0;
}

static void diff_protos(struct kf_diff_entry *en)
{
	const struct btf *ob = en->old.src->btf, *nb = en->new.src->btf;
	__u32 oid = en->old.kf->btf_id, nid = en->new.kf->btf_id;
	__u32 op = proto_id(ob, oid), np = proto_id(nb, nid);

	if (kf_exact_protos(ob, oid, nb, nid, en->why, sizeof(en->why),
			    en->note, sizeof(en->note)) > 0)
		return;
	en->changes |= KF_DIFF_PROTO;
	/* libbpf checks the extern (local) against the kernel's FUNC_PROTO. */
	en->compat = op && np && kf_types_compat(ob, op, nb, np, NULL, 0) > 0;
}

/* KF_TRUSTED_ARGS, bit 4 until Linux 7.0 made trusted arguments the default. */
#define KF_TRUSTED_ARGS_BIT	(1U << 4)

/* No kfunc of @k is flagged trusted_args: trusted arguments are its default. */
static bool trusted_by_default(const struct kf_kernel *k)
{
	size_t i, j;

	for (i = 0; i < k->src_cnt; i++)
		for (j = 0; j < k->srcs[i].kfunc_cnt; j++)
			if (k->srcs[i].kfuncs[j].flags_known &&
			    k->srcs[i].kfuncs[j].flags & KF_TRUSTED_ARGS_BIT)
				return false;
	return true;
}

/* @ignore: flag bits whose change means nothing between these kernels. */
static void diff_pair(struct kf_diff_entry *en, __u32 ignore)
{
	const struct kf_kfunc *o = en->old.kf, *n = en->new.kf;

	diff_protos(en);
	if ((o->flags_known && n->flags_known &&
	     (o->flags & ~ignore) != (n->flags & ~ignore)) ||
	    o->fastcall != n->fastcall)
		en->changes |= KF_DIFF_FLAGS;
	if (strcmp(en->old.src->name, en->new.src->name))
		en->changes |= KF_DIFF_SOURCE;
	if (!o->impl_id != !n->impl_id)
		en->changes |= KF_DIFF_IMPL;
}

int kf_diff_kernels(const struct kf_kernel *old, const struct kf_kernel *new,
		    const char *glob, struct kf_diff *d, struct kf_error *e)
{
	struct kf_provider *ov = NULL, *nv = NULL;
	size_t on = 0, nn = 0, i = 0, j = 0;
	struct kf_diff_entry en, *slot;
	__u32 ignore;
	int err, c;

	memset(d, 0, sizeof(*d));
	/* Losing trusted_args to the default loosens no argument check. */
	ignore = trusted_by_default(new) ? KF_TRUSTED_ARGS_BIT : 0;
	err = kf_kernel_providers(old, glob, &ov, &on);
	if (!err)
		err = kf_kernel_providers(new, glob, &nv, &nn);
	while (!err && (i < on || j < nn)) {
		memset(&en, 0, sizeof(en));
		c = i == on ? 1 : j == nn ? -1 : strcmp(ov[i].name, nv[j].name);
		if (c < 0) {
			en.old = ov[i++];
			en.changes = KF_DIFF_REMOVED;
		} else if (c > 0) {
			en.new = nv[j++];
			en.changes = KF_DIFF_ADDED;
		} else {
			en.old = ov[i++];
			en.new = nv[j++];
			diff_pair(&en, ignore);
			if (!en.changes)
				continue;
		}
		slot = kf_grow((void **)&d->entries, &d->cap, sizeof(*slot), d->cnt);
		if (!slot) {
			err = -ENOMEM;
			break;
		}
		*slot = en;
		d->cnt++;
	}
	free(ov);
	free(nv);
	if (err) {
		kf_diff_free(d);
		return kf_error(e, err, "out of memory");
	}
	return 0;
}

void kf_diff_free(struct kf_diff *d)
{
	free(d->entries);
	memset(d, 0, sizeof(*d));
}

/* libbpf binds an extern of either prototype on the other's kernel. */
static bool binds_both_ways(const struct kf_provider *a, const struct kf_provider *b)
{
	__u32 ap = proto_id(a->src->btf, a->kf->btf_id);
	__u32 bp = proto_id(b->src->btf, b->kf->btf_id);

	return ap && bp && kf_types_compat(a->src->btf, ap, b->src->btf, bp, NULL, 0) > 0 &&
	       kf_types_compat(b->src->btf, bp, a->src->btf, ap, NULL, 0) > 0;
}

/* Put each kernel having the name into the first variant it fits. */
static int fleet_variants(struct kf_fleet_entry *en, size_t kcnt)
{
	size_t k, v, *rep;

	en->everywhere = true;
	for (k = 0; k < kcnt; k++) {
		en->variant[k] = -1;
		if (!en->at[k].src) {
			en->everywhere = false;
			continue;
		}
		for (v = 0; v < en->variant_cnt; v++)
			if (binds_both_ways(&en->at[en->rep[v]], &en->at[k]))
				break;
		if (v == en->variant_cnt) {
			rep = realloc(en->rep, (v + 1) * sizeof(*rep));
			if (!rep)
				return -ENOMEM;
			en->rep = rep;
			en->rep[v] = k;
			en->variant_cnt++;
		}
		en->variant[k] = v;
	}
	return 0;
}

static int fleet_add(struct kf_fleet *f, const char *name,
		     struct kf_provider *const *pv, const size_t *pn)
{
	struct kf_provider key = { .name = name }, *hit;
	struct kf_fleet_entry *en;
	size_t k;

	en = kf_grow((void **)&f->entries, &f->cap, sizeof(*en), f->cnt);
	if (!en)
		return -ENOMEM;
	f->cnt++;
	en->name = strdup(name);
	en->at = calloc(f->kernel_cnt, sizeof(*en->at));
	en->variant = calloc(f->kernel_cnt, sizeof(*en->variant));
	if (!en->name || !en->at || !en->variant)
		return -ENOMEM;
	for (k = 0; k < f->kernel_cnt; k++) {
		hit = pn[k] ? bsearch(&key, pv[k], pn[k], sizeof(key), provider_cmp_name) : NULL;
		if (hit)
			en->at[k] = *hit;
	}
	return fleet_variants(en, f->kernel_cnt);
}

int kf_fleet_analyze(const struct kf_kernel *const *ks, size_t cnt,
		     const char *glob, char *const *names, size_t name_cnt,
		     struct kf_fleet *f, struct kf_error *e)
{
	struct kf_provider **pv, *all = NULL;
	size_t *pn, k, i, n = 0;
	int err = 0;

	memset(f, 0, sizeof(*f));
	f->kernel_cnt = cnt;
	pv = calloc(cnt, sizeof(*pv));
	pn = calloc(cnt, sizeof(*pn));
	if (!pv || !pn)
		err = -ENOMEM;
	for (k = 0; k < cnt && !err; k++)
		err = kf_kernel_providers(ks[k], glob, &pv[k], &pn[k]);
	if (!err && !names) {
		/* Every name of any kernel, in name order. */
		for (k = 0; k < cnt; k++)
			n += pn[k];
		all = calloc(n ?: 1, sizeof(*all));
		if (!all)
			err = -ENOMEM;
		for (k = 0, n = 0; k < cnt && !err; n += pn[k], k++)
			if (pn[k])
				memcpy(all + n, pv[k], pn[k] * sizeof(*all));
		if (n)
			qsort(all, n, sizeof(*all), provider_cmp_name);
		for (i = 0; i < n && !err; i++)
			if (!i || strcmp(all[i - 1].name, all[i].name))
				err = fleet_add(f, all[i].name, pv, pn);
	}
	for (i = 0; names && i < name_cnt && !err; i++)
		if (!i || strcmp(names[i - 1], names[i]))
			err = fleet_add(f, names[i], pv, pn);
	for (k = 0; pv && k < cnt; k++)
		free(pv[k]);
	free(pv);
	free(pn);
	free(all);
	if (err) {
		kf_fleet_free(f);
		return kf_error(e, err, "out of memory");
	}
	return 0;
}

void kf_fleet_free(struct kf_fleet *f)
{
	size_t i;

	for (i = 0; i < f->cnt; i++) {
		free(f->entries[i].name);
		free(f->entries[i].at);
		free(f->entries[i].variant);
		free(f->entries[i].rep);
	}
	free(f->entries);
	memset(f, 0, sizeof(*f));
}

/*
 * The verifier's answer to a kfunc probe, by its messages (kernel/bpf/
 * verifier.c, 6.18 to 7.3). At load, add_kfunc_call() refuses a loader
 * without CAP_BPF, and an XDP metadata kfunc outside a device-bound
 * program, before any instruction is checked. At the call (instruction 0,
 * "0: (85) call NAME#ID" in the log), check_kfunc_call() refuses, in this
 * order, a kfunc not in a set for the program's hook or hidden by the
 * set's filter, a destructive kfunc without CAP_SYS_BOOT, a KF_PERFMON one
 * without CAP_PERFMON, a sleepable one in a non-sleepable program. Any
 * other refusal after the call is printed (arguments, references, locks)
 * comes after these checks: the kfunc is callable. A refusal before the
 * call is printed is none of these: unknown.
 */
static const struct {
	const char *msg;	/* prefix of the line after the call */
	enum kf_probe_verdict v;
} probe_msgs[] = {
	{ "calling kernel function ", KF_PROBE_NOT_ALLOWED },	/* "... is not allowed" */
	{ "program must be sleepable to call sleepable kfunc", KF_PROBE_SLEEPABLE },
	{ "destructive kfunc calls require CAP_SYS_BOOT", KF_PROBE_UNKNOWN },
	/* The verifier's own trap: every call of it is refused. */
	{ "unexpected __bpf_trap()", KF_PROBE_NOT_ALLOWED },
	{ "verifier bug", KF_PROBE_UNKNOWN },
	{ "kfunc descriptor not found", KF_PROBE_UNKNOWN },
};

static void copy_line(char *dst, size_t sz, const char *src)
{
	size_t n = strcspn(src, "\n");

	if (!sz)
		return;
	if (n >= sz)
		n = sz - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The first line of @log that starts with @s, or NULL. */
static const char *line_starting(const char *log, const char *s)
{
	const char *line;

	for (line = log; line; line = strchr(line, '\n'), line = line ? line + 1 : NULL)
		if (!strncmp(line, s, strlen(s)))
			return line;
	return NULL;
}

/* Whether the line @line (up to a newline) holds @s. */
static bool line_has(const char *line, const char *s)
{
	size_t n = strcspn(line, "\n"), len = strlen(s), i;

	for (i = 0; i + len <= n; i++)
		if (!strncmp(line + i, s, len))
			return true;
	return false;
}

/*
 * The last line of @log that is not a statistic, or NULL; before the
 * structured diagnostic that 7.3 and later append.
 */
static const char *last_words(const char *log)
{
	const char *end = strstr(log, "\nVerification failed: "), *line;

	if (!end)
		end = log + strlen(log);

	while (end > log) {
		while (end > log && end[-1] == '\n')
			end--;
		line = end;
		while (line > log && line[-1] != '\n')
			line--;
		if (line < end && strncmp(line, "processed ", 10) &&
		    strncmp(line, "verification time ", 18) &&
		    strncmp(line, "stack depth ", 12))
			return line;
		end = line;
	}
	return NULL;
}

enum kf_probe_verdict kf_probe_classify(int err, const char *log, char *why,
					size_t why_sz)
{
	const char *call, *msg;
	size_t i;

	copy_line(why, why_sz, "");
	if (!err)
		return KF_PROBE_ALLOWED;
	msg = strstr(log, "calling kernel functions requires CAP_BPF");
	if (msg || (err == -EPERM && !*log)) {
		copy_line(why, why_sz, msg ?: "bpf(BPF_PROG_LOAD): Operation not permitted");
		return KF_PROBE_NO_PRIV;
	}
	msg = strstr(log, "metadata kfuncs require device-bound program");
	if (msg) {
		copy_line(why, why_sz, msg);
		return KF_PROBE_DEV_BOUND;
	}
	/* The walk's line, not 7.3's listings of the program before it. */
	call = line_starting(log, "0: (85) call ");
	msg = call ? strchr(call, '\n') : NULL;
	if (!msg || !msg[1]) {
		/*
		 * Refused before the call was checked: the last line but the
		 * statistics says why.
		 */
		msg = last_words(log);
		if (msg)
			copy_line(why, why_sz, msg);
		else
			snprintf(why, why_sz, "no verifier log: %s", strerror(-err));
		return KF_PROBE_UNKNOWN;
	}
	msg++;
	copy_line(why, why_sz, msg);
	if (line_has(msg, "CAP_PERFMON"))
		return KF_PROBE_PERFMON;
	for (i = 0; i < ARRAY_SIZE(probe_msgs); i++) {
		if (strncmp(msg, probe_msgs[i].msg, strlen(probe_msgs[i].msg)))
			continue;
		if (i == 0 && !line_has(msg, " is not allowed"))
			continue;
		return probe_msgs[i].v;
	}
	return KF_PROBE_ALLOWED;
}

const char *kf_probe_verdict_str(enum kf_probe_verdict v)
{
	static const char *const names[] = {
		[KF_PROBE_ALLOWED] = "allowed",
		[KF_PROBE_SLEEPABLE] = "sleepable",
		[KF_PROBE_DEV_BOUND] = "dev_bound",
		[KF_PROBE_PERFMON] = "cap_perfmon",
		[KF_PROBE_NOT_ALLOWED] = "not_allowed",
		[KF_PROBE_NO_PRIV] = "no_privilege",
		[KF_PROBE_UNKNOWN] = "unknown",
	};

	return (unsigned int)v < ARRAY_SIZE(names) ? names[v] : "unknown";
}
