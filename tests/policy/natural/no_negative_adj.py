"""Kill the largest leaf whose processes all have a non-negative oom_score_adj (someone lowered it for a reason)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, i32, oom_handler, u64


@oom_handler(name="no_negative_adj")
def no_negative_adj(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        lowest: i32 = 1000
        for t in m.tasks():
            if t.oom_score_adj < lowest:
                lowest = t.oom_score_adj
        if lowest >= 0 and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest leaf without lowered adj")
