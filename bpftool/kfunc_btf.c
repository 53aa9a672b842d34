// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Kernel BTF sources: files read or mapped and inflated, ELF sections, BTF
 * checks beyond libbpf's parser, kfunc discovery (decl tags and .BTF_ids
 * sets), argument annotations and KF_* flags, C spellings of types, and
 * the running kernel's or files' BTF objects loaded as one kernel.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#ifdef HAVE_LZMA_SUPPORT
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD_SUPPORT
#include <zstd.h>
#endif
#include <linux/btf.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf_internal.h>

#include "kfunc.h"

void *kf_grow(void **data, size_t *cap, size_t elem_sz, size_t cnt)
{
	return libbpf_add_mem(data, cap, elem_sz, cnt, INT_MAX, 1);
}

/* Kept of a message too long: its start, and its end with the reason. */
#define KF_ERR_HEAD	(KF_ERR_LEN / 4)

int kf_error(struct kf_error *e, int err, const char *fmt, ...)
{
	size_t len, tail;
	va_list ap;
	char *s;
	int n;

	if (e) {
		va_start(ap, fmt);
		n = vasprintf(&s, fmt, ap);
		va_end(ap);
		if (n < 0) {
			va_start(ap, fmt);
			vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
			va_end(ap);
		} else {
			len = n;
			if (len < sizeof(e->msg)) {
				memcpy(e->msg, s, len + 1);
			} else {
				tail = sizeof(e->msg) - KF_ERR_HEAD - 4;
				memcpy(e->msg, s, KF_ERR_HEAD);
				memcpy(e->msg + KF_ERR_HEAD, "...", 3);
				memcpy(e->msg + KF_ERR_HEAD + 3, s + len - tail, tail + 1);
			}
			free(s);
		}
	}
	return err < 0 ? err : -err;
}

/* Whole-file reads with transparent decompression, and ELF section lookup. */
static const unsigned char xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
static const unsigned char zstd_magic[] = { 0x28, 0xb5, 0x2f, 0xfd };
static const unsigned char gzip_magic[] = { 0x1f, 0x8b };

#define has_magic(blob, magic) \
	((blob)->size >= sizeof(magic) && !memcmp((blob)->data, magic, sizeof(magic)))

static int read_fd(int fd, const char *path, struct kf_blob *blob,
		   struct kf_error *e)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = NULL, *tmp;
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st))
		return kf_error(e, errno, "%s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return kf_error(e, EISDIR, "%s: is a directory", path);
	/* A FIFO would block, a device may never end. */
	if (!S_ISREG(st.st_mode))
		return kf_error(e, EINVAL, "%s: not a regular file", path);
	/* sysfs files report a size of 4096 or 0: read until EOF. */
	if (S_ISREG(st.st_mode) && st.st_size > 0)
		cap = st.st_size + 1;
	for (;;) {
		if (!buf || len == cap) {
			if (buf)
				cap *= 2;
			if (cap > KF_FILE_MAX) {
				free(buf);
				return kf_error(e, EFBIG, "%s: file too large", path);
			}
			tmp = realloc(buf, cap);
			if (!tmp) {
				free(buf);
				return kf_error(e, ENOMEM, "%s: out of memory", path);
			}
			buf = tmp;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return kf_error(e, errno, "%s: %s", path, strerror(errno));
		}
		if (!n)
			break;
		len += n;
	}
	blob->data = buf;
	blob->size = len;
	return 0;
}

/* Grow @out (of capacity *@cap, at most @max) so one more byte fits. */
static int grow(struct kf_blob *out, size_t *cap, size_t max)
{
	size_t ncap = *cap ? *cap * 2 : 1 << 20;
	void *tmp;

	if (*cap >= max)
		return -EFBIG;
	if (ncap > max)
		ncap = max;
	tmp = realloc(out->data, ncap);
	if (!tmp)
		return -ENOMEM;
	out->data = tmp;
	*cap = ncap;
	return 0;
}

#ifdef HAVE_LZMA_SUPPORT
static int inflate_xz(const struct kf_blob *in, struct kf_blob *out,
		      size_t max)
{
	lzma_stream strm = LZMA_STREAM_INIT;
	size_t cap = 0;
	lzma_ret ret;
	int err = 0;

	if (lzma_stream_decoder(&strm, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK)
		return -ENOMEM;
	strm.next_in = in->data;
	strm.avail_in = in->size;
	do {
		if (out->size == cap) {
			err = grow(out, &cap, max);
			if (err)
				break;
		}
		strm.next_out = (uint8_t *)out->data + out->size;
		strm.avail_out = cap - out->size;
		ret = lzma_code(&strm, LZMA_FINISH);
		out->size = cap - strm.avail_out;
		if (ret != LZMA_OK && ret != LZMA_STREAM_END) {
			err = ret == LZMA_MEM_ERROR ? -ENOMEM : -EBADMSG;
			break;
		}
	} while (ret != LZMA_STREAM_END);
	lzma_end(&strm);
	return err;
}
#else
#define inflate_xz NULL
#endif

#ifdef HAVE_ZSTD_SUPPORT

static int inflate_zstd(const struct kf_blob *in, struct kf_blob *out,
			size_t max)
{
	ZSTD_inBuffer src = { in->data, in->size, 0 };
	ZSTD_DStream *ds = ZSTD_createDStream();
	ZSTD_outBuffer dst;
	size_t cap = 0, ret = 1;
	int err = 0;

	if (!ds)
		return -ENOMEM;
	ZSTD_initDStream(ds);
	while (ret) {
		if (out->size == cap) {
			err = grow(out, &cap, max);
			if (err)
				break;
		}
		dst.dst = out->data;
		dst.size = cap;
		dst.pos = out->size;
		ret = ZSTD_decompressStream(ds, &dst, &src);
		out->size = dst.pos;
		if (ZSTD_isError(ret)) {
			err = -EBADMSG;
			break;
		}
		/* Input used up with a frame still open: truncated. */
		if (ret && src.pos == src.size && dst.pos < dst.size) {
			err = -EBADMSG;
			break;
		}
	}
	ZSTD_freeDStream(ds);
	return err;
}
#else
#define inflate_zstd NULL
#endif

static int inflate_gzip(const struct kf_blob *in, struct kf_blob *out,
			size_t max)
{
	z_stream strm = {};
	size_t cap = 0;
	int ret, err = 0;

	if (in->size > UINT32_MAX)
		return -EFBIG;
	if (inflateInit2(&strm, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	strm.next_in = in->data;
	strm.avail_in = in->size;
	do {
		if (out->size == cap) {
			err = grow(out, &cap, max);
			if (err)
				break;
		}
		strm.next_out = (Bytef *)out->data + out->size;
		strm.avail_out = cap - out->size;
		ret = inflate(&strm, Z_NO_FLUSH);
		out->size = cap - strm.avail_out;
		if (ret == Z_BUF_ERROR && strm.avail_out)
			ret = Z_DATA_ERROR; /* input ended early */
		if (ret != Z_OK && ret != Z_STREAM_END && ret != Z_BUF_ERROR) {
			err = ret == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
			break;
		}
	} while (ret != Z_STREAM_END);
	inflateEnd(&strm);
	return err;
}

int kf_blob_inflate(struct kf_blob *blob, size_t max, const char *path,
		    struct kf_error *e)
{
	int (*inflate_fn)(const struct kf_blob *in, struct kf_blob *out,
			  size_t max);
	struct kf_blob out = {};
	const char *what, *lib;
	int err;

	if (has_magic(blob, xz_magic)) {
		inflate_fn = inflate_xz;
		what = "xz";
		lib = "liblzma";
	} else if (has_magic(blob, zstd_magic)) {
		inflate_fn = inflate_zstd;
		what = "zstd";
		lib = "libzstd";
	} else if (has_magic(blob, gzip_magic)) {
		inflate_fn = inflate_gzip;
		what = "gzip";
		lib = "zlib";
	} else {
		return 0;
	}
	if (!inflate_fn)
		return kf_error(e, -EOPNOTSUPP,
				"%s: %s-compressed, and bpftool was built without %s",
				path, what, lib);
	err = inflate_fn(blob, &out, max);
	if (err) {
		kf_blob_free(&out);
		if (err == -EBADMSG)
			return kf_error(e, err, "%s: corrupt or truncated %s data",
					path, what);
		if (err == -EFBIG)
			return kf_error(e, err, "%s: %s data inflates to over %zu bytes",
					path, what, max);
		return kf_error(e, err, "%s: %s", path, strerror(-err));
	}
	kf_blob_free(blob);
	*blob = out;
	return 0;
}

#define SYSFS_MAGIC 0x62656572

/*
 * Map a regular file rather than read it: of a vmlinux only the pages of
 * the sections we use are touched. Copy-on-write, as libelf may convert
 * data in place. Returns -EAGAIN where a read is needed instead.
 */
static int map_fd(int fd, struct kf_blob *blob)
{
	struct statfs sfs;
	struct stat st;
	void *p;

	/* sysfs sizes are not always what a read returns. */
	if (!fstatfs(fd, &sfs) && sfs.f_type == SYSFS_MAGIC) {
		blob->sysfs = true;
		return -EAGAIN;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size > KF_FILE_MAX)
		return -EAGAIN;
	p = mmap(NULL, st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return -EAGAIN;
	blob->data = p;
	blob->size = st.st_size;
	blob->mapped = true;
	return 0;
}

int kf_file_read(const char *path, struct kf_blob *blob, struct kf_error *e)
{
	struct kf_blob raw = {};
	int fd, err;

	/* Without O_NONBLOCK, opening a FIFO waits for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return kf_error(e, errno, "%s: %s", path, strerror(errno));
	err = map_fd(fd, &raw);
	if (err)
		err = read_fd(fd, path, &raw, e);
	close(fd);
	if (err)
		return err;
	err = kf_blob_inflate(&raw, KF_FILE_MAX, path, e);
	if (err) {
		kf_blob_free(&raw);
		return err;
	}
	*blob = raw;
	return 0;
}

void kf_blob_free(struct kf_blob *blob)
{
	if (blob->mapped)
		munmap(blob->data, blob->size);
	else
		free(blob->data);
	blob->data = NULL;
	blob->size = 0;
	blob->mapped = false;
}

bool kf_is_elf(const struct kf_blob *blob)
{
	return blob->size >= SELFMAG && !memcmp(blob->data, ELFMAG, SELFMAG);
}

bool kf_is_raw_btf(const struct kf_blob *blob)
{
	__u16 magic;

	if (blob->size < BTF_HDR_MIN)
		return false;
	memcpy(&magic, blob->data, sizeof(magic));
	return magic == BTF_MAGIC;
}

int kf_elf_open(struct kf_elf *kelf, const struct kf_blob *blob,
		const char *path, struct kf_error *e)
{
	size_t shnum;

	memset(kelf, 0, sizeof(*kelf));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return kf_error(e, EINVAL, "libelf: %s", elf_errmsg(-1));
	kelf->elf = elf_memory(blob->data, blob->size);
	if (!kelf->elf || elf_kind(kelf->elf) != ELF_K_ELF)
		goto bad;
	if (!gelf_getehdr(kelf->elf, &kelf->ehdr) ||
	    elf_getshdrstrndx(kelf->elf, &kelf->shstrndx))
		goto bad;
	if (kelf->ehdr.e_ident[EI_DATA] != ELFDATA2LSB &&
	    kelf->ehdr.e_ident[EI_DATA] != ELFDATA2MSB)
		goto bad;
	/* libelf then sees no sections at all: say why. */
	if (elf_getshdrnum(kelf->elf, &shnum) ||
	    kelf->ehdr.e_shoff > blob->size ||
	    shnum > (blob->size - kelf->ehdr.e_shoff) / (kelf->ehdr.e_shentsize ?: 1)) {
		kf_elf_close(kelf);
		return kf_error(e, EINVAL, "%s: truncated ELF file: section headers past its end",
				path);
	}
	return 0;
bad:
	kf_error(e, EINVAL, "%s: corrupt ELF file: %s", path, elf_errmsg(-1));
	kf_elf_close(kelf);
	return -EINVAL;
}

void kf_elf_close(struct kf_elf *kelf)
{
	if (kelf->elf)
		elf_end(kelf->elf);
	kelf->elf = NULL;
}

static int section_fill(const struct kf_elf *kelf, Elf_Scn *scn,
			struct kf_section *sec)
{
	Elf_Data *data;

	if (!gelf_getshdr(scn, &sec->shdr))
		return -EINVAL;
	sec->index = elf_ndxscn(scn);
	sec->edata = NULL;
	if (sec->shdr.sh_type == SHT_NOBITS) {
		sec->data = NULL;
		sec->size = 0;
		return 0;
	}
	data = elf_getdata(scn, NULL);
	if (!data)
		return -EINVAL;
	sec->edata = data;
	sec->data = data->d_buf;
	sec->size = data->d_buf ? data->d_size : 0;
	return 0;
}

int kf_elf_section(const struct kf_elf *kelf, const char *name,
		   struct kf_section *sec)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;
	const char *sname;

	while ((scn = elf_nextscn(kelf->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			return -EINVAL;
		sname = elf_strptr(kelf->elf, kelf->shstrndx, shdr.sh_name);
		if (sname && !strcmp(sname, name))
			return section_fill(kelf, scn, sec);
	}
	return -ENOENT;
}

int kf_elf_section_by_type(const struct kf_elf *kelf, GElf_Word type,
			   struct kf_section *sec)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr shdr;

	while ((scn = elf_nextscn(kelf->elf, scn))) {
		if (!gelf_getshdr(scn, &shdr))
			return -EINVAL;
		if (shdr.sh_type == type)
			return section_fill(kelf, scn, sec);
	}
	return -ENOENT;
}

int kf_elf_btf(const struct kf_elf *kelf, const char *path, const char *missing,
	       struct kf_section *sec, struct kf_error *e)
{
	int err = kf_elf_section(kelf, ".BTF", sec);

	if (err && err != -ENOENT)
		return kf_error(e, EINVAL, "%s: corrupt or truncated ELF file: unreadable .BTF section",
				path);
	if (err || !sec->data)
		return kf_error(e, ENOENT, "%s: %s", path, missing);
	return 0;
}

const char *kf_elf_modinfo_name(const struct kf_elf *kelf)
{
	struct kf_section sec;
	const char *p, *end;
	size_t len;

	if (kf_elf_section(kelf, ".modinfo", &sec) || !sec.data)
		return NULL;
	p = sec.data;
	end = p + sec.size;
	/* NUL-separated key=value strings; the last may be unterminated. */
	while (p < end) {
		len = strnlen(p, end - p);
		if (len > 5 && len < (size_t)(end - p) && !strncmp(p, "name=", 5))
			return p + 5;
		p += len + 1;
	}
	return NULL;
}

/*
 * BTF checks beyond libbpf's parser. References that C can make without a
 * struct or union in between (pointers, arrays, modifiers, typedefs, type
 * tags, prototypes, and what FUNC, VAR and DECL_TAG name) form no loop in
 * any BTF a compiler or pahole writes, and the kernel rejects such loops;
 * libbpf does not, and type walks (ours and btf_dump's) would not end.
 */
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

/*
 * Members hold data: the kernel takes no member of void, function or
 * forward declaration type, and btf_dump divides by their alignment of 0.
 */
static bool members_sized(const struct btf *btf, const struct btf_type *t)
{
	const struct btf_member *m = btf_members(t);
	const struct btf_type *mt;
	__u16 i, n = btf_vlen(t);
	__u32 id;

	for (i = 0; i < n; i++, m++) {
		id = m->type;
		do {
			mt = skip_mods_and_typedefs(btf, id, &id);
			if (mt && btf_is_array(mt))
				id = btf_array(mt)->type;
		} while (mt && btf_is_array(mt));
		if (!mt || !(btf_is_int(mt) || btf_is_ptr(mt) || btf_is_composite(mt) ||
			     btf_is_any_enum(mt) || btf_is_float(mt)))
			return false;
	}
	return true;
}

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
		/* btf_dump divides by their alignment; the kernel makes none. */
		if ((btf_is_int(t) || btf_is_any_enum(t) || btf_is_float(t)) && !t->size)
			return kf_error(e, EINVAL, "%s: corrupt BTF: type [%u] of size 0",
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
	/* Free of loops now: members can be followed to what holds data. */
	for (id = start; id < end && !err; id++) {
		t = btf__type_by_id(btf, id);
		if (btf_is_composite(t) && !members_sized(btf, t))
			err = kf_error(e, EINVAL, "%s: corrupt BTF: type [%u] has a member of no size",
				       path, id);
	}
out:
	free(color);
	free(stack);
	free(next);
	return err;
}

/* Argument suffixes (btf_param_match_suffix) and KF_* bits of Linux 6.1 to 7.3. */
/* Every suffix any of these kernels reads; some only some kernels. */
static const struct kf_annot suffixes[] = {
	{ "__sz", "size of the previous pointer argument" },
	{ "__szk", "constant size of the previous pointer argument" },
	{ "__k", "known constant" },
	{ "__ign", "not checked by the verifier" },
	{ "__uninit", "uninitialized dynptr or iterator allowed" },
	{ "__alloc", "object allocated by the program" },
	{ "__opt", "buffer may be NULL" },
	{ "__nullable", "may be NULL" },
	{ "__str", "read-only constant string" },
	{ "__map", "pointer to a struct bpf_map" },
	{ "__const_map", "map the verifier knows as a constant" },
	{ "__iter", "pointer to an iterator" },
	{ "__prog", "program's aux data, supplied by the verifier" },
	{ "__irq_flag", "saved IRQ flags" },
	{ "__refcounted_kptr", "refcounted kptr" },
	{ "__nonown_allowed", "non-owning reference accepted" },
	{ "__arena", "arena pointer, may be NULL" },
	{ "__arena__nullable", "arena pointer, may be NULL" },
};

static const struct kf_annot exact_names[] = {
	{ "rdonly_buf_size", "size of the returned read-only buffer" },
	{ "rdwr_buf_size", "size of the returned read-write buffer" },
};

const struct kf_annot *kf_arg_annot(const char *name)
{
	const struct kf_annot *best = NULL;
	size_t len, sl, best_len = 0, i;

	if (!name)
		return NULL;
	len = strlen(name);
	for (i = 0; i < ARRAY_SIZE(exact_names); i++)
		if (!strcmp(name, exact_names[i].tag))
			return &exact_names[i];
	/*
	 * As the verifier, the name must be longer than the suffix; the
	 * longest one wins: "x__arena__nullable" is not only "__nullable".
	 */
	for (i = 0; i < ARRAY_SIZE(suffixes); i++) {
		sl = strlen(suffixes[i].tag);
		if (len > sl && sl > best_len &&
		    !strcmp(name + len - sl, suffixes[i].tag)) {
			best = &suffixes[i];
			best_len = sl;
		}
	}
	return best;
}

/* Bits a later kernel dropped keep their old names. */
static const char *const flag_names[] = {
	[0] = "acquire",
	[1] = "release",
	[2] = "ret_null",
	[3] = "kptr_get",
	[4] = "trusted_args",
	[5] = "sleepable",
	[6] = "destructive",
	[7] = "rcu",
	[8] = "iter_new",
	[9] = "iter_next",
	[10] = "iter_destroy",
	[11] = "rcu_protected",
	[12] = "fastcall",
	[13] = "arena_ret",
	[14] = "arena_arg1",
	[15] = "arena_arg2",
	[16] = "implicit_args",
	[17] = "spinlock_safe",
	[18] = "perfmon",
};

const char *kf_flag_name(unsigned int bit)
{
	return bit < ARRAY_SIZE(flag_names) ? flag_names[bit] : NULL;
}

/* C spellings of BTF types through libbpf's btf_dump. */
/* No declaration we print is longer; btf_dump may go on much longer. */
#define CTYPE_MAX	(1U << 20)

struct strbuf {
	char *s;
	size_t len, cap;
	bool failed;
};

static void strbuf_printf(void *ctx, const char *fmt, va_list args)
{
	struct strbuf *b = ctx;
	va_list copy;
	char *tmp;
	size_t cap;
	int n;

	if (b->failed)
		return;
	/* Most pieces fit what is left: format once, straight in place. */
	va_copy(copy, args);
	n = vsnprintf(b->s ? b->s + b->len : NULL, b->cap - b->len, fmt, copy);
	va_end(copy);
	if (n < 0 || b->len + n >= CTYPE_MAX) {
		b->failed = true;
		return;
	}
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		tmp = realloc(b->s, cap);
		if (!tmp) {
			b->failed = true;
			return;
		}
		b->s = tmp;
		b->cap = cap;
		vsnprintf(b->s + b->len, n + 1, fmt, args);
	}
	b->len += n;
}

/*
 * btf_dump__new() walks every type of the BTF it is given, which costs as
 * much as listing vmlinux's kfuncs. Declarations need only the types their
 * chain of modifiers, pointers, arrays and prototypes reaches, so they are
 * copied on demand into a small BTF that btf_dump spells instead. Named
 * structs and unions are spelled by name only and copied without members;
 * typedefs are spelled by name only and copied without their target. An
 * anonymous struct or union is spelled in full, packing and padding
 * included, which depend on the alignment of member types whose copies
 * have no members: it is spelled from the whole BTF (never seen in a
 * kfunc prototype).
 */
struct kf_ctype {
	const struct btf *btf;
	struct btf *copy;
	struct btf_dump *d;	/* of copy */
	struct btf_dump *full_d;	/* of btf, made when first needed */
	__u32 *copy_id;		/* btf type id -> copy type id, 0: none yet */
	__u32 type_cnt;
	struct strbuf buf;
};

/* As deep as the kernel resolves a BTF type chain. */
#define CTYPE_MAX_DEPTH	32
/* Types btf_dump may visit for one declaration; kernel ones need dozens. */
#define CTYPE_MAX_SPELLED	(1 << 16)

static int ctype_copy(struct kf_ctype *ct, __u32 id, int depth);

static int ctype_copy_proto(struct kf_ctype *ct, const struct btf_type *t,
			    int depth)
{
	const struct btf_param *p = btf_params(t);
	__u32 n = btf_vlen(t), i;
	int ret, err, id;

	ret = ctype_copy(ct, t->type, depth);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++) {
		err = ctype_copy(ct, p[i].type, depth);
		if (err < 0)
			return err;
	}
	id = btf__add_func_proto(ct->copy, ret);
	for (i = 0; id > 0 && i < n; i++) {
		err = btf__add_func_param(ct->copy,
					  btf__name_by_offset(ct->btf, p[i].name_off),
					  ct->copy_id[p[i].type]);
		if (err)
			return err;
	}
	return id;
}

static int ctype_copy(struct kf_ctype *ct, __u32 id, int depth)
{
	const struct btf_type *t;
	struct btf_type *mut;
	const char *name;
	int ref, copy;

	if (!id)
		return 0;
	if (id >= ct->type_cnt || depth > CTYPE_MAX_DEPTH)
		return -ELOOP;
	if (ct->copy_id[id])
		return ct->copy_id[id];
	t = btf__type_by_id(ct->btf, id);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		copy = btf__add_type(ct->copy, ct->btf, t);
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (!t->name_off)
			return -EOPNOTSUPP;
		/* Not a forward: btf_dump tells same-named structs apart
		 * ("foo___2") but never forwards.
		 */
		name = btf__name_by_offset(ct->btf, t->name_off);
		if (btf_is_union(t))
			copy = btf__add_union(ct->copy, name, t->size);
		else
			copy = btf__add_struct(ct->copy, name, t->size);
		break;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
	case BTF_KIND_ARRAY:
		ref = 0;
		if (!btf_is_typedef(t)) {
			ref = ctype_copy(ct, btf_is_array(t) ?
					 btf_array(t)->type : t->type, depth + 1);
			if (ref < 0)
				return ref;
		}
		/* A copy keeps kind flag and name; only the ids change. */
		copy = btf__add_type(ct->copy, ct->btf, t);
		if (copy <= 0)
			break;
		mut = btf_type_by_id(ct->copy, copy);
		if (btf_is_array(mut)) {
			/* btf_dump does not spell the index type */
			btf_array(mut)->type = ref;
			btf_array(mut)->index_type = ref;
		} else {
			mut->type = ref;
		}
		break;
	case BTF_KIND_FUNC_PROTO:
		copy = ctype_copy_proto(ct, t, depth + 1);
		break;
	default:
		return -EINVAL;
	}
	if (copy > 0)
		ct->copy_id[id] = copy;
	return copy;
}

struct kf_ctype *kf_ctype_new(const struct btf *btf)
{
	struct kf_ctype *ct = calloc(1, sizeof(*ct));

	if (!ct)
		return NULL;
	ct->btf = btf;
	ct->type_cnt = btf__type_cnt(btf);
	ct->copy_id = calloc(ct->type_cnt, sizeof(*ct->copy_id));
	ct->copy = btf__new_empty();
	if (!ct->copy_id || !ct->copy)
		goto err;
	btf__set_pointer_size(ct->copy, btf__pointer_size(btf) ?: sizeof(void *));
	ct->d = btf_dump__new(ct->copy, strbuf_printf, &ct->buf, NULL);
	if (!ct->d)
		goto err;
	return ct;
err:
	kf_ctype_free(ct);
	return NULL;
}

void kf_ctype_free(struct kf_ctype *ct)
{
	if (!ct)
		return;
	btf_dump__free(ct->d);
	btf_dump__free(ct->full_d);
	btf__free(ct->copy);
	free(ct->copy_id);
	free(ct->buf.s);
	free(ct);
}

/*
 * Whether btf_dump spells @id within the kernel's resolve depth and in
 * fewer than *@budget types. It recurses once per level and spells an
 * anonymous struct, union or enum and a prototype anew at every use, so a
 * hostile BTF may nest thousands deep or share one body among many uses.
 */
static bool spelling_fits(const struct btf *btf, __u32 id, int depth,
			  int *budget)
{
	const struct btf_type *t;
	const struct btf_member *m;
	const struct btf_param *p;
	__u32 i;

	if (!id)
		return true;
	t = btf__type_by_id(btf, id);
	if (!t || depth > CTYPE_MAX_DEPTH || --*budget < 0)
		return false;
	switch (btf_kind(t)) {
	case BTF_KIND_PTR:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return spelling_fits(btf, t->type, depth + 1, budget);
	case BTF_KIND_ARRAY:
		return spelling_fits(btf, btf_array(t)->type, depth + 1, budget);
	case BTF_KIND_FUNC_PROTO:
		if (!spelling_fits(btf, t->type, depth + 1, budget))
			return false;
		p = btf_params(t);
		for (i = 0; i < btf_vlen(t); i++)
			if (!spelling_fits(btf, p[i].type, depth + 1, budget))
				return false;
		return true;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (t->name_off)
			return true;
		m = btf_members(t);
		for (i = 0; i < btf_vlen(t); i++)
			if (!spelling_fits(btf, m[i].type, depth + 1, budget))
				return false;
		return true;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!t->name_off)
			*budget -= btf_vlen(t);
		return *budget >= 0;
	default:
		return true;
	}
}

static char *emit_decl(struct kf_ctype *ct, __u32 type_id, const char *name)
{
	LIBBPF_OPTS(btf_dump_emit_type_decl_opts, opts, .field_name = name);
	struct btf_dump *d = ct->d;
	int id, err, budget = CTYPE_MAX_SPELLED;

	if (!spelling_fits(ct->btf, type_id, 0, &budget))
		return NULL;
	id = ctype_copy(ct, type_id, 0);
	if (id == -EOPNOTSUPP) {
		if (!ct->full_d)
			ct->full_d = btf_dump__new(ct->btf, strbuf_printf,
						   &ct->buf, NULL);
		if (!ct->full_d)
			return NULL;
		d = ct->full_d;
		id = type_id;
	}
	if (id < 0)
		return NULL;
	ct->buf.len = 0;
	ct->buf.failed = false;
	if (ct->buf.s)
		ct->buf.s[0] = '\0';
	err = btf_dump__emit_type_decl(d, id, &opts);
	if (err || ct->buf.failed)
		return NULL;
	return strdup(ct->buf.s ?: "");
}

char *kf_ctype_func_as(struct kf_ctype *ct, __u32 func_id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(ct->btf, func_id);

	if (!t || !btf_is_func(t))
		return NULL;
	return emit_decl(ct, t->type, name ?: btf__name_by_offset(ct->btf, t->name_off));
}

char *kf_ctype_func(struct kf_ctype *ct, __u32 func_id)
{
	return kf_ctype_func_as(ct, func_id, NULL);
}

char *kf_ctype_type(struct kf_ctype *ct, __u32 type_id)
{
	if (!type_id)
		return strdup("void");
	return emit_decl(ct, type_id, "");
}

char *kf_func_decl(const struct btf *btf, __u32 func_id)
{
	struct kf_ctype *ct = kf_ctype_new(btf);
	char *s = ct ? kf_ctype_func(ct, func_id) : NULL;

	kf_ctype_free(ct);
	return s;
}

char *kf_type_str(const struct btf *btf, __u32 type_id)
{
	struct kf_ctype *ct;
	char *s;

	if (!type_id)
		return strdup("void");
	ct = kf_ctype_new(btf);
	s = ct ? kf_ctype_type(ct, type_id) : NULL;
	kf_ctype_free(ct);
	return s;
}

/*
 * kfunc evidence: a "bpf_kfunc" decl tag on the FUNC (pahole >= 1.27), or
 * membership of a kfunc id set in .BTF_ids, laid out as
 * struct btf_id_set8 { u32 cnt; u32 flags; struct { u32 id, flags; } pairs[]; }
 * where set flag BTF_SET8_KFUNCS (bit 0, kernels >= 6.9) marks kfunc sets.
 */
#define BTF_SET8_KFUNCS		(1U << 0)
#define SET8_SYM_PREFIX		"__BTF_ID__set8__"
/* Pair flags beyond this are not KF_* bits: not a set. */
#define KF_FLAGS_MASK		((1U << 24) - 1)

struct kfunc_list {
	struct kf_kfunc *v;
	size_t cnt, cap;
	__u32 start_id;	/* first own type id */
	__u32 end_id;	/* one past the last */
	const struct btf *btf;
};

static struct kf_kfunc *list_get(struct kfunc_list *l, __u32 id)
{
	struct kf_kfunc *tmp;
	size_t i;

	/* Entries are appended in id order per pass: search from the end. */
	for (i = l->cnt; i > 0; i--)
		if (l->v[i - 1].btf_id == id)
			return &l->v[i - 1];
	if (l->cnt == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		tmp = realloc(l->v, l->cap * sizeof(*tmp));
		if (!tmp)
			return NULL;
		l->v = tmp;
	}
	tmp = &l->v[l->cnt++];
	memset(tmp, 0, sizeof(*tmp));
	tmp->btf_id = id;
	tmp->name = btf__name_by_offset(l->btf, btf__type_by_id(l->btf, id)->name_off);
	return tmp;
}

static bool is_own_func(const struct kfunc_list *l, __u32 id)
{
	const struct btf_type *t;

	if (id < l->start_id || id >= l->end_id)
		return false;
	t = btf__type_by_id(l->btf, id);
	return t && btf_is_func(t);
}

static int scan_decl_tags(struct kfunc_list *l, unsigned int *evidence)
{
	const struct btf_type *t;
	struct kf_kfunc *kf;
	const char *tag;
	bool fastcall;
	__u32 id;

	for (id = l->start_id; id < l->end_id; id++) {
		t = btf__type_by_id(l->btf, id);
		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		tag = btf__name_by_offset(l->btf, t->name_off);
		if (!tag)
			continue;
		if (!strcmp(tag, "bpf_kfunc"))
			fastcall = false;
		else if (!strcmp(tag, "bpf_fastcall"))
			fastcall = true;
		else
			continue;
		if (!is_own_func(l, t->type))
			continue;
		kf = list_get(l, t->type);
		if (!kf)
			return -ENOMEM;
		if (fastcall) {
			kf->fastcall = true;
		} else {
			kf->evidence |= KF_EV_DECL_TAG;
			*evidence |= KF_EV_DECL_TAG;
		}
	}
	return 0;
}

/* Word @i from byte @off of @sec, which may sit at any address. */
static __u32 word(const struct kf_section *sec, size_t off, size_t i)
{
	__u32 v;

	memcpy(&v, (const char *)sec->data + off + 4 * i, sizeof(v));
	return v;
}

/*
 * Take the set8 at @off of @sec if it is one: a count, then @cnt pairs that
 * all name own FUNCs in ascending order. Returns the set's size, or 0.
 */
static size_t take_set8(struct kfunc_list *l, const struct kf_section *sec,
			size_t off, bool commit)
{
	__u32 cnt, i, id, prev = 0;
	struct kf_kfunc *kf;

	if (off % 4 || sec->size < 8 || off > sec->size - 8)
		return 0;
	cnt = word(sec, off, 0);
	if (!cnt || cnt > (sec->size - off - 8) / 8)
		return 0;
	for (i = 0; i < cnt; i++) {
		id = word(sec, off, 2 + 2 * i);
		if (!is_own_func(l, id) || id < prev ||
		    word(sec, off, 3 + 2 * i) & ~KF_FLAGS_MASK)
			return 0;
		prev = id;
	}
	if (!commit)
		return 8 + cnt * 8;
	for (i = 0; i < cnt; i++) {
		kf = list_get(l, word(sec, off, 2 + 2 * i));
		if (!kf)
			return (size_t)-1;
		kf->evidence |= KF_EV_BTF_IDS;
		kf->flags |= word(sec, off, 3 + 2 * i);
		kf->flags_known = true;
	}
	return 8 + cnt * 8;
}

static bool set_is_kfuncs(const struct kf_section *sec, size_t off)
{
	return word(sec, off, 1) & BTF_SET8_KFUNCS;
}

/* Offsets of the __BTF_ID__set8__* symbols inside .BTF_ids. */
static int set8_symbols(const struct kf_elf *kelf, const struct kf_section *ids,
			size_t **offs, size_t *cnt)
{
	struct kf_section symtab;
	size_t i, n, cap = 0, *o;
	const char *name;
	GElf_Sym sym;
	__u64 off;

	*offs = NULL;
	*cnt = 0;
	if (kf_elf_section_by_type(kelf, SHT_SYMTAB, &symtab) || !symtab.edata ||
	    !symtab.shdr.sh_entsize)
		return -ENOENT;
	n = symtab.size / symtab.shdr.sh_entsize;
	for (i = 0; i < n; i++) {
		if (!gelf_getsym(symtab.edata, i, &sym) || sym.st_shndx != ids->index)
			continue;
		name = elf_strptr(kelf->elf, symtab.shdr.sh_link, sym.st_name);
		if (!name || strncmp(name, SET8_SYM_PREFIX, strlen(SET8_SYM_PREFIX)))
			continue;
		/* Linked files hold addresses, relocatable ones offsets. */
		off = sym.st_value;
		if (kelf->ehdr.e_type != ET_REL)
			off -= ids->shdr.sh_addr;
		if (off > ids->size)
			continue;
		o = kf_grow((void **)offs, &cap, sizeof(*o), *cnt);
		if (!o) {
			free(*offs);
			*offs = NULL;
			return -ENOMEM;
		}
		*o = off;
		(*cnt)++;
	}
	return 0;
}

static int scan_btf_ids(struct kfunc_list *l, const struct kf_elf *kelf,
			unsigned int *evidence)
{
	size_t i, n, off, sz, *offs;
	bool any_kfunc_flag = false;
	struct kf_section ids;
	int err;

	if (kf_elf_section(kelf, ".BTF_ids", &ids) || !ids.data ||
	    kelf->ehdr.e_ident[EI_DATA] != ELFDATA2LSB)
		return 0;

	err = set8_symbols(kelf, &ids, &offs, &n);
	if (err == -ENOMEM)
		return err;
	if (!err && n) {
		/* Before BTF_SET8_KFUNCS existed, every set8 was a kfunc set. */
		for (i = 0; i < n; i++)
			if (take_set8(l, &ids, offs[i], false) &&
			    set_is_kfuncs(&ids, offs[i]))
				any_kfunc_flag = true;
		for (i = 0; i < n; i++) {
			if (any_kfunc_flag && (offs[i] > ids.size - 8 ||
					       !set_is_kfuncs(&ids, offs[i])))
				continue;
			sz = take_set8(l, &ids, offs[i], true);
			if (sz == (size_t)-1) {
				free(offs);
				return -ENOMEM;
			}
			if (sz)
				*evidence |= KF_EV_BTF_IDS;
		}
		free(offs);
		return 0;
	}
	free(offs);

	/* No symbols: kfunc sets are recognized by their flag and contents. */
	for (off = 0; ids.size >= 8 && off <= ids.size - 8; off += 4) {
		if (!set_is_kfuncs(&ids, off) ||
		    word(&ids, off, 1) != BTF_SET8_KFUNCS)
			continue;
		sz = take_set8(l, &ids, off, true);
		if (sz == (size_t)-1)
			return -ENOMEM;
		if (sz) {
			*evidence |= KF_EV_BTF_IDS;
			off += sz - 4;
		}
	}
	return 0;
}

static int kfunc_cmp(const void *a, const void *b)
{
	const struct kf_kfunc *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->btf_id < y->btf_id ? -1 : x->btf_id > y->btf_id;
}

/* Where the verifier finds the full prototype of @kf, as it looks it up. */
static void find_impl(const struct btf *btf, struct kf_kfunc *kf)
{
	char buf[KF_KSYM_NAME_LEN];
	int len;
	__s32 id;

	len = snprintf(buf, sizeof(buf), "%s%s", kf->name, KF_IMPL_SUFFIX);
	if (len < 0 || (size_t)len >= sizeof(buf))
		return;
	id = btf__find_by_name_kind(btf, buf, BTF_KIND_FUNC);
	if (id > 0)
		kf->impl_id = id;
}

int kf_discover_kfuncs(struct kf_source *src, const struct kf_elf *kelf,
		       struct kf_error *e)
{
	const struct btf *base = btf__base_btf(src->btf);
	struct kfunc_list l = {
		.btf = src->btf,
		.start_id = base ? btf__type_cnt(base) : 1,
		.end_id = btf__type_cnt(src->btf),
	};
	size_t i, n = 0;
	int err;

	src->evidence = 0;
	err = scan_decl_tags(&l, &src->evidence);
	if (!err && kelf)
		err = scan_btf_ids(&l, kelf, &src->evidence);
	if (err) {
		free(l.v);
		return kf_error(e, err, "%s: out of memory", src->path);
	}
	/* bpf_fastcall alone does not make a kfunc. */
	for (i = 0; i < l.cnt; i++) {
		if (!l.v[i].evidence)
			continue;
		if (l.v[i].flags & KF_IMPLICIT_ARGS)
			find_impl(src->btf, &l.v[i]);
		l.v[n++] = l.v[i];
	}
	if (n)
		qsort(l.v, n, sizeof(*l.v), kfunc_cmp);
	src->kfuncs = l.v;
	src->kfunc_cnt = n;
	return 0;
}

/* Loading a kernel's BTF objects: the running kernel, or files. */
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

/* Length of the kernel module file extension @name ends with, or 0. */
static size_t module_ext_len(const char *name)
{
	static const char *const exts[] = { ".ko.xz", ".ko.zst", ".ko.gz", ".ko" };
	size_t len = strlen(name), i, el;

	for (i = 0; i < ARRAY_SIZE(exts); i++) {
		el = strlen(exts[i]);
		if (len > el && !strcmp(name + len - el, exts[i]))
			return el;
	}
	return 0;
}

static char *module_name_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t len, el;

	base = base ? base + 1 : path;
	len = strlen(base);
	el = module_ext_len(base);
	if (!el && len > 4 && !strcmp(base + len - 4, ".btf"))
		el = 4;
	return strndup(base, len - el);
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
	/* The kernel checked its own BTF before sysfs showed it. */
	err = blob->sysfs ? 0 : kf_btf_check(src->btf, path, e);
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
	src->funcs = NULL;
	src->vars = NULL;
	src->kfuncs = NULL;
	src->func_cnt = 0;
	src->var_cnt = 0;
	src->kfunc_cnt = 0;
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
	char **note;
	va_list ap;
	int n;

	note = kf_grow((void **)&k->notes, &k->note_cap, sizeof(*note), k->note_cnt);
	if (!note)
		return -ENOMEM;
	va_start(ap, fmt);
	n = vasprintf(note, fmt, ap);
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
	struct sysfs_module *mods = NULL, *mod;
	size_t n = 0, cap = 0, i;
	char path[PATH_MAX];
	struct kf_kernel *k;
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
		mod = kf_grow((void **)&mods, &cap, sizeof(*mod), n);
		if (!mod) {
			err = -ENOMEM;
			break;
		}
		mod->name = strdup(d->d_name);
		if (!mod->name) {
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
	size_t cap;
	int err;
	const char *bad;	/* the path that failed, in v[] or static */
	struct stat *skip;	/* a file not to collect (the vmlinux) */
};

static struct path_list *walk_list;

static bool is_module_file(const char *path)
{
	unsigned char magic[2];
	size_t i;
	FILE *f;

	if (module_ext_len(path))
		return true;
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
	char **v = kf_grow((void **)&l->v, &l->cap, sizeof(*v), l->cnt);

	if (!v)
		return -ENOMEM;
	*v = strdup(path);
	if (!*v)
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

int kf_str_cmp(const void *a, const void *b)
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
		qsort(l->v + first, l->cnt - first, sizeof(*l->v), kf_str_cmp);
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

bool kf_kernel_indirect_jumps(const struct kf_kernel *k)
{
	const struct btf *btf = k->src_cnt ? k->srcs[0].btf : NULL;
	const struct btf_enum *v;
	const struct btf_type *t;
	__s32 id;
	__u16 i;

	id = btf ? btf__find_by_name_kind(btf, "bpf_map_type", BTF_KIND_ENUM) : -ENOENT;
	if (id < 0)
		return false;
	t = btf__type_by_id(btf, id);
	v = btf_enum(t);
	for (i = 0; i < btf_vlen(t); i++)
		if (!strcmp(btf__name_by_offset(btf, v[i].name_off),
			    "BPF_MAP_TYPE_INSN_ARRAY"))
			return true;
	return false;
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
