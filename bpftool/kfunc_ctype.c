// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* C spellings of BTF types through libbpf's btf_dump. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc_ctype.h"

/* No declaration we print is longer; btf_dump may go on much longer. */
#define CTYPE_MAX	(1U << 20)

struct strbuf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void strbuf_printf(void *ctx, const char *fmt, va_list args)
{
	struct strbuf *b = ctx;
	va_list copy;
	char *tmp;
	size_t cap;
	int n;

	if (b->failed)
		return;
	va_copy(copy, args);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0 || b->len + n >= CTYPE_MAX) {
		b->failed = true;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		tmp = realloc(b->s, cap);
		if (!tmp) {
			b->failed = true;
			return;
		}
		b->s = tmp;
		b->cap = cap;
	}
	vsnprintf(b->s + b->len, n + 1, fmt, args);
	b->len += n;
}

struct kf_ctype {
	const struct btf *btf;
	struct btf_dump *d;
	struct strbuf buf;
};

struct kf_ctype *kf_ctype_new(const struct btf *btf)
{
	struct kf_ctype *ct = calloc(1, sizeof(*ct));

	if (!ct)
		return NULL;
	ct->btf = btf;
	ct->d = btf_dump__new(btf, strbuf_printf, &ct->buf, NULL);
	if (!ct->d) {
		free(ct);
		return NULL;
	}
	return ct;
}

void kf_ctype_free(struct kf_ctype *ct)
{
	if (!ct)
		return;
	btf_dump__free(ct->d);
	free(ct->buf.s);
	free(ct);
}

static char *emit_decl(struct kf_ctype *ct, __u32 type_id, const char *name)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = name);
	char *s;
	int err;

	ct->buf.len = 0;
	ct->buf.failed = false;
	if (ct->buf.s)
		ct->buf.s[0] = '\0';
	err = btf_dump__emit_type_decl(ct->d, type_id, &opts);
	if (err || ct->buf.failed)
		return NULL;
	s = strdup(ct->buf.s ?: "");
	return s;
}

char *kf_ctype_func(struct kf_ctype *ct, __u32 func_id)
{
	const struct btf_type *t = btf__type_by_id(ct->btf, func_id);

	if (!t || !btf_is_func(t))
		return NULL;
	return emit_decl(ct, t->type, btf__name_by_offset(ct->btf, t->name_off));
}

char *kf_ctype_type(struct kf_ctype *ct, __u32 type_id)
{
	if (!type_id)
		return strdup("void");
	return emit_decl(ct, type_id, "");
}

char *kf_func_decl(const struct btf *btf, __u32 func_id)
{
	struct kf_ctype *ct = kf_ctype_new(btf);
	char *s = ct ? kf_ctype_func(ct, func_id) : NULL;

	kf_ctype_free(ct);
	return s;
}

char *kf_type_str(const struct btf *btf, __u32 type_id)
{
	struct kf_ctype *ct;
	char *s;

	if (!type_id)
		return strdup("void");
	ct = kf_ctype_new(btf);
	s = ct ? kf_ctype_type(ct, type_id) : NULL;
	kf_ctype_free(ct);
	return s;
}
