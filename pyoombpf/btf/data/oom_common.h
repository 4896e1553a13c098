/*
 * Parts of the "mm: BPF OOM" series that are the same in every ABI version pyoombpf knows (v2, v3, post-v3).
 * Source: the series' public postings, as summarised in the project's bpf-oom-abi reference.
 */

#define BPF_OOM_NAME_MAX_LEN 64

enum bpf_oom_flags {
	BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK = 1 << 0,
	BPF_OOM_FLAGS_LAST = 1 << 1,
};

/* Members the series appends to the kernel's struct oom_control. */
__extend struct oom_control {
	bool bpf_memory_freed;          /* read-only to BPF; set by bpf_oom_kill_process() */
	const char *bpf_handler_name;   /* the running handler's bpf_oom_ops.name */
};

/* Sleepable, struct_ops only.  -EPERM unkillable, -EINVAL task going away, else 0 and bpf_memory_freed set. */
__bpf_kfunc int bpf_oom_kill_process(struct oom_control *oc, struct task_struct *task, const char *message__str);
__bpf_kfunc bool bpf_task_is_oom_victim(struct task_struct *task);

/*
 * EXPERIMENTAL, pyoombpf's proposal beyond the upstream v3 series (only pyoombpf's test kernel has it; see
 * docs/test-kernel.md).  Sleepable, bpf_oom_ops programs only: reclaims up to nr_bytes from memcg (inside the
 * OOM's memcg) and sets bpf_memory_freed only when at least nr_bytes and the failed charge were reclaimed.
 * Returns the bytes reclaimed, or -EINVAL.
 */
__bpf_kfunc s64 bpf_oom_reclaim_memcg(struct oom_control *oc, struct mem_cgroup *memcg, u64 nr_bytes);
