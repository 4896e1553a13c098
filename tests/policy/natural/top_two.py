"""Free room for a while: kill the two largest leaves, not just the largest."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="top_two")
def top_two(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    first: MemCgroup = None
    first_usage: u64 = 0
    second: MemCgroup = None
    second_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        usage = m.usage
        if usage > first_usage:
            second, second_usage = first, first_usage
            first, first_usage = m, usage
        elif usage > second_usage:
            second, second_usage = m, usage
    if first is None:
        return PASS
    killed_first = oc.kill_memcg(first, "largest leaf")
    if second is None:
        return killed_first
    killed_second = oc.kill_memcg(second, "second largest leaf")
    return killed_first if killed_first else killed_second
