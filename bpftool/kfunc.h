/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/*
 * bpftool kfunc: kernel BTF sources, BPF object externs and code, and what
 * libbpf and the verifier make of them (no bpftool globals: the analysis
 * builds and is tested on its own); then the helpers the commands share.
 */
#ifndef __BPF_TOOL_KFUNC_H
#define __BPF_TOOL_KFUNC_H

#include <gelf.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/types.h>

/* Error messages of the kfunc analysis code, which knows no bpftool output. */
#define KF_ERR_LEN 512

struct kf_error {
	char msg[KF_ERR_LEN];
};

/*
 * A new, zeroed element after the @cnt ones of the array *@data, of
 * @elem_sz bytes each and room for *@cap, grown as libbpf grows its
 * arrays (libbpf_add_mem()). NULL when out of memory.
 */
void *kf_grow(void **data, size_t *cap, size_t elem_sz, size_t cnt);

/* qsort() and bsearch() order of an array of strings. */
int kf_str_cmp(const void *a, const void *b);

/* Record "fmt..." in @e (when not NULL) and return -abs(@err). */
int __printf(3, 4) kf_error(struct kf_error *e, int err, const char *fmt, ...);

/* Reading kernel and object files: decompression and ELF sections. */
/* Largest file we read (or inflate a compressed one to). */
#define KF_FILE_MAX (1ULL << 31)

struct kf_blob {
	void *data;
	size_t size;
	bool mapped;	/* data is a private file mapping of size bytes */
	bool sysfs;	/* read from sysfs as is: BTF the kernel checked */
};

struct kf_elf {
	Elf *elf;
	GElf_Ehdr ehdr;
	size_t shstrndx;
};

struct kf_section {
	const void *data;
	size_t size;
	GElf_Shdr shdr;
	size_t index;
	Elf_Data *edata;	/* for gelf_getsym() and friends */
};

/* Read @path whole, inflating xz, zstd and gzip files by their magic. */
int kf_file_read(const char *path, struct kf_blob *blob, struct kf_error *e);
/*
 * Replace a compressed (xz, zstd, gzip) @blob by its contents, of at most
 * @max bytes; leave any other @blob as it is. @path is for messages.
 */
int kf_blob_inflate(struct kf_blob *blob, size_t max, const char *path,
		    struct kf_error *e);
void kf_blob_free(struct kf_blob *blob);

bool kf_is_elf(const struct kf_blob *blob);
bool kf_is_raw_btf(const struct kf_blob *blob);

/* Open @blob (which must outlive @kelf) as ELF; @path is for messages. */
int kf_elf_open(struct kf_elf *kelf, const struct kf_blob *blob,
		const char *path, struct kf_error *e);
void kf_elf_close(struct kf_elf *kelf);
/* Find section @name; returns 0, -ENOENT, or another error. */
int kf_elf_section(const struct kf_elf *kelf, const char *name,
		   struct kf_section *sec);
int kf_elf_section_by_type(const struct kf_elf *kelf, GElf_Word type,
			   struct kf_section *sec);
/*
 * The .BTF section: 0, or an error naming @path; @missing says what a file
 * without one is ("ELF file without .BTF section").
 */
int kf_elf_btf(const struct kf_elf *kelf, const char *path, const char *missing,
	       struct kf_section *sec, struct kf_error *e);
/* "name=" of a module's .modinfo, or NULL. */
const char *kf_elf_modinfo_name(const struct kf_elf *kelf);

/* What libbpf's BTF parser leaves unchecked and our type walks rely on. */
struct btf;

/* The BTF header as of 2018; later headers add fields after it. */
#define BTF_HDR_MIN	(offsetof(struct btf_header, str_len) + sizeof(__u32))

/*
 * Check a raw BTF header before libbpf parses it: libbpf 1.5 takes a header
 * length that is not a multiple of 4, and then reads its types unaligned;
 * no libbpf checks the version or the flags.
 * Returns 0 (also for what libbpf rejects itself), or -EINVAL with
 * "@path: corrupt BTF: ..." in @e.
 */
int kf_btf_check_raw(const void *data, size_t size, const char *path,
		     struct kf_error *e);

/*
 * Check the own types of @btf (parsed by libbpf; for split BTF, the types
 * after its base) for what libbpf 1.5 accepts but the kernel never makes:
 * a FUNC_PROTO returning an invalid type id, a struct or union member
 * placed beyond the type's size, and loops of references that
 * do not pass through a struct or union (a pointer to itself, a typedef
 * of itself, a prototype taking a pointer to itself), on which walks over
 * modifiers, pointers and prototypes would not end. Returns 0, or -EINVAL
 * with "@path: corrupt BTF: ..." in @e.
 */
int kf_btf_check(const struct btf *btf, const char *path, struct kf_error *e);

/* What the verifier reads from kfunc argument names and KF_* flags. */
/*
 * The verifier takes the prototype of a kfunc with this flag from the FUNC
 * named after it plus KF_IMPL_SUFFIX (find_kfunc_impl_proto), looked up in
 * the kfunc's BTF, base first; the names are at most KSYM_NAME_LEN - 1.
 */
#define KF_IMPLICIT_ARGS	(1U << 16)
#define KF_IMPL_SUFFIX		"_impl"
#define KF_KSYM_NAME_LEN	512

struct kf_annot {
	const char *tag;	/* "__sz", or the exact name */
	const char *meaning;
};

/* The annotation argument name @name carries, or NULL. */
const struct kf_annot *kf_arg_annot(const char *name);

/* Name of KF_* bit @bit ("acquire"), or NULL when unknown. */
const char *kf_flag_name(unsigned int bit);

/* C spellings of BTF types, as libbpf's btf_dump writes them. */
struct btf;
struct kf_ctype;

/* A printer for the types of @btf; one per BTF saves btf_dump set-up. */
struct kf_ctype *kf_ctype_new(const struct btf *btf);
void kf_ctype_free(struct kf_ctype *ct);
/* "int foo(struct bar *b)": FUNC @func_id, malloc'ed, NULL on error. */
char *kf_ctype_func(struct kf_ctype *ct, __u32 func_id);
/* The same declaration named @name (NULL: the FUNC's own name). */
char *kf_ctype_func_as(struct kf_ctype *ct, __u32 func_id, const char *name);
/* The C name of type @type_id ("struct task_struct *"), malloc'ed. */
char *kf_ctype_type(struct kf_ctype *ct, __u32 type_id);

/* One-shot forms of the above. */
char *kf_func_decl(const struct btf *btf, __u32 func_id);
char *kf_type_str(const struct btf *btf, __u32 type_id);

/* A kernel as libbpf sees it: vmlinux BTF, then module BTFs in search order. */
struct btf;
struct kf_blob;

/* What marks a FUNC as a kfunc. */
#define KF_EV_DECL_TAG	(1U << 0)	/* "bpf_kfunc" BTF decl tag */
#define KF_EV_BTF_IDS	(1U << 1)	/* a kfunc set in .BTF_ids */

struct kf_kfunc {
	const char *name;	/* in the source's BTF strings */
	__u32 btf_id;		/* the FUNC, in the source's BTF */
	__u32 flags;		/* KF_* bits, when flags_known */
	__u32 impl_id;		/* KF_IMPLICIT_ARGS: the NAME_impl FUNC, or 0 */
	unsigned int evidence;	/* KF_EV_* */
	bool flags_known;
	bool fastcall;		/* "bpf_fastcall" decl tag */
};

/* A FUNC or VAR name of a source's own types, for lookups. */
struct kf_name {
	const char *name;
	__u32 btf_id;
};

struct kf_source {
	char *name;		/* "vmlinux" or the module name */
	char *path;		/* where its BTF was read from */
	struct btf *btf;	/* modules: split BTF on the vmlinux BTF */
	__u32 obj_id;		/* kernel BTF object id; 0 for files */
	unsigned int evidence;	/* KF_EV_* kinds of evidence available */
	struct kf_kfunc *kfuncs;	/* sorted by name */
	size_t kfunc_cnt;
	struct kf_name *funcs;	/* own FUNCs, sorted by name */
	size_t func_cnt;
	struct kf_name *vars;	/* own VARs, sorted by name */
	size_t var_cnt;
};

enum kf_module_order {
	KF_ORDER_BTF_ID,	/* kernel BTF object ids, as libbpf searches */
	KF_ORDER_NAME,		/* ids unreadable: sorted by module name */
	KF_ORDER_GIVEN,		/* files: as given, directories sorted */
};

struct kf_kernel {
	char *name;		/* label of this kernel in reports */
	struct kf_source *srcs;	/* [0] is vmlinux, then modules */
	size_t src_cnt;
	enum kf_module_order order;
	char **notes;		/* what could not be read, and why */
	size_t note_cnt;
	size_t note_cap;
};

/*
 * Called for each source once it is loaded; a non-zero return stops the
 * load and is returned. Unless keep_modules is set, a module's BTF is freed
 * after the callback (its kfunc names then point to freed memory).
 */
typedef int (*kf_source_fn)(const struct kf_kernel *k,
			    const struct kf_source *src, void *ctx);

struct kf_load_opts {
	kf_source_fn each;
	void *ctx;
	bool keep_modules;
	bool index_names;	/* fill funcs[] and vars[] for lookups */
};

/* The running kernel: /sys/kernel/btf. */
int kf_kernel_load_running(struct kf_kernel **kp,
			   const struct kf_load_opts *opts, struct kf_error *e);
/*
 * Kernel files: @vmlinux is an ELF with .BTF or raw BTF; @mods are module
 * files (.ko, .ko.xz, .ko.zst, .ko.gz, raw split BTF) or directories
 * searched recursively.
 */
int kf_kernel_load_files(struct kf_kernel **kp, const char *vmlinux,
			 char *const *mods, size_t mod_cnt,
			 const struct kf_load_opts *opts, struct kf_error *e);
/* A directory holding "vmlinux" and, anywhere below it, modules. */
int kf_kernel_load_dir(struct kf_kernel **kp, const char *dir,
		       const struct kf_load_opts *opts, struct kf_error *e);
void kf_kernel_free(struct kf_kernel *k);
/*
 * The kernel verifies indirect jumps (gotox): it has the map type
 * (BPF_MAP_TYPE_INSN_ARRAY) that holds their jump tables.
 */
bool kf_kernel_indirect_jumps(const struct kf_kernel *k);
/* Free every BTF and index of @k, keeping source names and notes. */
void kf_kernel_release_btf(struct kf_kernel *k);

/*
 * One module file as split BTF on @base, with its kfuncs; @base_path names
 * the base in messages. The caller frees it with kf_source_fini().
 */
int kf_source_load_module(struct kf_source *src, const char *path,
			  struct btf *base, const char *base_path,
			  bool index_names, struct kf_error *e);
/*
 * The same from memory: @blob (not compressed) is an ELF file with .BTF or
 * raw BTF, named @path in messages; split on @base when it is not NULL
 * (a module), else a vmlinux. @blob may be freed once this returns.
 */
int kf_source_load_mem(struct kf_source *src, const struct kf_blob *blob,
		       const char *path, struct btf *base,
		       const char *base_path, bool index_names,
		       struct kf_error *e);
void kf_source_fini(struct kf_source *src);

/* Own FUNC / VAR of that exact name: BTF id, or 0 when absent. */
__u32 kf_source_find_func(const struct kf_source *src, const char *name);
__u32 kf_source_find_var(const struct kf_source *src, const char *name);
const struct kf_kfunc *kf_source_find_kfunc(const struct kf_source *src,
					    const char *name);

const char *kf_order_str(enum kf_module_order order);

/* Which FUNCs of a kernel BTF are kfuncs, and their KF_* flags. */
/*
 * Fill @src->kfuncs from the decl tags of @src->btf's own types and, when
 * @kelf (the file @src->btf came from) has one, from its .BTF_ids section.
 */
int kf_discover_kfuncs(struct kf_source *src, const struct kf_elf *kelf,
		       struct kf_error *e);

/*
 * The code of a BPF object: program sections, their functions, the
 * relocations that name ksym externs and subprograms, and line info.
 */
struct btf;
struct kf_extern;

/* Largest section analyzed: the verifier's limit on processed insns. */
#define KF_CODE_MAX_INSNS	1000000

/* An indirect jump through a register (gotox, Linux 6.19). */
static inline bool kf_insn_gotox(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_JA | BPF_X);
}

/* kf_insn_aux.flags */
#define KF_INSN_RELOC	(1U << 0)	/* patched at load: operand value unknown */
#define KF_INSN_LDHI	(1U << 1)	/* second half of an ld_imm64 */
#define KF_INSN_LEADER	(1U << 2)	/* a jump target, or after a branch */
#define KF_INSN_JT	(1U << 3)	/* an ld_imm64 of a jump table */

struct kf_insn_aux {
	__s32 ext;	/* extern its relocation names, or -1 */
	__s32 callee;	/* function a pseudo call or func address names, or -1 */
	__s32 rodata;	/* read-only data section an ld_imm64 names, or -1 */
	__u32 rodata_off;	/* and the offset in it */
	__u32 flags;	/* KF_INSN_* */
};

/*
 * A read-only data section (.rodata, .rodata.*) with its initial values:
 * libbpf freezes its map before the programs load, and the verifier reads
 * what a program loads from it as a constant.
 */
struct kf_rodata {
	char *name;	/* of the section, which names its map */
	size_t shndx;	/* ELF section */
	void *data;
	size_t size;
};

struct kf_line {
	__u32 insn;
	const char *file;	/* in the object's BTF */
	__u32 line;
};

/* Entry @idx of a jump table (.jumptables) that the ld_imm64 at @ld loads. */
struct kf_jump {
	__u32 ld;
	__u32 idx;
	__u32 target;	/* insn of the same section */
};

struct kf_code_sec {
	char *name;
	struct bpf_insn *insns;
	struct kf_insn_aux *aux;
	__u32 cnt;
	struct kf_line *lines;	/* by insn */
	size_t line_cnt;
	struct kf_jump *jumps;	/* by ld, then idx */
	size_t jump_cnt;
	size_t jump_cap;
};

struct kf_func {
	char *name;
	size_t sec;
	__u32 start, end;	/* insn range in the section */
	bool global;		/* BTF linkage global: verified on its own */
};

struct kf_prog {
	size_t func;		/* entry function */
	bool autoload;		/* section name without a '?' prefix */
	/*
	 * A struct_ops program: the struct type and member of the first
	 * struct_ops map that points to it (object BTF names), else NULL.
	 */
	const char *st_ops_type;
	const char *st_ops_member;
};

struct kf_code {
	struct kf_code_sec *secs;
	size_t sec_cnt;
	size_t sec_cap;
	struct kf_func *funcs;	/* by section, then start */
	size_t func_cnt;
	size_t func_cap;
	struct kf_prog *progs;	/* functions of sections other than .text */
	size_t prog_cnt;
	struct kf_rodata *rodata;
	size_t rodata_cnt;
	size_t rodata_cap;
	bool st_ops_maps;	/* a .struct_ops or .struct_ops.link section */
};

/*
 * Read the executable sections of @kelf with their relocations against
 * @symtab. @externs (with their symbol indexes) name the extern
 * relocations; @btf gives function linkage and line info file names.
 */
int kf_code_load(struct kf_code *code, const struct kf_elf *kelf,
		 const struct kf_section *symtab, const struct btf *btf,
		 const struct kf_extern *externs, size_t extern_cnt,
		 const char *path, struct kf_error *e);
void kf_code_free(struct kf_code *code);

/*
 * The targets of an indirect jump (gotox) of @f: the entries of the jump
 * tables @f loads, as the verifier takes them from their insn_array maps.
 * Returns the first, *@cnt of them.
 */
const struct kf_jump *kf_code_jumps(const struct kf_code *code,
				    const struct kf_func *f, size_t *cnt);
/*
 * Entry @idx of the jump table the ld_imm64 at @ld of section @sec loads,
 * or NULL past its end.
 */
const struct kf_jump *kf_code_jump(const struct kf_code *code, size_t sec,
				   __u32 ld, __u32 idx);

/* The line info record covering @insn of section @sec, or NULL. */
const struct kf_line *kf_code_line(const struct kf_code *code, size_t sec,
				   __u32 insn);
/* The function holding @insn of section @sec, or NULL. */
const struct kf_func *kf_code_func(const struct kf_code *code, size_t sec,
				   __u32 insn);

/*
 * Set @in[func] (of func_cnt) for the functions that program @prog may
 * run, as libbpf links them into it: its entry function and every
 * function a call or a function address there names, transitively, whether
 * or not the verifier would reach it. Returns 0 or -ENOMEM.
 */
int kf_code_prog_funcs(const struct kf_code *code, size_t prog, bool *in);
/*
 * Set @ld[ext] and @call[ext] for the externs that an ld_imm64 or a call
 * names in those functions. Returns 0 or -ENOMEM.
 */
int kf_code_prog_externs(const struct kf_code *code, size_t prog, bool *ld,
			 bool *call);

/* The ksym externs of a BPF object, as libbpf collects them. */
struct btf;

enum kf_extern_kind {
	KF_EXT_KFUNC,		/* FUNC in .ksyms */
	KF_EXT_VAR,		/* typed ksym: VAR in .ksyms */
	KF_EXT_VAR_TYPELESS,	/* VAR of type void: resolved from kallsyms */
};

struct kf_extern {
	const char *name;	/* full name, in the object's BTF */
	char *essent_name;	/* name searched in kernel BTF */
	enum kf_extern_kind kind;
	bool weak;		/* STB_WEAK */
	__u32 btf_id;		/* the FUNC or VAR in the object's BTF */
	__u32 type_id;		/* FUNC_PROTO, or the VAR's type past modifiers */
	size_t sym_idx;		/* ELF symbol: relocations name it */
};

struct kf_object {
	char *path;
	struct btf *btf;
	struct kf_extern *externs;	/* in ELF symbol table order */
	size_t extern_cnt;
	size_t extern_cap;
	struct kf_code code;	/* programs and their functions */
};

int kf_object_open(struct kf_object **op, const char *path, struct kf_error *e);
/* @path names the object in messages; @data must not outlive the call. */
int kf_object_open_mem(struct kf_object **op, const void *data, size_t size,
		       const char *path, struct kf_error *e);
void kf_object_free(struct kf_object *obj);

/* libbpf's kfunc/ksym type compatibility rule, with reasons. */
struct btf;

/*
 * libbpf's __bpf_core_types_are_compat(): > 0 compatible, 0 not, < 0
 * invalid or nested too deep (libbpf counts both as incompatible). When
 * not compatible, @why (if not NULL) gets the first mismatch in words:
 * "argument 1 (flags): object has 'enum my_enum', kernel has 's32' (enum vs int)".
 */
int kf_types_compat(const struct btf *local, __u32 local_id,
		    const struct btf *targ, __u32 targ_id,
		    char *why, size_t why_sz);

/* "Exactly the same prototype": the rule a kfunc override must meet. */
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

/*
 * kfunc names with several providers (vmlinux, modules) and what an
 * override registration would make of them.
 */
#define KF_OVR_WHY_LEN	512

enum kf_ovr_verdict {
	KF_OVR_FIRST,		/* the first provider: nothing to override */
	KF_OVR_VALID,		/* exact prototype of the current provider */
	KF_OVR_INVALID,		/* the prototype differs */
	KF_OVR_COLLISION,	/* name not in vmlinux: modules may not share it */
};

/* One provider of a name, in load order. */
struct kf_ovr_link {
	const struct kf_source *src;
	__u32 btf_id;		/* the FUNC in src->btf */
	enum kf_ovr_verdict verdict;
	int against;		/* link compared with (current provider), -1: none */
	bool libbpf_compat;	/* kf_types_compat() with that link */
	char why[KF_OVR_WHY_LEN];	/* the difference, unless valid */
	char note[KF_OVR_WHY_LEN];	/* renamed parameters */
};

struct kf_ovr_entry {
	const char *name;
	struct kf_ovr_link *links;
	size_t link_cnt;
	bool in_vmlinux;	/* links[0] is vmlinux */
	bool ok;		/* every link valid */
	/* What each policy binds the name to (link indexes). */
	int libbpf;		/* first in search order */
	int module_first;	/* first module, else vmlinux */
	int kernel_btf;		/* kernel-override: found in this BTF ... */
	int kernel_impl;	/* ... implementation of this one */
};

struct kf_ovr_report {
	struct kf_ovr_entry *entries;	/* sorted by name */
	size_t cnt;
	size_t cap;
	size_t invalid_cnt;	/* entries with an invalid link */
};

/*
 * Names provided by more than one of @srcs (load order, [0] the vmlinux,
 * when @has_vmlinux). With @last_only, only the names @srcs[cnt - 1]
 * provides. The report points into @srcs (names, BTF): keep them loaded.
 */
int kf_override_analyze(const struct kf_source *const *srcs, size_t cnt,
			bool has_vmlinux, bool last_only,
			struct kf_ovr_report *r, struct kf_error *e);
/* The same for all sources of @k (loaded with keep_modules). */
int kf_override_analyze_kernel(const struct kf_kernel *k,
			       struct kf_ovr_report *r, struct kf_error *e);
void kf_override_report_free(struct kf_ovr_report *r);

const char *kf_ovr_verdict_str(enum kf_ovr_verdict v);

/* What libbpf does with each ksym extern of an object on one kernel. */
#define KF_WHY_LEN 512

enum kf_policy {
	KF_POLICY_LIBBPF,		/* vmlinux, then modules (libbpf today) */
	KF_POLICY_MODULE_FIRST,		/* modules, then vmlinux */
	KF_POLICY_KERNEL_OVERRIDE,	/* vmlinux name, last valid module override */
};

/*
 * What libbpf does with an extern. A bound extern may still have a reason:
 * what the verifier refuses of it, in the programs whose code reaches a
 * call of it (KF_WHY_NOT_KFUNC) or loads its address at all
 * (KF_WHY_NOT_IN_KALLSYMS, KF_WHY_KALLSYMS_ONLY).
 */
enum kf_outcome {
	KF_OUT_BOUND,		/* resolved: bpf_ksym_exists() is true */
	KF_OUT_UNSET,		/* weak, unresolved: bpf_ksym_exists() is false */
	KF_OUT_FAIL,		/* strong or incompatible typed ksym: load fails */
	KF_OUT_KALLSYMS,	/* typeless ksym: decided by kallsyms at load time */
};

enum kf_reason {
	KF_WHY_NONE,
	KF_WHY_NOT_FOUND,
	KF_WHY_INCOMPATIBLE,
	KF_WHY_NOT_IN_KALLSYMS,
	KF_WHY_AMBIGUOUS,	/* kallsyms has the name at several addresses */
	KF_WHY_KALLSYMS_ONLY,	/* typed ksym: no BTF VAR, a kallsyms address */
	KF_WHY_UNSUPPORTED,	/* the loader refuses this kind of extern */
	KF_WHY_NOT_KFUNC,	/* bound to a FUNC in no kfunc set */
};

struct kf_resolution {
	enum kf_outcome outcome;
	enum kf_reason reason;
	/* Where the name was found, when it was: source index in the kernel. */
	bool found;
	size_t src_idx;
	__u32 btf_id;
	/* kernel-override: source whose implementation programs get. */
	size_t impl_idx;
	/* The FUNC found carries kfunc evidence (calls pass the set check). */
	bool is_kfunc;
	char why[KF_WHY_LEN];
};

/* A kernel's kallsyms, sorted by name and address. */
struct kf_ksym {
	char *name;
	unsigned long long addr;
};

struct kf_kallsyms {
	struct kf_ksym *syms;
	size_t cnt;
};

int kf_kallsyms_load(struct kf_kallsyms *ks, const char *path,
		     struct kf_error *e);
void kf_kallsyms_free(struct kf_kallsyms *ks);

const char *kf_policy_str(enum kf_policy policy);
int kf_policy_parse(const char *s, enum kf_policy *policy);

/*
 * Who binds the externs. Each loader searches vmlinux, then module BTFs in
 * kernel BTF object id order:
 * - libbpf's bpf_object: kfuncs by essential name, prototype checked;
 * - a light skeleton (libbpf's gen_loader): the full name, no prototype
 *   check; an unbound weak call is left with BTF id 0, which the verifier
 *   refuses only when reachable;
 * - cilium/ebpf 0.22: the full name, prototype checked (an incompatible
 *   extern fails the load even when weak); typeless ksyms are kallsyms
 *   addresses, typed ones are refused.
 */
enum kf_loader {
	KF_LOADER_LIBBPF,
	KF_LOADER_LSKEL,
	KF_LOADER_CILIUM,
	KF_LOADER_CNT,
};

const char *kf_loader_str(enum kf_loader loader);
int kf_loader_parse(const char *s, enum kf_loader *loader);
/* The name @loader searches for the kernel's copy of @ext. */
const char *kf_extern_lookup_name(const struct kf_extern *ext,
				  enum kf_loader loader);

/* One kernel as resolution sees it. */
struct kf_resolve_target {
	const struct kf_kernel *k;	/* loaded with keep_modules, index_names */
	enum kf_policy policy;
	enum kf_loader loader;
	const struct kf_kallsyms *ks;	/* NULL: kallsyms unknown (files) */
	const struct kf_ovr_report *ovr;	/* kernel-override: the chains */
};

/*
 * Resolve every extern of @obj on @t into @res[obj->extern_cnt].
 * Returns 0, or < 0 on invalid input.
 */
int kf_resolve_object(const struct kf_object *obj,
		      const struct kf_resolve_target *t,
		      struct kf_resolution *res, struct kf_error *e);

/* The object loads on grounds of its ksym externs. */
bool kf_resolution_loads(const struct kf_resolution *res, size_t cnt);

/* Flavors of one essential name, and what bpf_ksym_exists() sees of them. */
#define KF_GROUP_NONE_TRUE	(1U << 0)
#define KF_GROUP_MANY_TRUE	(1U << 1)
#define KF_GROUP_STRONG_FLAVOR	(1U << 2)	/* a flavored extern is not __weak */

struct kf_group {
	const char *essent_name;
	size_t *members;	/* extern indexes, in object order */
	size_t cnt;
	size_t cap;
	size_t true_cnt;
	unsigned int warnings;	/* KF_GROUP_* */
};

/*
 * Group the kfunc externs of @obj that have flavors (two or more externs of
 * one essential name, or any flavored name) with @res's verdicts.
 */
int kf_flavor_groups(const struct kf_object *obj, const struct kf_resolution *res,
		     struct kf_group **groups, size_t *cnt);
void kf_flavor_groups_free(struct kf_group *groups, size_t cnt);

/*
 * Which programs of an object reach a call of an unresolved kfunc or of a
 * FUNC that is not a kfunc, or a use of an unresolved ksym variable, or
 * load the address of a ksym the kernel has no address for, on one
 * kernel: the verifier's verdict on the externs as they bind.
 */
/* Bounds on the work for one program on one kernel. */
#define KF_REACH_MAX_STEPS	(1U << 24)
#define KF_REACH_MAX_MEM	(256U << 20)

enum kf_site_kind {
	KF_SITE_CALL,	/* call of an unresolved kfunc (poisoned) or of a non-kfunc */
	KF_SITE_USE,	/* memory access or helper argument: a NULL ksym */
	KF_SITE_TYPE,	/* call of a kfunc the program's type may not call */
	KF_SITE_ADDRESS,	/* ld_imm64 of a ksym with no address: reachable or not */
	KF_SITE_NO_JUMP_TABLE,	/* gotox in a function that loads no jump table */
	KF_SITE_INDIRECT_JUMP,	/* gotox on a kernel without indirect jumps */
	KF_SITE_STRUCT_OPS,	/* a struct_ops program no struct_ops map points to */
};

struct kf_site {
	size_t sec;	/* code section of the object */
	__u32 insn;	/* instruction index in that section */
	size_t ext;	/* the extern, SIZE_MAX for the gotox and struct_ops sites */
	enum kf_site_kind kind;
};

struct kf_prog_verdict {
	bool loads;		/* externs bind and no site is reachable */
	struct kf_site *sites;	/* reachable sites, by section and insn */
	size_t site_cnt;
	size_t site_cap;
};

/*
 * For each program of @obj, with its externs resolved as @res says and its
 * read-only data at the object's initial values (libbpf freezes them when
 * the application sets none), on a kernel that verifies indirect jumps,
 * the sites that make the verifier refuse it, in @out[prog_cnt]. Returns
 * 0, or < 0 when the analysis exceeds its bounds.
 */
int kf_reach_object(const struct kf_object *obj, const struct kf_resolution *res,
		    struct kf_prog_verdict *out, struct kf_error *e);
/*
 * The same, where a bound kfunc extern @ext may not be called by program
 * @prog when @refused[@prog * extern_cnt + @ext] is set: its reachable
 * calls are KF_SITE_TYPE sites. @refused may be NULL. Without
 * @indirect_jumps, every gotox is a KF_SITE_INDIRECT_JUMP site.
 */
int kf_reach_object_refused(const struct kf_object *obj,
			    const struct kf_resolution *res, const bool *refused,
			    bool indirect_jumps, struct kf_prog_verdict *out,
			    struct kf_error *e);

/*
 * A conditional jump on a value loaded from read-only data, against a
 * constant: the verifier knows the value the application set before the
 * load, and follows the one way it gives.
 */
#define KF_RODATA_TESTS_MAX	10

struct kf_rodata_test {
	__u32 ro;	/* index in kf_code.rodata */
	__u32 off;	/* of the value in it */
	__u8 size;	/* bytes loaded, zero-extended */
	bool sext;	/* then sign-extended from that size */
	__u8 op;	/* BPF_JEQ, ... */
	bool jmp32;
	__u64 imm;	/* as the jump compares it (sign-extended) */
};

struct kf_rodata_tests {
	struct kf_rodata_test t[KF_RODATA_TESTS_MAX];
	size_t cnt;
	bool too_many;		/* more tests than KF_RODATA_TESTS_MAX */
	bool computed;		/* a jump on a value computed from read-only data */
	__u32 computed_insn;	/* the first, in its section */
	bool assigned;		/* t[i] goes the way bit i of @taken says */
	unsigned int taken;
};

/*
 * The same for program @prog of @obj alone, in @out[1], with read-only
 * data unknown: a skeleton's application may set it before the load.
 * With @tests, each test is followed both ways and added to it, or, once
 * @tests->assigned, the way @tests->taken says; a jump on a value computed
 * from read-only data is followed both ways and noted.
 */
int kf_reach_prog(const struct kf_object *obj, const struct kf_resolution *res,
		  size_t prog, struct kf_rodata_tests *tests,
		  struct kf_prog_verdict *out, struct kf_error *e);
void kf_prog_verdicts_free(struct kf_prog_verdict *v, size_t cnt);

/* The externs of @obj bind and every autoloaded program loads. */
bool kf_object_loads(const struct kf_object *obj, const struct kf_resolution *res,
		     const struct kf_prog_verdict *v);

/* What changed in kfuncs between kernels, and prototypes across a fleet. */
/* The kfunc a kernel binds a name to: the first source providing it. */
struct kf_provider {
	const char *name;
	const struct kf_source *src;
	const struct kf_kfunc *kf;
};

/*
 * The kfunc names of @k (loaded with keep_modules) matching the fnmatch()
 * pattern @glob (NULL: all), sorted, each with the first source in search
 * order that provides it, as libbpf binds an extern. Returns 0 or -ENOMEM.
 */
int kf_kernel_providers(const struct kf_kernel *k, const char *glob,
			struct kf_provider **out, size_t *cnt);

/* kf_diff_entry.changes */
#define KF_DIFF_ADDED	(1U << 0)
#define KF_DIFF_REMOVED	(1U << 1)
#define KF_DIFF_PROTO	(1U << 2)	/* not exactly the same prototype */
#define KF_DIFF_FLAGS	(1U << 3)	/* KF_* flags or bpf_fastcall */
#define KF_DIFF_SOURCE	(1U << 4)	/* another source: vmlinux, a module */
#define KF_DIFF_IMPL	(1U << 5)	/* the NAME_impl twin appeared or went */

struct kf_diff_entry {
	struct kf_provider old;	/* src NULL when absent */
	struct kf_provider new;
	unsigned int changes;	/* KF_DIFF_* */
	bool compat;		/* an extern of the old prototype binds on new */
	char why[KF_WHY_LEN];	/* KF_DIFF_PROTO: the first difference */
	char note[KF_WHY_LEN];	/* renamed arguments */
};

struct kf_diff {
	struct kf_diff_entry *entries;	/* changed names only, sorted */
	size_t cnt;
	size_t cap;
};

/*
 * The kfuncs matching @glob added, removed and changed from @old to @new
 * (both loaded with keep_modules; @d points into them). Flags are compared
 * when both sides know them. Returns 0, or < 0 with @e set.
 */
int kf_diff_kernels(const struct kf_kernel *old, const struct kf_kernel *new,
		    const char *glob, struct kf_diff *d, struct kf_error *e);
void kf_diff_free(struct kf_diff *d);

/*
 * One kfunc name across a fleet of kernels: the kernels where it exists
 * fall into variants, kernels whose prototypes libbpf's rule binds to one
 * another both ways; an extern with a variant's prototype binds on its
 * kernels only when the variants are incompatible among themselves.
 */
struct kf_fleet_entry {
	char *name;
	struct kf_provider *at;	/* [kernel_cnt], src NULL when absent */
	int *variant;		/* [kernel_cnt], -1 when absent */
	size_t *rep;		/* [variant_cnt]: kernel of its prototype */
	size_t variant_cnt;
	bool everywhere;	/* exists on every kernel */
};

struct kf_fleet {
	struct kf_fleet_entry *entries;	/* sorted by name */
	size_t cnt;
	size_t cap;
	size_t kernel_cnt;
};

/*
 * The kfuncs of @ks[@cnt] (loaded with keep_modules) matching @glob, or,
 * when @names (sorted) is not NULL, named there (names no kernel has get
 * an entry without variants). @f points into the kernels.
 */
int kf_fleet_analyze(const struct kf_kernel *const *ks, size_t cnt,
		     const char *glob, char *const *names, size_t name_cnt,
		     struct kf_fleet *f, struct kf_error *e);
void kf_fleet_free(struct kf_fleet *f);

/*
 * The verifier's answer to a probe: a GPL program whose first instruction
 * calls a kfunc, loaded as one program type (kernel/bpf/verifier.c checks,
 * in order: add_kfunc_call() at load, then check_kfunc_call() at the call).
 */
enum kf_probe_verdict {
	KF_PROBE_ALLOWED,	/* loaded, or refused after the kfunc checks */
	KF_PROBE_SLEEPABLE,	/* only in sleepable programs */
	KF_PROBE_DEV_BOUND,	/* only in device-bound programs */
	KF_PROBE_PERFMON,	/* only with CAP_PERFMON */
	KF_PROBE_NOT_ALLOWED,	/* not in a set for this hook, or filtered */
	KF_PROBE_NO_PRIV,	/* the loader may not call kfuncs at all */
	KF_PROBE_UNKNOWN,	/* anything else: never guessed */
	KF_PROBE_VERDICT_CNT,
};

/*
 * Classify the load of such a probe from bpf_prog_load()'s return @err and
 * the verifier's log (log_level 2, NUL-terminated; may be empty). @why gets
 * the verifier's message, or what is unknown about it.
 */
enum kf_probe_verdict kf_probe_classify(int err, const char *log, char *why,
					size_t why_sz);
/* "allowed", "sleepable", "dev_bound", "cap_perfmon", "not_allowed", ... */
const char *kf_probe_verdict_str(enum kf_probe_verdict v);

/* JSON read back: a saved "bpftool -j kfunc probe" (kfunc_json.c). */
enum kf_json_type {
	KF_JSON_NULL,
	KF_JSON_BOOL,
	KF_JSON_NUMBER,	/* integers only */
	KF_JSON_STRING,
	KF_JSON_ARRAY,
	KF_JSON_OBJECT,
};

struct kf_json {
	enum kf_json_type type;
	char *key;		/* in an object: the member's name */
	char *str;
	__u64 num;		/* two's complement when neg */
	bool neg;
	bool boolean;
	struct kf_json *kids;	/* array elements, object members */
	size_t cnt;
	size_t cap;
};

/* Parse @len bytes of @s, named @path in messages, into *@out. */
int kf_json_parse(const char *s, size_t len, const char *path,
		  struct kf_json **out, struct kf_error *e);
void kf_json_free(struct kf_json *j);
/* Member @key of object @j if it has that type, else NULL. */
const struct kf_json *kf_json_get(const struct kf_json *j, const char *key,
				  enum kf_json_type type);

/* Shared pieces of the kfunc subcommands: targets, prototypes, output. */
struct btf;

/* Exit status of the kfunc commands. */
#define KF_EXIT_OK	0
#define KF_EXIT_FAIL	1	/* a load would fail, an override is invalid */
#define KF_EXIT_ERROR	2	/* usage or input error */
#define KF_EXIT_UNCHECKED 3	/* loads, but not all was known to check */

/* A saved probe and kallsyms in a "kernels DIR" kernel directory. */
#define KF_PROBE_FILE	"kfunc-probe.json"
#define KF_KALLSYMS_FILE "kallsyms"

enum kf_target_kind {
	KF_TARGET_RUNNING,
	KF_TARGET_FILES,
	KF_TARGET_DIR,
};

struct kf_target {
	enum kf_target_kind kind;
	char *path;		/* vmlinux file, or kernel directory */
	char **mods;		/* points into argv */
	int mod_cnt;
	bool probe;		/* "kernel probe": probe program types */
	char *probe_path;	/* "probe FILE": a saved probe of this kernel */
	char *kallsyms_path;	/* "symbols FILE": its kallsyms, or System.map */
};

struct kf_targets {
	struct kf_target *v;
	int cnt;
	size_t cap;
};

/* What kf_parse_targets() takes beyond SOURCE words. */
enum {
	KF_PARSE_FLEET		= 1 << 0,	/* "kernels DIR", "kernel probe" */
	KF_PARSE_SYMBOLS	= 1 << 1,	/* "symbols FILE": what resolve reads */
};

/*
 * Parse SOURCE words at the head of argv, with what @flags allows: stops
 * at the first word that is not part of one. Returns 0, or -1 after
 * printing an error.
 */
int kf_parse_targets(int *argc, char ***argv, struct kf_targets *t,
		     unsigned int flags);
void kf_targets_free(struct kf_targets *t);
/*
 * Probes of the running kernel: which program types may call a kfunc, as
 * the verifier answers a program that calls it (kfunc_probe.c). Every
 * program is closed as soon as the verifier answered.
 */
struct kf_probe;

struct kf_probe *kf_probe_new(void);
void kf_probe_free(struct kf_probe *p);
/*
 * Find the program types the running kernel loads (@vmlinux: its vmlinux,
 * loaded) and select those @sel names (a name "bpftool kfunc probe"
 * prints, a section name "bpftool prog load ... type" takes, or a program
 * type name); NULL selects all.
 */
int kf_probe_setup(struct kf_probe *p, const struct kf_source *vmlinux,
		   const char *sel, struct kf_error *e);
/* 1 when a selected program type may call @kf (probed once), 0 when not. */
int kf_probe_allowed(struct kf_probe *p, const struct kf_source *src,
		     const struct kf_kfunc *kf, struct kf_error *e);
/*
 * The program type probed for a program of section @sec (and, for
 * struct_ops, of @prog's struct type and member); @sleepable: the section
 * is a sleepable one. Returns -ENOENT when none is (a struct_ops program
 * no map points to, an unknown section, a type not selected), or the
 * kernel's refusal of every program of the type (-EPERM, -EINVAL, ...).
 */
int kf_probe_prog_target(struct kf_probe *p, const char *sec,
			 const struct kf_prog *prog, bool *sleepable);
/*
 * Read the answers of a saved "bpftool -j kfunc probe" from @path instead
 * of probing: before kf_probe_setup(), which checks they are of that
 * kernel's build.
 */
int kf_probe_read(struct kf_probe *p, const char *path, struct kf_error *e);
/* The answer for @kf on program type @target (probed once). */
int kf_probe_verdict(struct kf_probe *p, const struct kf_source *src,
		     const struct kf_kfunc *kf, int target,
		     enum kf_probe_verdict *v, struct kf_error *e);
/*
 * Print the selected program types that may call @kf, after
 * kf_probe_allowed(): a plain "prog_types" line, or a JSON field.
 */
void kf_probe_print_types(struct kf_probe *p, const struct kf_source *src,
			  const struct kf_kfunc *kf);
/* Warn about the selected program types the kernel does not load. */
void kf_probe_warn_refused(const struct kf_probe *p);

/* What show and probe keep: name, module and program type filters. */
struct kf_filter {
	const char *name_glob;
	const char *module;
	const char *prog_type;
};

/*
 * "name NAME", "module MODULE" or "prog_type TYPE" at the head of argv:
 * 1 when one was taken, 0 when the word is none of them, -1 after an
 * error.
 */
int kf_parse_filter(int *argc, char ***argv, struct kf_filter *f);

/* Load @t; on failure @e says why (print it after kf_json_end()). */
int kf_target_load(const struct kf_target *t, const struct kf_load_opts *opts,
		   struct kf_kernel **k, struct kf_error *e);

/*
 * After kf_json_begin(): load @t, whose callbacks print the elements of
 * one JSON array, then kf_json_end().
 */
int kf_target_load_array(const struct kf_target *t, const struct kf_load_opts *opts,
			 struct kf_kernel **k, struct kf_error *e);

/*
 * "Warning: ..." on stderr, under -j too (bpftool's p_info() is silent
 * there): a JSON pipeline must tell "no kfuncs" from "cannot be known".
 */
void kf_warn(const char *fmt, ...) __printf(1, 2);
/* The notes of @k as warnings. */
void kf_kernel_warn_notes(const struct kf_kernel *k);

/* KF_* flag names of @kf: JSON strings, or "name,name" in plain output. */
void kf_print_flags(const struct kf_kfunc *kf);

/* Route JSON into memory until kf_json_end(), so errors replace it. */
int kf_json_begin(void);
void kf_json_end(bool emit);

bool kf_is_keyword(const char *word);

/* The kfunc subcommands. */
int do_kfunc_show(int argc, char **argv);
int do_kfunc_resolve(int argc, char **argv);
int do_kfunc_override(int argc, char **argv);
int do_kfunc_diff(int argc, char **argv);
int do_kfunc_header(int argc, char **argv);
int do_kfunc_probe(int argc, char **argv);

#endif /* __BPF_TOOL_KFUNC_H */
