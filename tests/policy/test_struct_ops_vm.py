"""Python policies in struct_ops mode, end to end, inside the pyoombpf test VM (kernel with ``bpf_oom_ops``).

Run with ``make vmtest`` (or ``vm/run-vm.sh <bzImage> -m vm tests/policy``).  The scenarios are the kernel's own
reference ones (see shared/reference/bpf-oom-abi.md), with the policy written in Python (examples/).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pyoombpf.compiler import compile as pcompile
from tests.examples import example
from tests.vm.cgroups import CGROUP_ROOT, CgroupTree
from tests.vm.scenarios import largest_leaf_tree, oomd_tree, two_leaves
from tests.vm.vmkernel import vm_test

pytestmark = vm_test
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example(name: str) -> Any:
    return example(name)


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
    """cg1 10 MiB (+1000), cg2 40 MiB (-1000), cg3/{cg4 30, cg5 20} under an 80 MiB parent: the copy of the chain
    test policy attached at the OOMing cgroup declines, the copy at the root kills cg4 (the kernel alone would kill
    cg1)."""
    from .chain_policy import largest_leaf_chain

    obj = pcompile(largest_leaf_chain)
    procs = largest_leaf_tree(cgroups)
    from pyoombpf.testing import KernelFunction

    from . import declare_oom

    with (
        Attached(obj.elf, "largest_leaf_chain") as at_oom,
        Attached(obj.elf, "largest_leaf_chain") as at_root,
        KernelFunction(declare_oom.declare_oom) as declare,
    ):
        at_oom.attach(cgroups.path("oom_test"))
        at_root.attach(CGROUP_ROOT)
        # one out_of_memory() on oom_test: exactly one decision
        assert declare(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
    assert procs["cg4"].killed_by_sigkill()
    assert cgroups.events("oom_test/cg3/cg4")["oom_kill"] == 1
    assert procs["cg1"].alive()  # the kernel's own choice (+1000) survives: the policy decided
    assert procs["cg2"].alive()  # the -1000 task is never a victim
    assert procs["cg5"].alive()


def test_largest_leaf_decides_the_oom_of_the_cgroup_it_is_attached_to(cgroups: CgroupTree) -> None:
    """Attached only at oom_test, the cgroup that carries the limit, the example decides oom_test's own OOM."""
    from pyoombpf.testing import KernelFunction

    from . import declare_oom

    obj = pcompile(_example("largest_leaf").largest_leaf)  # type: ignore[attr-defined]
    procs = largest_leaf_tree(cgroups)
    with Attached(obj.elf, "largest_leaf") as at_oom, KernelFunction(declare_oom.declare_oom) as declare:
        at_oom.attach(cgroups.path("oom_test"))
        assert declare(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
    assert procs["cg4"].killed_by_sigkill()
    assert cgroups.events("oom_test/cg3/cg4")["oom_kill"] == 1
    assert procs["cg1"].alive() and procs["cg2"].alive() and procs["cg5"].alive()


def test_largest_leaf_under_a_real_memcg_oom(cgroups: CgroupTree) -> None:
    """A real OOM: oom_test's limit squeezed below its usage.  The policy's first victim is cg4 (later
    decisions may follow while the writer keeps reclaiming); the -1000 task is never killed."""
    pol = _example("largest_leaf")
    obj = pcompile(pol.largest_leaf)  # type: ignore[attr-defined]
    procs = largest_leaf_tree(cgroups)
    with Attached(obj.elf, "largest_leaf") as at_root:
        at_root.attach(CGROUP_ROOT)
        cgroups.squeeze("oom_test", free_mb=8)
    assert procs["cg4"].killed_by_sigkill()
    assert cgroups.events("oom_test/cg3/cg4")["oom_kill"] == 1
    assert procs["cg2"].alive()


def test_oomd_like_in_python_with_preferences_from_python(cgroups: CgroupTree) -> None:
    """critical is OMIT, batch-a AVOID (set from Python through the policy's map); batch-b is the victim; every
    decision counter and the ring-buffer record agree."""
    from pyoombpf.runtime import IntCodec, RingBuffer
    from pyoombpf.testing import KernelFunction

    from . import declare_oom

    pol = _example("oomd_like")
    obj = pcompile(pol.oomd_like)  # type: ignore[attr-defined]
    procs = oomd_tree(cgroups)
    with Attached(obj.elf, "oomd_like") as at_root, KernelFunction(declare_oom.declare_oom) as declare:
        prefs = at_root.obj.map("prefs", key=IntCodec(8), value=pol.Pref)  # type: ignore[attr-defined]
        prefs[cgroups.cgroup_id("oom_test/critical")] = pol.Pref(mode=pol.OMIT)  # type: ignore[attr-defined]
        prefs[cgroups.cgroup_id("oom_test/batch-a")] = pol.Pref(mode=pol.AVOID)  # type: ignore[attr-defined]
        at_root.attach(cgroups.root)
        with RingBuffer(at_root.obj.map("events"), decode=pol.Decision) as rb:  # type: ignore[attr-defined]
            assert declare(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
            records = list(rb.iter(timeout_ms=500))
        counters = dict(at_root.obj.map("decisions", key=IntCodec(4), value=IntCodec(8)).items())
    victim = cgroups.cgroup_id("oom_test/batch-b")
    assert counters[pol.RUNS] == 1  # type: ignore[attr-defined]
    assert counters[pol.CANDIDATES] == 5  # type: ignore[attr-defined]
    assert counters[pol.OMITTED] == 1  # type: ignore[attr-defined]
    assert counters[pol.AVOIDED] == 1  # type: ignore[attr-defined]
    assert counters[pol.KILLS] == 1  # type: ignore[attr-defined]
    assert counters[pol.VICTIM_ID] == victim  # type: ignore[attr-defined]
    assert [r.cgroup_id for r in records] == [victim]
    assert procs["batch-b"].killed_by_sigkill()  # type: ignore[attr-defined]
    assert cgroups.events("oom_test/batch-b")["oom_kill"] == 1
    for name in ("critical", "batch-a", "batch-c", "unkillable"):
        assert procs[name].alive(), name  # type: ignore[attr-defined]


def test_detach_gives_the_decision_back_to_the_kernel(cgroups: CgroupTree) -> None:
    from pyoombpf.testing import KernelFunction

    from . import declare_oom

    pol = _example("largest_leaf")
    obj = pcompile(pol.largest_leaf)  # type: ignore[attr-defined]
    procs = two_leaves(cgroups)
    with Attached(obj.elf, "largest_leaf") as pol_at, KernelFunction(declare_oom.declare_oom) as declare:
        link = pol_at.attach(cgroups.root)
        link.close()  # type: ignore[attr-defined]
        assert declare(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
    assert procs["small"].killed_by_sigkill()  # the kernel's choice: oom_score_adj 1000
    assert procs["big"].alive()


def test_second_policy_on_the_same_cgroup_is_a_readable_error(cgroups: CgroupTree) -> None:
    import errno

    import pyoombpf

    pol = _example("largest_leaf")
    obj = pcompile(pol.largest_leaf)  # type: ignore[attr-defined]
    cgroups.make("solo")
    from pyoombpf.modes.struct_ops import StructOpsPolicy

    with StructOpsPolicy(obj) as first, StructOpsPolicy(obj) as second:
        first.attach(cgroups.path("solo"))
        with pytest.raises(pyoombpf.AttachError) as info:
            second.attach(cgroups.path("solo"))
    assert info.value.errno == errno.EEXIST


def test_task_names_in_struct_ops_mode(cgroups: CgroupTree) -> None:
    """task.comm_is / comm_startswith in a bpf_oom_ops handler: the one process not named ssh* is killed."""
    from pyoombpf.testing import KernelFunction

    from . import declare_oom
    from .test_task_names import Named, spare_ssh

    cgroups.make("oom_test")
    procs = [Named(name, cgroups.path("oom_test")) for name in ("sshd", "ssh-agent", "batch")]
    try:
        with Attached(pcompile(spare_ssh).elf, "spare_ssh") as at, KernelFunction(declare_oom.declare_oom) as declare:
            at.attach(cgroups.path("oom_test"))
            assert declare(cgroups.cgroup_id("oom_test"), 0, declare_oom.WAIT_ON_OOM_LOCK) == 1
        assert procs[2].proc.wait(timeout=60) == -9
        assert procs[0].proc.poll() is None and procs[1].proc.poll() is None
    finally:
        for p in procs:
            p.stop()
