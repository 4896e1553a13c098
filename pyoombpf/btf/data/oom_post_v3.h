/*
 * Post-v3 development shape (unposted; seen in the author's public tree): the handler gets the attach
 * cgroup directly; registered as a cgroup struct_ops attach type.  bpf_out_of_memory keeps its v3 form.
 */

struct bpf_oom_ops {
	int (*handle_out_of_memory)(struct oom_control *oc, struct cgroup *cgrp);
	char name[BPF_OOM_NAME_MAX_LEN];
};

__bpf_kfunc int bpf_out_of_memory(struct mem_cgroup *memcg__nullable, int order, u64 flags);
