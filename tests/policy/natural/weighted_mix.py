"""Rank leaf cgroups by a weighted mix of usage, swap, process count and age (cgroup id as a proxy)."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

W_USAGE = 4
W_SWAP = 2
W_TASKS = 8


def mib(n: u64) -> u64:
    return n >> 20


@oom_handler(name="weighted_mix")
def weighted_mix(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_score: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        ntasks: u64 = 0
        for _t in m.tasks():
            ntasks += 1
        if ntasks == 0:
            continue
        score = W_USAGE * mib(m.usage) + W_SWAP * mib(m.swap_usage) + W_TASKS * ntasks
        score += m.id % 7  # a younger cgroup (larger id) wins ties a bit more often
        if score > best_score:
            best = m
            best_score = score
    if best is None:
        return PASS
    return oc.kill_memcg(best, "highest weighted score")
