"""Finding 7 of issue 13: the smaller ones.

* a victim already gone when the relay follows it is no "freed" (and no second-long stall);
* a policy that kills outside its attach subtree is refused in the kernel, and reported;
* text output escapes control characters (a victim's ``comm`` cannot forge log lines);
* a run without the privileges it needs is refused in one line;
* a policy the verifier takes too long on shows progress and stops with an error naming its loop.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import pyoombpf
from pyoombpf.bridge.abi import BridgeContext, KillRecord
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.policy import BridgePolicy
from pyoombpf.bridge.relay import Relay
from pyoombpf.files import import_file

from .v1 import REPO, CliRun, V1Tree, drive

POLICIES = REPO / "tests" / "bridge" / "policies"


@pytest.mark.kernel
def test_a_victim_already_gone_is_not_memory_freed(tree: V1Tree) -> None:
    gone = subprocess.Popen(["true"])
    gone.wait()  # its pid names no process any more
    holder = tree.spawn("", 70)

    def stale(ctx: BridgeContext) -> Decision:  # reports a kill of a process that had already exited
        return Decision(1, ctx.replace(nr_kills=1), [KillRecord(gone.pid, 0, tree.cgroup_id(), "true")])

    events: list[Event] = []
    with Relay(tree.root, stale, on_event=events.append, lock_memory=False) as relay:
        alloc = tree.spawn("", 70, wait=False)
        handled = 0
        while handled == 0:
            handled = relay.run_once(5)
        kinds = [e.kind for e in events]  # what one handling of the OOM reported
        assert drive(relay, lambda: not holder.alive() or not alloc.alive(), timeout=30)
    assert "freed" not in kinds, kinds
    assert kinds.count("oom") == 1 and kinds[-1] == "failsafe", kinds
    failsafe = next(e for e in events if e.kind == "failsafe")
    assert (failsafe["why"], failsafe["kernel_killed"]) == ("deadline", True)


@pytest.mark.kernel
def test_a_kill_outside_the_attach_subtree_is_refused(tree: V1Tree) -> None:
    policy = pyoombpf.compile(import_file(str(POLICIES / "outside.py")).outside, mode="bridge")
    tree.limit(tree.root, 256)
    bystander = tree.spawn("", 20)  # in T itself: outside the subtree the policy is attached to
    tree.make("sub", limit_mb=128)
    tree.make("sub/h")
    tree.make("sub/a")
    holder = tree.spawn("sub/h", 70, oom_score_adj=1000)
    events: list[Event] = []
    with BridgePolicy(policy, tree.path("sub"), on_event=events.append, lock_memory=False) as run:
        alloc = tree.spawn("sub/a", 60, wait=False)
        assert drive(run, alloc.finished, timeout=30), [e.to_json() for e in events]
    assert bystander.alive()
    assert holder.killed()  # the kernel's OOM killer, after the policy's kill was refused
    refused = next(e for e in events if e.kind == "refused")
    assert (refused["cgroup"], refused["cgroup_id"], refused["reason"]) == (
        tree.root,
        tree.cgroup_id(),
        "the parent pays",
    )
    assert "outside" in refused["why"]
    assert not [e for e in events if e.kind == "kill"]
    assert next(e for e in events if e.kind == "failsafe")["why"] == "declined"
    # The kernel's own kill takes a moment to free the holder's memory: the allocator may OOM once more meanwhile,
    # and that OOM is refused the same way. Every OOM handled is one refusal, never a kill.
    counters = run.relay.counters
    assert counters.refused == counters.ooms >= 1, counters


@pytest.mark.kernel
def test_a_decider_reporting_a_kill_outside_the_subtree_is_an_error_event(tree: V1Tree) -> None:
    tree.limit(tree.root, 256)  # the OOM is in sub, where the relay is attached
    tree.make("sub", limit_mb=128)
    holder = tree.spawn("sub", 70)
    outside_id = tree.cgroup_id()

    def stray(ctx: BridgeContext) -> Decision:  # claims a kill in the parent of its attach point
        return Decision(1, ctx.replace(nr_kills=1), [KillRecord(holder.pid, 0, outside_id, "x")])

    events: list[Event] = []
    with Relay(tree.path("sub"), stray, on_event=events.append, lock_memory=False, deadline_ms=50) as relay:
        alloc = tree.spawn("sub", 70, wait=False)
        assert drive(relay, lambda: not holder.alive() or not alloc.alive(), timeout=30)
    error = next(e for e in events if e.kind == "error")
    assert str(holder.pid) in error["message"] and "outside" in error["message"]


def test_text_output_escapes_control_characters() -> None:
    forged = "py\x1b]0;pwned\x07\nfake: ok\x7f\x9b"
    events = [
        Event("kill", {"seq": 1, "pid": 5, "comm": forged, "cgroup": "/a\nb", "cgroup_id": 1, "reason": forged}),
        Event("warning", {"message": forged}),
        Event("oom", {"seq": 1, "memcg": "/x\r", "memcg_id": 1, "usage": 0, "limit": 0, "victim_exiting": False}),
    ]
    for event in events:
        text = event.to_text()
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text), repr(text)
        assert json.loads(event.to_json())["event"] == event.kind
    assert "py\\x1b]0;pwned\\x07\\nfake: ok\\x7f\\x9b" in events[0].to_text()


@pytest.mark.kernel
def test_an_unprivileged_run_is_refused_in_one_line(tree: V1Tree) -> None:
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("needs setpriv (util-linux) to run a command as an unprivileged user")
    out = subprocess.run(
        [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"]
        + [sys.executable, "-m", "pyoombpf.cli", "run", "examples/largest_leaf.py", "--cgroup", tree.root],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in out.stderr, out.stderr
    assert "root" in lines[0]
    assert tree.oom_control()["oom_kill_disable"] == 0


@pytest.mark.kernel
def test_a_slow_verification_shows_progress_and_stops_at_the_limit(tree: V1Tree) -> None:
    with CliRun(str(POLICIES / "slow_load.py"), "--cgroup", tree.root, "--load-timeout", "3") as run:
        progress = run.next("loading")
        assert progress["policy"] == "slow_load" and progress["elapsed_s"] >= 2
        assert run.wait(timeout=120) == 1
        err = run.stderr()
    assert "start" not in [e["event"] for e in run.events]
    assert "3 s" in err and "slow_load.py:13" in err and "while n != 1" in err, err
    assert tree.oom_control()["oom_kill_disable"] == 0
