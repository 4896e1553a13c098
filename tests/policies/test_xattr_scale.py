"""systemd's preferences read in the kernel among more memcgs than ``xattr_prefs`` has entries (4,096), in bridge
mode on real v1 memcgs (``BPF_PROG_RUN``, the program the relay runs).

The policies used to write an entry for every memcg of the OOM scope at every decision, NONE included, and
remove none: past 4,096 memcgs the map was full, and the preference of every memcg the walk met after that was
lost.  Here 4,200 empty memcgs come first in the walk (post-order, in creation order), then ``big`` (carrying
``user.oomd_avoid``) and ``small``: ``small`` must be chosen.  The real count is used rather than a smaller map,
because the library's files are what users run and copy: the test runs them as they are (creating and removing
the memcgs takes about a second).  And the map holds only what the last decision read: a cgroup removed since,
or whose xattr was removed, leaves no entry behind.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from pyoombpf import policies
from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.policies import AVOID
from pyoombpf.service.xattrs import AVOID_XATTR
from tests.bridge.v1 import MB, V1Tree
from tests.differential.harness import BridgeProgram

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (the test cgroups live there)"),
]

MANY = 4_200  # more than xattr_prefs' 4,096 entries
LIMIT_MB = 1024  # each memcg's own kernel memory (a few KiB) is charged to the parent
#: the library policies that read systemd's xattrs in the kernel; all but largest_leaf keep them in xattr_prefs
READERS = [n for n in policies.names() if n != "oomd_like"]
KEEPERS = [n for n in READERS if n != "largest_leaf"]


@pytest.fixture(scope="module")
def tree() -> Iterator[V1Tree]:
    with V1Tree(limit_mb=LIMIT_MB) as t:
        for i in range(MANY):
            t.make(f"e{i}")
        t.make("big")
        t.make("small")
        os.setxattr(t.path("big"), AVOID_XATTR, b"1")
        yield t


def decide(tree: V1Tree, prog: BridgeProgram) -> set[int]:
    """Run the program on an OOM of the tree's root; the cgroup ids of its victims."""
    run = prog.run(tree.cgroup_id(), LIMIT_MB * MB // 4096, attach_id=tree.cgroup_id())
    assert run.verdict == "handled" and run.kills, run
    return {k.cgroup_id for k in run.kills}


def kernel_map(prog: BridgeProgram, name: str) -> Any:
    key, value = prog.compiled.map_codecs(name)
    return prog.obj.map(name, key=key, value=value)


@pytest.mark.parametrize("name", READERS)
def test_avoid_is_honoured_among_more_memcgs_than_the_map_holds(tree: V1Tree, name: str) -> None:
    big, small = tree.spawn("big", 24), tree.spawn("small", 12)
    try:
        with BridgeProgram(policies.policy(name)) as prog:
            assert decide(tree, prog) == {tree.cgroup_id("small")}
            if name in KEEPERS:
                assert dict(kernel_map(prog, "xattr_prefs").items()) == {tree.cgroup_id("big"): AVOID}
    finally:
        big.stop()
        small.stop()


@pytest.mark.parametrize("name", KEEPERS)
def test_xattr_prefs_holds_only_what_the_last_decision_read(tree: V1Tree, name: str) -> None:
    gone = tree.make(f"gone-{name}")
    os.setxattr(gone, AVOID_XATTR, b"1")
    procs = [tree.spawn("big", 24), tree.spawn("small", 12)]
    try:
        with BridgeProgram(policies.policy(name)) as prog:
            xattr_prefs = kernel_map(prog, "xattr_prefs")
            decide(tree, prog)
            gone_id = tree.cgroup_id(f"gone-{name}")
            assert dict(xattr_prefs.items()) == {tree.cgroup_id("big"): AVOID, gone_id: AVOID}
            os.rmdir(gone)
            procs.append(tree.spawn("small", 12))  # the first may have been killed
            decide(tree, prog)
            assert dict(xattr_prefs.items()) == {tree.cgroup_id("big"): AVOID}
            os.removexattr(tree.path("big"), AVOID_XATTR)
            try:
                decide(tree, prog)
                assert dict(xattr_prefs.items()) == {}
            finally:
                os.setxattr(tree.path("big"), AVOID_XATTR, b"1")
    finally:
        for proc in procs:
            proc.stop()
