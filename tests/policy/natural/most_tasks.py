"""Kill the leaf cgroup that runs the most processes: a fork bomb or a runaway worker pool is usually the culprit."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="most_tasks")
def most_tasks(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_n: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        n: u64 = 0
        for _task in m.tasks():
            n += 1
        if n > best_n:
            best, best_n = m, n
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most processes")
