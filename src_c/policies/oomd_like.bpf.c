// SPDX-License-Identifier: GPL-2.0
/*
 * Reference OOM policy "oomd-like" (v3 BPF OOM ABI), pyoombpf's own code:
 * the same work as examples/oomd_like.py, written in C the usual way.
 *
 * User space writes per-cgroup preferences into `prefs` (key: cgroup id):
 * NONE, AVOID (ranked after every other candidate) or OMIT (never chosen);
 * `recursive` is kept for the ABI (this policy relies on memory.oom.group),
 * `last_pgscan` is the pgscan baseline user space keeps for the cgroup.
 * Candidates are the leaf memcgs below the OOM scope and the memcgs with
 * memory.oom.group set, the scope itself excepted; memcgs holding an
 * oom_score_adj -1000 task cannot be killed and are skipped. Ranking: not
 * AVOID first, then the largest pgscan increase over the baseline (reclaim
 * pressure), then the largest usage. Every decision is counted in
 * `decisions`, and each kill sends a record to the `events` ring buffer.
 */
#include "oom_abi.h"

#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

enum pref_kind { PREF_NONE = 0, PREF_AVOID = 1, PREF_OMIT = 2 };

struct pref {
	__u32 kind;	 /* enum pref_kind */
	__u32 recursive; /* kill the whole subtree: this policy leaves that to memory.oom.group */
	__u64 last_pgscan;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct pref);
} prefs SEC(".maps");

enum decision {
	D_RUNS, D_CANDIDATES, D_OMITTED, D_AVOIDED, D_KILLS, D_VICTIM_ID, D_NO_VICTIM, D_MAX = 8
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, D_MAX);
	__type(key, __u32);
	__type(value, __u64);
} decisions SEC(".maps");

/* One record per kill. */
struct decision_event {
	__u64 cgroup_id;
	__u64 pgscan_delta;
	__u64 usage;
	__u32 avoided;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} events SEC(".maps");

static __always_inline void count(__u32 idx, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&decisions, &idx);

	if (slot)
		__sync_fetch_and_add(slot, v);
}

static __always_inline void record(__u32 idx, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&decisions, &idx);

	if (slot)
		*slot = v;
}

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

static __always_inline __u64 pgscan(struct mem_cgroup *memcg)
{
	return bpf_mem_cgroup_page_state(memcg, bpf_core_enum_value(enum node_stat_item, PGSCAN_KSWAPD)) +
	       bpf_mem_cgroup_page_state(memcg, bpf_core_enum_value(enum node_stat_item, PGSCAN_DIRECT)) +
	       bpf_mem_cgroup_page_state(memcg, bpf_core_enum_value(enum node_stat_item, PGSCAN_KHUGEPAGED)) +
	       bpf_mem_cgroup_page_state(memcg, bpf_core_enum_value(enum node_stat_item, PGSCAN_PROACTIVE));
}

struct rank {
	__u64 avoid; /* 0 beats 1 */
	__u64 pressure;
	__u64 usage;
};

static __always_inline bool better(const struct rank *a, const struct rank *b)
{
	if (a->avoid != b->avoid)
		return a->avoid < b->avoid;
	if (a->pressure != b->pressure)
		return a->pressure > b->pressure;
	return a->usage > b->usage;
}

static __always_inline __u64 cgroup_id(struct mem_cgroup *memcg)
{
	return memcg->css.cgroup->kn->id;
}

/* Best candidate below @scope: a new reference, or NULL; its rank in @best_rank. */
static __always_inline struct mem_cgroup *choose(struct mem_cgroup *scope, struct rank *best_rank)
{
	struct mem_cgroup *best = NULL, *memcg;
	struct cgroup_subsys_state *pos;
	struct bpf_iter_css it;
	__u64 scope_id = cgroup_id(scope);
	struct rank r;

	bpf_rcu_read_lock();
	bpf_iter_css_new(&it, &scope->css, BPF_CGROUP_ITER_DESCENDANTS_POST);
	while ((pos = bpf_iter_css_next(&it))) {
		__u64 id, scan, last = 0;
		__u32 kind = PREF_NONE;
		struct pref *p;

		memcg = bpf_get_mem_cgroup(pos);
		if (!memcg)
			continue;
		id = cgroup_id(memcg);
		if ((memcg->css.cgroup->nr_descendants && !memcg->oom_group) || id == scope_id) {
			bpf_put_mem_cgroup(memcg);
			continue;
		}
		count(D_CANDIDATES, 1);
		p = bpf_map_lookup_elem(&prefs, &id);
		if (p) {
			kind = p->kind;
			last = p->last_pgscan;
		}
		if (kind == PREF_OMIT) {
			count(D_OMITTED, 1);
			bpf_put_mem_cgroup(memcg);
			continue;
		}
		if (has_protected_task(memcg)) {
			bpf_put_mem_cgroup(memcg);
			continue;
		}
		scan = pgscan(memcg);
		r.pressure = scan > last ? scan - last : 0;
		r.avoid = kind == PREF_AVOID;
		if (r.avoid)
			count(D_AVOIDED, 1);
		r.usage = bpf_mem_cgroup_usage(memcg);
		if (best && !better(&r, best_rank)) {
			bpf_put_mem_cgroup(memcg);
			continue;
		}
		if (best)
			bpf_put_mem_cgroup(best);
		best = memcg;
		*best_rank = r;
	}
	bpf_iter_css_destroy(&it);
	bpf_rcu_read_unlock();
	return best;
}

static __always_inline bool kill_all(struct oom_control *oc, struct mem_cgroup *victim)
{
	struct bpf_iter_css_task it;
	struct task_struct *task;
	bool killed = false;

	bpf_iter_css_task_new(&it, &victim->css, CSS_TASK_ITER_PROCS);
	while ((task = bpf_iter_css_task_next(&it))) {
		if (bpf_task_is_oom_victim(task))
			continue;
		if (bpf_oom_kill_process(oc, task, "oomd_like policy") == 0)
			killed = true;
	}
	bpf_iter_css_task_destroy(&it);
	return killed;
}

SEC_OOM_HANDLER
int BPF_PROG(handle_oom, struct oom_control *oc, struct bpf_struct_ops_link *st_link)
{
	struct mem_cgroup *oom_memcg = oc->memcg, *scope, *victim;
	struct decision_event ev = {};
	struct rank rank = {};
	bool killed;

	count(D_RUNS, 1);
	scope = oom_memcg ? bpf_get_mem_cgroup(&oom_memcg->css) : bpf_get_root_mem_cgroup();
	if (!scope)
		return 0;
	victim = choose(scope, &rank);
	bpf_put_mem_cgroup(scope);
	if (!victim) {
		count(D_NO_VICTIM, 1);
		return 0;
	}
	ev.cgroup_id = cgroup_id(victim);
	record(D_VICTIM_ID, ev.cgroup_id);
	ev.pgscan_delta = rank.pressure;
	ev.usage = rank.usage;
	ev.avoided = rank.avoid;
	bpf_ringbuf_output(&events, &ev, sizeof(ev), 0);
	/* For an oom.group candidate the kernel's kill path takes the whole group. */
	killed = kill_all(oc, victim);
	bpf_put_mem_cgroup(victim);
	if (killed)
		count(D_KILLS, 1);
	return killed;
}

SEC_OOM_MAP
struct bpf_oom_ops oomd_like_ops = {
	.handle_out_of_memory = (void *)handle_oom,
	.name = "oomd_like",
};
