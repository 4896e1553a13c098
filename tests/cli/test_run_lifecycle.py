"""What a platform engineer meets around a running ``pyoombpf run`` on throwaway v1 memcgs: the attach cgroup
removed under it, ``pyoombpf status`` while it runs, a cgroup without a memory limit."""

from __future__ import annotations

import os

import pytest

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from tests.bridge.v1 import CliRun, V1Tree

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
