"""Which cgroup v2 notifications become a policy run, and how often: pure logic, no kernel.

Per wake-up the v2 relay collects, for each watched cgroup, the triggers that fired: ``max`` / ``high`` (the
counter of that name in ``memory.events.local`` grew), ``psi`` (its PSI trigger fired), ``oom`` (the kernel's
OOM killer already ran there: reported, never a policy run).  :func:`pick` turns them into at most one decision
per cgroup; :class:`RateLimit` keeps a cgroup from being decided on again while its victim is still exiting.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

#: decision triggers, strongest first: the one reported when several fired in the same wake-up
DECISION_TRIGGERS = ("max", "high", "psi")
ALL_TRIGGERS = (*DECISION_TRIGGERS, "oom")


def related(a: str, b: str) -> bool:
    """Whether one cgroup path is the other or below it (their memory is accounted together)."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def pick(fired: dict[str, set[str]], enabled: tuple[str, ...] = DECISION_TRIGGERS) -> list[tuple[str, str]]:
    """``{path: {"high", "psi"}, ...}`` -> ``[(path, trigger), ...]``, deepest cgroup first.

    A cgroup whose only trigger is ``psi`` is dropped when a cgroup below it fired too: PSI is hierarchical, the
    stall happened below, and the cgroup below decides.  ``max``/``high`` are local counters: always kept."""
    chosen: dict[str, str] = {}
    for path, kinds in fired.items():
        for kind in DECISION_TRIGGERS:
            if kind in kinds and kind in enabled:
                chosen[path] = kind
                break
    out = []
    for path, kind in chosen.items():
        if kind == "psi" and any(other.startswith(path + "/") for other in chosen):
            continue
        out.append((path, kind))
    return sorted(out, key=lambda pk: (-pk[0].count("/"), pk[0]))


class RateLimit:
    """One decision per cgroup line (a cgroup, its ancestors and descendants) at a time.

    After a decision on cgroup C at time t, triggers on C or a related cgroup are absorbed (counted, not run)

    * while a process killed by a decision on a related cgroup is still exiting (its memory is on its way
      back; another run would pick a second victim for the same shortage), and
    * until t + ``cooldown_s`` for ``max``/``high``, until t + max(``cooldown_s``, ``psi_window_s``) for ``psi``
      (a PSI trigger looks back one window: the stall that led to the kill can fire it once more).
    """

    def __init__(self, cooldown_s: float, psi_window_s: float) -> None:
        self.cooldown_s, self.psi_window_s = cooldown_s, psi_window_s
        self.last: dict[str, float] = {}

    def blocked(self, path: str, trigger: str, now: float, exiting: Callable[[str], bool]) -> bool:
        quiet = max(self.cooldown_s, self.psi_window_s) if trigger == "psi" else self.cooldown_s
        return any(related(path, p) and (now - at < quiet or exiting(p)) for p, at in self.last.items())

    def decided(self, path: str, now: float) -> None:
        self.last[path] = now
