"""``memcg.swap_usage`` in every mode: the query added through the recipe of docs/design.md ("Adding a policy
query"): one descriptor, one lowering per target, the model member, the scenario and snapshot data, the docs.

It is the kernel's MEMCG_SWAP counter in bytes, which the kernel keeps on cgroup v1 and v2 alike.  The machines
this runs on have no swap (and the test VM's kernel is built without it), so the kernel tests can only see 0 —
read through the same path as ``page_state("MEMCG_SWAP")`` and equal to what ``memory.stat`` shows; the values
themselves are checked in the Python model and in simulate.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import pyoombpf
from pyoombpf import PASS, ArrayMap, NotSupportedError, OomControl, Verdict, oom_handler, u64
from pyoombpf.btf import memcg_stats
from pyoombpf.pyexec.oommodel import MemcgModel, OomControlModel
from pyoombpf.pyexec.rules import ModelError, PyEnv
from pyoombpf.simulate import Scenario, simulate
from tests.vm.cgroups import CgroupTree
from tests.vm.vmkernel import requires_bpf_oom

MB = 1 << 20

swap_seen = ArrayMap(u64, max_entries=4)


@oom_handler(name="swap_probe")
def swap_probe(oc: OomControl) -> Verdict:
    m = oc.memcg
    if m is None:
        return PASS
    swap_seen[0] = m.swap_usage
    swap_seen[1] = m.page_state("MEMCG_SWAP")
    swap_seen[2] = m.id
    best = None
    best_swap: u64 = 0
    for c in m.descendants():
        if c.is_leaf and c.swap_usage >= best_swap:
            best, best_swap = c, c.swap_usage
    if best is None:
        return PASS
    swap_seen[3] = best.id
    return oc.kill_memcg(best, "most swap")


# --------------------------------------------------------------------------------------------- compiling


@pytest.mark.usefixtures("bundled_kernel")
def test_struct_ops_reads_the_memcg_swap_counter_through_the_kfunc() -> None:
    from pyoombpf.btf import TypeSource

    obj = pyoombpf.compile(swap_probe)
    _enum, value = TypeSource().enum_value("MEMCG_SWAP")
    assert b"bpf_mem_cgroup_page_state\x00" in obj.elf
    calls = [line for line in obj.ir.splitlines() if 'call i64 @"bpf_mem_cgroup_page_state"(' in line]
    assert calls and all(line.split(")")[0].endswith(f"i32 {value}") for line in calls)


@pytest.mark.usefixtures("bundled_kernel")
def test_bridge_without_a_known_counter_layout_names_the_query(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memcg_stats, "layout_for", lambda types: None)
    with pytest.raises(NotSupportedError, match=r"memcg\.swap_usage in bridge mode is not supported here"):
        pyoombpf.compile(swap_probe, mode="bridge")


# --------------------------------------------------------------------------------------------- Python, simulate


def test_the_python_model_answers_from_the_memcg_swap_counter() -> None:
    root = MemcgModel(1, "/")
    top = root.add(MemcgModel(2, "/top", page_states={"MEMCG_SWAP": 6 * MB}))
    top.add(MemcgModel(3, "/top/a", page_states={"MEMCG_SWAP": 2 * MB}))
    top.add(MemcgModel(4, "/top/b", page_states={"MEMCG_SWAP": 4 * MB}))
    assert top.swap_usage == 6 * MB and MemcgModel(9).swap_usage == 0
    env = PyEnv()
    pyoombpf.compile(swap_probe).python(env)(OomControlModel(top))
    assert env.maps["swap_seen"].data == [6 * MB, 6 * MB, 2, 4]


SCENARIO = """\
[oom]
cgroup = "work"

[cgroup."work"]
swap = "12M"

[cgroup."work/a"]
swap = "4M"
tasks = [{ pid = 10, rss = "20M" }]

[cgroup."work/b"]
swap = "8M"
tasks = [{ pid = 11, rss = "10M" }]

[cgroup."work/c"]
tasks = [{ pid = 12, rss = "30M" }]
"""


def test_simulate_reads_the_scenarios_swap_and_says_what_it_read() -> None:
    res = simulate(swap_probe, Scenario.loads(SCENARIO))
    assert res.victim_cgroups == ["/work/b"] and res.maps["swap_seen"].data[:2] == [12 * MB, 12 * MB]
    assert res.cgroup("work/a").value("swap_usage") == 4 * MB
    assert ("/work/c", "swap_usage") in res.defaulted  # c has no swap in the scenario: read as 0, and said so
    with pytest.raises(ModelError, match="reads MEMCG_SWAP of cgroup /work/c, which the scenario does not give"):
        simulate(swap_probe, Scenario.loads(SCENARIO), strict=True)


def test_a_live_snapshot_carries_swap_of_v1_and_v2(tmp_path: Path) -> None:
    for version, files in (
        ("v2", {"memory.current": f"{32 * MB}\n", "memory.max": "max\n", "memory.swap.current": f"{3 * MB}\n"}),
        ("v1", {"memory.usage_in_bytes": f"{32 * MB}\n", "memory.stat": f"total_swap {5 * MB}\n"}),
    ):
        root = tmp_path / version
        leaf = root / "work"
        leaf.mkdir(parents=True)
        if version == "v2":
            (root / "cgroup.controllers").write_text("memory\n")
        else:
            (root / "memory.usage_in_bytes").write_text("0\n")
        for name, text in files.items():
            (leaf / name).write_text(text)
        (leaf / "cgroup.procs").write_text("")
        sc = Scenario.from_system("work", root=str(root))
        want = 3 * MB if version == "v2" else 5 * MB
        assert sc.cgroups["work"].stats["MEMCG_SWAP"] == want
        res = simulate(swap_probe, sc)
        assert res.maps["swap_seen"].data[0] == want, version


# --------------------------------------------------------------------------------------------- kernels


@pytest.mark.kernel
def test_bridge_program_reads_swap_like_memory_stat() -> None:
    """On this machine's cgroup v1: the bridge program loads, and reads the same MEMCG_SWAP as
    ``page_state("MEMCG_SWAP")`` and as the kernel's ``memory.stat`` (0 without swap)."""
    from pyoombpf.bridge.memcg_v1 import v1_memory_root
    from pyoombpf.btf.abi import TypeSource
    from pyoombpf.runtime import IntCodec
    from tests.bridge.v1 import V1Tree

    if v1_memory_root() is None:
        pytest.skip("no cgroup v1 memory hierarchy (bridge mode's v1 path needs one)")
    if memcg_stats.layout_for(TypeSource()) is None and "bpf_mem_cgroup_page_state" not in TypeSource().kfuncs():
        pytest.skip("this kernel has a memcg counter layout pyoombpf has no table for (and no memcg kfuncs)")
    from tests.policy.test_bridge_program import _Loaded

    prog = _Loaded(swap_probe)
    try:
        with V1Tree(limit_mb=128) as tree:
            tree.make("a")
            tree.make("b")
            task = tree.spawn("b", 8)
            retval, _out, kills = prog.run(tree.cgroup_id())
            seen = prog.obj.map("swap_seen", IntCodec(4), IntCodec(8))
            with open(os.path.join(tree.path(), "memory.stat")) as f:
                stat = {k: int(v) for k, v in (line.split() for line in f)}
            assert seen[2] == tree.cgroup_id()
            assert seen[0] == seen[1] == stat.get("total_swap", 0)
            # no leaf has swap: the last one the post-order walk meets is chosen
            assert (retval, [k.pid for k in kills], seen[3]) == (1, [task.pid], tree.cgroup_id("b"))
            assert task.killed()
    finally:
        prog.close()


@pytest.fixture
def vm_cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


@pytest.mark.vm
@pytest.mark.kernel
@requires_bpf_oom
def test_struct_ops_swap_usage_in_the_vm(vm_cgroups: CgroupTree) -> None:
    """struct_ops mode in the test VM: the handler reads swap_usage through bpf_mem_cgroup_page_state (the VM
    kernel has no swap: 0, as page_state("MEMCG_SWAP") says) and kills the leaf it picked."""
    from pyoombpf.runtime import IntCodec
    from pyoombpf.testing import KernelFunction
    from tests.policy import declare_oom
    from tests.policy.test_queries_vm import _declare_from
    from tests.policy.test_struct_ops_vm import Attached

    cgroups = vm_cgroups
    cgroups.make("work", parent_of_others=True)
    cgroups.make("work/a")
    victim = cgroups.spawn("work/a", 16)
    obj = pyoombpf.compile(swap_probe)
    with Attached(obj.elf, "swap_probe") as pol, KernelFunction(declare_oom.declare_oom) as declare:
        pol.attach(cgroups.root)
        child = _declare_from(
            cgroups.path("work/a"), declare._prog.fd, cgroups.cgroup_id("work"), declare_oom.WAIT_ON_OOM_LOCK
        )
        try:
            child.communicate(timeout=300)
        finally:
            child.kill()
        seen = dict(pol.obj.map("swap_seen", key=IntCodec(4), value=IntCodec(8)).items())
    assert seen[2] == cgroups.cgroup_id("work")
    assert seen[0] == seen[1] == 0
    assert seen[3] == cgroups.cgroup_id("work/a")
    assert victim.killed_by_sigkill()
