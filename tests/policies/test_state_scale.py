"""The state the library keeps per cgroup between decisions (systemd_oomd's ``last_pgscan``, oomd_like's
``seen``) when the map is already full, in bridge mode on real v1 memcgs (``BPF_PROG_RUN``, the program the
relay runs).

Nothing deletes those entries: they used to be HashMaps of 4,096, so once that many cgroups had come and gone
(services restarting, containers) a new cgroup could not be stored, counted its whole scan history at every
decision and was over-ranked -- a wrong kill on a busy host.  They are LRU maps now.  Here the map is first
filled from user space with the entries of cgroups that are gone (what the policy left for them), then 4,200
empty memcgs, ``late`` and ``busy`` are walked: ``late`` scanned a lot before the first decision and nothing
since, ``busy`` less but since; the second decision must rank ``late`` on its real delta (none) and choose
``busy``.  The library's files are run as they are (their real map sizes), like test_xattr_scale.py.

The scanning is real reclaim: a child in the memcg writes a file larger than its limit (page cache, fsync'ed
so it is clean and reclaimable), which counts in the memcg's pgscan the policies read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyoombpf import policies
from pyoombpf.bridge.memcg_v1 import v1_memory_root
from tests.bridge.v1 import MB, V1Tree, read, write
from tests.differential.harness import BridgeProgram

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (the test cgroups live there)"),
]

MANY = 4_200  # more than the 4,096 the state maps used to hold
LIMIT_MB = 1024
SCAN_LIMIT_MB = 32  # late's and busy's own limit: writing more than that reclaims (scans) page cache
#: the policy, its state map, and how a value of it gives the pgscan it recorded
STATE = {"systemd_oomd": ("last_pgscan", lambda v: v), "oomd_like": ("seen", lambda v: v.pgscan)}
GONE = 1 << 48  # cgroup ids above any this boot hands out: the entries of cgroups removed long ago

# write N MiB to a new file, fsync'ed as it goes (clean page cache is what reclaim can take), then remove it
_WRITE = """\
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
chunk = b"x" * (1 << 20)
try:
    for i in range(int(sys.argv[2])):
        os.write(fd, chunk)
        if i % 4 == 3:
            os.fsync(fd)
finally:
    os.close(fd)
    os.unlink(sys.argv[1])
"""


@pytest.fixture(scope="module")
def tree() -> Iterator[V1Tree]:
    with V1Tree(limit_mb=LIMIT_MB) as t:
        for i in range(MANY):
            t.make(f"e{i}")
        t.make("late", limit_mb=SCAN_LIMIT_MB)
        t.make("busy", limit_mb=SCAN_LIMIT_MB)
        yield t


def scan(tree: V1Tree, rel: str, mb: int, where: Path) -> None:
    """Make memcg ``rel`` reclaim: a child in it writes ``mb`` MiB of file pages under its smaller limit."""
    cgroup = tree.path(rel)

    def enter() -> None:
        write(os.path.join(cgroup, "cgroup.procs"), str(os.getpid()))

    path = str(where / f"scan-{rel}")
    subprocess.run([sys.executable, "-I", "-c", _WRITE, path, str(mb)], preexec_fn=enter, check=True, timeout=300)
    # the kernel folds per-CPU counters into the ones the program reads lazily; reading memory.stat folds them
    read(os.path.join(cgroup, "memory.stat"))


def decide(tree: V1Tree, prog: BridgeProgram) -> set[int]:
    """Run the program on an OOM of the tree's root; the cgroup ids of its victims."""
    run = prog.run(tree.cgroup_id(), LIMIT_MB * MB // 4096, attach_id=tree.cgroup_id())
    return {k.cgroup_id for k in run.kills}


def state_map(prog: BridgeProgram, name: str) -> Any:
    key, value = prog.compiled.map_codecs(name)
    return prog.obj.map(name, key=key, value=value)


@pytest.mark.parametrize("name", sorted(STATE))
def test_a_cgroup_created_after_the_map_filled_is_ranked_on_its_real_scan_delta(
    tree: V1Tree, name: str, tmp_path: Path
) -> None:
    map_name, pgscan_of = STATE[name]
    late, busy = tree.cgroup_id("late"), tree.cgroup_id("busy")
    scan(tree, "late", 4 * SCAN_LIMIT_MB, tmp_path)  # late's history: far more than busy will scan
    procs = []
    try:
        with BridgeProgram(policies.policy(name)) as prog:
            state = state_map(prog, map_name)
            assert state.type == "lru_hash"
            size = state.max_entries
            gone = prog.compiled.map_codecs(map_name)[1]
            zero = gone(pgscan=0) if map_name == "seen" else 0
            for i in range(2 * size):  # more than it holds: full of what gone cgroups left
                state[GONE + i] = zero
            assert all(k >= GONE for k in state)
            decide(tree, prog)
            late_seen = state.get(late)
            assert late_seen is not None, "late was not stored: it will count its whole history next time"
            assert pgscan_of(late_seen) > 0
            scan(tree, "busy", SCAN_LIMIT_MB + SCAN_LIMIT_MB // 2, tmp_path)
            procs = [tree.spawn("late", 4), tree.spawn("busy", 4)]  # something to kill in each
            assert decide(tree, prog) == {busy}, f"busy's delta must win over late's history ({pgscan_of(late_seen)})"
            assert pgscan_of(state.get(busy)) > 0 and state.get(late) is not None
    finally:
        for proc in procs:
            proc.stop()
