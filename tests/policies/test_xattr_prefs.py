"""systemd's user.oomd_omit / user.oomd_avoid mirrored into a policy's prefs map (pyoombpf/service/xattrs.py),
on real cgroup directories: omit wins, only root-owned cgroups count, configured entries win, removal removes,
and a change is seen at once through inotify (cgroupfs reports setxattr as IN_ATTRIB)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from pyoombpf import compile as pcompile
from pyoombpf import policies
from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.objspec import as_spec
from pyoombpf.policies import AVOID, OMIT
from pyoombpf.service.xattrs import AVOID_XATTR, OMIT_XATTR, XattrPrefs, preference_of, wants_mirror
from tests.bridge.v1 import V1Tree
from tests.waits import wait_until

VALUES = {"omit": OMIT, "avoid": AVOID}


@pytest.fixture
def tree() -> Iterator[V1Tree]:
    if v1_memory_root() is None:
        pytest.skip("needs the memory controller on cgroup v1 (the test cgroups live there)")
    with V1Tree(limit_mb=None) as t:
        for leaf in ("a", "b", "c", "c/d"):
            t.make(leaf)
        yield t


def mirror(tree: V1Tree, prefs: dict[int, int], events: list[tuple[str, dict[str, Any]]], **kw: Any) -> XattrPrefs:
    return XattrPrefs(tree.root, prefs, VALUES, lambda kind, **f: events.append((kind, f)), **kw)


def test_omit_and_avoid_are_mirrored_and_omit_wins(tree: V1Tree) -> None:
    os.setxattr(tree.path("a"), OMIT_XATTR, b"1")
    os.setxattr(tree.path("b"), AVOID_XATTR, b"1")
    os.setxattr(tree.path("c/d"), AVOID_XATTR, b"yes")
    os.setxattr(tree.path("c/d"), OMIT_XATTR, b"1")
    os.setxattr(tree.path("c"), AVOID_XATTR, b"0")  # systemd's booleans: "0" is false
    prefs: dict[int, int] = {}
    events: list[tuple[str, dict[str, Any]]] = []
    with mirror(tree, prefs, events) as m:
        assert m.refresh() == 3
        assert prefs == {tree.cgroup_id("a"): OMIT, tree.cgroup_id("b"): AVOID, tree.cgroup_id("c/d"): OMIT}
        assert m.refresh() == 0  # nothing changed: nothing written
        kinds = sorted((k, f["cgroup"], f["preference"]) for k, f in events)
        assert kinds == [
            ("preference", tree.path("a"), "omit"),
            ("preference", tree.path("b"), "avoid"),
            ("preference", tree.path("c/d"), "omit"),
        ]
        os.removexattr(tree.path("a"), OMIT_XATTR)
        prefs[tree.cgroup_id("b")] = 99  # the policy (or someone) changed it: not ours to remove any more
        os.removexattr(tree.path("b"), AVOID_XATTR)
        assert m.refresh() == 2
        assert prefs == {tree.cgroup_id("b"): 99, tree.cgroup_id("c/d"): OMIT}
        assert events[-1][1]["preference"] == "none"


def test_only_root_owned_cgroups_count(tree: V1Tree) -> None:
    os.setxattr(tree.path("a"), OMIT_XATTR, b"1")
    assert preference_of(tree.path("a")) == "omit"
    os.chown(tree.path("a"), 1000, 1000)  # a delegated cgroup: its owner must not protect itself
    assert preference_of(tree.path("a")) is None


def test_configured_entries_win(tree: V1Tree) -> None:
    os.setxattr(tree.path("a"), AVOID_XATTR, b"1")
    prefs = {tree.cgroup_id("a"): 3}
    with mirror(tree, prefs, [], configured=lambda: {tree.cgroup_id("a")}) as m:
        assert m.refresh() == 0 and prefs == {tree.cgroup_id("a"): 3}


def test_an_xattr_set_later_is_seen_at_once_through_inotify(tree: V1Tree) -> None:
    prefs: dict[int, int] = {}
    with mirror(tree, prefs, []).start():
        os.setxattr(tree.path("c/d"), AVOID_XATTR, b"1")
        assert wait_until(lambda: prefs.get(tree.cgroup_id("c/d")) == AVOID)
        tree.make("c/d/new")  # a cgroup created later is watched too
        assert wait_until(lambda: tree.cgroup_id("c/d/new") > 0)
        os.setxattr(tree.path("c/d/new"), OMIT_XATTR, b"1")
        assert wait_until(lambda: prefs.get(tree.cgroup_id("c/d/new")) == OMIT)
        os.removexattr(tree.path("c/d"), AVOID_XATTR)
        assert wait_until(lambda: tree.cgroup_id("c/d") not in prefs)


@pytest.mark.parametrize("name", policies.names())
def test_every_library_policy_takes_the_mirror(name: str) -> None:
    assert wants_mirror(as_spec(pcompile(policies.policy(name), mode="bridge")))


class FullMap(dict[int, int]):
    """A prefs map with room for ``room`` entries that refuses new keys beyond (as the kernel does: E2BIG)."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def __setitem__(self, key: int, value: int) -> None:
        if key not in self and len(self) >= self.room:
            raise OSError(7, "Argument list too long")
        super().__setitem__(key, value)


def test_a_full_map_is_warned_about_once_per_cgroup_and_retried(tree: V1Tree) -> None:
    """Every refresh (before each decision, once a second) retries; the warning is not repeated each time."""
    os.setxattr(tree.path("a"), OMIT_XATTR, b"1")
    os.setxattr(tree.path("b"), AVOID_XATTR, b"1")
    prefs = FullMap(room=1)
    events: list[tuple[str, dict[str, Any]]] = []
    with mirror(tree, prefs, events) as m:
        m.refresh()
        m.refresh()
        warnings = [f["message"] for k, f in events if k == "warning"]
        assert len(prefs) == 1 and len(warnings) == 1 and "cannot store the preference of" in warnings[0]
        stored, refused = (tree.cgroup_id("a"), "b") if tree.cgroup_id("a") in prefs else (tree.cgroup_id("b"), "a")
        prefs.room = 2  # room again: stored at the next refresh, silently
        m.refresh()
        assert set(prefs) == {stored, tree.cgroup_id(refused)}
        assert [k for k, _ in events].count("warning") == 1
