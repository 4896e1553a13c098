"""The example policies compiled in bridge mode, run by the relay on real OOMs in nested v1 memcgs.

Tree (attach point ``T``; ``T/workload`` has the limit, so the OOM is there, below the attach point)::

    T/workload            limit 192 MiB
      big/                70 MiB, oom_score_adj 0       (the largest leaf: the policy's victim)
      medium/             40 MiB, oom_score_adj 0
      kernelpick/         20 MiB, oom_score_adj +1000   (the task the kernel's own OOM killer would pick)
      alloc/              the allocating task (60 MiB; stalls at the limit with less than big holds; must complete)
      protected/          75 MiB, oom_score_adj -1000   (only where a -1000 task can be made, see below)

A task gets oom_score_adj -1000 only from a process with CAP_SYS_RESOURCE (or inherits it); root on these
machines lacks that capability, so the protected leaf has its own test that skips there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pyoombpf.bridge.events import Event
from pyoombpf.bridge.policy import BridgePolicy
from pyoombpf.files import import_file

from .v1 import REPO, V1Tree, drive

pytestmark = pytest.mark.kernel


def compiled(name: str) -> object:
    import pyoombpf

    mod = import_file(str(REPO / "examples" / f"{name}.py"))
    return pyoombpf.compile(getattr(mod, name), mode="bridge")


@pytest.fixture(scope="module")
def largest_leaf() -> object:
    return compiled("largest_leaf")


@pytest.fixture
def workload(tree: V1Tree) -> Iterator[V1Tree]:
    tree.limit(tree.root, 256)  # above the workload's, so the OOM happens in the workload
    tree.make("workload", limit_mb=192)
    for leaf in ("protected", "big", "medium", "kernelpick", "alloc"):
        tree.make(f"workload/{leaf}")
    yield tree


def kills(events: list[Event]) -> list[Event]:
    return [e for e in events if e.kind == "kill"]


def test_largest_leaf_kills_its_victim_not_the_kernels(workload: V1Tree, largest_leaf: object) -> None:
    t = workload
    big = t.spawn("workload/big", 70)
    medium = t.spawn("workload/medium", 40)
    kernelpick = t.spawn("workload/kernelpick", 20, oom_score_adj=1000)
    events: list[Event] = []
    with BridgePolicy(largest_leaf, t.root, on_event=events.append, lock_memory=False) as policy:
        alloc = t.spawn("workload/alloc", 60, wait=False)
        assert drive(policy, alloc.finished), f"the allocator never completed: {[e.to_json() for e in events]}"
    assert big.killed()
    assert kernelpick.alive() and medium.alive() and alloc.alive()
    oom = next(e for e in events if e.kind == "oom")
    assert oom["memcg"] == t.path("workload")
    verdict = next(e for e in events if e.kind == "verdict")
    assert verdict["verdict"] == "killed"
    [kill] = kills(events)
    assert (kill["pid"], kill["cgroup"], kill["reason"]) == (big.pid, t.path("workload/big"), "largest_leaf policy")
    assert not [e for e in events if e.kind == "failsafe"]


def test_fifty_consecutive_ooms_each_with_the_right_victim(workload: V1Tree, largest_leaf: object) -> None:
    t = workload
    t.spawn("workload/medium", 40)
    t.spawn("workload/kernelpick", 20, oom_score_adj=1000)
    events: list[Event] = []
    victims = []
    # The deadline is how long a kill may take to end an OOM before the kernel's killer gets it (the failsafe, its
    # tests are in test_relay_v1.py and test_relay_edges.py).  On a loaded machine a victim's exit and the paused
    # allocator's wake-up can take longer than the default 250 ms; this test is about the policy choosing the right
    # victim fifty times in a row, not about speed.
    with BridgePolicy(largest_leaf, t.root, on_event=events.append, lock_memory=False, deadline_ms=5000) as policy:
        for _ in range(50):
            big = t.spawn("workload/big", 70)
            victims.append(big.pid)
            alloc = t.spawn("workload/alloc", 60, wait=False)
            assert drive(policy, alloc.finished), f"round {len(victims)}: the allocator never completed"
            assert big.killed(), [e.to_json() for e in events[-8:]]
            alloc.stop()
    assert [k["pid"] for k in kills(events)] == victims, [e.to_json() for e in events if e.kind != "start"]
    assert not [e for e in events if e.kind == "failsafe"]
    assert events[-1]["kills"] == 50


def can_set_unkillable() -> bool:
    from pyoombpf.runtime.process import set_oom_score_adj

    with open("/proc/self/oom_score_adj") as f:
        mine = int(f.read())
    if set_oom_score_adj(-1000) is not None:
        return False
    set_oom_score_adj(mine)
    return True


def test_largest_leaf_skips_a_leaf_with_an_unkillable_task(workload: V1Tree, largest_leaf: object) -> None:
    if not can_set_unkillable():
        pytest.skip("needs CAP_SYS_RESOURCE to give a task oom_score_adj -1000 (root here lacks it)")
    t = workload
    protected = t.spawn("workload/protected", 75, oom_score_adj=-1000)  # the largest leaf, but unkillable
    big = t.spawn("workload/big", 55)
    events: list[Event] = []
    with BridgePolicy(largest_leaf, t.root, on_event=events.append, lock_memory=False) as policy:
        alloc = t.spawn("workload/alloc", 50, wait=False)
        assert drive(policy, alloc.finished)
    assert big.killed()
    assert protected.alive()
    assert [k["pid"] for k in kills(events)] == [big.pid]


@pytest.fixture(scope="module")
def oomd() -> tuple[object, object]:
    mod = import_file(str(REPO / "examples" / "oomd_like.py"))
    import pyoombpf

    return mod, pyoombpf.compile(mod.oomd_like, mode="bridge")


def test_oomd_like_follows_preferences_set_from_python(tree: V1Tree, oomd: tuple[object, object]) -> None:
    """big is OMIT, medium AVOID, small unmarked (alloc is OMIT, so the allocating task is left alone): the first
    OOM kills small.  Then small is marked OMIT too, live, and the next OOM has only the avoided medium left."""
    mod, obj = oomd
    t = tree
    t.limit(t.root, 256)
    t.make("workload", limit_mb=160)
    for leaf in ("big", "medium", "small", "alloc"):
        t.make(f"workload/{leaf}")
    big = t.spawn("workload/big", 60)
    medium = t.spawn("workload/medium", 30)
    small = t.spawn("workload/small", 30)
    events: list[Event] = []
    with BridgePolicy(obj, t.root, on_event=events.append, lock_memory=False) as policy:
        prefs = policy.map("prefs")
        pref = mod.Pref  # type: ignore[attr-defined]
        for leaf, mode in (("big", mod.OMIT), ("medium", mod.AVOID), ("alloc", mod.OMIT)):  # type: ignore[attr-defined]
            prefs[t.cgroup_id(f"workload/{leaf}")] = pref(mode=mode, recursive=0, last_pgscan=0)
        alloc = t.spawn("workload/alloc", 25, wait=False)
        assert drive(policy, alloc.finished), [e.to_json() for e in events]
        assert small.killed()
        alloc.stop()

        again = t.spawn("workload/small", 30)
        prefs[t.cgroup_id("workload/small")] = pref(mode=mod.OMIT, recursive=0, last_pgscan=0)  # type: ignore[attr-defined]
        alloc = t.spawn("workload/alloc", 25, wait=False)
        assert drive(policy, alloc.finished), [e.to_json() for e in events]
        assert medium.killed()
        decisions = policy.map("decisions")
        assert decisions[mod.KILLS] == 2  # type: ignore[attr-defined]
        assert decisions[mod.VICTIM_ID] == t.cgroup_id("workload/medium")  # type: ignore[attr-defined]
    assert big.alive() and again.alive()
    assert [(k["pid"], k["cgroup"]) for k in kills(events)] == [
        (small.pid, t.path("workload/small")),
        (medium.pid, t.path("workload/medium")),
    ]
    assert all(k["reason"] == "oomd_like policy" for k in kills(events))
