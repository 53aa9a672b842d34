/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */
/* Error messages of the kfunc analysis code, which knows no bpftool output. */
#ifndef __KFUNC_ERROR_H
#define __KFUNC_ERROR_H

#define KF_ERR_LEN 512

#ifndef __printf
#define __printf(a, b) __attribute__((format(printf, a, b)))
#endif
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

struct kf_error {
	char msg[KF_ERR_LEN];
};

/* Record "fmt..." in @e (when not NULL) and return -abs(@err). */
int __printf(3, 4) kf_error(struct kf_error *e, int err, const char *fmt, ...);

#endif /* __KFUNC_ERROR_H */
