// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kf_json_parse(), which reads saved kfunc probes back: what bpftool's
 * json_writer writes parses to the same values, and everything else is
 * one error naming the byte, without a crash or a leak.
 */
#include <stdio.h>
#include <string.h>

#include "kfunc.h"
#include "unit_tap.h"

static const struct {
	const char *text;
	const char *err;	/* NULL: parses */
} cases[] = {
	{ "{}", NULL },
	{ " [ 1 , -2 , true , false , null , \"s\" ] ", NULL },
	{ "{\"a\": {\"b\": [[], {}]}}", NULL },
	{ "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\"", NULL },
	{ "18446744073709551615", NULL },
	{ "", "unexpected end" },
	{ "{", "expected a key" },
	{ "{\"a\" 1}", "expected ':'" },
	{ "{\"a\": 1,}", "expected a key" },
	{ "[1 2]", "expected ',' or ']'" },
	{ "{\"a\": 1 \"b\"}", "expected ',' or '}'" },
	{ "\"abc", "bad string" },
	{ "\"a\\qb\"", "bad string" },
	{ "\"a\\u12\"", "bad string" },
	{ "\"a\nb\"", "bad string" },
	{ "1.5", "not an integer" },
	{ "-", "bad number" },
	{ "18446744073709551616", "number too large" },
	{ "nul", "bad number" },
	{ "{} {}", "trailing data" },
	{ "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
	  "nested too deep" },
};

static const char doc[] =
	"{\"k\": {\"n\": 4294967296, \"s\": \"x\\u0041\", \"l\": [true, null]}, \"m\": -3}";

int main(void)
{
	const struct kf_json *a, *b;
	struct kf_error e = {};
	struct kf_json *j;
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		e.msg[0] = '\0';
		err = kf_json_parse(cases[i].text, strlen(cases[i].text), "t.json", &j, &e);
		if (cases[i].err)
			ok(err < 0 && !j && strstr(e.msg, cases[i].err) &&
			   !strncmp(e.msg, "t.json: invalid JSON at byte ", 29),
			   "case %zu: %s (got '%s')", i, cases[i].err, e.msg);
		else
			ok(!err && j, "case %zu parses", i);
		kf_json_free(j);
	}

	err = kf_json_parse(doc, strlen(doc), "t.json", &j, &e);
	a = kf_json_get(j, "k", KF_JSON_OBJECT);
	b = kf_json_get(a, "n", KF_JSON_NUMBER);
	ok(!err && b && b->num == 4294967296ULL && !b->neg, "numbers past 32 bits");
	b = kf_json_get(a, "s", KF_JSON_STRING);
	ok(b && !strcmp(b->str, "xA"), "escapes decoded");
	b = kf_json_get(a, "l", KF_JSON_ARRAY);
	ok(b && b->cnt == 2 && b->kids[0].type == KF_JSON_BOOL && b->kids[0].boolean &&
	   b->kids[1].type == KF_JSON_NULL, "arrays, true, null");
	b = kf_json_get(j, "m", KF_JSON_NUMBER);
	ok(b && b->neg && (long long)b->num == -3, "negative numbers");
	ok(!kf_json_get(j, "m", KF_JSON_STRING) && !kf_json_get(j, "x", KF_JSON_NUMBER) &&
	   !kf_json_get(b, "x", KF_JSON_NUMBER) && !kf_json_get(NULL, "x", KF_JSON_NULL),
	   "a member of another type, a missing one, a non-object: NULL");
	kf_json_free(j);
	return done_testing();
}
