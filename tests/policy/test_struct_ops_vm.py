"""Python policies in struct_ops mode, end to end, inside the pyoombpf test VM (kernel with ``bpf_oom_ops``).

Run with ``make vmtest`` (or ``vm/run-vm.sh <bzImage> -m vm tests/policy``).  The scenarios are the kernel's own
reference ones (see shared/reference/bpf-oom-abi.md), with the policy written in Python (examples/).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pyoombpf.compiler import compile as pcompile
from tests.vm.cgroups import CGROUP_ROOT, CgroupTree
from tests.vm.vmkernel import vm_test

pytestmark = vm_test
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example(name: str) -> object:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def cgroups() -> Iterator[CgroupTree]:
    with CgroupTree() as tree:
        yield tree


class Attached:
    """A compiled policy loaded and attached to cgroups (all detached and closed on exit)."""

    def __init__(self, elf: bytes, map_name: str) -> None:
        from pyoombpf.runtime import BpfObject

        self.obj = BpfObject.open(elf, name=map_name)
        self.obj.load()
        self.ops = self.obj.struct_ops(map_name)
        self.links: list[object] = []
        self.fds: list[object] = []

    def attach(self, path: str) -> object:
        from pyoombpf.runtime import CgroupFd

        fd = CgroupFd(path)
        self.fds.append(fd)
        link = self.ops.attach(fd)
        self.links.append(link)
        return link

    def __enter__(self) -> Attached:
        return self

    def __exit__(self, *exc: object) -> None:
        for link in self.links:
            link.close()  # type: ignore[attr-defined]
        for fd in self.fds:
            fd.close()  # type: ignore[attr-defined]
        self.obj.close()


def test_largest_leaf_in_python_upward_chain(cgroups: CgroupTree) -> None:
    """cg1 10 MiB (+1000), cg2 40 MiB (-1000), cg3/{cg4 30, cg5 20} under an 80 MiB parent: the copy attached at
    the OOMing cgroup declines, the copy at the root kills cg4 (the kernel alone would kill cg1)."""
    pol = _example("largest_leaf")
    obj = pcompile(pol.largest_leaf)  # type: ignore[attr-defined]
    cgroups.make("oom_test", parent_of_others=True)
    for rel in ("oom_test/cg1", "oom_test/cg2", "oom_test/cg3"):
        cgroups.make(rel, parent_of_others=rel.endswith("cg3"))
    cgroups.make("oom_test/cg3/cg4")
    cgroups.make("oom_test/cg3/cg5")
    procs = {
        "cg1": cgroups.spawn("oom_test/cg1", 10, oom_score_adj=1000),
        "cg2": cgroups.spawn("oom_test/cg2", 40, oom_score_adj=-1000),
        "cg4": cgroups.spawn("oom_test/cg3/cg4", 30),
        "cg5": cgroups.spawn("oom_test/cg3/cg5", 20),
    }
    with Attached(obj.elf, "largest_leaf") as at_oom, Attached(obj.elf, "largest_leaf") as at_root:
        at_oom.attach(cgroups.path("oom_test"))
        at_root.attach(CGROUP_ROOT)
        cgroups.squeeze("oom_test", free_mb=8)
    assert procs["cg4"].killed_by_sigkill()
    assert cgroups.events("oom_test/cg3/cg4")["oom_kill"] >= 1
    assert procs["cg1"].alive()  # the kernel's own choice (+1000) survives: the policy decided
    assert procs["cg2"].alive()  # the -1000 task is never a victim
