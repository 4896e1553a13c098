"""Kill the most recently started process (the highest pid) below the OOMing cgroup: the job that just arrived
is the one to blame.  Processes with a lowered oom_score_adj are left alone."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler


@oom_handler(name="newest_process")
def newest_process(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    newest: i32 = 0
    for m in scope.descendants():
        for t in m.tasks():
            if t.oom_score_adj >= 0 and t.pid > newest:
                newest = t.pid
    if newest == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(newest)
    if task is None:
        return PASS
    verdict = oc.kill(task, "newest process")
    kfuncs.bpf_task_release(task)
    return verdict
