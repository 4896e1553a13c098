// SPDX-License-Identifier: GPL-2.0
/*
 * Test program that must NOT load: bpf_task_is_oom_victim() in a struct_ops
 * program other than bpf_oom_ops (here bpf_psi_ops). pyoombpf's own code.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC_SLEEPABLE_OP(init)
int BPF_PROG(victim_in_psi_init, struct bpf_psi *bpf_psi)
{
	struct task_struct *task = bpf_task_from_pid(1);
	int victim;

	if (!task)
		return 0;
	victim = bpf_task_is_oom_victim(task);
	bpf_task_release(task);
	return victim;
}

SEC_SLEEPABLE_OP(handle_psi_event)
void BPF_PROG(victim_psi_event, struct psi_trigger *t)
{
}

SEC_STRUCT_OPS_MAP
struct bpf_psi_ops victim_psi_ops = {
	.init = (void *)victim_in_psi_init,
	.handle_psi_event = (void *)victim_psi_event,
};
