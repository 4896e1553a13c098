"""A policy the verifier takes a long time on: a loop whose counter it tracks precisely, before a cgroup walk."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u32, u64


@oom_handler(name="slow_load")
def slow_load(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    n: u64 = u64(oc.totalpages & 0xFFFFFFFF) + 1
    steps: u32 = 0
    while n != 1:
        if n % 2 == 0:  # noqa: SIM108 - the verifier must see a branch here
            n = n // 2
        else:
            n = 3 * n + 1
        steps += 1
    best: MemCgroup = None
    for memcg in scope.descendants():
        if memcg.is_leaf and steps > 0:
            best = memcg
    if best is None:
        return PASS
    return oc.kill_memcg(best, "slow")
