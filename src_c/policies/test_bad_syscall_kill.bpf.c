// SPDX-License-Identifier: GPL-2.0
/*
 * Test program that must NOT load: bpf_oom_kill_process() outside an OOM
 * handler (here a SYSCALL program). pyoombpf's own code.
 */
#include "oom_abi.h"

char LICENSE[] SEC("license") = "GPL";

SEC("syscall")
int kill_outside_oom(void *ctx)
{
	return bpf_oom_kill_process((void *)0, (void *)0, "not an OOM handler");
}
