"""Kill the largest leaf that is not below a cgroup named "critical" (walk the parent chain with a while loop)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


def under_critical(m: MemCgroup) -> bool:
    p = m.parent
    depth: u64 = 0
    while p is not None and depth < 16:
        if p.name_is("critical"):
            return True
        p = p.parent
        depth += 1
    return False


@oom_handler(name="ancestor_named")
def ancestor_named(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if m.is_leaf and m.usage > best_usage and not under_critical(m):
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest leaf outside critical")
