// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bpftool kfunc probe: which program types of the running kernel may call
 * each kfunc, as the verifier answers a program calling it; and the same
 * answers for "show ... prog_type" and "resolve ... kernel probe".
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/filter.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <bpf/libbpf_internal.h>
#include <bpf/relo_core.h>

#include "json_writer.h"
#include "main.h"
#include "kfunc.h"

/* The verifier's log of a three-instruction program (log_level 2). */
#define PROBE_LOG_SZ	8192
#define ST_OPS_PREFIX	"bpf_struct_ops_"

/*
 * Program types, as libbpf's section names give them (what "bpftool prog
 * load ... type" takes), one per attach type where the kernel's kfunc set
 * filters may look at it. The kernel leaves out what it cannot load.
 */
static const char *const plain_secs[] = {
	"socket", "kprobe", "kprobe.multi", "kprobe.session", "uprobe.multi",
	"tracepoint", "raw_tracepoint", "raw_tracepoint.w", "perf_event",
	"tc", "action", "xdp", "lwt_in", "lwt_out", "lwt_xmit",
	"lwt_seg6local", "sk_skb", "sk_msg", "sockops", "flow_dissector",
	"sk_reuseport", "sk_lookup", "lirc_mode2", "netfilter", "syscall",
	"cgroup_skb/ingress", "cgroup_skb/egress", "cgroup/sock_create",
	"cgroup/sock_release", "cgroup/post_bind4", "cgroup/post_bind6",
	"cgroup/bind4", "cgroup/bind6", "cgroup/connect4", "cgroup/connect6",
	"cgroup/connect_unix", "cgroup/sendmsg4", "cgroup/sendmsg6",
	"cgroup/sendmsg_unix", "cgroup/recvmsg4", "cgroup/recvmsg6",
	"cgroup/recvmsg_unix", "cgroup/getpeername4", "cgroup/getpeername6",
	"cgroup/getpeername_unix", "cgroup/getsockname4",
	"cgroup/getsockname6", "cgroup/getsockname_unix", "cgroup/sysctl",
	"cgroup/getsockopt", "cgroup/setsockopt", "cgroup/dev",
};

/*
 * Program types that need a target in vmlinux BTF: candidates in order,
 * the first one a sleepable program may attach to, else the first one a
 * program may attach to.
 */
static const struct {
	const char *sec;
	int kind;		/* BTF_KIND_FUNC or BTF_KIND_TYPEDEF */
	const char *names[5];
} btf_secs[] = {
	{ "fentry", BTF_KIND_FUNC,
	  { "bpf_modify_return_test", "bpf_fentry_test1", "security_file_open" } },
	{ "fexit", BTF_KIND_FUNC,
	  { "bpf_modify_return_test", "bpf_fentry_test1", "security_file_open" } },
	{ "fmod_ret", BTF_KIND_FUNC,
	  { "bpf_modify_return_test", "security_file_open" } },
	{ "tp_btf", BTF_KIND_TYPEDEF,
	  { "btf_trace_sched_switch", "btf_trace_sys_enter" } },
	{ "iter", BTF_KIND_FUNC, { "bpf_iter_task", "bpf_iter_bpf_map" } },
	{ "lsm", BTF_KIND_FUNC, { "bpf_lsm_file_open", "bpf_lsm_bpf" } },
};

struct probe_target {
	char *name;		/* "xdp", "fentry", "struct_ops tcp_congestion_ops" */
	const char *member;	/* struct_ops: the member, in vmlinux BTF */
	char *member_buf;	/* ... or read from a file */
	enum bpf_prog_type type;
	enum bpf_attach_type attach;
	__u32 attach_btf_id;
	bool can_sleep;		/* a sleepable program of this kind loads */
	bool must_sleep;	/* only a sleepable one does (syscall) */
	int refused;		/* the kernel loads no such program: -errno */
	bool selected;		/* named by the command */
	bool used;		/* probed by the current command */
	int ret;		/* r0 at exit: in the range the kernel checks */
};

/* The answers for one kfunc, per target. */
struct probe_row {
	const struct kf_source *src;	/* NULL: read from a file */
	const struct kf_kfunc *kf;
	char *name;		/* the kfunc's */
	char *source;		/* its source's */
	__u32 btf_id;
	unsigned char *verdicts;	/* enum kf_probe_verdict, or UNPROBED */
	char **why;		/* the verifier's message, or NULL */
};

#define UNPROBED	0xff

struct kf_probe {
	struct probe_target *targets;
	size_t target_cnt;
	size_t target_cap;
	struct probe_row *rows;
	size_t row_cnt;
	size_t row_cap;
	/* The vmlinux BTF probed: its size and hash. */
	__u64 btf_hash;
	__u32 btf_size;
	/* Read from a file: its path, and the BTF it was taken from. */
	char *saved;
	__u64 saved_hash;
	__u64 saved_size;
	size_t missing;		/* kfuncs asked about, not in the file */
	const struct kf_source *vmlinux;
	const struct probe_target *refused;	/* selected, never loads */
	int mod_btf_fd;		/* fd_array[1]: the module of the kfunc probed */
	__u32 mod_obj_id;
	char log[PROBE_LOG_SZ];
};

static int load(struct kf_probe *p, const struct probe_target *t,
		const struct bpf_insn *insns, size_t cnt, bool sleepable,
		bool with_log)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		.expected_attach_type = t->attach,
		.attach_btf_id = t->attach_btf_id,
		.prog_flags = sleepable ? BPF_F_SLEEPABLE : 0,
	);
	/* fd_array[off] holds the BTF of a module's kfunc, off > 0. */
	int fd_array[2] = { -1, p->mod_btf_fd };
	int fd;

	if (p->mod_btf_fd >= 0)
		opts.fd_array = fd_array;
	if (with_log) {
		p->log[0] = '\0';
		opts.log_buf = p->log;
		opts.log_size = sizeof(p->log);
		opts.log_level = 2;
	}
	fd = bpf_prog_load(t->type, NULL, "GPL", insns, cnt, &opts);
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return -errno;
}

/* "r0 = ret; exit": whether the kernel loads this kind of program at all. */
static int load_control(struct kf_probe *p, const struct probe_target *t,
			bool sleepable)
{
	const struct bpf_insn insns[] = {
		BPF_MOV64_IMM(BPF_REG_0, t->ret),
		BPF_EXIT_INSN(),
	};

	return load(p, t, insns, ARRAY_SIZE(insns), sleepable, false);
}

static struct probe_target *target_add(struct kf_probe *p, const char *name,
				       enum bpf_prog_type type,
				       enum bpf_attach_type attach, __u32 btf_id)
{
	struct probe_target *t;

	t = kf_grow((void **)&p->targets, &p->target_cap, sizeof(*t),
		    p->target_cnt);
	if (!t)
		return NULL;
	t->name = strdup(name);
	if (!t->name)
		return NULL;
	t->type = type;
	t->attach = attach;
	t->attach_btf_id = btf_id;
	p->target_cnt++;
	return t;
}

/*
 * Whether the kernel loads such a program, sleepable or not, returning 0
 * or, where it takes only that (cgroup/recvmsg4, ...), 1.
 */
static void target_check(struct kf_probe *p, struct probe_target *t)
{
	t->refused = load_control(p, t, false);
	if (t->refused) {
		t->ret = 1;
		t->refused = load_control(p, t, false);
		t->ret = t->refused ? 0 : 1;
	}
	if (!t->refused) {
		t->can_sleep = !load_control(p, t, true);
	} else if (!load_control(p, t, true)) {
		t->refused = 0;
		t->can_sleep = true;
		t->must_sleep = true;
	}
}

static int add_plain_targets(struct kf_probe *p)
{
	enum bpf_attach_type attach;
	enum bpf_prog_type type;
	struct probe_target *t;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(plain_secs); i++) {
		/* Sections this libbpf does not know are not probed. */
		if (libbpf_prog_type_by_name(plain_secs[i], &type, &attach))
			continue;
		t = target_add(p, plain_secs[i], type, attach, 0);
		if (!t)
			return -ENOMEM;
		target_check(p, t);
	}
	return 0;
}

static int add_btf_targets(struct kf_probe *p, const struct btf *vmlinux)
{
	enum bpf_attach_type attach;
	enum bpf_prog_type type;
	struct probe_target *t;
	__u32 first;
	size_t i, j;
	int id;

	for (i = 0; i < ARRAY_SIZE(btf_secs); i++) {
		if (libbpf_prog_type_by_name(btf_secs[i].sec, &type, &attach))
			continue;
		t = target_add(p, btf_secs[i].sec, type, attach, 0);
		if (!t)
			return -ENOMEM;
		first = 0;
		t->refused = -ENOENT;
		for (j = 0; j < ARRAY_SIZE(btf_secs[i].names) && btf_secs[i].names[j]; j++) {
			id = btf__find_by_name_kind(vmlinux, btf_secs[i].names[j],
						    btf_secs[i].kind);
			if (id <= 0)
				continue;
			t->attach_btf_id = id;
			if (!load_control(p, t, true)) {
				t->can_sleep = true;
				break;
			}
			t->refused = load_control(p, t, false);
			if (!first && !t->refused)
				first = id;
		}
		if (!t->can_sleep)
			t->attach_btf_id = first;
		t->refused = t->attach_btf_id ? 0 : t->refused;
	}
	return 0;
}

/*
 * One target per member of each struct_ops type of vmlinux (STRUCT
 * "bpf_struct_ops_NAME" holding a NAME "data", as libbpf finds them): the
 * kernel's filters may look at the member.
 */
static int add_struct_ops_targets(struct kf_probe *p, const struct btf *vmlinux)
{
	const struct btf_type *v, *st, *mt;
	const struct btf_member *m;
	const char *name, *mname;
	struct probe_target *t;
	char label[256];
	__u32 id, n = btf__type_cnt(vmlinux);
	int st_id;
	__u16 i;

	for (id = 1; id < n; id++) {
		v = btf__type_by_id(vmlinux, id);
		name = btf__name_by_offset(vmlinux, v->name_off);
		if (!btf_is_struct(v) || !name ||
		    strncmp(name, ST_OPS_PREFIX, strlen(ST_OPS_PREFIX)))
			continue;
		name += strlen(ST_OPS_PREFIX);
		st_id = btf__find_by_name_kind(vmlinux, name, BTF_KIND_STRUCT);
		m = btf_members(v);
		for (i = 0; i < btf_vlen(v); i++)
			if (!strcmp(btf__name_by_offset(vmlinux, m[i].name_off), "data"))
				break;
		if (st_id <= 0 || i == btf_vlen(v) || m[i].type != (__u32)st_id)
			continue;
		st = btf__type_by_id(vmlinux, st_id);
		m = btf_members(st);
		for (i = 0; i < btf_vlen(st); i++) {
			mt = btf__type_by_id(vmlinux, m[i].type);
			mt = mt ? btf__type_by_id(vmlinux, btf__resolve_type(vmlinux, m[i].type)) : NULL;
			if (!mt || !btf_is_ptr(mt) ||
			    !btf_is_func_proto(btf__type_by_id(vmlinux, mt->type)))
				continue;
			mname = btf__name_by_offset(vmlinux, m[i].name_off);
			snprintf(label, sizeof(label), "struct_ops %s", name);
			t = target_add(p, label, BPF_PROG_TYPE_STRUCT_OPS, i, st_id);
			if (!t)
				return -ENOMEM;
			t->member = mname;
			target_check(p, t);
		}
	}
	return 0;
}

static int probe_targets(struct kf_probe *p, const struct btf *vmlinux)
{
	int err;

	err = add_plain_targets(p);
	if (!err)
		err = add_btf_targets(p, vmlinux);
	if (!err)
		err = add_struct_ops_targets(p, vmlinux);
	return err;
}

void kf_probe_free(struct kf_probe *p)
{
	size_t i, j;

	if (!p)
		return;
	for (i = 0; i < p->row_cnt; i++) {
		for (j = 0; j < p->target_cnt; j++)
			free(p->rows[i].why[j]);
		free(p->rows[i].why);
		free(p->rows[i].verdicts);
		free(p->rows[i].name);
		free(p->rows[i].source);
	}
	for (i = 0; i < p->target_cnt; i++) {
		free(p->targets[i].name);
		free(p->targets[i].member_buf);
	}
	free(p->saved);
	free(p->rows);
	free(p->targets);
	if (p->mod_btf_fd >= 0)
		close(p->mod_btf_fd);
	free(p);
}

struct kf_probe *kf_probe_new(void)
{
	struct kf_probe *p = calloc(1, sizeof(*p));

	if (p)
		p->mod_btf_fd = -1;
	return p;
}

/* The verifier's answer for @kf of @src on target @t. */
static enum kf_probe_verdict probe_one(struct kf_probe *p, const struct kf_source *src,
				       const struct kf_kfunc *kf,
				       const struct probe_target *t, char *why,
				       size_t why_sz)
{
	struct bpf_insn insns[] = {
		BPF_RAW_INSN(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL,
			     src == p->vmlinux ? 0 : 1, kf->btf_id),
		BPF_MOV64_IMM(BPF_REG_0, t->ret),
		BPF_EXIT_INSN(),
	};
	enum kf_probe_verdict v;
	int err;

	err = load(p, t, insns, ARRAY_SIZE(insns), t->must_sleep, true);
	v = kf_probe_classify(err, p->log, why, why_sz);
	if (v == KF_PROBE_SLEEPABLE && t->can_sleep && !t->must_sleep) {
		err = load(p, t, insns, ARRAY_SIZE(insns), true, true);
		v = kf_probe_classify(err, p->log, why, why_sz);
		if (v == KF_PROBE_ALLOWED)
			v = KF_PROBE_SLEEPABLE;
	} else if (v == KF_PROBE_SLEEPABLE) {
		/* The kernel loads no sleepable program of this kind. */
		v = KF_PROBE_NOT_ALLOWED;
	} else if (v == KF_PROBE_DEV_BOUND && t->type != BPF_PROG_TYPE_XDP) {
		/* Only XDP programs are device-bound (bpf_prog_dev_bound_init). */
		v = KF_PROBE_NOT_ALLOWED;
	}
	return v;
}

/* A row for kfunc @name of @source, all answers @v. */
static struct probe_row *row_add(struct kf_probe *p, const char *source,
				 const char *name, __u32 btf_id, unsigned char v)
{
	struct probe_row *row;

	row = kf_grow((void **)&p->rows, &p->row_cap, sizeof(*row), p->row_cnt);
	if (!row)
		return NULL;
	row->verdicts = malloc(p->target_cnt ?: 1);
	row->why = calloc(p->target_cnt ?: 1, sizeof(*row->why));
	row->name = strdup(name);
	row->source = strdup(source);
	if (!row->verdicts || !row->why || !row->name || !row->source) {
		free(row->verdicts);
		free(row->why);
		free(row->name);
		free(row->source);
		return NULL;
	}
	memset(row->verdicts, v, p->target_cnt);
	row->btf_id = btf_id;
	p->row_cnt++;
	return row;
}

static struct probe_row *row_add_kfunc(struct kf_probe *p, const struct kf_source *src,
				       const struct kf_kfunc *kf)
{
	struct probe_row *row = row_add(p, src->name, kf->name, kf->btf_id, UNPROBED);

	if (row) {
		row->src = src;
		row->kf = kf;
	}
	return row;
}

/* Probe the used targets of @row not probed yet. */
static int probe_row(struct kf_probe *p, struct probe_row *row, struct kf_error *e)
{
	char why[KF_WHY_LEN];
	enum kf_probe_verdict v;
	size_t i;

	for (i = 0; !p->saved && i < p->target_cnt; i++) {
		if (!p->targets[i].used || row->verdicts[i] != UNPROBED)
			continue;
		v = probe_one(p, row->src, row->kf, &p->targets[i], why, sizeof(why));
		if (v == KF_PROBE_NO_PRIV)
			return kf_error(e, EPERM, "probing kfuncs loads BPF programs: %s (run as root, or with CAP_BPF and CAP_PERFMON)",
					why);
		row->verdicts[i] = v;
		if (v == KF_PROBE_UNKNOWN || v == KF_PROBE_NOT_ALLOWED) {
			row->why[i] = strdup(why);
			if (!row->why[i])
				return kf_error(e, ENOMEM, "out of memory");
		}
	}
	return 0;
}

/* Open the BTF of the module @src for fd_array[1]; vmlinux needs none. */
static int probe_source(struct kf_probe *p, const struct kf_source *src,
			struct kf_error *e)
{
	if (p->saved || src->obj_id == p->mod_obj_id)
		return 0;
	if (p->mod_btf_fd >= 0)
		close(p->mod_btf_fd);
	p->mod_btf_fd = -1;
	p->mod_obj_id = src->obj_id;
	if (src == p->vmlinux)
		return 0;
	p->mod_btf_fd = bpf_btf_get_fd_by_id(src->obj_id);
	if (p->mod_btf_fd < 0)
		return kf_error(e, errno, "%s: cannot open its BTF (id %u): %s",
				src->name, src->obj_id, strerror(errno));
	return 0;
}

/*
 * Select the targets named by @sel: a target name ("fentry",
 * "cgroup/connect4", "struct_ops tcp_congestion_ops"), a section name as
 * "bpftool prog load ... type" takes it, or a program type name
 * ("tracing"). NULL selects all. Returns how many.
 */
static size_t select_targets(struct kf_probe *p, const char *sel)
{
	enum bpf_attach_type attach;
	enum bpf_prog_type type;
	bool by_sec = false;
	size_t i, cnt = 0;
	char *sec;

	if (sel && !libbpf_prog_type_by_name(sel, &type, &attach)) {
		by_sec = true;
	} else if (sel && asprintf(&sec, "%s/", sel) >= 0) {
		by_sec = !libbpf_prog_type_by_name(sec, &type, &attach);
		free(sec);
	}
	for (i = 0; i < p->target_cnt; i++) {
		struct probe_target *t = &p->targets[i];

		t->used = !sel || !strcmp(sel, t->name) ||
			  !strcmp(sel, libbpf_bpf_prog_type_str(t->type) ?: "") ||
			  (by_sec && !t->member && type == t->type && attach == t->attach);
		t->selected = t->used;
		if (t->used && t->refused && !p->refused)
			p->refused = t;
		t->used = t->used && !t->refused;
		cnt += t->used;
	}
	return cnt;
}

static bool rejects(enum kf_probe_verdict v)
{
	return v == KF_PROBE_NOT_ALLOWED || v == KF_PROBE_UNKNOWN || v == UNPROBED;
}

static const char *condition_str(enum kf_probe_verdict v)
{
	return v == KF_PROBE_ALLOWED ? NULL : kf_probe_verdict_str(v);
}

static bool same_group(const struct probe_target *a, const struct probe_target *b)
{
	return a->member && b->member && !strcmp(a->name, b->name);
}

/*
 * The output entry at target @i of @row: one for a struct_ops type whose
 * probed members got the same answer (*@at: its first probed member), one
 * per member (*@by_member) when they did not. Returns the next target.
 */
static size_t entry_at(const struct kf_probe *p, const struct probe_row *row,
		       size_t i, size_t *at, bool *by_member)
{
	size_t j, first = p->target_cnt;

	*at = i;
	*by_member = false;
	if (!p->targets[i].member)
		return i + 1;
	/* Inside a group whose members disagree. */
	if (i > 0 && same_group(&p->targets[i - 1], &p->targets[i])) {
		*by_member = true;
		return i + 1;
	}
	for (j = i; j < p->target_cnt && same_group(&p->targets[i], &p->targets[j]); j++) {
		if (!p->targets[j].used)
			continue;
		if (first == p->target_cnt)
			first = j;
		else if (row->verdicts[j] != row->verdicts[first])
			*by_member = true;
	}
	if (*by_member)
		return i + 1;
	*at = first < p->target_cnt ? first : i;
	return j;
}

static void json_target(const struct probe_target *t, enum kf_probe_verdict v,
			bool with_member)
{
	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "target", t->name);
	jsonw_string_field(json_wtr, "prog_type", libbpf_bpf_prog_type_str(t->type) ?: "");
	if (t->type != BPF_PROG_TYPE_STRUCT_OPS && libbpf_bpf_attach_type_str(t->attach) &&
	    (t->attach || t->type == BPF_PROG_TYPE_CGROUP_SKB))
		jsonw_string_field(json_wtr, "attach_type",
				   libbpf_bpf_attach_type_str(t->attach));
	else
		jsonw_null_field(json_wtr, "attach_type");
	if (with_member)
		jsonw_string_field(json_wtr, "member", t->member);
	else
		jsonw_null_field(json_wtr, "member");
	if (condition_str(v))
		jsonw_string_field(json_wtr, "condition", condition_str(v));
	else
		jsonw_null_field(json_wtr, "condition");
	jsonw_end_object(json_wtr);
}

/* The selected types that may call @row's kfunc, with their conditions. */
static void print_types(const struct kf_probe *p, const struct probe_row *row)
{
	size_t i, end, at, col = 0;
	bool by_member;

	if (json_output) {
		jsonw_name(json_wtr, "prog_types");
		jsonw_start_array(json_wtr);
	} else {
		printf("\tprog_types");
	}
	for (i = 0; i < p->target_cnt; i = end) {
		end = entry_at(p, row, i, &at, &by_member);
		if (!p->targets[at].used || rejects(row->verdicts[at]))
			continue;
		col++;
		if (json_output) {
			json_target(&p->targets[at], row->verdicts[at], by_member);
			continue;
		}
		printf(" %s%s%s", p->targets[at].name, by_member ? "." : "",
		       by_member ? p->targets[at].member : "");
		if (condition_str(row->verdicts[at]))
			printf("(%s)", condition_str(row->verdicts[at]));
	}
	if (json_output)
		jsonw_end_array(json_wtr);
	else
		printf("%s\n", col ? "" : " none");
}

static void print_row_json(const struct kf_probe *p, const struct probe_row *row)
{
	size_t i;

	jsonw_start_object(json_wtr);
	jsonw_string_field(json_wtr, "name", row->name);
	jsonw_string_field(json_wtr, "source", row->source);
	jsonw_uint_field(json_wtr, "btf_id", row->btf_id);
	print_types(p, row);
	jsonw_name(json_wtr, "unknown");
	jsonw_start_array(json_wtr);
	for (i = 0; i < p->target_cnt; i++) {
		if (!p->targets[i].used || row->verdicts[i] != KF_PROBE_UNKNOWN)
			continue;
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "target", p->targets[i].name);
		if (p->targets[i].member)
			jsonw_string_field(json_wtr, "member", p->targets[i].member);
		else
			jsonw_null_field(json_wtr, "member");
		jsonw_string_field(json_wtr, "message", row->why[i] ?: "");
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
	jsonw_end_object(json_wtr);
}

static void print_row_plain(const struct kf_probe *p, const struct probe_row *row)
{
	size_t i;

	printf("%u: %s  source %s\n", row->btf_id, row->name, row->source);
	print_types(p, row);
	for (i = 0; i < p->target_cnt; i++)
		if (p->targets[i].used && row->verdicts[i] == KF_PROBE_UNKNOWN)
			printf("\tunknown %s%s%s: %s\n", p->targets[i].name,
			       p->targets[i].member ? "." : "", p->targets[i].member ?: "",
			       row->why[i]);
}

/* Whether @row may be called by one of the selected targets. */
static bool row_allowed(const struct kf_probe *p, const struct probe_row *row)
{
	size_t i;

	for (i = 0; i < p->target_cnt; i++)
		if (p->targets[i].used && !rejects(row->verdicts[i]))
			return true;
	return false;
}

/* A selected type the kernel loads no program of, struct_ops aside. */
static bool refused_selected(const struct probe_target *t)
{
	return t->refused && t->selected && t->type != BPF_PROG_TYPE_STRUCT_OPS;
}

void kf_probe_warn_refused(const struct kf_probe *p)
{
	const struct probe_target *t;
	char *buf = NULL;
	size_t i, j, len;
	FILE *f;

	if (p->missing)
		kf_warn("%zu kfunc%s not in %s: not listed", p->missing,
		       p->missing == 1 ? "" : "s", p->saved);
	f = open_memstream(&buf, &len);
	if (!f)
		return;
	/* One line, each errno after the run of types it refused. */
	for (i = 0; i < p->target_cnt; i++) {
		t = &p->targets[i];
		if (!refused_selected(t))
			continue;
		fprintf(f, "%s%s", ftell(f) ? ", " : "", t->name);
		for (j = i + 1; j < p->target_cnt && !refused_selected(&p->targets[j]); j++)
			;
		if (j == p->target_cnt || p->targets[j].refused != t->refused)
			fprintf(f, " (%s)", strerror(-t->refused));
	}
	if (!fclose(f) && len)
		kf_warn("the running kernel loads no program of type %s: not probed", buf);
	free(buf);
}

static bool row_unknown(const struct kf_probe *p, const struct probe_row *row)
{
	size_t i;

	for (i = 0; i < p->target_cnt; i++)
		if (p->targets[i].used && row->verdicts[i] == KF_PROBE_UNKNOWN)
			return true;
	return false;
}

struct probe_ctx {
	struct kf_probe *p;
	struct kf_filter f;
	struct kf_error err;
};

/* FNV-1a of the raw BTF of @btf: which build a saved probe belongs to. */
static __u64 btf_hash(const struct btf *btf, __u32 *size)
{
	const unsigned char *d = btf__raw_data(btf, size);
	__u64 h = 0xcbf29ce484222325ULL;
	__u32 i;

	for (i = 0; d && i < *size; i++)
		h = (h ^ d[i]) * 0x100000001b3ULL;
	return h;
}

int kf_probe_setup(struct kf_probe *p, const struct kf_source *vmlinux,
		   const char *sel, struct kf_error *e)
{
	int err;

	p->vmlinux = vmlinux;
	p->btf_hash = btf_hash(vmlinux->btf, &p->btf_size);
	if (p->saved) {
		if (p->btf_hash != p->saved_hash || p->btf_size != p->saved_size)
			return kf_error(e, EINVAL, "%s: probed on another kernel build (its vmlinux BTF is not %s's)",
					p->saved, vmlinux->path);
		goto select;
	}
	err = probe_targets(p, vmlinux->btf);
	if (err)
		return kf_error(e, err, "out of memory");
	if (!select_targets(p, NULL) && p->refused && p->refused->refused == -EPERM)
		return kf_error(e, EPERM, "probing kfuncs loads BPF programs: %s (run as root, or with CAP_BPF and CAP_PERFMON)",
				strerror(EPERM));
	p->refused = NULL;
select:
	if (select_targets(p, sel))
		return 0;
	if (p->refused)
		return kf_error(e, EINVAL, "the running kernel loads no %s program: %s",
				p->refused->name, strerror(-p->refused->refused));
	if (p->saved)
		return kf_error(e, EINVAL, "%s: no program type '%s' was probed", p->saved,
				sel ?: "");
	return kf_error(e, EINVAL, "'%s': no such program type", sel ?: "");
}

/* The row of @kf, added (not probed) when there is none. */
static struct probe_row *row_of(struct kf_probe *p, const struct kf_source *src,
				const struct kf_kfunc *kf)
{
	struct probe_row *row;
	size_t i;

	for (i = 0; i < p->row_cnt; i++) {
		row = &p->rows[i];
		if (row->btf_id == kf->btf_id && !strcmp(row->name, kf->name) &&
		    !strcmp(row->source, src->name))
			return row;
	}
	p->missing += !!p->saved;
	return row_add_kfunc(p, src, kf);
}

int kf_probe_allowed(struct kf_probe *p, const struct kf_source *src,
		     const struct kf_kfunc *kf, struct kf_error *e)
{
	struct probe_row *row = row_of(p, src, kf);
	int err;

	if (!row)
		return kf_error(e, ENOMEM, "out of memory");
	err = probe_source(p, src, e);
	if (!err)
		err = probe_row(p, row, e);
	return err ?: row_allowed(p, row);
}

void kf_probe_print_types(struct kf_probe *p, const struct kf_source *src,
			  const struct kf_kfunc *kf)
{
	struct probe_row *row = row_of(p, src, kf);

	if (row)
		print_types(p, row);
}

/* Whether @t is the struct_ops target of @prog's struct type and member. */
static bool is_st_ops_target(const struct probe_target *t,
			     const struct kf_prog *prog)
{
	const char *name = t->name + strlen("struct_ops ");

	/* libbpf finds the kernel's type under the name without a flavor. */
	return t->member && !strcmp(t->member, prog->st_ops_member) &&
	       strlen(name) == bpf_core_essential_name_len(prog->st_ops_type) &&
	       !strncmp(name, prog->st_ops_type, strlen(name));
}

int kf_probe_prog_target(struct kf_probe *p, const char *sec,
			 const struct kf_prog *prog, bool *sleepable)
{
	enum bpf_attach_type attach;
	enum bpf_prog_type type;
	int refused = -ENOENT;
	size_t i, n;

	if (libbpf_prog_type_by_name(sec, &type, &attach))
		return -ENOENT;
	/* libbpf's sleepable sections: "fentry.s/...", "lsm.s/...", ... */
	n = strcspn(sec, "/");
	*sleepable = n > 2 && !strncmp(sec + n - 2, ".s", 2);
	if (type == BPF_PROG_TYPE_STRUCT_OPS && !prog->st_ops_type)
		return -ENOENT;
	for (i = 0; i < p->target_cnt; i++) {
		if (p->targets[i].type != type ||
		    !(type == BPF_PROG_TYPE_STRUCT_OPS ?
		      is_st_ops_target(&p->targets[i], prog) :
		      !p->targets[i].member && p->targets[i].attach == attach))
			continue;
		if (!p->targets[i].refused)
			return i;
		refused = p->targets[i].refused;
	}
	return refused;
}

int kf_probe_verdict(struct kf_probe *p, const struct kf_source *src,
		     const struct kf_kfunc *kf, int target,
		     enum kf_probe_verdict *v, struct kf_error *e)
{
	struct probe_row *row = row_of(p, src, kf);
	size_t i;
	int err;

	if (!row)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; i < p->target_cnt; i++)
		p->targets[i].used = (int)i == target;
	err = probe_source(p, src, e);
	if (!err)
		err = probe_row(p, row, e);
	*v = row->verdicts[target];
	return err;
}

static int probe_each(const struct kf_kernel *k, const struct kf_source *src,
		      void *data)
{
	struct probe_ctx *ctx = data;
	struct kf_probe *p = ctx->p;
	struct probe_row *row;
	size_t i, first = p->row_cnt;
	int err = 0;

	if (src == &k->srcs[0]) {
		err = kf_probe_setup(p, src, ctx->f.prog_type, &ctx->err);
		if (err)
			return err;
	}
	if (ctx->f.module && strcmp(ctx->f.module, src->name))
		return 0;
	err = probe_source(p, src, &ctx->err);
	for (i = 0; !err && i < src->kfunc_cnt; i++) {
		if (ctx->f.name_glob && fnmatch(ctx->f.name_glob, src->kfuncs[i].name, 0))
			continue;
		row = row_add_kfunc(p, src, &src->kfuncs[i]);
		if (!row)
			return kf_error(&ctx->err, ENOMEM, "out of memory");
		err = probe_row(p, row, &ctx->err);
	}
	for (i = first; !err && i < p->row_cnt; i++) {
		/* "prog_type TYPE": what TYPE may call, or may not be refused. */
		if (ctx->f.prog_type && !row_allowed(p, &p->rows[i]) &&
		    !row_unknown(p, &p->rows[i]))
			continue;
		if (json_output)
			print_row_json(p, &p->rows[i]);
		else
			print_row_plain(p, &p->rows[i]);
	}
	return err;
}

/* A saved probe, read back. */
static int bad(struct kf_error *e, const char *path, const char *what)
{
	return kf_error(e, EINVAL, "%s: not a saved kfunc probe: %s", path, what);
}

static int read_targets(struct kf_probe *p, const struct kf_json *probed,
			const char *path, struct kf_error *e)
{
	const struct kf_json *name, *member;
	enum bpf_attach_type attach = 0;
	enum bpf_prog_type type;
	struct probe_target *t;
	size_t i;

	for (i = 0; i < probed->cnt; i++) {
		name = kf_json_get(&probed->kids[i], "target", KF_JSON_STRING);
		member = kf_json_get(&probed->kids[i], "member", KF_JSON_STRING);
		if (!name)
			return bad(e, path, "a program type without a target");
		if (!strncmp(name->str, "struct_ops ", 11))
			type = BPF_PROG_TYPE_STRUCT_OPS;
		else if (libbpf_prog_type_by_name(name->str, &type, &attach))
			return kf_error(e, EINVAL, "%s: program type '%s' unknown to this libbpf",
					path, name->str);
		if ((type == BPF_PROG_TYPE_STRUCT_OPS) != !!member)
			return bad(e, path, "a struct_ops member out of place");
		t = target_add(p, name->str, type, attach, 0);
		if (t && member)
			t->member_buf = strdup(member->str);
		if (!t || (member && !t->member_buf))
			return kf_error(e, ENOMEM, "out of memory");
		t->member = t->member_buf;
	}
	return 0;
}

/* Set the answer @v for the targets named @target (and @member, if any). */
static int read_answer(struct kf_probe *p, struct probe_row *row,
		       const struct kf_json *entry, unsigned char v, const char *path,
		       struct kf_error *e)
{
	const struct kf_json *target = kf_json_get(entry, "target", KF_JSON_STRING);
	const struct kf_json *member = kf_json_get(entry, "member", KF_JSON_STRING);
	const struct kf_json *msg = kf_json_get(entry, "message", KF_JSON_STRING);
	size_t i, n = 0;

	for (i = 0; target && i < p->target_cnt; i++) {
		if (strcmp(p->targets[i].name, target->str) ||
		    (member && strcmp(p->targets[i].member ?: "", member->str)))
			continue;
		row->verdicts[i] = v;
		n++;
		if (!msg || row->why[i])
			continue;
		row->why[i] = strdup(msg->str);
		if (!row->why[i])
			return kf_error(e, ENOMEM, "out of memory");
	}
	if (!n)
		return kf_error(e, EINVAL, "%s: not a saved kfunc probe: %s answered for a program type not probed",
				path, row->name);
	return 0;
}

static int read_row(struct kf_probe *p, const struct kf_json *kf, const char *path,
		    struct kf_error *e)
{
	const struct kf_json *name = kf_json_get(kf, "name", KF_JSON_STRING);
	const struct kf_json *src = kf_json_get(kf, "source", KF_JSON_STRING);
	const struct kf_json *id = kf_json_get(kf, "btf_id", KF_JSON_NUMBER);
	const struct kf_json *types = kf_json_get(kf, "prog_types", KF_JSON_ARRAY);
	const struct kf_json *unknown = kf_json_get(kf, "unknown", KF_JSON_ARRAY);
	const struct kf_json *cond;
	struct probe_row *row;
	unsigned char v;
	size_t i;
	int err = 0;

	if (!name || !src || !id || id->neg || id->num > UINT32_MAX || !types || !unknown)
		return bad(e, path, "a kfunc without name, source, btf_id, prog_types or unknown");
	row = row_add(p, src->str, name->str, id->num, KF_PROBE_NOT_ALLOWED);
	if (!row)
		return kf_error(e, ENOMEM, "out of memory");
	for (i = 0; !err && i < types->cnt; i++) {
		cond = kf_json_get(&types->kids[i], "condition", KF_JSON_STRING);
		for (v = KF_PROBE_ALLOWED; cond && v < KF_PROBE_NOT_ALLOWED; v++)
			if (!strcmp(cond->str, kf_probe_verdict_str(v)))
				break;
		if (v == KF_PROBE_NOT_ALLOWED)
			return bad(e, path, "an unknown condition");
		err = read_answer(p, row, &types->kids[i], v, path, e);
	}
	for (i = 0; !err && i < unknown->cnt; i++)
		err = read_answer(p, row, &unknown->kids[i], KF_PROBE_UNKNOWN, path, e);
	return err;
}

int kf_probe_read(struct kf_probe *p, const char *path, struct kf_error *e)
{
	const struct kf_json *kern, *size, *hash, *probed, *kfuncs;
	struct kf_json *root = NULL;
	struct kf_blob blob = {};
	char *end;
	size_t i;
	int err;

	err = kf_file_read(path, &blob, e);
	if (err)
		return err;
	err = kf_json_parse(blob.data, blob.size, path, &root, e);
	kf_blob_free(&blob);
	if (err)
		return err;
	kern = kf_json_get(root, "kernel", KF_JSON_OBJECT);
	size = kf_json_get(kern, "vmlinux_btf_size", KF_JSON_NUMBER);
	hash = kf_json_get(kern, "vmlinux_btf_fnv1a", KF_JSON_STRING);
	probed = kf_json_get(root, "probed", KF_JSON_ARRAY);
	kfuncs = kf_json_get(root, "kfuncs", KF_JSON_ARRAY);
	p->saved = strdup(path);
	if (!p->saved)
		err = kf_error(e, ENOMEM, "out of memory");
	else if (!size || !hash || !probed || !kfuncs)
		err = bad(e, path, "no kernel, probed or kfuncs");
	if (!err) {
		p->saved_size = size->num;
		p->saved_hash = strtoull(hash->str, &end, 16);
		if (strlen(hash->str) != 16 || *end)
			err = bad(e, path, "a bad vmlinux_btf_fnv1a");
	}
	if (!err)
		err = read_targets(p, probed, path, e);
	for (i = 0; !err && i < kfuncs->cnt; i++)
		err = read_row(p, &kfuncs->kids[i], path, e);
	kf_json_free(root);
	return err;
}

/* The kernel build and the program types probed, for a saved probe. */
static void json_probed(const struct kf_probe *p)
{
	const struct probe_target *t;
	char hash[32];
	size_t i;

	jsonw_name(json_wtr, "kernel");
	jsonw_start_object(json_wtr);
	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)p->btf_hash);
	jsonw_uint_field(json_wtr, "vmlinux_btf_size", p->btf_size);
	jsonw_string_field(json_wtr, "vmlinux_btf_fnv1a", hash);
	jsonw_end_object(json_wtr);
	jsonw_name(json_wtr, "probed");
	jsonw_start_array(json_wtr);
	for (i = 0; i < p->target_cnt; i++) {
		t = &p->targets[i];
		if (!t->used)
			continue;
		jsonw_start_object(json_wtr);
		jsonw_string_field(json_wtr, "target", t->name);
		if (t->member)
			jsonw_string_field(json_wtr, "member", t->member);
		else
			jsonw_null_field(json_wtr, "member");
		jsonw_end_object(json_wtr);
	}
	jsonw_end_array(json_wtr);
}

int do_kfunc_probe(int argc, char **argv)
{
	struct probe_ctx ctx = {};
	struct kf_load_opts opts = { .each = probe_each, .ctx = &ctx };
	struct kf_target running = { .kind = KF_TARGET_RUNNING };
	struct kf_kernel *k = NULL;
	int err = -1, taken;

	while (argc > 0) {
		taken = kf_parse_filter(&argc, &argv, &ctx.f);
		if (taken < 0)
			goto out;
		if (!taken) {
			p_err("what is '%s'?", *argv);
			goto out;
		}
	}
	ctx.p = kf_probe_new();
	if (!ctx.p) {
		p_err("out of memory");
		goto out;
	}
	if (kf_json_begin())
		goto out;
	if (json_output) {
		jsonw_start_object(json_wtr);
		jsonw_name(json_wtr, "kfuncs");
		jsonw_start_array(json_wtr);
	}
	err = kf_target_load(&running, &opts, &k, &ctx.err);
	if (json_output) {
		jsonw_end_array(json_wtr);
		json_probed(ctx.p);
		jsonw_end_object(json_wtr);
	}
	kf_json_end(!err);
	if (err) {
		p_err("%s", ctx.err.msg);
		goto out;
	}
	kf_kernel_warn_notes(k);
	kf_probe_warn_refused(ctx.p);
out:
	kf_kernel_free(k);
	kf_probe_free(ctx.p);
	return err ? KF_EXIT_ERROR : KF_EXIT_OK;
}
