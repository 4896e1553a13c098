"""The kernel's own idea of badness, per process: resident + swapped pages, plus oom_score_adj thousandths of the
memory the OOMing cgroup may use.  The worst process dies."""

from pyoombpf import PASS, OomControl, Verdict, i32, i64, kfuncs, oom_handler

PAGE = 4096


@oom_handler(name="badness")
def badness(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    pages = i64(oc.totalpages)
    worst: i32 = 0
    worst_points: i64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            adj = t.oom_score_adj
            if adj == -1000:
                continue
            points = i64((t.rss + t.swap) // PAGE) + adj * pages // 1000
            if worst == 0 or points > worst_points:
                worst, worst_points = t.pid, points
    if worst == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(worst)
    if task is None:
        return PASS
    verdict = oc.kill(task, "badness")
    kfuncs.bpf_task_release(task)
    return verdict
