"""A helper named like the kfunc it calls (before or after the helper is first called), or like pyoombpf's own
``_license``: an internal error (LLVM's DuplicatedNameError) until helpers stopped taking names an extern needs."""

from pyoombpf import i32, kfuncs, u64


def bpf_task_from_pid(a: u64) -> u64:
    return a + 1


def _license(a: u64) -> u64:
    return a + 2


def prog(a: u64) -> u64:
    b = bpf_task_from_pid(a)
    t = kfuncs.bpf_task_from_pid(i32(a))
    r: u64 = 0
    if t is not None:
        r = 1
        kfuncs.bpf_task_release(t)
    return b + r + bpf_task_from_pid(a) + _license(a)


TARGET = prog
