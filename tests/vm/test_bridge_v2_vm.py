"""Bridge-mode programs on cgroup v2 (the memory controller on v2, Linux 7.3 in the test VM): the same example
policies, compiled with ``mode="bridge"``, find the OOMing memcg by id, read counters through the memcg kfuncs and
kill with ``bpf_send_signal_task``.  The host tests (tests/policy/test_bridge_program.py) cover cgroup v1."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import pyoombpf
from pyoombpf.bridge import abi
from pyoombpf.runtime import BpfObject, BytesCodec, IntCodec
from tests.examples import example
from tests.vm.cgroups import CgroupTree
from tests.vm.scenarios import largest_leaf_tree, oomd_tree
from tests.vm.vmkernel import vm_test

pytestmark = vm_test


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


class Bridge:
    """A bridge program loaded and run once per call, with the context a v2 relay would pass."""

    def __init__(self, policy: Any) -> None:
        self.compiled = pyoombpf.compile(policy, mode="bridge")
        self.obj = BpfObject.open(self.compiled.elf, name=self.compiled.name)
        self.obj.load()

    def run(self, memcg_id: int, attach_id: int = 1) -> tuple[int, abi.BridgeContext, list[abi.KillRecord]]:
        ctx = abi.BridgeContext(memcg_id=memcg_id, attach_cgroup_id=attach_id, hierarchy_id=0)
        r = self.obj.program(self.compiled.symbol).test_run(ctx.encode())
        out = abi.BridgeContext.decode(r.ctx_out)
        kills = self.obj.map(abi.KILLS_MAP, IntCodec(4), BytesCodec(abi.KILL_SIZE))
        return r.retval, out, [abi.decode_kill(kills[i]) for i in range(min(out.nr_kills, abi.MAX_KILLS))]

    def __enter__(self) -> Bridge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.obj.close()


def test_largest_leaf_bridge_on_cgroup_v2(cgroups: CgroupTree) -> None:
    procs = largest_leaf_tree(cgroups)
    with Bridge(example("largest_leaf").largest_leaf) as bridge:
        retval, out, kills = bridge.run(cgroups.cgroup_id("oom_test"))
    assert (retval, out.status, out.nr_kills) == (1, abi.STATUS_OK, 1)
    assert [(k.pid, k.cgroup_id) for k in kills] == [(procs["cg4"].proc.pid, cgroups.cgroup_id("oom_test/cg3/cg4"))]
    assert procs["cg4"].killed_by_sigkill()
    for name in ("cg1", "cg2", "cg5"):  # the kernel's own choice (+1000) and the -1000 task survive
        assert procs[name].alive(), name


def test_largest_leaf_bridge_decides_at_its_attach_point(cgroups: CgroupTree) -> None:
    procs = largest_leaf_tree(cgroups)
    with Bridge(example("largest_leaf").largest_leaf) as bridge:
        oom = cgroups.cgroup_id("oom_test")
        retval, out, kills = bridge.run(oom, attach_id=oom)
    assert (retval, out.nr_kills) == (1, 1)
    assert [k.pid for k in kills] == [procs["cg4"].proc.pid]
    assert procs["cg4"].killed_by_sigkill()


def test_the_chain_test_policy_declines_at_its_attach_point(cgroups: CgroupTree) -> None:
    from tests.policy.chain_policy import largest_leaf_chain

    procs = largest_leaf_tree(cgroups)
    with Bridge(largest_leaf_chain) as bridge:
        oom = cgroups.cgroup_id("oom_test")
        retval, out, kills = bridge.run(oom, attach_id=oom)
    assert (retval, out.nr_kills, kills) == (0, 0, [])
    assert all(p.alive() for p in procs.values())


def test_oomd_like_bridge_on_cgroup_v2_with_preferences(cgroups: CgroupTree) -> None:
    pol = example("oomd_like")
    procs = oomd_tree(cgroups)
    with Bridge(pol.oomd_like) as bridge:
        prefs = bridge.obj.map("prefs", key=IntCodec(8), value=pol.Pref)
        prefs[cgroups.cgroup_id("oom_test/critical")] = pol.Pref(mode=pol.OMIT)
        prefs[cgroups.cgroup_id("oom_test/batch-a")] = pol.Pref(mode=pol.AVOID)
        retval, out, kills = bridge.run(cgroups.cgroup_id("oom_test"))
        counters = dict(bridge.obj.map("decisions", key=IntCodec(4), value=IntCodec(8)).items())
    victim = cgroups.cgroup_id("oom_test/batch-b")
    assert retval == 1 and [k.cgroup_id for k in kills] == [victim]
    assert counters[pol.VICTIM_ID] == victim and counters[pol.OMITTED] == 1 and counters[pol.AVOIDED] == 1
    assert procs["batch-b"].killed_by_sigkill()
    for name in ("critical", "batch-a", "batch-c", "unkillable"):
        assert procs[name].alive(), name
