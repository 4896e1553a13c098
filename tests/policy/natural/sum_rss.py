"""Kill the cgroup whose processes together have the largest resident set (page cache does not count)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="sum_rss")
def sum_rss(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_rss: u64 = 0
    for m in scope.descendants():
        total: u64 = 0
        for t in m.tasks():
            total += t.rss
        if total > best_rss:
            best, best_rss = m, total
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest resident set")
