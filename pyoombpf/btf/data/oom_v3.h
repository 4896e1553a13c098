/* "mm: BPF OOM" v3 (2026-01-27), pyoombpf's default target. */

struct bpf_oom_ops {
	/* mandatory: check_member rejects a map without it */
	int (*handle_out_of_memory)(struct oom_control *oc, struct bpf_struct_ops_link *st_link);
	char name[BPF_OOM_NAME_MAX_LEN];  /* empty: the kernel uses "bpf_defined_policy" */
};

/* Members v3 adds to the kernel's struct bpf_struct_ops_link: the attach point. */
__extend struct bpf_struct_ops_link {
	struct cgroup *cgroup;
	bool cgroup_removed;
	struct list_head list;
};

/* Sleepable; not callable from OOM handlers or tracing programs. */
__bpf_kfunc int bpf_out_of_memory(struct mem_cgroup *memcg__nullable, int order, u64 flags);
