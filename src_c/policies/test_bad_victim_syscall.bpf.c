// SPDX-License-Identifier: GPL-2.0
/*
 * Test program that must NOT load: bpf_task_is_oom_victim() outside a
 * bpf_oom_ops program (here a SYSCALL program). pyoombpf's own code.
 */
#include "oom_abi.h"

char LICENSE[] SEC("license") = "GPL";

SEC("syscall")
int victim_in_syscall(void *ctx)
{
	struct task_struct *task = bpf_task_from_pid(1);
	int victim;

	if (!task)
		return 0;
	victim = bpf_task_is_oom_victim(task);
	bpf_task_release(task);
	return victim;
}
