"""The reference scenarios of the kernel's selftests, simulated, give the documented victims; the trace says why."""

from __future__ import annotations

import pytest

from pyoombpf.simulate import Scenario, simulate

from .helpers import MB, SCENARIOS, example


@pytest.fixture(scope="module")
def largest_leaf():  # type: ignore[no-untyped-def]
    return example("largest_leaf").largest_leaf


@pytest.fixture(scope="module")
def oomd_like():  # type: ignore[no-untyped-def]
    return example("oomd_like")


def test_largest_leaf_reference_kills_cg4(largest_leaf) -> None:  # type: ignore[no-untyped-def]
    res = simulate(largest_leaf, str(SCENARIOS / "largest_leaf.toml"))
    assert res.verdict == "handled"
    assert [(v.pid, v.cgroup) for v in res.victims] == [(104, "/oom_test/cg3/cg4")]
    assert res.victims[0].reason == "largest_leaf policy"


def test_largest_leaf_trace_explains_every_candidate(largest_leaf) -> None:  # type: ignore[no-untyped-def]
    res = simulate(largest_leaf, str(SCENARIOS / "largest_leaf.toml"))
    # post-order walk: leaves before their parents, the scope last
    assert [c.cgroup for c in res.candidates] == [
        "/oom_test/cg1",
        "/oom_test/cg2",
        "/oom_test/cg3/cg4",
        "/oom_test/cg3/cg5",
        "/oom_test/cg3",
        "/oom_test",
    ]
    cg2 = res.cgroup("oom_test/cg2")
    assert cg2.outcome == "skipped" and cg2.value("usage") == 40 * MB
    assert cg2.value("task 102 oom_score_adj") == -1000  # why the bigger leaf was spared
    assert res.cgroup("oom_test/cg3").value("is_leaf") is False
    assert res.cgroup("oom_test/cg3/cg4").outcome == "chosen"
    assert res.cgroup("oom_test/cg3/cg4").value("NR_FILE_PAGES") == 0
    assert res.task(104).outcome == "chosen" and res.task(104).comm == "alloc"
    # cg5 never beat cg4 (20M < 30M), so its tasks were never looked at
    assert all(r.attr != "task 105 oom_score_adj" for r in res.cgroup("oom_test/cg3/cg5").reads)
    # why each was passed over: its filter's line, with the source and the value read last
    skip = "line 39: `if not memcg.is_leaf or memcg.usage <= best_usage:` → continue"
    assert res.cgroup("oom_test/cg3").why == f"{skip} (is_leaf=False)"
    assert res.cgroup("oom_test/cg3/cg5").why == f"{skip} (usage=20971520)"  # it cannot beat cg4's 30M
    assert res.cgroup("oom_test/cg2").why == (
        "line 42: `if usage > best_usage and not has_unkillable_task(memcg):` was false (task 102 oom_score_adj=-1000)"
    )
    assert res.cgroup("oom_test/cg1").why.startswith("line 42: ") and "was true, then another was chosen" in (
        res.cgroup("oom_test/cg1").why
    )
    d = res.cgroup("oom_test/cg3/cg5").decision
    assert d is not None and (d.line, d.taken, d.continued) == (39, True, True)
    assert d.file.endswith("examples/largest_leaf.py")
    task = res.task(102).decision  # the task walk of has_unkillable_task: its `if` was true (it returned)
    assert task is not None and (task.line, task.taken) == (20, True)
    # cg1 and cg2 have no NR_FILE_PAGES in the file: visible as defaulted, not silent
    assert ("/oom_test/cg1", "NR_FILE_PAGES") in res.defaulted
    assert ("/oom_test/cg3/cg4", "NR_FILE_PAGES") not in res.defaulted


def test_the_upward_chain_like_the_selftest() -> None:
    """Copies at /oom_test and at the root, as in the kernel selftest: the chain test policy declines at its own
    attach point, the kernel goes on upwards, the root copy kills."""
    from tests.policy.chain_policy import largest_leaf_chain

    chain = str(SCENARIOS / "largest_leaf.toml")
    res = simulate(largest_leaf_chain, chain, attach_cgroup=["oom_test", "/"])
    assert res.handlers == [("/oom_test", "pass"), ("/", "handled")]
    assert res.attach_cgroup == "/" and res.victim_cgroups == ["/oom_test/cg3/cg4"]
    res = simulate(largest_leaf_chain, chain, attach_cgroup=["/", "oom_test/cg1"])
    assert res.handlers == [("/", "handled"), ("/oom_test/cg1", "not run (not on the OOM cgroup's path to the root)")]
    sc = Scenario.load(chain)
    sc.oom_cgroup = "oom_test/cg3"  # the copy at /oom_test now handles it; the root copy never runs
    res = simulate(largest_leaf_chain, sc, attach_cgroup=["oom_test", "/"])
    assert res.handlers == [("/oom_test", "handled"), ("/", "not run (a handler below killed)")]
    assert res.victim_cgroups == ["/oom_test/cg3/cg4"]


def test_largest_leaf_decides_its_own_attach_point(largest_leaf) -> None:  # type: ignore[no-untyped-def]
    """Attached at the cgroup that carries the limit, the example handles that cgroup's OOM (a copy higher up
    never runs)."""
    res = simulate(largest_leaf, str(SCENARIOS / "largest_leaf.toml"), attach_cgroup=["oom_test", "/"])
    assert res.handlers == [("/oom_test", "handled"), ("/", "not run (a handler below killed)")]
    assert res.attach_cgroup == "/oom_test" and res.victim_cgroups == ["/oom_test/cg3/cg4"]


def test_oomd_like_reference_kills_batch_b(oomd_like) -> None:  # type: ignore[no-untyped-def]
    res = simulate(oomd_like.oomd_like, str(SCENARIOS / "oomd_like.toml"))
    assert res.verdict == "handled"
    assert res.victim_cgroups == ["/oom_test/batch-b"]
    counters = res.maps["decisions"].data
    assert counters[oomd_like.CANDIDATES] == 5 and counters[oomd_like.OMITTED] == 1
    assert counters[oomd_like.AVOIDED] == 1 and counters[oomd_like.KILLS] == 1
    assert counters[oomd_like.VICTIM_ID] == Scenario.load(str(SCENARIOS / "oomd_like.toml")).id_of("oom_test/batch-b")
    assert res.cgroup("oom_test/critical").value("prefs[id]").mode == oomd_like.OMIT
    assert res.defaulted == []  # the scenario gives every counter the policy reads


def test_maps_argument_overrides_the_scenario(oomd_like) -> None:  # type: ignore[no-untyped-def]
    sc = Scenario.load(str(SCENARIOS / "oomd_like.toml"))
    omit_b = {sc.id_of("oom_test/batch-b"): {"mode": oomd_like.OMIT}}
    res = simulate(oomd_like.oomd_like, sc, maps={"prefs": omit_b})
    assert res.victim_cgroups == ["/oom_test/batch-c"]  # next by pgscan delta among the non-avoided


def test_a_global_oom_is_decided_at_the_root(largest_leaf) -> None:  # type: ignore[no-untyped-def]
    """A global OOM with the policy at the root: the root's leaves are the candidates, cg4 is still the victim."""
    sc = Scenario.load(str(SCENARIOS / "largest_leaf.toml"))
    sc.oom_cgroup = ""
    res = simulate(largest_leaf, sc, attach_cgroup="/")
    assert res.verdict == "handled" and res.victim_cgroups == ["/oom_test/cg3/cg4"]
