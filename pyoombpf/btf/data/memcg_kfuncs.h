/*
 * memcg kfuncs merged in Linux 7.0 (registered for every program type).  Absent from 6.18; on a 7.x kernel
 * the kernel's own BTF answers first and these declarations are never used.
 */

__bpf_kfunc struct mem_cgroup *bpf_get_root_mem_cgroup(void);
__bpf_kfunc struct mem_cgroup *bpf_get_mem_cgroup(struct cgroup_subsys_state *css);
__bpf_kfunc void bpf_put_mem_cgroup(struct mem_cgroup *memcg);
__bpf_kfunc unsigned long bpf_mem_cgroup_usage(struct mem_cgroup *memcg);
__bpf_kfunc unsigned long bpf_mem_cgroup_page_state(struct mem_cgroup *memcg, int idx);
__bpf_kfunc unsigned long bpf_mem_cgroup_vm_events(struct mem_cgroup *memcg, enum vm_event_item event);
__bpf_kfunc unsigned long bpf_mem_cgroup_memory_events(struct mem_cgroup *memcg, enum memcg_memory_event event);
__bpf_kfunc void bpf_mem_cgroup_flush_stats(struct mem_cgroup *memcg);
