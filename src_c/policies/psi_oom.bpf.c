// SPDX-License-Identifier: GPL-2.0
/*
 * Reference PSI policy (v2 BPF PSI ABI), pyoombpf's own code.
 *
 * init() watches one cgroup (its id is written to `target` before the handler
 * is registered) with a "full" memory trigger: 100 ms of stall in a 1 s
 * window. When it fires, handle_psi_event() declares an OOM in that cgroup's
 * memcg with bpf_out_of_memory(), so a task throttled by memory.high (which
 * the kernel would never OOM-kill) gets killed. Cgroup online/offline
 * notifications are counted.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} target SEC(".maps");

/* S_OOM_RC: the last bpf_out_of_memory() result; S_OOMS: how many of them did something. */
enum { S_INIT_RC, S_EVENTS, S_OOM_RC, S_ONLINE, S_LAST_ONLINE, S_OFFLINE, S_LAST_OFFLINE, S_OOMS, S_MAX };

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

SEC_SLEEPABLE_OP(init)
int BPF_PROG(psi_init, struct bpf_psi *bpf_psi)
{
	__u32 zero = 0;
	__u64 *cgid = bpf_map_lookup_elem(&target, &zero);
	int rc;

	if (!cgid)
		return -1;
	rc = bpf_psi_create_trigger(bpf_psi, *cgid, PSI_MEM | BPF_PSI_FULL, 100000, 1000000);
	stat_set(S_INIT_RC, (__u64)(__s64)rc);
	return rc;
}

SEC_SLEEPABLE_OP(handle_psi_event)
void BPF_PROG(psi_event, struct psi_trigger *t)
{
	struct mem_cgroup *memcg;
	struct cgroup *cgrp;
	int rc;

	stat_add(S_EVENTS, 1);
	cgrp = bpf_cgroup_from_id(t->cgroup_id);
	if (!cgrp)
		return;
	memcg = bpf_get_mem_cgroup(&cgrp->self);
	bpf_cgroup_release(cgrp);
	if (!memcg)
		return;
	rc = bpf_out_of_memory(memcg, 0, BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK);
	bpf_put_mem_cgroup(memcg);
	stat_set(S_OOM_RC, (__u64)(__s64)rc);
	if (rc == 1)
		stat_add(S_OOMS, 1);
}

SEC_SLEEPABLE_OP(handle_cgroup_online)
void BPF_PROG(psi_online, __u64 cgroup_id)
{
	stat_add(S_ONLINE, 1);
	stat_set(S_LAST_ONLINE, cgroup_id);
}

SEC_SLEEPABLE_OP(handle_cgroup_offline)
void BPF_PROG(psi_offline, __u64 cgroup_id)
{
	stat_add(S_OFFLINE, 1);
	stat_set(S_LAST_OFFLINE, cgroup_id);
}

SEC_STRUCT_OPS_MAP
struct bpf_psi_ops psi_oom_ops = {
	.init = (void *)psi_init,
	.handle_psi_event = (void *)psi_event,
	.handle_cgroup_online = (void *)psi_online,
	.handle_cgroup_offline = (void *)psi_offline,
};
