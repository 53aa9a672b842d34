// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * bss_run: load a BPF object with libbpf, attach its programs, call
 * getpid() and bss_run_trigger() (for uprobes on this binary), and print
 * the 32-bit words of its .bss, space-separated:
 *
 *	bss_run OBJ	->	"1 2"
 *
 * Everything is detached and unloaded on exit. Exits 1 when the object
 * does not load or attach, with libbpf's messages on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* Where uprobes attach: "uprobe.session/PATH_TO_BSS_RUN:bss_run_trigger". */
__attribute__((noinline)) int bss_run_trigger(int x)
{
	asm volatile("" : "+r"(x));
	return x;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_map *bss;
	struct bpf_link *links[16];
	struct bpf_program *prog;
	int n = 0, i, err = 1, key = 0;
	__u32 *val = NULL;
	size_t sz;

	if (argc != 2) {
		fprintf(stderr, "usage: bss_run OBJ\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || bpf_object__load(obj))
		goto out;
	bpf_object__for_each_program(prog, obj) {
		if (!bpf_program__autoload(prog) || n == 16)
			continue;
		links[n] = bpf_program__attach(prog);
		if (!links[n])
			goto detach;
		n++;
	}
	syscall(SYS_getpid);
	bss_run_trigger(0);
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
	while (n--)
		bpf_link__destroy(links[n]);
out:
	free(val);
	bpf_object__close(obj);
	return err;
}
