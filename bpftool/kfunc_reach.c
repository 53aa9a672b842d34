// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * What the verifier sees of the externs libbpf left unresolved. libbpf
 * poisons a call of an unresolved weak kfunc, and loads 0 for the address
 * of an unresolved ksym; the verifier rejects the program when such a call,
 * or a dereference of that NULL, is reachable. bpf_ksym_exists() is an
 * ld_imm64 of the extern tested against 0: the verifier knows the outcome
 * and walks one edge only, so a guarded call is dead code.
 *
 * The verifier is modelled per register and 8-byte stack slot: unknown, a
 * known constant, a non-NULL address, or an offset from the frame pointer.
 * A worklist over the function's jump targets joins states (disagreement
 * makes a value unknown), so loops end. Static subprograms are analyzed
 * with the caller's arguments, as the verifier inlines them; global
 * functions and callbacks on their own with unknown arguments, when a
 * reachable instruction names them (kernels >= 6.8 verify only those).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "kfunc_reach.h"

/* The verifier's MAX_CALL_FRAMES (16 since Linux 7.0, 8 before). */
#define MAX_FRAMES	16
#define NR_REGS		11
#define FP		10
#define STACK_SIZE	512
#define STACK_SLOTS	STACK_SIZE	/* one per byte at most */
/* Linux 6.15 UAPI, missing from the headers of older trees. */
#ifndef BPF_LOAD_ACQ
#define BPF_LOAD_ACQ	0x100
#endif

enum val_kind {
	V_UNKNOWN,
	V_CONST,
	V_NONNULL,	/* an address the verifier knows is not NULL */
	V_FP,		/* frame pointer + v */
};

struct val {
	__u8 kind;
	__u32 ext1;	/* 1 + the extern whose address this is, or 0 */
	__u64 v;
};

/* Bytes [off, off + size) of the frame hold v. */
struct slot {
	__s16 off;
	__u8 size;
	struct val v;
};

/* Stored at jump targets with nslot slots; the walker uses all of them. */
struct state {
	struct val r[NR_REGS];
	__u16 nslot;
	bool queued;
	struct slot s[];
};

#define STATE_SZ(n)	(sizeof(struct state) + (n) * sizeof(struct slot))

struct memo {
	size_t func;
	struct val args[5];
};

struct reach {
	const struct kf_object *obj;
	const struct kf_resolution *res;
	struct kf_prog_verdict *out;
	bool *queued;		/* per function: global or callback to verify */
	size_t *queue, qn;
	struct memo *memo;
	size_t memo_cnt;
	size_t steps, mem;
	struct val scratch;	/* invalid registers, writes to r10 */
	struct kf_error *e;
};

static const struct val unknown;

static bool val_eq(const struct val *a, const struct val *b)
{
	return a->kind == b->kind && a->ext1 == b->ext1 &&
	       (a->kind == V_UNKNOWN || a->v == b->v);
}

static struct val cnst(__u64 v)
{
	return (struct val){ .kind = V_CONST, .v = v };
}

static struct val *reg(struct reach *r, struct state *st, __u8 n)
{
	/* Invalid registers, and writes to r10, go nowhere. */
	if (n >= FP) {
		r->scratch = n == FP ? st->r[FP] : unknown;
		return &r->scratch;
	}
	return &st->r[n];
}

static struct slot *slot_find(struct state *st, __s64 off, __u32 size)
{
	__u16 i;

	for (i = 0; i < st->nslot; i++)
		if (st->s[i].off == off && st->s[i].size == size)
			return &st->s[i];
	return NULL;
}

static void slot_drop(struct state *st, struct slot *s)
{
	*s = st->s[--st->nslot];
}

/* Forget the bytes in [@lo, @hi) of the frame. */
static void slots_clobber(struct state *st, __s64 lo, __s64 hi)
{
	__u16 i = 0;

	while (i < st->nslot) {
		if (st->s[i].off < hi && st->s[i].off + st->s[i].size > lo)
			slot_drop(st, &st->s[i]);
		else
			i++;
	}
}

/*
 * As check_stack_write_fixed_off(): a spill at an 8-byte aligned offset
 * keeps a scalar of any size, or a pointer of 8 bytes; zero is known in
 * any bytes (STACK_ZERO); other writes make their bytes unknown.
 */
static void slot_store(struct state *st, __s64 off, __u32 size,
		       const struct val *v)
{
	struct slot *s;

	if (off < -STACK_SIZE || off + size > 0)
		return;
	slots_clobber(st, off, off + size);
	if (!(v->kind == V_CONST && (!v->v || off % 8 == 0)) &&
	    !(v->kind != V_UNKNOWN && size == 8 && off % 8 == 0))
		return;
	s = &st->s[st->nslot++];
	s->off = off;
	s->size = size;
	s->v = *v;
	if (size < 8)
		s->v.v &= (1ULL << size * 8) - 1;
}

/* A fill: the same spill, or bytes known to be zero. */
static struct val slot_load(struct state *st, __s64 off, __u32 size)
{
	struct slot *s = slot_find(st, off, size);
	__u16 i;

	if (s)
		return s->v;
	for (i = 0; i < st->nslot; i++) {
		s = &st->s[i];
		if (s->v.kind == V_CONST && !s->v.v && s->off <= off &&
		    off + size <= s->off + s->size)
			return cnst(0);
	}
	return unknown;
}

static __u64 sext(__u64 v, int bits)
{
	return bits >= 64 ? v : (__u64)((__s64)(v << (64 - bits)) >> (64 - bits));
}

/* @a op @b on constants, as the ALU does; false when not known. */
static bool alu_const(__u8 op, bool is64, __s16 off, __u64 a, __u64 b, __u64 *res)
{
	__u64 mask = is64 ? ~0ULL : 0xffffffffULL;
	unsigned int bits = is64 ? 64 : 32;

	a &= mask;
	b &= mask;
	switch (op) {
	case BPF_ADD:
		*res = a + b;
		break;
	case BPF_SUB:
		*res = a - b;
		break;
	case BPF_MUL:
		*res = a * b;
		break;
	case BPF_OR:
		*res = a | b;
		break;
	case BPF_AND:
		*res = a & b;
		break;
	case BPF_XOR:
		*res = a ^ b;
		break;
	case BPF_NEG:
		*res = -a;
		break;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		/* The verifier gives up on shifts past the width. */
		if (b >= bits)
			return false;
		if (op == BPF_LSH)
			*res = a << b;
		else if (op == BPF_RSH)
			*res = a >> b;
		else
			*res = (__u64)((__s64)sext(a, bits) >> b);
		break;
	case BPF_DIV:
	case BPF_MOD:
		if (!b || off)
			return false;
		*res = op == BPF_DIV ? a / b : a % b;
		break;
	case BPF_MOV:
		/* movsx: sign extension from 8, 16 or 32 bits. */
		if (off && off != 8 && off != 16 && off != 32)
			return false;
		*res = off ? sext(b, off) : b;
		break;
	default:
		return false;
	}
	*res &= mask;
	return true;
}

static void do_alu(struct reach *r, struct state *st, const struct bpf_insn *insn,
		   bool reloc)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	__u8 op = BPF_OP(insn->code);
	struct val *dst = reg(r, st, insn->dst_reg), src, old = *dst;
	__u64 res;

	if (BPF_SRC(insn->code) == BPF_X)
		src = *reg(r, st, insn->src_reg);
	else
		src = reloc ? unknown : cnst((__u64)(__s64)insn->imm);
	if (op == BPF_MOV && !insn->off && is64) {
		*dst = src;
	} else if ((dst->kind == V_CONST || op == BPF_MOV) && src.kind == V_CONST &&
		   op != BPF_END && alu_const(op, is64, insn->off, dst->v, src.v, &res)) {
		*dst = cnst(res);
		/* An extern's address plus an offset still points into it. */
		if (is64 && (op == BPF_ADD || op == BPF_SUB))
			dst->ext1 = old.ext1;
	} else if ((dst->kind == V_FP || dst->kind == V_NONNULL) && is64 &&
		   (op == BPF_ADD || op == BPF_SUB) && src.kind == V_CONST) {
		dst->v += op == BPF_ADD ? src.v : -src.v;
	} else {
		*dst = unknown;
		/* The stack may now be written through a pointer we lost. */
		if (old.kind == V_FP && op != BPF_MOV)
			st->nslot = 0;
	}
}

static int add_site(struct reach *r, size_t sec, __u32 insn, size_t ext,
		    enum kf_site_kind kind)
{
	struct kf_prog_verdict *v = r->out;
	struct kf_site *tmp;
	size_t i;

	for (i = 0; i < v->site_cnt; i++)
		if (v->sites[i].sec == sec && v->sites[i].insn == insn &&
		    v->sites[i].ext == ext)
			return 0;
	tmp = realloc(v->sites, (v->site_cnt + 1) * sizeof(*tmp));
	if (!tmp)
		return kf_error(r->e, ENOMEM, "out of memory");
	v->sites = tmp;
	v->sites[v->site_cnt++] = (struct kf_site){ sec, insn, ext, kind };
	return 0;
}

/* A NULL ksym variable used as a pointer. */
static int check_use(struct reach *r, const struct val *v, size_t sec, __u32 insn)
{
	size_t ext;

	if (!v->ext1 || v->kind != V_CONST)
		return 0;
	ext = v->ext1 - 1;
	if (r->obj->externs[ext].kind == KF_EXT_KFUNC)
		return 0;
	return add_site(r, sec, insn, ext, KF_SITE_USE);
}

static struct val extern_val(const struct reach *r, size_t ext)
{
	const struct kf_extern *x = &r->obj->externs[ext];
	struct val v = unknown;

	switch (r->res[ext].outcome) {
	case KF_OUT_BOUND:
		/*
		 * A kfunc is PTR_TO_MEM, a typeless ksym a constant address:
		 * both known non-NULL. A typed ksym's PTR_TO_BTF_ID is not.
		 */
		if (x->kind == KF_EXT_VAR)
			return v;
		v.kind = V_NONNULL;
		break;
	case KF_OUT_UNSET:
		v = cnst(0);
		break;
	default:
		return v;
	}
	v.ext1 = ext + 1;
	return v;
}

static void queue_func(struct reach *r, size_t func)
{
	if (r->queued[func])
		return;
	r->queued[func] = true;
	r->queue[r->qn++] = func;
}

static int analyze(struct reach *r, size_t func, const struct state *entry, int depth);

/* Whether @func was analyzed with these arguments; records it if not. */
static int memo_add(struct reach *r, size_t func, const struct state *st)
{
	struct memo *m;
	size_t i;
	int j;

	for (i = 0; i < r->memo_cnt; i++) {
		m = &r->memo[i];
		if (m->func != func)
			continue;
		for (j = 0; j < 5; j++)
			if (!val_eq(&m->args[j], &st->r[j + 1]))
				break;
		if (j == 5)
			return 1;
	}
	m = realloc(r->memo, (r->memo_cnt + 1) * sizeof(*m));
	if (!m)
		return kf_error(r->e, ENOMEM, "out of memory");
	r->memo = m;
	m = &r->memo[r->memo_cnt++];
	m->func = func;
	for (j = 0; j < 5; j++)
		m->args[j] = st->r[j + 1];
	return 0;
}

static struct state *state_new(void)
{
	struct state *st = calloc(1, STATE_SZ(STACK_SLOTS));

	if (st)
		st->r[FP].kind = V_FP;
	return st;
}

static int do_call(struct reach *r, struct state *st, const struct kf_code_sec *s,
		   size_t sec, __u32 i, int depth)
{
	const struct bpf_insn *insn = &s->insns[i];
	const struct kf_insn_aux *aux = &s->aux[i];
	struct state *callee;
	int j, err = 0;

	if (aux->ext >= 0) {
		if (r->res[aux->ext].outcome == KF_OUT_UNSET)
			err = add_site(r, sec, i, aux->ext, KF_SITE_CALL);
	} else if (insn->src_reg == BPF_PSEUDO_CALL && aux->callee >= 0) {
		if (r->obj->code.funcs[aux->callee].global) {
			queue_func(r, aux->callee);
		} else if (depth >= MAX_FRAMES) {
			err = kf_error(r->e, E2BIG, "%s: call chain deeper than %d frames at %s insn %u",
				       r->obj->path, MAX_FRAMES, s->name, i);
		} else {
			callee = state_new();
			if (!callee)
				return kf_error(r->e, ENOMEM, "out of memory");
			/* Pointers to the caller's stack are unknown there. */
			for (j = 1; j <= 5; j++)
				if (st->r[j].kind != V_FP)
					callee->r[j] = st->r[j];
			err = memo_add(r, aux->callee, callee);
			if (!err)
				err = analyze(r, aux->callee, callee, depth + 1);
			else if (err > 0)
				err = 0;
			free(callee);
		}
	} else {
		/* Helpers take a ksym variable's address in r1. */
		err = check_use(r, &st->r[1], sec, i);
	}
	for (j = 1; j <= 5; j++)
		if (st->r[j].kind == V_FP)
			slots_clobber(st, (__s64)st->r[j].v, 0);
	for (j = 0; j <= 5; j++)
		st->r[j] = unknown;
	return err;
}

/* Known outcome of a conditional jump: 1 taken, 0 not, -1 unknown. */
static int cond(__u8 op, bool jmp32, const struct val *a, const struct val *b)
{
	__u64 x = a->v, y = b->v;

	if (a->kind == V_CONST && b->kind == V_CONST) {
		if (jmp32) {
			x = sext(x & 0xffffffffULL, 32);
			y = sext(y & 0xffffffffULL, 32);
			if (op != BPF_JSGT && op != BPF_JSGE && op != BPF_JSLT &&
			    op != BPF_JSLE) {
				x &= 0xffffffffULL;
				y &= 0xffffffffULL;
			}
		}
		switch (op) {
		case BPF_JEQ: return x == y;
		case BPF_JNE: return x != y;
		case BPF_JGT: return x > y;
		case BPF_JGE: return x >= y;
		case BPF_JLT: return x < y;
		case BPF_JLE: return x <= y;
		case BPF_JSGT: return (__s64)x > (__s64)y;
		case BPF_JSGE: return (__s64)x >= (__s64)y;
		case BPF_JSLT: return (__s64)x < (__s64)y;
		case BPF_JSLE: return (__s64)x <= (__s64)y;
		case BPF_JSET: return !!(x & y);
		default: return -1;
		}
	}
	/* The verifier's is_branch_taken(): a non-NULL pointer against 0. */
	if (jmp32 || (op != BPF_JEQ && op != BPF_JNE))
		return -1;
	if ((a->kind == V_NONNULL && b->kind == V_CONST && !y) ||
	    (b->kind == V_NONNULL && a->kind == V_CONST && !x))
		return op == BPF_JNE;
	return -1;
}

/* Join @st into the state stored at a jump target; 1 when it changed. */
static int merge(struct reach *r, struct state **slotp, const struct state *st)
{
	struct state *old = *slotp;
	bool changed = false;
	struct slot *s;
	__u16 i = 0;
	int j;

	if (!old) {
		if (r->mem + STATE_SZ(st->nslot) > KF_REACH_MAX_MEM)
			return kf_error(r->e, E2BIG, "%s: too complex for the analysis (memory)",
					r->obj->path);
		old = malloc(STATE_SZ(st->nslot));
		if (!old)
			return kf_error(r->e, ENOMEM, "out of memory");
		memcpy(old, st, STATE_SZ(st->nslot));
		old->queued = false;
		r->mem += STATE_SZ(st->nslot);
		*slotp = old;
		return 1;
	}
	for (j = 0; j < NR_REGS; j++) {
		if (!val_eq(&old->r[j], &st->r[j]) && old->r[j].kind != V_UNKNOWN) {
			old->r[j] = unknown;
			changed = true;
		}
	}
	while (i < old->nslot) {
		s = slot_find((struct state *)st, old->s[i].off, old->s[i].size);
		if (!s || !val_eq(&s->v, &old->s[i].v)) {
			slot_drop(old, &old->s[i]);
			changed = true;
		} else {
			i++;
		}
	}
	return changed;
}

struct walk {
	struct state **at;	/* per insn of the function: stored state */
	__u32 *stack, sn;
	__u32 start;
};

static int flow_to(struct reach *r, struct walk *w, __u32 insn,
		   const struct state *st)
{
	struct state **p = &w->at[insn - w->start];
	int changed = merge(r, p, st);

	if (changed <= 0 || (*p)->queued)
		return changed < 0 ? changed : 0;
	(*p)->queued = true;
	w->stack[w->sn++] = insn;
	return 0;
}

static int step_insn(struct reach *r, struct walk *w, struct state *st,
		     size_t sec, __u32 *ip, int depth)
{
	const struct kf_code_sec *s = &r->obj->code.secs[sec];
	__u32 i = *ip;
	const struct bpf_insn *insn = &s->insns[i];
	const struct kf_insn_aux *aux = &s->aux[i];
	__u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	static const __u8 sizes[] = { 4, 2, 1, 8 };	/* W, H, B, DW */
	__u32 size = sizes[BPF_SIZE(insn->code) >> 3];
	struct val *dst = reg(r, st, insn->dst_reg), src, base;
	int taken, err;

	switch (class) {
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
			if (aux->ext >= 0)
				*dst = extern_val(r, aux->ext);
			else if (aux->flags & KF_INSN_RELOC || insn->src_reg)
				*dst = unknown;
			else
				*dst = cnst((__u32)insn->imm |
					    (__u64)insn[1].imm << 32);
			if (aux->callee >= 0)
				queue_func(r, aux->callee);
			*ip = i + 2;
			return 0;
		}
		/* Legacy packet loads clobber r0-r5 as a call does. */
		err = do_call(r, st, s, sec, i, depth);
		break;
	case BPF_LDX:
		base = *reg(r, st, insn->src_reg);
		err = check_use(r, &base, sec, i);
		*dst = base.kind == V_FP && BPF_MODE(insn->code) == BPF_MEM ?
		       slot_load(st, (__s64)base.v + insn->off, size) : unknown;
		break;
	case BPF_ST:
	case BPF_STX:
		if (BPF_MODE(insn->code) == BPF_ATOMIC && insn->imm == BPF_LOAD_ACQ) {
			base = *reg(r, st, insn->src_reg);
			*dst = unknown;
			err = check_use(r, &base, sec, i);
			break;
		}
		base = *reg(r, st, insn->dst_reg);
		err = check_use(r, &base, sec, i);
		if (class == BPF_ST)
			src = aux->flags & KF_INSN_RELOC ? unknown :
			      cnst((__u64)(__s64)insn->imm);
		else
			src = *reg(r, st, insn->src_reg);
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			/* Fetching atomics write src_reg or r0 back. */
			src = unknown;
			*reg(r, st, insn->src_reg) = unknown;
			st->r[0] = unknown;
		} else if (BPF_MODE(insn->code) != BPF_MEM) {
			src = unknown;
		}
		if (base.kind == V_FP)
			slot_store(st, (__s64)base.v + insn->off, size, &src);
		break;
	case BPF_ALU:
	case BPF_ALU64:
		do_alu(r, st, insn, aux->flags & KF_INSN_RELOC);
		err = 0;
		break;
	default:
		if (op == BPF_EXIT) {
			*ip = UINT32_MAX;
			return 0;
		}
		if (op == BPF_CALL && class == BPF_JMP) {
			err = do_call(r, st, s, sec, i, depth);
			break;
		}
		*ip = UINT32_MAX;
		if (op == BPF_JA)
			return flow_to(r, w, i + 1 + (class == BPF_JMP32 ?
					      insn->imm : insn->off), st);
		src = BPF_SRC(insn->code) == BPF_X ? *reg(r, st, insn->src_reg) :
		      cnst((__u64)(__s64)insn->imm);
		taken = op == BPF_JCOND ? -1 :
			cond(op, class == BPF_JMP32, reg(r, st, insn->dst_reg), &src);
		err = taken != 0 ? flow_to(r, w, i + 1 + insn->off, st) : 0;
		if (!err && taken != 1)
			err = flow_to(r, w, i + 1, st);
		return err;
	}
	*ip = i + 1;
	return err;
}

static int analyze(struct reach *r, size_t func, const struct state *entry, int depth)
{
	const struct kf_func *f = &r->obj->code.funcs[func];
	const struct kf_code_sec *s = &r->obj->code.secs[f->sec];
	__u32 len = f->end - f->start, i, ip;
	struct walk w = { .start = f->start };
	struct state *st;
	int err;

	/* Counted as steps: a callee analyzed in many contexts costs each time. */
	r->steps += len;
	w.at = calloc(len, sizeof(*w.at));
	w.stack = malloc(len * sizeof(*w.stack));
	st = malloc(STATE_SZ(STACK_SLOTS));
	if (!w.at || !w.stack || !st) {
		err = kf_error(r->e, ENOMEM, "out of memory");
		goto out;
	}
	err = flow_to(r, &w, f->start, entry);
	while (!err && w.sn) {
		i = w.stack[--w.sn];
		memcpy(st, w.at[i - f->start], STATE_SZ(w.at[i - f->start]->nslot));
		w.at[i - f->start]->queued = false;
		ip = i;
		do {
			if (++r->steps > KF_REACH_MAX_STEPS) {
				err = kf_error(r->e, E2BIG, "%s: too complex for the analysis (steps)",
					       r->obj->path);
				break;
			}
			if (ip != i && (s->aux[ip].flags & KF_INSN_LEADER)) {
				err = flow_to(r, &w, ip, st);
				break;
			}
			err = step_insn(r, &w, st, f->sec, &ip, depth);
		} while (!err && ip != UINT32_MAX);
	}
out:
	if (w.at)
		for (i = 0; i < len; i++)
			if (w.at[i]) {
				r->mem -= STATE_SZ(w.at[i]->nslot);
				free(w.at[i]);
			}
	free(w.at);
	free(w.stack);
	free(st);
	return err < 0 ? err : 0;
}

static int site_cmp(const void *a, const void *b)
{
	const struct kf_site *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->insn != y->insn)
		return x->insn < y->insn ? -1 : 1;
	return x->ext < y->ext ? -1 : x->ext > y->ext;
}

static int reach_prog(struct reach *r, const struct kf_prog *p)
{
	const struct kf_code *code = &r->obj->code;
	struct state *entry;
	int err = 0;

	memset(r->queued, 0, code->func_cnt * sizeof(*r->queued));
	r->qn = 0;
	r->memo_cnt = 0;
	r->steps = 0;
	queue_func(r, p->func);
	entry = state_new();
	if (!entry)
		return kf_error(r->e, ENOMEM, "out of memory");
	/* The entry, then each global function or callback it reaches. */
	while (!err && r->qn) {
		r->qn--;
		err = analyze(r, r->queue[r->qn], entry, 1);
	}
	free(entry);
	if (r->out->site_cnt)
		qsort(r->out->sites, r->out->site_cnt, sizeof(struct kf_site), site_cmp);
	return err;
}

/* Programs [@first, @last) of @obj into @out[0, @last - @first). */
static int reach_progs(const struct kf_object *obj, const struct kf_resolution *res,
		       size_t first, size_t last, struct kf_prog_verdict *out,
		       struct kf_error *e)
{
	const struct kf_code *code = &obj->code;
	struct reach r = { .obj = obj, .res = res, .e = e };
	bool externs_ok = kf_resolution_loads(res, obj->extern_cnt);
	size_t i;
	int err = 0;

	memset(out, 0, (last - first) * sizeof(*out));
	r.queued = calloc(code->func_cnt ?: 1, sizeof(*r.queued));
	r.queue = calloc(code->func_cnt ?: 1, sizeof(*r.queue));
	if (!r.queued || !r.queue)
		err = kf_error(e, ENOMEM, "out of memory");
	for (i = first; !err && i < last; i++) {
		r.out = &out[i - first];
		err = reach_prog(&r, &code->progs[i]);
		r.out->loads = externs_ok && !r.out->site_cnt;
	}
	free(r.queued);
	free(r.queue);
	free(r.memo);
	if (err)
		kf_prog_verdicts_free(out, last - first);
	return err;
}

int kf_reach_object(const struct kf_object *obj, const struct kf_resolution *res,
		    struct kf_prog_verdict *out, struct kf_error *e)
{
	return reach_progs(obj, res, 0, obj->code.prog_cnt, out, e);
}

int kf_reach_prog(const struct kf_object *obj, const struct kf_resolution *res,
		  size_t prog, struct kf_prog_verdict *out, struct kf_error *e)
{
	return reach_progs(obj, res, prog, prog + 1, out, e);
}

void kf_prog_verdicts_free(struct kf_prog_verdict *v, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++) {
		free(v[i].sites);
		v[i].sites = NULL;
		v[i].site_cnt = 0;
	}
}

bool kf_object_loads(const struct kf_object *obj, const struct kf_resolution *res,
		     const struct kf_prog_verdict *v)
{
	size_t i;

	if (!kf_resolution_loads(res, obj->extern_cnt))
		return false;
	for (i = 0; i < obj->code.prog_cnt; i++)
		if (obj->code.progs[i].autoload && !v[i].loads)
			return false;
	return true;
}
