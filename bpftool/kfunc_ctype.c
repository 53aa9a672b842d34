// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* C spellings of BTF types through libbpf's btf_dump. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc_ctype.h"

struct strbuf {
	char *s;
	size_t len;
	bool failed;
};

static void strbuf_printf(void *ctx, const char *fmt, va_list args)
{
	struct strbuf *b = ctx;
	va_list copy;
	char *tmp;
	int n;

	if (b->failed)
		return;
	va_copy(copy, args);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	tmp = n < 0 ? NULL : realloc(b->s, b->len + n + 1);
	if (!tmp) {
		b->failed = true;
		return;
	}
	b->s = tmp;
	vsnprintf(b->s + b->len, n + 1, fmt, args);
	b->len += n;
}

static char *emit_decl(const struct btf *btf, __u32 type_id, const char *name)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = name);
	struct strbuf b = {};
	struct btf_dump *d;
	int err;

	d = btf_dump__new(btf, strbuf_printf, &b, NULL);
	if (!d)
		return NULL;
	err = btf_dump__emit_type_decl(d, type_id, &opts);
	btf_dump__free(d);
	if (err || b.failed) {
		free(b.s);
		return NULL;
	}
	return b.s ?: strdup("");
}

char *kf_func_decl(const struct btf *btf, __u32 func_id)
{
	const struct btf_type *t = btf__type_by_id(btf, func_id);

	if (!t || !btf_is_func(t))
		return NULL;
	return emit_decl(btf, t->type, btf__name_by_offset(btf, t->name_off));
}

char *kf_type_str(const struct btf *btf, __u32 type_id)
{
	if (!type_id)
		return strdup("void");
	return emit_decl(btf, type_id, "");
}
