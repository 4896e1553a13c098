"""Scenarios shared by the library's tests: one tree, many preferences.

``work`` (limit 256 MiB = 65536 pages) holds three leaves; sizes are far apart so every ranking of the library
agrees on the order: by cgroup a (100 MiB) > b (50 MiB) > c (20 MiB), by process 101 (60 MiB) > 201 (50 MiB) >
102 (40 MiB) > 301 (20 MiB).
"""

from __future__ import annotations

from pyoombpf.simulate import Scenario

BASE = """
[oom]
cgroup = "work"
attach = "work"

[cgroup.work]
limit = "256M"
{work}

[cgroup."work/a"]
{a}

[cgroup."work/b"]
{b}

[cgroup."work/c"]
{c}
"""

#: the kill a policy makes by default (True: the whole cgroup)
KILLS_CGROUP = {
    "kernel_like": False,
    "largest_leaf": True,
    "oomd_like": True,
    "systemd_oomd": True,
    "earlyoom_like": False,
    "priority_classes": True,
}
LEAF_PIDS = {"a": (101, 102), "b": (201,), "c": (301,)}
LARGEST_PID = {"a": 101, "b": 201, "c": 301}


TASKS = {
    "a": 'tasks = [{ pid = 101, comm = "alpha", rss = "60M" }, { pid = 102, comm = "alpha-two", rss = "40M" }]',
    "b": 'tasks = [{ pid = 201, comm = "beta", rss = "50M" }]',
    "c": 'tasks = [{ pid = 301, comm = "gamma", rss = "20M" }]',
}


def three_leaves(work: str = "", a: str = "", b: str = "", c: str = "") -> Scenario:
    """The tree with extra keys per cgroup (``maps.prefs = 2``, ``stats = {...}``, …); a leaf's own ``tasks = ``
    replaces its processes."""
    leaves = {k: v if "tasks =" in v else f"{TASKS[k]}\n{v}" for k, v in {"a": a, "b": b, "c": c}.items()}
    return Scenario.loads(BASE.format(work=work, **leaves), "<three-leaves>")


def expected(name: str, leaf: str, whole: bool | None = None) -> tuple[int, ...]:
    """The pids the policy kills when it chooses ``leaf`` (its largest process, or all of it)."""
    whole = KILLS_CGROUP[name] if whole is None else whole
    return LEAF_PIDS[leaf] if whole else (LARGEST_PID[leaf],)
