"""The scenario format: what each key means, and errors that point at the file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pyoombpf.simulate import ModelError, NotAPolicyError, Scenario, ScenarioError, simulate

from . import policies
from .helpers import MB, SCENARIOS, example

BASE = """\
[oom]
cgroup = "work"

[cgroup.work]
limit = "100M"
"""


def _err(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        Scenario.loads(text, "s.toml")
    return info.value


def test_sizes_derived_usage_and_shorthands() -> None:
    sc = Scenario.loads(
        BASE
        + """
[cgroup."work/a"]
file = "8M"
swap = 4096
tasks = [{ pid = 1, comm = "a", rss = "10M" }, { pid = 2, rss = 1048576 }]

[cgroup."work/b"]
usage = "1G"
stats = { PGSCAN_KSWAPD = 7 }
oom_group = true
"""
    )
    built = sc.build()
    a, b, work = built.cgroups["work/a"], built.cgroups["work/b"], built.cgroups["work"]
    assert a.usage == 10 * MB + MB + 8 * MB  # tasks' rss + page cache
    assert work.usage == a.usage + (1 << 30)  # hierarchical
    assert a.stats == {"NR_FILE_PAGES": 8 * MB, "MEMCG_SWAP": 4096}  # bytes, as memcg.page_state() returns
    assert b.stats == {"PGSCAN_KSWAPD": 7} and b.oom_group is True
    assert built.oc.totalpages == 100 * MB // 4096  # from the OOM cgroup's limit
    assert sc.id_of("/") == 1 and sc.id_of("work/a") != sc.id_of("work/b")
    assert [t.pid for t in a.tasks_] == [1, 2] and a.tasks_[1].comm.rstrip(b"\0") == b"task"


def test_ancestors_appear_implicitly_and_ids_can_be_given() -> None:
    sc = Scenario.loads('[oom]\ncgroup = "x/y"\n[cgroup."x/y/z"]\nid = 77\n')
    assert set(sc.cgroups) == {"x/y/z", "x", "x/y"}
    assert sc.id_of("x/y/z") == 77


def test_array_of_tables_tasks() -> None:
    sc = Scenario.loads(BASE + "\n[[cgroup.work.tasks]]\npid = 5\nexiting = true\n\n[[cgroup.work.tasks]]\npid = 6\n")
    assert [(t.pid, t.exiting) for t in sc.cgroups["work"].tasks] == [(5, True), (6, False)]


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ('\n[cgroup."work/a"]\nusage = "10M"\nlimt = "5M"\n', 9, "unknown key 'limt' in cgroup /work/a"),
        ('\n[cgroup."work/a"]\nusage = true\n', 8, "usage must be a size"),
        ('\n[cgroup."work/a"]\nusage = "12 parsecs"\n', 8, "usage must be a size"),
        ('\n[cgroup."work/a"]\noom_group = 1\n', 8, "oom_group must be true or false, not an integer"),
        (
            '\n[cgroup."work/a"]\ntasks = [\n  { pid = 1 },\n  { pid = 2, rsss = 5 },\n]\n',
            10,
            "unknown key 'rsss'",
        ),
        ('\n[[cgroup."work/a".tasks]]\npid = 3\ncomm = 4\n', 9, "comm must be a string, not an integer"),
        ('\n[cgroup."work/a"]\ntasks = [{ comm = "x" }]\n', 8, "task #1 has no pid"),
        ('\n[cgroup."work/a"]\ntasks = [{ pid = 9, oom_score_adj = -1001 }]\n', 8, "between -1000 and 1000"),
        (
            '\n[cgroup."work/a"]\ntasks = [{ pid = 4 }]\n[cgroup."work/b"]\ntasks = [{ pid = 4 }]\n',
            10,
            "pid 4 appears in /work/a and /work/b",
        ),
        (
            '\n[cgroup."work/a"]\nfile = "1M"\nstats = { NR_FILE_PAGES = 3 }\n',
            8,
            "either file or stats.NR_FILE_PAGES",
        ),
        ("\n[cgroup.work.stats]\nPGSCAN_KSWAPD = -1\n", 8, "must not be negative"),
        ("\nbogus = 1\n", 7, "unknown key 'bogus' in cgroup /work"),
        ('\n[cgroup."work/a"]\nusage = 1\nusage = 2\n', 9, "not valid TOML"),
    ],
)
def test_errors_name_file_and_line(extra: str, line: int, message: str) -> None:
    e = _err(BASE + extra)
    assert e.file == "s.toml" and e.line == line, str(e)
    assert message in str(e)
    assert str(e).startswith(f"s.toml:{line}: error: ")


def test_oom_section_errors() -> None:
    e = _err("bogus = 1\n" + BASE)
    assert (
        e.line == 1
        and "unknown key 'bogus' in the scenario (allowed: description, oom, config, maps, cgroup, release)" in str(e)
    )
    assert "no [oom] table" in str(_err("[cgroup.a]\nusage = 1\n"))
    e = _err('[oom]\ncgroup = "nope"\n\n[cgroup.a]\nusage = 1\n')
    assert e.line == 2 and "/nope, which is not a cgroup of the scenario" in str(e)
    e = _err('[oom]\ncgroup = "a"\norder = 11\n[cgroup.a]\n')
    assert e.line == 3 and "order must be between" in str(e)


def test_unreadable_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="cannot read the scenario"):
        Scenario.load(str(tmp_path / "missing.toml"))


def test_counter_names_are_checked_against_the_kernel_enums() -> None:
    sc = Scenario.loads(BASE + '\n[cgroup."work/a"]\nstats = { NR_FILE_PAGEZ = 1 }\n', "s.toml")
    with pytest.raises(ScenarioError) as info:
        simulate(example("largest_leaf").largest_leaf, sc)
    assert info.value.line == 8 and "NR_FILE_PAGEZ is not a kernel counter name" in str(info.value)
    sc = Scenario.loads(BASE + '\n[cgroup."work/a"]\nstats = { BPF_MAP_TYPE_HASH = 1 }\n', "s.toml")
    with pytest.raises(ScenarioError, match="enum bpf_map_type, not a memory counter"):
        simulate(example("largest_leaf").largest_leaf, sc)


def test_map_presets_are_checked_against_the_policy() -> None:
    oomd = example("oomd_like")
    sc = Scenario.loads(BASE + '\n[cgroup."work/a"]\nmaps.prefz = { mode = 1 }\n', "s.toml")
    with pytest.raises(ScenarioError) as info:
        simulate(oomd.oomd_like, sc)
    assert info.value.line == 8 and "has no map 'prefz' (it has: decisions, prefs, events)" in str(info.value)
    sc = Scenario.loads(BASE + '\n[cgroup."work/a"]\nmaps.prefs = { mood = 1 }\n', "s.toml")
    with pytest.raises(ScenarioError, match="record Pref has no field 'mood'"):
        simulate(oomd.oomd_like, sc)
    with pytest.raises(ScenarioError, match="index 99 is outside the array"):
        simulate(oomd.oomd_like, Scenario.loads(BASE), maps={"decisions": {99: 1}})


def test_refuses_a_function_that_is_not_a_policy() -> None:
    with pytest.raises(NotAPolicyError, match="not_a_policy is not an OOM policy: .*@oom_handler"):
        simulate(policies.not_a_policy, Scenario.loads(BASE))
    from pyoombpf import compile

    with pytest.raises(NotAPolicyError, match="compiled from a plain function"):
        simulate(compile(policies.not_a_policy), Scenario.loads(BASE))


def test_unmodelled_values_are_model_errors() -> None:
    sc = Scenario.loads('[oom]\ncgroup = "w"\n[cgroup."w/a"]\nusage = "60M"\n')
    with pytest.raises(ModelError, match="oc.totalpages, which the scenario does not give"):
        simulate(policies.needs_totalpages, sc)
    sc.totalpages = 100 * MB // 4096
    assert simulate(policies.needs_totalpages, sc).victim_cgroups == []  # no tasks to kill → nothing
    sc = Scenario.loads('[oom]\ncgroup = "w"\n[cgroup.w]\ntasks = [{ pid = 3 }]\n')
    with pytest.raises(ModelError, match="has no field 'signal'"):
        simulate(policies.reads_signal, sc)


def test_strict_mode_refuses_unset_counters() -> None:
    sc = Scenario.load(str(SCENARIOS / "largest_leaf.toml"))
    with pytest.raises(ModelError, match="reads NR_FILE_PAGES of cgroup /oom_test/cg1, which the scenario"):
        simulate(example("largest_leaf").largest_leaf, sc, strict=True)


def test_kills_follow_the_kernel_rules() -> None:
    text = '[oom]\ncgroup = "w"\n[cgroup.w]\ntasks = [{ pid = 1, exiting = true }]\n'
    res = simulate(policies.first_task, Scenario.loads(text))
    assert res.verdict == "pass" and res.task(1).outcome == "refused" and "exiting" in res.task(1).why
    text = '[oom]\ncgroup = "w"\n[cgroup.w]\ntasks = [{ pid = 1, oom_score_adj = -1000 }]\n'
    res = simulate(policies.first_task, Scenario.loads(text))
    assert res.verdict == "pass" and "unkillable (-EINVAL)" in res.task(1).why
    text = '[oom]\ncgroup = "w"\n[cgroup.w]\ntasks = [{ pid = 1, oom_victim = true }]\n'
    assert simulate(policies.first_task, Scenario.loads(text)).verdict == "pass"


def test_a_kill_takes_the_whole_oom_group() -> None:
    text = """
[oom]
cgroup = "w"
[cgroup.w]
tasks = [{ pid = 1 }]
[cgroup."w/g"]
oom_group = true
tasks = [{ pid = 2 }, { pid = 3, oom_score_adj = -1000 }]
[cgroup."w/g/sub"]
tasks = [{ pid = 4 }]
[cgroup."w/other"]
tasks = [{ pid = 5 }]
"""
    sc = Scenario.loads(text)
    sc.cgroups["w"].oom_group = True
    res = simulate(policies.first_task, sc)
    assert sorted(v.pid for v in res.victims) == [1, 2, 4, 5]  # -1000 is spared, as in the kernel
    assert "memory.oom.group of /w" in res.victims[-1].reason
    sc.cgroups["w"].oom_group = False
    assert [v.pid for v in simulate(policies.first_task, sc).victims] == [1]


def test_config_values_reach_the_policy() -> None:
    sc = Scenario.loads(BASE + "\n[config]\nthreshold = 5\n")
    assert sc.config == {"threshold": 5}
    with pytest.raises(ScenarioError, match=r"s.toml:8: error: \[config\]: x must be an integer"):
        Scenario.loads(BASE + '\n[config]\nx = "5"\n', "s.toml")


@pytest.mark.parametrize("name", ["largest_leaf", "oomd_like"])
def test_dumps_round_trips(name: str) -> None:
    sc = Scenario.load(str(SCENARIOS / f"{name}.toml"))
    text = sc.dumps()
    again = Scenario.loads(text)
    assert again.dumps() == text
    assert {p: (c.id, c.usage, c.stats, c.maps, [t.pid for t in c.tasks]) for p, c in again.cgroups.items()} == {
        p: (c.id, c.usage, c.counters(), c.maps, [t.pid for t in c.tasks]) for p, c in sc.cgroups.items()
    }


def test_top_level_maps_preset_entries_by_key() -> None:
    """``[maps]`` gives entries that are not a cgroup's (an ArrayMap of thresholds: tests/policy/natural/tier_table)."""
    sc = Scenario.loads(BASE + '\n[maps]\ntiers = [32, 64]\nprefs = { 7 = 2, "0x10" = 3 }\n', "s")
    assert sc.maps == {"tiers": {0: 32, 1: 64}, "prefs": {7: 2, 16: 3}}
    assert Scenario.loads(sc.dumps(), "again").maps == sc.maps
    assert "s.toml:8: error: [maps]: x: the key 'a' is not an integer" in str(_err(BASE + "\n[maps]\nx = { a = 1 }\n"))
    assert "[maps]: x must be an array" in str(_err(BASE + "\n[maps]\nx = 5\n"))


def test_task_start_time_is_modelled() -> None:
    """``task.start_time`` (a policy killing the newest process: tests/policy/natural/newest_big_task) was a
    ModelError; a scenario gives it, a snapshot reads it from /proc/PID/stat, dumps() keeps it."""
    from pyoombpf.simulate.live import _start_time

    sc = Scenario.loads(BASE + '[cgroup."work/a"]\ntasks = [{ pid = 5, start_time = 123 }, { pid = 6 }]\n', "s")
    assert [t.start_time for t in sc.cgroups["work/a"].tasks] == [123, 0]
    assert [t.start_time for t in Scenario.loads(sc.dumps(), "again").cgroups["work/a"].tasks] == [123, 0]
    stat = "77 (a) b (c) S " + " ".join(str(i) for i in range(4, 22)) + " 250 0 0"
    assert _start_time(stat) == 250 * 1_000_000_000 // os.sysconf("SC_CLK_TCK")
