"""``now_ns()`` in a bridge-mode policy on this machine's kernel: the compiled SYSCALL program runs once (as the
relay runs it) over a real v1 memcg holding a real process, and reads the clock around its walk.  Relations only
(the clock never goes backwards, no task started after the policy's "now", a process just started is young),
with bounds generous enough for a loaded machine: this is not a timing test."""

from __future__ import annotations

import time

import pytest

from pyoombpf import PASS, ArrayMap, OomControl, Verdict, now_ns, oom_handler, u64
from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.simulate import Scenario, simulate
from tests.bridge.v1 import V1Tree
from tests.differential.harness import BridgeProgram

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (bridge mode's v1 path)"),
]

S = 1_000_000_000
#: a sanity bound between two readings of one clock, far above any scheduling delay of a loaded machine
SLACK_NS = 60 * S
NEVER = 1 << 63

clock_out = ArrayMap(u64, max_entries=4)


@oom_handler(name="clock_ages")
def clock_ages(oc: OomControl) -> Verdict:
    now = now_ns()
    clock_out[0] = now
    scope = oc.memcg
    if scope is None:
        return PASS
    youngest: u64 = NEVER
    future: u64 = 0
    for m in scope.descendants():
        for t in m.tasks():
            if t.start_time > now:
                future += 1
            elif now - t.start_time < youngest:
                youngest = now - t.start_time
    clock_out[1] = youngest
    clock_out[2] = future
    clock_out[3] = now_ns()
    return PASS


def test_a_bridge_policy_reads_the_clock_of_task_start_times() -> None:
    with BridgeProgram(clock_ages) as prog, V1Tree(limit_mb=128) as tree:
        tree.make("a")
        tree.spawn("a", 8)
        before = time.monotonic_ns()
        run = prog.run(tree.cgroup_id(), (128 << 20) // 4096, arrays={"clock_out": 4})
        after = time.monotonic_ns()
        now, youngest, future, later = run.maps["clock_out"]
        assert run.verdict == "pass" and run.kills == []
        assert before - SLACK_NS <= now <= later <= after + SLACK_NS, (before, now, later, after)
        assert future == 0  # no process started after the policy's now
        assert youngest < SLACK_NS  # the process spawned just now is seconds old, not hours
        # simulate on a snapshot of the same tree: its clock is the snapshot's time, the same relations hold
        sim = simulate(clock_ages, Scenario.from_system(tree.path()))
        sim_now, sim_youngest, sim_future, sim_later = sim.maps["clock_out"].data
        assert sim.verdict == "pass" and sim_future == 0 and sim_now == sim_later == sim.now
        assert sim_youngest < SLACK_NS
