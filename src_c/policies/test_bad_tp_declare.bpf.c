// SPDX-License-Identifier: GPL-2.0
/*
 * Test programs that must NOT load (load each alone, non-sleepable):
 * bpf_out_of_memory() from a tracing program on another tracepoint than
 * psi_avgs_work, and from a non-sleepable program on psi_avgs_work (the
 * kfunc sleeps). pyoombpf's own code.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tp_btf/mark_victim")
int BPF_PROG(declare_on_mark_victim, struct task_struct *task, unsigned int uid)
{
	return bpf_out_of_memory(0, 0, 0);
}

SEC("tp_btf/psi_avgs_work")
int BPF_PROG(declare_not_sleepable, struct psi_group *group)
{
	return bpf_out_of_memory(0, 0, 0);
}
