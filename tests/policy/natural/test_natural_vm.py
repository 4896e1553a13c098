"""The natural-policy corpus as struct_ops objects in the pyoombpf test VM (kernel with ``bpf_oom_ops``).

Run with ``make vmtest VMTEST_ARGS="-m vm -v tests/policy/natural"``.  Every policy is compiled in the guest
(against its kernel's BTF), loaded (the verifier accepts it) and attached to a cgroup; the three policies of
issue 19 also decide in the kernel's OOM path what simulate decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import pyoombpf
from pyoombpf.simulate import Scenario, simulate
from tests.vm.cgroups import CGROUP_ROOT, CgroupTree
from tests.vm.vmkernel import vm_test

from .corpus import CORPUS, policy

pytestmark = vm_test


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_loads_and_attaches_as_struct_ops(name: str, cgroups: CgroupTree) -> None:
    from pyoombpf.modes.struct_ops import StructOpsPolicy

    cgroups.make("attach")
    with StructOpsPolicy(pyoombpf.compile(policy(name))) as loaded:
        link = loaded.attach(cgroups.path("attach"))
        assert link is not None


#: (leaves with their processes as (MiB, oom_score_adj), the leaf whose processes must die).  The VM's root may
#: set oom_score_adj -1000 (the host's may not): mem_per_process's largest per-process leaf "db" is protected.
REAL = {
    "most_tasks": ({"service": [(40, 0)], "workers": [(8, 0), (8, 0), (8, 0)]}, "workers"),
    "mem_per_process": ({"db": [(50, 0), (4, -1000)], "web": [(12, 0)] * 3, "cache": [(30, 0)]}, "cache"),
    "sum_rss": ({"app": [(25, 0), (25, 0)], "batch": [(35, 0)]}, "app"),
}


def _tree(cgroups: CgroupTree, leaves: dict[str, list[tuple[int, int]]]) -> dict[str, list[Any]]:
    cgroups.make("oom_test", parent_of_others=True)
    procs = {}
    for leaf, sizes in leaves.items():
        cgroups.make(f"oom_test/{leaf}")
        procs[leaf] = [cgroups.spawn(f"oom_test/{leaf}", mb, oom_score_adj=adj) for mb, adj in sizes]
    return procs


def _only_victims_died(procs: dict[str, list[Any]], victim_leaf: str) -> None:
    for leaf, running in procs.items():
        for proc in running:
            if leaf == victim_leaf:
                assert proc.killed_by_sigkill(), leaf
            else:
                assert proc.alive(), leaf


@pytest.mark.parametrize("name", sorted(REAL))
def test_the_kernels_oom_path_kills_what_simulate_says(name: str, cgroups: CgroupTree) -> None:
    """One out_of_memory() on oom_test (declared with bpf_out_of_memory, so exactly one decision): the policy,
    attached at the root, runs in the kernel's OOM path and kills with bpf_oom_kill_process.  Simulate, on a
    snapshot of the same tree, chooses the same leaf."""
    from pyoombpf.modes.struct_ops import StructOpsPolicy
    from pyoombpf.testing import KernelFunction
    from tests.policy import declare_oom

    leaves, victim_leaf = REAL[name]
    procs = _tree(cgroups, leaves)
    fn = policy(name)
    sim = simulate(fn, Scenario.from_system(cgroup=cgroups.path("oom_test")))
    assert {v.cgroup.rsplit("/", 1)[-1] for v in sim.victims} == {victim_leaf}, sim.table()
    with StructOpsPolicy(pyoombpf.compile(fn)) as loaded, KernelFunction(declare_oom.declare_oom) as declare:
        loaded.attach(CGROUP_ROOT)
        assert declare(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
    _only_victims_died(procs, victim_leaf)
