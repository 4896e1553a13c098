"""The relay SIGKILLed in the middle of an OOM: its watchdog gives the OOM back to the kernel."""

from __future__ import annotations

import json
import signal
import subprocess
import sys

import pytest

from tests.waits import Exits, wait_until

from .v1 import REPO, V1Tree, stream_lines

pytestmark = pytest.mark.kernel


def test_relay_killed_mid_oom_leaves_nothing_paused(tree: V1Tree) -> None:
    tree.make("a")
    holder = tree.spawn("a", 70)
    relay = subprocess.Popen(
        [sys.executable, "-m", "tests.bridge.relay_child", tree.root, "--deadline-ms", "60000"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert relay.stdout is not None
        events = stream_lines(relay.stdout)
        start = next(json.loads(line) for line in events if '"start"' in line)
        watchdog = Exits(start["watchdog_pid"])
        assert tree.oom_control("a")["oom_kill_disable"] == 1
        alloc = tree.spawn("a", 70, wait=False)
        deciding = next(json.loads(line) for line in events if '"deciding"' in line)
        assert deciding["memcg_id"] == tree.cgroup_id()
        assert tree.oom_control()["under_oom"] == 1  # paused, and the relay is stuck in its policy
        relay.send_signal(signal.SIGKILL)
        relay.wait()
        assert wait_until(lambda: tree.disable_values() == {tree.root: 0, tree.path("a"): 0})
        # the kernel's OOM killer took over: one of the two died, nothing stays paused
        assert wait_until(lambda: not holder.alive() or not alloc.alive(), timeout=30)
        assert wait_until(lambda: tree.oom_control()["under_oom"] == 0, timeout=30)
        with watchdog:
            assert watchdog.wait()
    finally:
        if relay.poll() is None:
            relay.kill()
        relay.wait()
