// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Loading a kernel's BTF objects: the running kernel, or files. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* nftw(), vasprintf() */
#endif
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "kfunc_btf.h"
#include "kfunc_discover.h"
#include "kfunc_kernel.h"

#define SYSFS_BTF "/sys/kernel/btf"

const char *kf_order_str(enum kf_module_order order)
{
	switch (order) {
	case KF_ORDER_BTF_ID:
		return "btf_id";
	case KF_ORDER_NAME:
		return "name";
	case KF_ORDER_GIVEN:
		return "given";
	default:
		return "unknown";
	}
}

static int name_cmp(const void *a, const void *b)
{
	const struct kf_name *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->btf_id < y->btf_id ? -1 : x->btf_id > y->btf_id;
}

static int index_names(struct kf_source *src)
{
	const struct btf *base = btf__base_btf(src->btf);
	__u32 id, start = base ? btf__type_cnt(base) : 1;
	__u32 end = btf__type_cnt(src->btf);
	size_t nf = 0, nv = 0;
	const struct btf_type *t;

	for (id = start; id < end; id++) {
		t = btf__type_by_id(src->btf, id);
		nf += btf_is_func(t);
		nv += btf_is_var(t);
	}
	src->funcs = calloc(nf ?: 1, sizeof(*src->funcs));
	src->vars = calloc(nv ?: 1, sizeof(*src->vars));
	if (!src->funcs || !src->vars)
		return -ENOMEM;
	for (id = start; id < end; id++) {
		t = btf__type_by_id(src->btf, id);
		if (btf_is_func(t))
			src->funcs[src->func_cnt++] = (struct kf_name) {
				btf__name_by_offset(src->btf, t->name_off), id };
		else if (btf_is_var(t))
			src->vars[src->var_cnt++] = (struct kf_name) {
				btf__name_by_offset(src->btf, t->name_off), id };
	}
	qsort(src->funcs, src->func_cnt, sizeof(*src->funcs), name_cmp);
	qsort(src->vars, src->var_cnt, sizeof(*src->vars), name_cmp);
	return 0;
}

/* First (lowest id) entry of that name, as libbpf's linear search finds. */
static __u32 find_name(const struct kf_name *v, size_t n, const char *name)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && !strcmp(v[lo].name, name) ? v[lo].btf_id : 0;
}

__u32 kf_source_find_func(const struct kf_source *src, const char *name)
{
	return find_name(src->funcs, src->func_cnt, name);
}

__u32 kf_source_find_var(const struct kf_source *src, const char *name)
{
	return find_name(src->vars, src->var_cnt, name);
}

const struct kf_kfunc *kf_source_find_kfunc(const struct kf_source *src,
					    const char *name)
{
	size_t lo = 0, hi = src->kfunc_cnt, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(src->kfuncs[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < src->kfunc_cnt && !strcmp(src->kfuncs[lo].name, name))
		return &src->kfuncs[lo];
	return NULL;
}

struct strs {
	const struct btf *btf;
	const char *base;	/* the base's string section */
	const char *own;	/* the split BTF's own strings */
};

/* Name offset @off starts a string (rather than pointing into one). */
static bool starts_string(const struct strs *s, __u32 off)
{
	const char *p = btf__name_by_offset(s->btf, off);

	return p && (p == s->base || p == s->own || !p[-1]);
}

/* Every name of type @t starts a string. */
static bool type_names_fit(const struct strs *s, const struct btf_type *t)
{
	__u32 i, n = btf_vlen(t);

	if (!starts_string(s, t->name_off))
		return false;
	for (i = 0; i < n; i++) {
		if (btf_is_composite(t) &&
		    !starts_string(s, btf_members(t)[i].name_off))
			return false;
		if (btf_is_func_proto(t) &&
		    !starts_string(s, btf_params(t)[i].name_off))
			return false;
		if (btf_is_enum(t) && !starts_string(s, btf_enum(t)[i].name_off))
			return false;
		if (btf_is_enum64(t) &&
		    !starts_string(s, btf_enum64(t)[i].name_off))
			return false;
	}
	return true;
}

/*
 * Split BTF parsed on the wrong base still parses when the base is large
 * enough; its names then point into the middle of the base's strings.
 */
static bool names_fit_base(const struct btf *btf)
{
	const struct btf *base = btf__base_btf(btf);
	const struct btf_header *hdr;
	__u32 id, end, raw_size;
	struct strs s = { .btf = btf };

	hdr = btf__raw_data(base, &raw_size);
	if (!hdr)
		return false;
	s.base = btf__name_by_offset(base, 0);
	s.own = btf__name_by_offset(btf, hdr->str_len);
	end = btf__type_cnt(btf);
	for (id = btf__type_cnt(base); id < end; id++)
		if (!type_names_fit(&s, btf__type_by_id(btf, id)))
			return false;
	return true;
}

static char *module_name_from_path(const char *path)
{
	static const char *const exts[] = {
		".ko.xz", ".ko.zst", ".ko.gz", ".ko", ".btf",
	};
	const char *base = strrchr(path, '/');
	size_t len, i, el;

	base = base ? base + 1 : path;
	len = strlen(base);
	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (len > el && !strcmp(base + len - el, exts[i])) {
			len -= el;
			break;
		}
	}
	return strndup(base, len);
}

int kf_source_load_mem(struct kf_source *src, const struct kf_blob *blob,
		       const char *path, struct btf *base,
		       const char *base_path, bool index, struct kf_error *e)
{
	struct kf_elf kelf = {};
	struct kf_section sec;
	const char *modname = NULL;
	const void *btf_data;
	size_t btf_size;
	int err;

	memset(src, 0, sizeof(*src));
	src->path = strdup(path);
	if (!src->path)
		return kf_error(e, ENOMEM, "out of memory");
	if (kf_is_elf(blob)) {
		err = kf_elf_open(&kelf, blob, path, e);
		if (err)
			goto out;
		err = kf_elf_btf(&kelf, path, "ELF file without .BTF section", &sec, e);
		if (err)
			goto out;
		btf_data = sec.data;
		btf_size = sec.size;
		if (base)
			modname = kf_elf_modinfo_name(&kelf);
	} else if (kf_is_raw_btf(blob)) {
		btf_data = blob->data;
		btf_size = blob->size;
	} else {
		err = kf_error(e, EINVAL, "%s: not an ELF file or raw BTF", path);
		goto out;
	}

	err = kf_btf_check_raw(btf_data, btf_size, path, e);
	if (err)
		goto out;
	src->btf = base ? btf__new_split(btf_data, btf_size, base) :
			  btf__new(btf_data, btf_size);
	if (!src->btf) {
		err = -errno;
		if (base)
			kf_error(e, err, "%s: corrupt or truncated BTF, or BTF not split on %s",
				 path, base_path);
		else
			kf_error(e, err, "%s: corrupt or truncated BTF", path);
		goto out;
	}
	if (base && !names_fit_base(src->btf)) {
		err = kf_error(e, EINVAL, "%s: module BTF does not fit base BTF %s",
			       path, base_path);
		goto out;
	}
	err = kf_btf_check(src->btf, path, e);
	if (err)
		goto out;
	src->name = base ? (modname ? strdup(modname) : module_name_from_path(path)) :
			   strdup("vmlinux");
	if (!src->name) {
		err = kf_error(e, ENOMEM, "out of memory");
		goto out;
	}
	err = kf_discover_kfuncs(src, kelf.elf ? &kelf : NULL, e);
	if (!err && index && index_names(src))
		err = kf_error(e, ENOMEM, "out of memory");
out:
	kf_elf_close(&kelf);
	if (err)
		kf_source_fini(src);
	return err;
}

/* Read file @path (inflated), then kf_source_load_mem(). */
static int source_load(struct kf_source *src, const char *path,
		       struct btf *base, const char *base_path, bool index,
		       struct kf_error *e)
{
	struct kf_blob blob = {};
	int err;

	memset(src, 0, sizeof(*src));
	err = kf_file_read(path, &blob, e);
	if (err)
		return err;
	err = kf_source_load_mem(src, &blob, path, base, base_path, index, e);
	kf_blob_free(&blob);
	return err;
}

int kf_source_load_module(struct kf_source *src, const char *path,
			  struct btf *base, const char *base_path,
			  bool index_names, struct kf_error *e)
{
	return source_load(src, path, base, base_path, index_names, e);
}

void kf_source_fini(struct kf_source *src)
{
	btf__free(src->btf);
	free(src->name);
	free(src->path);
	free(src->kfuncs);
	free(src->funcs);
	free(src->vars);
	memset(src, 0, sizeof(*src));
}

static void source_release_btf(struct kf_source *src)
{
	btf__free(src->btf);
	src->btf = NULL;
	free(src->funcs);
	free(src->vars);
	free(src->kfuncs);
	src->funcs = src->vars = NULL;
	src->kfuncs = NULL;
	src->func_cnt = src->var_cnt = src->kfunc_cnt = 0;
}

void kf_kernel_release_btf(struct kf_kernel *k)
{
	size_t i;

	/* Modules first: their BTF is split on vmlinux's. */
	for (i = k->src_cnt; i > 0; i--)
		source_release_btf(&k->srcs[i - 1]);
}

void kf_kernel_free(struct kf_kernel *k)
{
	size_t i;

	if (!k)
		return;
	/* Modules first: their BTF is split on vmlinux's. */
	for (i = k->src_cnt; i > 0; i--)
		kf_source_fini(&k->srcs[i - 1]);
	for (i = 0; i < k->note_cnt; i++)
		free(k->notes[i]);
	free(k->notes);
	free(k->srcs);
	free(k->name);
	free(k);
}

static int __printf(2, 3) add_note(struct kf_kernel *k, const char *fmt, ...);

static int add_note(struct kf_kernel *k, const char *fmt, ...)
{
	char **tmp;
	va_list ap;
	int n;

	tmp = realloc(k->notes, (k->note_cnt + 1) * sizeof(*tmp));
	if (!tmp)
		return -ENOMEM;
	k->notes = tmp;
	va_start(ap, fmt);
	n = vasprintf(&k->notes[k->note_cnt], fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	k->note_cnt++;
	return 0;
}

static struct kf_kernel *kernel_new(const char *name, size_t cap)
{
	struct kf_kernel *k = calloc(1, sizeof(*k));

	if (!k)
		return NULL;
	k->name = strdup(name);
	k->srcs = calloc(cap + 1, sizeof(*k->srcs));
	if (!k->name || !k->srcs) {
		kf_kernel_free(k);
		return NULL;
	}
	return k;
}

/* Load the vmlinux (@base NULL) or a module source into k->srcs[k->src_cnt]. */
static int kernel_add(struct kf_kernel *k, const char *path, __u32 obj_id,
		      const struct kf_load_opts *opts, struct kf_error *e)
{
	struct kf_source *src = &k->srcs[k->src_cnt];
	struct btf *base = k->src_cnt ? k->srcs[0].btf : NULL;
	bool module = k->src_cnt > 0;
	int err;

	err = source_load(src, path, base, base ? k->srcs[0].path : NULL,
			  opts && opts->index_names, e);
	if (err)
		return err;
	src->obj_id = obj_id;
	k->src_cnt++;
	if (opts && opts->each) {
		err = opts->each(k, src, opts->ctx);
		if (err)
			return err;
	}
	/* Keep the name for reports, drop the BTF. */
	if (module && !(opts && opts->keep_modules))
		source_release_btf(src);
	return 0;
}

struct sysfs_module {
	char *name;
	__u32 obj_id;
};

static int sysfs_module_cmp(const void *a, const void *b)
{
	const struct sysfs_module *x = a, *y = b;

	if (x->obj_id != y->obj_id)
		return x->obj_id < y->obj_id ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Kernel BTF object ids by module name; -EPERM without CAP_SYS_ADMIN. */
static int read_btf_obj_ids(struct sysfs_module *mods, size_t n)
{
	struct bpf_btf_info info;
	char name[64];
	__u32 id = 0, len;
	int fd, err;
	size_t i;

	for (;;) {
		err = bpf_btf_get_next_id(id, &id);
		if (err)
			return errno == ENOENT ? 0 : -errno;
		fd = bpf_btf_get_fd_by_id(id);
		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			return -errno;
		}
		memset(&info, 0, sizeof(info));
		info.name = (__u64)(unsigned long)name;
		info.name_len = sizeof(name);
		len = sizeof(info);
		err = bpf_btf_get_info_by_fd(fd, &info, &len);
		close(fd);
		if (err)
			return -errno;
		if (!info.kernel_btf)
			continue;
		name[sizeof(name) - 1] = '\0';
		for (i = 0; i < n; i++)
			if (!mods[i].obj_id && !strcmp(mods[i].name, name))
				mods[i].obj_id = id;
	}
}

int kf_kernel_load_running(struct kf_kernel **kp,
			   const struct kf_load_opts *opts, struct kf_error *e)
{
	struct sysfs_module *mods = NULL, *tmp;
	char path[PATH_MAX];
	struct kf_kernel *k;
	size_t n = 0, i;
	struct dirent *d;
	int err = 0;
	DIR *dir;

	*kp = NULL;
	dir = opendir(SYSFS_BTF);
	if (!dir)
		return kf_error(e, errno, "%s: %s", SYSFS_BTF, strerror(errno));
	while ((d = readdir(dir))) {
		if (d->d_name[0] == '.' || !strcmp(d->d_name, "vmlinux"))
			continue;
		tmp = realloc(mods, (n + 1) * sizeof(*mods));
		if (!tmp) {
			err = -ENOMEM;
			break;
		}
		mods = tmp;
		mods[n].obj_id = 0;
		mods[n].name = strdup(d->d_name);
		if (!mods[n].name) {
			err = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(dir);
	k = err ? NULL : kernel_new("running", n);
	if (!k) {
		err = kf_error(e, ENOMEM, "out of memory");
		goto out;
	}

	k->order = KF_ORDER_BTF_ID;
	if (n) {
		err = read_btf_obj_ids(mods, n);
		if (err) {
			/* libbpf cannot search modules either without ids. */
			k->order = KF_ORDER_NAME;
			if (add_note(k, "module BTF ids unreadable (%s): modules in name order, libbpf would skip them",
				     strerror(-err))) {
				err = kf_error(e, ENOMEM, "out of memory");
				goto out;
			}
			for (i = 0; i < n; i++)
				mods[i].obj_id = 0;
		}
		qsort(mods, n, sizeof(*mods), sysfs_module_cmp);
	}

	/* vmlinux BTF is always the kernel's first BTF object. */
	err = kernel_add(k, SYSFS_BTF "/vmlinux", 1, opts, e);
	if (err)
		goto out;
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", SYSFS_BTF, mods[i].name);
		err = kernel_add(k, path, mods[i].obj_id, opts, e);
		if (err == -EACCES || err == -EPERM) {
			/* As libbpf does, go on without it, but say so. */
			err = add_note(k, "%s: %s: skipped", path, strerror(-err));
			if (err) {
				err = kf_error(e, ENOMEM, "out of memory");
				goto out;
			}
			continue;
		}
		if (err)
			goto out;
	}
out:
	for (i = 0; i < n; i++)
		free(mods[i].name);
	free(mods);
	if (err) {
		kf_kernel_free(k);
		return err;
	}
	*kp = k;
	return 0;
}

struct path_list {
	char **v;
	size_t cnt;
	int err;
	const char *bad;	/* the path that failed, in v[] or static */
	struct stat *skip;	/* a file not to collect (the vmlinux) */
};

static struct path_list *walk_list;

static bool is_module_file(const char *path)
{
	static const char *const exts[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };
	size_t len = strlen(path), i, el;
	unsigned char magic[2];
	FILE *f;

	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (len > el && !strcmp(path + len - el, exts[i]))
			return true;
	}
	/* Raw split BTF of any name; unreadable files are caught on load. */
	f = fopen(path, "rb");
	if (!f)
		return true;
	i = fread(magic, 1, 2, f);
	fclose(f);
	return i == 2 && magic[0] == 0x9f && magic[1] == 0xeb;
}

static int path_list_add(struct path_list *l, const char *path)
{
	char **tmp = realloc(l->v, (l->cnt + 1) * sizeof(*tmp));

	if (!tmp)
		return -ENOMEM;
	l->v = tmp;
	l->v[l->cnt] = strdup(path);
	if (!l->v[l->cnt])
		return -ENOMEM;
	l->cnt++;
	return 0;
}

static int walk_fn(const char *path, const struct stat *st, int type,
		   struct FTW *ftw)
{
	struct stat target;

	switch (type) {
	case FTW_DNR:
		walk_list->err = -EACCES;
		walk_list->bad = path;
		path_list_add(walk_list, path);
		return 1;
	case FTW_NS:
		walk_list->err = -errno ?: -EIO;
		path_list_add(walk_list, path);
		return 1;
	case FTW_SL:
		/* Links to files count; links to directories are not followed. */
		if (stat(path, &target) || !S_ISREG(target.st_mode))
			return 0;
		st = &target;
		break;
	case FTW_F:
		if (!S_ISREG(st->st_mode))
			return 0;
		break;
	default:
		return 0;
	}
	if (walk_list->skip && st->st_dev == walk_list->skip->st_dev &&
	    st->st_ino == walk_list->skip->st_ino)
		return 0;
	if (!is_module_file(path))
		return 0;
	walk_list->err = path_list_add(walk_list, path);
	return walk_list->err ? 1 : 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Expand @path into module files: itself, or the files below it, sorted. */
static int collect_modules(struct path_list *l, const char *path,
			   struct kf_error *e)
{
	size_t first = l->cnt;
	struct stat st;
	char *top;

	if (stat(path, &st))
		return kf_error(e, errno, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (path_list_add(l, path))
			return kf_error(e, ENOMEM, "out of memory");
		return 0;
	}
	/* FTW_PHYS keeps links below @path unfollowed, and @path itself too. */
	top = realpath(path, NULL);
	if (!top)
		return kf_error(e, errno, "%s: %s", path, strerror(errno));
	walk_list = l;
	l->err = 0;
	if (nftw(top, walk_fn, 32, FTW_PHYS) < 0 && !l->err)
		l->err = -errno;
	walk_list = NULL;
	free(top);
	if (l->err) {
		if (l->err == -ENOMEM)
			return kf_error(e, ENOMEM, "out of memory");
		return kf_error(e, l->err, "%s: %s",
				l->cnt > first ? l->v[l->cnt - 1] : path,
				strerror(-l->err));
	}
	if (l->cnt > first)
		qsort(l->v + first, l->cnt - first, sizeof(*l->v), str_cmp);
	return 0;
}

static void path_list_free(struct path_list *l)
{
	size_t i;

	for (i = 0; i < l->cnt; i++)
		free(l->v[i]);
	free(l->v);
}

static int load_files(struct kf_kernel **kp, const char *label,
		      const char *vmlinux, char *const *mods, size_t mod_cnt,
		      const char *skip, const struct kf_load_opts *opts,
		      struct kf_error *e)
{
	struct path_list l = {}, empty = {};
	struct kf_kernel *k = NULL;
	struct stat skip_st;
	size_t i, before;
	int err = 0;

	*kp = NULL;
	if (skip && !stat(skip, &skip_st))
		l.skip = &skip_st;
	for (i = 0; i < mod_cnt && !err; i++) {
		before = l.cnt;
		err = collect_modules(&l, mods[i], e);
		/* A kernel directory may hold a vmlinux alone; a modules argument not. */
		if (!err && !skip && l.cnt == before && path_list_add(&empty, mods[i]))
			err = kf_error(e, ENOMEM, "out of memory");
	}
	if (err)
		goto out;
	k = kernel_new(label, l.cnt);
	if (!k) {
		err = kf_error(e, ENOMEM, "out of memory");
		goto out;
	}
	k->order = KF_ORDER_GIVEN;
	for (i = 0; i < empty.cnt && !err; i++)
		if (add_note(k, "modules %s: no module file found", empty.v[i]))
			err = kf_error(e, ENOMEM, "out of memory");
	err = kernel_add(k, vmlinux, 0, opts, e);
	for (i = 0; i < l.cnt && !err; i++)
		err = kernel_add(k, l.v[i], 0, opts, e);
out:
	path_list_free(&empty);
	path_list_free(&l);
	if (err) {
		kf_kernel_free(k);
		return err;
	}
	*kp = k;
	return 0;
}

int kf_kernel_load_files(struct kf_kernel **kp, const char *vmlinux,
			 char *const *mods, size_t mod_cnt,
			 const struct kf_load_opts *opts, struct kf_error *e)
{
	return load_files(kp, vmlinux, vmlinux, mods, mod_cnt, NULL, opts, e);
}

int kf_kernel_load_dir(struct kf_kernel **kp, const char *dir,
		       const struct kf_load_opts *opts, struct kf_error *e)
{
	char vmlinux[PATH_MAX], *mods[1] = { (char *)dir };
	const char *label = strrchr(dir, '/');

	label = label && label[1] ? label + 1 : dir;
	if (snprintf(vmlinux, sizeof(vmlinux), "%s/vmlinux", dir) >= (int)sizeof(vmlinux))
		return kf_error(e, ENAMETOOLONG, "%s: name too long", dir);
	if (access(vmlinux, F_OK))
		return kf_error(e, errno, "%s: %s", vmlinux, strerror(errno));
	return load_files(kp, label, vmlinux, mods, 1, vmlinux, opts, e);
}
