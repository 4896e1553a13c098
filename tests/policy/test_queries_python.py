"""The cgroup/task queries as Python (pyexec models and simulate scenarios): the same answers the kernel gives
in tests/policy/test_queries_vm.py, for the same tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyoombpf.compiler import compile as pcompile
from pyoombpf.pyexec.oommodel import MemcgModel, OomControlModel, TaskModel
from pyoombpf.pyexec.rules import PyEnv
from pyoombpf.simulate import Scenario, simulate

from . import progs_queries as Q

MB = 1 << 20


def _tree() -> tuple[MemcgModel, dict[str, MemcgModel], TaskModel]:
    """/ -> /tree -> /tree/oom_test -> {small, big}, as the VM test builds it."""
    root = MemcgModel(1, "/")
    tree = root.add(MemcgModel(2, "/tree"))
    top = tree.add(MemcgModel(3, "/tree/oom_test"))
    small = top.add(MemcgModel(4, "/tree/oom_test/small"))
    big = top.add(MemcgModel(5, "/tree/oom_test/big"))
    small.add_task(TaskModel(100, b"small", rss=10 * MB))
    task = big.add_task(TaskModel(101, b"big", rss=30 * MB, swap=2 * MB))
    return root, {"tree": tree, "oom_test": top, "small": small, "big": big}, task


def test_queries_as_python_match_the_kernel_answers() -> None:
    _root, cg, task = _tree()
    env = PyEnv()
    oc = OomControlModel(cg["oom_test"])
    assert pcompile(Q.queries).python(env)(oc) == 1
    seen = env.maps["seen"].data
    assert seen[Q.SCOPE_ID] == 3 and seen[Q.PARENT_ID] == 2 and seen[Q.GRANDPARENT_ID] == 1
    assert seen[Q.DEPTH] == 2 and seen[Q.BIG_PARENT_IS_SCOPE] == 1
    assert seen[Q.NAMES] == Q.IS_OOM_TEST | Q.STARTS_OOM
    assert (seen[Q.TASK_PID], seen[Q.RSS], seen[Q.SWAP]) == (101, 30 * MB, 2 * MB)
    assert seen[Q.TASK_MEMCG_ID] == 5
    assert (seen[Q.EXITING_BEFORE], seen[Q.KILLED], seen[Q.EXITING_AFTER]) == (0, 1, 1)
    assert [k.pid for k in oc.kills] == [task.pid]


def test_model_parent_name_and_root() -> None:
    root, cg, _task = _tree()
    assert root.parent is None and cg["big"].parent is cg["oom_test"]
    assert root.kernfs_name == "" and cg["oom_test"].kernfs_name == "oom_test"
    assert cg["big"].name_is("big") and not cg["big"].name_is("bi") and cg["big"].name_startswith("bi")


@pytest.mark.parametrize(
    ("victim", "expected"),
    [
        ({}, False),  # nobody dying
        ({"oom_victim": True}, True),  # a victim not reaped yet: the kernel waits for it
        ({"oom_victim": True, "oom_skip": True}, False),  # reaped (MMF_OOM_SKIP): the kernel picks again
        ({"exiting": True}, False),  # exiting on its own is not an OOM victim
    ],
)
def test_victim_exiting_in_the_model(victim: dict[str, bool], expected: bool) -> None:
    _root, cg, task = _tree()
    for k, v in victim.items():
        setattr(task, "is_oom_victim" if k == "oom_victim" else k, v)
    assert OomControlModel(cg["oom_test"]).victim_exiting is expected
    assert OomControlModel(cg["small"]).victim_exiting is False  # outside that scope
    assert OomControlModel(cg["oom_test"], order=-1).victim_exiting is False  # sysrq never waits


SCENARIO = """\
[oom]
cgroup = "oom_test"
attach = "/"

[cgroup."oom_test/small"]
tasks = [{ pid = 100, comm = "small", rss = "10M" }]

[cgroup."oom_test/big"]
tasks = [{ pid = 101, comm = "big", rss = "30M", swap = "2M" }]

[cgroup."oom_test/dying"]
tasks = [{ pid = 102, comm = "dying", rss = "1M", oom_victim = true, oom_skip = %s }]
"""


@pytest.mark.parametrize("reaped", [False, True])
def test_simulate_victim_exiting_and_queries(reaped: bool) -> None:
    sc = Scenario.loads(SCENARIO % ("true" if reaped else "false"), "q.toml")
    assert "oom_skip = true" in sc.dumps() if reaped else "oom_skip" not in sc.dumps()
    result = simulate(Q.queries, sc)
    seen = result.maps["seen"].data
    assert seen[Q.EXITING_BEFORE] == (0 if reaped else 1)
    assert seen[Q.SCOPE_ID] == sc.id_of("oom_test") and seen[Q.PARENT_ID] == sc.id_of("/")
    assert seen[Q.DEPTH] == 1 and seen[Q.NAMES] == Q.IS_OOM_TEST | Q.STARTS_OOM
    assert (seen[Q.RSS], seen[Q.SWAP], seen[Q.TASK_MEMCG_ID]) == (30 * MB, 2 * MB, sc.id_of("oom_test/big"))
    assert result.handled and result.victim_cgroups == ["/oom_test/big"]
    big = next(c for c in result.trace if c.kind == "task" and c.pid == 101)
    assert big.value("rss") == 30 * MB  # reads are traced


def test_cgroup_path_names_an_id(tmp_path: Path) -> None:
    """User space turns the ids a policy records into paths (any directory tree works: the id is the inode)."""
    from pyoombpf.runtime.cgroup import cgroup_path

    base = str(tmp_path)
    for rel in ("a", "a/b", "a/b/c", "d"):
        os.mkdir(os.path.join(base, rel))
    target = os.path.join(base, "a", "b", "c")
    assert cgroup_path(os.stat(target).st_ino, base) == target
    assert cgroup_path(os.stat(base).st_ino, base) == base
    assert cgroup_path(os.stat(target).st_ino, os.path.join(base, "d")) is None
    assert cgroup_path(1, os.path.join(base, "missing")) is None


def test_task_memcg_probe_as_python() -> None:
    root, cg, task = _tree()
    env = PyEnv()
    assert pcompile(Q.task_memcg_probe).python(env)(OomControlModel(cg["big"])) == 0
    found = env.maps["found"].data
    assert (found[Q.FOUND_PID], found[Q.FOUND_MEMCG_ID], found[Q.FOUND_ROOT_HAS_NO_PARENT]) == (task.pid, 5, 1)
    assert root.parent is None
