"""Per-cgroup memory budgets in a map; kill the leaf furthest over its budget."""

from pyoombpf import PASS, HashMap, MemCgroup, OomControl, Verdict, oom_handler, u64

MIB = 1 << 20
DEFAULT_BUDGET = 64 * MIB

budgets = HashMap(u64, u64, max_entries=1024)  # cgroup id -> bytes, written by user space


@oom_handler(name="budget_overrun")
def budget_overrun(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    worst: MemCgroup = None
    worst_over: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        budget = budgets.get(m.id, DEFAULT_BUDGET)
        if m.usage <= budget:
            continue
        over = m.usage - budget
        if over > worst_over:
            worst, worst_over = m, over
    if worst is None:
        return PASS
    return oc.kill_memcg(worst, "furthest over its budget")
