/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel types and kfuncs used by the reference OOM policies, declared for CO-RE
 * (preserve_access_index: only the fields used, matched by name at load time).
 * Target: the "BPF OOM" v3 ABI (see docs/test-kernel.md). pyoombpf's own code.
 */
#ifndef PYOOMBPF_OOM_ABI_H
#define PYOOMBPF_OOM_ABI_H

#include <stdbool.h>
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* libbpf 1.1 knows neither ".struct_ops.link" nor "struct_ops.s/": the VM tests
 * build a copy with -DPYOOMBPF_LIBBPF_1_1 and restore BPF_F_LINK and
 * BPF_F_SLEEPABLE in their loader. The yardstick objects use the real names. */
#ifdef PYOOMBPF_LIBBPF_1_1
#define SEC_STRUCT_OPS_MAP SEC(".struct_ops")
#define SEC_SLEEPABLE_OP(member) SEC("struct_ops/" #member)
#else
#define SEC_STRUCT_OPS_MAP SEC(".struct_ops.link")
#define SEC_SLEEPABLE_OP(member) SEC("struct_ops.s/" #member)
#endif
/* Sleepable programs on a (faultable) BTF tracepoint: tp_btf.s/, restored by the loader under libbpf 1.1. */
#ifdef PYOOMBPF_LIBBPF_1_1
#define SEC_SLEEPABLE_TP_BTF(tp) SEC("tp_btf/" #tp)
#else
#define SEC_SLEEPABLE_TP_BTF(tp) SEC("tp_btf.s/" #tp)
#endif
#define SEC_OOM_MAP SEC_STRUCT_OPS_MAP
#define SEC_OOM_HANDLER SEC_SLEEPABLE_OP(handle_out_of_memory)

#define PA __attribute__((preserve_access_index))

struct kernfs_node {
	__u64 id;
} PA;

struct cgroup;

struct cgroup_subsys_state {
	struct cgroup *cgroup;
	struct cgroup_subsys_state *parent;
} PA;

struct cgroup {
	struct cgroup_subsys_state self;
	struct kernfs_node *kn;
	int nr_descendants;
} PA;

struct mem_cgroup {
	struct cgroup_subsys_state css;
	bool oom_group;
} PA;

struct signal_struct {
	short oom_score_adj;
} PA;

struct task_struct {
	int pid;
	int tgid;
	struct signal_struct *signal;
} PA;

/*
 * The v3 PSI tracepoint's argument (psi_avgs_work). The kernel's
 * total[NR_PSI_AGGREGATORS][NR_PSI_STATES - 1] (stall time in ns) is one flat
 * array in BTF (pahole flattens multi-dimensional arrays), so it is declared
 * flat here; row PSI_AVGS (0) comes first, total[state] is total[PSI_AVGS][state].
 */
struct psi_group {
	__u64 cgroup_id;
	__u64 total[14];
} PA;

#define PSI_AVGS 0
/* enum psi_states: the same values in every configuration for these. */
#define PSI_MEM_SOME 2
#define PSI_MEM_FULL 3

struct oom_control {
	struct mem_cgroup *memcg;
	int order;
	bool bpf_memory_freed;
	const char *bpf_handler_name;
} PA;

struct bpf_struct_ops_link {
	struct cgroup *cgroup;
} PA;

/* The struct_ops type itself: layout must match the kernel's exactly. */
struct bpf_oom_ops {
	int (*handle_out_of_memory)(struct oom_control *oc, struct bpf_struct_ops_link *st_link);
	char name[64];
};

/* BPF PSI handlers (v2 ABI). */
struct bpf_psi {
} PA;

struct psi_trigger {
	__u64 cgroup_id;
} PA;

struct bpf_psi_ops {
	int (*init)(struct bpf_psi *bpf_psi);
	void (*handle_psi_event)(struct psi_trigger *t);
	void (*handle_cgroup_online)(__u64 cgroup_id);
	void (*handle_cgroup_offline)(__u64 cgroup_id);
	struct bpf_psi *bpf_psi;
};

#define PSI_IO 0
#define PSI_MEM 1
#define PSI_CPU 2
#define PSI_IRQ 3
#define BPF_PSI_FULL 0x80000000

/* Open-coded iterator state: names and sizes must match the kernel's. */
struct bpf_iter_css {
	__u64 __opaque[3];
} __attribute__((aligned(8)));

struct bpf_iter_css_task {
	__u64 __opaque[1];
} __attribute__((aligned(8)));

#define BPF_CGROUP_ITER_DESCENDANTS_POST 3
#define CSS_TASK_ITER_PROCS 1
#define OOM_SCORE_ADJ_MIN (-1000)
#define BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK 1

/* Values are placeholders: policies read the kernel's through CO-RE
 * (bpf_core_enum_value). In 7.x the pgscan counters are node_stat_items. */
enum node_stat_item {
	NR_FILE_PAGES,
	PGSCAN_KSWAPD,
	PGSCAN_DIRECT,
	PGSCAN_KHUGEPAGED,
	PGSCAN_PROACTIVE,
};

extern int bpf_oom_kill_process(struct oom_control *oc, struct task_struct *task,
				const char *message__str) __ksym __weak;
extern bool bpf_task_is_oom_victim(struct task_struct *task) __ksym __weak;
extern struct mem_cgroup *bpf_get_root_mem_cgroup(void) __ksym __weak;
extern struct mem_cgroup *bpf_get_mem_cgroup(struct cgroup_subsys_state *css) __ksym __weak;
extern void bpf_put_mem_cgroup(struct mem_cgroup *memcg) __ksym __weak;
extern unsigned long bpf_mem_cgroup_usage(struct mem_cgroup *memcg) __ksym __weak;
extern unsigned long bpf_mem_cgroup_page_state(struct mem_cgroup *memcg, int idx) __ksym __weak;
extern void bpf_mem_cgroup_flush_stats(struct mem_cgroup *memcg) __ksym __weak;
extern int bpf_out_of_memory(struct mem_cgroup *memcg__nullable, int order, __u64 flags) __ksym __weak;
extern int bpf_psi_create_trigger(struct bpf_psi *bpf_psi, __u64 cgroup_id, __u32 resource,
				  __u32 threshold_us, __u32 window_us) __ksym __weak;
extern struct cgroup *bpf_cgroup_from_id(__u64 cgid) __ksym __weak;
extern struct cgroup *bpf_cgroup_acquire(struct cgroup *cgrp) __ksym __weak;
extern void bpf_cgroup_release(struct cgroup *cgrp) __ksym __weak;
extern struct task_struct *bpf_task_from_pid(__s32 pid) __ksym __weak;
extern void bpf_task_release(struct task_struct *p) __ksym __weak;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern int bpf_iter_css_new(struct bpf_iter_css *it, struct cgroup_subsys_state *start,
			    unsigned int flags) __ksym __weak;
extern struct cgroup_subsys_state *bpf_iter_css_next(struct bpf_iter_css *it) __ksym __weak;
extern void bpf_iter_css_destroy(struct bpf_iter_css *it) __ksym __weak;
extern int bpf_iter_css_task_new(struct bpf_iter_css_task *it, struct cgroup_subsys_state *css,
				 unsigned int flags) __ksym __weak;
extern struct task_struct *bpf_iter_css_task_next(struct bpf_iter_css_task *it) __ksym __weak;
extern void bpf_iter_css_task_destroy(struct bpf_iter_css_task *it) __ksym __weak;

static __always_inline __u64 cgroup_id_of(struct cgroup *cgrp)
{
	return cgrp->kn->id;
}

#endif
