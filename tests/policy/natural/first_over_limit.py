"""The first leaf (walking from the top) above a per-leaf budget dies at once; if none is above it, the largest."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, config, oom_handler, u64

leaf_budget = config(u64, 48 << 20)


@oom_handler(name="first_over_limit")
def first_over_limit(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    victim: MemCgroup = None
    largest: u64 = 0
    for m in scope.descendants(post_order=False):
        if not m.is_leaf:
            continue
        usage = m.usage
        if usage > leaf_budget:
            victim = m
            break
        if usage > largest:
            victim, largest = m, usage
    if victim is None:
        return PASS
    return oc.kill_memcg(victim, "over its budget, or the largest")
