"""Only jobs may die: the largest leaf directly below a cgroup named "jobs"."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="parent_named")
def parent_named(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        parent = m.parent
        if parent is None or not parent.name_is("jobs"):
            continue
        if m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest job")
