// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * BTF checks beyond libbpf's parser. References that C can make without a
 * struct or union in between (pointers, arrays, modifiers, typedefs, type
 * tags, prototypes, and what FUNC, VAR and DECL_TAG name) form no loop in
 * any BTF a compiler or pahole writes, and the kernel rejects such loops;
 * libbpf does not, and type walks (ours and btf_dump's) would not end.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/btf.h>

#include "kfunc_btf.h"

int kf_btf_check_raw(const void *data, size_t size, const char *path,
		     struct kf_error *e)
{
	struct btf_header hdr = {};

	/* Newer headers add fields after the first 24 bytes. */
	if (size < BTF_HDR_MIN)
		return 0;
	/* An ELF section may start at any offset of the file. */
	memcpy(&hdr, data, BTF_HDR_MIN);
	/* Byte-swapped BTF: libbpf wants the exact header length. */
	if (hdr.magic != BTF_MAGIC)
		return 0;
	if (hdr.hdr_len < BTF_HDR_MIN || hdr.hdr_len % 4)
		return kf_error(e, EINVAL, "%s: corrupt BTF: header length %u",
				path, hdr.hdr_len);
	/* libbpf checks neither; the kernel takes version 1 without flags. */
	if (hdr.version != BTF_VERSION)
		return kf_error(e, EINVAL, "%s: corrupt BTF: version %u, not %d",
				path, hdr.version, BTF_VERSION);
	if (hdr.flags)
		return kf_error(e, EINVAL, "%s: corrupt BTF: header flags 0x%x",
				path, hdr.flags);
	return 0;
}

/* Type id referenced by edge @i of @t, or -1 past the last one. */
static long edge(const struct btf_type *t, __u32 i)
{
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
		return i == 0 ? (long)t->type : -1;
	case BTF_KIND_ARRAY:
		return i == 0 ? (long)btf_array(t)->type : -1;
	case BTF_KIND_FUNC_PROTO:
		if (i == 0)
			return t->type;
		return i <= btf_vlen(t) ? (long)btf_params(t)[i - 1].type : -1;
	default:
		return -1;
	}
}

/*
 * btf_dump pads up to each member and past it in int bit counts: keep
 * members inside their struct or union, as the kernel does, and these at
 * most COMPOSITE_MAX bytes.
 */
#define COMPOSITE_MAX	(1U << 28)

static bool members_fit(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	__u64 limit = t->size * 8ULL, end_bit;
	__u16 i, n = btf_vlen(t);
	__s64 sz;

	if (t->size >= COMPOSITE_MAX)
		return false;
	for (i = 0; i < n; i++, m++) {
		end_bit = btf_member_bit_offset(t, i);
		if (btf_member_bitfield_size(t, i)) {
			end_bit += btf_member_bitfield_size(t, i);
		} else {
			/* Unsized members (loops, forwards) are left to others. */
			sz = btf__resolve_size(btf, m->type);
			end_bit += sz > 0 ? sz * 8ULL : 0;
		}
		if (end_bit > limit)
			return false;
	}
	return true;
}

enum { WHITE, GREY, BLACK };

int kf_btf_check(const struct btf *btf, const char *path, struct kf_error *e)
{
	const struct btf *base = btf__base_btf(btf);
	__u32 start = base ? btf__type_cnt(base) : 1;
	__u32 end = btf__type_cnt(btf), id, top, n = end - start;
	const struct btf_type *t;
	unsigned char *color;
	__u32 *stack, *next;
	long ref;
	int err = 0;

	for (id = start; id < end; id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_func_proto(t) && t->type >= end)
			return kf_error(e, EINVAL, "%s: corrupt BTF: type [%u] returns invalid type [%u]",
					path, id, t->type);
		if (btf_is_composite(t) && !members_fit(btf, t))
			return kf_error(e, EINVAL, "%s: corrupt BTF: type [%u] too large or with a member beyond its size",
					path, id);
	}

	/* Depth-first search for a reference back to a type on the path. */
	color = calloc(n ?: 1, 1);
	stack = calloc(n ?: 1, sizeof(*stack));
	next = calloc(n ?: 1, sizeof(*next));
	if (!color || !stack || !next) {
		err = kf_error(e, ENOMEM, "out of memory");
		goto out;
	}
	for (id = start; id < end && !err; id++) {
		if (color[id - start] != WHITE)
			continue;
		top = 0;
		stack[top++] = id;
		color[id - start] = GREY;
		next[id - start] = 0;
		while (top) {
			__u32 cur = stack[top - 1];

			ref = edge(btf__type_by_id(btf, cur), next[cur - start]++);
			if (ref < 0) {
				color[cur - start] = BLACK;
				top--;
				continue;
			}
			if ((__u32)ref >= end) {
				err = kf_error(e, EINVAL, "%s: corrupt BTF: type [%u] refers to invalid type [%ld]",
					       path, cur, ref);
				break;
			}
			/* Base types are checked with the base, and void ends. */
			if ((__u32)ref < start || color[ref - start] == BLACK)
				continue;
			if (color[ref - start] == GREY) {
				err = kf_error(e, EINVAL, "%s: corrupt BTF: type [%u] refers back to itself through type [%u]",
					       path, (__u32)ref, cur);
				break;
			}
			color[ref - start] = GREY;
			next[ref - start] = 0;
			stack[top++] = ref;
		}
	}
out:
	free(color);
	free(stack);
	free(next);
	return err;
}
