/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* TAP output of the C unit tests: ok() per test, the plan at the end. */
#ifndef __UNIT_TAP_H
#define __UNIT_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "kfunc.h"

static int tap_n, tap_failed;

static inline bool __printf(2, 3) ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

/* Print the plan; the exit status of the test. */
static inline int done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* __UNIT_TAP_H */
