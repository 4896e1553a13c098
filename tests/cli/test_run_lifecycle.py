"""What a platform engineer meets around a running ``pyoombpf run`` on throwaway v1 memcgs: the attach cgroup
removed under it, ``pyoombpf status`` while it runs, a cgroup without a memory limit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from tests.bridge.v1 import PYOOMBPF, REPO, CliRun, V1Tree

pytestmark = pytest.mark.kernel


@pytest.fixture
def tree() -> V1Tree:
    if v1_memory_root() is None:
        pytest.skip("needs the memory controller on cgroup v1 (this kernel has it on v2: the v1 relay cannot run)")
    if os.geteuid() != 0:
        pytest.skip("needs root: the relay loads BPF programs and writes memory.oom_control")
    with V1Tree() as t:
        yield t


def test_a_relay_whose_cgroup_is_removed_stops_and_a_new_one_can_start(tree: V1Tree) -> None:
    """A service restart removes its cgroup and creates it again: the relay on the old one stops (its claim
    gone with it) instead of watching nothing forever and refusing the relay started on the new one."""
    job = tree.make("job", limit_mb=64)
    with CliRun("--policy-lib", "kernel_like", "--cgroup", job) as run:
        run.next("start")
        os.rmdir(job)
        stop = run.next("stop")
        assert stop["reason"] == "cgroup-removed", run.events
        assert run.wait() == 0
    os.mkdir(job)
    with CliRun("--policy-lib", "kernel_like", "--cgroup", job) as again:
        assert again.next("start")["cgroup"] == job, again.stderr()
        again.signal(2)
        assert again.next("stop")["reason"] == "SIGINT"
        assert again.wait() == 0
    assert tree.oom_control("job")["oom_kill_disable"] == 0


def status(*prefix: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, *PYOOMBPF, "status", "--json"], cwd=REPO, capture_output=True, text=True)


def test_status_lists_a_running_bridge_relay_until_it_stops(tree: V1Tree) -> None:
    """`pyoombpf status` is how an operator checks the service: a bridge relay has no BPF link to list, so it
    used to say that nothing was attached while the relay guarded the cgroup."""
    with CliRun("--policy-lib", "systemd_oomd", "--cgroup", tree.root) as run:
        run.next("start")
        shown = [json.loads(line) for line in status().stdout.splitlines()]
        mine = [r for r in shown if r.get("kind") == "bridge" and r.get("pid") == run.pid]
        assert mine == [
            {
                "kind": "bridge",
                "hierarchy": "v1",
                "name": "systemd_oomd",
                "cgroup_id": tree.cgroup_id(),
                "cgroup_path": tree.root,
                "pid": run.pid,
            }
        ], shown
        run.signal(15)
        run.next("stop")
        assert run.wait() == 0
    after = status()
    assert after.returncode == 0, after.stderr
    assert str(run.pid) not in after.stdout and tree.root not in after.stdout


def test_status_without_root_says_it_cannot_see_rather_than_nothing() -> None:
    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv (util-linux) to run status as an unprivileged user")
    result = status(setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--")
    assert result.returncode == 1 and result.stdout == "", result
    assert "error: listing the kernel's BPF links failed: Operation not permitted (it needs root" in result.stderr


NO_LIMIT = "has a memory limit (memory.limit_in_bytes): an OOM can only happen above it"


def test_a_cgroup_without_a_limit_is_named_at_the_start(tree: V1Tree) -> None:
    """On v1 a memcg subtree with no limit never OOMs itself: the policy would wait for an OOM that never comes
    to it.  The start says so, with what to do; a subtree with a limit (the tree's root here) gets no such
    warning."""
    free = tree.make("free")  # below the limited root, but attached to alone: unlimited
    with CliRun("--policy-lib", "kernel_like", "--cgroup", free) as run:
        warning = run.next("warning", where=lambda e: NO_LIMIT in e["message"])
        assert free in warning["message"] and "memory.limit_in_bytes" in warning["message"]
        run.next("start")
    with CliRun("--policy-lib", "kernel_like", "--cgroup", tree.root) as run:
        run.next("start")
        assert not [e for e in run.events if NO_LIMIT in e.get("message", "")], run.events
