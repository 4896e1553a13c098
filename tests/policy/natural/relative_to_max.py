"""Two passes: find the largest leaf's usage, then among leaves within 3/4 of it kill the one with most tasks."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="relative_to_max")
def relative_to_max(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    top: u64 = 0
    for m in scope.descendants():
        if m.is_leaf and m.usage > top:
            top = m.usage
    if top == 0:
        return PASS
    floor = top - top // 4
    best: MemCgroup = None
    best_tasks: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf or m.usage < floor:
            continue
        n: u64 = 0
        for _t in m.tasks():
            n += 1
        if best is None or n > best_tasks:
            best = m
            best_tasks = n
    if best is None:
        return PASS
    return oc.kill_memcg(best, "many tasks near the top usage")
