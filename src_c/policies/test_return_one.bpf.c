// SPDX-License-Identifier: GPL-2.0
/*
 * Test policy: claims every OOM (returns 1) without freeing anything. Under the
 * v3 ABI that must not stop the kernel OOM killer, because only
 * bpf_oom_kill_process() sets oc->bpf_memory_freed. pyoombpf's own code.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

/* [0] calls, [1] bpf_memory_freed seen set on entry (must stay 0). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

SEC_OOM_HANDLER
int BPF_PROG(claim_oom, struct oom_control *oc, struct bpf_struct_ops_link *st_link)
{
	__u32 calls = 0, freed = 1;
	__u64 *slot;

	slot = bpf_map_lookup_elem(&stats, &calls);
	if (slot)
		__sync_fetch_and_add(slot, 1);
	slot = bpf_map_lookup_elem(&stats, &freed);
	if (slot && oc->bpf_memory_freed)
		__sync_fetch_and_add(slot, 1);
	return 1;
}

SEC_OOM_MAP
struct bpf_oom_ops return_one_ops = {
	.handle_out_of_memory = (void *)claim_oom,
	/* Left empty on purpose: the kernel names it "bpf_defined_policy". */
};
