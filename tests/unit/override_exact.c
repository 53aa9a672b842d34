// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The exact-prototype rule and override chains on BTF built with libbpf's
 * writer: a "vmlinux" base and modules split on a second base whose type
 * ids differ, so every comparison crosses BTF objects.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc.h"
#include "unit_tap.h"

static bool is_str(const char *got, const char *want, const char *what)
{
	if (ok(got && !strcmp(got, want), "%s", what))
		return true;
	printf("#   got:  '%s'\n#   want: '%s'\n", got ?: "(null)", want);
	return false;
}

/* Types every test BTF has; ids differ between the two bases. */
struct types {
	struct btf *btf;
	int t_int, t_long, t_uint, t_ull, t_u32, t_u64, t_char, t_cchar;
	int t_char_p, t_cchar_p, t_sock, t_sock_p, t_fwd_sock, t_fwd_sock_p;
	int t_fwd_union_p, t_int4_p, t_int8_p, t_vchar_p, t_enum, t_flags;
};

static void add_types(struct types *t, bool shuffle)
{
	struct btf *b = t->btf;
	int arr;

	if (shuffle) {
		/* Something first, so every id moves. */
		btf__add_int(b, "_Bool", 1, BTF_INT_BOOL);
		btf__add_struct(b, "unrelated", 4);
	}
	t->t_int = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	t->t_long = btf__add_int(b, "long", 8, BTF_INT_SIGNED);
	t->t_uint = btf__add_int(b, "unsigned int", 4, 0);
	t->t_ull = btf__add_int(b, "unsigned long long", 8, 0);
	t->t_u32 = btf__add_typedef(b, "u32", t->t_uint);
	t->t_u64 = btf__add_typedef(b, "u64", t->t_ull);
	t->t_char = btf__add_int(b, "char", 1, BTF_INT_CHAR);
	t->t_cchar = btf__add_const(b, t->t_char);
	t->t_char_p = btf__add_ptr(b, t->t_char);
	t->t_cchar_p = btf__add_ptr(b, t->t_cchar);
	t->t_sock = btf__add_struct(b, "sock", shuffle ? 16 : 8);
	btf__add_field(b, "x", t->t_int, 0, 0);
	t->t_sock_p = btf__add_ptr(b, t->t_sock);
	t->t_fwd_sock = btf__add_fwd(b, "sock", BTF_FWD_STRUCT);
	t->t_fwd_sock_p = btf__add_ptr(b, t->t_fwd_sock);
	t->t_fwd_union_p = btf__add_ptr(b, btf__add_fwd(b, "sock", BTF_FWD_UNION));
	arr = btf__add_array(b, t->t_int, t->t_int, 4);
	t->t_int4_p = btf__add_ptr(b, arr);
	arr = btf__add_array(b, t->t_int, t->t_int, 8);
	t->t_int8_p = btf__add_ptr(b, arr);
	t->t_vchar_p = btf__add_ptr(b, btf__add_volatile(b, t->t_char));
	t->t_enum = btf__add_enum(b, "mode", 4);
	btf__add_enum_value(b, "MODE_A", 0);
	t->t_flags = btf__add_int(b, "flags", 4, 0);
}

/* FUNC @name returning @ret with @n (type, name) pairs; its id. */
static int add_func(struct btf *b, const char *name, int ret, int n, ...)
{
	int proto, i, type, id;
	const char *pname;
	va_list ap;

	proto = btf__add_func_proto(b, ret);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		type = va_arg(ap, int);
		pname = va_arg(ap, const char *);
		btf__add_func_param(b, pname, type);
	}
	va_end(ap);
	id = btf__add_func(b, name, BTF_FUNC_GLOBAL, proto);
	btf__add_decl_tag(b, "bpf_kfunc", id, -1);
	return id;
}

static struct types vm, deb, m1, m2;

static void setup(void)
{
	vm.btf = btf__new_empty();
	add_types(&vm, false);
	deb.btf = btf__new_empty();
	add_types(&deb, true);
	/* Modules split on the second base: they use its types. */
	m1 = deb;
	m1.btf = btf__new_empty_split(deb.btf);
	m2 = deb;
	m2.btf = btf__new_empty_split(deb.btf);
}

static int exact(int cur_id, const struct btf *nb, int new_id, char *why, char *note)
{
	return kf_exact_protos(vm.btf, cur_id, nb, new_id, why, KF_OVR_WHY_LEN,
			       note, KF_OVR_WHY_LEN);
}

static bool compat(const struct btf *nb, int new_id, int cur_id)
{
	return kf_types_compat(nb, btf__type_by_id(nb, new_id)->type, vm.btf,
			       btf__type_by_id(vm.btf, cur_id)->type, NULL, 0) > 0;
}

static void test_rule(void)
{
	char why[KF_OVR_WHY_LEN], note[KF_OVR_WHY_LEN];
	struct btf *mb = m1.btf;
	int a, b, ret;

	/* Same prototype, different ids in different BTFs. */
	a = add_func(vm.btf, "t_same", vm.t_int, 2, vm.t_sock_p, "sk", vm.t_u32, "flags");
	b = add_func(mb, "t_same", m1.t_int, 2, m1.t_sock_p, "sk", m1.t_u32, "flags");
	ret = exact(a, mb, b, why, note);
	ok(ret == 1 && !why[0] && !note[0], "identical prototype across BTFs is exact (ret %d)", ret);
	ok(a != b && vm.t_sock != m1.t_sock, "the two BTFs number their types differently");

	/* Parameter renamed: still exact, with a note. */
	b = add_func(mb, "t_rename", m1.t_int, 2, m1.t_sock_p, "s", m1.t_u32, "flags");
	ret = exact(a, mb, b, why, note);
	ok(ret == 1, "renamed parameter is exact (ret %d)", ret);
	is_str(note, "argument 1 named 'sk' vs 's'", "renamed parameter gives a note");

	/* Arity. */
	a = add_func(vm.btf, "t_arity", vm.t_int, 3, vm.t_int, "a", vm.t_int, "b",
		     vm.t_int, "c");
	b = add_func(mb, "t_arity", m1.t_int, 2, m1.t_int, "a", m1.t_int, "b");
	ret = exact(a, mb, b, why, NULL);
	ok(ret == 0, "argument count differs (ret %d)", ret);
	is_str(why, "3 arguments vs 2", "arity difference in words");
	ok(!compat(mb, b, a), "libbpf rejects an arity change too");

	/* u32 vs u64: not exact, but libbpf-compatible. */
	a = add_func(vm.btf, "t_type", vm.t_int, 2, vm.t_sock_p, "sk", vm.t_u32, "flags");
	b = add_func(mb, "t_type", m1.t_int, 2, m1.t_sock_p, "sk", m1.t_u64, "flags");
	ret = exact(a, mb, b, why, NULL);
	ok(ret == 0, "u32 vs u64 differs (ret %d)", ret);
	is_str(why, "argument 2 (flags): 'u32' vs 'u64' (typedef 'u32' vs 'u64')",
	       "type change in words");
	ok(compat(mb, b, a), "libbpf accepts u32 vs u64 (ints of any size)");

	/* Typedef vs its underlying type. */
	b = add_func(mb, "t_typedef", m1.t_int, 2, m1.t_sock_p, "sk", m1.t_uint, "flags");
	ret = exact(a, mb, b, why, NULL);
	ok(ret == 0, "typedef vs underlying type differs (ret %d)", ret);
	is_str(why, "argument 2 (flags): 'u32' vs 'unsigned int' (typedef vs int)",
	       "typedef vs int in words");
	ok(compat(mb, b, a), "libbpf skips typedefs: compatible");

	/* Return type. */
	a = add_func(vm.btf, "t_ret", vm.t_int, 0);
	b = add_func(mb, "t_ret", m1.t_long, 0);
	ret = exact(a, mb, b, why, NULL);
	ok(ret == 0, "return int vs long differs (ret %d)", ret);
	is_str(why, "return: 'int' vs 'long' (int 'int' vs 'long')", "return difference in words");
	b = add_func(mb, "t_ret_void", 0, 0);
	ret = exact(a, mb, b, why, NULL);
	is_str(why, "return: 'int' vs 'void' (int vs void)", "int vs void return");

	/* Qualifiers. */
	a = add_func(vm.btf, "t_const", vm.t_int, 1, vm.t_cchar_p, "s");
	b = add_func(mb, "t_const", m1.t_int, 1, m1.t_char_p, "s");
	ret = exact(a, mb, b, why, NULL);
	ok(ret == 0, "const dropped differs (ret %d)", ret);
	is_str(why, "argument 1 (s): 'const char *' vs 'char *' (const dropped)",
	       "const dropped in words");
	ok(compat(mb, b, a), "libbpf ignores const");
	a = add_func(vm.btf, "t_const_add", vm.t_int, 1, vm.t_char_p, "s");
	b = add_func(mb, "t_const_add", m1.t_int, 1, m1.t_cchar_p, "s");
	exact(a, mb, b, why, NULL);
	is_str(why, "argument 1 (s): 'char *' vs 'const char *' (const added)",
	       "const added in words");
	b = add_func(mb, "t_volatile", m1.t_int, 1, m1.t_vchar_p, "s");
	a = add_func(vm.btf, "t_volatile", vm.t_int, 1, vm.t_cchar_p, "s");
	exact(a, mb, b, why, NULL);
	is_str(why, "argument 1 (s): 'const char *' vs 'volatile char *' (const vs volatile)",
	       "const vs volatile in words");

	/* FWD vs STRUCT of the same name. */
	a = add_func(vm.btf, "t_fwd", vm.t_int, 1, vm.t_sock_p, "sk");
	b = add_func(mb, "t_fwd", m1.t_int, 1, m1.t_fwd_sock_p, "sk");
	ret = exact(a, mb, b, why, NULL);
	ok(ret == 0, "struct vs forward declaration differs (ret %d)", ret);
	is_str(why, "argument 1 (sk): 'struct sock *' vs 'struct sock *' (struct vs forward declaration)",
	       "struct vs forward declaration in words");
	ok(!compat(mb, b, a), "libbpf rejects FWD vs STRUCT too");
	a = add_func(vm.btf, "t_fwd2", vm.t_int, 1, vm.t_fwd_sock_p, "sk");
	b = add_func(mb, "t_fwd2", m1.t_int, 1, m1.t_fwd_union_p, "sk");
	exact(a, mb, b, why, NULL);
	is_str(why, "argument 1 (sk): 'struct sock *' vs 'union sock *' (forward declaration of struct vs of union)",
	       "forward struct vs forward union in words");
	b = add_func(mb, "t_fwd3", m1.t_int, 1, m1.t_fwd_sock_p, "sk");
	ok(exact(a, mb, b, why, NULL) == 1, "forward declarations of the same name are exact");

	/* Struct members are not compared: sizes differ between the bases. */
	ok(btf__type_by_id(vm.btf, vm.t_sock)->size != btf__type_by_id(deb.btf, deb.t_sock)->size,
	   "struct sock has different sizes in the two bases");

	/* Array length. */
	a = add_func(vm.btf, "t_array", 0, 1, vm.t_int4_p, "v");
	b = add_func(mb, "t_array", 0, 1, m1.t_int8_p, "v");
	ret = exact(a, mb, b, why, NULL);
	ok(ret == 0, "array length differs (ret %d)", ret);
	is_str(why, "argument 1 (v): 'int(*)[4]' vs 'int(*)[8]' (array length 4 vs 8)",
	       "array length in words");
	ok(compat(mb, b, a), "libbpf ignores array length");

	/* enum vs int of the same size, and enum vs enum. */
	a = add_func(vm.btf, "t_enum", 0, 1, vm.t_enum, "m");
	b = add_func(mb, "t_enum", 0, 1, m1.t_enum, "m");
	ok(exact(a, mb, b, why, NULL) == 1, "same enum is exact");
	b = add_func(mb, "t_enum2", 0, 1, m1.t_uint, "m");
	exact(a, mb, b, why, NULL);
	is_str(why, "argument 1 (m): 'enum mode' vs 'unsigned int' (enum vs int)",
	       "enum vs int in words");
	b = add_func(mb, "t_enum3", 0, 1, m1.t_flags, "m");
	a = add_func(vm.btf, "t_enum3", 0, 1, vm.t_uint, "m");
	exact(a, mb, b, why, NULL);
	is_str(why, "argument 1 (m): 'unsigned int' vs 'flags' (int 'unsigned int' vs 'flags')",
	       "int names compared");
}

static void test_func_ptr(void)
{
	char why[KF_OVR_WHY_LEN];
	struct btf *mb = m1.btf;
	int pa, pb, a, b;

	pa = btf__add_func_proto(vm.btf, vm.t_int);
	btf__add_func_param(vm.btf, "x", vm.t_int);
	pa = btf__add_ptr(vm.btf, pa);
	pb = btf__add_func_proto(mb, m1.t_int);
	btf__add_func_param(mb, "y", m1.t_int);
	btf__add_func_param(mb, "z", m1.t_int);
	pb = btf__add_ptr(mb, pb);
	a = add_func(vm.btf, "t_cb", 0, 1, pa, "cb");
	b = add_func(mb, "t_cb", 0, 1, pb, "cb");
	ok(exact(a, mb, b, why, NULL) == 0, "function pointers with different arity differ");
	is_str(why, "argument 1 (cb): 'int (*)(int x)' vs 'int (*)(int y, int z)' (function prototype with 1 argument vs 2)",
	       "nested prototype difference in words");

	pb = btf__add_func_proto(mb, m1.t_int);
	btf__add_func_param(mb, "other_name", m1.t_int);
	pb = btf__add_ptr(mb, pb);
	b = add_func(mb, "t_cb2", 0, 1, pb, "cb");
	ok(exact(a, mb, b, why, NULL) == 1, "function pointer parameter names are ignored");
}

/*
 * Broken BTF in BTF objects of their own: libbpf's btf_dump cannot even be
 * created over them (btf__new() rejects such files, the writer does not).
 */
static void test_bad_ids(void)
{
	struct btf *vb = btf__new_empty_split(vm.btf), *mb = btf__new_empty_split(deb.btf);
	char why[KF_OVR_WHY_LEN];
	int a, b, p, i, ret;

	a = add_func(vb, "t_bad", 0, 1, vm.t_int, "x");
	b = add_func(mb, "t_bad", 0, 1, 99999, "x");
	ret = kf_exact_protos(vb, a, mb, b, why, sizeof(why), NULL, 0);
	ok(ret == -EINVAL, "invalid parameter type id is an error (ret %d)", ret);
	is_str(why, "argument 1 (x): invalid type id 99999", "invalid id in words");
	ret = kf_exact_protos(vb, 99999, mb, b, why, sizeof(why), NULL, 0);
	ok(ret == -EINVAL, "invalid FUNC id is an error (ret %d)", ret);
	is_str(why, "type id 99999 is not a function", "invalid FUNC id in words");
	ret = kf_exact_protos(vb, vm.t_int, mb, b, NULL, 0, NULL, 0);
	ok(ret == -EINVAL, "a non-function id is an error without a message buffer");

	/* 40 pointers deep on both sides. */
	p = vm.t_int;
	for (i = 0; i < 40; i++)
		p = btf__add_ptr(vb, p);
	a = add_func(vb, "t_deep", 0, 1, p, "x");
	p = m1.t_int;
	for (i = 0; i < 40; i++)
		p = btf__add_ptr(mb, p);
	b = add_func(mb, "t_deep", 0, 1, p, "x");
	ret = kf_exact_protos(vb, a, mb, b, why, sizeof(why), NULL, 0);
	ok(ret == -ELOOP, "40 pointers deep is too deep (ret %d)", ret);
	is_str(why, "argument 1 (x): types nested deeper than 32 levels", "depth limit in words");

	/* 30 deep is fine. */
	p = vm.t_int;
	for (i = 0; i < 30; i++)
		p = btf__add_ptr(vb, p);
	a = add_func(vb, "t_deep30", 0, 1, p, "x");
	p = m1.t_int;
	for (i = 0; i < 30; i++)
		p = btf__add_ptr(mb, p);
	b = add_func(mb, "t_deep30", 0, 1, p, "x");
	ret = kf_exact_protos(vb, a, mb, b, why, sizeof(why), NULL, 0);
	ok(ret == 1, "30 pointers deep is compared (ret %d)", ret);

	/* A pointer to itself on both sides: a loop the depth bound ends. */
	p = btf__add_ptr(vb, btf__type_cnt(vb));
	a = add_func(vb, "t_loop", 0, 1, p, "x");
	p = btf__add_ptr(mb, btf__type_cnt(mb));
	b = add_func(mb, "t_loop", 0, 1, p, "x");
	ret = kf_exact_protos(vb, a, mb, b, why, sizeof(why), NULL, 0);
	ok(ret == -ELOOP, "self-referencing pointer ends at the depth bound (ret %d)", ret);

	/* Function prototypes nested in each other without end. */
	p = btf__type_cnt(vb);
	btf__add_func_proto(vb, p + 1);
	btf__add_ptr(vb, p);
	a = add_func(vb, "t_proto_loop", 0, 1, p + 1, "f");
	p = btf__type_cnt(mb);
	btf__add_func_proto(mb, p + 1);
	btf__add_ptr(mb, p);
	b = add_func(mb, "t_proto_loop", 0, 1, p + 1, "f");
	ret = kf_exact_protos(vb, a, mb, b, why, sizeof(why), NULL, 0);
	ok(ret == -ELOOP, "prototype returning a pointer to itself ends (ret %d)", ret);
	btf__free(mb);
	btf__free(vb);
}

/* A source over @t with the kfuncs (FUNCs) named in @names. */
static void make_source(struct kf_source *s, const char *name, struct btf *btf,
			const char *const *names)
{
	struct kf_kfunc *kf;
	size_t n = 0, i, j;
	__s32 id;

	while (names[n])
		n++;
	memset(s, 0, sizeof(*s));
	s->name = strdup(name);
	s->btf = btf;
	kf = calloc(n, sizeof(*kf));
	for (i = 0; i < n; i++) {
		id = btf__find_by_name_kind(btf, names[i], BTF_KIND_FUNC);
		/* Kept sorted by name, as the loaders do. */
		for (j = i; j > 0 && strcmp(kf[j - 1].name, names[i]) > 0; j--)
			kf[j] = kf[j - 1];
		kf[j].name = btf__name_by_offset(btf, btf__type_by_id(btf, id)->name_off);
		kf[j].btf_id = id;
	}
	s->kfuncs = kf;
	s->kfunc_cnt = n;
}

static void free_source(struct kf_source *s)
{
	free(s->name);
	free(s->kfuncs);
}

static const struct kf_ovr_entry *find_entry(const struct kf_ovr_report *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->cnt; i++)
		if (!strcmp(r->entries[i].name, name))
			return &r->entries[i];
	return NULL;
}

static void test_chains(void)
{
	static const char *const vm_names[] = { "c_chain", "c_bad_then_good", "c_only_vm", NULL };
	static const char *const m1_names[] = {
		"c_chain", "c_bad_then_good", "c_collide", "c_only_m1", NULL };
	static const char *const m2_names[] = {
		"c_chain", "c_bad_then_good", "c_collide", NULL };
	const struct kf_source *srcs[3];
	struct kf_source s[3];
	const struct kf_ovr_entry *en;
	struct kf_ovr_report r;
	struct kf_error e = {};
	int err;

	add_func(vm.btf, "c_chain", vm.t_int, 1, vm.t_sock_p, "sk");
	add_func(m1.btf, "c_chain", m1.t_int, 1, m1.t_sock_p, "sk");
	add_func(m2.btf, "c_chain", m2.t_int, 1, m2.t_sock_p, "sk");
	add_func(vm.btf, "c_bad_then_good", vm.t_int, 1, vm.t_u32, "x");
	add_func(m1.btf, "c_bad_then_good", m1.t_int, 1, m1.t_u64, "x");
	add_func(m2.btf, "c_bad_then_good", m2.t_int, 1, m2.t_u32, "x");
	add_func(vm.btf, "c_only_vm", 0, 0);
	add_func(m1.btf, "c_collide", 0, 0);
	add_func(m2.btf, "c_collide", 0, 0);
	add_func(m1.btf, "c_only_m1", 0, 0);

	make_source(&s[0], "vmlinux", vm.btf, vm_names);
	make_source(&s[1], "mod_a", m1.btf, m1_names);
	make_source(&s[2], "mod_b", m2.btf, m2_names);
	srcs[0] = &s[0];
	srcs[1] = &s[1];
	srcs[2] = &s[2];

	err = kf_override_analyze(srcs, 3, true, false, &r, &e);
	ok(!err, "analyze three sources (err %d %s)", err, e.msg);
	ok(r.cnt == 3, "three names with several providers (got %zu)", r.cnt);
	ok(r.invalid_cnt == 2, "two of them invalid (got %zu)", r.invalid_cnt);
	ok(!find_entry(&r, "c_only_vm") && !find_entry(&r, "c_only_m1"),
	   "single-provider names are not reported");

	en = find_entry(&r, "c_chain");
	ok(en && en->ok && en->link_cnt == 3 && en->in_vmlinux, "chain of two valid overrides");
	if (en) {
		ok(en->links[1].verdict == KF_OVR_VALID && en->links[1].against == 0 &&
		   en->links[2].verdict == KF_OVR_VALID && en->links[2].against == 1,
		   "mod_b overrides mod_a's override");
		ok(en->libbpf == 0 && en->module_first == 1 && en->kernel_btf == 0 &&
		   en->kernel_impl == 2, "bindings: libbpf vmlinux, module-first mod_a, kernel-override mod_b");
	}

	en = find_entry(&r, "c_bad_then_good");
	ok(en && !en->ok, "invalid link makes the name invalid");
	if (en) {
		ok(en->links[1].verdict == KF_OVR_INVALID && en->links[1].libbpf_compat,
		   "mod_a invalid but libbpf-compatible");
		is_str(en->links[1].why, "argument 1 (x): 'u32' vs 'u64' (typedef 'u32' vs 'u64')",
		       "mod_a's difference");
		ok(en->links[2].verdict == KF_OVR_VALID && en->links[2].against == 0,
		   "mod_b compared with vmlinux, the current provider, and valid");
		ok(en->kernel_impl == 2, "implementation from mod_b");
	}

	en = find_entry(&r, "c_collide");
	ok(en && !en->ok && !en->in_vmlinux, "module-only name in two modules collides");
	if (en) {
		ok(en->links[0].verdict == KF_OVR_FIRST && en->links[1].verdict == KF_OVR_COLLISION,
		   "second module is the collision");
		is_str(en->links[1].why,
		       "collides with mod_a: not a vmlinux kfunc, so it cannot be overridden",
		       "collision in words");
		ok(en->libbpf == 0 && en->module_first == 0 && en->kernel_impl == 0,
		   "module-only name binds to the first module under every policy");
	}
	kf_override_report_free(&r);

	/* Check mode: only names the last source has. */
	srcs[2] = &s[1];
	srcs[1] = &s[2];
	err = kf_override_analyze(srcs, 2, true, true, &r, &e);
	ok(!err && r.cnt == 2 && find_entry(&r, "c_chain") && find_entry(&r, "c_bad_then_good"),
	   "vmlinux + mod_b: two names overridden (got %zu)", r.cnt);
	kf_override_report_free(&r);
	err = kf_override_analyze(srcs, 3, true, true, &r, &e);
	ok(!err && r.cnt == 3 && r.invalid_cnt == 2,
	   "vmlinux, mod_b, then mod_a: three names, two invalid (got %zu, %zu)",
	   r.cnt, r.invalid_cnt);
	kf_override_report_free(&r);

	free_source(&s[0]);
	free_source(&s[1]);
	free_source(&s[2]);
}

int main(void)
{
	setup();
	test_rule();
	test_func_ptr();
	test_bad_ids();
	test_chains();
	btf__free(m2.btf);
	btf__free(m1.btf);
	btf__free(deb.btf);
	btf__free(vm.btf);
	return done_testing();
}
