// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * A typed ksym the verifier finds no address for (reach_ksym.h): libbpf
 * binds it in BTF; the verifier looks up the address of each ksym a
 * program's code loads before it follows any path, so every program whose
 * code names it fails, guarded or not, and no other.
 */
#include <linux/types.h>
#include "reach.h"
#include "reach_ksym.h"

int sink;

SEC("syscall")
int kv_reads(void *ctx)
{
	sink = this_rq()->cpu;
	return 0;
}

/* Its own guard: the address is loaded all the same. */
SEC("syscall")
int kv_own_guard(void *ctx)
{
	if (bpf_ksym_exists(&runqueues))
		sink = this_rq()->cpu;
	return 0;
}

/* Dead code names it too. */
SEC("syscall")
int kv_false_guard(void *ctx)
{
	if (bpf_ksym_exists(missing))
		sink = this_rq()->cpu;
	return 0;
}

static __noinline int kv_sub(int x)
{
	return x + this_rq()->cpu;
}

/* In a subprogram the program calls. */
SEC("syscall")
int kv_sub_called(void *ctx)
{
	sink = kv_sub(sink);
	return 0;
}

SEC("syscall")
int kv_none(void *ctx)
{
	sink++;
	return 0;
}

char _license[] SEC("license") = "GPL";
