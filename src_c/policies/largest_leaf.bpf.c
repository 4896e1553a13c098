// SPDX-License-Identifier: GPL-2.0
/*
 * Reference OOM policy "largest leaf" (v3 BPF OOM ABI), pyoombpf's own code.
 *
 * Scope = the OOMing memcg (the root one for a global OOM). If a memcg OOM's
 * scope is the cgroup this copy is attached to, decline: the copy attached
 * further up (the root) handles it, which exercises the upward dispatch chain
 * (not in the benchmarks' twin, see PYOOMBPF_AS_EXAMPLE). Otherwise pick
 * the leaf memcg below the scope with the largest usage minus page cache,
 * skipping leaves that hold an OOM_SCORE_ADJ_MIN task, and kill all its
 * processes with bpf_oom_kill_process().
 */
#include "oom_abi.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#ifdef PYOOMBPF_AS_EXAMPLE
/*
 * The benchmarks' twin (Makefile: largest_leaf.example.bpf.o): the same work as
 * examples/largest_leaf.py, which keeps no statistics and decides the OOMs of
 * its own attach cgroup too.
 */
#define stat_add(idx, v) ((void)0)
#define stat_set_once(idx, v) ((void)0)
#define DECLINE_AT_OWN_CGROUP 0
#else
#define DECLINE_AT_OWN_CGROUP 1

/* Decisions, for tests and benchmarks: [0] runs, [1] declined, [2] kills, [3] first victim cgroup id. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

static __always_inline void stat_add(__u32 idx, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&stats, &idx);

	if (slot)
		__sync_fetch_and_add(slot, v);
}

static __always_inline void stat_set_once(__u32 idx, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&stats, &idx);

	if (slot && !*slot)
		*slot = v;
}
#endif

/* True if some process of @memcg is protected with oom_score_adj -1000 (RCU held). */
static __always_inline bool has_protected_task(struct mem_cgroup *memcg)
{
	struct bpf_iter_css_task it;
	struct task_struct *task;
	bool found = false;

	bpf_iter_css_task_new(&it, &memcg->css, CSS_TASK_ITER_PROCS);
	while ((task = bpf_iter_css_task_next(&it))) {
		if (task->signal->oom_score_adj == OOM_SCORE_ADJ_MIN) {
			found = true;
			break;
		}
	}
	bpf_iter_css_task_destroy(&it);
	return found;
}

/* The leaf below @scope with the largest non-file usage; a new reference, or NULL. */
static __always_inline struct mem_cgroup *largest_leaf(struct mem_cgroup *scope)
{
	struct mem_cgroup *best = NULL, *memcg;
	struct cgroup_subsys_state *pos;
	struct bpf_iter_css it;
	unsigned long best_usage = 0;
	int file_idx = bpf_core_enum_value(enum node_stat_item, NR_FILE_PAGES);

	bpf_rcu_read_lock();
	bpf_iter_css_new(&it, &scope->css, BPF_CGROUP_ITER_DESCENDANTS_POST);
	while ((pos = bpf_iter_css_next(&it))) {
		unsigned long usage, file;

		if (pos->cgroup->nr_descendants)
			continue;
		memcg = bpf_get_mem_cgroup(pos);
		if (!memcg)
			continue;
		usage = bpf_mem_cgroup_usage(memcg);
		if (usage <= best_usage) { /* its non-file usage is at most that: it cannot win */
			bpf_put_mem_cgroup(memcg);
			continue;
		}
		file = bpf_mem_cgroup_page_state(memcg, file_idx); /* bytes */
		usage = usage > file ? usage - file : 0;
		if (usage > best_usage && !has_protected_task(memcg)) {
			best_usage = usage;
			if (best)
				bpf_put_mem_cgroup(best);
			best = memcg;
		} else {
			bpf_put_mem_cgroup(memcg);
		}
	}
	bpf_iter_css_destroy(&it);
	bpf_rcu_read_unlock();
	return best;
}

SEC_OOM_HANDLER
int BPF_PROG(handle_oom, struct oom_control *oc, struct bpf_struct_ops_link *st_link)
{
	struct bpf_iter_css_task it;
	struct mem_cgroup *oom_memcg = oc->memcg, *scope, *victim;
	struct task_struct *task;
	bool killed = false;

	stat_add(0, 1);
	scope = oom_memcg ? bpf_get_mem_cgroup(&oom_memcg->css) : bpf_get_root_mem_cgroup();
	if (!scope)
		return 0;
	if (DECLINE_AT_OWN_CGROUP && oom_memcg && scope->css.cgroup == st_link->cgroup) {
		/* Our own attach point OOMs: leave it to the handler above us. */
		stat_add(1, 1);
		bpf_put_mem_cgroup(scope);
		return 0;
	}
	victim = largest_leaf(scope);
	bpf_put_mem_cgroup(scope);
	if (!victim)
		return 0;

	stat_set_once(3, victim->css.cgroup->kn->id);
	bpf_iter_css_task_new(&it, &victim->css, CSS_TASK_ITER_PROCS);
	while ((task = bpf_iter_css_task_next(&it))) {
		if (bpf_task_is_oom_victim(task))
			continue;
		/* A flag, not a counter: a counter would keep the verifier from converging. */
		if (bpf_oom_kill_process(oc, task, "largest_leaf policy") == 0) {
			killed = true;
			stat_add(2, 1);
		}
	}
	bpf_iter_css_task_destroy(&it);
	bpf_put_mem_cgroup(victim);
	return killed;
}

SEC_OOM_MAP
struct bpf_oom_ops largest_leaf_ops = {
	.handle_out_of_memory = (void *)handle_oom,
	.name = "largest_leaf",
};
