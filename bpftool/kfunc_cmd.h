/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* The kfunc subcommands. */
#ifndef __KFUNC_CMD_H
#define __KFUNC_CMD_H

int do_kfunc_show(int argc, char **argv);
int do_kfunc_resolve(int argc, char **argv);
int do_kfunc_override(int argc, char **argv);

#endif /* __KFUNC_CMD_H */
