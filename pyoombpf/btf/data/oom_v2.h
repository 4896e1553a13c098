/* "mm: BPF OOM" v2 (2025-10): a context struct carries the attach cgroup's id; an offline callback. */

struct bpf_oom_ctx {
	u64 cgroup_id;  /* 0 = system-wide handler */
};

struct bpf_oom_ops {
	int (*handle_out_of_memory)(struct bpf_oom_ctx *ctx, struct oom_control *oc);
	void (*handle_cgroup_offline)(struct bpf_oom_ctx *ctx, u64 cgroup_id);
	char name[BPF_OOM_NAME_MAX_LEN];
};

__bpf_kfunc int bpf_out_of_memory(struct mem_cgroup *memcg__nullable, int order, u64 flags,
				  const char *constraint_text__nullable);
