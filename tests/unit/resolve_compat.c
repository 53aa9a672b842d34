// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * kf_types_compat() over every pair of a few hundred generated types: its
 * verdict is libbpf's bpf_core_types_are_compat() (linked from the same
 * libbpf.a), and every incompatible pair, only those, gets its reason in
 * words. The flavor names libbpf cuts, on the cases the docs give.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <bpf/relo_core.h>

#include "kfunc.h"
#include "unit_tap.h"
static unsigned int rnd_state = 12345;

static unsigned int rnd(unsigned int n)
{
	rnd_state = rnd_state * 1103515245 + 12345;
	return (rnd_state >> 16) % n;
}

/* Fixed types every generated BTF starts with. */
static void add_basics(struct btf *btf)
{
	int s, e;

	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);		/* 1 */
	btf__add_int(btf, "char", 1, BTF_INT_CHAR);		/* 2 */
	btf__add_int(btf, "long", 8, BTF_INT_SIGNED);		/* 3 */
	s = btf__add_struct(btf, "task", 8);			/* 4 */
	btf__add_field(btf, "pid", 1, 0, 0);
	btf__add_union(btf, "u", 4);				/* 5 */
	btf__add_field(btf, "a", 1, 0, 0);
	btf__add_fwd(btf, "task", BTF_FWD_STRUCT);		/* 6 */
	e = btf__add_enum(btf, "e", 4);				/* 7 */
	btf__add_enum_value(btf, "A", 0);
	btf__add_enum64(btf, "e64", 8, false);			/* 8 */
	btf__add_enum64_value(btf, "B", 1);
	btf__add_float(btf, "double", 8);			/* 9 */
	btf__add_typedef(btf, "myint", 1);			/* 10 */
	btf__add_typedef(btf, "myint2", 10);			/* 11 */
	btf__add_const(btf, 1);					/* 12 */
	btf__add_volatile(btf, 4);				/* 13 */
	btf__add_struct(btf, "other", 4);			/* 14 */
	btf__add_field(btf, "x", 1, 0, 0);
	(void)s;
	(void)e;
}

/* Random types over what exists so far, including long pointer chains. */
static void add_random(struct btf *btf, int n)
{
	int i, j, cnt, id, p, len;

	for (i = 0; i < n; i++) {
		cnt = btf__type_cnt(btf);
		switch (rnd(9)) {
		case 0:
		case 1:
			btf__add_ptr(btf, rnd(cnt));
			break;
		case 2:
			btf__add_array(btf, 1, 1 + rnd(cnt - 1), rnd(4));
			break;
		case 3:
			btf__add_const(btf, 1 + rnd(cnt - 1));
			break;
		case 4:
			btf__add_typedef(btf, "td", 1 + rnd(cnt - 1));
			break;
		case 5:
		case 6:
		case 7:
			id = btf__add_func_proto(btf, rnd(cnt));
			p = rnd(4);
			for (j = 0; j < p; j++)
				btf__add_func_param(btf, "p", 1 + rnd(id - 1));
			break;
		default:
			/* A chain deeper than the 32-step limit. */
			id = 1 + rnd(cnt - 1);
			len = 28 + rnd(8);
			for (j = 0; j < len; j++)
				id = btf__add_ptr(btf, id);
			break;
		}
	}
}

static struct btf *make_btf(unsigned int seed, int n)
{
	struct btf *btf = btf__new_empty();

	rnd_state = seed;
	add_basics(btf);
	add_random(btf, n);
	/* A bitfield-like int, never compatible. */
	btf__add_int(btf, "int", 4, BTF_INT_SIGNED);
	return btf;
}

static void check_pairs(const struct btf *a, const struct btf *b, const char *what)
{
	__u32 i, j, na = btf__type_cnt(a), nb = btf__type_cnt(b);
	int mine, theirs, agree = 0, disagree = 0, compat = 0;
	char why[512];

	for (i = 0; i < na; i++) {
		for (j = 0; j < nb; j++) {
			mine = kf_types_compat(a, i, b, j, why, sizeof(why)) > 0;
			theirs = bpf_core_types_are_compat(a, i, b, j) > 0;
			if (mine == theirs) {
				agree++;
				compat += mine;
				if (mine == !!why[0]) {
					ok(0, "%s: [%u] vs [%u] %s", what, i, j, mine ?
					   "compatible with a reason" :
					   "incompatible without a reason");
					return;
				}
				continue;
			}
			if (!disagree++)
				ok(0, "%s: [%u] vs [%u]: ours %d, libbpf %d", what, i, j,
				   mine, theirs);
		}
	}
	ok(!disagree, "%s: %d pairs agree with libbpf (%d compatible)", what, agree,
	   compat);
}

static void check_names(void)
{
	ok(bpf_core_essential_name_len("a___b___c") == 5, "a___b___c -> a___b");
	ok(bpf_core_essential_name_len("foo___") == 6, "foo___ is not flavored");
	ok(bpf_core_essential_name_len("scx_bpf_x___v2___mine") == strlen("scx_bpf_x___v2"),
	   "a kernel name with ___ is reached with one more flavor");
}

int main(void)
{
	struct btf *a, *b;
	unsigned int seed;

	libbpf_set_print(NULL);
	check_names();
	for (seed = 1; seed <= 6; seed++) {
		char what[64];

		a = make_btf(seed, 60);
		b = make_btf(seed * 7919, 60);
		snprintf(what, sizeof(what), "seed %u, one BTF", seed);
		check_pairs(a, a, what);
		snprintf(what, sizeof(what), "seed %u, two BTFs", seed);
		check_pairs(a, b, what);
		btf__free(a);
		btf__free(b);
	}
	return done_testing();
}
