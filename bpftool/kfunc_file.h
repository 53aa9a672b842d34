/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Reading kernel and object files: decompression and ELF sections. */
#ifndef __KFUNC_FILE_H
#define __KFUNC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <gelf.h>

#include "kfunc_error.h"

/* Largest file we read (or inflate a compressed one to). */
#define KF_FILE_MAX (1ULL << 31)

struct kf_blob {
	void *data;
	size_t size;
	bool mapped;	/* data is a private file mapping of size bytes */
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

#endif /* __KFUNC_FILE_H */
