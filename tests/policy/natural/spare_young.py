"""Kill the largest process, but spare processes younger than MIN_AGE (now_ns() - task.start_time): a service that
was just restarted has not had time to grow, and killing it again only makes a restart loop."""

from pyoombpf import PASS, OomControl, Verdict, i32, kfuncs, now_ns, oom_handler, u64

MIN_AGE_NS = 5 * 1_000_000_000


@oom_handler(name="spare_young")
def spare_young(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    now = now_ns()
    best_pid: i32 = 0
    best_rss: u64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            if t.oom_score_adj == -1000 or t.is_oom_victim:
                continue
            if now - t.start_time < MIN_AGE_NS:
                continue  # too young to be the leak
            if t.rss > best_rss:
                best_pid, best_rss = t.pid, t.rss
    if best_pid == 0:
        return PASS
    task = kfuncs.bpf_task_from_pid(best_pid)
    if task is None:
        return PASS
    verdict = oc.kill(task, "largest process older than 5 s")
    kfuncs.bpf_task_release(task)
    return verdict
