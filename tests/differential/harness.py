"""Run one policy both ways on one real tree and compare: simulate on a snapshot vs the bridge program once.

:func:`differential` is the whole check: settle the counters, snapshot the tree with
``Scenario.from_system(cgroup=...)``, simulate the policy on the snapshot (with the given map contents), run the
same policy compiled with ``mode="bridge"`` once with ``BPF_PROG_RUN`` (context: memcg_id = the tree's parent,
attach_cgroup_id = 1, hierarchy_id from /proc/cgroups), and assert the same verdict and the same victims (pids
and cgroups); then that the victims really died and every other process lives.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoombpf
from pyoombpf.bridge import abi
from pyoombpf.runtime import BpfObject, BytesCodec, IntCodec, RingBuffer
from pyoombpf.simulate import Scenario, SimResult, simulate
from pyoombpf.simulate.scenario import PAGE_SIZE
from tests.differential.world import World

ROOT_ID = 1  # the v1 memory hierarchy's root cgroup: where the policy counts as attached


def examples(default: int) -> int:
    """Hypothesis examples per kernel test: each one starts processes, so few (PYOOMBPF_DIFF_EXAMPLES=N for a
    longer hunt)."""
    return int(os.environ.get("PYOOMBPF_DIFF_EXAMPLES", default))


def hierarchy_id() -> int:
    """The cgroup v1 hierarchy id of the memory controller (/proc/cgroups)."""
    with open("/proc/cgroups") as f:
        for line in f:
            fields = line.split()
            if fields[0] == "memory":
                return int(fields[1])
    raise AssertionError("no memory controller in /proc/cgroups")


@dataclass
class BridgeRun:
    retval: int
    context: abi.BridgeContext
    kills: list[abi.KillRecord]
    maps: dict[str, list[int]]
    #: the program's kill sites' reasons (``KillRecord.reason`` indexes them)
    reasons: list[str]
    #: records the run sent to each ring buffer asked for
    rings: dict[str, list[Any]]

    @property
    def verdict(self) -> str:
        return "handled" if self.retval == 1 else "pass"


class BridgeProgram:
    """A policy compiled with ``mode="bridge"`` and loaded (a context manager; ``close()`` unloads it)."""

    def __init__(self, policy: Any) -> None:
        self.compiled = pyoombpf.compile(policy, mode="bridge")
        self.obj = BpfObject.open(self.compiled.elf, name=self.compiled.name)
        try:
            self.obj.load()
            self.prog = self.obj.program(self.compiled.symbol)
        except BaseException:
            self.obj.close()
            raise

    def write_map(self, name: str, entries: Mapping[int, Any]) -> None:
        key, value = self.compiled.map_codecs(name)
        m = self.obj.map(name, key=key, value=value)
        for k, v in entries.items():
            m[k] = v

    def read_array(self, name: str, n: int) -> list[int]:
        key, value = self.compiled.map_codecs(name)
        m = self.obj.map(name, key=key, value=value)
        return [m[i] for i in range(n)]

    def run(
        self,
        memcg_id: int,
        totalpages: int,
        arrays: Mapping[str, int] = {},  # noqa: B006
        attach_id: int = ROOT_ID,
        rings: Mapping[str, Any] = {},  # noqa: B006
    ) -> BridgeRun:
        ctx = abi.BridgeContext(
            memcg_id=memcg_id, attach_cgroup_id=attach_id, totalpages=totalpages, hierarchy_id=hierarchy_id()
        )
        readers = {name: RingBuffer(self.obj.map(name), decode=record) for name, record in rings.items()}
        try:
            r = self.prog.test_run(ctx.encode())
            sent = {name: rb.drain() for name, rb in readers.items()}
        finally:
            for rb in readers.values():
                rb.close()
        out = abi.BridgeContext.decode(r.ctx_out)
        kills_map = self.obj.map(abi.KILLS_MAP, IntCodec(4), BytesCodec(abi.KILL_SIZE))
        kills = [abi.decode_kill(kills_map[i]) for i in range(min(out.nr_kills, abi.MAX_KILLS))]
        arrays_now = {name: self.read_array(name, n) for name, n in arrays.items()}
        return BridgeRun(r.retval, out, kills, arrays_now, list(self.compiled.kill_reasons), sent)

    def close(self) -> None:
        self.obj.close()

    def __enter__(self) -> BridgeProgram:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Outcome:
    sim: SimResult
    bridge: BridgeRun
    scenario: Scenario


def differential(
    world: World,
    policy: Any,
    *,
    kernel_maps: Mapping[str, Mapping[int, Any]] | None = None,
    sim_maps: Mapping[str, Mapping[int, Any]] | None = None,
    compare_arrays: Mapping[str, int] | None = None,
    compare_rings: Mapping[str, Any] | None = None,
    attach_at_oom: bool = False,
) -> Outcome:
    """Simulate ``policy`` on a snapshot of ``world`` and run it as a bridge program on ``world`` itself; assert
    they agree (verdict, victims, the arrays named in ``compare_arrays`` with their lengths, the records sent to
    the ring buffers named in ``compare_rings`` with their record classes) and that exactly
    the victims died.  ``kernel_maps`` are written into the loaded program's maps, ``sim_maps`` (default: the
    same) are the simulation's presets.  ``attach_at_oom``: the policy counts as attached at the OOMing parent
    itself instead of the root (both sides: its id as ``oc.attach_cgroup_id``)."""
    with BridgeProgram(policy) as prog:
        for name, entries in (kernel_maps or {}).items():
            prog.write_map(name, entries)
        world.settle()
        scenario = Scenario.from_system(cgroup=world.root)
        attach = scenario.oom_cgroup if attach_at_oom else "/"
        sim = simulate(policy, scenario, attach_cgroup=attach, maps=sim_maps if sim_maps is not None else kernel_maps)
        limit = scenario.cgroups[scenario.oom_cgroup].limit or 0
        attach_id = world.tree.cgroup_id() if attach_at_oom else ROOT_ID
        run = prog.run(world.tree.cgroup_id(), limit // PAGE_SIZE, compare_arrays or {}, attach_id, compare_rings or {})
    context = _explain(world, sim, run, scenario)
    assert (run.context.status, run.context.nr_kills) == (abi.STATUS_OK, len(run.kills)), context
    sim_victims = sorted((v.pid, v.comm, v.cgroup, v.reason) for v in sim.victims)
    bridge_victims = sorted((k.pid, k.comm, _where(world, k.cgroup_id), run.reasons[k.reason]) for k in run.kills)
    assert (run.verdict, bridge_victims) == (sim.verdict, sim_victims), context
    for name in compare_arrays or {}:
        assert run.maps[name] == list(sim.maps[name].data), f"map {name}: bridge {run.maps[name]}\n{context}"
    for name in compare_rings or {}:
        assert run.rings[name] == list(sim.maps[name].data), f"ring {name}: bridge {run.rings[name]}\n{context}"
    _check_deaths(world, {victim[0] for victim in sim_victims}, context)
    return Outcome(sim, run, scenario)


def _check_deaths(world: World, victims: set[int], context: str) -> None:
    ours = {p.pid: p for p in world.all_procs()}
    assert victims <= set(ours), f"victims {sorted(victims - set(ours))} are not processes this test started"
    for pid, proc in ours.items():
        if pid in victims:
            assert proc.killed(), f"victim {pid} did not die by SIGKILL\n{context}"
        else:
            assert proc.alive(), f"{pid} died but was no victim\n{context}"


def _where(world: World, cgroup_id: int) -> str:
    try:
        return world.path_of_id(cgroup_id)
    except KeyError:
        return f"<cgroup id {cgroup_id}: not this tree's>"


def _explain(world: World, sim: SimResult, run: BridgeRun, scenario: Scenario) -> str:
    kills = [(k.pid, k.comm, _where(world, k.cgroup_id)) for k in run.kills]
    return (
        f"tree: {world.spec.describe()}\n"
        f"bridge: retval {run.retval} status {run.context.status} nr_kills {run.context.nr_kills} kills {kills}\n"
        f"simulate: {sim.verdict} {[(v.pid, v.cgroup) for v in sim.victims]}\n{sim.table()}\n"
        f"scenario:\n{scenario.dumps()}"
    )


def our_path(world: World, rel: str) -> str:
    """The hierarchy-relative path of ``rel`` in ``world`` (as the snapshot and the simulation name it)."""
    return "/" + os.path.relpath(world.tree.path(rel), os.path.dirname(world.root))
