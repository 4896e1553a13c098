"""earlyoom_like counts the cgroups whose systemd preference did not fit in ``xattr_prefs`` (``xattr_overflow``).

``xattr_prefs`` keeps ``XATTR_MAX`` (4,096) cgroups with a preference per decision; beyond that the rest read as
NONE in the kernel.  That used to be silent.  Filling 4,097 real cgroups with xattrs for every run of this test
would cost seconds of cgroup creation, so the policy is compiled from a copy of its own file where only the
constant ``XATTR_MAX`` is smaller (2): the same code, the same maps (their sizes follow the constant), the same
counter.  The library's policy as it ships is run on the same cgroups too, and counts nothing there.  The kernel
runs are bridge mode (``BPF_PROG_RUN``, the program the relay runs) on real v1 memcgs carrying the xattrs, with no
``prefs`` entries; simulate, like ``pyoombpf run``, mirrors the xattrs into ``prefs`` first, and then nothing is
read in the kernel or dropped — the kernel agrees once the same entries are written into its ``prefs``.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

import pytest

from pyoombpf import policies
from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.policies import AVOID
from pyoombpf.service.xattrs import AVOID_XATTR
from pyoombpf.simulate import Scenario, simulate

SHIPPED = "XATTR_MAX = 4096"
SMALL = 2
AVOIDED = ("a0", "a1", "a2")  # three cgroups carrying user.oomd_avoid: one more than SMALL holds
LIMIT_MB = 256


@pytest.fixture(scope="module")
def small_module(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """earlyoom_like from a copy of its file with ``XATTR_MAX = 2``."""
    text = Path(policies.path("earlyoom_like")).read_text()
    assert text.count(SHIPPED) == 1, "the policy's XATTR_MAX line changed: update this test"
    path = tmp_path_factory.mktemp("overflow") / "earlyoom_small.py"
    path.write_text(text.replace(SHIPPED, f"XATTR_MAX = {SMALL}"))
    spec = importlib.util.spec_from_file_location("earlyoom_small", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    try:
        spec.loader.exec_module(mod)
        assert mod.XATTR_MAX == SMALL
        yield mod
    finally:
        sys.modules.pop(spec.name, None)


def small_policy(mod: ModuleType) -> FunctionType:
    fn: FunctionType = mod.earlyoom_like
    return fn


def shipped() -> Any:
    return policies.policy("earlyoom_like")


# --- simulate --------------------------------------------------------------------------------------------------

SCENARIO = """
[oom]
cgroup = "work"
attach = "work"
[cgroup.work]
limit = "256M"
{leaves}
[cgroup."work/small"]
tasks = [{{ pid = 900, comm = "small", rss = "10M" }}]
"""


def scenario() -> Scenario:
    leaves = "\n".join(
        f'[cgroup."work/{n}"]\nxattrs = {{ "user.oomd_avoid" = "1" }}\ntasks = [{{ pid = {100 + i}, rss = "50M" }}]'
        for i, n in enumerate(AVOIDED)
    )
    return Scenario.loads(SCENARIO.format(leaves=leaves), "<overflow>")


def sim_counters(result: Any) -> list[int]:
    return [int(v) for v in result.maps["xattr_overflow"].data]


def test_simulate_mirrors_the_xattrs_so_nothing_overflows(small_module: ModuleType) -> None:
    """simulate applies a scenario's xattrs as ``pyoombpf run`` does, mirrored into ``prefs``
    (docs/policies-library.md): the kernel then reads no xattr itself, keeps nothing in ``xattr_prefs`` and
    drops nothing, whatever its size.  The kernel test below shows the same with the mirror's entries written by
    hand."""
    for policy in (small_policy(small_module), shipped()):
        result = simulate(policy, scenario())
        assert sim_counters(result) == [0, 0]
        assert len(result.maps["xattr_prefs"].data) == 0
        assert {k: int(v) for k, v in result.maps["prefs"].data.items()} == {
            result.scenario.cgroups[f"work/{n}"].id: AVOID for n in AVOIDED
        }
        assert [v.pid for v in result.victims] == [900]  # every other leaf is avoided


# --- the kernel, bridge mode --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tree() -> Iterator[Any]:
    if v1_memory_root() is None:
        pytest.skip("needs the memory controller on cgroup v1 (the test cgroups live there)")
    from tests.bridge.v1 import V1Tree

    with V1Tree(limit_mb=LIMIT_MB) as t:
        for name in AVOIDED:
            t.make(name)
            os.setxattr(t.path(name), AVOID_XATTR, b"1")
        t.make("small")
        yield t


def kernel_map(prog: Any, name: str) -> dict[int, int]:
    key, value = prog.compiled.map_codecs(name)
    return dict(prog.obj.map(name, key=key, value=value).items())


def decide(tree: Any, prog: Any) -> None:
    """An OOM of the tree's root decided by ``prog``, with a fresh process in ``small`` (the decision kills it)."""
    proc = tree.spawn("small", 12)
    try:
        run = prog.run(tree.cgroup_id(), LIMIT_MB * 1024 * 1024 // 4096, attach_id=tree.cgroup_id())
        assert run.verdict == "handled" and {k.cgroup_id for k in run.kills} == {tree.cgroup_id("small")}, run
    finally:
        proc.stop()


@pytest.mark.kernel
def test_the_kernel_counts_the_overflow(tree: Any, small_module: ModuleType) -> None:
    from tests.differential.harness import BridgeProgram

    mod = small_module
    with BridgeProgram(small_policy(mod)) as prog:
        decide(tree, prog)
        assert kernel_map(prog, "xattr_overflow") == {mod.XATTR_DROPPED: 1, mod.XATTR_OVERFLOWS: 1}
        kept = kernel_map(prog, "xattr_prefs")
        assert len(kept) == SMALL and set(kept.values()) == {AVOID}
        assert set(kept) <= {tree.cgroup_id(n) for n in AVOIDED}
        decide(tree, prog)  # counted again at every decision that drops
        assert kernel_map(prog, "xattr_overflow") == {mod.XATTR_DROPPED: 2, mod.XATTR_OVERFLOWS: 2}
        # what pyoombpf run's mirror (and simulate) write: the kernel then reads no xattr and drops nothing
        prog.write_map("prefs", {tree.cgroup_id(n): AVOID for n in AVOIDED})
        decide(tree, prog)
        assert kernel_map(prog, "xattr_overflow") == {mod.XATTR_DROPPED: 2, mod.XATTR_OVERFLOWS: 2}
        assert kernel_map(prog, "xattr_prefs") == {}


@pytest.mark.kernel
def test_the_shipped_policy_counts_nothing_when_everything_fits(tree: Any) -> None:
    from tests.differential.harness import BridgeProgram

    with BridgeProgram(shipped()) as prog:
        decide(tree, prog)
        assert kernel_map(prog, "xattr_overflow") == {0: 0, 1: 0}
        assert kernel_map(prog, "xattr_prefs") == {tree.cgroup_id(n): AVOID for n in AVOIDED}
