"""A helper that takes a Task and scores it; the process with the best score is killed."""

from pyoombpf import PASS, OomControl, Task, Verdict, i32, i64, kfuncs, oom_handler


def score(t: Task) -> i64:
    if t.oom_score_adj == -1000 or t.is_oom_victim:
        return -1
    s = i64((t.rss + t.swap) >> 20)
    if t.comm_startswith("kworker"):
        return -1
    return s + t.oom_score_adj // 10


@oom_handler(name="task_helper")
def task_helper(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    if oc.victim_exiting:
        return PASS
    best_pid: i32 = 0
    best: i64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            s = score(t)
            if s > best:
                best, best_pid = s, t.pid
    if best_pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(best_pid)
    if task is None:
        return PASS
    v = oc.kill(task, "best score")
    kfuncs.bpf_task_release(task)
    return v
