"""Differential: generated policies (tests/differential/genpolicy.py), simulated on a snapshot vs run as bridge
programs on random real v1 trees."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from tests.differential.genpolicy import PolicySpec, load_policy, policy_specs
from tests.differential.harness import differential, examples
from tests.differential.world import TreeSpec, World, trees

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.slow,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (bridge mode's v1 path)"),
]

_TMP = tempfile.TemporaryDirectory(prefix="pyoombpf-genpolicy-")  # removed when the test process exits
_SOURCES = Path(_TMP.name)


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(inner_procs=True), policy_specs())
def test_generated_policy_agrees(spec: TreeSpec, policy: PolicySpec) -> None:
    handler = load_policy(policy, _SOURCES)
    with World(spec) as world:
        out = differential(world, handler)
    event(f"verdict {out.sim.verdict}, {len(out.sim.victims)} victim(s)")
    event(f"candidates {policy.candidates}, score {policy.score}, action {policy.action}")
