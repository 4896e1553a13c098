"""Two walks over the same tree, both with the loop variables ``m`` and ``_t``: the first counts the processes
below the OOM, the second picks the leaf that uses the most memory per process, among leaves running more than
an average share of them."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="two_passes")
def two_passes(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    tasks: u64 = 0
    leaves: u64 = 0
    for m in scope.descendants():
        if m.is_leaf:
            leaves += 1
            for _t in m.tasks():
                tasks += 1
    if tasks == 0:
        return PASS
    best: MemCgroup = None
    best_score: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        n: u64 = 0
        for _t in m.tasks():
            n += 1
        if n * leaves < tasks:
            continue
        if m.usage // n > best_score:
            best, best_score = m, m.usage // n
    if best is None:
        return PASS
    return oc.kill_memcg(best, "most memory per process among the busy leaves")
