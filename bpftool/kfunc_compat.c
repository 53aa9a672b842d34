// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The compatibility rule libbpf applies between an extern's BTF and the
 * kernel's is libbpf's own __bpf_core_types_are_compat(); what this file
 * adds is the first mismatch in words, found by the same walk.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf_internal.h>
#include <bpf/relo_core.h>

#include "kfunc_compat.h"
#include "kfunc_ctype.h"
#include "kfunc_error.h"

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

static const char *kind_word(const struct btf *btf, const struct btf_type *t,
			     char *buf, size_t sz)
{
	const char *name = t ? btf__name_by_offset(btf, t->name_off) : NULL;

	if (!t)
		return "an invalid type";
	switch (btf_kind(t)) {
	case BTF_KIND_UNKN:
		return "void";
	case BTF_KIND_INT:
		return btf_int_offset(t) ? "a bitfield int" : "an int";
	case BTF_KIND_PTR:
		return "a pointer";
	case BTF_KIND_ARRAY:
		return "an array";
	case BTF_KIND_STRUCT:
		snprintf(buf, sz, "struct %s", name && *name ? name : "(anon)");
		return buf;
	case BTF_KIND_UNION:
		snprintf(buf, sz, "union %s", name && *name ? name : "(anon)");
		return buf;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return "an enum";
	case BTF_KIND_FWD:
		snprintf(buf, sz, "a forward declaration of %s %s",
			 btf_kflag(t) ? "union" : "struct", name ?: "");
		return buf;
	case BTF_KIND_FUNC_PROTO:
		return "a function prototype";
	case BTF_KIND_FLOAT:
		return "a float";
	case BTF_KIND_CONST:
		return "a const type";
	case BTF_KIND_VOLATILE:
		return "a volatile type";
	case BTF_KIND_RESTRICT:
		return "a restrict type";
	case BTF_KIND_TYPE_TAG:
		return "a type tag";
	case BTF_KIND_TYPEDEF:
		snprintf(buf, sz, "typedef %s", name ?: "");
		return buf;
	default:
		return "an unexpected kind";
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
