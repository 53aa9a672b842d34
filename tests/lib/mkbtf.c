// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * mkbtf: write raw BTF (base, or split on a base file) from a text spec,
 * through libbpf's BTF writer.
 *
 *	mkbtf [-b BASE] SPEC OUT
 *
 * BASE is any file btf__parse() reads (ELF with .BTF, or raw BTF); with it,
 * OUT is split BTF whose first own type follows BASE's last. SPEC "-" reads
 * stdin.
 *
 * Spec: one item per line; '#' starts a comment; fields are separated by
 * blanks. A type line is
 *
 *	[LABEL:] KIND ARGS...
 *
 * and gets the next type id (1, or the base's type count, upward). A REF
 * argument names a type: a LABEL (of any line, also a later one), "void"
 * (id 0), a decimal id, or "=NAME" (the first type called NAME, base
 * included). A NAME of "-" is the empty name.
 *
 *	int NAME SIZE [signed|char|bool]
 *	float NAME SIZE
 *	ptr REF
 *	const REF | volatile REF | restrict REF
 *	type_tag VALUE REF
 *	typedef NAME REF
 *	array ELEM_REF INDEX_REF NELEMS
 *	struct NAME SIZE	followed by member lines
 *	union NAME SIZE		followed by member lines
 *	  member NAME REF [BIT_OFFSET [BITFIELD_SIZE]]
 *				offset defaults to the end of the previous
 *				member (0 in a union)
 *	fwd NAME struct|union|enum	(the kind of the forward)
 *	enum NAME SIZE [signed]	followed by value lines
 *	  value NAME VALUE
 *	proto RET_REF		followed by param lines
 *	  param NAME REF	"param - void" is a C "..."
 *	func NAME PROTO_REF [static|global|extern]	(default global)
 *	var NAME REF [static|global|extern]		(default global)
 *	datasec NAME SIZE	followed by secinfo lines
 *	  secinfo VAR_REF OFFSET SIZE
 *	tag VALUE REF [COMPONENT_IDX]	a decl tag; index defaults to -1
 *
 * Example: a kfunc with a fastcall tag.
 *
 *	u32: int u32 4
 *	task: struct task_struct 8
 *	  member pid u32
 *	p: proto u32
 *	  param t taskp
 *	  param len__sz u32
 *	taskp: ptr task
 *	f: func bpf_example p
 *	tag bpf_kfunc f
 *	tag bpf_fastcall f
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/btf.h>
#include <linux/btf.h>

#define MAX_FIELDS 8

struct line {
	char *label;
	char *f[MAX_FIELDS];
	int nf;
	int lineno;
	__u32 id;		/* for type lines */
};

struct spec {
	struct line *v;
	size_t cnt;
	const char *path;
	struct btf *btf;
};

static const char * const sub_kinds[] = { "member", "value", "param", "secinfo", NULL };

static bool is_sub(const char *kind)
{
	int i;

	for (i = 0; sub_kinds[i]; i++)
		if (!strcmp(kind, sub_kinds[i]))
			return true;
	return false;
}

static int fail(const struct spec *s, const struct line *l, const char *msg,
		const char *what)
{
	fprintf(stderr, "mkbtf: %s:%d: %s%s%s\n", s->path, l ? l->lineno : 0,
		msg, what ? ": " : "", what ?: "");
	return -1;
}

static const char *name_of(const char *f)
{
	return strcmp(f, "-") ? f : "";
}

static int parse_num(const char *str, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(str, &end, 0);
	return errno || end == str || *end ? -1 : 0;
}

static int need(const struct spec *s, const struct line *l, int min, int max)
{
	if (l->nf - 1 < min || l->nf - 1 > max)
		return fail(s, l, "wrong number of arguments for", l->f[0]);
	return 0;
}

static int num_arg(const struct spec *s, const struct line *l, int i,
		   long long *v)
{
	if (parse_num(l->f[i], v))
		return fail(s, l, "not a number", l->f[i]);
	return 0;
}

static int ref(const struct spec *s, const struct line *l, const char *r,
	       __u32 *id)
{
	long long v;
	size_t i;
	int tid;

	if (!strcmp(r, "void")) {
		*id = 0;
		return 0;
	}
	if (r[0] == '=') {
		tid = btf__find_by_name(s->btf, r + 1);
		if (tid <= 0)
			return fail(s, l, "no type of that name", r + 1);
		*id = tid;
		return 0;
	}
	if (isdigit((unsigned char)r[0])) {
		if (parse_num(r, &v) || v < 0 || v > UINT_MAX)
			return fail(s, l, "bad type id", r);
		*id = v;
		return 0;
	}
	for (i = 0; i < s->cnt; i++) {
		if (s->v[i].label && !strcmp(s->v[i].label, r)) {
			*id = s->v[i].id;
			return 0;
		}
	}
	return fail(s, l, "unknown label", r);
}

static int parse_linkage(const struct spec *s, const struct line *l, int i,
		   int *link, bool func)
{
	*link = BTF_FUNC_GLOBAL;
	if (l->nf <= i || !strcmp(l->f[i], "global"))
		return 0;
	if (!strcmp(l->f[i], "static")) {
		*link = BTF_FUNC_STATIC;
		return 0;
	}
	if (!strcmp(l->f[i], "extern")) {
		*link = func ? BTF_FUNC_EXTERN : BTF_VAR_GLOBAL_EXTERN;
		return 0;
	}
	return fail(s, l, "bad linkage word", l->f[i]);
}

static int read_spec(struct spec *s, FILE *f)
{
	char *buf = NULL, *p, *tok, *save;
	size_t cap = 0;
	struct line *l, *tmp;
	int lineno = 0;

	while (getline(&buf, &cap, f) >= 0) {
		lineno++;
		p = strchr(buf, '#');
		if (p)
			*p = '\0';
		tmp = realloc(s->v, (s->cnt + 1) * sizeof(*tmp));
		if (!tmp)
			goto nomem;
		s->v = tmp;
		l = &s->v[s->cnt];
		memset(l, 0, sizeof(*l));
		l->lineno = lineno;
		for (tok = strtok_r(buf, " \t\r\n", &save); tok;
		     tok = strtok_r(NULL, " \t\r\n", &save)) {
			if (!l->nf && !l->label && tok[strlen(tok) - 1] == ':') {
				tok[strlen(tok) - 1] = '\0';
				l->label = strdup(tok);
				if (!l->label)
					goto nomem;
				continue;
			}
			if (l->nf == MAX_FIELDS) {
				free(buf);
				return fail(s, l, "too many fields", NULL);
			}
			l->f[l->nf] = strdup(tok);
			if (!l->f[l->nf])
				goto nomem;
			l->nf++;
		}
		if (!l->nf && l->label) {
			free(buf);
			return fail(s, l, "label without a type", l->label);
		}
		if (l->nf)
			s->cnt++;
	}
	free(buf);
	return 0;
nomem:
	free(buf);
	return fail(s, NULL, "out of memory", NULL);
}

static void free_spec(struct spec *s)
{
	size_t i;
	int j;

	for (i = 0; i < s->cnt; i++) {
		free(s->v[i].label);
		for (j = 0; j < s->v[i].nf; j++)
			free(s->v[i].f[j]);
	}
	free(s->v);
}

/* Member offset: explicit, or right after the previous member. */
static int member_offset(struct spec *s, const struct line *l, __u32 owner,
			 long long *off)
{
	const struct btf_type *t = btf__type_by_id(s->btf, owner);
	const struct btf_member *m;
	__u16 n = btf_vlen(t);
	__s64 sz;

	if (l->nf > 3)
		return num_arg(s, l, 3, off);
	*off = 0;
	if (!n || btf_is_union(t))
		return 0;
	m = &btf_members(t)[n - 1];
	if (btf_member_bitfield_size(t, n - 1)) {
		*off = btf_member_bit_offset(t, n - 1) +
		       btf_member_bitfield_size(t, n - 1);
		return 0;
	}
	sz = btf__resolve_size(s->btf, m->type);
	if (sz < 0)
		return fail(s, l, "cannot size the previous member; give an offset",
			    NULL);
	*off = btf_member_bit_offset(t, n - 1) + sz * 8;
	return 0;
}

static int add_sub(struct spec *s, const struct line *l, const char *owner_kind,
		   __u32 owner)
{
	const char *k = l->f[0];
	long long a, b = 0;
	__u32 r;
	int err;

	if (!strcmp(k, "member")) {
		if (strcmp(owner_kind, "struct") && strcmp(owner_kind, "union"))
			return fail(s, l, "member outside a struct or union", NULL);
		if (need(s, l, 2, 4) || ref(s, l, l->f[2], &r) ||
		    member_offset(s, l, owner, &a) ||
		    (l->nf > 4 && num_arg(s, l, 4, &b)))
			return -1;
		err = btf__add_field(s->btf, name_of(l->f[1]), r, a, b);
	} else if (!strcmp(k, "value")) {
		if (strcmp(owner_kind, "enum"))
			return fail(s, l, "value outside an enum", NULL);
		if (need(s, l, 2, 2) || num_arg(s, l, 2, &a))
			return -1;
		if (btf_is_enum64(btf__type_by_id(s->btf, owner)))
			err = btf__add_enum64_value(s->btf, l->f[1], a);
		else
			err = btf__add_enum_value(s->btf, l->f[1], a);
	} else if (!strcmp(k, "param")) {
		if (strcmp(owner_kind, "proto"))
			return fail(s, l, "param outside a proto", NULL);
		if (need(s, l, 2, 2) || ref(s, l, l->f[2], &r))
			return -1;
		err = btf__add_func_param(s->btf, name_of(l->f[1]), r);
	} else {
		if (strcmp(owner_kind, "datasec"))
			return fail(s, l, "secinfo outside a datasec", NULL);
		if (need(s, l, 3, 3) || ref(s, l, l->f[1], &r) ||
		    num_arg(s, l, 2, &a) || num_arg(s, l, 3, &b))
			return -1;
		err = btf__add_datasec_var_info(s->btf, r, a, b);
	}
	if (err < 0)
		return fail(s, l, "libbpf refused", strerror(-err));
	return 0;
}

static int add_type(struct spec *s, const struct line *l)
{
	const char *k = l->f[0];
	long long a = 0, b = 0;
	__u32 r, r2;
	int link, enc = 0, err;

	if (!strcmp(k, "int")) {
		if (need(s, l, 2, 3) || num_arg(s, l, 2, &a))
			return -1;
		if (l->nf > 3) {
			if (!strcmp(l->f[3], "signed"))
				enc = BTF_INT_SIGNED;
			else if (!strcmp(l->f[3], "char"))
				enc = BTF_INT_CHAR;
			else if (!strcmp(l->f[3], "bool"))
				enc = BTF_INT_BOOL;
			else
				return fail(s, l, "bad int encoding", l->f[3]);
		}
		err = btf__add_int(s->btf, l->f[1], a, enc);
	} else if (!strcmp(k, "float")) {
		if (need(s, l, 2, 2) || num_arg(s, l, 2, &a))
			return -1;
		err = btf__add_float(s->btf, l->f[1], a);
	} else if (!strcmp(k, "ptr") || !strcmp(k, "const") ||
		   !strcmp(k, "volatile") || !strcmp(k, "restrict")) {
		if (need(s, l, 1, 1) || ref(s, l, l->f[1], &r))
			return -1;
		if (k[0] == 'p')
			err = btf__add_ptr(s->btf, r);
		else if (k[0] == 'c')
			err = btf__add_const(s->btf, r);
		else if (k[0] == 'v')
			err = btf__add_volatile(s->btf, r);
		else
			err = btf__add_restrict(s->btf, r);
	} else if (!strcmp(k, "type_tag")) {
		if (need(s, l, 2, 2) || ref(s, l, l->f[2], &r))
			return -1;
		err = btf__add_type_tag(s->btf, l->f[1], r);
	} else if (!strcmp(k, "typedef")) {
		if (need(s, l, 2, 2) || ref(s, l, l->f[2], &r))
			return -1;
		err = btf__add_typedef(s->btf, l->f[1], r);
	} else if (!strcmp(k, "array")) {
		if (need(s, l, 3, 3) || ref(s, l, l->f[1], &r) ||
		    ref(s, l, l->f[2], &r2) || num_arg(s, l, 3, &a))
			return -1;
		err = btf__add_array(s->btf, r2, r, a);
	} else if (!strcmp(k, "struct") || !strcmp(k, "union")) {
		if (need(s, l, 2, 2) || num_arg(s, l, 2, &a))
			return -1;
		err = k[0] == 's' ? btf__add_struct(s->btf, name_of(l->f[1]), a) :
				    btf__add_union(s->btf, name_of(l->f[1]), a);
	} else if (!strcmp(k, "fwd")) {
		if (need(s, l, 2, 2))
			return -1;
		if (!strcmp(l->f[2], "struct"))
			enc = BTF_FWD_STRUCT;
		else if (!strcmp(l->f[2], "union"))
			enc = BTF_FWD_UNION;
		else if (!strcmp(l->f[2], "enum"))
			enc = BTF_FWD_ENUM;
		else
			return fail(s, l, "bad fwd kind", l->f[2]);
		err = btf__add_fwd(s->btf, l->f[1], enc);
	} else if (!strcmp(k, "enum")) {
		if (need(s, l, 2, 3) || num_arg(s, l, 2, &a))
			return -1;
		if (l->nf > 3 && strcmp(l->f[3], "signed"))
			return fail(s, l, "bad enum signedness", l->f[3]);
		if (a == 8)
			err = btf__add_enum64(s->btf, name_of(l->f[1]), a, l->nf > 3);
		else
			err = btf__add_enum(s->btf, name_of(l->f[1]), a);
	} else if (!strcmp(k, "proto")) {
		if (need(s, l, 1, 1) || ref(s, l, l->f[1], &r))
			return -1;
		err = btf__add_func_proto(s->btf, r);
	} else if (!strcmp(k, "func")) {
		if (need(s, l, 2, 3) || ref(s, l, l->f[2], &r) ||
		    parse_linkage(s, l, 3, &link, true))
			return -1;
		err = btf__add_func(s->btf, l->f[1], link, r);
	} else if (!strcmp(k, "var")) {
		if (need(s, l, 2, 3) || ref(s, l, l->f[2], &r) ||
		    parse_linkage(s, l, 3, &link, false))
			return -1;
		if (link == BTF_FUNC_GLOBAL)
			link = BTF_VAR_GLOBAL_ALLOCATED;
		else if (link == BTF_FUNC_STATIC)
			link = BTF_VAR_STATIC;
		err = btf__add_var(s->btf, l->f[1], link, r);
	} else if (!strcmp(k, "datasec")) {
		if (need(s, l, 2, 2) || num_arg(s, l, 2, &a))
			return -1;
		err = btf__add_datasec(s->btf, l->f[1], a);
	} else if (!strcmp(k, "tag")) {
		b = -1;
		if (need(s, l, 2, 3) || ref(s, l, l->f[2], &r) ||
		    (l->nf > 3 && num_arg(s, l, 3, &b)))
			return -1;
		err = btf__add_decl_tag(s->btf, l->f[1], r, b);
	} else {
		return fail(s, l, "unknown kind", k);
	}
	if (err < 0)
		return fail(s, l, "libbpf refused", strerror(-err));
	if ((__u32)err != l->id)
		return fail(s, l, "unexpected type id", NULL);
	return 0;
}

static int build(struct spec *s)
{
	const char *owner_kind = NULL;
	__u32 next = btf__type_cnt(s->btf), owner = 0;
	size_t i;

	/* Pass 1: ids, so that labels may be used before their line. */
	for (i = 0; i < s->cnt; i++) {
		if (is_sub(s->v[i].f[0])) {
			if (s->v[i].label)
				return fail(s, &s->v[i], "label on a non-type line",
					    s->v[i].label);
			continue;
		}
		s->v[i].id = next++;
	}
	/* Pass 2: add the types. */
	for (i = 0; i < s->cnt; i++) {
		if (is_sub(s->v[i].f[0])) {
			if (!owner_kind)
				return fail(s, &s->v[i], "nothing to add it to",
					    s->v[i].f[0]);
			if (add_sub(s, &s->v[i], owner_kind, owner))
				return -1;
			continue;
		}
		if (add_type(s, &s->v[i]))
			return -1;
		owner_kind = s->v[i].f[0];
		owner = s->v[i].id;
	}
	return 0;
}

static int write_out(const struct spec *s, const char *out)
{
	const void *data;
	__u32 size;
	FILE *f;

	data = btf__raw_data(s->btf, &size);
	if (!data) {
		fprintf(stderr, "mkbtf: cannot serialize BTF\n");
		return -1;
	}
	f = fopen(out, "wb");
	if (!f) {
		fprintf(stderr, "mkbtf: %s: %s\n", out, strerror(errno));
		return -1;
	}
	if (fwrite(data, 1, size, f) != size) {
		fprintf(stderr, "mkbtf: %s: write failed\n", out);
		fclose(f);
		return -1;
	}
	if (fclose(f)) {
		fprintf(stderr, "mkbtf: %s: %s\n", out, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct spec s = {};
	struct btf *base = NULL;
	const char *base_path = NULL;
	int opt, ret = 1;
	FILE *in;

	while ((opt = getopt(argc, argv, "b:")) != -1) {
		if (opt != 'b')
			goto usage;
		base_path = optarg;
	}
	if (argc - optind != 2)
		goto usage;
	s.path = argv[optind];
	if (base_path) {
		base = btf__parse(base_path, NULL);
		if (!base) {
			fprintf(stderr, "mkbtf: %s: %s\n", base_path, strerror(errno));
			return 1;
		}
	}
	in = strcmp(s.path, "-") ? fopen(s.path, "r") : stdin;
	if (!in) {
		fprintf(stderr, "mkbtf: %s: %s\n", s.path, strerror(errno));
		goto out;
	}
	if (read_spec(&s, in))
		goto out_close;
	s.btf = base ? btf__new_empty_split(base) : btf__new_empty();
	if (!s.btf) {
		fprintf(stderr, "mkbtf: cannot create BTF: %s\n", strerror(errno));
		goto out_close;
	}
	if (!build(&s) && !write_out(&s, argv[optind + 1]))
		ret = 0;
out_close:
	if (in != stdin)
		fclose(in);
out:
	btf__free(s.btf);
	btf__free(base);
	free_spec(&s);
	return ret;
usage:
	fprintf(stderr, "usage: mkbtf [-b BASE] SPEC OUT\n");
	return 2;
}
