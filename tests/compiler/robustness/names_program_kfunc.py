"""A program named like the kfunc it calls: the program's symbol must stay its name, so a located error."""

from pyoombpf import i32, kfuncs, u64


def bpf_task_from_pid(a: u64) -> u64:  # E: def | the name 'bpf_task_from_pid' is a kfunc's
    t = kfuncs.bpf_task_from_pid(i32(a))
    if t is None:
        return 0
    kfuncs.bpf_task_release(t)
    return 1


TARGET = bpf_task_from_pid
