"""The policy generator itself (no kernel): every building block compiles in both modes, and the simulation of a
generated policy does what its spec says (tests/differential/reference.py) on synthetic scenarios — including
what real v1 trees cannot have here (memory.oom.group, oom_score_adj -1000, exiting tasks)."""

from __future__ import annotations

import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pyoombpf
from pyoombpf.simulate import Scenario, simulate
from tests.differential.genpolicy import (
    ACTIONS,
    CANDIDATES,
    SCORES,
    SHIFTS,
    THRESHOLDS,
    TIE_BREAKS,
    PolicySpec,
    load_policy,
    policy_specs,
)
from tests.differential.harness import BridgeProgram
from tests.differential.reference import reference
from tests.differential.world import MB, trees

_TMP = tempfile.TemporaryDirectory(prefix="pyoombpf-genpolicy-")  # removed when the test process exits
_SOURCES = Path(_TMP.name)


def _one_of_each() -> list[PolicySpec]:
    specs = [PolicySpec(candidates=c) for c in CANDIDATES]
    specs += [PolicySpec(score=s, shift=SHIFTS[s][-1], min_score=THRESHOLDS[s][0]) for s in SCORES]
    specs += [PolicySpec(tie_break=t) for t in TIE_BREAKS] + [PolicySpec(action=a) for a in ACTIONS]
    specs += [PolicySpec(post_order=False, require_tasks=True, skip_adj_above=500, min_candidates=2)]
    return list(dict.fromkeys(specs))  # (the defaults appear in several blocks)


@pytest.mark.parametrize("spec", _one_of_each(), ids=lambda s: s.name)
@pytest.mark.usefixtures("bundled_kernel")
def test_every_building_block_compiles_in_both_modes(spec: PolicySpec) -> None:
    handler = load_policy(spec, _SOURCES)
    bridge = pyoombpf.compile(handler, mode="bridge")
    struct_ops = pyoombpf.compile(handler)
    assert (bridge.kind, struct_ops.kind) == ("bridge", "struct_ops")
    assert bridge.kill_reasons == [f"{spec.name} policy"]


@pytest.mark.kernel
@pytest.mark.parametrize("spec", _one_of_each(), ids=lambda s: s.name)
def test_every_building_block_loads_as_a_bridge_program(spec: PolicySpec) -> None:
    """The verifier accepts each block (the kernel tests would fail on a load error anyway; this says which)."""
    with BridgeProgram(load_policy(spec, _SOURCES)) as prog:
        assert prog.prog is not None


def test_specs_have_distinct_names_and_sources() -> None:
    specs = _one_of_each()
    assert len({s.name for s in specs}) == len({s.source() for s in specs}) == len(specs)
    assert {f.name for f in fields(PolicySpec)} >= {"candidates", "score", "tie_break", "action", "min_score"}


@st.composite
def scenarios(draw: Any) -> Scenario:
    """A random tree (the shape of the kernel tests' trees) as a scenario, with the states v1 cannot make here."""
    spec = draw(trees(inner_procs=True))
    sc = Scenario(oom_cgroup="work", attach="")
    sc.cgroup("work", limit=256 * MB)
    pids = iter(draw(st.permutations(range(100, 140))))
    for node in spec.nodes:
        tasks = [
            {
                "pid": next(pids),
                "rss": p.mb * MB,
                "oom_score_adj": draw(st.sampled_from([p.oom_score_adj, p.oom_score_adj, -1000, -500])),
                "exiting": draw(st.sampled_from([False, False, False, True])),
            }
            for p in node.procs
        ]
        anon = sum(t["rss"] for t in tasks)
        stats = {"NR_ANON_MAPPED": anon, "PGFAULT": anon // 4096 + draw(st.integers(0, 3000))}
        sc.cgroup(
            f"work/{node.path}",
            tasks=tasks,
            file=node.cache_mb * MB,
            stats=stats,
            oom_group=draw(st.sampled_from([False, False, False, True])),
        )
    return sc


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_specs(), scenarios())
def test_simulation_does_what_the_spec_says(spec: PolicySpec, scenario: Scenario) -> None:
    handler = load_policy(spec, _SOURCES)
    result = simulate(handler, scenario)
    got = (result.verdict, sorted(v.pid for v in result.victims))
    assert got == reference(spec, scenario), f"{spec}\n{spec.source()}\n{result.table()}\n{scenario.dumps()}"
