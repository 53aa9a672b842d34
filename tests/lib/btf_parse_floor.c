// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The floor for BTF tools: parse a BTF file (ELF with .BTF, or raw) with
 * btf__parse(), optionally as split BTF on a base, and nothing else.
 *
 *	btf_parse_floor FILE [BASE]
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/btf.h>

int main(int argc, char **argv)
{
	struct btf *base = NULL, *btf;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: btf_parse_floor FILE [BASE]\n");
		return 2;
	}
	if (argc == 3) {
		base = btf__parse(argv[2], NULL);
		if (!base) {
			fprintf(stderr, "%s: %s\n", argv[2], strerror(errno));
			return 1;
		}
	}
	btf = base ? btf__parse_split(argv[1], base) : btf__parse(argv[1], NULL);
	if (!btf) {
		fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
		btf__free(base);
		return 1;
	}
	printf("%u types\n", btf__type_cnt(btf) - 1);
	btf__free(btf);
	btf__free(base);
	return 0;
}
