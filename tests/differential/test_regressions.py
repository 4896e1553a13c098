"""Disagreements and failures the differential tests found, minimised (kernel tests on real v1 memcgs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.files import import_file
from tests.differential.genpolicy import PolicySpec, load_policy
from tests.differential.harness import BridgeProgram, differential, our_path
from tests.differential.world import NodeSpec, ProcSpec, TreeSpec, World

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (bridge mode's v1 path)"),
]


def test_snapshot_lists_children_in_creation_order_like_the_kernel(tmp_path: Path) -> None:
    """Found by the generated policies: Scenario.from_system listed sibling cgroups by name, the kernel's css walk
    visits them in creation order, so a "first seen wins" tie-break chose different victims.  Here both leaves
    score 1 (one task each); "q" is created before "b", so the kernel's first leaf is "q"."""
    policy = load_policy(PolicySpec(score="ntasks", tie_break="first"), tmp_path)
    with World(TreeSpec([NodeSpec("q", [ProcSpec(10)]), NodeSpec("b", [ProcSpec(16)])])) as world:
        out = differential(world, policy)
        assert [v.cgroup for v in out.sim.victims] == [our_path(world, "q")]


def _load_policy(name: str) -> object:
    return getattr(import_file(Path(__file__).with_name("load_policies.py"), "_pyoombpf_diff_load"), name)


def test_a_local_task_counter_compared_after_its_loop_loads_and_decides_like_simulate() -> None:
    """Refused by the verifier as too large until the compiler hid loop-carried locals from it (issue 19):
    ``n += 1`` per task in ``memcg.tasks()`` inside a ``descendants()`` walk, then ``if n == 2``.  Now it loads,
    and on a real tree the kernel picks the leaf with two tasks, as simulate does."""
    with World(TreeSpec([NodeSpec("a", [ProcSpec(10)]), NodeSpec("b", [ProcSpec(16), ProcSpec(22)])])) as world:
        out = differential(world, _load_policy("two_tasks"))
        assert [v.cgroup for v in out.sim.victims] == [our_path(world, "b")] * 2


def test_a_helper_counting_tasks_in_a_map_then_a_kill_loads() -> None:
    """Found by the generated policies: refused ("The sequence of 8193 jumps is too complex") from 54aeb7b (the
    bridge program's context copied to the stack, its kill counter with it) until b01bde6 (the counter in a map)."""
    with BridgeProgram(_load_policy("helper_count_then_kill")) as prog:
        assert prog.prog is not None


@pytest.mark.xfail(
    strict=True,
    reason="known limit: v1 cgroup.procs is sorted by pid, the kernel walks a memcg's tasks in join order, so a v1 "
    "snapshot cannot tell which task memcg.tasks() yields first once a process left and re-joined",
)
def test_first_task_after_a_process_rejoined(tmp_path: Path) -> None:
    policy = load_policy(PolicySpec(action="kill_first_task"), tmp_path)
    with World(TreeSpec([NodeSpec("a", [ProcSpec(10), ProcSpec(16)]), NodeSpec("z")])) as world:
        first = world.procs["a"][0]
        for rel in ("z", "a"):  # out and back in: now the kernel's walk yields it last
            with open(os.path.join(world.tree.path(rel), "cgroup.procs"), "w") as f:
                f.write(str(first.pid))
        differential(world, policy)
