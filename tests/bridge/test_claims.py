"""Finding 2 of issue 13: one decider per cgroup subtree.

A relay claims its subtree for its lifetime; a second relay on the same cgroup, on a cgroup below it or on one above
it refuses to start and names the process and policy that hold the claim.  A claim left behind by a process that
died does not block the next relay.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pyoombpf.bridge.abi import BridgeContext
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.relay import Relay
from pyoombpf.errors import PyoombpfError
from tests.waits import wait_until

from .v1 import REPO, CliRun, V1Tree, stream_lines

pytestmark = pytest.mark.kernel


def decline(ctx: BridgeContext) -> Decision:
    return Decision(0, ctx)


def relay(path: str, policy: str) -> Relay:
    return Relay(path, decline, policy_name=policy, lock_memory=False)


def test_a_second_relay_on_the_same_cgroup_is_refused(tree: V1Tree) -> None:
    with relay(tree.root, "first"):
        with pytest.raises(PyoombpfError) as err:
            relay(tree.root, "second")
        assert f"pid {os.getpid()}" in str(err.value) and "policy first" in str(err.value)
        assert tree.oom_control()["oom_kill_disable"] == 1  # the first relay's setting, untouched
    assert tree.oom_control()["oom_kill_disable"] == 0


def test_overlapping_subtrees_are_refused_both_ways(tree: V1Tree) -> None:
    tree.make("a")
    tree.make("a/b")
    tree.make("c")
    with relay(tree.path("a"), "middle"):
        for other in (tree.root, tree.path("a/b")):
            with pytest.raises(PyoombpfError, match=r"policy middle"):
                relay(other, "other")
        with relay(tree.path("c"), "sibling"):  # a disjoint subtree is fine
            pass
    with relay(tree.root, "top"):  # the claim went with the first relay
        pass
    assert set(tree.disable_values().values()) == {0}


def test_two_runs_on_one_cgroup_only_one_decides(tree: V1Tree) -> None:
    tree.limit(tree.root, 256)
    tree.make("workload", limit_mb=128)
    tree.make("workload/big")
    tree.make("workload/alloc")
    big = tree.spawn("workload/big", 70)
    with CliRun("examples/largest_leaf.py", "--cgroup", tree.root) as first:
        first.next("start")
        for where in (tree.root, tree.path("workload")):
            second = subprocess.run(
                [sys.executable, "-m", "pyoombpf.cli", "run", "examples/largest_leaf.py", "--cgroup", where],
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert second.returncode == 1, second.stdout
            assert f"pid {first.pid}" in second.stderr and "largest_leaf" in second.stderr, second.stderr
            assert "Traceback" not in second.stderr
        alloc = tree.spawn("workload/alloc", 60, wait=False)
        first.next("kill")
        assert alloc.wait_done()
        assert big.killed()
        first.signal(signal.SIGTERM)
        assert first.next("stop")["kills"] == 1
        assert first.wait() == 0
    assert set(tree.disable_values().values()) == {0}


def test_a_claim_left_by_a_killed_relay_does_not_block(tree: V1Tree) -> None:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.bridge.relay_child", tree.root], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        next(line for line in stream_lines(child.stdout) if '"start"' in line)
        child.send_signal(signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
    assert wait_until(lambda: tree.oom_control()["oom_kill_disable"] == 0)  # its watchdog restored
    with relay(tree.root, "next"):
        assert tree.oom_control()["oom_kill_disable"] == 1


def test_claims_in_a_directory_of_their_own(tmp_path: Path) -> None:
    """The claim files themselves (no cgroup involved): overlap by path, the holder named, stale claims removed."""
    from pyoombpf.bridge.claims import Claim

    d = str(tmp_path / "claims")
    with Claim("v1", "/sys/fs/cgroup/memory/a", 10, "first", directory=d):
        with pytest.raises(PyoombpfError, match=rf"pid {os.getpid()} runs policy first on a cgroup above it"):
            Claim("v1", "/sys/fs/cgroup/memory/a/b", 11, "second", directory=d)
        with Claim("v1", "/sys/fs/cgroup/memory/ab", 12, "sibling", directory=d):  # a prefix is not a parent
            pass
        with Claim("v2", "/sys/fs/cgroup/a", 10, "other hierarchy", directory=d):
            pass
    stale = tmp_path / "claims" / "v1-99.claim"  # left by a process that died: nobody holds its lock
    stale.write_text('{"pid": 1, "policy": "gone", "cgroup": "/sys/fs/cgroup/memory/a"}\n')
    with Claim("v1", "/sys/fs/cgroup/memory/a", 10, "next", directory=d):
        assert not stale.exists()


def test_a_kernel_without_file_locking_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import fcntl

    from pyoombpf.bridge.claims import Claim, ClaimsUnsupported

    def no_locks(fd: int, op: int) -> None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    with pytest.raises(ClaimsUnsupported, match="CONFIG_FILE_LOCKING"):
        Claim("v1", "/sys/fs/cgroup/memory/a", 10, "p", directory=str(tmp_path))
