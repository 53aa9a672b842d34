// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/* Whole-file reads with transparent decompression, and ELF section lookup. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <zlib.h>
#ifdef HAVE_LZMA_SUPPORT
#include <lzma.h>
#endif
#ifdef HAVE_ZSTD_SUPPORT
#include <zstd.h>
#endif
#include <linux/btf.h>

#include "kfunc_btf.h"
#include "kfunc_file.h"

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

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (unsigned long long)st.st_size > KF_FILE_MAX)
		return -EAGAIN;
	/* sysfs sizes are not always what a read returns. */
	if (fstatfs(fd, &sfs) || sfs.f_type == SYSFS_MAGIC)
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
