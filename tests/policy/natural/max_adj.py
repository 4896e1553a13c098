"""Kill the one process with the highest oom_score_adj below the OOMing cgroup; among equals, the largest one."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, oom_handler, u64


@oom_handler(name="max_adj")
def max_adj(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best_pid: i32 = 0
    best_adj: i32 = -1000
    best_rss: u64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            adj = t.oom_score_adj
            if adj > best_adj or (adj == best_adj and t.rss > best_rss):
                best_pid, best_adj, best_rss = t.pid, adj, t.rss
    if best_pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(best_pid)
    if task is None:
        return PASS
    verdict = oc.kill(task, "highest oom_score_adj")
    kfuncs.bpf_task_release(task)
    return verdict
