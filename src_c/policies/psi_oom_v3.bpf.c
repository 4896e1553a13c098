// SPDX-License-Identifier: GPL-2.0
/*
 * Reference PSI policy, v3 form: a sleepable program on the psi_avgs_work
 * tracepoint (upstream v3 dropped bpf_psi_ops). pyoombpf's own code.
 *
 * It does what psi_oom.bpf.c does with a trigger: it watches the cgroup whose
 * id is written to `target`, and when the "full" memory stall reaches 100 ms
 * per 1 s window it declares an OOM in that cgroup's memcg with
 * bpf_out_of_memory(). The tracepoint fires about every 2 s while the group
 * is active; each window is measured from one tick to the first tick at least
 * 1 s later, on group->total[PSI_AVGS][PSI_MEM_FULL] (stall time in ns).
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

#define THRESHOLD_US 100000ULL
#define WINDOW_US 1000000ULL
/* After a longer pause (the group idle, no ticks) a window starts afresh. */
#define STALE_NS (1000ULL * 1000000000ULL)

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} target SEC(".maps");

struct window {
	__u64 start_ns;
	__u64 start_total;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct window);
} window SEC(".maps");

/* S_TICKS: tracepoint calls for the target; S_EVENTS: windows over the threshold. */
enum { S_TICKS, S_EVENTS, S_OOM_RC, S_OOMS, S_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, S_MAX);
	__type(key, __u32);
	__type(value, __u64);
} psi_stats SEC(".maps");

static __always_inline void stat_add(__u32 idx, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&psi_stats, &idx);

	if (slot)
		__sync_fetch_and_add(slot, v);
}

static __always_inline void stat_set(__u32 idx, __u64 v)
{
	__u64 *slot = bpf_map_lookup_elem(&psi_stats, &idx);

	if (slot)
		*slot = v;
}

/* Whether a window ended with the stall over the threshold. */
static __always_inline bool window_fired(struct window *w, __u64 total)
{
	__u64 now = bpf_ktime_get_ns(), elapsed, stalled;

	elapsed = now - w->start_ns;
	if (!w->start_ns || elapsed > STALE_NS) {
		w->start_ns = now;
		w->start_total = total;
		return false;
	}
	if (elapsed < WINDOW_US * 1000)
		return false;
	stalled = total - w->start_total;
	w->start_ns = now;
	w->start_total = total;
	return stalled * WINDOW_US >= THRESHOLD_US * elapsed;
}

SEC_SLEEPABLE_TP_BTF(psi_avgs_work)
int BPF_PROG(psi_avgs, struct psi_group *group)
{
	struct mem_cgroup *memcg;
	struct cgroup *cgrp;
	struct window *w;
	__u32 zero = 0;
	__u64 *cgid;
	int rc;

	cgid = bpf_map_lookup_elem(&target, &zero);
	w = bpf_map_lookup_elem(&window, &zero);
	if (!cgid || !w || group->cgroup_id != *cgid)
		return 0;
	stat_add(S_TICKS, 1);
	if (!window_fired(w, group->total[PSI_AVGS + PSI_MEM_FULL])) /* row PSI_AVGS is 0 */
		return 0;
	stat_add(S_EVENTS, 1);
	cgrp = bpf_cgroup_from_id(group->cgroup_id);
	if (!cgrp)
		return 0;
	memcg = bpf_get_mem_cgroup(&cgrp->self);
	bpf_cgroup_release(cgrp);
	if (!memcg)
		return 0;
	rc = bpf_out_of_memory(memcg, 0, BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK);
	bpf_put_mem_cgroup(memcg);
	stat_set(S_OOM_RC, (__u64)(__s64)rc);
	if (rc == 1)
		stat_add(S_OOMS, 1);
	return 0;
}
