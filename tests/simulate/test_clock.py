"""``now_ns()`` in simulate mode: the scenario's ``[oom] now`` (default: the newest task's start + 1 s), the time
of a live snapshot, kept by ``dumps()``; a policy's decision follows it (tests/policy/natural/spare_young)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pyoombpf.simulate import Scenario, ScenarioError, simulate
from tests.policy.natural.corpus import policy, scenario

S = 1_000_000_000

BASE = """\
[oom]
cgroup = "work"
{now}
[cgroup."work/a"]
tasks = [{{ pid = 5, start_time = 3000000000 }}, {{ pid = 6, start_time = 7000000000 }}]
"""


def test_the_scenario_gives_now_and_dumps_keeps_it() -> None:
    sc = Scenario.loads(BASE.format(now="now = 42000000000"), "s")
    assert sc.now == 42 * S and sc.clock() == 42 * S
    again = Scenario.loads(sc.dumps(), "again")
    assert again.now == 42 * S and "now = 42000000000" in sc.dumps()
    assert sc.build().kernel.now_ns() == 42 * S


def test_the_default_is_one_second_after_the_newest_task_started() -> None:
    sc = Scenario.loads(BASE.format(now=""), "s")
    assert sc.now is None and sc.clock() == 8 * S
    assert "now =" not in sc.dumps()  # the default stays a default
    assert Scenario.loads('[oom]\ncgroup = "w"\n[cgroup.w]\nusage = 1\n', "s").clock() == S  # no tasks: 1 s


@pytest.mark.parametrize("bad", ["-1", "18446744073709551616", '"soon"'])
def test_a_bad_now_is_a_located_error(bad: str) -> None:
    with pytest.raises(ScenarioError) as e:
        Scenario.loads(BASE.format(now=f"now = {bad}"), "s.toml")
    assert str(e.value).startswith("s.toml:3: error: ") and "now" in str(e.value)


def test_the_policy_decides_by_the_scenarios_clock() -> None:
    """spare_young spares processes younger than 5 s: at now = 20 s the largest (started at 18 s) is spared; at
    now = 100 s it is old enough and is the victim."""
    fn, sc = policy("spare_young"), Scenario.load(scenario("spare_young"))
    res = simulate(fn, sc)
    assert [v.pid for v in res.victims] == [202]
    assert res.now == 20 * S and res.to_json()["now"] == 20 * S
    assert "now_ns() read 20000000000 (20.000 s since boot; [oom] now)" in res.table()
    sc.now = 100 * S
    assert [v.pid for v in simulate(fn, sc).victims] == [201]


def test_a_policy_that_never_reads_the_clock_shows_none() -> None:
    res = simulate(policy("largest_process"), scenario("largest_process"))
    assert res.now is None and "now_ns()" not in res.table()


def test_a_live_snapshot_is_taken_at_its_own_time(tmp_path: Path) -> None:
    """(A cgroup v2-shaped tree written by the test, holding this process.)  The snapshot's clock is read after
    its tasks: no task is younger than 0; and it is the boot clock /proc's start times are on."""
    root = tmp_path / "cg"
    work = root / "work"
    work.mkdir(parents=True)
    (root / "cgroup.controllers").write_text("memory\n")
    (work / "memory.current").write_text("4096\n")
    (work / "cgroup.procs").write_text(f"{os.getpid()}\n")
    before = time.clock_gettime_ns(time.CLOCK_BOOTTIME)
    sc = Scenario.from_system("work", root=str(root))
    after = time.clock_gettime_ns(time.CLOCK_BOOTTIME)
    (task,) = sc.cgroups["work"].tasks
    assert before <= sc.now <= after  # type: ignore[operator]
    assert 0 < task.start_time <= sc.clock()
