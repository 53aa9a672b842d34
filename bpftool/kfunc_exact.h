/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* "Exactly the same prototype": the rule a kfunc override must meet. */
#ifndef __KFUNC_EXACT_H
#define __KFUNC_EXACT_H

#include <stddef.h>
#include <linux/types.h>

struct btf;

#define KF_EXACT_DEPTH	32	/* types followed per comparison */

/*
 * Two prototypes are exactly the same when, with type ids resolved in each
 * one's own BTF:
 * - they have the same number of parameters (a trailing "..." counts);
 * - the return types and the parameter types, position by position, are
 *   structurally identical:
 *   - void only matches void;
 *   - INT: same name, size, encoding (signed/char/bool), bit offset and bits;
 *   - FLOAT: same name and size;
 *   - PTR: identical pointee; ARRAY: same length and identical element type;
 *   - STRUCT, UNION, ENUM, ENUM64, FWD: same kind and name, no member
 *     comparison (a FWD never matches a STRUCT or UNION, a FWD struct never
 *     matches a FWD union); enums also need the same size;
 *   - TYPEDEF: same name and identical target type (no typedef is skipped:
 *     'u32' does not match 'unsigned int');
 *   - CONST, VOLATILE, RESTRICT, TYPE_TAG: the same qualifier chain in the
 *     same order (type tags with the same value), then identical types;
 *   - FUNC_PROTO (function pointers): this rule, recursively, parameter
 *     names ignored.
 * Top-level parameter names may differ: that is a note, not a difference.
 *
 * @cur_id and @new_id are FUNC or FUNC_PROTO ids in @cur and @new (any two
 * BTF objects). Returns 1 when exact, 0 when not, and a negative errno for
 * an invalid type id or types nested deeper than KF_EXACT_DEPTH (never
 * exact). Unless exact, @why gets the first difference in words, current
 * side first: "argument 2 (flags): 'u32' vs 'u64' (typedef name 'u32' vs
 * 'u64')", "return: 'int' vs 'long' (...)", "3 arguments vs 2",
 * "argument 1 (s): 'const char *' vs 'char *' (const dropped)".
 * @note gets the renamed parameters: "argument 2 named 'flags' vs 'fl'".
 * @why and @note may be NULL.
 */
int kf_exact_protos(const struct btf *cur, __u32 cur_id,
		    const struct btf *new, __u32 new_id,
		    char *why, size_t why_sz, char *note, size_t note_sz);

#endif /* __KFUNC_EXACT_H */
