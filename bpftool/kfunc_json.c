// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Reading JSON back: a saved "bpftool -j kfunc probe" result, parsed into
 * a tree (RFC 8259, nesting bounded, numbers as integers).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kfunc.h"

#define JSON_DEPTH	32

struct parser {
	const char *s;
	size_t len, pos;
	const char *path;
	struct kf_error *e;
};

static int fail(struct parser *p, const char *what)
{
	return kf_error(p->e, EINVAL, "%s: invalid JSON at byte %zu: %s", p->path,
			p->pos, what);
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]))
		p->pos++;
}

static int add_kid(struct kf_json *j, struct kf_json **kid)
{
	*kid = kf_grow((void **)&j->kids, &j->cap, sizeof(**kid), j->cnt);
	if (!*kid)
		return -ENOMEM;
	j->cnt++;
	return 0;
}

static int hex4(const char *s, unsigned int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		*v <<= 4;
		if (s[i] >= '0' && s[i] <= '9')
			*v |= s[i] - '0';
		else if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			*v |= (s[i] | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return 0;
}

/* A string at p->pos (on its opening quote), malloc'ed into *@out. */
static int parse_string(struct parser *p, char **out)
{
	static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
	const char *esc;
	size_t n = 0;
	unsigned int u;
	char *buf, c;

	buf = malloc(p->len - p->pos);
	if (!buf)
		return kf_error(p->e, ENOMEM, "out of memory");
	for (p->pos++; p->pos < p->len && p->s[p->pos] != '"'; p->pos++) {
		c = p->s[p->pos];
		if ((unsigned char)c < 0x20)
			goto bad;
		if (c != '\\') {
			buf[n++] = c;
			continue;
		}
		if (++p->pos >= p->len)
			goto bad;
		c = p->s[p->pos];
		esc = c ? strchr(esc_in, c) : NULL;
		if (esc) {
			buf[n++] = esc_out[esc - esc_in];
			continue;
		}
		/* Names and messages are ASCII; others become '?'. */
		if (c != 'u' || p->pos + 4 >= p->len || hex4(p->s + p->pos + 1, &u))
			goto bad;
		p->pos += 4;
		buf[n++] = u && u < 0x80 ? (char)u : '?';
	}
	if (p->pos >= p->len)
		goto bad;
	p->pos++;
	buf[n] = '\0';
	*out = buf;
	return 0;
bad:
	free(buf);
	return fail(p, "bad string");
}

static int parse_value(struct parser *p, struct kf_json *j, int depth);

static int parse_container(struct parser *p, struct kf_json *j, int depth)
{
	bool obj = p->s[p->pos] == '{';
	char end = obj ? '}' : ']';
	struct kf_json *kid;
	char *key = NULL;
	int err;

	if (depth >= JSON_DEPTH)
		return fail(p, "nested too deep");
	j->type = obj ? KF_JSON_OBJECT : KF_JSON_ARRAY;
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == end) {
		p->pos++;
		return 0;
	}
	for (;;) {
		skip_ws(p);
		if (obj) {
			if (p->pos >= p->len || p->s[p->pos] != '"')
				return fail(p, "expected a key");
			err = parse_string(p, &key);
			if (err)
				return err;
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				free(key);
				return fail(p, "expected ':'");
			}
			p->pos++;
		}
		if (add_kid(j, &kid)) {
			free(key);
			return kf_error(p->e, ENOMEM, "out of memory");
		}
		kid->key = key;
		key = NULL;
		err = parse_value(p, kid, depth + 1);
		if (err)
			return err;
		skip_ws(p);
		if (p->pos < p->len && p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->pos < p->len && p->s[p->pos] == end) {
			p->pos++;
			return 0;
		}
		return fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
	}
}

static int parse_number(struct parser *p, struct kf_json *j)
{
	size_t start = p->pos;
	bool neg = false;
	__u64 v = 0;
	unsigned int d;

	if (p->s[p->pos] == '-') {
		neg = true;
		p->pos++;
	}
	while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') {
		d = p->s[p->pos++] - '0';
		if (v > (~0ULL - d) / 10)
			return fail(p, "number too large");
		v = v * 10 + d;
	}
	if (p->pos == start + neg)
		return fail(p, "bad number");
	/* Fractions and exponents: nothing we read has them. */
	if (p->pos < p->len && strchr(".eE", p->s[p->pos]))
		return fail(p, "not an integer");
	j->type = KF_JSON_NUMBER;
	j->num = neg ? 0 - v : v;
	j->neg = neg;
	return 0;
}

static int parse_value(struct parser *p, struct kf_json *j, int depth)
{
	static const struct {
		const char *word;
		enum kf_json_type type;
		bool val;
	} words[] = {
		{ "true", KF_JSON_BOOL, true },
		{ "false", KF_JSON_BOOL, false },
		{ "null", KF_JSON_NULL, false },
	};
	size_t i, n;

	skip_ws(p);
	if (p->pos >= p->len)
		return fail(p, "unexpected end");
	switch (p->s[p->pos]) {
	case '{':
	case '[':
		return parse_container(p, j, depth);
	case '"':
		j->type = KF_JSON_STRING;
		return parse_string(p, &j->str);
	default:
		break;
	}
	for (i = 0; i < ARRAY_SIZE(words); i++) {
		n = strlen(words[i].word);
		if (p->len - p->pos >= n && !strncmp(p->s + p->pos, words[i].word, n)) {
			j->type = words[i].type;
			j->boolean = words[i].val;
			p->pos += n;
			return 0;
		}
	}
	return parse_number(p, j);
}

static void json_fini(struct kf_json *j)
{
	size_t i;

	for (i = 0; i < j->cnt; i++)
		json_fini(&j->kids[i]);
	free(j->kids);
	free(j->key);
	free(j->str);
}

void kf_json_free(struct kf_json *j)
{
	if (!j)
		return;
	json_fini(j);
	free(j);
}

int kf_json_parse(const char *s, size_t len, const char *path,
		  struct kf_json **out, struct kf_error *e)
{
	struct parser p = { .s = s, .len = len, .path = path, .e = e };
	struct kf_json *j;
	int err;

	*out = NULL;
	j = calloc(1, sizeof(*j));
	if (!j)
		return kf_error(e, ENOMEM, "out of memory");
	err = parse_value(&p, j, 0);
	if (!err) {
		skip_ws(&p);
		if (p.pos < p.len)
			err = fail(&p, "trailing data");
	}
	if (err) {
		kf_json_free(j);
		return err;
	}
	*out = j;
	return 0;
}

const struct kf_json *kf_json_get(const struct kf_json *j, const char *key,
				  enum kf_json_type type)
{
	size_t i;

	if (!j || j->type != KF_JSON_OBJECT)
		return NULL;
	for (i = 0; i < j->cnt; i++)
		if (!strcmp(j->kids[i].key, key))
			return j->kids[i].type == type ? &j->kids[i] : NULL;
	return NULL;
}
