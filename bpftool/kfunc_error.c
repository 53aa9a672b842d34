// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* vasprintf() */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kfunc_error.h"

/* Kept of a message too long: its start, and its end with the reason. */
#define KF_ERR_HEAD	(KF_ERR_LEN / 4)

int kf_error(struct kf_error *e, int err, const char *fmt, ...)
{
	size_t len, tail;
	va_list ap;
	char *s;
	int n;

	if (e) {
		va_start(ap, fmt);
		n = vasprintf(&s, fmt, ap);
		va_end(ap);
		if (n < 0) {
			va_start(ap, fmt);
			vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
			va_end(ap);
		} else {
			len = n;
			if (len < sizeof(e->msg)) {
				memcpy(e->msg, s, len + 1);
			} else {
				tail = sizeof(e->msg) - KF_ERR_HEAD - 4;
				memcpy(e->msg, s, KF_ERR_HEAD);
				memcpy(e->msg + KF_ERR_HEAD, "...", 3);
				memcpy(e->msg + KF_ERR_HEAD + 3, s + len - tail, tail + 1);
			}
			free(s);
		}
	}
	return err < 0 ? err : -err;
}
