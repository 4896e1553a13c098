// SPDX-License-Identifier: GPL-2.0
/*
 * Test program: a SYSCALL program that declares an OOM with bpf_out_of_memory(),
 * run on demand through BPF_PROG_RUN. It gives the VM tests exactly one
 * out_of_memory() call per run. pyoombpf's own code.
 */
#include "oom_abi.h"

char LICENSE[] SEC("license") = "GPL";

struct declare_args {
	__u64 cgroup_id; /* 0: system-wide */
	__s32 order;
	__u32 pad;
	__u64 flags;
};

SEC("syscall")
int declare_oom(struct declare_args *args)
{
	struct mem_cgroup *memcg = NULL;
	struct cgroup *cgrp;
	int ret;

	if (args->cgroup_id) {
		cgrp = bpf_cgroup_from_id(args->cgroup_id);
		if (!cgrp)
			return -2; /* -ENOENT */
		memcg = bpf_get_mem_cgroup(&cgrp->self);
		bpf_cgroup_release(cgrp);
		if (!memcg)
			return -2;
	}
	ret = bpf_out_of_memory(memcg, args->order, args->flags);
	if (memcg)
		bpf_put_mem_cgroup(memcg);
	return ret;
}
