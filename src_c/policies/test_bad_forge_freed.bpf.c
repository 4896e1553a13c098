// SPDX-License-Identifier: GPL-2.0
/*
 * Test program that must NOT load: an OOM handler forging
 * oc->bpf_memory_freed (read-only to BPF; only bpf_oom_kill_process() sets it).
 * pyoombpf's own code.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC_OOM_HANDLER
int BPF_PROG(forge, struct oom_control *oc, struct bpf_struct_ops_link *st_link)
{
	oc->bpf_memory_freed = true;
	return 1;
}

SEC_OOM_MAP
struct bpf_oom_ops forge_ops = {
	.handle_out_of_memory = (void *)forge,
	.name = "forge",
};
