"""Services by name: "critical" never dies, "batch-*" first, then "web-*", then anything else; within a class, the
largest leaf."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u32, u64


def priority(m: MemCgroup) -> u32:
    if m.name_is("critical"):
        return 0
    if m.name_startswith("batch-"):
        return 3
    if m.name_startswith("web-"):
        return 1
    return 2


@oom_handler(name="service_priority")
def service_priority(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_prio: u32 = 0
    best_usage: u64 = 0
    for m in scope.descendants():
        if not m.is_leaf:
            continue
        prio = priority(m)
        if prio == 0:
            continue
        usage = m.usage
        if prio > best_prio or (prio == best_prio and usage > best_usage):
            best, best_prio, best_usage = m, prio, usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "service priority")
