// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "json_writer.h"
#include "main.h"
#include "kfunc.h"

/* bpftool kfunc resolve: libbpf's verdict on an object's ksym externs. */
#define KALLSYMS "/proc/kallsyms"

struct resolve_run {
	struct kf_object **objs;
	char **paths;
	char **errs;		/* why an object has no results, or NULL */
	int obj_cnt;
	struct kf_kernel **kernels;	/* BTF released, names kept */
	int kernel_cnt;
	enum kf_loader loaders[KF_LOADER_CNT];
	int loader_cnt;
	/* A column per kernel and loader: kernel * loader_cnt + loader. */
	int col_cnt;
	struct kf_resolution **res;	/* [obj * col_cnt + column] */
	struct kf_prog_verdict **progs;	/* the same, per program */
	/*
	 * The same, per program and extern: what a probe answered for a
	 * call of that kfunc from that program's type (enum
	 * kf_probe_verdict), TYPE_UNCHECKED where nothing was probed.
	 */
	unsigned char **types;
	bool *probed;		/* per kernel: program types were probed */
	enum kf_policy policy;
};

#define TYPE_UNCHECKED	0xff
#define TYPE_UNPROBED	0xfe	/* a bound kfunc call, of a type not probed */
#define TYPE_REFUSED	0xfd	/* the same, of a type the kernel never loads */
#define TYPE_EPERM	0xfc	/* the same, refused to this process (EPERM) */

static const char *kind_str(enum kf_extern_kind kind)
{
	switch (kind) {
	case KF_EXT_KFUNC:
		return "kfunc";
	case KF_EXT_VAR:
		return "var";
	default:
		return "typeless_var";
	}
}

static const char *outcome_str(enum kf_outcome outcome)
{
	switch (outcome) {
	case KF_OUT_BOUND:
		return "bound";
	case KF_OUT_UNSET:
		return "unset";
	case KF_OUT_FAIL:
		return "fail";
	default:
		return "kallsyms";
	}
}

static const char *reason_str(enum kf_reason reason)
{
	switch (reason) {
	case KF_WHY_NOT_FOUND:
		return "not_found";
	case KF_WHY_INCOMPATIBLE:
		return "incompatible";
	case KF_WHY_NOT_IN_KALLSYMS:
		return "not_in_kallsyms";
	case KF_WHY_AMBIGUOUS:
		return "ambiguous_in_kallsyms";
	case KF_WHY_KALLSYMS_ONLY:
		return "kallsyms_only";
	case KF_WHY_UNSUPPORTED:
		return "unsupported";
	case KF_WHY_NOT_KFUNC:
		return "not_kfunc";
	default:
		return NULL;
	}
}

static struct kf_resolution *res_at(const struct resolve_run *run, int obj, int col)
{
	return run->res[obj * run->col_cnt + col];
}

static struct kf_prog_verdict *progs_at(const struct resolve_run *run, int obj,
					int col)
{
	return run->progs[obj * run->col_cnt + col];
}

static unsigned char *types_at(const struct resolve_run *run, int obj, int col)
{
	return run->types[obj * run->col_cnt + col];
}

static bool object_loads(const struct resolve_run *run, int obj, int col)
{
	return kf_object_loads(run->objs[obj], res_at(run, obj, col),
			       progs_at(run, obj, col));
}

/* The section of program @p of @obj. */
static const char *prog_sec(const struct kf_object *obj, size_t p)
{
	return obj->code.secs[obj->code.funcs[obj->code.progs[p].func].sec].name;
}

/*
 * What @probe answers for each bound kfunc a program of @obj may call,
 * from that program's type, into @types; @refused marks the calls the
 * verifier refuses.
 */
static int probe_types(struct kf_probe *probe, const struct kf_kernel *k,
		       const struct kf_object *obj, const struct kf_resolution *r,
		       unsigned char *types, bool *refused, struct kf_error *e)
{
	size_t n = obj->extern_cnt, p, x;
	const struct kf_prog xdp_prog = {};
	enum kf_probe_verdict v, xdp_v;
	const struct kf_kfunc *kf;
	bool sleepable, *ld, *call;
	int t, xdp, err = 0;

	xdp = kf_probe_prog_target(probe, "xdp", &xdp_prog, &sleepable);

	ld = calloc(n + 1, sizeof(*ld));
	call = calloc(n + 1, sizeof(*call));
	if (!ld || !call)
		err = kf_error(e, ENOMEM, "out of memory");
	for (p = 0; !err && p < obj->code.prog_cnt; p++) {
		t = kf_probe_prog_target(probe, prog_sec(obj, p),
					 &obj->code.progs[p], &sleepable);
		memset(call, 0, n * sizeof(*call));
		err = kf_code_prog_externs(&obj->code, p, ld, call);
		for (x = 0; !err && x < n; x++) {
			if (!call[x] || r[x].outcome != KF_OUT_BOUND ||
			    obj->externs[x].kind != KF_EXT_KFUNC || !r[x].found)
				continue;
			if (t < 0) {
				types[p * n + x] = t == -ENOENT ? TYPE_UNPROBED :
						   t == -EPERM ? TYPE_EPERM : TYPE_REFUSED;
				continue;
			}
			kf = kf_source_find_kfunc(&k->srcs[r[x].src_idx],
						  obj->externs[x].essent_name);
			if (!kf || kf->btf_id != r[x].btf_id)
				continue;
			err = kf_probe_verdict(probe, &k->srcs[r[x].src_idx], kf, t,
					       &v, e);
			/*
			 * The verifier refuses a metadata kfunc outside a
			 * device-bound program before it looks at the type.
			 */
			if (!err && v == KF_PROBE_NOT_ALLOWED && xdp >= 0 && xdp != t) {
				err = kf_probe_verdict(probe, &k->srcs[r[x].src_idx],
						       kf, xdp, &xdp_v, e);
				if (xdp_v == KF_PROBE_DEV_BOUND)
					v = KF_PROBE_DEV_BOUND;
			}
			types[p * n + x] = v;
			/* A device-bound XDP program is the loader's choice. */
			refused[p * n + x] = v == KF_PROBE_NOT_ALLOWED ||
					     v == KF_PROBE_DEV_BOUND ||
					     v == KF_PROBE_PERFMON ||
					     (v == KF_PROBE_SLEEPABLE && !sleepable);
		}
	}
	free(ld);
	free(call);
	return err;
}

static const struct kf_kernel *col_kernel(const struct resolve_run *run, int col)
{
	return run->kernels[col / run->loader_cnt];
}

static enum kf_loader col_loader(const struct resolve_run *run, int col)
{
	return run->loaders[col % run->loader_cnt];
}

/* A column's name: its kernel, its loader, or both. */
static void col_label(const struct resolve_run *run, int col, char *buf, size_t sz)
{
	const char *kname = col_kernel(run, col)->name;
	const char *lname = kf_loader_str(col_loader(run, col));

	if (run->loader_cnt == 1)
		snprintf(buf, sz, "%s", kname);
	else if (run->kernel_cnt == 1)
		snprintf(buf, sz, "%s", lname);
	else
		snprintf(buf, sz, "%s/%s", kname, lname);
}

/* With several loaders: they do not all give extern @x of @obj one outcome. */
static bool loaders_disagree(const struct resolve_run *run, int obj, int kern,
			     size_t x)
{
	const struct kf_resolution *a, *b;
	int l;

	a = &res_at(run, obj, kern * run->loader_cnt)[x];
	for (l = 1; l < run->loader_cnt; l++) {
		b = &res_at(run, obj, kern * run->loader_cnt + l)[x];
		if (a->outcome != b->outcome)
			return true;
	}
	return false;
}

/*
 * Resolve every object on column @col, for @rt's kernel @k and loader; with
 * @probe, the calls a program's type may not make fail it too.
 */
static int resolve_col(struct resolve_run *run, const struct kf_resolve_target *rt,
		       const struct kf_kernel *k, struct kf_probe *probe, int col,
		       struct kf_error *e)
{
	bool gotox = kf_kernel_indirect_jumps(k);
	const struct kf_object *obj;
	struct kf_prog_verdict *v;
	struct kf_resolution *r;
	unsigned char *types;
	bool *refused;
	size_t n;
	int o, err;

	for (o = 0; o < run->obj_cnt; o++) {
		if (run->errs[o])
			continue;
		obj = run->objs[o];
		n = obj->code.prog_cnt * obj->extern_cnt;
		r = calloc(obj->extern_cnt + 1, sizeof(*r));
		v = calloc(obj->code.prog_cnt + 1, sizeof(*v));
		types = malloc(n + 1);
		refused = calloc(n + 1, sizeof(*refused));
		run->res[o * run->col_cnt + col] = r;
		run->progs[o * run->col_cnt + col] = v;
		run->types[o * run->col_cnt + col] = types;
		if (!r || !v || !types || !refused) {
			free(refused);
			return -ENOMEM;
		}
		memset(types, TYPE_UNCHECKED, n);
		err = kf_resolve_object(obj, rt, r, e);
		if (!err && probe)
			err = probe_types(probe, k, obj, r, types, refused, e);
		if (!err)
			err = kf_reach_object_refused(obj, r, refused, gotox, v, e);
		free(refused);
		/* Probing needs the privilege to load programs. */
		if (err == -EPERM)
			return err;
		/* One object the analysis refuses spoils no other. */
		if (err && err != -ENOMEM) {
			run->errs[o] = strdup(e->msg);
			err = run->errs[o] ? 0 : -ENOMEM;
		}
		if (err)
			return err;
	}
	return 0;
}

/* Resolve every object on kernel @i, for each loader. */
static int resolve_kernel(struct resolve_run *run, const struct kf_target *t,
			  int i, struct kf_resolve_target *rt, struct kf_error *e)
{
	struct kf_kernel *k = run->kernels[i];
	struct kf_probe *probe = NULL;
	int l, err = 0;

	if (t->probe || t->probe_path) {
		probe = kf_probe_new();
		if (!probe)
			return kf_error(e, ENOMEM, "out of memory");
		if (t->probe_path)
			err = kf_probe_read(probe, t->probe_path, e);
		if (!err)
			err = kf_probe_setup(probe, &k->srcs[0], NULL, e);
		run->probed[i] = !err;
	}
	for (l = 0; !err && l < run->loader_cnt; l++) {
		rt->loader = run->loaders[l];
		err = resolve_col(run, rt, k, probe, i * run->loader_cnt + l, e);
	}
	kf_probe_free(probe);
	return err;
}

/* Load each target once and resolve every object on it. */
static int resolve_all(struct resolve_run *run, const struct kf_targets *t)
{
	struct kf_load_opts opts = { .keep_modules = true, .index_names = true };
	struct kf_resolve_target rt = { .policy = run->policy };
	struct kf_ovr_report ovr = {};
	struct kf_kallsyms ks = {};
	struct kf_error e = {};
	struct kf_kernel *k;
	int i, err = 0;

	for (i = 0; i < t->cnt; i++) {
		err = kf_target_load(&t->v[i], &opts, &k, &e);
		if (err) {
			p_err("%s", e.msg);
			return err;
		}
		run->kernels[run->kernel_cnt++] = k;
		rt.k = k;
		rt.ks = NULL;
		rt.ovr = NULL;
		if (t->v[i].kallsyms_path) {
			err = kf_kallsyms_load(&ks, t->v[i].kallsyms_path, &e);
			if (err) {
				p_err("%s", e.msg);
				return err;
			}
			rt.ks = &ks;
		} else if (t->v[i].kind == KF_TARGET_RUNNING) {
			if (kf_kallsyms_load(&ks, KALLSYMS, &e))
				kf_warn("%s: ksym addresses not predicted", e.msg);
			else
				rt.ks = &ks;
		}
		if (run->policy == KF_POLICY_KERNEL_OVERRIDE) {
			err = kf_override_analyze_kernel(k, &ovr, &e);
			if (!err)
				rt.ovr = &ovr;
		}
		if (!err)
			err = resolve_kernel(run, &t->v[i], i, &rt, &e);
		if (err == -ENOMEM)
			p_err("out of memory");
		else if (err)
			p_err("%s", e.msg);
		kf_override_report_free(&ovr);
		kf_kallsyms_free(&ks);
		kf_kernel_release_btf(k);
		if (err)
			return err;
	}
	return 0;
}

static const char *src_name(const struct kf_kernel *k, size_t idx)
{
	return k->srcs[idx].name;
}

static void json_extern(const struct resolve_run *run, int o, int col, size_t x)
{
	const struct kf_resolution *r = &res_at(run, o, col)[x];
	const struct kf_extern *ext = &run->objs[o]->externs[x];
	const struct kf_kernel *k = col_kernel(run, col);

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", ext->name);
	jsonw_string_field(json_wtr, "essential_name", ext->essent_name);
	jsonw_string_field(json_wtr, "lookup_name",
			   kf_extern_lookup_name(ext, col_loader(run, col)));
	jsonw_string_field(json_wtr, "kind", kind_str(ext->kind));
	jsonw_bool_field(json_wtr, "weak", ext->weak);
	jsonw_string_field(json_wtr, "outcome", outcome_str(r->outcome));
	if (r->outcome == KF_OUT_KALLSYMS)
		jsonw_null_field(json_wtr, "exists");
	else
		jsonw_bool_field(json_wtr, "exists", r->outcome == KF_OUT_BOUND);
	if (reason_str(r->reason))
		jsonw_string_field(json_wtr, "reason", reason_str(r->reason));
	else
		jsonw_null_field(json_wtr, "reason");
	if (r->found) {
		jsonw_string_field(json_wtr, "source", src_name(k, r->src_idx));
		jsonw_uint_field(json_wtr, "btf_id", r->btf_id);
		jsonw_string_field(json_wtr, "implementation", src_name(k, r->impl_idx));
	} else {
		jsonw_null_field(json_wtr, "source");
		jsonw_null_field(json_wtr, "btf_id");
		jsonw_null_field(json_wtr, "implementation");
	}
	if (ext->kind == KF_EXT_KFUNC && r->found)
		jsonw_bool_field(json_wtr, "is_kfunc", r->is_kfunc);
	else
		jsonw_null_field(json_wtr, "is_kfunc");
	if (r->why[0])
		jsonw_string_field(json_wtr, "message", r->why);
	else
		jsonw_null_field(json_wtr, "message");
	if (run->loader_cnt > 1)
		jsonw_bool_field(json_wtr, "loaders_disagree",
				 loaders_disagree(run, o, col / run->loader_cnt, x));
	jsonw_end_object(json_wtr);
}

static void json_groups(const struct kf_object *obj, const struct kf_group *g,
			size_t cnt)
{
	size_t i, j;

	jsonw_name(json_wtr, "flavor_groups");
	jsonw_start_array(json_wtr);
	for (i = 0; i < cnt; i++) {
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "essential_name", g[i].essent_name);
		jsonw_name(json_wtr, "flavors");
		jsonw_start_array(json_wtr);
		for (j = 0; j < g[i].cnt; j++)
			jsonw_string(json_wtr, obj->externs[g[i].members[j]].name);
		jsonw_end_array(json_wtr);
		jsonw_uint_field(json_wtr, "true_count", g[i].true_cnt);
		jsonw_bool_field(json_wtr, "none_true",
				 g[i].warnings & KF_GROUP_NONE_TRUE);
		jsonw_bool_field(json_wtr, "many_true",
				 g[i].warnings & KF_GROUP_MANY_TRUE);
		jsonw_bool_field(json_wtr, "strong_flavor",
				 g[i].warnings & KF_GROUP_STRONG_FLAVOR);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
}

static const char *site_kind_str(enum kf_site_kind kind)
{
	switch (kind) {
	case KF_SITE_CALL:
		return "call";
	case KF_SITE_USE:
		return "use";
	case KF_SITE_ADDRESS:
		return "address";
	case KF_SITE_NO_JUMP_TABLE:
	case KF_SITE_INDIRECT_JUMP:
		return "indirect_jump";
	case KF_SITE_STRUCT_OPS:
		return "struct_ops";
	default:
		return "prog_type";
	}
}

/* Why the verifier refuses @site of program @p. */
static const char *site_why(const struct kf_object *obj, size_t p,
			    const struct kf_site *site, const struct kf_resolution *r,
			    const unsigned char *types, char *buf, size_t sz)
{
	const struct kf_prog *prog = &obj->code.progs[p];
	enum bpf_attach_type attach;
	enum bpf_prog_type type = BPF_PROG_TYPE_UNSPEC;
	const char *name = "these";

	if (site->kind == KF_SITE_NO_JUMP_TABLE)
		return "no jump table in its function";
	if (site->kind == KF_SITE_INDIRECT_JUMP)
		return "the kernel has no indirect jumps (no BPF_MAP_TYPE_INSN_ARRAY)";
	if (site->kind == KF_SITE_STRUCT_OPS)
		return "libbpf refuses a struct_ops program that no struct_ops map points to";
	if (site->kind != KF_SITE_TYPE)
		return r[site->ext].why;
	if (!libbpf_prog_type_by_name(prog_sec(obj, p), &type, &attach))
		name = libbpf_bpf_prog_type_str(type) ?: name;
	switch (types[p * obj->extern_cnt + site->ext]) {
	case KF_PROBE_SLEEPABLE:
		snprintf(buf, sz, "only sleepable programs may call it, and section '%s' is not sleepable",
			 prog_sec(obj, p));
		break;
	case KF_PROBE_DEV_BOUND:
		if (type == BPF_PROG_TYPE_XDP)
			snprintf(buf, sz, "only device-bound %s programs may call it (loaded for a device, BPF_F_XDP_DEV_BOUND_ONLY)",
				 name);
		else
			snprintf(buf, sz, "metadata kfuncs require device-bound program, and only XDP programs are device-bound");
		break;
	case KF_PROBE_PERFMON:
		snprintf(buf, sz, "the kfunc requires CAP_PERFMON");
		break;
	default:
		if (prog->st_ops_type)
			snprintf(buf, sz, "not allowed for %s programs (%s.%s)",
				 name, prog->st_ops_type, prog->st_ops_member);
		else
			snprintf(buf, sz, "not allowed for %s programs", name);
		break;
	}
	return buf;
}

/*
 * Why it is not known whether program @p may call the bound kfuncs it
 * calls: "no_probe", "not_probed", "type_refused", "type_eperm" or
 * "unknown" (@words: in words); NULL when it is known.
 */
static const char *prog_unchecked(const struct kf_object *obj, size_t p,
				  const unsigned char *types, bool probed,
				  const char **words)
{
	size_t x, n = obj->extern_cnt;
	bool calls = false, *ld, *call;

	if (!probed) {
		ld = calloc(n + 1, sizeof(*ld));
		call = calloc(n + 1, sizeof(*call));
		if (!ld || !call || kf_code_prog_externs(&obj->code, p, ld, call))
			calls = true;
		for (x = 0; !calls && x < n; x++)
			calls = call[x] && obj->externs[x].kind == KF_EXT_KFUNC;
		free(ld);
		free(call);
		if (!calls)
			return NULL;
		*words = "program types not probed (kernel probe)";
		return "no_probe";
	}
	for (x = 0; x < n; x++) {
		switch (types[p * n + x]) {
		case TYPE_UNPROBED:
			*words = "its type was not probed";
			return "not_probed";
		case TYPE_REFUSED:
			*words = "the kernel loads no program of its type";
			return "type_refused";
		case TYPE_EPERM:
			*words = "the kernel refuses its type to this process (EPERM)";
			return "type_eperm";
		case KF_PROBE_UNKNOWN:
			*words = "the probe's answer is unknown";
			return "unknown";
		default:
			break;
		}
	}
	return NULL;
}

/* Whether autoloaded program @p of object @o loads on @col, its type unchecked. */
static bool loads_unchecked(const struct resolve_run *run, int o, int col, size_t p)
{
	const struct kf_object *obj = run->objs[o];
	const char *words;

	return obj->code.progs[p].autoload && progs_at(run, o, col)[p].loads &&
	       prog_unchecked(obj, p, types_at(run, o, col),
			      run->probed[col / run->loader_cnt], &words);
}

/*
 * Whether the verdict of object @o on @col is complete: the types of its
 * autoloaded programs that load were checked, and kallsyms decided no
 * extern unknown.
 */
static bool object_checked(const struct resolve_run *run, int o, int col)
{
	const struct kf_resolution *r = res_at(run, o, col);
	const struct kf_object *obj = run->objs[o];
	size_t x;

	for (x = 0; x < obj->extern_cnt; x++)
		if (r[x].outcome == KF_OUT_KALLSYMS)
			return false;
	for (x = 0; x < obj->code.prog_cnt; x++)
		if (loads_unchecked(run, o, col, x))
			return false;
	return true;
}

/*
 * What the verifier says of a reachable call left unbound: libbpf poisons
 * it (and rewrites the log), cilium/ebpf poisons it with helper 0xdedc0de,
 * gen_loader leaves the kfunc call with BTF id 0, which check_kfunc_call()
 * skips: R0 is left unset, and the call that survives the dead code pass is
 * refused by fixup_kfunc_call(). A FUNC that is not a kfunc binds under
 * every loader, and the verifier refuses its calls the same way, as it
 * refuses a ksym it finds no address for.
 */
static void site_verifier(enum kf_loader loader, const struct kf_object *obj,
			  const struct kf_site *site, const struct kf_resolution *r,
			  char *buf, size_t sz)
{
	const struct kf_extern *ext = &obj->externs[site->ext];

	if (r[site->ext].reason == KF_WHY_NOT_KFUNC) {
		snprintf(buf, sz, "calling kernel function %s is not allowed",
			 kf_extern_lookup_name(ext, loader));
		return;
	}
	if (r[site->ext].reason == KF_WHY_KALLSYMS_ONLY) {
		snprintf(buf, sz, "pseudo btf_id 0 in ldimm64 isn't KIND_VAR or KIND_FUNC");
		return;
	}
	if (site->kind == KF_SITE_ADDRESS) {
		snprintf(buf, sz, "ldimm64 failed to find the address for kernel symbol '%s'.",
			 ext->name);
		return;
	}
	switch (loader) {
	case KF_LOADER_LSKEL:
		snprintf(buf, sz, "R0 !read_ok, if its result is used; else invalid kernel function call not eliminated in verifier pass");
		break;
	case KF_LOADER_CILIUM:
		snprintf(buf, sz, "invalid func unknown#233685214");
		break;
	default:
		snprintf(buf, sz, "kfunc '%s' is referenced but wasn't resolved",
			 ext->name);
		break;
	}
}

static void json_site(const struct kf_object *obj, size_t p, const struct kf_site *site,
		      const struct kf_resolution *r, const unsigned char *types,
		      enum kf_loader loader)
{
	char buf[KF_WHY_LEN], verifier[KF_WHY_LEN];

	const struct kf_line *l = kf_code_line(&obj->code, site->sec, site->insn);
	const struct kf_func *f = kf_code_func(&obj->code, site->sec, site->insn);

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "section", obj->code.secs[site->sec].name);
	jsonw_uint_field(json_wtr, "insn", site->insn);
	jsonw_string_field(json_wtr, "function", f->name);
	if (l) {
		jsonw_string_field(json_wtr, "file", l->file);
		jsonw_uint_field(json_wtr, "line", l->line);
	} else {
		jsonw_null_field(json_wtr, "file");
		jsonw_null_field(json_wtr, "line");
	}
	if (site->ext == SIZE_MAX)
		jsonw_null_field(json_wtr, "extern");
	else
		jsonw_string_field(json_wtr, "extern", obj->externs[site->ext].name);
	jsonw_string_field(json_wtr, "kind", site_kind_str(site->kind));
	if (site->kind == KF_SITE_NO_JUMP_TABLE)
		jsonw_string_field(json_wtr, "reason", "no_jump_table");
	else if (site->kind == KF_SITE_INDIRECT_JUMP)
		jsonw_string_field(json_wtr, "reason", "no_indirect_jumps");
	else if (site->kind == KF_SITE_STRUCT_OPS)
		jsonw_string_field(json_wtr, "reason", "struct_ops_unused");
	else if (site->kind == KF_SITE_TYPE)
		jsonw_string_field(json_wtr, "reason",
				   kf_probe_verdict_str(types[p * obj->extern_cnt + site->ext]));
	else if (reason_str(r[site->ext].reason))
		jsonw_string_field(json_wtr, "reason", reason_str(r[site->ext].reason));
	else
		jsonw_null_field(json_wtr, "reason");
	jsonw_string_field(json_wtr, "message",
			   site_why(obj, p, site, r, types, buf, sizeof(buf)));
	if (site->kind == KF_SITE_CALL || site->kind == KF_SITE_ADDRESS) {
		site_verifier(loader, obj, site, r, verifier, sizeof(verifier));
		jsonw_string_field(json_wtr, "verifier", verifier);
	} else {
		jsonw_null_field(json_wtr, "verifier");
	}
	jsonw_end_object(json_wtr);
}

static void json_programs(const struct kf_object *obj, const struct kf_resolution *r,
			  const struct kf_prog_verdict *v, const unsigned char *types,
			  bool probed, enum kf_loader loader)
{
	const struct kf_prog *prog;
	const struct kf_func *f;
	const char *unchecked, *words;
	size_t p, x;

	jsonw_name(json_wtr, "programs");
	jsonw_start_array(json_wtr);
	for (p = 0; p < obj->code.prog_cnt; p++) {
		prog = &obj->code.progs[p];
		f = &obj->code.funcs[prog->func];
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "name", f->name);
		jsonw_string_field(json_wtr, "section", obj->code.secs[f->sec].name);
		jsonw_bool_field(json_wtr, "autoload", prog->autoload);
		if (prog->st_ops_type) {
			jsonw_name(json_wtr, "struct_ops");
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "type", prog->st_ops_type);
			jsonw_string_field(json_wtr, "member", prog->st_ops_member);
			jsonw_end_object(json_wtr);
		} else {
			jsonw_null_field(json_wtr, "struct_ops");
		}
		jsonw_bool_field(json_wtr, "loads", v[p].loads);
		unchecked = prog_unchecked(obj, p, types, probed, &words);
		jsonw_bool_field(json_wtr, "prog_type_checked", !unchecked);
		if (unchecked)
			jsonw_string_field(json_wtr, "not_checked", unchecked);
		else
			jsonw_null_field(json_wtr, "not_checked");
		jsonw_name(json_wtr, "sites");
		jsonw_start_array(json_wtr);
		for (x = 0; x < v[p].site_cnt; x++)
			json_site(obj, p, &v[p].sites[x], r, types, loader);
		jsonw_end_array(json_wtr);
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
}

static int print_json(const struct resolve_run *run)
{
	struct kf_group *groups;
	const struct kf_object *obj;
	const struct kf_resolution *r;
	const struct kf_kernel *k;
	size_t gcnt, x;
	int o, c;

	jsonw_start_array(json_wtr);
	for (o = 0; o < run->obj_cnt; o++) {
		if (run->errs[o]) {
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "object", run->paths[o]);
			jsonw_string_field(json_wtr, "error", run->errs[o]);
			jsonw_end_object(json_wtr);
			continue;
		}
		obj = run->objs[o];
		for (c = 0; c < run->col_cnt; c++) {
			k = col_kernel(run, c);
			r = res_at(run, o, c);
			if (kf_flavor_groups(obj, r, &groups, &gcnt))
				return -ENOMEM;
			jsonw_start_object(json_wtr);
			jsonw_string_field(json_wtr, "object", obj->path);
			jsonw_string_field(json_wtr, "kernel", k->name);
			jsonw_string_field(json_wtr, "policy", kf_policy_str(run->policy));
			jsonw_string_field(json_wtr, "loader",
					   kf_loader_str(col_loader(run, c)));
			jsonw_string_field(json_wtr, "module_order", kf_order_str(k->order));
			jsonw_bool_field(json_wtr, "loads", object_loads(run, o, c));
			jsonw_bool_field(json_wtr, "checked", object_checked(run, o, c));
			jsonw_bool_field(json_wtr, "externs_bind",
					 kf_resolution_loads(r, obj->extern_cnt));
			jsonw_name(json_wtr, "externs");
			jsonw_start_array(json_wtr);
			for (x = 0; x < obj->extern_cnt; x++)
				json_extern(run, o, c, x);
			jsonw_end_array(json_wtr);
			json_groups(obj, groups, gcnt);
			jsonw_bool_field(json_wtr, "prog_types_probed",
					 run->probed[c / run->loader_cnt]);
			json_programs(obj, r, progs_at(run, o, c), types_at(run, o, c),
				      run->probed[c / run->loader_cnt], col_loader(run, c));
			jsonw_end_object(json_wtr);
			kf_flavor_groups_free(groups, gcnt);
		}
	}
	jsonw_end_array(json_wtr);
	return 0;
}

/* One matrix cell: where it bound, "-" when unset, "FAIL". */
static void cell(char *buf, size_t sz, const struct kf_kernel *k,
		 const struct kf_resolution *r)
{
	switch (r->outcome) {
	case KF_OUT_BOUND:
		if (r->found && r->impl_idx != r->src_idx)
			snprintf(buf, sz, "%s>%s", src_name(k, r->src_idx),
				 src_name(k, r->impl_idx));
		else
			snprintf(buf, sz, "%s", r->found ? src_name(k, r->src_idx) :
				 "kallsyms");
		break;
	case KF_OUT_UNSET:
		snprintf(buf, sz, "-");
		break;
	case KF_OUT_FAIL:
		snprintf(buf, sz, "FAIL");
		break;
	default:
		snprintf(buf, sz, "?");
		break;
	}
}

static void print_groups_plain(const struct kf_object *obj,
			       const struct kf_resolution *r, const char *kname)
{
	struct kf_group *g;
	size_t cnt, i, j;
	const char *sep;

	if (kf_flavor_groups(obj, r, &g, &cnt))
		return;
	for (i = 0; i < cnt; i++) {
		printf("  flavors of %s%s%s: bpf_ksym_exists() true for ", g[i].essent_name,
		       kname ? " on " : "", kname ?: "");
		sep = "";
		for (j = 0; j < g[i].cnt; j++) {
			if (r[g[i].members[j]].outcome != KF_OUT_BOUND)
				continue;
			printf("%s%s", sep, obj->externs[g[i].members[j]].name);
			sep = ", ";
		}
		/*
		 * "none" is no warning: weak flavors of a name the kernel
		 * lacks are the compat pattern, their guarded calls dead code.
		 */
		printf("%s\n", g[i].true_cnt ? "" : "none");
		if (g[i].warnings & KF_GROUP_MANY_TRUE)
			printf("    warning: %zu flavors of %s resolve at once\n",
			       g[i].true_cnt, g[i].essent_name);
		if (g[i].warnings & KF_GROUP_STRONG_FLAVOR)
			printf("    warning: a flavor of %s is not __weak: the load fails where it does not resolve\n",
			       g[i].essent_name);
	}
	kf_flavor_groups_free(g, cnt);
}

static const char *prog_name(const struct kf_object *obj, size_t p)
{
	return obj->code.funcs[obj->code.progs[p].func].name;
}

static const char *site_verb(enum kf_site_kind kind)
{
	switch (kind) {
	case KF_SITE_USE:
		return "uses";
	case KF_SITE_ADDRESS:
		return "loads";
	default:
		return "calls";
	}
}

/*
 * "FILE:LINE: SECTION insn N: calls EXTERN: WHY"; for the loaders other
 * than libbpf, whose refusal reads differently, " (verifier: ...)".
 */
static void print_site(const struct kf_object *obj, size_t p,
		       const struct kf_site *site, const struct kf_resolution *r,
		       const unsigned char *types, enum kf_loader loader)
{
	const struct kf_line *l = kf_code_line(&obj->code, site->sec, site->insn);
	char buf[KF_WHY_LEN], verifier[KF_WHY_LEN];

	if (l)
		printf("%s:%u: ", l->file, l->line);
	printf("%s insn %u: ", obj->code.secs[site->sec].name, site->insn);
	if (site->kind == KF_SITE_STRUCT_OPS)
		printf("struct_ops program: ");
	else if (site->ext == SIZE_MAX)
		printf("indirect jump: ");
	else
		printf("%s %s: ", site_verb(site->kind), obj->externs[site->ext].name);
	printf("%s", site_why(obj, p, site, r, types, buf, sizeof(buf)));
	if (site->kind == KF_SITE_CALL && loader != KF_LOADER_LIBBPF) {
		site_verifier(loader, obj, site, r, verifier, sizeof(verifier));
		printf(" (verifier: %s)", verifier);
	}
	printf("\n");
}

static void print_programs(const struct kf_object *obj, const struct kf_resolution *r,
			   const struct kf_prog_verdict *v, const unsigned char *types,
			   bool probed, enum kf_loader loader)
{
	const char *unchecked, *words;
	const struct kf_prog *p;
	size_t i, x;

	for (i = 0; i < obj->code.prog_cnt; i++) {
		p = &obj->code.progs[i];
		unchecked = v[i].loads ?
			    prog_unchecked(obj, i, types, probed, &words) : NULL;
		printf("  program %s (%s%s%s%s%s): %s%s%s%s\n", prog_name(obj, i),
		       obj->code.secs[obj->code.funcs[p->func].sec].name,
		       p->st_ops_type ? ", " : "", p->st_ops_type ?: "",
		       p->st_ops_type ? "." : "", p->st_ops_member ?: "",
		       v[i].loads ? "loads" : "fails",
		       p->autoload ? "" : " (not autoloaded)",
		       unchecked ? ", program type not checked: " : "",
		       unchecked ? words : "");
		for (x = 0; x < v[i].site_cnt; x++) {
			printf("    ");
			print_site(obj, i, &v[i].sites[x], r, types, loader);
		}
	}
}

static void print_verdict(const struct resolve_run *run, int o)
{
	const struct kf_object *obj = run->objs[o];
	const struct kf_resolution *r = res_at(run, o, 0);
	const struct kf_prog_verdict *v = progs_at(run, o, 0);
	const char *sep = "", *part = ", ";
	bool externs_fail;
	size_t x;

	if (kf_object_loads(obj, r, v)) {
		printf("  verdict: loads");
		/* A gate must not pass what nobody checked: name it. */
		for (x = 0; x < obj->code.prog_cnt; x++) {
			if (!loads_unchecked(run, o, 0, x))
				continue;
			printf("%sprogram %s", *sep ? sep : ", program types not checked: ",
			       prog_name(obj, x));
			sep = ", ";
		}
		if (*sep)
			part = "; ";
		sep = "";
		for (x = 0; x < obj->extern_cnt; x++) {
			if (r[x].outcome != KF_OUT_KALLSYMS)
				continue;
			printf("%s%s%s", part, *sep ? "" : "kallsyms not known: ",
			       obj->externs[x].name);
			part = sep = ", ";
		}
		printf("\n");
		return;
	}
	printf("  verdict: load fails: ");
	for (x = 0; x < obj->extern_cnt; x++) {
		if (r[x].outcome != KF_OUT_FAIL)
			continue;
		printf("%s%s", sep, obj->externs[x].name);
		sep = ", ";
	}
	/* Failing externs fail every program: name programs otherwise. */
	externs_fail = *sep;
	for (x = 0; !externs_fail && x < obj->code.prog_cnt; x++) {
		if (v[x].loads || !obj->code.progs[x].autoload)
			continue;
		printf("%sprogram %s", sep, prog_name(obj, x));
		sep = ", ";
	}
	printf("\n");
}

static void print_single(const struct resolve_run *run, int o)
{
	const struct kf_object *obj = run->objs[o];
	const struct kf_resolution *r = res_at(run, o, 0);
	const struct kf_kernel *k = run->kernels[0];
	int w = 6;
	char where[128];
	size_t x;

	printf("%s on %s (policy %s, ", obj->path, k->name,
	       kf_policy_str(run->policy));
	if (run->loaders[0] != KF_LOADER_LIBBPF)
		printf("loader %s, ", kf_loader_str(run->loaders[0]));
	printf("module order %s)\n", kf_order_str(k->order));
	for (x = 0; x < obj->extern_cnt; x++)
		if ((int)strlen(obj->externs[x].name) > w)
			w = strlen(obj->externs[x].name);
	for (x = 0; x < obj->extern_cnt; x++) {
		const struct kf_extern *ext = &obj->externs[x];

		cell(where, sizeof(where), k, &r[x]);
		printf("  %-*s  %-12s %-6s ", w, ext->name, kind_str(ext->kind),
		       ext->weak ? "weak" : "strong");
		switch (r[x].outcome) {
		case KF_OUT_BOUND:
			printf("exists  %s", where);
			if (r[x].found)
				printf(" [%u]", r[x].btf_id);
			/* Bound, but the verifier refuses a call or its address. */
			if (r[x].reason)
				printf("  (%s)", r[x].why);
			printf("\n");
			break;
		case KF_OUT_UNSET:
			printf("unset   %s\n", r[x].why);
			break;
		case KF_OUT_FAIL:
			printf("FAIL    %s\n", r[x].why);
			break;
		default:
			printf("?       %s\n", r[x].why);
			break;
		}
	}
	print_groups_plain(obj, r, NULL);
	print_programs(obj, r, progs_at(run, o, 0), types_at(run, o, 0),
		       run->probed[0], run->loaders[0]);
	print_verdict(run, o);
}

static void print_disagreements(const struct resolve_run *run, int o)
{
	const struct kf_object *obj = run->objs[o];
	char buf[128];
	size_t x;
	int i, l;

	for (i = 0; i < run->kernel_cnt; i++) {
		for (x = 0; x < obj->extern_cnt; x++) {
			if (!loaders_disagree(run, o, i, x))
				continue;
			printf("  loaders disagree on %s", obj->externs[x].name);
			if (run->kernel_cnt > 1)
				printf(" on %s", run->kernels[i]->name);
			for (l = 0; l < run->loader_cnt; l++) {
				cell(buf, sizeof(buf), run->kernels[i],
				     &res_at(run, o, i * run->loader_cnt + l)[x]);
				printf("%s %s %s", l ? "," : ":",
				       kf_loader_str(run->loaders[l]), buf);
			}
			printf("\n");
		}
	}
}

static void print_matrix(const struct resolve_run *run, int o)
{
	const struct kf_object *obj = run->objs[o];
	const struct kf_resolution *r;
	char buf[128], label[128];
	int w = 6, i, l, *cw;
	size_t x;

	cw = calloc(run->col_cnt, sizeof(*cw));
	if (!cw)
		return;
	for (x = 0; x < obj->extern_cnt; x++)
		if ((int)strlen(obj->externs[x].name) > w)
			w = strlen(obj->externs[x].name);
	for (x = 0; x < obj->code.prog_cnt; x++)
		if ((int)strlen(prog_name(obj, x)) + 5 > w)
			w = strlen(prog_name(obj, x)) + 5;
	for (i = 0; i < run->col_cnt; i++) {
		col_label(run, i, label, sizeof(label));
		cw[i] = strlen(label);
		if (cw[i] < 5)
			cw[i] = 5;
		for (x = 0; x < obj->extern_cnt; x++) {
			cell(buf, sizeof(buf), col_kernel(run, i), &res_at(run, o, i)[x]);
			if ((int)strlen(buf) > cw[i])
				cw[i] = strlen(buf);
		}
	}
	/* The last column is not padded: no trailing blanks. */
	cw[run->col_cnt - 1] = 0;
	printf("%s (policy %s", obj->path, kf_policy_str(run->policy));
	if (run->loader_cnt > 1)
		printf(", loaders");
	else if (run->loaders[0] != KF_LOADER_LIBBPF)
		printf(", loader");
	for (l = 0; l < run->loader_cnt; l++)
		if (run->loader_cnt > 1 || run->loaders[0] != KF_LOADER_LIBBPF)
			printf(" %s", kf_loader_str(run->loaders[l]));
	printf(")\n  %-*s", w, "EXTERN");
	for (i = 0; i < run->col_cnt; i++) {
		col_label(run, i, label, sizeof(label));
		printf("  %-*s", cw[i], label);
	}
	printf("\n");
	for (x = 0; x < obj->extern_cnt; x++) {
		printf("  %-*s", w, obj->externs[x].name);
		for (i = 0; i < run->col_cnt; i++) {
			cell(buf, sizeof(buf), col_kernel(run, i), &res_at(run, o, i)[x]);
			printf("  %-*s", cw[i], buf);
		}
		printf("\n");
	}
	/* A row per program: "-" marks one that is not autoloaded. */
	for (x = 0; x < obj->code.prog_cnt; x++) {
		printf("  %s %-*s", obj->code.progs[x].autoload ? "PROG" : "-   ",
		       w - 5, prog_name(obj, x));
		for (i = 0; i < run->col_cnt; i++)
			printf("  %-*s", cw[i], progs_at(run, o, i)[x].loads ? "yes" : "NO");
		printf("\n");
	}
	printf("  %-*s", w, "LOADS");
	for (i = 0; i < run->col_cnt; i++)
		printf("  %-*s", cw[i], object_loads(run, o, i) ? "yes" : "NO");
	printf("\n");
	free(cw);

	/* Why each extern that did not bind did not. */
	for (i = 0; i < run->col_cnt; i++) {
		col_label(run, i, label, sizeof(label));
		r = res_at(run, o, i);
		for (x = 0; x < obj->extern_cnt; x++)
			if (r[x].why[0])
				printf("  %s: %s: %s%s\n", label, obj->externs[x].name,
				       r[x].outcome == KF_OUT_FAIL ? "load fails: " : "", r[x].why);
		print_groups_plain(obj, r, label);
		for (x = 0; x < obj->code.prog_cnt; x++) {
			const struct kf_prog_verdict *v = &progs_at(run, o, i)[x];
			const char *words;
			size_t y;

			for (y = 0; y < v->site_cnt; y++) {
				printf("  %s: program %s: ", label, prog_name(obj, x));
				print_site(obj, x, &v->sites[y], r, types_at(run, o, i),
					   col_loader(run, i));
			}
			if (v->loads &&
			    prog_unchecked(obj, x, types_at(run, o, i),
					   run->probed[i / run->loader_cnt], &words))
				printf("  %s: program %s: program type not checked: %s\n",
				       label, prog_name(obj, x), words);
		}
	}
	if (run->loader_cnt > 1)
		print_disagreements(run, o);
}

static void print_plain(const struct resolve_run *run)
{
	bool first = true;
	int o;

	for (o = 0; o < run->obj_cnt; o++) {
		if (run->errs[o])
			continue;
		if (!first)
			printf("\n");
		first = false;
		if (!run->objs[o]->extern_cnt)
			printf("%s: no ksym externs\n", run->objs[o]->path);
		else if (run->col_cnt == 1)
			print_single(run, o);
		else
			print_matrix(run, o);
	}
}

/* The exit status of the results: fails, else not checked, else loads. */
static int results_status(const struct resolve_run *run)
{
	int o, i, status = KF_EXIT_OK;

	for (o = 0; o < run->obj_cnt; o++)
		for (i = 0; i < run->col_cnt && !run->errs[o]; i++) {
			if (!object_loads(run, o, i))
				return KF_EXIT_FAIL;
			if (!object_checked(run, o, i))
				status = KF_EXIT_UNCHECKED;
		}
	return status;
}

static void run_free(struct resolve_run *run, int res_cnt)
{
	const struct kf_object *obj;
	int i;

	for (i = 0; i < res_cnt; i++) {
		free(run->res[i]);
		free(run->types[i]);
		if (!run->progs[i])
			continue;
		/* Verdicts exist only for objects that opened. */
		obj = run->objs[i / (res_cnt / run->obj_cnt)];
		kf_prog_verdicts_free(run->progs[i], obj->code.prog_cnt);
		free(run->progs[i]);
	}
	for (i = 0; i < run->kernel_cnt; i++)
		kf_kernel_free(run->kernels[i]);
	for (i = 0; i < run->obj_cnt; i++) {
		kf_object_free(run->objs[i]);
		free(run->errs[i]);
	}
	free(run->errs);
	free(run->res);
	free(run->progs);
	free(run->types);
	free(run->probed);
	free(run->kernels);
	free(run->objs);
}

int do_kfunc_resolve(int argc, char **argv)
{
	struct kf_target running = { .kind = KF_TARGET_RUNNING };
	struct kf_targets targets = {};
	struct resolve_run run = { .policy = KF_POLICY_LIBBPF };
	struct kf_error e = {};
	int obj_cnt = 0, err = -1, res_cnt = 0, i;
	bool bad = false;

	run.paths = argv;
	while (argc > 0 && !kf_is_keyword(*argv)) {
		/* Object paths have a '.' or a '/': this one is a typo. */
		if (!strpbrk(*argv, "./") && access(*argv, F_OK)) {
			p_err("what is '%s'? (no such OBJECT, nor a keyword)", *argv);
			return KF_EXIT_ERROR;
		}
		obj_cnt++;
		argc--;
		argv++;
	}
	if (!obj_cnt) {
		p_err("expected at least one OBJECT");
		return KF_EXIT_ERROR;
	}
	while (argc > 0) {
		if (is_prefix(*argv, "policy")) {
			NEXT_ARG();
			if (!argc || kf_policy_parse(GET_ARG(), &run.policy)) {
				p_err("'policy' takes libbpf, module-first or kernel-override");
				goto out;
			}
			continue;
		}
		if (is_prefix(*argv, "loader")) {
			NEXT_ARG();
			if (argc && !strcmp(*argv, "all")) {
				for (i = 0; i < KF_LOADER_CNT; i++)
					run.loaders[i] = i;
				run.loader_cnt = KF_LOADER_CNT;
				NEXT_ARG();
				continue;
			}
			run.loader_cnt = 1;
			if (!argc || kf_loader_parse(GET_ARG(), &run.loaders[0])) {
				p_err("'loader' takes libbpf, lskel, cilium or all");
				goto out;
			}
			continue;
		}
		if (kf_parse_targets(&argc, &argv, &targets,
				     KF_PARSE_FLEET | KF_PARSE_SYMBOLS))
			goto out;
		if (argc > 0 && !is_prefix(*argv, "policy") &&
		    !is_prefix(*argv, "loader")) {
			p_err("what is '%s'?", *argv);
			goto out;
		}
	}
	if (!run.loader_cnt)
		run.loader_cnt = 1;
	/* The policies are rules for libbpf's bpf_object. */
	if (run.policy != KF_POLICY_LIBBPF &&
	    (run.loader_cnt > 1 || run.loaders[0] != KF_LOADER_LIBBPF)) {
		p_err("'policy %s' applies to loader libbpf only",
		      kf_policy_str(run.policy));
		goto out;
	}
	if (!targets.cnt) {
		targets.v = &running;
		targets.cnt = 1;
	}
	run.col_cnt = targets.cnt * run.loader_cnt;

	run.objs = calloc(obj_cnt, sizeof(*run.objs));
	run.errs = calloc(obj_cnt, sizeof(*run.errs));
	run.kernels = calloc(targets.cnt, sizeof(*run.kernels));
	run.res = calloc((size_t)obj_cnt * run.col_cnt, sizeof(*run.res));
	run.progs = calloc((size_t)obj_cnt * run.col_cnt, sizeof(*run.progs));
	run.types = calloc((size_t)obj_cnt * run.col_cnt, sizeof(*run.types));
	run.probed = calloc(targets.cnt, sizeof(*run.probed));
	if (!run.objs || !run.errs || !run.kernels || !run.res || !run.progs ||
	    !run.types || !run.probed) {
		p_err("out of memory");
		goto out;
	}
	res_cnt = obj_cnt * run.col_cnt;
	/* A bad object is reported in its place; the others get results. */
	for (run.obj_cnt = 0; run.obj_cnt < obj_cnt; run.obj_cnt++) {
		i = run.obj_cnt;
		err = kf_object_open(&run.objs[i], run.paths[i], &e);
		if (err && err != -ENOMEM)
			run.errs[i] = strdup(e.msg);
		if (err && !run.errs[i]) {
			p_err("out of memory");
			err = -1;
			goto out;
		}
	}
	err = -1;
	if (resolve_all(&run, &targets))
		goto out;
	for (i = 0; i < run.kernel_cnt; i++)
		kf_kernel_warn_notes(run.kernels[i]);
	if (json_output) {
		err = print_json(&run);
		if (err) {
			p_err("out of memory");
			goto out;
		}
	} else {
		print_plain(&run);
	}
	for (i = 0; i < run.obj_cnt; i++) {
		if (!run.errs[i])
			continue;
		bad = true;
		if (!json_output)
			p_err("%s", run.errs[i]);
	}
	err = bad ? KF_EXIT_ERROR : results_status(&run);
out:
	run_free(&run, res_cnt);
	if (targets.v != &running)
		kf_targets_free(&targets);
	return err < 0 ? KF_EXIT_ERROR : err;
}
