"""The library's policies in simulate mode: the rules every one of them shares (preferences, the kill switch,
unkillable processes, passing), then each policy's own ranking, ties included."""

from __future__ import annotations

import pytest

from pyoombpf import policies
from pyoombpf.policies import AVOID, KILL_CGROUP, KILL_PROCESS, OMIT, PREFER
from pyoombpf.simulate import Scenario, SimResult, simulate

from .scenarios import KILLS_CGROUP, expected, three_leaves

NAMES = policies.names()


def run(name: str, scenario: Scenario, **kw: object) -> SimResult:
    return simulate(policies.policy(name), scenario, **kw)  # type: ignore[arg-type]


def pids(result: SimResult) -> tuple[int, ...]:
    return tuple(sorted(v.pid for v in result.victims))


def test_the_library_lists_its_policies() -> None:
    assert sorted(KILLS_CGROUP) == NAMES
    for name in NAMES:
        mod = policies.module(name)
        assert mod.__doc__ and "What it does." in mod.__doc__ and "The kill." in mod.__doc__
        assert "Which tool it mirrors." in mod.__doc__ or "Where it differs from" in mod.__doc__
        assert (mod.NONE, mod.AVOID, mod.OMIT, mod.PREFER) == (0, AVOID, OMIT, PREFER)
        assert (mod.KILL_CGROUP, mod.KILL_PROCESS) == (KILL_CGROUP, KILL_PROCESS)


def test_an_unknown_name_lists_the_library() -> None:
    with pytest.raises(policies.UnknownPolicyError, match="the library has: earlyoom_like, kernel_like"):
        policies.path("systemd")


@pytest.mark.parametrize("name", NAMES)
def test_the_largest_is_chosen_without_preferences(name: str) -> None:
    result = run(name, three_leaves())
    assert result.verdict == "handled" and pids(result) == expected(name, "a"), result.table()


@pytest.mark.parametrize("name", NAMES)
def test_omit_is_never_chosen(name: str) -> None:
    result = run(name, three_leaves(a=f"maps.prefs = {OMIT}"))
    assert pids(result) == expected(name, "b"), result.table()
    assert 101 not in pids(result) and 102 not in pids(result)


@pytest.mark.parametrize("name", NAMES)
def test_avoid_only_when_nothing_else_qualifies(name: str) -> None:
    result = run(name, three_leaves(a=f"maps.prefs = {AVOID}", b=f"maps.prefs = {AVOID}"))
    assert pids(result) == expected(name, "c"), result.table()
    # everything avoided or omitted: the largest avoided one goes
    result = run(name, three_leaves(a=f"maps.prefs = {AVOID}", b=f"maps.prefs = {AVOID}", c=f"maps.prefs = {OMIT}"))
    assert pids(result) == expected(name, "a"), result.table()


@pytest.mark.parametrize("name", NAMES)
def test_prefer_goes_first(name: str) -> None:
    result = run(name, three_leaves(c=f"maps.prefs = {PREFER}"))
    assert pids(result) == expected(name, "c"), result.table()


@pytest.mark.parametrize("name", NAMES)
def test_everything_omitted_passes(name: str) -> None:
    omit = f"maps.prefs = {OMIT}"
    result = run(name, three_leaves(a=omit, b=omit, c=omit))
    assert (result.verdict, result.victims) == ("pass", []), result.table()


@pytest.mark.parametrize("name", NAMES)
def test_the_kill_switch_on_the_attach_cgroup(name: str) -> None:
    other = KILL_PROCESS if KILLS_CGROUP[name] else KILL_CGROUP
    result = run(name, three_leaves(work=f"maps.settings = {{ kill = {other} }}"))
    assert pids(result) == expected(name, "a", whole=not KILLS_CGROUP[name]), result.table()
    explicit = KILL_CGROUP if KILLS_CGROUP[name] else KILL_PROCESS
    result = run(name, three_leaves(work=f"maps.settings = {{ kill = {explicit} }}"))
    assert pids(result) == expected(name, "a"), result.table()


@pytest.mark.parametrize("name", NAMES)
def test_the_victims_own_kill_setting_wins(name: str) -> None:
    other = KILL_PROCESS if KILLS_CGROUP[name] else KILL_CGROUP
    default = KILL_CGROUP if KILLS_CGROUP[name] else KILL_PROCESS
    scenario = three_leaves(work=f"maps.settings = {{ kill = {default} }}", a=f"maps.settings = {{ kill = {other} }}")
    result = run(name, scenario)
    assert pids(result) == expected(name, "a", whole=not KILLS_CGROUP[name]), result.table()


@pytest.mark.parametrize("name", NAMES)
def test_unkillable_processes_are_never_chosen(name: str) -> None:
    """a holds the largest process, with oom_score_adj -1000: cgroup policies skip a, process policies take the
    largest killable process, which is b's."""
    sc = Scenario.loads(
        """
[oom]
cgroup = "work"
attach = "work"
[cgroup.work]
limit = "256M"
[cgroup."work/a"]
tasks = [{ pid = 101, rss = "90M", oom_score_adj = -1000 }, { pid = 102, rss = "30M" }]
[cgroup."work/b"]
tasks = [{ pid = 201, rss = "50M" }]
""",
        "<unkillable>",
    )
    result = run(name, sc)
    assert pids(result) == (201,), result.table()


@pytest.mark.parametrize("name", NAMES)
def test_the_attach_cgroup_as_a_leaf_is_decided(name: str) -> None:
    """The policy runs on the cgroup that carries the limit and has no children: its own OOM is decided."""
    sc = Scenario.loads(
        """
[oom]
cgroup = "job"
attach = "job"
[cgroup.job]
limit = "128M"
tasks = [{ pid = 11, rss = "70M" }, { pid = 12, rss = "40M" }]
""",
        "<leaf>",
    )
    result = run(name, sc)
    assert result.verdict == "handled", result.table()
    assert pids(result) == ((11, 12) if KILLS_CGROUP[name] else (11,)), result.table()


# ------------------------------------------------------------------------------------------ kernel_like


def test_kernel_like_scales_oom_score_adj_by_totalpages() -> None:
    """256 MiB of room = 65536 pages: adj 500 adds 32768 points, more than a's 60 MiB process has (15360)."""
    result = run("kernel_like", three_leaves(c='tasks = [{ pid = 301, rss = "20M", oom_score_adj = 500 }]'))
    assert pids(result) == (301,), result.table()
    result = run("kernel_like", three_leaves(a='tasks = [{ pid = 101, rss = "60M", oom_score_adj = -300 }]'))
    assert pids(result) == (201,), result.table()  # 15360 - 19660 < 12800


def test_kernel_like_ties_go_to_the_process_met_last() -> None:
    """The kernel's oom_evaluate_task() replaces its choice on equal points: the later process wins."""
    sc = Scenario.loads(
        """
[oom]
cgroup = "work"
[cgroup.work]
limit = "256M"
[cgroup."work/a"]
tasks = [{ pid = 101, rss = "50M" }]
[cgroup."work/b"]
tasks = [{ pid = 201, rss = "50M" }, { pid = 202, rss = "50M" }]
""",
        "<tie>",
    )
    assert pids(run("kernel_like", sc)) == (202,)


def test_kernel_like_waits_for_an_exiting_victim() -> None:
    result = run("kernel_like", three_leaves(c='tasks = [{ pid = 301, rss = "20M", oom_victim = true }]'))
    assert (result.verdict, result.victims) == ("pass", []), result.table()


# ------------------------------------------------------------------------------------------ largest_leaf


def test_largest_leaf_does_not_count_page_cache() -> None:
    result = run("largest_leaf", three_leaves(a='file = "80M"'))  # a: 180 MiB charged, 100 MiB of it anonymous
    assert pids(result) == (101, 102)
    result = run("largest_leaf", three_leaves(a='usage = "110M"\nfile = "80M"'))  # 30 MiB anonymous
    assert pids(result) == (201,), result.table()


def test_largest_leaf_ties_go_to_the_first_leaf_walked() -> None:
    result = run("largest_leaf", three_leaves(a='usage = "50M"'))  # a and b: 50 MiB each
    assert pids(result) == (101, 102), result.table()


# ------------------------------------------------------------------------------------------ oomd_like


def test_oomd_like_ranks_by_reclaim_scanning_then_usage() -> None:
    result = run("oomd_like", three_leaves(c="stats = { PGSCAN_DIRECT = 900, PGSCAN_KSWAPD = 100 }"))
    assert pids(result) == (301,), result.table()
    assert result.maps["decisions"].data[:7] == [1, 3, 0, 0, 1, result.scenario.id_of("work/c"), 0]
    both = "stats = { PGSCAN_KSWAPD = 500 }"
    result = run("oomd_like", three_leaves(b=both, c=both))  # equal scanning: the larger usage
    assert pids(result) == (201,), result.table()


def test_oomd_like_counts_scanning_since_its_previous_decision() -> None:
    sc = three_leaves(b="stats = { PGSCAN_KSWAPD = 1000 }", c="stats = { PGSCAN_KSWAPD = 600 }")
    first = run("oomd_like", sc)
    assert pids(first) == (201,)
    seen = first.maps["seen"].data
    assert {k: v.pgscan for k, v in seen.items()}[sc.id_of("work/b")] == 1000
    # b scanned 1000 before the previous decision and nothing since; c 100 since
    again = run(
        "oomd_like", sc, maps={"seen": {sc.id_of("work/b"): {"pgscan": 1000}, sc.id_of("work/c"): {"pgscan": 500}}}
    )
    assert pids(again) == (301,), again.table()


def test_oomd_like_size_or_growth() -> None:
    rule = "maps.settings = { rule = 1 }"
    # a is 100 of 170 MiB: at least half of the candidates' usage -> the largest
    assert pids(run("oomd_like", three_leaves(work=rule))) == (101, 102)
    # threshold 70 %: nobody is that big; b grew most since the previous decision
    sc = three_leaves(work="maps.settings = { rule = 1, size_threshold_pct = 70 }")
    mib = 1 << 20
    seen = {sc.id_of("work/a"): {"usage": 99 * mib}, sc.id_of("work/b"): {"usage": 20 * mib}}
    result = run("oomd_like", sc, maps={"seen": seen})
    assert pids(result) == (201,), result.table()
    # no history: nothing grew, so the largest
    assert pids(run("oomd_like", sc)) == (101, 102)


# ------------------------------------------------------------------------------------------ systemd_oomd


@pytest.mark.parametrize(("name", "state"), [("systemd_oomd", "last_pgscan"), ("oomd_like", "seen")])
def test_state_map_full_of_gone_cgroups_still_stores_a_new_one(name: str, state: str) -> None:
    """The per-cgroup state is an LRU map: full of what removed cgroups left, a new candidate's counter is
    stored (the model evicts the least recently used entries: here the oldest of the gone ones)."""
    size = policies.module(name).STATE_MAX
    gone = {(1 << 48) + i: ({"pgscan": 0} if state == "seen" else 0) for i in range(size)}
    sc = three_leaves(c="stats = { PGSCAN_DIRECT = 10 }")
    result = run(name, sc, maps={state: gone})
    data = result.maps[state].data
    assert len(data) == size
    stored = data[sc.id_of("work/c")]
    assert (stored.pgscan if state == "seen" else stored) == 10
    assert all(sc.id_of(f"work/{leaf}") in data for leaf in "abc")
    assert (1 << 48) not in data and (1 << 48) + size - 1 in data


def test_systemd_oomd_pressure_rule() -> None:
    result = run("systemd_oomd", three_leaves(c="stats = { PGSCAN_DIRECT = 10 }"))
    assert pids(result) == (301,), result.table()
    assert result.maps["last_pgscan"].data[result.scenario.id_of("work/c")] == 10
    # a candidate that neither scans nor uses memory is skipped, even when the rest is omitted
    sc = Scenario.loads(
        """
[oom]
cgroup = "work"
[cgroup.work]
limit = "64M"
[cgroup."work/empty"]
usage = 0
[cgroup."work/x"]
maps.prefs = 2
tasks = [{ pid = 7, rss = "10M" }]
""",
        "<empty>",
    )
    assert run("systemd_oomd", sc).verdict == "pass"


def test_systemd_oomd_swap_rule() -> None:
    rule = "maps.settings = { rule = 1 }"
    result = run("systemd_oomd", three_leaves(work=rule, b='swap = "5M"', c='swap = "9M"'))
    assert pids(result) == (301,), result.table()
    assert run("systemd_oomd", three_leaves(work=rule)).verdict == "pass"  # nobody swaps: no candidate


# ------------------------------------------------------------------------------------------ earlyoom_like


def names_map(**entries: tuple[str, bool]) -> dict[str, dict[int, int]]:
    from pyoombpf.policies.earlyoom_like import name_key

    prefs = {"PREFER": PREFER, "AVOID": AVOID, "OMIT": OMIT}
    return {"names": {name_key(n, prefix): prefs[k.rstrip("_0123456789")] for k, (n, prefix) in entries.items()}}


def test_earlyoom_like_prefer_and_avoid_by_name() -> None:
    # gamma (20 MiB: 78 points) preferred: +300 beats alpha's 234
    result = run("earlyoom_like", three_leaves(), maps=names_map(PREFER=("gamma", False)))
    assert pids(result) == (301,), result.table()
    # alpha avoided (-300): beta (195) next
    result = run("earlyoom_like", three_leaves(), maps=names_map(AVOID=("alpha", False)))
    assert pids(result) == (201,), result.table()


def test_earlyoom_like_prefixes_and_exact_names() -> None:
    # prefix "alpha" ignores both alphas; the exact entry "alpha-two" prefers that one over it
    result = run("earlyoom_like", three_leaves(), maps=names_map(OMIT=("alpha", True)))
    assert pids(result) == (201,), result.table()
    result = run("earlyoom_like", three_leaves(), maps=names_map(OMIT=("alpha", True), PREFER=("alpha-two", False)))
    assert pids(result) == (102,), result.table()
    # a longer prefix wins over a shorter one
    result = run("earlyoom_like", three_leaves(), maps=names_map(OMIT=("al", True), PREFER_1=("alpha-", True)))
    assert pids(result) == (102,), result.table()


def test_earlyoom_like_ties_go_to_the_larger_process() -> None:
    # equal oom_score (adj evens it out), 301 has more memory than 201 -> 301
    sc = three_leaves(
        b='tasks = [{ pid = 201, comm = "beta", rss = "30M" }]',
        c='tasks = [{ pid = 301, comm = "gamma", rss = "40M", oom_score_adj = -39 }]',
        a='tasks = [{ pid = 101, rss = "1M" }]',
    )
    # 30 MiB = 7680 pages -> 117; 40 MiB -> 156 - 39 = 117
    assert pids(run("earlyoom_like", sc)) == (301,)


def test_name_key_refuses_what_comm_cannot_hold() -> None:
    from pyoombpf.policies.earlyoom_like import name_key

    assert name_key("a" * 40) == name_key("a" * 15)  # the kernel keeps 15 bytes of a name
    with pytest.raises(ValueError, match="1..15 bytes"):
        name_key("")


# ------------------------------------------------------------------------------------------ priority_classes


def test_priority_classes_lowest_priority_first() -> None:
    result = run("priority_classes", three_leaves(a="maps.priorities = 500", b="maps.priorities = 10"))
    assert pids(result) == (201,), result.table()
    # equal priorities: the largest
    result = run("priority_classes", three_leaves(a="maps.priorities = 10", b="maps.priorities = 10"))
    assert pids(result) == (101, 102), result.table()


def test_priority_classes_a_service_inherits_its_slices_priority() -> None:
    sc = Scenario.loads(
        """
[oom]
cgroup = "work"
[cgroup.work]
limit = "256M"
[cgroup."work/batch.slice"]
maps.priorities = 5
[cgroup."work/batch.slice/etl.service"]
tasks = [{ pid = 501, rss = "10M" }]
[cgroup."work/web.service"]
tasks = [{ pid = 601, rss = "90M" }]
""",
        "<slices>",
    )
    assert pids(run("priority_classes", sc)) == (501,)


@pytest.mark.parametrize("name", NAMES)
def test_systemds_xattrs_in_a_scenario_are_preferences(name: str) -> None:
    """simulate applies systemd's xattrs as pyoombpf run does: omit wins; a preference given in prefs (other than
    NONE) wins over the xattrs."""
    omit, avoid = '"user.oomd_omit" = "1"', '"user.oomd_avoid" = "1"'
    sc = three_leaves(a=f"xattrs = {{ {omit} }}", b=f'xattrs = {{ {avoid}, "user.oomd_omit" = "0" }}')
    assert pids(run(name, sc)) == expected(name, "c")
    sc = three_leaves(
        a=f"xattrs = {{ {omit}, {avoid} }}\nmaps.prefs = {PREFER}", b="maps.prefs = 0", c=f"xattrs = {{ {omit} }}"
    )
    assert pids(run(name, sc)) == expected(name, "a")
    sc = three_leaves(a=f"xattrs = {{ {omit} }}\nmaps.prefs = 0", c=f"xattrs = {{ {omit} }}")  # NONE: no preference
    assert pids(run(name, sc)) == expected(name, "b")
