// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Hostile code for kfunc resolve's reachability analysis, made from a
 * compiled object with a program "unguarded" (a kfunc call, then exit) in
 * section "syscall" and "lazy_unguarded" alone in "?syscall":
 *
 *	reach_mutate IN OUT KIND
 *
 * KIND: jump_out (a jump past its function), jump_ldimm (a jump into the
 * second half of an ld_imm64), reloc_wrong (an extern relocation moved to
 * an exit), endless (unguarded loops back to its call forever), huge
 * (?syscall: a call and 999,998 instructions, all jump targets), too_many
 * (?syscall: 1,000,001 instructions).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <gelf.h>
#include <linux/bpf.h>

static struct Elf *elf;

static Elf_Scn *scn_by_name(const char *name, GElf_Shdr *shdr)
{
	Elf_Scn *scn = NULL;
	size_t strndx;

	elf_getshdrstrndx(elf, &strndx);
	while ((scn = elf_nextscn(elf, scn))) {
		gelf_getshdr(scn, shdr);
		if (!strcmp(elf_strptr(elf, strndx, shdr->sh_name), name))
			return scn;
	}
	fprintf(stderr, "no section %s\n", name);
	exit(2);
}

/* The symbol @name: its index, and the symbol table's data. */
static size_t sym_by_name(const char *name, GElf_Sym *sym, Elf_Data **data)
{
	GElf_Shdr shdr;
	Elf_Scn *scn = scn_by_name(".symtab", &shdr);
	size_t i;

	*data = elf_getdata(scn, NULL);
	for (i = 1; i < shdr.sh_size / sizeof(Elf64_Sym); i++) {
		gelf_getsym(*data, i, sym);
		if (!strcmp(elf_strptr(elf, shdr.sh_link, sym->st_name), name))
			return i;
	}
	fprintf(stderr, "no symbol %s\n", name);
	exit(2);
}

static struct bpf_insn *func_insns(const char *name, size_t *cnt)
{
	GElf_Shdr shdr;
	Elf_Data *data;
	GElf_Sym sym;

	sym_by_name(name, &sym, &data);
	data = elf_getdata(scn_by_name("syscall", &shdr), NULL);
	*cnt = sym.st_size / sizeof(struct bpf_insn);
	elf_flagdata(data, ELF_C_SET, ELF_F_DIRTY);
	return (struct bpf_insn *)data->d_buf + sym.st_value / sizeof(struct bpf_insn);
}

/* libelf writes, and does not free, section data it did not allocate. */
static struct bpf_insn *replaced;

/* Replace ?syscall by a call and @n - 1 more instructions. */
static void replace_lazy(size_t n)
{
	struct bpf_insn *insns = calloc(n, sizeof(*insns));
	Elf_Data *data, *symdata;
	GElf_Shdr shdr;
	GElf_Sym sym;
	size_t i, si;

	if (!insns) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	replaced = insns;
	data = elf_getdata(scn_by_name("?syscall", &shdr), NULL);
	memcpy(insns, data->d_buf, sizeof(*insns));
	for (i = 1; i + 1 < n; i++)
		insns[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_JNE | BPF_K,
					      .dst_reg = 1, .off = 0 };
	insns[n - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	data->d_buf = insns;
	data->d_size = n * sizeof(*insns);
	elf_flagdata(data, ELF_C_SET, ELF_F_DIRTY);
	si = sym_by_name("lazy_unguarded", &sym, &symdata);
	sym.st_size = data->d_size;
	gelf_update_sym(symdata, si, &sym);
	elf_flagdata(symdata, ELF_C_SET, ELF_F_DIRTY);
}

static void reloc_wrong(void)
{
	struct bpf_insn *insns;
	GElf_Shdr shdr;
	Elf_Data *data;
	GElf_Sym sym;
	GElf_Rel rel;
	size_t cnt;

	/* The first relocation of unguarded names its call: move it to the exit. */
	insns = func_insns("unguarded", &cnt);
	sym_by_name("unguarded", &sym, &data);
	data = elf_getdata(scn_by_name(".relsyscall", &shdr), NULL);
	for (size_t i = 0; i < data->d_size / sizeof(Elf64_Rel); i++) {
		gelf_getrel(data, i, &rel);
		if (rel.r_offset != sym.st_value)
			continue;
		rel.r_offset += (cnt - 1) * sizeof(*insns);
		gelf_update_rel(data, i, &rel);
		elf_flagdata(data, ELF_C_SET, ELF_F_DIRTY);
		return;
	}
	fprintf(stderr, "no relocation at unguarded\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct bpf_insn *insns;
	size_t cnt, i, j;
	char buf[1 << 16];
	ssize_t n;
	int in, fd;

	if (argc != 4) {
		fprintf(stderr, "usage: %s IN OUT KIND\n", argv[0]);
		return 2;
	}
	in = open(argv[1], O_RDONLY);
	fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (in < 0 || fd < 0)
		return perror("open"), 2;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, n) != n)
			return perror("write"), 2;
	close(in);
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_RDWR, NULL);
	if (!elf)
		return fprintf(stderr, "%s\n", elf_errmsg(-1)), 2;

	if (!strcmp(argv[3], "jump_out")) {
		insns = func_insns("guarded", &cnt);
		for (i = 0; i < cnt && BPF_OP(insns[i].code) == BPF_JA; i++)
			;
		for (; i < cnt; i++)
			if (BPF_CLASS(insns[i].code) == BPF_JMP &&
			    BPF_OP(insns[i].code) != BPF_CALL &&
			    BPF_OP(insns[i].code) != BPF_EXIT)
				break;
		insns[i].off = 0x7fff;
	} else if (!strcmp(argv[3], "jump_ldimm")) {
		/* guarded: an ld_imm64 of the extern, then its test. */
		insns = func_insns("guarded", &cnt);
		for (i = 0; i < cnt && insns[i].code != (BPF_LD | BPF_IMM | BPF_DW); i++)
			;
		for (j = i + 2; j < cnt && BPF_CLASS(insns[j].code) != BPF_JMP; j++)
			;
		if (j >= cnt)
			return fprintf(stderr, "no ld_imm64 then jump\n"), 2;
		insns[j].off = (int)i + 1 - (int)j - 1;
	} else if (!strcmp(argv[3], "reloc_wrong")) {
		reloc_wrong();
	} else if (!strcmp(argv[3], "endless")) {
		insns = func_insns("unguarded", &cnt);
		insns[cnt - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_JA,
						    .off = -(int)cnt };
	} else if (!strcmp(argv[3], "huge")) {
		replace_lazy(999999);
	} else if (!strcmp(argv[3], "too_many")) {
		replace_lazy(1000001);
	} else {
		fprintf(stderr, "unknown kind %s\n", argv[3]);
		return 2;
	}
	if (elf_update(elf, ELF_C_WRITE) < 0)
		return fprintf(stderr, "%s\n", elf_errmsg(-1)), 2;
	elf_end(elf);
	free(replaced);
	close(fd);
	return 0;
}
