"""Functions reading real kernel objects through CO-RE and calling kfuncs."""

from pyoombpf.dsl.kernel import available, kfuncs, ktypes
from pyoombpf.dsl.scalars import i32, i64, u32, u64

OFFSET = 1000


def comm_sum(task: ktypes.task_struct) -> u64:
    total: u64 = 0
    for i in range(16):
        c = task.comm[i]
        if c == 0:
            break
        total = total * 31 + c
    return total


def task_facts(pid: i32, which: u32) -> i64:
    task = kfuncs.bpf_task_from_pid(pid)
    if task is None:
        return -1
    if which == 0:
        r = i64(task.pid)
    elif which == 1:
        r = i64(task.tgid)
    elif which == 2:
        r = i64(task.signal.oom_score_adj) + OFFSET
    elif which == 3:
        r = i64(comm_sum(task))
    else:
        r = i64(task.real_parent.tgid)
    kfuncs.bpf_task_release(task)
    return r


def has_kfuncs(which: u32) -> u32:
    if which == 0:
        return 1 if available(kfuncs.bpf_task_from_pid) else 0
    return 1 if available(kfuncs.bpf_mem_cgroup_usage) else 0


def comm_char(pid: i32, i: u32) -> i64:
    """task.comm[i] with a run-time index: bounds-checked, 0 out of range."""
    task = kfuncs.bpf_task_from_pid(pid)
    if task is None:
        return -1
    c = i64(task.comm[i])
    kfuncs.bpf_task_release(task)
    return c
