"""``pyoombpf run POLICY.py --cgroup T --json``: a real OOM, one JSON object per line, SIGINT stops and restores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.waits import wait_until

from .v1 import REPO, V1Tree, assert_one_kill, stream_lines

pytestmark = pytest.mark.kernel


def _cli(*args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    """``pyoombpf ARGS`` from the repository, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "pyoombpf.cli", *args], cwd=REPO, capture_output=True, text=True, check=check
    )


def _skip_if_unsupported(stderr: str) -> None:
    """Another build of this kernel may keep what the example reads where pyoombpf cannot (memcg counters in a
    layout it has no table for): the command refuses, naming it; the test then skips with that reason."""
    if "in bridge mode is not supported here" in stderr:
        pytest.skip(stderr.strip())


def _next(lines: Iterator[str], kind: str, seen: list[dict[str, Any]]) -> dict[str, Any]:
    for line in lines:
        event = json.loads(line)
        seen.append(event)
        if event["event"] == kind:
            return event
    raise AssertionError(f"the command ended before a {kind!r} event: {seen}")


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_run_json_event_stream_until_a_signal(tree: V1Tree, stop_signal: signal.Signals) -> None:
    tree.limit(tree.root, 256)
    tree.make("workload", limit_mb=128)
    tree.make("workload/big")
    tree.make("workload/alloc")
    big = tree.spawn("workload/big", 70)
    cmd = [sys.executable, "-m", "pyoombpf.cli", "run", "examples/largest_leaf.py", "--cgroup", tree.root, "--json"]
    run = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen: list[dict[str, Any]] = []
    try:
        assert run.stdout is not None and run.stderr is not None
        lines = stream_lines(run.stdout)
        try:
            start = _next(lines, "start", seen)
        except AssertionError:
            _skip_if_unsupported(run.stderr.read())
            raise
        assert (start["mode"], start["cgroup"], start["policy"], start["memcgs"]) == (
            "bridge",
            tree.root,
            "largest_leaf",
            4,
        )
        alloc = tree.spawn("workload/alloc", 60, wait=False)
        kill = _next(lines, "kill", seen)
        assert (kill["pid"], kill["cgroup"], kill["reason"]) == (
            big.pid,
            tree.path("workload/big"),
            "largest_leaf policy",
        )
        assert kill["comm"].startswith("python")
        assert alloc.wait_done()
        assert big.killed()
        run.send_signal(stop_signal)
        stop = _next(lines, "stop", seen)
        assert run.wait(timeout=30) == 0
    finally:
        if run.poll() is None:
            run.kill()
        run.wait()
    assert_one_kill(seen)
    assert (stop["reason"], stop["kills"], stop["failsafes"], stop["restored"]) == (stop_signal.name, 1, 0, 4)
    assert wait_until(lambda: set(tree.disable_values().values()) == {0})
    warning = next(e for e in seen if e["event"] == "warning")
    assert "oom_score_adj" in warning["message"] or "mlockall" in warning["message"]


def test_call_still_runs_a_function_once(tmp_path: Any) -> None:
    out = _cli("call", "examples/pick_victim.py", "--function", "pick_victim", "1", "1", "-5", check=True)
    assert out.stdout.strip().lstrip("-").isdigit()


def test_run_on_the_v1_root_says_why_not() -> None:
    from pyoombpf.bridge.memcg_v1 import v1_memory_root

    if v1_memory_root() is None:
        pytest.skip("needs the memory controller on cgroup v1")
    out = _cli("run", "examples/largest_leaf.py", "--mode", "bridge")
    assert out.returncode == 1
    _skip_if_unsupported(out.stderr)
    assert "oom_kill_disable on the v1 root memcg (EINVAL)" in out.stderr
    assert "--cgroup" in out.stderr


def test_struct_ops_mode_without_bpf_oom_ops_points_to_bridge_mode() -> None:
    from pyoombpf.runtime import features

    if features().has_struct_ops("bpf_oom_ops"):
        pytest.skip("this kernel has bpf_oom_ops: struct_ops mode would run (the VM tests cover it)")
    out = _cli("run", "examples/largest_leaf.py", "--mode", "struct_ops")
    assert out.returncode == 1
    assert "struct bpf_oom_ops" in out.stderr and "--mode bridge" in out.stderr


def test_auto_mode_is_bridge_without_bpf_oom_ops() -> None:
    from pyoombpf.bridge import choose_mode
    from pyoombpf.runtime import features

    expected = "struct_ops" if features().has_struct_ops("bpf_oom_ops") else "bridge"
    assert choose_mode("auto") == expected
    assert choose_mode("bridge") == "bridge"
    with pytest.raises(ValueError, match="auto, bridge, struct_ops"):
        choose_mode("kernel")


def test_a_signal_while_the_relay_starts_becomes_a_clean_stop() -> None:
    """SIGINT before run() installed its handlers (seen in the VM: right after the start event) must stop the
    policy with a stop event naming the signal, not raise KeyboardInterrupt."""
    from pyoombpf.cli_run import _EarlySignals

    class Policy:
        stopped: list[str | None] = []

        def stop(self, reason: str | None = None) -> None:
            self.stopped.append(reason)

    before = signal.getsignal(signal.SIGINT)
    with _EarlySignals() as early:
        os.kill(os.getpid(), signal.SIGINT)  # before the policy exists: kept
        policy = Policy()
        early.forward_to(policy)
        os.kill(os.getpid(), signal.SIGTERM)  # after: passed on at once
    assert policy.stopped == ["SIGINT", "SIGTERM"]
    assert signal.getsignal(signal.SIGINT) is before
