"""Restricted-Python functions the compiler accepts and the verifier must reject (compiled by
test_runtime_verifier).  The line each error must point at carries ``EXPECT <case>``."""

from pyoombpf.dsl.kernel import kfuncs
from pyoombpf.dsl.scalars import i32, i64


def leaky(pid: i32) -> i64:
    task = kfuncs.bpf_task_from_pid(pid)  # EXPECT leak: acquired, never released
    if task is None:
        return -1
    return i64(task.tgid)


def unchecked(pid: i32) -> i64:
    task = kfuncs.bpf_task_from_pid(pid)
    r = i64(task.tgid)  # EXPECT null: task may be None here
    kfuncs.bpf_task_release(task)
    return r
