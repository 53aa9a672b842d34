// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * The kernel's verdict per program: load each program of an object alone
 * with libbpf (autoload off for the others, on for itself even in a '?'
 * section), then the object as it is. Prints "PROGRAM loads|fails", one
 * line each, then "object loads|fails". For a program that fails, stderr
 * gets "PROGRAM: " and the verifier's reason (its line naming a kfunc, else
 * its last words), then "PROGRAM: libbpf: " and each warning libbpf gave
 * during that load.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "open_arg.h"

static char log_buf[1 << 20];
static char warn_buf[1 << 16];
static size_t warn_len;
static int collect;

static int warnings(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	int n;

	if (!collect || level != LIBBPF_WARN || warn_len >= sizeof(warn_buf) - 1)
		return 0;
	n = vsnprintf(warn_buf + warn_len, sizeof(warn_buf) - warn_len, fmt, ap);
	if (n > 0)
		warn_len += (size_t)n;
	if (warn_len >= sizeof(warn_buf))
		warn_len = sizeof(warn_buf) - 1;
	return 0;
}

/* Whether the verifier log line @s (up to a newline) is a statistic. */
static int stat_line(const char *s)
{
	return !strncmp(s, "processed ", 10) || !strncmp(s, "verification time", 17) ||
	       !strncmp(s, "stack depth", 11) ||
	       *s == '\n' || !*s;
}

/*
 * The verifier's reason: a line naming a kfunc, else the last other line
 * before the structured diagnostic that 7.3 and later append.
 */
static const char *reason(const char *log, int *len)
{
	const char *s, *last = NULL, *end = strstr(log, "\nVerification failed: ");

	s = strstr(log, "kfunc '");
	if (!s)
		s = strstr(log, "failed to find the address for kernel symbol");
	if (s) {
		*len = (int)strcspn(s, "\n");
		return s;
	}
	for (s = log; *s && (!end || s <= end); s += strcspn(s, "\n"), s += *s == '\n')
		if (!stat_line(s))
			last = s;
	if (!last) {
		last = "no verifier log";
		*len = (int)strlen(last);
		return last;
	}
	*len = (int)strcspn(last, "\n");
	return last;
}

static void print_warnings(const char *only)
{
	const char *s;
	int n;

	for (s = warn_buf; *s; s += n, s += *s == '\n') {
		n = (int)strcspn(s, "\n");
		if (n)
			fprintf(stderr, "%s: %.*s\n", only, n, s);
	}
}

/*
 * Whether struct_ops map @map points to @prog: libbpf keeps the programs
 * of its value as struct bpf_program pointers (bpf_map__initial_value()).
 */
static int points_to(const struct bpf_map *map, const struct bpf_program *prog)
{
	const struct bpf_program *p;
	const char *v;
	size_t sz, i;

	v = bpf_map__initial_value(map, &sz);
	for (i = 0; v && i + sizeof(p) <= sz; i += sizeof(p)) {
		memcpy(&p, v + i, sizeof(p));
		if (p == prog)
			return 1;
	}
	return 0;
}

/* Load @obj_path with only @only autoloaded (all as given when NULL). */
static int load(const char *obj_path, const char *only)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	struct bpf_map *map;
	const char *last;
	int err, len;

	log_buf[0] = '\0';
	obj = bpf_object__open_file(obj_path, NULL);
	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj) {
		if (!only)
			continue;
		if (strcmp(bpf_program__name(prog), only)) {
			bpf_program__set_autoload(prog, false);
			continue;
		}
		/* Its own log: the object's would also get the BTF's. */
		bpf_program__set_autoload(prog, true);
		bpf_program__set_log_buf(prog, log_buf, sizeof(log_buf));
		bpf_program__set_log_level(prog, 1);
		/*
		 * libbpf loads the programs of every struct_ops map it
		 * creates, whatever their autoload: create only the maps
		 * that point to this one.
		 */
		bpf_object__for_each_map(map, obj)
			if (bpf_map__type(map) == BPF_MAP_TYPE_STRUCT_OPS)
				bpf_map__set_autocreate(map, points_to(map, prog));
	}
	warn_buf[0] = '\0';
	warn_len = 0;
	collect = 1;
	err = bpf_object__load(obj);
	collect = 0;
	if (err && only) {
		last = reason(log_buf, &len);
		fprintf(stderr, "%s: %.*s\n", only, len, last);
		print_warnings(only);
	}
	bpf_object__close(obj);
	return err;
}

int main(int argc, char **argv)
{
	struct bpf_program *prog;
	struct bpf_object *obj;
	int err;

	obj = open_arg(argc, argv, warnings);
	if (!obj)
		return 2;
	bpf_object__for_each_program(prog, obj) {
		err = load(argv[1], bpf_program__name(prog));
		printf("%s %s\n", bpf_program__name(prog), err ? "fails" : "loads");
	}
	bpf_object__close(obj);
	printf("object %s\n", load(argv[1], NULL) ? "fails" : "loads");
	return 0;
}
