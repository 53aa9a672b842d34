// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* bpftool kfunc: the command table and its help. */
#include <stdio.h>
#include <bpf/libbpf.h>

#include "json_writer.h"
#include "main.h"
#include "kfunc_cli.h"
#include "kfunc_cmd.h"

static int do_help(int argc, char **argv)
{
	if (json_output) {
		jsonw_null(json_wtr);
		return 0;
	}

	fprintf(stderr,
		"Usage: %1$s %2$s { show | list } [name NAME] [module MODULE] [SOURCE]\n"
		"       %1$s %2$s resolve OBJECT... [TARGET...] [policy POLICY]\n"
		"       %1$s %2$s override show [SOURCE]\n"
		"       %1$s %2$s override check MODULE_FILE [SOURCE]\n"
		"       %1$s %2$s help\n"
		"\n"
		"       SOURCE := { kernel | file VMLINUX [modules PATH...] }\n"
		"       TARGET := { SOURCE | kernels DIR }\n"
		"       POLICY := { libbpf | module-first | kernel-override }\n"
		"       " HELP_SPEC_OPTIONS " |\n"
		"                    {-B|--base-btf} }\n"
		"\n"
		"       'override' and the policies other than 'libbpf' model module\n"
		"       overrides as proposed upstream in May 2026: no kernel has them yet.\n"
		"",
		bin_name, "kfunc");

	return 0;
}

static const struct cmd cmds[] = {
	{ "show",	do_kfunc_show },
	{ "list",	do_kfunc_show },
	{ "resolve",	do_kfunc_resolve },
	{ "override",	do_kfunc_override },
	{ "help",	do_help },
	{ 0 }
};

int do_kfunc(int argc, char **argv)
{
	int err;

	/* Only our own messages: one "Error:" line per failure. */
	if (!verifier_logs)
		libbpf_set_print(NULL);
	/* cmd_select() prints the help and fails on an unknown command. */
	err = cmd_select(cmds, argc, argv, do_help);
	return err < 0 ? KF_EXIT_ERROR : err;
}
