"""Finding 6 of issue 13: kills are seen where kills are looked for.

Each policy kill writes a ``pyoombpf:`` line to the kernel log (pid, comm, cgroup path, policy, reason; control
characters escaped), the relay keeps per-cgroup counters (``relay.counters``), and the victim is reaped with
``process_mrelease`` right after the kill (``reaped`` in the ``kill`` event).
"""

from __future__ import annotations

import os
import signal

import pytest

from pyoombpf.bridge.abi import BridgeContext, KillRecord
from pyoombpf.bridge.decider import Decision
from pyoombpf.bridge.events import Event
from pyoombpf.bridge.relay import Relay

from .v1 import Kmsg, Proc, V1Tree, drive

pytestmark = pytest.mark.kernel


def killer(victim: Proc, cgroup_id: int, comm: str = "python3") -> object:
    def decide(ctx: BridgeContext) -> Decision:
        os.kill(victim.pid, signal.SIGKILL)
        return Decision(1, ctx.replace(nr_kills=1), [KillRecord(victim.pid, 0, cgroup_id, comm)])

    return decide


def test_a_policy_kill_is_in_the_kernel_log_and_the_counters(tree: V1Tree) -> None:
    tree.limit(tree.root, 256)
    tree.make("w", limit_mb=128)
    tree.make("w/big")
    big = tree.spawn("w/big", 70)
    events: list[Event] = []
    evil = "py\x1b[2J\nfake: ok"  # a comm (as the policy recorded it) that would forge a log line
    with Kmsg() as kmsg:
        decide = killer(big, tree.cgroup_id("w/big"), evil)
        with Relay(
            tree.root,
            decide,
            on_event=events.append,
            kill_reasons=["too big"],
            policy_name="visible",
            lock_memory=False,
        ) as relay:  # type: ignore[arg-type]
            alloc = tree.spawn("w", 60, wait=False)
            assert drive(relay, alloc.finished)
            counters = relay.counters
        records = kmsg.read()
    mine = [r for r in records if r.startswith("pyoombpf:") and f"pid={big.pid} " in r]
    assert len(mine) == 1, records
    line = mine[0]
    for part in ('policy="visible"', f'cgroup="{tree.path("w/big")}"', 'reason="too big"', f'oom="{tree.path("w")}"'):
        assert part in line, line
    assert "\x1b" not in line and "\n" not in line and "\\x1b" in line, line
    assert counters.ooms == 1 and counters.kills == 1 and counters.failsafes == {}
    by_path = {c.cgroup: c for c in counters.by_cgroup.values()}
    assert by_path[tree.path("w")].ooms == 1
    assert by_path[tree.path("w/big")].kills == 1
    kill = next(e for e in events if e.kind == "kill")
    assert kill["reaped"] in (True, False)


def test_counters_count_failsafes_by_why(tree: V1Tree) -> None:
    holder = tree.spawn("", 70)
    with Relay(tree.root, lambda ctx: Decision(0, ctx), lock_memory=False) as relay:
        alloc = tree.spawn("", 70, wait=False)
        assert drive(relay, lambda: not holder.alive() or not alloc.alive())
        counters = relay.counters
    declined = counters.failsafes["declined"]  # one, or more when the OOM came back while the victim exited
    assert declined >= 1 and counters.failsafes == {"declined": declined} and counters.ooms == declined
    assert counters.by_cgroup[tree.cgroup_id()].failsafes == {"declined": declined}
    assert counters.by_cgroup[tree.cgroup_id()].cgroup == tree.root
