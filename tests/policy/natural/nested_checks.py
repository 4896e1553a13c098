"""Eligibility from nested helpers with early returns."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64

MIN_USAGE = 8 << 20


def is_system(m: MemCgroup) -> bool:
    if m.name_startswith("system"):
        return True
    if m.name_is("init.scope"):
        return True
    parent = m.parent
    if parent is None:
        return False
    if parent.name_startswith("system"):  # noqa: SIM103 (early returns are the shape tested here)
        return True
    return False


def eligible(m: MemCgroup) -> bool:
    if not m.is_leaf:
        return False
    if m.usage < MIN_USAGE:
        return False
    if is_system(m):  # noqa: SIM103
        return False
    return True


@oom_handler(name="nested_checks")
def nested_checks(oc: OomControl) -> Verdict:
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for m in scope.descendants():
        if eligible(m) and m.usage > best_usage:
            best, best_usage = m, m.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "largest eligible leaf")
