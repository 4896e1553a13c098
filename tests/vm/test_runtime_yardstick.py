"""The yardstick object (real ``.struct_ops.link`` / ``struct_ops.s/`` sections) through ``pyoombpf.runtime``.

The other VM tests use the small ctypes loader in ``bpfload.py``; this one proves that the project's own runtime
loads the reference policy as compiled for current libbpf and attaches it to a cgroup on the test kernel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyoombpf.runtime import BpfObject, CgroupFd, IntCodec

from .cgroups import CgroupTree
from .scenarios import two_leaves
from .vmkernel import vm_test

pytestmark = vm_test

RUNS, KILLS = 0, 2


def test_runtime_attaches_yardstick_largest_leaf(
    cgroups: CgroupTree, policy_objdir: Path, declare: Callable[..., int]
) -> None:
    procs = two_leaves(cgroups)
    elf = (policy_objdir / "largest_leaf.bpf.o").read_bytes()
    with BpfObject.open(elf, "largest_leaf") as obj:
        obj.load()
        stats = obj.map("stats", key=IntCodec(4), value=IntCodec(8))
        with CgroupFd(cgroups.root) as cg, obj.struct_ops("largest_leaf_ops").attach(cg):
            assert declare(cgroups.cgroup_id("oom_test")) == 1
        assert stats.get(RUNS) == 1
        assert stats.get(KILLS) == 1
    assert procs["big"].killed_by_sigkill()
    assert procs["small"].alive()
