"""Kill the largest leaf that still has processes (a leaf holding only page cache has nothing to kill)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="nonempty_largest")
def nonempty_largest(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        has_tasks = False
        for _t in m.tasks():
            has_tasks = True
            break
        if has_tasks and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest leaf with processes")
