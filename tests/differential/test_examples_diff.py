"""Differential: the example policies, simulated on a snapshot vs run as bridge programs on random real v1 trees."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pyoombpf.bridge.memcg_v1 import v1_memory_root
from tests.differential.harness import differential, examples
from tests.differential.world import TreeSpec, World, trees
from tests.examples import example

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.slow,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (bridge mode's v1 path)"),
]

#: each example materialises a tree with real processes: keep them few
KERNEL = settings(max_examples=examples(8), deadline=None, suppress_health_check=[HealthCheck.too_slow])

largest_leaf = example("largest_leaf")
oomd_like = example("oomd_like")


@KERNEL
@given(trees(), st.sampled_from([False, False, True]))
def test_largest_leaf_agrees(spec: TreeSpec, attach_at_oom: bool) -> None:
    """Attached at the root, or at the OOMing parent itself (the cgroup with the limit), it decides the same in the
    kernel and in simulation."""
    with World(spec) as world:
        out = differential(world, largest_leaf.largest_leaf, attach_at_oom=attach_at_oom)
    event(f"attached at the OOM cgroup: {attach_at_oom}; verdict {out.sim.verdict}, {len(out.sim.victims)} victim(s)")


@settings(KERNEL, max_examples=examples(3))
@given(trees())
def test_the_chain_test_policy_declines_at_its_attach_point(spec: TreeSpec) -> None:
    """tests/policy/chain_policy.py passes when the OOM is at its own attach point, on both sides."""
    from tests.policy.chain_policy import largest_leaf_chain

    with World(spec) as world:
        out = differential(world, largest_leaf_chain, attach_at_oom=True)
    assert out.sim.verdict == "pass"


#: (mode, recursive, last_pgscan) per node path; mode NONE / AVOID / OMIT
prefs_for = st.fixed_dictionaries(
    {
        "mode": st.sampled_from([oomd_like.NONE, oomd_like.AVOID, oomd_like.OMIT]),
        "recursive": st.integers(0, 1),
        "last_pgscan": st.sampled_from([0, 0, 1, 1 << 20]),
    }
)


@KERNEL
@given(trees(), st.data())
def test_oomd_like_agrees_with_random_prefs(spec: TreeSpec, data: Any) -> None:
    chosen = data.draw(st.lists(st.sampled_from([n.path for n in spec.nodes]), unique=True), label="with prefs")
    fields = {path: data.draw(prefs_for, label=f"prefs[{path}]") for path in chosen}
    with World(spec) as world:
        ids = {path: world.tree.cgroup_id(path) for path in fields}
        kernel = {ids[p]: oomd_like.Pref(**f) for p, f in fields.items()}
        sim = {ids[p]: dict(f) for p, f in fields.items()}
        out = differential(
            world,
            oomd_like.oomd_like,
            kernel_maps={"prefs": kernel},
            sim_maps={"prefs": sim},
            compare_arrays={"decisions": 8},
            compare_rings={"events": oomd_like.Decision},
        )
        # v1 has no per-cgroup pgscan: the snapshot reads it as 0, and so does this kernel without reclaim
        assert all(name.startswith("PGSCAN_") for _cg, name in out.sim.defaulted)
    event(f"verdict {out.sim.verdict}, {len(out.sim.victims)} victim(s)")
