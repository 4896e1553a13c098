"""Remember how often each cgroup was chosen and spread kills: usage is divided by (1 + times chosen)."""

from pyoombpf import PASS, LruHashMap, MemCgroup, OomControl, Verdict, oom_handler, u64

chosen = LruHashMap(u64, u64, max_entries=4096)


@oom_handler(name="spread_kills")
def spread_kills(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_score: u64 = 0
    best_id: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        times = chosen.get(m.id, 0)
        score = m.usage // (1 + times)
        if score > best_score:
            best, best_score, best_id = m, score, m.id
    if best is None:
        return PASS
    chosen[best_id] = chosen.get(best_id, 0) + 1
    return oc.kill_memcg(best, "largest, spread over earlier choices")
