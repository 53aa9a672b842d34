// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Replay: run a fuzz target on files without libFuzzer.
 *
 *	replay-TARGET FILE|DIR...
 *
 * Directories give their regular files, in name order. Prints the number of
 * inputs run; a crash is the sanitizers' to report.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	struct kf_blob blob = {};

	/* Read as is: kf_file_read() would inflate compressed inputs. */
	FILE *f = fopen(path, "rb");
	long n;

	if (!f) {
		perror(path);
		return -1;
	}
	n = fseek(f, 0, SEEK_END) ? -1 : ftell(f);
	if (n < 0 || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		fprintf(stderr, "%s: cannot size\n", path);
		return -1;
	}
	blob.size = n;
	blob.data = malloc(n ?: 1);
	if (!blob.data || fread(blob.data, 1, n, f) != (size_t)n) {
		fclose(f);
		free(blob.data);
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(blob.data, blob.size);
	free(blob.data);
	return 0;
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
	struct dirent **ents;
	char path[4096];
	struct stat st;
	int i, j, n, cnt = 0, bad = 0;

	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st)) {
			perror(argv[i]);
			bad++;
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += run_file(argv[i]) != 0;
			cnt++;
			continue;
		}
		n = scandir(argv[i], &ents, NULL, name_cmp);
		if (n < 0) {
			perror(argv[i]);
			bad++;
			continue;
		}
		for (j = 0; j < n; j++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], ents[j]->d_name);
			if (!stat(path, &st) && S_ISREG(st.st_mode)) {
				bad += run_file(path) != 0;
				cnt++;
			}
			free(ents[j]);
		}
		free(ents);
	}
	printf("%d inputs\n", cnt);
	return bad ? 1 : 0;
}
