"""Numbers of the kernel that pyoombpf relies on, in one place: uapi constants, BPF helper ids, and the few
kernel-internal values that are stable but not in BTF.  A leaf module (no imports)."""

# --------------------------------------------------------------------------------------------- iterators (uapi)

#: ``bpf_iter_css_new`` flags (enum bpf_cgroup_iter_order)
BPF_CGROUP_ITER_SELF_ONLY = 1
BPF_CGROUP_ITER_DESCENDANTS_PRE = 2
BPF_CGROUP_ITER_DESCENDANTS_POST = 3
BPF_CGROUP_ITER_ANCESTORS_UP = 4
#: ``bpf_iter_css_task_new`` flags: one task per process
CSS_TASK_ITER_PROCS = 1
