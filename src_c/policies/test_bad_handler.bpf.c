// SPDX-License-Identifier: GPL-2.0
/*
 * Test program that must NOT load: an OOM handler calling bpf_out_of_memory()
 * (OOM handlers run under oom_lock; v3 forbids it). pyoombpf's own code.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC_OOM_HANDLER
int BPF_PROG(recurse, struct oom_control *oc, struct bpf_struct_ops_link *st_link)
{
	return bpf_out_of_memory(0, 0, 0) > 0;
}

SEC_OOM_MAP
struct bpf_oom_ops bad_handler_ops = {
	.handle_out_of_memory = (void *)recurse,
	.name = "bad_handler",
};
