// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bss_run: load a BPF object with libbpf, attach its programs, call
 * getpid() and bss_run_trigger(), and print the 32-bit words of its .bss,
 * space-separated:
 *
 *	bss_run OBJ	->	"1 2"
 *
 * Programs of section "uprobe.session" (which libbpf 1.5 does not know)
 * are attached here as uprobe sessions on bss_run_trigger(); the others by
 * libbpf. Everything is detached and unloaded on exit. Exits 1 when the
 * object does not load or attach, with the reason on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* enum bpf_attach_type's value (Linux 6.13), unknown to older headers. */
#define UPROBE_SESSION	57
#define MAX_LINKS	16

int bss_run_trigger(int x)
{
	asm volatile("" : "+r"(x));
	return x;
}

/* The offset of bss_run_trigger() in this program's file. */
static unsigned long trigger_offset(void)
{
	unsigned long addr = (unsigned long)bss_run_trigger, start, end, off;
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &off) == 3 &&
		    addr >= start && addr < end) {
			fclose(f);
			return addr - start + off;
		}
	}
	if (f)
		fclose(f);
	return 0;
}

/* Raw BPF_LINK_CREATE: libbpf 1.5 refuses options for an attach type it does not know. */
static int attach_session(struct bpf_program *prog)
{
	unsigned long off = trigger_offset();
	union bpf_attr attr;

	if (!off)
		return -1;
	memset(&attr, 0, sizeof(attr));
	attr.link_create.prog_fd = bpf_program__fd(prog);
	attr.link_create.attach_type = UPROBE_SESSION;
	attr.link_create.uprobe_multi.path = (unsigned long)"/proc/self/exe";
	attr.link_create.uprobe_multi.offsets = (unsigned long)&off;
	attr.link_create.uprobe_multi.cnt = 1;
	return syscall(__NR_bpf, BPF_LINK_CREATE, &attr, sizeof(attr));
}

int main(int argc, char **argv)
{
	/* Called through a pointer the compiler cannot see: never inlined. */
	int (*trigger)(int) = bss_run_trigger;
	struct bpf_link *links[MAX_LINKS];
	int fds[MAX_LINKS], nl = 0, nf = 0, i, err = 1, key = 0;
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *bss;
	__u32 *val = NULL;
	size_t sz;

	if (argc != 2) {
		fprintf(stderr, "usage: bss_run OBJ\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj)
		return 1;
	bpf_object__for_each_program(prog, obj) {
		if (strcmp(bpf_program__section_name(prog), "uprobe.session"))
			continue;
		bpf_program__set_type(prog, BPF_PROG_TYPE_KPROBE);
		bpf_program__set_expected_attach_type(prog, UPROBE_SESSION);
	}
	if (bpf_object__load(obj))
		goto out;
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__autoload(prog))
			continue;
		if (nl == MAX_LINKS || nf == MAX_LINKS)
			goto detach;
		if (!strcmp(bpf_program__section_name(prog), "uprobe.session")) {
			fds[nf] = attach_session(prog);
			if (fds[nf] < 0) {
				fprintf(stderr, "bss_run: uprobe session: %s\n", strerror(errno));
				goto detach;
			}
			nf++;
			continue;
		}
		links[nl] = bpf_program__attach(prog);
		if (!links[nl])
			goto detach;
		nl++;
	}
	syscall(SYS_getpid);
	asm volatile("" : "+r"(trigger));
	trigger(0);
	bss = bpf_object__find_map_by_name(obj, ".bss");
	if (!bss)
		goto detach;
	sz = bpf_map__value_size(bss);
	val = calloc(1, sz);
	if (!val || bpf_map_lookup_elem(bpf_map__fd(bss), &key, val))
		goto detach;
	for (i = 0; i < (int)(sz / sizeof(*val)); i++)
		printf("%s%u", i ? " " : "", val[i]);
	printf("\n");
	err = 0;
detach:
	while (nl--)
		bpf_link__destroy(links[nl]);
	while (nf--)
		close(fds[nf]);
out:
	free(val);
	bpf_object__close(obj);
	return err;
}
