"""Kill the largest leaf only when it stands out: it must use more than twice the average leaf.  Otherwise pass
and let the kernel's own OOM killer decide."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="above_average")
def above_average(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    total: u64 = 0
    leaves: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        usage = m.usage
        total += usage
        leaves += 1
        if usage > best_usage:
            best, best_usage = m, usage
    if best is None or best_usage * leaves <= 2 * total:
        return PASS
    return oc.kill_memcg(best, "far above the average leaf")
