// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Weak typed and typeless ksym variables that do not resolve. */
#include "oracle.h"

extern const int no_such_percpu_var __ksym __weak;
extern const void init_task __ksym __weak;
extern const void no_such_symbol_anywhere __ksym __weak;

#define VARS(X)				\
	X(no_such_percpu_var)		\
	X(init_task)			\
	X(no_such_symbol_anywhere)

ORACLE_PROGRAM(NONE, NONE, VARS);
