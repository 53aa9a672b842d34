// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* A weak typed ksym of the wrong type still fails the load. */
#include "oracle.h"

extern const long runqueues __ksym __weak;

#define VARS(X) X(runqueues)

ORACLE_PROGRAM(NONE, NONE, VARS);
