// SPDX-License-Identifier: GPL-2.0
/*
 * Test program that must NOT load: an OOM handler taking a reference to the
 * link's cgroup outside an RCU section. Upstream v3 does not treat
 * st_link->cgroup as a trusted pointer. pyoombpf's own code.
 */
#include "oom_abi.h"

#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC_OOM_HANDLER
int BPF_PROG(acquire_link_cgroup, struct oom_control *oc, struct bpf_struct_ops_link *st_link)
{
	struct cgroup *cgrp = bpf_cgroup_acquire(st_link->cgroup);

	if (cgrp)
		bpf_cgroup_release(cgrp);
	return 0;
}

SEC_OOM_MAP
struct bpf_oom_ops bad_link_cgroup_ops = {
	.handle_out_of_memory = (void *)acquire_link_cgroup,
	.name = "bad_link_cgroup",
};
