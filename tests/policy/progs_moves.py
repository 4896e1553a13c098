# mypy: ignore-errors
"""Policies for tests/policy/test_moves.py: copies of a cgroup walk's item that move its reference (hir/moves.py)
and copies that must not."""

from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64


@oom_handler(name="move_in_tail")
def move_in_tail(oc: OomControl) -> Verdict:
    """``best = memcg`` is the last thing the iteration does: the item's reference moves to ``best``."""
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for memcg in scope.descendants():
        usage = memcg.usage
        if usage > best_usage:
            best, best_usage = memcg, usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "move_in_tail")


@oom_handler(name="copy_then_read")
def copy_then_read(oc: OomControl) -> Verdict:
    """The iteration reads ``memcg`` after the copy: a new reference for ``best``."""
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    total: u64 = 0
    for memcg in scope.descendants():
        if best is None:
            best = memcg
        total += memcg.usage
    if best is None or total == 0:
        return PASS
    return oc.kill_memcg(best, "copy_then_read")


@oom_handler(name="copy_and_read_together")
def copy_and_read_together(oc: OomControl) -> Verdict:
    """Another value of the same assignment reads ``memcg``: a new reference for ``best``."""
    scope = oc.memcg
    if scope is None:
        return PASS
    best: MemCgroup = None
    best_usage: u64 = 0
    for memcg in scope.descendants():
        if memcg.usage > best_usage:
            best, best_usage = memcg, memcg.usage
    if best is None:
        return PASS
    return oc.kill_memcg(best, "copy_and_read_together")
