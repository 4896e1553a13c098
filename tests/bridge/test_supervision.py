"""Findings 3, 4 and 5 of issue 13: the deadline holds outside the relay, relay and watchdog supervise each other,
and memcgs are tracked by id, not path.

* A stopped (SIGSTOP) or slow relay does not hang the workload: the watchdog gives an OOM the relay has not resolved
  within its deadline to the kernel's OOM killer, and the relay reports that (``failsafe``, ``why: watchdog``)
  when it runs again, and pauses OOMs again.
* The watchdog killed: the relay notices at once, starts a new one and says so; the relay killed after that: the new
  watchdog restores every setting.
* A memcg removed and created again at the same path is a new memcg: the relay watches it (by its new id), and
  nothing of ours is left at ``oom_kill_disable 1`` on it, whether the relay stops or is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from pyoombpf.bridge.abi import BridgeContext, KillRecord
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.relay import Relay
from pyoombpf.runtime.cgroup import remove_cgroup
from tests.waits import Exits, wait_until

from .v1 import REPO, CliRun, Proc, V1Tree, drive, stream_lines

pytestmark = pytest.mark.kernel


@pytest.fixture
def workload(tree: V1Tree) -> Iterator[V1Tree]:
    """T (256 MiB) / workload (128 MiB) / {big, alloc}: an allocator of 60 MiB next to a 70 MiB victim."""
    tree.limit(tree.root, 256)
    tree.make("workload", limit_mb=128)
    tree.make("workload/big")
    tree.make("workload/alloc")
    yield tree


def test_a_stopped_relay_does_not_hang_the_workload(workload: V1Tree) -> None:
    t = workload
    big = t.spawn("workload/big", 70, oom_score_adj=1000)  # the policy's victim, and the kernel's
    with CliRun("examples/largest_leaf.py", "--cgroup", t.root) as run:
        run.next("start")
        run.signal(signal.SIGSTOP)
        try:
            alloc = t.spawn("workload/alloc", 60, wait=False)
            assert alloc.wait_done(timeout=30), "the OOM stayed paused while the relay was stopped"
            assert big.killed()
            assert t.oom_control("workload")["under_oom"] == 0
        finally:
            run.signal(signal.SIGCONT)
        failsafe = run.next("failsafe")
        assert (failsafe["why"], failsafe["memcg"], failsafe["kernel_killed"]) == ("watchdog", t.path("workload"), True)
        # the relay pauses OOMs there again, and the next one reaches the policy
        assert wait_until(lambda: t.oom_control("workload")["oom_kill_disable"] == 1)
        alloc.stop()
        big = t.spawn("workload/big", 70, oom_score_adj=1000)
        alloc = t.spawn("workload/alloc", 60, wait=False)
        assert run.next("kill")["pid"] == big.pid
        assert alloc.wait_done()
        run.signal(signal.SIGTERM)
        stop = run.next("stop")
        assert run.wait() == 0
    assert (stop["kills"], stop["failsafes"]) == (1, 1)
    assert set(t.disable_values().values()) == {0}


def test_a_relay_stuck_in_its_policy_does_not_hang_the_workload(workload: V1Tree) -> None:
    t = workload
    big = t.spawn("workload/big", 70, oom_score_adj=1000)
    relay = subprocess.Popen(
        [sys.executable, "-m", "tests.bridge.relay_child", t.root, "--sleep", "60"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert relay.stdout is not None
        events = stream_lines(relay.stdout, timeout=90)
        next(line for line in events if '"start"' in line)
        alloc = t.spawn("workload/alloc", 60, wait=False)
        next(line for line in events if '"deciding"' in line)  # the relay is in its policy now, for a minute
        assert alloc.wait_done(timeout=30), "the OOM stayed paused while the relay was stuck"
        assert big.killed()
        assert relay.poll() is None  # still stuck
    finally:
        relay.kill()
        relay.wait()
    assert wait_until(lambda: set(t.disable_values().values()) == {0})


def test_watchdog_killed_then_relay_killed_leaves_nothing_paused(workload: V1Tree) -> None:
    t = workload
    with CliRun("examples/largest_leaf.py", "--cgroup", t.root) as run:
        first = run.next("start")["watchdog_pid"]
        os.kill(first, signal.SIGKILL)  # started by the relay this test started
        warning = run.next("warning", where=lambda e: "watchdog" in e["message"])
        assert warning["watchdog_pid"] not in (None, first)
        second = Exits(warning["watchdog_pid"])
        assert not second.gone()
        assert set(t.disable_values().values()) == {1}  # paused again, under the new watchdog
        run.signal(signal.SIGKILL)
        run.wait()
    assert wait_until(lambda: set(t.disable_values().values()) == {0})
    with second:
        assert second.wait()  # orphaned when its relay died: gone once it noticed (a zombie counts)
    # with no relay left, the kernel handles the next OOM at once
    t.spawn("workload/big", 70, oom_score_adj=1000)
    alloc = t.spawn("workload/alloc", 60, wait=False)
    assert alloc.wait_done(timeout=30)


def killer(victim: Proc, cgroup_id: int, seen: list[BridgeContext]) -> object:
    def decide(ctx: BridgeContext) -> Decision:
        seen.append(ctx)
        os.kill(victim.pid, signal.SIGKILL)
        return Decision(1, ctx.replace(nr_kills=1), [KillRecord(victim.pid, 0, cgroup_id, "python3")])

    return decide


def test_a_memcg_recreated_at_the_same_path_is_a_new_memcg(tree: V1Tree) -> None:
    tree.limit(tree.root, 256)
    a = tree.make("a", limit_mb=128)
    old_id = tree.cgroup_id("a")
    events: list[Event] = []
    seen: list[BridgeContext] = []
    victims: list[Proc] = []

    def decide(ctx: BridgeContext) -> Decision:
        return killer(victims[-1], tree.cgroup_id("a"), seen)(ctx)  # type: ignore[operator,no-any-return]

    with Relay(tree.root, decide, on_event=events.append, lock_memory=False) as relay:
        assert tree.oom_control("a")["oom_kill_disable"] == 1
        os.rmdir(a)
        os.mkdir(a)  # at once: the relay has not run in between
        tree.limit(a, 128)
        assert tree.cgroup_id("a") != old_id
        assert tree.oom_control("a")["oom_kill_disable"] == 1  # copied from its parent, which we paused
        victims.append(tree.spawn("a", 70))
        alloc = tree.spawn("a", 60, wait=False)
        assert drive(relay, alloc.finished, timeout=30), f"the new memcg's OOM was not handled: {events}"
        assert [ctx.memcg_id for ctx in seen] == [tree.cgroup_id("a")]
        os.kill(alloc.pid, signal.SIGKILL)
        assert alloc.killed()
        assert remove_cgroup(a), f"{a} still busy: the policy's victim never finished exiting"  # it may be exiting
        os.mkdir(a)
    assert tree.disable_values() == {tree.root: 0, a: 0}


def test_memcgs_made_just_before_the_relay_is_killed_are_restored(tree: V1Tree) -> None:
    tree.make("a")
    with CliRun("examples/largest_leaf.py", "--cgroup", tree.root) as run:
        run.next("start")
        os.rmdir(tree.path("a"))
        os.mkdir(tree.path("a"))
        late = tree.make("late")
        tree.make("late/deeper")
        run.signal(signal.SIGKILL)
        run.wait()
    assert wait_until(lambda: set(tree.disable_values().values()) == {0}), tree.disable_values()
    assert os.path.isdir(late)
