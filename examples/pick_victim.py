"""Pick an OOM victim among a few processes, in the kernel.

`pick_victim` looks each pid up with a kfunc, reads the kernel's own fields through CO-RE
(`task.signal.oom_score_adj`, the task's name) and returns the pid the policy would kill: the highest
oom_score_adj wins, a process whose name starts with "sshd" or that is marked unkillable (-1000) is never
chosen, and ties go to the youngest (largest) pid.

    sudo pyoombpf call examples/pick_victim.py --function pick_victim PID1 PID2 PID3
    pyoombpf call --python examples/pick_victim.py --function pick_victim PID1 PID2 PID3   # the same, as Python
"""

from pyoombpf import i32, i64, kfuncs, ktypes

UNKILLABLE = -1000
NONE = -1


def protected(task: ktypes.task_struct) -> bool:
    """sshd and unkillable tasks are never victims."""
    if task.signal.oom_score_adj == UNKILLABLE:
        return True
    return task.comm_startswith("sshd")


def score(pid: i32) -> i64:
    """The task's badness by this policy, or NONE if it does not exist or is protected."""
    task = kfuncs.bpf_task_from_pid(pid)
    if task is None:
        return NONE
    result = NONE
    if not protected(task):
        result = i64(task.signal.oom_score_adj) + 1000
    kfuncs.bpf_task_release(task)
    return result


def pick_victim(a: i32, b: i32, c: i32) -> i32:
    best: i32 = NONE
    best_score = NONE
    for i in range(3):
        pid = a if i == 0 else b if i == 1 else c
        s = score(pid)
        if s > best_score or (s == best_score and s != NONE and pid > best):
            best, best_score = pid, s
    return best
