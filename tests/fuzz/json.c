// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A saved kfunc probe: the JSON reader, then a walk of what it built.
 */
#include "fuzz.h"

static size_t walk(const struct kf_json *j)
{
	size_t i, n = 1;

	if (j->str)
		n += j->str[0] != '\0';
	for (i = 0; i < j->cnt; i++)
		n += walk(&j->kids[i]) + (j->kids[i].key && j->kids[i].key[0]);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kf_json *j;
	struct kf_error e;

	if (!kf_json_parse((const char *)data, size, "fuzz.json", &j, &e)) {
		kf_json_get(j, "kfuncs", KF_JSON_ARRAY);
		walk(j);
		kf_json_free(j);
	}
	return 0;
}
