"""Generated OOM policies: source text assembled from the building blocks the policy language supports.

A :class:`PolicySpec` picks one option per block — which cgroups are candidates, how they are scored, how ties
are broken, what gets killed, and when the policy declines — and :meth:`PolicySpec.source` writes it as a policy
module.  :func:`load_policy` writes that module to a file and imports it, so the compiler reads real source
(it needs ``inspect.getsource``).  :func:`policy_specs` is the hypothesis strategy over all combinations.
"""

from __future__ import annotations

import hashlib
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from pyoombpf.files import import_file

MB = 1 << 20

#: which cgroups below the OOM scope are candidates (the scope itself never is)
CANDIDATES = {
    "leaves": "memcg.is_leaf",
    "all": "True",
    "leaves_or_group": "memcg.is_leaf or memcg.oom_group",
    "group_only": "memcg.oom_group",  # cgroup v1 has no memory.oom.group: nothing qualifies, the policy passes
}

#: the score of a candidate (u64); ``helper`` names a helper function the score needs
SCORES = {
    "usage": "memcg.usage",
    "anon": "anon(memcg)",
    "file": 'memcg.page_state("NR_FILE_PAGES")',
    "anon_mapped": 'memcg.page_state("NR_ANON_MAPPED")',
    "pgfault": 'memcg.vm_events("PGFAULT")',
    "ntasks": "n_tasks",  # counted inline in the walk (see _count_tasks)
    "max_adj": "max_adj(memcg)",  # the highest oom_score_adj of its tasks, + 1001 (0: no task)
}

#: a threshold for each score's "decline when the best score is below" condition, in the score's units
THRESHOLDS = {
    "usage": [8 * MB, 32 * MB, 64 * MB],
    "anon": [8 * MB, 32 * MB],
    "file": [1 * MB, 6 * MB],
    "anon_mapped": [16 * MB, 40 * MB],
    "pgfault": [4000, 12000],
    "ntasks": [1, 2],
    "max_adj": [1001, 1500, 2001],
}

#: how the score is coarsened before comparing: a right shift (coarse scores make ties, so the tie-break matters)
SHIFTS = {
    "usage": [0, 22, 25],
    "anon": [0, 23],
    "file": [0, 22],
    "anon_mapped": [0, 23],
    "pgfault": [0, 12],
    "ntasks": [0],
    "max_adj": [0, 8],
}

#: on equal scores: keep the first seen, take the last seen, or prefer the lower / higher cgroup id
TIE_BREAKS = {
    "first": "False",
    "last": "True",
    "lower_id": "memcg.id < best_id",
    "higher_id": "memcg.id > best_id",
}

ACTIONS = ("kill_memcg", "kill_largest_pid", "kill_highest_adj", "kill_first_task")


@dataclass(frozen=True)
class PolicySpec:
    candidates: str = "leaves"
    score: str = "usage"
    shift: int = 0
    tie_break: str = "lower_id"
    post_order: bool = True
    require_tasks: bool = False
    #: skip candidates holding a task with oom_score_adj above this (None: no such filter)
    skip_adj_above: int | None = None
    action: str = "kill_memcg"
    #: decline when the best score is below this (None: no threshold)
    min_score: int | None = None
    #: decline when fewer candidates were scored
    min_candidates: int = 0

    @property
    def name(self) -> str:
        digest = hashlib.sha1(repr(astuple(self)).encode()).hexdigest()[:10]
        return f"gen_{digest}"

    def source(self) -> str:
        """The policy as a module (its handler is ``handler``, named :attr:`name`)."""
        return "\n".join(_HEADER + self._loop() + self._decline() + self._action()) + "\n"

    def _loop(self) -> list[str]:
        body = [
            f'@oom_handler(name="{self.name}")',
            "def handler(oc: OomControl) -> Verdict:",
            "    scope = oc.memcg",
            "    if scope is None:",
            "        return PASS",
            "    best: MemCgroup = None",
            "    best_score: u64 = 0",
            "    best_id: u64 = 0",
            "    seen: u64 = 0",
            f"    for memcg in scope.descendants(post_order={self.post_order}):",
            "        if memcg.id == scope.id:",
            "            continue",
            f"        if not ({CANDIDATES[self.candidates]}):",
            "            continue",
        ]
        if self.score == "ntasks":
            body += _count_tasks()
        if self.require_tasks:  # the same count through a helper function
            body += ["        if ntasks(memcg) == 0:", "            continue"]
        if self.skip_adj_above is not None:
            body += [f"        if max_adj(memcg) > {self.skip_adj_above + 1001}:", "            continue"]
        shift = f" >> {self.shift}" if self.shift else ""
        tie = TIE_BREAKS[self.tie_break]
        body += [
            f"        s: u64 = {SCORES[self.score]}{shift}",
            "        seen += 1",
            f"        if best is None or s > best_score or (s == best_score and {tie}):",
            "            best, best_score, best_id = memcg, s, memcg.id",
            "    if best is None:",
            "        return PASS",
        ]
        return body

    def _decline(self) -> list[str]:
        out = []
        if self.min_score is not None:
            threshold = self.min_score >> self.shift
            out += [f"    if best_score < {threshold}:", "        return PASS"]
        if self.min_candidates:
            out += [f"    if seen < {self.min_candidates}:", "        return PASS"]
        return out

    def _action(self) -> list[str]:
        reason = f'"{self.name} policy"'
        if self.action == "kill_memcg":
            return [f"    return oc.kill_memcg(best, {reason})"]
        if self.action == "kill_first_task":  # in the kernel's task-list order
            return ["    for k in best.tasks():", f"        return oc.kill(k, {reason})", "    return PASS"]
        if self.action == "kill_largest_pid":
            pick = ["        if u64(t.pid) > victim:", "            victim = u64(t.pid)"]
        else:  # the highest oom_score_adj, ties to the larger pid
            pick = [
                "        adj = u64(t.oom_score_adj + 1001)",
                "        if adj > victim_adj or (adj == victim_adj and u64(t.pid) > victim):",
                "            victim, victim_adj = u64(t.pid), adj",
            ]
        return [
            "    victim: u64 = 0",
            "    victim_adj: u64 = 0",
            "    for t in best.tasks():",
            *pick,
            "    for k in best.tasks():",
            "        if u64(k.pid) == victim:",
            f"            return oc.kill(k, {reason})",
            "    return PASS",
        ]


def _count_tasks() -> list[str]:
    """The candidate's number of tasks as ``n_tasks``, counted inline in a local (before issue 19 the verifier
    refused a local counter compared after its loop, and this counted in a map: test_regressions.py)."""
    return [
        "        n_tasks: u64 = 0",
        "        for _counted in memcg.tasks():",
        "            n_tasks += 1",
    ]


_HEADER = [
    '"""A generated policy (tests/differential/genpolicy.py)."""',
    "",
    "from pyoombpf import PASS, MemCgroup, OomControl, Verdict, oom_handler, u64",
    "",
    "",
    "def ntasks(memcg: MemCgroup) -> u64:",
    "    n: u64 = 0",
    "    for _counted in memcg.tasks():",
    "        n += 1",
    "    return n",
    "",
    "",
    "def max_adj(memcg: MemCgroup) -> u64:",
    "    best: u64 = 0",
    "    for t in memcg.tasks():",
    "        a = u64(t.oom_score_adj + 1001)",
    "        if a > best:",
    "            best = a",
    "    return best",
    "",
    "",
    "def anon(memcg: MemCgroup) -> u64:",
    "    usage = memcg.usage",
    '    file = memcg.page_state("NR_FILE_PAGES")',
    "    return usage - file if usage > file else 0",
    "",
    "",
]


def load_policy(spec: PolicySpec, directory: Path) -> Any:
    """Write ``spec`` as ``<directory>/<name>.py``, import it, and return its handler."""
    path = directory / f"{spec.name}.py"
    path.write_text(spec.source())
    return import_file(path, f"_pyoombpf_diff_{spec.name}").handler


@st.composite
def policy_specs(draw: Any) -> PolicySpec:
    """Any combination of the building blocks."""
    score = draw(st.sampled_from(sorted(SCORES)))
    return PolicySpec(
        candidates=draw(st.sampled_from(["leaves", "leaves", "leaves", "all", "all", "leaves_or_group", "group_only"])),
        score=score,
        shift=draw(st.sampled_from(SHIFTS[score])),
        tie_break=draw(st.sampled_from(sorted(TIE_BREAKS))),
        post_order=draw(st.booleans()),
        require_tasks=draw(st.booleans()),
        skip_adj_above=draw(st.sampled_from([None, None, 0, 500, 999])),
        action=draw(st.sampled_from(ACTIONS)),
        min_score=draw(st.sampled_from([None, None, *THRESHOLDS[score]])),
        min_candidates=draw(st.sampled_from([0, 0, 0, 2, 3])),
    )
