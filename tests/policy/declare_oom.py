"""A SYSCALL program, written in pyoombpf, that declares an OOM on a cgroup with the BPF OOM series'
``bpf_out_of_memory`` kfunc: exactly one ``out_of_memory()`` call, so exactly one policy decision to check."""

from pyoombpf import i32, i64, kfuncs, u64

WAIT_ON_OOM_LOCK = 1


def declare_oom(cgroup_id: u64, order: i32, flags: u64) -> i64:
    cgrp = kfuncs.bpf_cgroup_from_id(cgroup_id)
    if cgrp is None:
        return -2
    memcg = kfuncs.bpf_get_mem_cgroup(cgrp.self)
    result: i64 = -3
    if memcg is not None:
        result = i64(kfuncs.bpf_out_of_memory(memcg, order, flags))
        kfuncs.bpf_put_mem_cgroup(memcg)
    kfuncs.bpf_cgroup_release(cgrp)
    return result
