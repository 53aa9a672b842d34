// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include "main.h"
#include "kfunc_cmd.h"

int do_kfunc_override(int argc, char **argv)
{
	p_err("override: not implemented yet");
	return 2;
}
