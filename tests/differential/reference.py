"""What a generated policy means, computed directly from its :class:`PolicySpec` over a scenario's model.

An oracle independent of the compiler and of the Python execution: it reads the scenario's model objects
(``Scenario.build()``) directly, never through the tracing proxies a policy sees, and follows
the kernel's rules for kills (``-1000`` refused, a dying task refused, ``memory.oom.group`` kills the highest
such ancestor up to the OOM scope whole).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pyoombpf.simulate import Scenario
from tests.differential.genpolicy import PolicySpec

U64 = (1 << 64) - 1


def _walk(m: Any, post_order: bool) -> Iterator[Any]:
    if not post_order:
        yield m
    for c in m.children:
        yield from _walk(c, post_order)
    if post_order:
        yield m


def _adj(t: Any) -> int:
    return int(t.oom_score_adj)


def _max_adj(m: Any) -> int:
    return max([(_adj(t) + 1001) & U64 for t in m.tasks_], default=0)


def _score(spec: PolicySpec, m: Any) -> int:
    usage = m.usage
    file = m.stats.get("NR_FILE_PAGES", 0)
    value = {
        "usage": usage,
        "anon": usage - file if usage > file else 0,
        "file": file,
        "anon_mapped": m.stats.get("NR_ANON_MAPPED", 0),
        "pgfault": m.stats.get("PGFAULT", 0),
        "ntasks": len(m.tasks_),
        "max_adj": _max_adj(m),
    }[spec.score]
    return value >> spec.shift


def _candidate(spec: PolicySpec, m: Any) -> bool:
    leaf, group = not m.children, bool(m.oom_group)
    ok = {"leaves": leaf, "all": True, "leaves_or_group": leaf or group, "group_only": group}[spec.candidates]
    if not ok or (spec.require_tasks and not m.tasks_):
        return False
    return spec.skip_adj_above is None or _max_adj(m) <= spec.skip_adj_above + 1001


def _better(spec: PolicySpec, s: int, best: tuple[int, int] | None, m: Any) -> bool:
    if best is None or s > best[0]:
        return True
    if s < best[0]:
        return False
    return {"first": False, "last": True, "lower_id": m.id < best[1], "higher_id": m.id > best[1]}[spec.tie_break]


class _Killer:
    def __init__(self, scope: Any) -> None:
        self.scope = scope
        self.killed: set[int] = set()

    @staticmethod
    def refused(t: Any) -> bool:
        return bool(t.is_oom_victim or t.exiting or _adj(t) == -1000)

    def kill(self, t: Any) -> bool:
        if t.pid in self.killed or self.refused(t):
            return False
        self.killed.add(t.pid)
        group, m = None, t.memcg
        while m is not None:
            if m.oom_group:
                group = m
            if m is self.scope:
                break
            m = m.parent
        if group is not None:
            for other in (x for g in _walk(group, True) for x in g.tasks_):
                if not self.refused(other):
                    self.killed.add(other.pid)
        return True


def reference(spec: PolicySpec, scenario: Scenario) -> tuple[str, list[int]]:
    """(verdict, sorted victim pids) the policy ``spec`` must give on ``scenario`` (attached at the root)."""
    built = scenario.build()
    scope = built.oc.memcg
    best: tuple[int, int] | None = None
    best_m = None
    seen = 0
    for m in _walk(scope, spec.post_order):
        if m is scope or not _candidate(spec, m):
            continue
        s = _score(spec, m)
        seen += 1
        if _better(spec, s, best, m):
            best, best_m = (s, m.id), m
    if best is None or best_m is None:
        return "pass", []
    if (spec.min_score is not None and best[0] < spec.min_score >> spec.shift) or seen < spec.min_candidates:
        return "pass", []
    killer = _Killer(scope)
    if spec.action == "kill_memcg":
        handled = False
        for t in best_m.tasks_:
            handled = killer.kill(t) or handled
    elif spec.action == "kill_first_task":
        handled = bool(best_m.tasks_) and killer.kill(best_m.tasks_[0])
    else:
        if spec.action == "kill_largest_pid":
            key = [(0, t.pid, t) for t in best_m.tasks_]
        else:
            key = [((_adj(t) + 1001) & U64, t.pid, t) for t in best_m.tasks_]
        handled = bool(key) and killer.kill(max(key, key=lambda k: (k[0], k[1]))[2])
    return ("handled", sorted(killer.killed)) if handled else ("pass", [])
