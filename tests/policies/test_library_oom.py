"""Each library policy on a real OOM, in bridge mode on cgroup v1: the kernel's decision equals simulate's.

The harness of the natural-policy corpus (tests/policy/natural/real.py): a throwaway v1 memcg tree with real
processes, paused at its limit by a real OOM (the allocator's page fault stalls, ``under_oom 1``); the policy,
compiled in bridge mode, runs once in the kernel as the relay runs it, and simulate decides on a snapshot of the
same moment.  Rankings by reclaim scanning depend on what the kernel scanned, so the preferences pin the choice:
the largest leaf is OMIT, the allocator's leaf too, the middle one AVOID — the kernel must pick the small leaf
(and the AVOID one once the small one is omitted as well).  Victims must die, everything else must live, and the
allocator must finish.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

import pyoombpf
from pyoombpf import policies
from pyoombpf.bridge import abi
from pyoombpf.bridge.memcg_v1 import v1_memory_root
from pyoombpf.policies import AVOID, KILL_CGROUP, KILL_PROCESS, OMIT
from pyoombpf.service.xattrs import AVOID_XATTR, OMIT_XATTR
from pyoombpf.simulate import Scenario, simulate
from pyoombpf.simulate.scenario import PAGE_SIZE
from tests.differential.harness import BridgeProgram
from tests.policy.natural.real import P, RealOom

from .scenarios import KILLS_CGROUP

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.skipif(v1_memory_root() is None, reason="no cgroup v1 memory hierarchy (real OOMs are paused there)"),
]

TREE = {"big": [P(70)], "mid": [P(50), P(8)], "small": [P(48), P(8)]}


def decide(
    name: str, prefs: dict[str, int], kill: int | None = None, xattrs: dict[str, str] | None = None
) -> tuple[RealOom, list[int]]:
    """Run library policy ``name`` on a real OOM of TREE with these preferences (by leaf; ``xattrs``: systemd's
    xattr set on the leaf instead) and the kill switch set on the attach cgroup; returns the world (still open) and
    the victims' pids, after checking kernel == simulate."""
    fn = policies.policy(name)
    world = RealOom(TREE)
    try:
        for leaf, xattr in (xattrs or {}).items():
            os.setxattr(world.tree.path(leaf), xattr, b"1")
        with BridgeProgram(fn) as prog:
            maps: dict[str, dict[int, Any]] = {"prefs": {world.cgroup_id(leaf): v for leaf, v in prefs.items()}}
            if kill is not None:
                maps["settings"] = {world.cgroup_id(): {"kill": kill}}
            prog.write_map("prefs", maps["prefs"])
            if kill is not None:
                settings = policies.module(name).Settings
                prog.write_map("settings", {k: settings(**v) for k, v in maps["settings"].items()})
            world.oom()
            scenario = Scenario.from_system(cgroup=world.root)
            sim = simulate(fn, scenario, maps=maps, attach_cgroup=scenario.oom_cgroup)
            run = prog.run(world.cgroup_id(), world.limit // PAGE_SIZE, attach_id=world.cgroup_id())
        context = f"simulate:\n{sim.table()}\nscenario:\n{scenario.dumps()}"
        assert (run.context.status, run.context.nr_kills) == (abi.STATUS_OK, len(run.kills)), context
        kernel = sorted((k.pid, world.path_of_id(k.cgroup_id), run.reasons[k.reason]) for k in run.kills)
        simulated = sorted((v.pid, v.cgroup, v.reason) for v in sim.victims)
        assert (run.verdict, kernel) == (sim.verdict, simulated), context
        return world, sorted(v.pid for v in sim.victims)
    except BaseException:
        world.close()
        raise


def check_outcome(world: RealOom, victims: list[int]) -> None:
    for proc in world.all_procs():
        if proc.pid in victims:
            assert proc.killed(), f"victim {proc.pid} did not die"
        elif proc is not world.alloc:
            assert proc.alive(), f"{proc.pid} died but was no victim"
    assert world.alloc is not None and world.alloc.pid not in victims
    assert world.alloc.wait_done(timeout=60), "the allocator never finished: the OOM did not end"


def pids(world: RealOom, leaf: str, whole: bool) -> list[int]:
    procs = world.procs[leaf]
    return sorted(p.pid for p in (procs if whole else procs[:1]))


@pytest.mark.parametrize("name", policies.names())
def test_omit_never_avoid_last_on_a_real_oom(name: str) -> None:
    world, victims = decide(name, {"big": OMIT, "mid": AVOID, "alloc": OMIT})
    with world:
        assert victims == pids(world, "small", KILLS_CGROUP[name])
        check_outcome(world, victims)


@pytest.mark.parametrize("name", policies.names())
def test_avoid_when_nothing_else_and_the_kill_switch_on_a_real_oom(name: str) -> None:
    """Everything else omitted: the avoided leaf goes, killed the other way than the policy's default."""
    flip = KILL_PROCESS if KILLS_CGROUP[name] else KILL_CGROUP
    world, victims = decide(name, {"big": OMIT, "mid": AVOID, "small": OMIT, "alloc": OMIT}, kill=flip)
    with world:
        assert victims == pids(world, "mid", not KILLS_CGROUP[name])
        check_outcome(world, victims)


#: the policies that read systemd's xattrs in the kernel themselves (oomd_like relies on pyoombpf run's mirror)
READS_XATTRS = [n for n in policies.names() if n != "oomd_like"]


def test_the_policies_that_read_xattrs_in_the_kernel() -> None:
    for name in policies.names():
        reads = b"bpf_cgroup_read_xattr" in pyoombpf.compile(policies.policy(name), mode="bridge").elf
        assert reads == (name in READS_XATTRS), name


@pytest.mark.parametrize("name", READS_XATTRS)
def test_systemds_xattrs_read_in_the_kernel_on_a_real_oom(name: str) -> None:
    """No prefs entries and no mirror: the bridge program itself reads user.oomd_omit / user.oomd_avoid."""
    xattrs = {"big": OMIT_XATTR, "mid": AVOID_XATTR, "alloc": OMIT_XATTR}
    world, victims = decide(name, {}, xattrs=xattrs)
    with world:
        assert victims == pids(world, "small", KILLS_CGROUP[name])
        check_outcome(world, victims)
