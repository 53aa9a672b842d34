// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)
/*
 * Kfunc externs of every kind of match for the skeleton guards: the
 * "oracle" program stores bpf_ksym_exists() of each in g_<name>.
 */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "skel_externs.h"

struct task_struct {
	int pid;
};

struct cgroup {
	long id;
};

union task_union {
	int pid;
};

struct sock {
	int x;
};

struct bpf_dynptr {
	__u64 opaque[2];
};

/* never defined: a BTF FWD */
struct skel_fwd_only;

enum tcp_ca_event {
	CA_EVENT_TX_START,
};

enum my_event {
	MY_EVENT_A,
	MY_EVENT_B,
};

typedef struct task_struct *task_ptr;
typedef task_ptr task_ptr2;
typedef unsigned int my_u32;
typedef my_u32 my_u32b;
typedef const my_u32b my_u32c;

extern void bpf_rcu_read_lock(void) __ksym __weak;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym __weak;
extern void *bpf_cast_to_kern_ctx(void *obj) __ksym __weak;
extern int bpf_dynptr_adjust(const struct bpf_dynptr *p, __u32 start, __u32 end) __ksym __weak;
extern int bpf_send_signal_task(struct task_struct *task, int sig, enum my_event type,
				__u64 value) __ksym __weak;
extern void bbr_cwnd_event(struct sock *sk, enum tcp_ca_event event) __ksym __weak;

extern struct cgroup *bpf_task_acquire___cg(struct cgroup *p) __ksym __weak;
extern task_ptr2 bpf_task_acquire___td(task_ptr2 p) __ksym __weak;
extern int bpf_dynptr_adjust___td(const struct bpf_dynptr *p, my_u32c start,
				  my_u32b end) __ksym __weak;
extern const int bpf_dynptr_adjust___cv(const volatile struct bpf_dynptr *const p,
					volatile __u32 start, const __u32 end) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___u64(__u64 pid) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___char(char pid) __ksym __weak;
extern void bbr_cwnd_event___myenum(struct sock *sk, enum my_event event) __ksym __weak;
extern int bpf_send_signal_task___myenum(struct task_struct *task, int sig,
					 enum tcp_ca_event type, __u64 value) __ksym __weak;
extern const void *bpf_cast_to_kern_ctx___cv(const void *obj) __ksym __weak;

extern void bpf_rcu_read_lock___arity(int x) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___arity(__s32 pid, __s32 tgid) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___ptr(__s32 *pid) __ksym __weak;
extern long bpf_task_acquire___long(struct task_struct *p) __ksym __weak;
extern struct task_struct **bpf_task_acquire___pp(struct task_struct *p) __ksym __weak;
extern union task_union *bpf_task_acquire___union(union task_union *p) __ksym __weak;
extern void bbr_cwnd_event___int(struct sock *sk, int event) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___enum(enum my_event pid) __ksym __weak;
extern void bpf_task_release___fwd(struct skel_fwd_only *p) __ksym __weak;
extern int bpf_task_release___int(struct task_struct *p) __ksym __weak;
extern void bpf_task_acquire___void(struct task_struct *p) __ksym __weak;
extern void *bpf_cast_to_kern_ctx___st(struct task_struct *obj) __ksym __weak;
extern void *bpf_cast_to_kern_ctx___long(long obj) __ksym __weak;

extern void skel_no_such_kfunc(void) __ksym __weak;
extern void bpf_rcu_read_lockx(void) __ksym __weak;
extern void bpf_rcu_read_lock___a(void) __ksym __weak;
extern void bpf_rcu_read_lock___1(void) __ksym __weak;
extern void bpf_rcu_read_lock___a___b(void) __ksym __weak;
extern void bpf_rcu_read_lock___(void) __ksym __weak;
extern void bpf_rcu_read_lock____b(void) __ksym __weak;
extern void bpf_rcu_read_lock___a____(void) __ksym __weak;

extern void bpf_rcu_read_unlock(void) __ksym;
extern struct task_struct *bpf_task_from_pid___strong(int pid) __ksym;

#define DECL(sym) __u32 g_##sym;
#define SET(sym) g_##sym = bpf_ksym_exists(sym);
/* bpf_ksym_exists() wants __weak: keep the address load of a strong one */
#define SET_STRONG(sym)						\
	do {							\
		void *p = (void *)sym;				\
								\
		asm volatile("" : "+r"(p));			\
		g_##sym = !!p;					\
	} while (0)

SKEL_GUARDS_WEAK(DECL)
SKEL_GUARDS_STRONG(DECL)

SEC("syscall")
int oracle(void *ctx)
{
	SKEL_GUARDS_WEAK(SET)
	SET_STRONG(bpf_rcu_read_unlock);
	SET_STRONG(bpf_task_from_pid___strong);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
