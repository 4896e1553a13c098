"""Usage tiers from an array map walked with a while loop and a manual index; kill the largest of the top tier."""

from pyoombpf import PASS, ArrayMap, MemCgroup, OomControl, Verdict, oom_handler, u32, u64

tiers = ArrayMap(u64, max_entries=8)  # ascending byte thresholds; 0 ends the table
NTIERS = 8


def tier_of(usage: u64) -> u32:
    i: u32 = 0
    while i < NTIERS:
        limit = tiers[i]
        if limit == 0 or usage < limit:
            return i
        i += 1
    return NTIERS


@oom_handler(name="tier_table")
def tier_table(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_tier: u32 = 0
    best_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        t = tier_of(m.usage)
        if best is None or t > best_tier or (t == best_tier and m.usage > best_usage):
            best = m
            best_tier = t
            best_usage = m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "highest usage tier")
