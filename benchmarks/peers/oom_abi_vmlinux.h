/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "usual way" variant of src_c/policies/oom_abi.h, for the compile-time comparison of issue 20
 * (benchmarks/bench_peers.py): the full vmlinux.h that `bpftool btf dump file /sys/kernel/btf/vmlinux format c`
 * generates, plus only what it lacks for the BPF OOM v3 ABI.  The benchmark copies this file as `oom_abi.h`
 * next to an unchanged copy of the policy's .bpf.c and its generated vmlinux.h, in a cache directory.
 *
 * The build host's kernel has no BPF OOM series, so four of its structs lack the members the ABI adds
 * (oom_control.bpf_memory_freed/bpf_handler_name, bpf_struct_ops_link.cgroup, psi_group.cgroup_id,
 * psi_trigger.cgroup_id) and its page-scan counters are in another enum; C cannot extend a struct or an
 * enum.  vmlinux.h's definitions of those are renamed out of the way while it is included (the common trick
 * for a vmlinux.h older than the target kernel; the same guard keeps a vmlinux.h that has bpf_oom_ops from
 * clashing); the ABI's versions follow, CO-RE relocatable.  The kfuncs are declared here: bpftool 7.1 emits
 * no kfunc prototypes into vmlinux.h.  What vmlinux.h already has (bpf_iter_css, CSS_TASK_ITER_PROCS,
 * BPF_CGROUP_ITER_DESCENDANTS_POST, ...) is used from it.  pyoombpf's own code.
 */
#ifndef PYOOMBPF_OOM_ABI_VMLINUX_H
#define PYOOMBPF_OOM_ABI_VMLINUX_H

#define oom_control oom_control___host
#define bpf_struct_ops_link bpf_struct_ops_link___host
#define psi_group psi_group___host
#define psi_trigger psi_trigger___host
#define bpf_oom_ops bpf_oom_ops___host /* a vmlinux.h of a BPF OOM kernel has it: ours is used either way */
/* 7.x counts page scans per node (enum node_stat_item); older kernels, this host's among them, in enum
 * vm_event_item: the enumerators the policies relocate against go out of the way like the structs. */
#define node_stat_item node_stat_item___host
#define NR_FILE_PAGES NR_FILE_PAGES___host
#define PGSCAN_KSWAPD PGSCAN_KSWAPD___host
#define PGSCAN_DIRECT PGSCAN_DIRECT___host
#define PGSCAN_KHUGEPAGED PGSCAN_KHUGEPAGED___host
#define PGSCAN_PROACTIVE PGSCAN_PROACTIVE___host
#include "vmlinux.h"
#undef node_stat_item
#undef NR_FILE_PAGES
#undef PGSCAN_KSWAPD
#undef PGSCAN_DIRECT
#undef PGSCAN_KHUGEPAGED
#undef PGSCAN_PROACTIVE
#undef oom_control
#undef bpf_struct_ops_link
#undef psi_group
#undef psi_trigger
#undef bpf_oom_ops

#include <bpf/bpf_helpers.h>

#define SEC_OOM_MAP SEC(".struct_ops.link")
#define SEC_OOM_HANDLER SEC("struct_ops.s/handle_out_of_memory")

#define PA __attribute__((preserve_access_index))

struct oom_control {
	struct mem_cgroup *memcg;
	int order;
	bool bpf_memory_freed;
	const char *bpf_handler_name;
} PA;

struct bpf_struct_ops_link {
	struct cgroup *cgroup;
} PA;

struct psi_group {
	__u64 cgroup_id;
	__u64 total[14];
} PA;

struct psi_trigger {
	__u64 cgroup_id;
} PA;

/* Values are placeholders: the policies read the kernel's through CO-RE (bpf_core_enum_value). */
enum node_stat_item {
	NR_FILE_PAGES,
	PGSCAN_KSWAPD,
	PGSCAN_DIRECT,
	PGSCAN_KHUGEPAGED,
	PGSCAN_PROACTIVE,
};

struct bpf_oom_ops {
	int (*handle_out_of_memory)(struct oom_control *oc, struct bpf_struct_ops_link *st_link);
	char name[64];
};

#ifndef OOM_SCORE_ADJ_MIN
#define OOM_SCORE_ADJ_MIN (-1000)
#endif
#ifndef BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK
#define BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK 1
#endif

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
extern struct cgroup *bpf_cgroup_from_id(__u64 cgid) __ksym __weak;
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

#endif
