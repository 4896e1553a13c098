"""The kernel's numbers pyoombpf relies on, in one place: uapi constants, BPF helper ids, and the few
kernel-internal values that are stable but not in BTF.  A leaf module (no imports).

Values the running kernel's BTF describes (enum values: ``MEMCG_SWAP``, ``memory_cgrp_id``, ``MM_FILEPAGES`` …)
are not here: those are read from BTF at compile time, because they differ between builds.
"""

# --------------------------------------------------------------------------------------------- BPF helpers (uapi)

#: ids of the BPF helper functions pyoombpf calls (``enum bpf_func_id`` in include/uapi/linux/bpf.h)
HELPER_MAP_LOOKUP_ELEM = 1
HELPER_MAP_UPDATE_ELEM = 2
HELPER_MAP_DELETE_ELEM = 3
HELPER_KTIME_GET_NS = 5
HELPER_GET_CURRENT_PID_TGID = 14
HELPER_PROBE_READ_KERNEL = 113
HELPER_RINGBUF_OUTPUT = 130
HELPER_DYNPTR_FROM_MEM = 197

#: ``bpf_core_type_id_kernel``'s relocation kind (``BPF_TYPE_ID_TARGET``, enum bpf_type_id_kind in LLVM's BPF)
BPF_TYPE_ID_TARGET = 1
#: the verifier's cap on the iterations of an open-coded ``bpf_iter_num`` loop (kernel's BPF_MAX_LOOPS)
BPF_MAX_LOOPS = 8 * 1024 * 1024

# --------------------------------------------------------------------------------------------- iterators (uapi)

#: ``bpf_iter_css_new`` flags (enum bpf_cgroup_iter_order)
BPF_CGROUP_ITER_SELF_ONLY = 1
BPF_CGROUP_ITER_DESCENDANTS_PRE = 2
BPF_CGROUP_ITER_DESCENDANTS_POST = 3
BPF_CGROUP_ITER_ANCESTORS_UP = 4
#: ``bpf_iter_css_task_new`` flags: one task per process
CSS_TASK_ITER_PROCS = 1

# --------------------------------------------------------------------------------------------- signals, tasks, mm

SIGKILL = 9
#: ``enum pid_type``: a whole thread group (``bpf_send_signal_task``)
PIDTYPE_TGID = 1
#: ``task->flags`` bit of a task that is exiting (include/linux/sched.h)
PF_EXITING = 0x4
#: ``mm->flags`` bit "the OOM killer is done with this mm" (include/linux/mm_types.h; unchanged since 4.x)
MMF_OOM_SKIP = 21
#: bytes per page (x86-64 and the usual arm64 configuration); the kernel's PAGE_SIZE is not in BTF
PAGE_SIZE = 4096
#: the cgroup id of the cgroup v2 root
CGROUP2_ROOT_ID = 1

# --------------------------------------------------------------------------------------------- errno

ENOENT = 2
EINVAL = 22
ENOSPC = 28

# --------------------------------------------------------------------------------------------- BPF OOM and PSI

#: ``enum bpf_oom_flags``: wait for the OOM lock instead of failing with -EBUSY
BPF_OOM_FLAGS_WAIT_ON_OOM_LOCK = 1
#: ``bpf_psi_create_trigger``'s resources (the kernel's ``enum psi_res``) and its "full" bit (BPF PSI v2)
PSI_RESOURCES = {"io": 0, "memory": 1, "cpu": 2, "irq": 3}
BPF_PSI_FULL = 0x8000_0000
#: kernel/sched/psi.c: trigger windows are 500 ms .. 10 s (thresholds 1 us .. the window)
PSI_WINDOW_MIN_US, PSI_WINDOW_MAX_US = 500_000, 10_000_000
