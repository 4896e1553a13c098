"""Kill the single largest process (resident + swapped) below the OOMing cgroup, skipping protected and dying ones."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler, u64


@oom_handler(name="largest_process")
def largest_process(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    victim: i32 = 0
    most: u64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            if t.oom_score_adj == -1000 or t.is_oom_victim:
                continue
            size = t.rss + t.swap
            if size > most:
                victim, most = t.pid, size
    if victim == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(victim)
    if task is None:
        return PASS
    verdict = oc.kill(task, "largest process")
    kfuncs.bpf_task_release(task)
    return verdict
